/**
 * The cross-file facts of one project: which files of it other files run as workers (and
 * how), whether a project module opens a connection as it loads, and what each module
 * exports (module-summaries.ts). Built once per project and ESLint thread, lazily: the
 * project is listed when a file first asks who runs it, and a file is parsed only when its
 * text can matter (a fork site can start only a file whose name its text writes). Kept
 * fresh in a long-lived process (an editor) by listing the project again at most once a
 * second of the project clock (clock.ts: it stands still through a CLI run) and reading
 * again only files whose size or modification time changed. Bounded
 * in projects, files, file size and import depth.
 */
import type { FileSummary, ForkTarget } from '../analysis/file-summary.js';
import type { ModuleConnection } from '../analysis/project-view.js';
import type { Knowledge } from '../knowledge/index.js';
import { projectRoot, realRoot, resolveSource } from './files.js';
import { projectNow } from './clock.js';
import { FileTable, REFRESH_MS } from './file-table.js';
import { listProject, mayBeStarted, type Listing } from './listing.js';
import { MAX_SUMMARY_BYTES, ModuleSummaries } from './module-summaries.js';
import { exportReach, type JudgedFile } from './export-reach.js';
import type { ParseContext } from './parse.js';
import { knowledgeOf, mayName, namesOf } from './text-facts.js';
import { pushTo } from '../util/collections.js';
import { moduleName } from './view.js';

export { REFRESH_MS };
const MAX_PROJECTS = 16;
/** How far imports are followed to find a module that connects as it loads. */
export const MAX_IMPORT_DEPTH = 3;

export interface ResolvedTarget extends ForkTarget {
  /** The parent file that names it. */
  readonly parent: string;
}

/** The files that may start others, with their text facts, and which of them write each file name. */
interface ForkFiles {
  readonly files: readonly JudgedFile[];
  /** File name → the positions in `files` of the files whose strings write it, ascending. */
  readonly byName: ReadonlyMap<string, readonly number[]>;
}

interface ResolvedFiles {
  readonly at: number;
  /** The file each target of the summary names, in order; undefined where none exists. */
  readonly files: readonly (string | undefined)[];
}

class ProjectIndex {
  readonly table: FileTable;
  readonly summaries: ModuleSummaries;
  private listing?: Listing;
  /** Files of the listing whose text imports a fork API; undefined until asked. */
  private forkFiles?: ForkFiles;
  private readonly resolvedTargets = new WeakMap<FileSummary, ResolvedFiles>();

  constructor(
    readonly root: string,
    knowledge: Knowledge,
  ) {
    this.table = new FileTable(root, realRoot(root));
    this.summaries = new ModuleSummaries(this.table, knowledge);
  }

  /**
   * The fork sites elsewhere in the project that run `file`. None for a file in build
   * output: the listing leaves those folders out, so the parents there are not seen either.
   */
  targetsOf(file: string, parse: ParseContext): readonly ResolvedTarget[] {
    if (!mayBeStarted(file, this.root)) return [];
    const names = namesOf(file);
    const found: ResolvedTarget[] = [];
    const forkFiles = this.forkFilesNow(parse);
    for (const at of mayNameAt(forkFiles, names)) {
      const { file: parent, text } = forkFiles.files[at]!;
      if (parent === file || !mayName(text, names)) continue;
      const summary = this.summaries.summaryOf(parent, REFRESH_MS, parse);
      if (!summary) continue;
      const files = this.filesOf(summary);
      summary.targets.forEach((target, i) => {
        if (files[i] === file) found.push({ ...target, parent });
      });
    }
    return found;
  }

  /** Walks the project again when the last walk is older than REFRESH_MS; the view of each linted file asks first. */
  touch(): Listing {
    if (!this.listing || projectNow() - this.listing.at > REFRESH_MS) {
      const previous = this.listing;
      this.listing = listProject(this.root);
      this.table.useListing(this.listing);
      // The fork files are read again only when a file changed, came or went (most walks find none);
      // otherwise what the reach was worked out from holds at this walk's time too.
      if (!previous || !sameFiles(previous, this.listing)) this.forkFiles = undefined;
      else this.summaries.reachHoldsNow();
    }
    return this.listing;
  }

