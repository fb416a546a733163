/**
 * The ProjectViews the project layer hands to the analysis. The file being linted gets a
 * LintedView: answered by the index of its project, found only when the analysis first
 * asks; text without a file on disk has no fork site elsewhere (no other file can name it). A
 * module read for its summary gets a ModuleView, one level further down: what it imports
 * is followed, no fork site elsewhere is looked for, and what it read is recorded so the
 * summary is dropped when one of those modules changes.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Facts } from '../analysis/facts.js';
import { summarize } from '../analysis/file-summary.js';
import { NO_EXPORTS, type ModuleExports } from '../analysis/exports/module-exports.js';
import { isRelative } from '../analysis/module-loads.js';
import { relativeSpecifiers } from '../analysis/relevance.js';
import type { ImportedModule, InstalledVersion, ProjectView } from '../analysis/project-view.js';
import type { ExternalEntry } from '../analysis/workers.js';
import { lintEnded, lintStarted } from './clock.js';
import { slashRelative } from '../util/paths.js';
import { installedVersionIn } from './manifests.js';
import { mayBeStarted } from './listing.js';
import type { FollowedImports, ModuleSummaries } from './module-summaries.js';
import { newRecorder, type Recorder } from './recorder.js';
import { forgetParsedModules, type ParseContext } from './parse.js';
import type { ProjectIndex, ResolvedTarget } from './project-index.js';

const NOTHING_IMPORTED: ImportedModule = { connectionOnLoad: () => undefined, mayConnectOnLoad: () => false, exports: () => NO_EXPORTS, roleExports: () => NO_EXPORTS };

/** `src/db.js`: a file relative to its project root, with `/`. */
export function moduleName(root: string, file: string): string {
  return slashRelative(root, file);
}

/** The view of a module read for its summary, `depth` modules below the file being linted. */
export class ModuleView implements ProjectView {
  constructor(
    private readonly file: string,
    private readonly depth: number,
    private readonly summaries: ModuleSummaries,
    private readonly recorder: Recorder,
    private readonly parse: ParseContext,
    private readonly follow: FollowedImports = 'all',
  ) {}

  // A summary says what the module does wherever it runs: which files start it as a worker does not change it.
  entriesOfThisFile(): readonly ExternalEntry[] {
    return [];
  }

  importedModule(specifier: string): ImportedModule {
    const imported = isRelative(specifier) ? this.summaries.resolveImport(this.file, specifier) : undefined;
    if (!imported) return NOTHING_IMPORTED;
    const exports = this.follow === 'role'
      ? () => this.summaries.roleExportsOf(imported, this.depth + 1, this.recorder, this.parse)
      : () => this.summaries.exportsOf(imported, this.depth + 1, this.recorder, this.parse);
    return { connectionOnLoad: () => undefined, mayConnectOnLoad: () => false, exports, roleExports: exports };
  }

  // A module read for its summary asks each import: what it finds is kept with the summary.
  importsExportNothing(): boolean {
    return false;
  }

  // Asked only for reports, which a module read for its summary never makes.
  importsThatMayGiveRole(): undefined {
    return undefined;
  }

  readonly forExports = true;

  modulePath(): string {
    return moduleName(this.summaries.root, this.file);
  }

  installedVersion(packageName: string): InstalledVersion | undefined {
    return installedVersionIn(this.summaries.root, packageName);
  }
}

/** The view of the file being linted. */
class LintedView implements ProjectView {
  /** Undefined until asked; null when the file has no project. */
  private indexCache?: ProjectIndex | null;
  /** What this file's analysis read of other modules; made when it first reads one. */
  private recorder?: Recorder;
  /** done() was called: modules that import this file may read it from now on. */
  private finished = false;

  constructor(
    private readonly filename: string,
    private readonly parse: ParseContext,
    private readonly indexOf: (filename: string, parse: ParseContext) => ProjectIndex | undefined,
  ) {
    lintStarted(filename);
  }

  private index(): ProjectIndex | undefined {
    if (this.indexCache === undefined) {
      this.indexCache = (path.isAbsolute(this.filename) && this.indexOf(this.filename, this.parse)) || null;
      // A lazy fact first asked after done() (a rule's listener) must not leave the file marked as being analysed.
      if (!this.finished) this.indexCache?.summaries.linting(this.filename, true);
    }
    return this.indexCache ?? undefined;
  }

  // Text not on disk (a file in an editor not saved yet) is named by no other file; what it imports is still on disk.
  entriesOfThisFile(): readonly ExternalEntry[] {
    const targets = this.index()?.targetsOf(this.filename, this.parse) ?? [];
    // Most files are started by nothing: the disk is asked only when a fork site names this one.
    return targets.length > 0 && fs.existsSync(this.filename) ? targets.map(asEntry) : [];
  }

  importedModule(specifier: string): ImportedModule | undefined {
    // A package, not a project module: nothing for the project to say.
    const index = isRelative(specifier) ? this.index() : undefined;
    if (!index) return undefined;
    return {
      connectionOnLoad: () => index.connectionOnImport(this.filename, specifier, this.parse),
      mayConnectOnLoad: () => index.mayConnectOnImport(this.filename, specifier, this.parse),
      exports: () => this.exportsOf(index, specifier, 'all'),
      roleExports: () => this.exportsOf(index, specifier, 'role'),
    };
  }

