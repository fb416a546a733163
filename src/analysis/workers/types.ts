/** The shapes of the workers stage: what it says about a file, and what its parts hand each other. */
import type { TSESTree } from '@typescript-eslint/utils';
import type { RunnerKind } from '../../knowledge/workers.js';
import type { FunctionNode, Node } from '../../util/ast.js';
import type { Count } from '../file-summary.js';

type WorkerSource = 'in-file' | 'settings' | 'project-index';

/** Why a file is a worker entry. Several may hold at once. */
export interface WorkerEntry extends EntryDetails {
  readonly source: WorkerSource;
  readonly runner: RunnerKind;
  /** The signal in this file, for in-file entries. */
  readonly node?: Node;
}

/** What the project index knows of the fork site that runs this file. */
interface EntryDetails {
  /** How reports name the fork site: "`new Piscina()` in src/jobs/pool.js". */
  readonly site?: string;
  /** The workers that site starts, when the source says it. */
  readonly count?: Count;
  /** A fresh worker for every task (tinypool `isolateWorkers: true`): module state lives for one task. */
  readonly isolate?: boolean;
  /** The parent loads the module too (jest-worker without `exposedMethods`). */
  readonly parentLoads?: boolean;
  /** The parent ends the worker from a listener of its messages (`worker.terminate()` there). */
  readonly endedOnMessage?: boolean;
  /** Only these exports are the tasks (`default`, `module.exports`, a name); every exported function when unset. */
  readonly taskExports?: readonly string[];
}

/** An entry known from outside the file: settings, or a fork site the project index found. */
export interface ExternalEntry extends EntryDetails {
  readonly source: Exclude<WorkerSource, 'in-file'>;
  readonly runner: RunnerKind;
}

export interface TaskFunction {
  readonly node: FunctionNode;
  readonly runner: RunnerKind;
  /** How reports name it: "the `parentPort` message handler". */
  readonly label: string;
  /** The registration call or export that makes it a task. */
  readonly registration: Node;
  /** The object a message handler was registered on, as written (`parentPort`, `process`, `worker`). */
  readonly receiver?: Node;
  /** The option of the registration call that runs that many of it at once (bullmq `concurrency`), from its row. */
  readonly concurrencyOption?: { readonly arg: number; readonly name: string };
}

export type Role =
  | { readonly kind: 'task'; readonly task: TaskFunction }
  | { readonly kind: 'hook'; readonly hook: FunctionNode }
  | { readonly kind: 'run-once'; readonly work: FunctionNode };

/** The unit of work code runs in, for a connection made there: a task, or the work of a run-once worker. */
export type Work =
  | { readonly kind: 'task'; readonly task: TaskFunction }
  | { readonly kind: 'run-once'; readonly work: FunctionNode | TSESTree.Program };

export interface Workers {
  readonly entries: readonly WorkerEntry[];
  /** The file runs only in a worker (an entry without `isMainThread` branching). */
  readonly isEntry: boolean;
  /** The entry that runs this module afresh for every task (tinypool `isolateWorkers`). */
  readonly freshPerTask?: WorkerEntry;
  readonly tasks: readonly TaskFunction[];
  readonly hooks: readonly FunctionNode[];
  /** Message handlers that run once: `once('message')`, or ending the worker on every path. */
  readonly runOnceHandlers: readonly FunctionNode[];
  /** Every message listener the file registers (`parentPort.on('message', fn)`), tasks and run-once handlers alike. */
  readonly messageHandlers: readonly MessageHandler[];
  /** The entry's own top-level code is its one unit of work. */
  readonly runOnceTopLevel: boolean;
  /** Calls that end the process or thread (`process.exit()`, `parentPort.close()`). */
  readonly exitCalls: ReadonlySet<Node>;
  /** The innermost task, hook or run-once handler that `node` runs in. */
  roleOf(node: Node): Role | undefined;
  /** The task `node` runs in, directly or in a helper function that only tasks call. */
  taskOf(node: Node): TaskFunction | undefined;
  /**
   * The task or run-once work that runs `node` each time it runs: directly, or through
   * callbacks and same-file helpers only that work calls (exported ones too).
   */
  workOf(node: Node): Work | undefined;
  /** `node` runs only when the task's message is a shutdown command. */
  inShutdownBranch(node: Node, task: TaskFunction): boolean;
  /** `node` runs only when the task's message is a setup command (`msg.type === 'init'`), sent once per worker. */
  inInitBranch(node: Node, task: TaskFunction): boolean;
  /** A statement list (or function) ends the process or thread on every path. */
  endsOnEveryPath(body: Node): boolean;
  /**
   * The run that `work` is ends without leaving anything open: an exit on every path, or
   * every parent that starts this file ends the worker when it reports (`worker.terminate()`
   * in its message listener).
   */
  runEnds(work: Node): boolean;
}

/** A message listener (`parentPort.on('message', fn)`): a task, unless the worker ends after it. */
export interface MessageHandler {
  readonly fn: FunctionNode;
  readonly runner: RunnerKind;
  readonly registration: TSESTree.CallExpression;
  readonly receiver: Node;
  /** Registered with `once`: it runs for one message only. */
  readonly once: boolean;
  /** How reports name it should it be a task. */
  readonly label: string;
}
