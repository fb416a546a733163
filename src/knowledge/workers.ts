/**
 * The worker side of each runner: what marks a file as a worker entry, where its task
 * functions are, what shuts it down, what ends it.
 */
import type { ModuleRow } from './types.js';

/** How a worker entry is run. `exports` is a module whose exported functions are the tasks. */
export type RunnerKind =
  | 'worker_threads'
  | 'child_process'
  | 'workerpool'
  | 'threads'
  | 'poolifier'
  | 'bullmq'
  | 'piscina'
  | 'tinypool'
  | 'bullmq-sandboxed'
  /** jest-worker: the module's exported functions are the methods the parent calls. */
  | 'jest-worker'
  /** Bree: a new worker thread for every run of the job; the job file is its work. */
  | 'bree'
  | 'exports';

/** What a listener registered for an event is to the worker. */
export type EventRole = 'task' | 'shutdown';

/** The worker-side meaning of a tracked API, keyed by `library:path` in WORKER_APIS. */
export interface WorkerApi {
  readonly runner?: RunnerKind;
  /** Using it marks the file as a worker entry (`parentPort`, `workerData`, `process.send`). */
  readonly entry?: boolean;
  /** Using it means the file also runs as the main thread (`isMainThread`). */
  readonly main?: boolean;
  /**
   * Listener registrations: on the API itself when it is a listener method
   * (`process.on`), otherwise on the object it yields (`parentPort.on`, `worker.on`).
   */
  readonly events?: Readonly<Record<string, EventRole>>;
  /** The argument that holds the task function, or an object of task methods. */
  readonly tasks?: number;
  /** An option of the registering call that runs that many tasks at once (bullmq `concurrency`). */
  readonly concurrencyOption?: { readonly arg: number; readonly name: string };
  /** Options whose function values run when the worker is shut down. */
  readonly shutdownOptions?: { readonly arg: number; readonly names: readonly string[] };
  /** Calling it ends the process or thread. For objects: the methods that do (`parentPort.close()`). */
  readonly exits?: true | readonly string[];
  /** Calling it closes the module's own default connection (`mongoose.disconnect()`). */
  readonly closesDefault?: string;
}

/** Listener methods and whether the listener runs once. */
export const LISTENER_METHODS: Readonly<Record<string, 'every' | 'once'>> = {
  on: 'every',
  addListener: 'every',
  prependListener: 'every',
  once: 'once',
  prependOnceListener: 'once',
};

const PROCESS_EVENTS: Readonly<Record<string, EventRole>> = {
  message: 'task',
  SIGTERM: 'shutdown',
  SIGINT: 'shutdown',
  SIGHUP: 'shutdown',
  SIGQUIT: 'shutdown',
  SIGBREAK: 'shutdown',
  exit: 'shutdown',
  beforeExit: 'shutdown',
  disconnect: 'shutdown',
};

const processListeners = Object.fromEntries(
  Object.keys(LISTENER_METHODS).map((method) => [`process:${method}`, { runner: 'child_process', events: PROCESS_EVENTS } satisfies WorkerApi]),
);

