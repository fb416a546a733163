/**
 * The per-file facts every rule reads. Built at most once per file (keyed by its Program
 * node) and only as far as a rule asks: a file that names no tracked module stops at the
 * first, text-only check.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import { knowledgeFor, type Knowledge } from '../knowledge/index.js';
import { readSettings } from '../settings.js';
import { findConnectingImports, type ConnectingImport } from './connecting-imports.js';
import { mentionsTrackedModule, trackImports, type TrackedNode } from './imports.js';
import { findPerWorkerPools, type PerWorkerPool } from './pool-sizes.js';
import { projectIndexFor, type ProjectIndex } from './project-index.js';
import type { ParseContext } from './project-parse.js';
import { analyzeForkConnections, type ForkFacts } from './fork-connections.js';
import { analyzeRoles, type Roles } from './roles.js';
import { analyzeTasks, type Tasks } from './tasks.js';
import { findTransfers, type Transfer } from './transfers.js';
import { analyzeValues, type Values } from './values.js';
import { analyzeWorkers, type ExternalEntry, type Workers } from './workers.js';

export interface Facts {
  /** False when the file names no tracked module: nothing else is computed. */
  readonly relevant: boolean;
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
  /** Imports evaluated in the primary of project modules that connect as they load (project index). */
  readonly connectingImports: readonly ConnectingImport[];
  /** Pools made once per worker where the number of workers is known. */
  readonly perWorkerPools: readonly PerWorkerPool[];
}

export type { ConnectingImport };

type AnyContext = Readonly<TSESLint.RuleContext<string, readonly unknown[]>>;

const cache = new WeakMap<TSESTree.Program, Facts>();

class FileFacts implements Facts {
  readonly relevant: boolean;
  readonly knowledge: Knowledge;
  readonly sourceCode: Readonly<TSESLint.SourceCode>;
  private readonly filename: string;
  private readonly cwd: string;
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
  private indexCache?: ProjectIndex | null;
  private readonly parse: ParseContext;

  constructor(context: AnyContext) {
    this.sourceCode = context.sourceCode;
    this.filename = context.filename;
    this.cwd = context.cwd;
    const settings = readSettings(context.settings);
    this.knowledge = knowledgeFor(settings.connections);
    this.workerFiles = settings.workerFiles;
    this.relevant = mentionsTrackedModule(this.input());
    this.parse = { parser: context.languageOptions?.parser, settings: context.settings ?? {} };
  }

  /** The cross-file index of this file's project; none for text without a file on disk (no other file can name it). */
  private index(): ProjectIndex | undefined {
    if (this.indexCache === undefined) this.indexCache = (path.isAbsolute(this.filename) && fs.existsSync(this.filename) && projectIndexFor(this.filename, this.parse)) || null;
    return this.indexCache ?? undefined;
  }

  private input() {
    return { sourceCode: this.sourceCode, filename: this.filename, cwd: this.cwd, knowledge: this.knowledge };
  }

  get tracked(): readonly TrackedNode[] {
    this.trackedCache ??= this.relevant ? trackImports(this.input()) : [];
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
      ? findConnectingImports({ sourceCode: this.sourceCode, filename: this.filename, roles: this.roles, index: this.roles.selfForking ? this.index() : undefined, parse: this.parse })
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

  /** Entries known from outside this file: `settings['fork-safe'].workerFiles`, and fork sites the project index found. */
  private externalEntries(): ExternalEntry[] {
    const entries: ExternalEntry[] = [];
    const relative = path.relative(this.cwd, this.filename).split(path.sep).join('/');
    if (this.workerFiles.length > 0 && !relative.startsWith('../') && !path.isAbsolute(relative) && this.workerFiles.some((glob) => glob.test(relative))) {
      entries.push({ source: 'settings', runner: 'exports' });
    }
    // What another file says about this one matters only to the connections this file makes.
    const connects = this.values.sites.some((site) => site.entity.connection);
    for (const target of (connects && this.index()?.targetsOf(this.filename, this.parse)) || []) {
      const { runner, site, count, isolate, parentLoads } = target;
      entries.push({ source: 'project-index', runner, site, count, isolate, parentLoads });
    }
    return entries;
  }

  get workers(): Workers {
    this.workersCache ??= analyzeWorkers({
      sourceCode: this.sourceCode, tracked: this.tracked, values: this.values, external: this.relevant ? this.externalEntries() : [],
    });
    return this.workersCache;
  }

  get tasks(): Tasks {
    this.tasksCache ??= analyzeTasks({ sourceCode: this.sourceCode, values: this.values, workers: this.workers });
    return this.tasksCache;
  }
}

/** The shared facts of the file being linted. Throws a clear error on bad settings. */
export function getFacts(context: AnyContext): Facts {
  const program = context.sourceCode.ast as TSESTree.Program;
  let facts = cache.get(program);
  if (!facts) {
    facts = new FileFacts(context);
    cache.set(program, facts);
  }
  return facts;
}
