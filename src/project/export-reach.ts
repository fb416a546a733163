/**
 * Which project modules may export something the rules track through any chain of
 * imports: the modules whose text may export (text-facts.ts), and every module that
 * imports one of them, directly or through others. A module outside that set exports
 * nothing at any depth, so no look at its imports is needed to say so. It is worked out
 * from the text facts of every file at once, when the word index of fork files has read
 * them all, and trusted only while the project clock stands still (one batch of lints,
 * during which no file the batch reads is taken to change).
 */
import type { TextFacts } from './text-facts.js';
import { pushTo } from '../util/collections.js';

export interface ExportReach {
  /** The project clock when it was worked out: it holds for that time only. */
  readonly at: number;
  /** The files whose text facts it read. */
  readonly judged: ReadonlySet<string>;
  /** Of those, the ones that may export something, themselves or through what they import. */
  readonly mayExport: ReadonlySet<string>;
}

export interface JudgedFile {
  readonly file: string;
  readonly text: TextFacts;
}

/** Resolves a relative specifier of a project file to the file it names. */
export type ImportResolver = (from: string, specifier: string) => string | undefined;

/**
 * The modules that may export, from each file's text facts: those whose own text may,
 * those importing a module it did not judge (nothing is known of it), and their importers.
 */
export function exportReach(files: readonly JudgedFile[], resolve: ImportResolver, at: number): ExportReach {
  const judged = new Set(files.map(({ file }) => file));
  const importers = new Map<string, string[]>();
  const pending: string[] = [];
  for (const { file, text } of files) {
    let seed = text.mayExport;
    for (const specifier of text.relative) {
      const imported = resolve(file, specifier);
      if (imported === undefined) continue;
      if (!judged.has(imported)) seed = true;
      else pushTo(importers, imported, file);
    }
    if (seed) pending.push(file);
  }
  const mayExport = new Set<string>(pending);
  while (pending.length > 0) {
    for (const importer of importers.get(pending.pop()!) ?? []) {
      if (mayExport.has(importer)) continue;
      mayExport.add(importer);
      pending.push(importer);
    }
  }
  return { at, judged, mayExport };
}

/** The reach says, for the time `now`, that `file` exports nothing. */
export function exportsNothing(reach: ExportReach | undefined, file: string, now: number): boolean {
  return reach !== undefined && reach.at === now && reach.judged.has(file) && !reach.mayExport.has(file);
}
