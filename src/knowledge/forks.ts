/**
 * Self-forking modules: which calls start a copy of the running module, which reads tell
 * the copies apart from the process that forked them, and which calls send the copies to
 * another file instead. Matched to tracked nodes by library and export path; the rows in
 * FORK_MODULES make the tracker find the reads and calls that no other table names.
 */
import { LAST_OBJECT, type ApiRef, type ApiRow, type CpuApiRow, type EntryOverrideRow, type EntryScriptRow, type ForkSiteRow, type ModuleRow, type RoleTestRow } from './types.js';

const CLUSTER_FORK: ApiRef = { library: 'cluster', path: ['fork'], via: 'call' };
const CHILD_FORK: ApiRef = { library: 'child_process', path: ['fork'], via: 'call' };
const THREAD: ApiRef = { library: 'worker_threads', path: ['Worker'], via: 'new' };

export const FORK_SITES: readonly ForkSiteRow[] = [
  // A cluster worker runs `process.argv[1]` again, unless setupPrimary({ exec }) says otherwise.
  { ...CLUSTER_FORK, entry: { self: true } },
  { ...CHILD_FORK, entry: { arg: 0 }, selfArgs: ['entryScript'] },
  { ...THREAD, entry: { arg: 0 } },
  { library: 'piscina', path: [], via: 'new', entry: { arg: 0, option: 'filename' } },
  { library: 'piscina', path: ['Piscina'], via: 'new', entry: { arg: 0, option: 'filename' } },
  { library: 'tinypool', path: [], via: 'new', entry: { arg: 0, option: 'filename' } },
  { library: 'tinypool', path: ['Tinypool'], via: 'new', entry: { arg: 0, option: 'filename' } },
  // throng 5: `throng(start)`, `throng(count, start)`, `throng({ worker | start, master | primary })`.
  {
    library: 'throng', path: [], via: 'call', entry: { self: true },
    roleFunctions: [
      { role: 'worker', arg: 0 },
      { role: 'worker', arg: 1 },
      { role: 'worker', arg: 0, option: 'worker' },
      { role: 'worker', arg: 0, option: 'start' },
      { role: 'primary', arg: 0, option: 'master' },
      { role: 'primary', arg: 0, option: 'primary' },
    ],
    // Not written: throng's own default, unknown here.
    workerCount: { arg: 0, options: ['count', 'workers'] },
  },
];

/**
 * Fork APIs that still fork when handed to other code as a function and called there:
 * `os.cpus().forEach(cluster.fork)`, `setTimeout(cluster.fork)`. Node's `cluster.fork`
 * reads `cluster` from its closure, never `this` (Node v20.20.2, tested).
 */
export const FORK_REFERENCES: readonly ApiRef[] = [CLUSTER_FORK];

/** Where in an argument or option a fork call puts values the child can read back. */
export interface MarkerPosition {
  readonly arg: number;
  readonly option?: string;
}

/**
 * Markers a fork call can hand its child, which the child then tests to know it is the
 * child: strings appended to its `process.argv`, variables of its `process.env`.
 */
export interface ForkMarkerRow extends ApiRef {
  /** The array of strings that becomes the child's `process.argv` from index 2 on. */
  readonly argv?: MarkerPosition;
  /** The object that becomes the child's `process.env`. */
  readonly env?: MarkerPosition;
  /**
   * The child's environment is the parent's with this object merged in (`cluster.fork(env)`);
   * without it, the object replaces the parent's environment.
   */
  readonly envMerged?: boolean;
  /** Without `argv`, the child keeps the parent's arguments (cluster); otherwise it has none of them. */
  readonly argvInherited?: boolean;
}

/**
 * Node v20.20.2, tested: `fork(file, ['child'])` and `new Worker(file, { argv: ['child'] })`
 * give the child `process.argv` `[execPath, file, 'child']`; a cluster worker gets the
 * primary's own arguments; `env` replaces the child's environment, while
 * `cluster.fork(env)` merges it into the primary's.
 */
