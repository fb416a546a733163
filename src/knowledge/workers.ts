/**
 * The worker side of each runner: what marks a file as a worker entry, where its task
 * functions are, what shuts it down, what ends it.
 */
import { LISTENER_REGISTRATIONS } from './emitters.js';
import type { ModuleRow } from './types.js';

/** How a worker entry is run. `exports` is a module whose exported functions are the tasks. */
export type RunnerKind =
  | 'worker_threads'
  | 'child_process'
  | 'workerpool'
  | 'threads'
  | 'poolifier'
  | 'bullmq'
  /** bull: `queue.process([name], [concurrency], fn)`, an in-process processor run for each job. */
  | 'bull'
  /**
   * A module whose export another file registers as an in-process processor (bullmq
   * `new Worker(queue, processEmail)`, bull `queue.process(processEmail)`, the function
   * imported): that export runs for every job of the process that registered it.
   */
  | 'imported-processor'
  | 'piscina'
  | 'tinypool'
  | 'bullmq-sandboxed'
  /** bull: `queue.process(file)`, the file's export run in forked children. */
  | 'bull-sandboxed'
  /** jest-worker: the module's exported functions are the methods the parent calls. */
  | 'jest-worker'
  /** Bree: a new worker thread for every run of the job; the job file is its work. */
  | 'bree'
  | 'exports';

/** What a listener registered for an event is to the worker. */
type EventRole = 'task' | 'shutdown';

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
  /**
   * A listener for one of its `task` events is the worker's message handler: how reports
   * name it, `{receiver}` standing for the object it is registered on as written.
   * Registering one marks the file as a worker entry of `runner`.
   */
  readonly messageHandler?: string;
  /** The argument that holds the task function, or an object of task methods. */
  readonly tasks?: number;
  /** An option of the registering call that runs that many tasks at once (bullmq `concurrency`). */
  readonly concurrencyOption?: { readonly arg: number; readonly name: string };
  /** How reports name the tasks registered through it; DEFAULT_TASK_LABEL when unset. */
  readonly taskLabel?: TaskLabel;
  /** Options whose function values run when the worker is shut down. */
  readonly shutdownOptions?: { readonly arg: number; readonly names: readonly string[] };
  /**
   * The runner's own hook that a close a task must not make moves to: one of this row's
   * shutdown events or shutdown options. SHUTDOWN_HOOKS is derived from these.
   */
  readonly preferredHook?: PreferredHook;
  /** Calling it ends the process or thread. For objects: the methods that do (`parentPort.close()`). */
  readonly exits?: true | readonly string[];
}

/** How reports name a task function. */
export interface TaskLabel {
  /** With a name, `{name}` standing for it: "workerpool task `{name}`". */
  readonly named: string;
  /** Without one: "the workerpool task". */
  readonly unnamed: string;
  /**
   * The name is the constant string at this argument of the registration (bullmq's queue
   * name) rather than the task's key in an object of task methods.
   */
  readonly nameArg?: number;
}

export const DEFAULT_TASK_LABEL: TaskLabel = { named: 'task `{name}`', unnamed: 'the task' };

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

/** How a runner's worker hears that it is shut down, as its row says it; see ShutdownHook. */
type PreferredHook = {
  /** When the hook runs, in the words of the suggestion ("…, which runs {covers}"). */
  readonly covers: string;
  /**
   * The runner ends its workers without letting the event loop run empty (`process.exit()`,
   * `worker.terminate()`): no other hook runs there, not even the last resort.
   */
  readonly only?: true;
} & (
  /** A `once` listener for a shutdown event of the row, on the object the task's message handler listens on (`parentPort`). */
  | { readonly on: 'receiver'; readonly event: string }
  /** A `once` listener for a shutdown event of the row, on a global object. */
  | { readonly on: 'global'; readonly object: string; readonly event: string }
  /** A `once` listener for a shutdown event of the row, on the object the registration makes, when a variable holds it. */
  | { readonly on: 'registration'; readonly event: string }
  /** One of the row's shutdown options. */
  | {
    readonly on: 'option';
    readonly option: string;
    /** The runner awaits the hook only when it is an async function (it tests the function's constructor). */
    readonly async?: true;
  }
);

// 'disconnect' fires on the parent's disconnect() or exit; kill() ends the child first.
const DISCONNECT_HOOK: PreferredHook = { on: 'global', object: 'process', event: 'disconnect', covers: 'when the parent disconnects or exits, not on `kill()`' };

