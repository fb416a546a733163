/**
 * Fork sites that name the file they run, as the project index reads them from a parent
 * file: where the path is, how the runner treats that file, and which argument or option
 * holds the number of workers it starts. Facts from each runner's source, see
 * docs/knowledge.md (Runners).
 */
import { LAST_OBJECT, type ApiRef, type ModuleRow } from './types.js';
import { WORKER_APIS, workerApiKey, type RunnerKind, type TaskLabel } from './workers.js';


/** Where a value sits in the call: an argument, or an option of the object at `arg`. */
export interface ArgRef {
  readonly arg: number;
  /** An option, or a path of options (`forkHelper.path`). */
  readonly option?: string | readonly string[];
}

export interface ForkTargetRow extends ApiRef {
  /** What the named file is to the runner. */
  readonly runner: RunnerKind;
  /** The path, URL or `require.resolve()` of the worker file. */
  readonly entry: ArgRef;
  /**
   * What a relative string path is resolved against: the process's working directory
   * (Node's `Worker`, `fork()`, and the pools built on them) or the calling file (threads.js).
   */
  readonly relativeTo: 'cwd' | 'file';
  /** The number of workers one call starts at most; absent: one per call. */
  readonly count?: ArgRef;
  /**
   * The call only names the file; the workers are started by this library's fork sites
   * in the same file (`cluster.fork()`), so the count is the sum of theirs.
   */
  readonly countedByForkSites?: boolean;
  /** A boolean option that starts a fresh worker for every task (tinypool `isolateWorkers`). */
  readonly isolateOption?: ArgRef;
  /** Unless this option is set, the parent `require`s the worker module too (jest-worker `exposedMethods`). */
  readonly parentLoadsUnless?: ArgRef;
  /**
   * How the parent can end the worker it started from a listener of that worker's own
   * messages (`worker.on('message', () => worker.terminate())`): the worker's run then ends
   * when it reports, and its sockets go with it.
   */
  readonly endedBy?: { readonly event: string; readonly methods: readonly string[] };
  /** Bree: job names under `root` (default `<cwd>/jobs`), each file run once per run. */
  readonly jobs?: { readonly arg: number; readonly list: string; readonly root: string; readonly defaultRoot: string; readonly extension: string };
}

export const FORK_TARGETS: readonly ForkTargetRow[] = [
  // `terminate()` stops the thread's event loop and frees its handles; `kill()` signals the child (SIGTERM by default).
  {
    library: 'worker_threads', path: ['Worker'], via: 'new', runner: 'worker_threads', entry: { arg: 0 }, relativeTo: 'cwd',
    endedBy: { event: 'message', methods: ['terminate'] },
  },
  {
    library: 'child_process', path: ['fork'], via: 'call', runner: 'child_process', entry: { arg: 0 }, relativeTo: 'cwd',
    endedBy: { event: 'message', methods: ['kill'] },
  },
  // cluster workers run `exec` instead of the entry script; counted by the `cluster.fork()` calls.
  ...['setupPrimary', 'setupMaster'].map((name): ForkTargetRow => ({
    library: 'cluster', path: [name], via: 'call', runner: 'child_process', entry: { arg: 0, option: 'exec' }, relativeTo: 'cwd', countedByForkSites: true,
  })),
  ...(['piscina', 'tinypool'] as const).flatMap((library) =>
    [[], [library === 'piscina' ? 'Piscina' : 'Tinypool']].map((path): ForkTargetRow => ({
      library, path, via: 'new', runner: library, entry: { arg: 0, option: 'filename' }, relativeTo: 'cwd',
      count: { arg: 0, option: 'maxThreads' },
      ...(library === 'tinypool' ? { isolateOption: { arg: 0, option: 'isolateWorkers' } } : {}),
    })),
  ),
  {
    library: 'workerpool', path: ['pool'], via: 'call', runner: 'workerpool', entry: { arg: 0 }, relativeTo: 'cwd',
    count: { arg: LAST_OBJECT, option: 'maxWorkers' },
  },
  // poolifier: `new FixedThreadPool(n, file)`, `new DynamicThreadPool(min, max, file)`.
  ...['FixedThreadPool', 'FixedClusterPool'].map((name): ForkTargetRow => ({
    library: 'poolifier', path: [name], via: 'new', runner: 'poolifier', entry: { arg: 1 }, relativeTo: 'cwd', count: { arg: 0 },
  })),
  ...['DynamicThreadPool', 'DynamicClusterPool'].map((name): ForkTargetRow => ({
    library: 'poolifier', path: [name], via: 'new', runner: 'poolifier', entry: { arg: 2 }, relativeTo: 'cwd', count: { arg: 1 },
  })),
  {
    library: 'jest-worker', path: ['Worker'], via: 'new', runner: 'jest-worker', entry: { arg: 0 }, relativeTo: 'cwd',
    count: { arg: 1, option: 'numWorkers' }, parentLoadsUnless: { arg: 1, option: 'exposedMethods' },
  },
  // A bullmq Worker given a file path runs its jobs in sandboxed children, up to `concurrency` of them.
  {
    library: 'bullmq', path: ['Worker'], via: 'new', runner: 'bullmq-sandboxed', entry: { arg: 1 }, relativeTo: 'cwd',
    count: { arg: 2, option: 'concurrency' },
  },
  // threads.js resolves a relative path against the calling file (implementation.node.js:65-88).
  { library: 'threads', path: ['Worker'], via: 'new', runner: 'worker_threads', entry: { arg: 0 }, relativeTo: 'file' },
  {
    library: 'node-worker-threads-pool', path: ['StaticPool'], via: 'new', runner: 'worker_threads', entry: { arg: 0, option: 'task' },
    relativeTo: 'cwd', count: { arg: 0, option: 'size' },
  },
  {
    library: 'bree', path: [], via: 'new', runner: 'bree', entry: { arg: 0, option: 'root' }, relativeTo: 'cwd',
    jobs: { arg: 0, list: 'jobs', root: 'root', defaultRoot: 'jobs', extension: '.js' },
  },
  // node-cron 4: a file path instead of a function is a background task, run in a child
  // process that imports it once and calls its exported `task` on every tick
  // (node-cron@4.6.0 dist/node-cron.js:379, 648-680; dist/daemon.js:47-53).
  ...['schedule', 'createTask'].map((name): ForkTargetRow => ({
    library: 'node-cron', path: [name], via: 'call', runner: 'exports', entry: { arg: 1 }, relativeTo: 'file',
  })),
  // agenda: a job defined with `forkMode: true` runs each time in a new child process running
  // the `forkHelper` script, at most `maxConcurrency` at once (agenda@6.2.6 dist/Job.js:501-511).
  ...[['Agenda'], []].map((path): ForkTargetRow => ({
    library: 'agenda', path, via: 'new', runner: 'child_process', entry: { arg: 0, option: ['forkHelper', 'path'] }, relativeTo: 'cwd',
    count: { arg: 0, option: 'maxConcurrency' },
  })),
];

