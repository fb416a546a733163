/**
 * The per-file facts every rule reads, built from plain inputs: the file, the settings,
 * and what the project says about it (a ProjectView, handed in by the project layer).
 * Computed only as far as a rule asks: a file that names no tracked module, and imports
 * no project module that exports one, stops at the relevance check (relevance.ts).
 */
import path from 'node:path';
import type { TSESLint } from '@typescript-eslint/utils';
import { knowledgeFor, type Knowledge } from '../knowledge/index.js';
import { forInstalledMajors } from '../knowledge/majors.js';
import { readSettings } from '../settings.js';
import { slashRelative } from '../util/paths.js';
import { findConnectingImports, type ConnectingImport } from './connecting-imports.js';
import { moduleExports } from './exports/exports-facts.js';
import { knowledgeWithImports } from './exports/exports-rows.js';
import { mentionedModules, mentionsConnectionIn, projectModuleTraces, trackImports, type ProjectModuleTraces, type TrackedNode } from './imports.js';
import { NO_EXPORTS, type ModuleExports } from './exports/module-exports.js';
import { findPerWorkerPools, type PerWorkerPool } from './pool-sizes.js';
import type { ProjectView } from './project-view.js';
import { relativeSpecifiers, trackedExportsOf } from './relevance.js';
import { importsToAsk } from './import-uses.js';
import { analyzeForkConnections, type ForkFacts } from './fork-connections.js';
import { projectRowsGiveRole, codeMayNameRoleApi, tracksRoleApi } from './plain-code.js';
import { analyzeRoles, type Roles } from './roles.js';
import { mayForkItself } from './roles/self-fork-text.js';
import { analyzeTasks, type Tasks } from './tasks.js';
import { findTransfers, type Transfer } from './transfers.js';
import { analyzeValues, type Values } from './values.js';
import { analyzeWorkers, type ExternalEntry, type Workers } from './workers.js';

export interface Facts {
  /** False when the file names no tracked module and imports no project module that exports one: nothing else is computed. */
  readonly relevant: boolean;
  /**
   * The file can reach a connection: it names a library that makes one or a project module
   * settings declare, imports a project module that exports something tracked, or forks
   * itself and imports one that may connect as it loads. False (a file that only starts
   * workers): no rule has anything to report, and nothing more is computed for the rules;
   * the fork tree of the report still reads such a file, since `relevant` holds.
   */
  readonly reachesConnections: boolean;
  /**
   * Some rule may have something to report: the file reaches a connection, and it names an
   * API that forks, starts, runs or feeds workers, or another file starts it. False for code
   * that uses a connection as plain code in whatever process loads it (a route handler, a
   * repository): its roles, workers, tasks and transfers are not worked out for the rules.
   */
  readonly mayReport: boolean;
  /**
   * Plain code, known without asking what its project imports export: its text names no
   * API that gives a role, no module it imports may export one (their text says so), and no
   * file starts it. No rule reports on it, whatever connections it uses; the project layer
   * keeps its exports only when that asks nothing new of its imports, and otherwise works
   * them out if a file that may report asks.
   */
  readonly plainCode: boolean;
  readonly knowledge: Knowledge;
  readonly sourceCode: Readonly<TSESLint.SourceCode>;
  readonly tracked: readonly TrackedNode[];
  readonly values: Values;
  readonly transfers: readonly Transfer[];
  /** Worker entries, task functions, shutdown hooks, run-once work. */
  readonly workers: Workers;
  /** Connections closed or opened in tasks. */
  readonly tasks: Tasks;
  /** Fork sites, whether the module forks itself, and the role of any node. */
  readonly roles: Roles;
  /** Connections of a self-forking module by role (empty when it does not fork itself). */
  readonly forks: ForkFacts;
  /** Imports evaluated in the primary of project modules that connect as they load (from the project view). */
  readonly connectingImports: readonly ConnectingImport[];
  /** Pools made once per worker where the number of workers is known. */
  readonly perWorkerPools: readonly PerWorkerPool[];
  /** What each export of this file is, for the files that import it (plain data, kept by the project layer). */
  readonly exports: ModuleExports;
}