  // With no project, imports answer nothing; a project that may load no library that makes connections exports none through its modules.
  importsExportNothing(specifiers: readonly string[]): boolean {
    if (specifiers.length === 0) return true;
    const index = this.index();
    return index === undefined || !index.summaries.mayExportConnections() || index.summaries.importsExportNothing(this.filename, specifiers);
  }

  importsThatMayGiveRole(specifiers: readonly string[]): readonly string[] | undefined {
    const index = specifiers.length > 0 ? this.index() : undefined;
    // Outside a project, or in one that may load no library that makes connections, no import exports anything.
    if (index === undefined || !index.summaries.mayExportConnections()) return [];
    // The reach judges no file under build output or dependencies: the project is not read for one.
    if (!mayBeStarted(this.filename, index.root)) return undefined;
    index.readAll(this.parse);
    return index.summaries.importsThatMayGiveRole(this.filename, specifiers);
  }

  readonly forExports = false;

  private exportsOf(index: ProjectIndex, specifier: string, follow: FollowedImports): ModuleExports {
    if (!index.summaries.mayExportConnections()) return NO_EXPORTS;
    const imported = index.summaries.resolveImport(this.filename, specifier);
    if (!imported) return NO_EXPORTS;
    // Whether an import gives a role decides only whether the file is plain code; its own exports never rest on that answer.
    if (follow === 'role') return index.summaries.roleExportsOf(imported, 1, newRecorder(), this.parse);
    this.recorder ??= newRecorder();
    return index.summaries.exportsOf(imported, 1, this.recorder, this.parse);
  }

  modulePath(): string | undefined {
    const index = this.index();
    return index ? moduleName(index.root, this.filename) : undefined;
  }

  installedVersion(packageName: string): InstalledVersion | undefined {
    const index = this.index();
    return index ? installedVersionIn(index.root, packageName) : undefined;
  }

  /**
   * Keeps this file's own summary and exports for the files that import it (no second
   * parse), once its relevance is known.
   */
  remember(facts: Facts): void {
    // Plain code is kept only when that asks nothing new of its imports: a plain file with imports
    // not read yet (a controller linted before its models) is read when a file that may report asks.
    if (facts.plainCode && !this.importsRead(facts.sourceCode.text)) return;
    if (!facts.relevant) {
      this.rememberIrrelevant(facts);
      return;
    }
    // Not analysed (it reaches no connection): what other files need of it is read when they ask.
    if (!facts.reachesConnections) return;
    const index = this.index();
    // No file will ask: its exports and summary are not worked out for nothing.
    if (!index || index.readByNone(this.filename)) return;
    const { sourceCode } = facts;
    // Read already for a file that imports it: a module no rule reports on is analysed the same
    // way in either view, so it is not analysed a second time (models read for their controllers).
    if (index.summaries.holdsAnalysisOf(this.filename, sourceCode.text, sourceCode.hasBOM) && !facts.mayReport) return;
    const summary = summarize({ sourceCode, filename: this.filename, root: index.root, tracked: facts.tracked, values: facts.values, roles: facts.roles });
    index.summaries.remember(this.filename, { text: sourceCode.text, hasBOM: sourceCode.hasBOM, summary, exports: facts.exports, recorder: this.recorder ?? newRecorder() });
  }

  /** What each module the text may import exports is known already, or none need be read to know it. */
  private importsRead(text: string): boolean {
    const index = this.index();
    return index !== undefined && index.summaries.holdsExportsOf(this.filename, relativeSpecifiers(text));
  }

  /**
   * An irrelevant file exports nothing. Kept (with the modules its relevance read) only
   * when it read the exports of a project module: a module that imports it then need not
   * read its text and follow its imports again. Otherwise its text says so as cheaply.
   */
  private rememberIrrelevant(facts: Facts): void {
    const index = this.indexCache;
    if (!index || !this.recorder) return;
    const { sourceCode } = facts;
    index.summaries.remember(this.filename, { text: sourceCode.text, hasBOM: sourceCode.hasBOM, exports: facts.exports, recorder: this.recorder });
  }

  /** The analysis of this file is over: modules that import it may read it again. */
  done(): void {
    this.finished = true;
    forgetParsedModules();
    lintEnded();
    this.indexCache?.summaries.linting(this.filename, false);
  }
}

function asEntry(target: ResolvedTarget): ExternalEntry {
  const { runner, site, count, isolate, parentLoads, endedOnMessage, taskExports } = target;
  return { source: 'project-index', runner, site, count, isolate, parentLoads, endedOnMessage, ...(taskExports ? { taskExports } : {}) };
}

/** The view of a file being linted, and the way to keep what its analysis finds. */
export interface LintedFileView extends ProjectView {
  remember(facts: Facts): void;
  done(): void;
}

/** What the project says about `filename`, read with the parser and settings of the file being linted. */
export function lintedView(filename: string, parse: ParseContext, indexOf: (filename: string, parse: ParseContext) => ProjectIndex | undefined): LintedFileView {
  return new LintedView(filename, parse, indexOf);
}