const processListeners = Object.fromEntries(
  [...LISTENER_REGISTRATIONS].map((method) => [
    `process:${method}`,
    { runner: 'child_process', events: PROCESS_EVENTS, messageHandler: 'the `process` message handler', preferredHook: DISCONNECT_HOOK } satisfies WorkerApi,
  ]),
);

/**
 * poolifier@5.3.2 (lib/index.cjs, tested): the pool's destroy() and the removal of an idle
 * dynamic worker send the worker a kill message; the worker runs `killHandler`, awaiting it
 * only when it is an async function, and the pool waits at most 1000 ms for its answer before
 * it terminates the worker. Nothing else of the worker runs after that.
 */
const KILL_HANDLER: PreferredHook = {
  on: 'option', option: 'killHandler', async: true, only: true,
  covers: 'when the pool destroys the worker (`destroy()`, an idle dynamic worker), for up to a second',
};

const POOLIFIER_TASKS: TaskLabel = { named: 'poolifier task `{name}`', unnamed: 'the poolifier task' };

/** Keyed by `library:path` of the tracked API (the path joined with dots). */
export const WORKER_APIS: Readonly<Record<string, WorkerApi>> = {
  'worker_threads:parentPort': {
    runner: 'worker_threads', entry: true, events: { message: 'task', close: 'shutdown' }, exits: ['close'],
    messageHandler: 'the `{receiver}` message handler',
    // The port emits 'close' on parentPort.close() only: not on worker.terminate(), the main
    // thread's exit or process.exit() in the worker (checked on Node 20 and 22).
    preferredHook: { on: 'receiver', event: 'close', covers: 'when the worker closes its port, not on `worker.terminate()`' },
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
  // terminateAndExit(): the terminate message the pool sends (pool.terminate(), a task's timeout
  // or cancel) runs onTerminate and awaits it before process.exit(); a worker still busy after
  // workerTerminateTimeout is killed.
  'workerpool:worker': {
    runner: 'workerpool', entry: true, tasks: 0, shutdownOptions: { arg: 1, names: ['onTerminate'] },
    taskLabel: { named: 'workerpool task `{name}`', unnamed: 'the workerpool task' },
    preferredHook: { on: 'option', option: 'onTerminate', covers: 'when the pool terminates the worker', only: true },
  },
  'threads:expose': { runner: 'threads', entry: true, tasks: 0, taskLabel: { named: 'threads.js task `{name}`', unnamed: 'the threads.js task' } },
  // poolifier WorkerOptions.killHandler: see KILL_HANDLER.
  'poolifier:ThreadWorker': {
    runner: 'poolifier', entry: true, tasks: 0, shutdownOptions: { arg: 1, names: ['killHandler'] }, taskLabel: POOLIFIER_TASKS, preferredHook: KILL_HANDLER,
  },
  'poolifier:ClusterWorker': {
    runner: 'poolifier', entry: true, tasks: 0, shutdownOptions: { arg: 1, names: ['killHandler'] }, taskLabel: POOLIFIER_TASKS, preferredHook: KILL_HANDLER,
  },
  // An in-process processor: the queue consumer lives on and runs the next job. Not a thread.
  'bullmq:Worker': {
    runner: 'bullmq', tasks: 1, events: { closing: 'shutdown', closed: 'shutdown' },
    taskLabel: { named: "the processor of bullmq queue '{name}'", unnamed: 'the bullmq processor', nameArg: 0 },
    concurrencyOption: { arg: 2, name: 'concurrency' },
    // Worker.close() emits 'closing' first, while jobs still run, and 'closed' once they have ended.
    preferredHook: { on: 'registration', event: 'closed', covers: 'once `close()` has let the running jobs finish' },
  },
};

/**
 * How a runner's worker hears that it is shut down: where a close that a task must not make
 * goes instead. None runs on every end of a worker, so each says what it covers. An option
 * hook knows its argument here, from the row's `shutdownOptions`.
 */
export type ShutdownHook = Exclude<PreferredHook, { on: 'option' }> | (Extract<PreferredHook, { on: 'option' }> & { readonly arg: number });

/** The row's preferred hook, checked against its shutdown events and options. */
function shutdownHookOf(key: string, api: WorkerApi, hook: PreferredHook): ShutdownHook {
  if (hook.on !== 'option') {
    if (api.events?.[hook.event] !== 'shutdown') throw new Error(`knowledge base: ${key} prefers '${hook.event}', not one of its shutdown events`);
    return hook;
  }
  if (!api.shutdownOptions?.names.includes(hook.option)) throw new Error(`knowledge base: ${key} prefers '${hook.option}', not one of its shutdown options`);
  return { ...hook, arg: api.shutdownOptions.arg };
}

/** The runners' own shutdown hooks, from the rows that name one (the first row of a runner wins; its rows agree). */
export const SHUTDOWN_HOOKS: Readonly<Partial<Record<RunnerKind, ShutdownHook>>> = Object.fromEntries(
  Object.entries(WORKER_APIS)
    .flatMap(([key, api]) => (api.runner && api.preferredHook ? [[api.runner, shutdownHookOf(key, api, api.preferredHook)] as const] : []))
    .reverse(),
);

/** Where a runner has no hook of its own, or it cannot be written: the process's event loop running empty. */
export const LAST_RESORT_HOOK: ShutdownHook = {
  on: 'global', object: 'process', event: 'beforeExit', covers: 'when the event loop runs empty, not on `process.exit()` or a signal',
};

/** Runners whose worker entry exports its task functions (default, `module.exports`, named). */
export const EXPORTED_TASK_RUNNERS: ReadonlySet<RunnerKind> = new Set(['piscina', 'tinypool', 'bullmq-sandboxed', 'bull-sandboxed', 'jest-worker', 'exports', 'imported-processor']);

/** Runners whose entry may be run once: its work is its top-level code or a `once` handler. */
export const RUN_ONCE_RUNNERS: ReadonlySet<RunnerKind> = new Set(['worker_threads', 'child_process', 'bree', 'exports']);

/** Runners that start a fresh worker for every run: the entry is run once whatever listeners it has. */
export const PER_RUN_RUNNERS: ReadonlySet<RunnerKind> = new Set(['bree']);

/**
 * Calls that keep a worker running after its top-level code: a server, a timer, a
 * subscription, a consumer, or a listener (an `every` emitter method) for any event but
 * `idleEvents`. Matched by name alone, the receiver unresolved: they are asked only of a
 * possible run-once entry, and a match only ever silences a report.
 */
export const LONG_LIVED_CALLS: {
  /** Called as a plain function: `setInterval(...)`, `createServer(...)`. */
  readonly functions: ReadonlySet<string>;
  /** Called as a method: `server.listen()`, `subscriber.subscribe()`, `channel.consume()`. */
  readonly methods: ReadonlySet<string>;
  /** Listeners for these events do not keep a worker busy: error handlers and shutdown signals. */
  readonly idleEvents: RegExp;
} = {
  functions: new Set(['setInterval', 'createServer']),
  methods: new Set(['listen', 'createServer', 'subscribe', 'psubscribe', 'consume', 'setInterval']),
  idleEvents: /^(?:error|SIG[A-Z]+|exit|beforeExit|disconnect|close)$/,
};

/** What a shutdown command in a message is called: `msg === 'stop'`, `msg.type === 'shutdown'`. */
export const SHUTDOWN_COMMANDS: ReadonlySet<string> = new Set([
  'shutdown', 'stop', 'close', 'exit', 'terminate', 'quit', 'disconnect', 'kill', 'dispose', 'halt', 'end',
]);

/**
 * What a setup command in a message is called: `msg.type === 'init'`. A worker is sent it
 * once, so what its branch makes and keeps in a module holder is made once per worker.
 */
export const INIT_COMMANDS: ReadonlySet<string> = new Set(['init', 'initialize', 'initialise', 'setup', 'configure', 'config', 'connect']);

/** APIs tracked only for the worker side; their meaning is in WORKER_APIS. */
export const WORKER_MODULES: readonly ModuleRow[] = [
  {
    library: 'worker_threads', specifiers: ['worker_threads'], builtin: true,
    apis: [{ path: ['workerData'], via: 'read' }, { path: ['isMainThread'], via: 'read' }],
  },
  {
    library: 'process', specifiers: ['process'], builtin: true, global: 'process',
    apis: [...LISTENER_REGISTRATIONS, 'exit', 'disconnect', 'abort'].map((name) => ({ path: [name], via: 'call' as const })),
  },
  {
    library: 'cluster', specifiers: ['cluster'], builtin: true,
    apis: [{ path: ['isPrimary'], via: 'read' }, { path: ['isMaster'], via: 'read' }, { path: ['isWorker'], via: 'read' }],
  },
  { library: 'workerpool', specifiers: ['workerpool'], apis: [{ path: ['worker'], via: 'call' }] },
  { library: 'threads', specifiers: ['threads/worker'], apis: [{ path: ['expose'], via: 'call' }] },
  { library: 'poolifier', specifiers: ['poolifier'], apis: [{ path: ['ThreadWorker'], via: 'new' }, { path: ['ClusterWorker'], via: 'new' }] },
];

export function workerApiKey(library: string, path: readonly string[]): string {
  return `${library}:${path.join('.')}`;
}
