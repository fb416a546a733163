/**
 * What each project module exports, computed once per module and lint run and kept as
 * plain data in the file table. A module is parsed only when its text can matter: one
 * that names no tracked module, and imports no project module that exports something,
 * exports nothing without being parsed. A module that is parsed is analysed by the same
 * per-file stages as the file being linted, with a view of its own, so its own imports
 * are followed (a wrapper of a wrapper in a third module is a wrapper), down to
 * MAX_EXPORT_DEPTH modules; a module being summarised answers "nothing" to itself.
 * A file ESLint lints stores what its own analysis found, so it is not parsed again.
 * Once the whole project's text has been read in a batch (export-reach.ts), a module whose
 * imports reach no module that may export is answered without computing its exports, and a
 * linted file that the reach left out is told at once that none of its imports exports.
 */
import path from 'node:path';
import type { FileSummary } from '../analysis/file-summary.js';
import { NO_EXPORTS, type ModuleExports } from '../analysis/exports/module-exports.js';
import type { Knowledge } from '../knowledge/index.js';
import { readText, resolveSource } from './files.js';
import { projectNow } from './clock.js';
import { REFRESH_MS, type ExportsResult, type FileEntry, type FileTable } from './file-table.js';
import type { ProjectView } from '../analysis/project-view.js';
import { analyzeModule, type ModuleAnalysis, type ParseContext } from './parse.js';
import { mayDependOn } from './manifests.js';
import { connectionPackages, textFactsOf, type TextFacts } from './text-facts.js';
import { exportsNothing, importedByNone, importsExportNothing, importsThatMayGiveRole, judgedAt, type ExportReach } from './export-reach.js';
import { ModuleView } from './view.js';
import { CycleCuts, isShort } from './cycle-cuts.js';
import { newRecorder, passOn, resultOf, type Recorder } from './recorder.js';

/**
 * How many modules down from the file being linted imports are followed for exports: a
 * bound on nested analyses only, far beyond any real chain of wrappers. Below it, what a
 * module exports does not depend on where it is asked from, so the reports do not depend on
 * the order ESLint lints files in (a bound of 4 did: a chain read from a linted task was cut
 * where the same chain, its lower modules linted first, was not).
 */
export const MAX_EXPORT_DEPTH = 32;
/**
 * A module larger than this is not parsed for its exports: parsing costs about its size,
 * and a module that keeps the project's connection for the rest of the code is small (the
 * large ones are bundles, generated code and libraries' internals). A file ESLint lints
 * still keeps what its own analysis found.
 */
export const MAX_SUMMARY_BYTES = 32 * 1024;

/** What the file being linted found about itself, to keep for the files that import it. */
export interface OwnAnalysis {
  /** The text linted: kept only when the file on disk has its size. */
  readonly text: string;
  readonly hasBOM: boolean;
  readonly summary?: FileSummary;
  readonly exports: ModuleExports;
  readonly recorder: Recorder;
}

/** How a module is parsed and analysed (parse.ts; a stand-in in tests). */
export type ModuleAnalyser = (file: string, text: string, root: string, context: ParseContext, project: ProjectView) => ModuleAnalysis | undefined;

/** The text linted is the one on disk, as far as its size says. */
function isTextOf(entry: FileEntry, text: string, hasBOM: boolean): boolean {
  return Buffer.byteLength(text) + (hasBOM ? 3 : 0) === entry.size;
}

/** Resolved imports kept, in each of the two maps. */
const MAX_RESOLVED = 20_000;

interface Resolved {
  readonly file: string | undefined;
  readonly at: number;
}

const hasExports = (exports: ModuleExports): boolean => Object.keys(exports).length > 0;

/** A kept result answers an ask from `depth`: complete, or short but searched at least as deep as this ask would. */
const servesDepth = (result: ExportsResult, depth: number): boolean => !(isShort(result) && result.budget < MAX_EXPORT_DEPTH - depth);

/** Which imports an analysis of a module follows: all, or only those that may give a role (roleExportsOf). */
export type FollowedImports = 'all' | 'role';

export class ModuleSummaries {
  /** Modules whose analysis is running: asked again (an import cycle), they answer nothing. */
  private readonly computing = new Set<string>();
  /** Resolved imports by the path they name, and by importer and specifier. */
  private readonly resolved = new Map<string, Resolved>();
  private readonly resolvedBySpecifier = new Map<string, Resolved>();
  private readonly cuts = new CycleCuts();