/**
 * A method of a tracked object that runs a named file in other processes: the file is the
 * call's last argument, and a number right before it is how many run at once (else one).
 */
export interface ForkMethodRow {
  /** The entity id of the object (`bull.Queue`). */
  readonly entity: string;
  readonly method: string;
  /** The library to import for a file to be a candidate parent. */
  readonly library: string;
  readonly runner: RunnerKind;
  readonly relativeTo: 'cwd' | 'file';
  /**
   * A function given instead of the file is a task run in this process for every job,
   * the process living on for the next (bull's `queue.process(fn)`): its runner and label.
   */
  readonly inProcess?: { readonly runner: RunnerKind; readonly taskLabel: TaskLabel };
}

export const FORK_METHODS: readonly ForkMethodRow[] = [
  // bull: `queue.process([name], [concurrency], file)` with a path runs the file's export in
  // forked children of a child pool, one per job in flight, so up to `concurrency` (default
  // 1); the path is checked with fs.existsSync, so a relative one is against the working
  // directory (bull@4.16.5 lib/queue.js:668-724, lib/process/child-pool.js:44-60, master.js:48-66).
  // A function handler runs in the process that called `process()` instead; a string one goes to
  // the child pool (lib/queue.js Queue#setHandler: `handler.bind(this)` against
  // `sandbox(handler, this.childPool)`, in bull 3 and 4).
  {
    entity: 'bull.Queue', method: 'process', library: 'bull', runner: 'bull-sandboxed', relativeTo: 'cwd',
    inProcess: { runner: 'bull', taskLabel: { named: "the processor of bull jobs '{name}'", unnamed: 'the bull processor', nameArg: 0 } },
  },
];

/**
 * A function given where the fork target takes the file is a task run in this process: the
 * library's worker API takes its task function at that argument (bullmq `new Worker(queue, fn)`).
 */
export function takesProcessorFunction(row: ForkTargetRow): boolean {
  return WORKER_APIS[workerApiKey(row.library, row.path)]?.tasks === row.entry.arg && row.entry.option === undefined;
}

/** Tracker rows for the APIs above that no other table tracks. */
export const FORK_TARGET_MODULES: readonly ModuleRow[] = [
  { library: 'threads', specifiers: ['threads'], apis: [{ path: ['Worker'], via: 'new' }] },
  { library: 'node-cron', specifiers: ['node-cron'], apis: [{ path: ['schedule'], via: 'call' }, { path: ['createTask'], via: 'call' }] },
  { library: 'agenda', specifiers: ['agenda'], apis: [{ path: ['Agenda'], via: 'new' }, { path: [], via: 'new' }] },
];