  /**
   * Reads the text of every project file, as the first file that asks who starts it does:
   * which modules may export, or give a role, is known from then on (export-reach.ts).
   */
  readAll(parse: ParseContext): void {
    this.forkFilesNow(parse);
  }

  /** The files that may start others, from the text of each (read again only when it changed). */
  private forkFilesNow(parse: ParseContext): ForkFiles {
    const listing = this.touch();
    if (!this.forkFiles) {
      const files: JudgedFile[] = [];
      const judged: JudgedFile[] = [];
      const byName = new Map<string, number[]>();
      for (const [file, listed] of listing.files) {
        const entry = listed.output ? undefined : this.table.current(file, REFRESH_MS);
        const text = entry && this.summaries.textOf(file, entry, parse.cwd);
        if (!text) continue;
        judged.push({ file, text });
        if (!text.fileNames) continue;
        for (const name of text.fileNames) pushTo(byName, name, files.length);
        files.push({ file, text });
      }
      this.forkFiles = { files, byName };
      // Every file's text is at hand now: which modules may export is known for the rest of the batch.
      if (this.summaries.mayExportConnections()) this.summaries.useReach(exportReach(judged, (from, specifier) => this.summaries.resolveImport(from, specifier), projectNow()));
    }
    return this.forkFiles;
  }

  /**
   * Nothing in this batch will read what the analysis of `file` could keep for others: no
   * project file imports it, and it starts no worker (a fork file's summary names the files
   * it starts). Another batch that needs it reads the file again.
   */
  readByNone(file: string): boolean {
    return this.summaries.importedByNone(file) && this.table.current(file, REFRESH_MS)?.text?.fileNames === undefined;
  }

  private filesOf(summary: FileSummary): readonly (string | undefined)[] {
    const cached = this.resolvedTargets.get(summary);
    if (cached && cached.at >= this.listing!.at) return cached.files;
    const files = summary.targets.map((target) => this.resolveTarget(target));
    this.resolvedTargets.set(summary, { at: projectNow(), files });
    return files;
  }

  private resolveTarget(target: ForkTarget): string | undefined {
    for (const candidate of target.candidates) {
      const found = resolveSource(candidate, this.root, this.table.rootReal);
      if (found) return found;
    }
    return undefined;
  }

  /**
   * The library of a connection that importing `specifier` from `from` opens: the
   * module's own top level, or a module it imports there, up to MAX_IMPORT_DEPTH deep.
   */
  connectionOnImport(from: string, specifier: string, parse: ParseContext): ModuleConnection | undefined {
    return this.searchImports(from, specifier, (file, below) => {
      // Neither parsed nor followed when no module its text may load, down to where the search stops, may connect;
      // nor when it is over the size bound, as for its exports, linted already or not (the same answer in any lint order).
      if (!this.mayConnectWithin(file, below, parse) || (this.table.current(file, REFRESH_MS)?.size ?? 0) > MAX_SUMMARY_BYTES) return undefined;
      // Looked at again on every ask: the module may have just changed.
      const summary = this.summaries.summaryOf(file, 0, parse);
      if (!summary) return undefined;
      return { found: summary.connects ? { library: summary.connects, module: moduleName(this.root, file) } : undefined, imports: summary.imports };
    });
  }

  /**
   * Importing `specifier` from `from` may open a connection: the module, or one it imports
   * (as connectionOnImport follows them), names a library that makes one. From the text
   * alone, without parsing: false is sure, true is a maybe.
   */
  mayConnectOnImport(from: string, specifier: string, parse: ParseContext): boolean {
    const first = this.summaries.resolveImport(from, specifier);
    return first !== undefined && this.mayConnectWithin(first, MAX_IMPORT_DEPTH - 1, parse, new Set([from]));
  }