export const FORK_MARKERS: readonly ForkMarkerRow[] = [
  { ...CHILD_FORK, argv: { arg: 1 }, env: { arg: LAST_OBJECT, option: 'env' } },
  { ...THREAD, argv: { arg: 1, option: 'argv' }, env: { arg: 1, option: 'env' } },
  { ...CLUSTER_FORK, env: { arg: 0 }, envMerged: true, argvInherited: true },
];

/** The reads a child finds a marker in. */
interface MarkerReadRow extends ApiRef {
  readonly holds: 'argv' | 'env';
}

export const MARKER_READS: readonly MarkerReadRow[] = [
  { library: 'process', path: ['argv'], via: 'read', holds: 'argv' },
  { library: 'process', path: ['env'], via: 'read', holds: 'env' },
];

/** What "one worker per CPU" is written with. */
export const CPU_APIS: readonly CpuApiRow[] = [
  { module: 'os', name: 'cpus', gives: 'list' },
  { module: 'os', name: 'availableParallelism', gives: 'count' },
];

export const ROLE_TESTS: readonly RoleTestRow[] = [
  { library: 'cluster', path: ['isPrimary'], via: 'read', truthyIn: 'primary' },
  { library: 'cluster', path: ['isMaster'], via: 'read', truthyIn: 'primary' },
  { library: 'cluster', path: ['isWorker'], via: 'read', truthyIn: 'worker' },
  { library: 'worker_threads', path: ['isMainThread'], via: 'read', truthyIn: 'primary' },
  // Only a forked child has an IPC channel; cluster sets NODE_UNIQUE_ID in its workers.
  { library: 'process', path: ['send'], via: 'read', truthyIn: 'worker' },
  { library: 'process', path: ['connected'], via: 'read', truthyIn: 'worker' },
  { library: 'process', path: ['env', 'NODE_UNIQUE_ID'], via: 'read', truthyIn: 'worker' },
];

/** Calls after which nothing more of the process runs: an early exit of a role's path. */
export const PROCESS_EXITS: readonly ApiRef[] = [
  { library: 'process', path: ['exit'], via: 'call' },
  { library: 'process', path: ['abort'], via: 'call' },
];

export const ENTRY_OVERRIDES: readonly EntryOverrideRow[] = [
  { library: 'cluster', path: ['setupPrimary'], via: 'call', arg: 0, option: 'exec', redirects: [CLUSTER_FORK] },
  { library: 'cluster', path: ['setupMaster'], via: 'call', arg: 0, option: 'exec', redirects: [CLUSTER_FORK] },
];

export const ENTRY_SCRIPT_READS: readonly EntryScriptRow[] = [
  { library: 'process', path: ['argv'], via: 'read', index: 1 },
];

const SPECIFIERS: Readonly<Record<string, { specifiers: string[]; builtin?: boolean; global?: string }>> = {
  cluster: { specifiers: ['cluster'], builtin: true },
  worker_threads: { specifiers: ['worker_threads'], builtin: true },
  process: { specifiers: ['process'], builtin: true, global: 'process' },
  throng: { specifiers: ['throng'] },
};

/** Tracker rows naming the APIs above; where another table describes the same API, its row wins (imports.ts merges them). */
export const FORK_MODULES: readonly ModuleRow[] = Object.entries(SPECIFIERS).map(([library, where]) => {
  const references = FORK_REFERENCES.map((row): ApiRef => ({ ...row, via: 'read' }));
  const apis: ApiRow[] = [...ROLE_TESTS, ...PROCESS_EXITS, ...ENTRY_OVERRIDES, ...ENTRY_SCRIPT_READS, ...MARKER_READS, ...FORK_SITES, ...references]
    .filter((row) => row.library === library)
    .map((row) => ({ path: row.path, via: row.via }));
  return { library, ...where, apis };
});