export type { ConnectingImport };

export interface FactsInput {
  readonly sourceCode: Readonly<TSESLint.SourceCode>;
  readonly filename: string;
  readonly cwd: string;
  /** The file's `settings`, read (and validated) here. */
  readonly settings: Readonly<Record<string, unknown>> | undefined;
  readonly project: ProjectView;
}

class FileFacts implements Facts {
  readonly sourceCode: Readonly<TSESLint.SourceCode>;
  private readonly filename: string;
  private readonly cwd: string;
  /** The settings' rows. */
  private readonly declared: Knowledge;
  /** The settings' rows and those of the project modules it imports, before the installed majors. */
  private knownCache?: Knowledge;
  private relevantCache?: boolean;
  private plainCache?: boolean;
  private knowledgeCache?: Knowledge;
  private reachesCache?: boolean;
  private mayReportCache?: boolean;
  private entriesCache?: readonly ExternalEntry[];
  private trackedCache?: TrackedNode[];
  private valuesCache?: Values;
  private transfersCache?: Transfer[];
  private workersCache?: Workers;
  private tasksCache?: Tasks;
  private readonly workerFiles: readonly RegExp[];
  private rolesCache?: Roles;
  private forksCache?: ForkFacts;
  private connectingCache?: ConnectingImport[];
  private poolsCache?: PerWorkerPool[];
  private exportsCache?: ModuleExports;
  private readonly project: ProjectView;
  private importedExportsCache?: ReadonlyMap<string, ModuleExports>;
  private relativeCache?: readonly string[];
  private toAskCache?: readonly string[];
  private nothingExportedCache?: boolean;
  private mentionedCache?: ReadonlySet<string>;
  private ownRoleCache?: boolean;
  private projectModulesCache?: ProjectModuleTraces;

  constructor(input: FactsInput) {
    this.sourceCode = input.sourceCode;
    this.filename = input.filename;
    this.cwd = input.cwd;
    const settings = readSettings(input.settings);
    this.project = input.project;
    this.declared = knowledgeFor(settings.connections);
    this.workerFiles = settings.workerFiles;
  }

  // What the project modules it imports export are rows of this file's knowledge, as settings rows are
  // (most files import none that export something: their knowledge is the declared one).
  private get known(): Knowledge {
    this.knownCache ??= knowledgeWithImports(this.declared, this.importedExports());
    return this.knownCache;
  }

  get relevant(): boolean {
    this.relevantCache ??= this.mentioned().size > 0 || this.namesProjectModule() || this.importsProjectExports();
    return this.relevantCache;
  }

  // Only a file whose imports may export something can be spared asking them: the others ask nothing of the project anyway.
  get plainCode(): boolean {
    this.plainCache ??= !this.importsExportNothing()
      && !this.ownCodeMayNameRoleApi()
      && this.importsGiveNoRole()
      && !this.startedElsewhere();
    return this.plainCache;
  }

  /** No module it imports exports something that gives a role: asked only of those the project's text does not rule out. */
  private importsGiveNoRole(): boolean {
    const candidates = this.project.importsThatMayGiveRole(this.relativeSpecifiers());
    if (!candidates) return false;
    if (candidates.length === 0) return true;
    const bound = new Set(this.importsToAsk());
    const exports = new Map<string, ModuleExports>();
    for (const specifier of candidates) {
      const found = bound.has(specifier) ? this.project.importedModule(specifier)?.roleExports() : undefined;
      if (found && Object.keys(found).length > 0) exports.set(specifier, found);
    }
    return !projectRowsGiveRole(knowledgeWithImports(this.declared, exports));
  }

  /** The relative imports whose exports can change its facts (import-uses.ts). */
  private importsToAsk(): readonly string[] {
    this.toAskCache ??= importsToAsk(this.sourceCode, this.declared, this.project.forExports, this.relativeSpecifiers());
    return this.toAskCache;
  }

