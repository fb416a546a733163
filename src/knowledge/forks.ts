/**
 * Self-forking modules: which calls start a copy of the running module, which reads tell
 * the copies apart from the process that forked them, and which calls send the copies to
 * another file instead. Matched to tracked nodes by library and export path; the rows in
 * FORK_MODULES make the tracker find the reads and calls that no other table names.
 */
import type { ApiRef, ApiRow, CpuApiRow, EntryOverrideRow, EntryScriptRow, ForkSiteRow, ModuleRow, RoleTestRow } from './types.js';

const CLUSTER_FORK: ApiRef = { library: 'cluster', path: ['fork'], via: 'call' };

export const FORK_SITES: readonly ForkSiteRow[] = [
  // A cluster worker runs `process.argv[1]` again, unless setupPrimary({ exec }) says otherwise.
  { ...CLUSTER_FORK, entry: { self: true } },
  { library: 'child_process', path: ['fork'], via: 'call', entry: { arg: 0 }, selfArgs: ['entryScript'] },
  { library: 'worker_threads', path: ['Worker'], via: 'new', entry: { arg: 0 } },
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
  const apis: ApiRow[] = [...ROLE_TESTS, ...PROCESS_EXITS, ...ENTRY_OVERRIDES, ...ENTRY_SCRIPT_READS, ...FORK_SITES]
    .filter((row) => row.library === library)
    .map((row) => ({ path: row.path, via: row.via }));
  return { library, ...where, apis };
});