  private readonly packages?: ReadonlySet<string>;
  /** Which modules may export at all, when the whole project's text was read in this batch. */
  private reach?: ExportReach;
  /** The last answer of mayExportConnections(), trusted for REFRESH_MS. */
  private gate?: { readonly answer: boolean; readonly at: number };

  constructor(
    private readonly table: FileTable,
    private readonly knowledge: Knowledge,
    private readonly analyser: ModuleAnalyser = analyzeModule,
  ) {
    this.packages = connectionPackages(knowledge);
  }

  get root(): string {
    return this.table.root;
  }

  /**
   * A module of this project may export a connection: the project may load a library
   * that makes one (its package.json says so, or says nothing), or settings declare its
   * own. Otherwise no module is read for its exports (a socket of Node's own `net` or
   * `tls` in a project that names no such library is not followed through its modules).
   */
  mayExportConnections(): boolean {
    if (this.packages === undefined) return true;
    const now = projectNow();
    if (!this.gate || now - this.gate.at >= REFRESH_MS) this.gate = { answer: mayDependOn(this.root, this.packages), at: now };
    return this.gate.answer;
  }

  /**
   * The project file a relative specifier of `from` names (`.js` naming `.ts`, `index.*`
   * barrels, added extensions). Kept by importer and specifier, since a module's imports
   * are asked again by each analysis that reads it, and by the path they name, since
   * many importers name the same module.
   */
  resolveImport(from: string, specifier: string): string | undefined {
    const now = projectNow();
    const asked = `${from}\0${specifier}`;
    const known = this.resolvedBySpecifier.get(asked);
    if (known && now - known.at < REFRESH_MS) return known.file;
    const found = { file: this.resolveCandidate(path.resolve(path.dirname(from), specifier), now), at: now };
    if (this.resolvedBySpecifier.size > MAX_RESOLVED) this.resolvedBySpecifier.clear();
    this.resolvedBySpecifier.set(asked, found);
    return found.file;
  }

  private resolveCandidate(candidate: string, now: number): string | undefined {
    const cached = this.resolved.get(candidate);
    if (cached && now - cached.at < REFRESH_MS) return cached.file;
    const file = resolveSource(candidate, this.table.root, this.table.rootReal, (tried) => this.table.current(tried, REFRESH_MS) !== undefined);
    if (this.resolved.size > MAX_RESOLVED) this.resolved.clear();
    this.resolved.set(candidate, { file, at: now });
    return file;
  }

  /** What the text of every project file says of which modules may export (export-reach.ts), for this batch. */
  useReach(reach: ExportReach): void {
    this.reach = reach;
  }

  /** The text facts the reach was worked out from still hold: it holds for this batch too (unless it was dropped). */
  reachHoldsNow(): void {
    const now = projectNow();
    if (this.reach && this.reach.at !== now) this.reach = { ...this.reach, at: now };
  }

  /** This batch's reach says that no project file imports `file`: none will ask what it exports. */
  importedByNone(file: string): boolean {
    return importedByNone(this.reach, file, projectNow());
  }

  /** This batch's reach says that no module the specifiers of `from` name exports anything: none need be asked. */
  importsExportNothing(from: string, specifiers: readonly string[]): boolean {
    return importsExportNothing(this.reach, from, specifiers, projectNow());
  }

  /** Of the modules the specifiers of `from` name, those that may give a role as this batch's reach says; undefined when it does not say. */
  importsThatMayGiveRole(from: string, specifiers: readonly string[]): readonly string[] | undefined {
    return importsThatMayGiveRole(this.reach, from, specifiers, (specifier) => this.resolveImport(from, specifier), projectNow());
  }

  /** The text facts of a project file, read once per content (`cwd`: where settings paths start). */
  textOf(file: string, entry: FileEntry, cwd = this.root): TextFacts | undefined {
    if (entry.text === undefined) {
      const text = readText(file);
      entry.text = text === undefined ? null : textFactsOf(text, file, cwd, this.knowledge);
    }
    return entry.text ?? undefined;
  }

  /**
   * What `file` exports that may give a role, for a file whose own code names no role API
   * and asks only whether an import gives it one. Outside this batch's reach of role
   * modules it exports none; inside it, only the imports that may give a role are followed
   * (a server module's routes that reach no queue are not read), so the exports found may be
   * fewer than all, never fewer of those that give a role. A kept full answer serves too.
   * Without a reach that judged the module, its full exports are worked out.
   */
  roleExportsOf(file: string, depth: number, asker: Recorder, parse: ParseContext): ModuleExports {
    const reach = this.reach;
    if (!judgedAt(reach, file, projectNow())) return this.exportsOf(file, depth, asker, parse);
    if (!this.mayExportConnections()) return NO_EXPORTS;
    // Recorded as read even when the reach rules it out: a result kept in full must be dropped when it changes.
    const entry = this.entryToAsk(file, depth, asker);
    if (!entry) return NO_EXPORTS;
    if (!reach.mayGiveRole.has(file)) {
      if (reach.mayExport.has(file)) asker.narrowed = true;
      return NO_EXPORTS;
    }
    const result = this.keptForRole(entry, depth, reach.at) ?? this.computeRoleExports(file, entry, depth, parse, reach.at);
    passOn(result, asker);
    return result.exports;
  }