  /** `file`, or a module its text may load no more than `below` imports further down, names a library that makes connections. */
  private mayConnectWithin(file: string, below: number, parse: ParseContext, seen = new Set<string>()): boolean {
    return this.searchFrom(file, below + 1, seen, (found) => {
      const entry = this.table.current(found, REFRESH_MS);
      const text = entry && this.summaries.textOf(found, entry, parse.cwd);
      return text ? { found: text.mayConnect || undefined, imports: text.relative } : undefined;
    }) ?? false;
  }

  /** Breadth first through the imports of the module `specifier` names, to MAX_IMPORT_DEPTH: the first thing `look` finds. */
  private searchImports<T>(from: string, specifier: string, look: (file: string, below: number) => { found: T | undefined; imports: readonly string[] } | undefined): T | undefined {
    const first = this.summaries.resolveImport(from, specifier);
    return first === undefined ? undefined : this.searchFrom(first, MAX_IMPORT_DEPTH, new Set([from]), look);
  }

  /** Breadth first from `start` through `levels` levels of imports; `look` is told how many levels remain below the file. */
  private searchFrom<T>(start: string, levels: number, seen: Set<string>, look: (file: string, below: number) => { found: T | undefined; imports: readonly string[] } | undefined): T | undefined {
    let level: string[] = [start];
    for (let depth = 0; depth < levels && level.length > 0; depth++) {
      const next: string[] = [];
      for (const file of level) {
        if (seen.has(file)) continue;
        seen.add(file);
        const looked = look(file, levels - depth - 1);
        if (!looked) continue;
        if (looked.found !== undefined) return looked.found;
        for (const imported of looked.imports) {
          const resolved = this.summaries.resolveImport(file, imported);
          if (resolved) next.push(resolved);
        }
      }
      level = next;
    }
    return undefined;
  }
}

/** Two walks found the same files, each with the same size and modification time. */
function sameFiles(before: Listing, after: Listing): boolean {
  if (before.files.size !== after.files.size) return false;
  for (const [file, listed] of after.files) {
    const was = before.files.get(file);
    if (!was || was.mtimeMs !== listed.mtimeMs || was.size !== listed.size || was.output !== listed.output) return false;
  }
  return true;
}

/** The positions of the fork files whose strings write one of `names`, in order: the only ones that may name the file. */
function mayNameAt(forkFiles: ForkFiles, names: readonly string[]): readonly number[] {
  const lists = names.map((name) => forkFiles.byName.get(name) ?? []);
  if (lists.length === 1) return lists[0]!;
  return [...new Set(lists.flat())].sort((a, b) => a - b);
}

/** Most recently used first; one per project root and settings. */
const indexes = new Map<string, ProjectIndex>();
/**
 * The plugin's settings as a key, once per settings object. Keyed by the plugin's own
 * object, not the whole `settings`: ESLint hands each file a settings object of its own,
 * while the plugin's object inside it is the config's. Most configs have none.
 */
const settingsKeys = new WeakMap<object, string>();
const NO_SETTINGS_KEY = 'null';

function settingsKey(settings: Readonly<Record<string, unknown>>): string {
  const own = settings['fork-safe'];
  if (own === undefined || own === null) return NO_SETTINGS_KEY;
  if (typeof own !== 'object') return JSON.stringify(own);
  let key = settingsKeys.get(own);
  if (key === undefined) {
    key = JSON.stringify(own);
    settingsKeys.set(own, key);
  }
  return key;
}

/** The index of the project `filename` belongs to, or undefined outside any project. */
export function projectIndexFor(filename: string, parse: ParseContext): ProjectIndex | undefined {
  const root = projectRoot(filename);
  if (!root) return undefined;
  const key = `${root}\0${settingsKey(parse.settings)}`;
  let index = indexes.get(key);
  if (index) {
    indexes.delete(key);
  } else {
    index = new ProjectIndex(root, knowledgeOf(parse.settings));
    if (indexes.size >= MAX_PROJECTS) indexes.delete(indexes.keys().next().value!);
  }
  indexes.set(key, index);
  return index;
}

export type { ProjectIndex };