/** Keyed by `library:path` of the tracked API (the path joined with dots). */
export const WORKER_APIS: Readonly<Record<string, WorkerApi>> = {
  'worker_threads:parentPort': {
    runner: 'worker_threads', entry: true, events: { message: 'task', close: 'shutdown' }, exits: ['close'],
  },
  'worker_threads:workerData': { runner: 'worker_threads', entry: true },
  'worker_threads:isMainThread': { main: true },
  'cluster:isPrimary': { main: true },
  'cluster:isMaster': { main: true },
  'cluster:isWorker': { main: true },
  'process:send': { runner: 'child_process', entry: true },
  ...processListeners,
  'process:exit': { exits: true },
  'process:disconnect': { exits: true },
  'process:abort': { exits: true },
  // workerpool/src/worker.js register(): `onTerminate` runs in the worker when the pool terminates it.
  'workerpool:worker': { runner: 'workerpool', entry: true, tasks: 0, shutdownOptions: { arg: 1, names: ['onTerminate'] } },
  'threads:expose': { runner: 'threads', entry: true, tasks: 0 },
  // poolifier WorkerOptions.killHandler runs when the pool kills the worker.
  'poolifier:ThreadWorker': { runner: 'poolifier', entry: true, tasks: 0, shutdownOptions: { arg: 1, names: ['killHandler'] } },
  'poolifier:ClusterWorker': { runner: 'poolifier', entry: true, tasks: 0, shutdownOptions: { arg: 1, names: ['killHandler'] } },
  // An in-process processor: the queue consumer lives on and runs the next job. Not a thread.
  'bullmq:Worker': { runner: 'bullmq', tasks: 1, events: { closing: 'shutdown', closed: 'shutdown' }, concurrencyOption: { arg: 2, name: 'concurrency' } },
  'mongoose:disconnect': { closesDefault: 'mongoose.Mongoose' },
  'mssql:close': { closesDefault: 'mssql.ConnectionPool' },
};

/** Runners whose worker entry exports its task functions (default, `module.exports`, named). */
export const EXPORTED_TASK_RUNNERS: ReadonlySet<RunnerKind> = new Set(['piscina', 'tinypool', 'bullmq-sandboxed', 'jest-worker', 'exports']);

/** Runners whose entry may be run once: its work is its top-level code or a `once` handler. */
export const RUN_ONCE_RUNNERS: ReadonlySet<RunnerKind> = new Set(['worker_threads', 'child_process', 'bree', 'exports']);

/** Runners that start a fresh worker for every run: the entry is run once whatever listeners it has. */
export const PER_RUN_RUNNERS: ReadonlySet<RunnerKind> = new Set(['bree']);

/** What a shutdown command in a message is called: `msg === 'stop'`, `msg.type === 'shutdown'`. */
export const SHUTDOWN_COMMANDS: ReadonlySet<string> = new Set([
  'shutdown', 'stop', 'close', 'exit', 'terminate', 'quit', 'disconnect', 'kill', 'dispose',
]);

/** APIs tracked only for the worker side; their meaning is in WORKER_APIS. */
export const WORKER_MODULES: readonly ModuleRow[] = [
  {
    library: 'worker_threads', specifiers: ['worker_threads'], builtin: true,
    apis: [{ path: ['workerData'], via: 'read' }, { path: ['isMainThread'], via: 'read' }],
  },
  {
    library: 'process', specifiers: ['process'], builtin: true, global: 'process',
    apis: [...Object.keys(LISTENER_METHODS), 'exit', 'disconnect', 'abort'].map((name) => ({ path: [name], via: 'call' as const })),
  },
  {
    library: 'cluster', specifiers: ['cluster'], builtin: true,
    apis: [{ path: ['isPrimary'], via: 'read' }, { path: ['isMaster'], via: 'read' }, { path: ['isWorker'], via: 'read' }],
  },
  { library: 'workerpool', specifiers: ['workerpool'], apis: [{ path: ['worker'], via: 'call' }] },
  { library: 'threads', specifiers: ['threads/worker'], apis: [{ path: ['expose'], via: 'call' }] },
  { library: 'poolifier', specifiers: ['poolifier'], apis: [{ path: ['ThreadWorker'], via: 'new' }, { path: ['ClusterWorker'], via: 'new' }] },
  { library: 'mongoose', specifiers: ['mongoose'], apis: [{ path: ['disconnect'], via: 'call' }] },
  { library: 'mssql', specifiers: ['mssql', 'mssql/msnodesqlv8'], apis: [{ path: ['close'], via: 'call' }] },
];

export function workerApiKey(library: string, path: readonly string[]): string {
  return `${library}:${path.join('.')}`;
}