  /** A kept answer that serves the ask: the full one, or one for roles from this batch, unless a deeper search may find more. */
  private keptForRole(entry: FileEntry, depth: number, reachAt: number): ExportsResult | undefined {
    if (entry.exports && servesDepth(entry.exports, depth) && this.stillValid(entry.exports)) return entry.exports;
    const forRole = entry.roleExports?.reachAt === reachAt ? entry.roleExports.result : undefined;
    return forRole && servesDepth(forRole, depth) ? forRole : undefined;
  }

  /** Kept as its full exports when no import was left out: every import it asks may give a role. */
  private computeRoleExports(file: string, entry: FileEntry, depth: number, parse: ParseContext, reachAt: number): ExportsResult {
    this.computing.add(file);
    let result: ExportsResult;
    try {
      result = this.computeExports(file, entry, depth, parse, 'role');
    } finally {
      this.computing.delete(file);
    }
    if (result.narrowed) entry.roleExports = { result, reachAt };
    else this.keep(file, entry, result);
    return result;
  }

  /**
   * The entry of a module to look up or work out, recorded as read by `asker`; undefined
   * when it answers nothing: below the depth bound, not a project source, or being worked
   * out already (an import cycle, cut here).
   */
  private entryToAsk(file: string, depth: number, asker: Recorder): FileEntry | undefined {
    if (depth > MAX_EXPORT_DEPTH) {
      asker.deep = true;
      return undefined;
    }
    const entry = this.table.current(file, REFRESH_MS);
    if (!entry) return undefined;
    asker.deps.push({ file, entry });
    if (!this.computing.has(file)) return entry;
    asker.cut.add(file);
    return undefined;
  }

  /** What `file` exports, asked from `depth` modules below the file being linted by the analysis that `asker` records. */
  exportsOf(file: string, depth: number, asker: Recorder, parse: ParseContext): ModuleExports {
    if (!this.mayExportConnections()) return NO_EXPORTS;
    const entry = this.entryToAsk(file, depth, asker);
    if (!entry) return NO_EXPORTS;
    let result = entry.exports;
    if (!result || !this.stillValid(result) || !servesDepth(result, depth)) {
      // What a linted file found of itself still wins; only a computation is spared, and nothing is kept of it.
      if (exportsNothing(this.reach, file, projectNow())) return NO_EXPORTS;
      this.computing.add(file);
      try {
        result = this.computeExports(file, entry, depth, parse);
      } finally {
        this.computing.delete(file);
      }
      this.keep(file, entry, result);
    }
    passOn(result, asker);
    return result.exports;
  }

  private computeExports(file: string, entry: FileEntry, depth: number, parse: ParseContext, follow: FollowedImports = 'all'): ExportsResult {
    const recorder = newRecorder();
    const text = this.textOf(file, entry, parse.cwd);
    let exports = NO_EXPORTS;
    const parseable = entry.summary !== null && entry.size <= MAX_SUMMARY_BYTES;
    if (text && parseable && (text.mayExport || this.mayExportThrough(file, text, depth, recorder, parse))) {
      exports = this.analyse(file, entry, depth, recorder, parse, follow)?.exports ?? NO_EXPORTS;
    }
    return resultOf(exports, MAX_EXPORT_DEPTH - depth, recorder);
  }

  /** Keeps a module's exports, once worked out: what rests on its cut is settled when it exports nothing. */
  private keep(file: string, entry: FileEntry, result: ExportsResult): void {
    entry.exports = result;
    this.cuts.settle(file, result);
    this.cuts.rest(result);
  }