  /** With the facts of the majors the project has installed (mongoose 5's pool of 5), asked only of a relevant file. */
  get knowledge(): Knowledge {
    this.knowledgeCache ??= this.relevant ? forInstalledMajors(this.known, (name) => this.project.installedVersion(name)?.major) : this.known;
    return this.knowledgeCache;
  }

  // A module that may connect as it loads matters only to a primary that evaluates it: a file that forks itself.
  // Its text is asked first: most files that start workers start other files, and are then neither searched nor tracked for this.
  get reachesConnections(): boolean {
    this.reachesCache ??= this.relevant && (this.importsProjectExports() || this.mentionsConnection() || this.connectsAsSelfForkingPrimary());
    return this.reachesCache;
  }

  private connectsAsSelfForkingPrimary(): boolean {
    return mayForkItself(this.sourceCode.text, this.mentioned()) && this.importsConnectingModule() && this.roles.selfForking;
  }

  get mayReport(): boolean {
    this.mayReportCache ??= !this.plainCode && this.reachesConnections && (this.namesRoleApi() || this.startedElsewhere());
    return this.mayReportCache;
  }

  // Its imports and globals first: most files that use a connection name no role API, and are then not tracked for this.
  private namesRoleApi(): boolean {
    return (this.ownCodeMayNameRoleApi() || projectRowsGiveRole(this.known)) && tracksRoleApi(this.tracked, this.knowledge);
  }

  /** Its own imports and globals, with the settings' rows, may name an API that gives a role (asked once: plain code asks it first). */
  private ownCodeMayNameRoleApi(): boolean {
    this.ownRoleCache ??= codeMayNameRoleApi(this.mentioned(), this.sourceCode, this.declared);
    return this.ownRoleCache;
  }

  private startedElsewhere(): boolean {
    return this.namedByWorkerFiles() || this.entriesElsewhere().length > 0;
  }

  /** The fork sites elsewhere in the project that start this file (asked once). */
  private entriesElsewhere(): readonly ExternalEntry[] {
    this.entriesCache ??= this.project.entriesOfThisFile();
    return this.entriesCache;
  }

  private mentionsConnection(): boolean {
    return mentionsConnectionIn(this.mentioned(), this.known) || this.namesProjectModule();
  }

  /**
   * The tracked modules its text names: one pass, asked by relevance and then by the questions after it.
   * The rows of its project imports name no module of their own, so the settings' rows decide, before any import is asked.
   */
  private mentioned(): ReadonlySet<string> {
    this.mentionedCache ??= mentionedModules(this.sourceCode.text, this.declared);
    return this.mentionedCache;
  }

  /** It imports a project module that settings declare or whose exports are tracked. */
  private namesProjectModule(): boolean {
    return Object.keys(this.projectModules()).length > 0;
  }

  /**
   * The trace trees of the project modules it imports that settings or their exports make
   * tracked: the same for its declared knowledge and for that of its installed majors.
   */
  private projectModules(): ProjectModuleTraces {
    this.projectModulesCache ??= projectModuleTraces({ sourceCode: this.sourceCode, filename: this.filename, cwd: this.cwd, knowledge: this.known });
    return this.projectModulesCache;
  }

  /** Imports a project module that may connect as it loads (what a self-forking primary must not evaluate). */
  private importsConnectingModule(): boolean {
    return this.relativeSpecifiers().some((specifier) => this.project.importedModule(specifier)?.mayConnectOnLoad() ?? false);
  }

  /** Imports a project module whose summary holds something tracked (asked of the view, which answers from summaries). */
  private importsProjectExports(): boolean {
    return this.importedExports().size > 0;
  }

  /**
   * The project modules it imports whose exports hold something tracked, by specifier: none
   * when the view knows at once that none of them exports anything (most files), otherwise
   * one look-up for each import whose exports can change its facts.
   */
  private importedExports(): ReadonlyMap<string, ModuleExports> {
    this.importedExportsCache ??= this.importsExportNothing() ? new Map() : trackedExportsOf(this.importsToAsk(), this.project);
    return this.importedExportsCache;
  }

