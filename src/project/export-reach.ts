/**
 * Which project modules may export something the rules track through any chain of
 * imports: the modules whose text may export (text-facts.ts), and every module that
 * imports one of them, directly or through others. A module outside that set exports
 * nothing at any depth, so no look at its imports is needed to say so. It is worked out
 * from the text facts of every file at once, when the word index of fork files has read
 * them all, and trusted only while the project clock stands still (one batch of lints,
 * during which no file the batch reads is taken to change). A later walk of the project
 * that finds the same files, each with its size and modification time, dates it anew:
 * the text facts it rests on are those files' still.
 */
import type { TextFacts } from './text-facts.js';
import { pushTo } from '../util/collections.js';

export interface ExportReach {
  /** The project clock when it was worked out: it holds for that time only. */
  readonly at: number;
  /** The files whose text facts it read, each with the relative specifiers its text imports. */
  readonly judged: ReadonlyMap<string, readonly string[]>;
  /** Of those, the ones that may export something, themselves or through what they import. */
  readonly mayExport: ReadonlySet<string>;
  /**
   * Of those, the ones whose text may give code a role (it names a fork API, a runner or a
   * queue) or that import one, directly or through others: outside it, no export at any
   * depth gives a role.
   */
  readonly mayGiveRole: ReadonlySet<string>;
  /** The files some judged file imports. */
  readonly imported: ReadonlySet<string>;
}

export interface JudgedFile {
  readonly file: string;
  readonly text: TextFacts;
}

/** Resolves a relative specifier of a project file to the file it names. */
export type ImportResolver = (from: string, specifier: string) => string | undefined;

/** The seeds and every file that imports one of them, directly or through others. */
function withImporters(seeds: readonly string[], importers: ReadonlyMap<string, readonly string[]>): Set<string> {
  const found = new Set<string>(seeds);
  const pending = [...seeds];
  while (pending.length > 0) {
    for (const importer of importers.get(pending.pop()!) ?? []) {
      if (found.has(importer)) continue;
      found.add(importer);
      pending.push(importer);
    }
  }
  return found;
}

/**
 * The modules that may export, from each file's text facts: those whose own text may,
 * those importing a module it did not judge (nothing is known of it), and their importers.
 * The same for the modules that may give a role.
 */
export function exportReach(files: readonly JudgedFile[], resolve: ImportResolver, at: number): ExportReach {
  const judged = new Map(files.map(({ file, text }) => [file, text.relative]));
  const importers = new Map<string, string[]>();
  const imported = new Set<string>();
  const exportSeeds: string[] = [];
  const roleSeeds: string[] = [];
  for (const { file, text } of files) {
    let unjudged = false;
    for (const specifier of text.relative) {
      const resolved = resolve(file, specifier);
      if (resolved === undefined) continue;
      imported.add(resolved);
      if (!judged.has(resolved)) unjudged = true;
      else pushTo(importers, resolved, file);
    }
    if (unjudged || text.mayExport) exportSeeds.push(file);
    if (unjudged || text.mayGiveRole) roleSeeds.push(file);
  }
  return { at, judged, mayExport: withImporters(exportSeeds, importers), mayGiveRole: withImporters(roleSeeds, importers), imported };
}

/** The reach holds at the time `now` and judged `file`: only then does it say anything of it. */
export function judgedAt(reach: ExportReach | undefined, file: string, now: number): reach is ExportReach {
  return reach !== undefined && reach.at === now && reach.judged.has(file);
}

/** The reach says, for the time `now`, that `file` exports nothing. */
export function exportsNothing(reach: ExportReach | undefined, file: string, now: number): boolean {
  return judgedAt(reach, file, now) && !reach.mayExport.has(file);
}

/**
 * The reach says, for the time `now`, that no module `specifiers` of `file` name exports
 * anything: it left `file` out, judging it by text that imports each of them (the text
 * linted may be an editor's buffer, which can import what the file on disk does not).
 */
export function importsExportNothing(reach: ExportReach | undefined, file: string, specifiers: readonly string[], now: number): boolean {
  if (!judgedAt(reach, file, now) || reach.mayExport.has(file)) return false;
  const judgedBy = reach.judged.get(file)!;
  return specifiers.every((specifier) => judgedBy.includes(specifier));
}

/**
 * Of the modules `specifiers` of `file` name, those whose exports may give a role at some
 * depth, as the reach says for the time `now`: none when it left `file` out, judging it by
 * text that imports each of them. Undefined when it says nothing of `file`.
 */
export function importsThatMayGiveRole(reach: ExportReach | undefined, file: string, specifiers: readonly string[], resolve: (specifier: string) => string | undefined, now: number): readonly string[] | undefined {
  if (!judgedAt(reach, file, now)) return undefined;
  const judgedBy = reach.judged.get(file)!;
  if (!specifiers.every((specifier) => judgedBy.includes(specifier))) return undefined;
  if (!reach.mayGiveRole.has(file)) return [];
  return specifiers.filter((specifier) => {
    const imported = resolve(specifier);
    return imported !== undefined && (reach.mayGiveRole.has(imported) || !reach.judged.has(imported));
  });
}

/** The reach says, for the time `now`, that no file it judged imports `file`. */
export function importedByNone(reach: ExportReach | undefined, file: string, now: number): boolean {
  return judgedAt(reach, file, now) && !reach.imported.has(file);
}