  /**
   * A module that names no tracked module exports something only through a project module
   * it imports. An import the reach judged counts when the reach does not rule it out: the
   * module is parsed then, and its analysis asks only the imports whose exports can change
   * what it exports (`router.get('/', controller.list)` asks nothing of the controller).
   * Any other import (no reach yet, or build output the walk leaves out) is asked first,
   * from its text down, and counts only when it exports something.
   */
  private mayExportThrough(file: string, text: TextFacts, depth: number, recorder: Recorder, parse: ParseContext): boolean {
    const now = projectNow();
    return text.relative.some((specifier) => {
      const imported = this.resolveImport(file, specifier);
      if (imported === undefined) return false;
      return judgedAt(this.reach, imported, now) ? !exportsNothing(this.reach, imported, now) : hasExports(this.exportsOf(imported, depth + 1, recorder, parse));
    });
  }

  /**
   * Parses and analyses a module with a view of its own; keeps its summary, unless an import
   * was left out as giving no role (what the module opens through it is not known).
   */
  private analyse(file: string, entry: FileEntry, depth: number, recorder: Recorder, parse: ParseContext, follow: FollowedImports = 'all'): ModuleAnalysis | undefined {
    const text = readText(file);
    const analysis = text === undefined ? undefined : this.analyser(file, text, this.root, parse, new ModuleView(file, depth, this, recorder, parse, follow));
    if (follow === 'all' || !recorder.narrowed) entry.summary ??= analysis?.summary ?? null;
    return analysis;
  }

  /** Every module the result read is unchanged, looked at no more than once per REFRESH_MS. */
  private stillValid(result: ExportsResult): boolean {
    const now = projectNow();
    if (now - result.validatedAt < REFRESH_MS) return true;
    // Set first: a module reached again through an import cycle counts as valid.
    result.validatedAt = now;
    const valid = result.deps.every((dep) => {
      const entry = this.table.current(dep.file, REFRESH_MS);
      return entry === dep.entry && (!entry.exports || this.stillValid(entry.exports));
    });
    if (!valid) result.validatedAt = -Infinity;
    return valid;
  }

  /** The summary of a module, parsed if needed (its look at the disk no older than `maxAge`). */
  summaryOf(file: string, maxAge: number, parse: ParseContext): FileSummary | undefined {
    const entry = this.table.current(file, maxAge);
    if (!entry) return undefined;
    if (entry.summary === undefined && !this.computing.has(file)) {
      const recorder = newRecorder();
      this.computing.add(file);
      try {
        const analysis = this.analyse(file, entry, 1, recorder, parse);
        if (analysis && !entry.exports) this.keep(file, entry, resultOf(analysis.exports, MAX_EXPORT_DEPTH - 1, recorder));
      } finally {
        this.computing.delete(file);
      }
    }
    return entry.summary ?? undefined;
  }

  /**
   * The text linted (the one on disk, by its size) was already read for an importer: its
   * summary and exports are kept, complete (no import left out) and still valid.
   */
  holdsAnalysisOf(file: string, text: string, hasBOM: boolean): boolean {
    const entry = this.table.current(file, REFRESH_MS);
    if (!entry || !isTextOf(entry, text, hasBOM) || !entry.summary || !entry.exports) return false;
    return !isShort(entry.exports) && this.stillValid(entry.exports);
  }

  /**
   * What the modules `specifiers` of `from` name export is known without reading any of
   * them: kept and still valid, or ruled out by the reach.
   */
  holdsExportsOf(from: string, specifiers: readonly string[]): boolean {
    const now = projectNow();
    return specifiers.every((specifier) => {
      const imported = this.resolveImport(from, specifier);
      if (imported === undefined || exportsNothing(this.reach, imported, now)) return true;
      const kept = this.table.current(imported, REFRESH_MS)?.exports;
      return kept !== undefined && !isShort(kept) && this.stillValid(kept);
    });
  }

  /** Keeps what the file being linted found about itself, when the text linted is the one on disk (by its size). */
  remember(file: string, own: OwnAnalysis): void {
    const entry = this.table.current(file, REFRESH_MS);
    if (!entry || !isTextOf(entry, own.text, own.hasBOM)) return;
    if (own.summary) entry.summary = own.summary;
    // The file's own analysis found exports its text facts missed: the reach, built from those, no longer holds.
    if (hasExports(own.exports) && exportsNothing(this.reach, file, projectNow())) this.reach = undefined;
    // A module too large to be read for its exports answers its importers nothing, linted or not:
    // what they find must not depend on whether ESLint reached it first.
    const exports = entry.size > MAX_SUMMARY_BYTES ? NO_EXPORTS : own.exports;
    this.keep(file, entry, resultOf(exports, MAX_EXPORT_DEPTH, own.recorder));
  }

  /** The file being linted is analysed now: a module that imports it back gets nothing from it meanwhile. */
  linting(file: string, active: boolean): void {
    if (active) this.computing.add(file);
    else this.computing.delete(file);
  }
}
