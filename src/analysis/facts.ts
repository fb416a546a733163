/**
 * The per-file facts every rule reads. Built at most once per file (keyed by its Program
 * node) and only as far as a rule asks: a file that names no tracked module stops at the
 * first, text-only check.
 */
import path from 'node:path';
import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import { knowledgeFor, type Knowledge } from '../knowledge/index.js';
import { readSettings } from '../settings.js';
import { mentionsTrackedModule, trackImports, type TrackedNode } from './imports.js';
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
  /**
   * Imports evaluated in the primary of project modules that connect at their top level.
   * Always empty until the cross-file project index lands: it needs other files read.
   */
  readonly connectingImports: readonly ConnectingImport[];
}

/** An import or `require` of a project module that opens an eager connection at its top level. */
export interface ConnectingImport {
  readonly node: TSESTree.Node;
  readonly specifier: string;
  /** The connection's library, as the imported module's own facts name it. */
  readonly library: string;
}

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

  constructor(context: AnyContext) {
    this.sourceCode = context.sourceCode;
    this.filename = context.filename;
    this.cwd = context.cwd;
    const settings = readSettings(context.settings);
    this.knowledge = knowledgeFor(settings.connections);
    this.workerFiles = settings.workerFiles;
    this.relevant = mentionsTrackedModule(this.input());
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
    return [];
  }

  get transfers(): readonly Transfer[] {
    this.transfersCache ??= findTransfers({ sourceCode: this.sourceCode, tracked: this.tracked, values: this.values });
    return this.transfersCache;
  }

  /** Entries known from outside this file: `settings['fork-safe'].workerFiles` (the project index later). */
  private externalEntries(): ExternalEntry[] {
    if (this.workerFiles.length === 0) return [];
    const relative = path.relative(this.cwd, this.filename).split(path.sep).join('/');
    if (relative.startsWith('../') || path.isAbsolute(relative)) return [];
    return this.workerFiles.some((glob) => glob.test(relative)) ? [{ source: 'settings', runner: 'exports' }] : [];
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