  /** The view knows at once that none of the modules its text may import exports anything (asked once). */
  private importsExportNothing(): boolean {
    this.nothingExportedCache ??= this.relativeSpecifiers().length === 0 || this.project.importsExportNothing(this.relativeSpecifiers());
    return this.nothingExportedCache;
  }

  private relativeSpecifiers(): readonly string[] {
    this.relativeCache ??= relativeSpecifiers(this.sourceCode.text);
    return this.relativeCache;
  }

  private input() {
    return { sourceCode: this.sourceCode, filename: this.filename, cwd: this.cwd, knowledge: this.knowledge };
  }

  get tracked(): readonly TrackedNode[] {
    this.trackedCache ??= this.relevant ? trackImports(this.input(), this.projectModules()) : [];
    return this.trackedCache;
  }

  get values(): Values {
    this.valuesCache ??= analyzeValues({ sourceCode: this.sourceCode, knowledge: this.knowledge, tracked: this.tracked });
    return this.valuesCache;
  }

  get roles(): Roles {
    this.rolesCache ??= analyzeRoles({ sourceCode: this.sourceCode, tracked: this.tracked });
    return this.rolesCache;
  }

  get forks(): ForkFacts {
    this.forksCache ??= analyzeForkConnections({ sourceCode: this.sourceCode, values: this.values, roles: this.roles });
    return this.forksCache;
  }

  get connectingImports(): readonly ConnectingImport[] {
    this.connectingCache ??= this.relevant
      ? findConnectingImports({ sourceCode: this.sourceCode, roles: this.roles, project: this.project })
      : [];
    return this.connectingCache;
  }

  get perWorkerPools(): readonly PerWorkerPool[] {
    this.poolsCache ??= this.relevant ? findPerWorkerPools({ sourceCode: this.sourceCode, values: this.values, roles: this.roles, workers: this.workers }) : [];
    return this.poolsCache;
  }

  get transfers(): readonly Transfer[] {
    this.transfersCache ??= findTransfers({ sourceCode: this.sourceCode, tracked: this.tracked, values: this.values });
    return this.transfersCache;
  }

  /** Entries known from outside this file: `settings['fork-safe'].workerFiles`, and fork sites elsewhere in the project. */
  private externalEntries(): ExternalEntry[] {
    const entries: ExternalEntry[] = [];
    if (this.namedByWorkerFiles()) {
      entries.push({ source: 'settings', runner: 'exports' });
    }
    // What another file says about this one matters to the connections this file makes or
    // reaches through its project modules (a task that calls an imported close wrapper).
    if (this.values.sites.some((site) => site.entity.connection) || this.importsProjectExports()) entries.push(...this.entriesElsewhere());
    return entries;
  }

  /** `settings['fork-safe'].workerFiles` names this file (a glob of paths inside the working directory). */
  private namedByWorkerFiles(): boolean {
    if (this.workerFiles.length === 0) return false;
    const relative = this.modulePath();
    return !relative.startsWith('../') && !path.isAbsolute(relative) && this.workerFiles.some((glob) => glob.test(relative));
  }

  get workers(): Workers {
    this.workersCache ??= analyzeWorkers({
      sourceCode: this.sourceCode, tracked: this.tracked, values: this.values, external: this.relevant ? this.externalEntries() : [],
    });
    return this.workersCache;
  }

  /** This file relative to the working directory, with `/`: how its holders and places are named. */
  private modulePath(): string {
    return slashRelative(this.cwd, this.filename);
  }

  get exports(): ModuleExports {
    this.exportsCache ??= this.relevant
      ? moduleExports({ sourceCode: this.sourceCode, values: this.values, roles: () => this.roles, tracked: this.tracked, knowledge: this.knowledge, module: this.modulePath(), project: this.project })
      : NO_EXPORTS;
    return this.exportsCache;
  }

  get tasks(): Tasks {
    this.tasksCache ??= analyzeTasks({ sourceCode: this.sourceCode, values: this.values, workers: this.workers });
    return this.tasksCache;
  }
}

/** The facts of one file. Throws a clear error on bad settings. */
export function analyzeFile(input: FactsInput): Facts {
  return new FileFacts(input);
}
