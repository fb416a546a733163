/**
 * What the file registers with a runner, read from its tracked APIs and from calls on the
 * objects they yield: in-file entry signals, task functions (`workerpool.worker({...})`),
 * message handlers (`parentPort.on('message')`), shutdown hooks and exits.
 */
import { getStringIfConstant } from '@eslint-community/eslint-utils';
import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import { LISTENER_REGISTRATIONS, listenerAction } from '../../knowledge/emitters.js';
import { WORKER_APIS, workerApiKey, type WorkerApi } from '../../knowledge/workers.js';
import type { FunctionNode, Node } from '../../util/ast.js';
import { optionNode } from '../../util/options.js';
import { forkMethodCall } from '../fork-methods.js';
import type { TrackedNode } from '../imports.js';
import type { Access, Values } from '../values.js';
import { externalEntries } from './entries.js';
import { functionsOf } from './function-values.js';
import { messageHandlerLabel, registeredTaskLabel } from './labels.js';
import { addTask, emptyTaskSet, type TaskSet } from './task-set.js';
import type { ExternalEntry, MessageHandler, WorkerEntry } from './types.js';

type Source = Readonly<TSESLint.SourceCode>;

interface Registrations {
  /** The external entries first, then the file's own signals in source order. */
  readonly entries: WorkerEntry[];
  /** Something says the file also runs as the main thread (`isMainThread`). */
  mainSignal: boolean;
  /** Registered task functions; message handlers and exports are added later. */
  readonly tasks: TaskSet;
  readonly hooks: Set<FunctionNode>;
  readonly exitCalls: Set<Node>;
  readonly messageHandlers: MessageHandler[];
}

interface RegistrationsInput {
  readonly sourceCode: Source;
  readonly tracked: readonly TrackedNode[];
  readonly values: Values;
  readonly external: readonly ExternalEntry[];
}

/** `x.on('event', handler)` as written: the call, its method and the object it is called on. */
interface Listener {
  readonly call: TSESTree.CallExpression;
  readonly method: string;
  readonly receiver: Node;
}

export function collectRegistrations(input: RegistrationsInput): Registrations {
  const found: Registrations = {
    entries: externalEntries(input.external),
    mainSignal: false,
    tasks: emptyTaskSet(),
    hooks: new Set(),
    exitCalls: new Set(),
    messageHandlers: [],
  };
  for (const node of input.tracked) fromTrackedApi(found, node, input.sourceCode);
  // Listeners on objects a tracked API yields: `parentPort.on`, `worker.on`.
  for (const access of input.values.accesses) fromAccess(found, access, input.sourceCode);
  return found;
}

function workerApiOf(tracked: { api?: { path: readonly string[] }; module?: { library: string } } | undefined): WorkerApi | undefined {
  if (!tracked?.api || !tracked.module) return undefined;
  return WORKER_APIS[workerApiKey(tracked.module.library, tracked.api.path)];
}

function fromTrackedApi(found: Registrations, tracked: TrackedNode, sourceCode: Source): void {
  const node = tracked.node;
  const api = workerApiOf(tracked);
  if (!api) return;
  if (api.main) found.mainSignal = true;
  // `!api.tasks` holds for `tasks: 0` too: such an entry is recorded here and again by runnerTasks (entries are only tested with some/every).
  if (api.entry && api.runner && !api.tasks) found.entries.push({ source: 'in-file', runner: api.runner, node });
  if (api.exits === true && tracked.type === 'call') found.exitCalls.add(node);
  if (tracked.type === 'call' && api.events && node.type === 'CallExpression' && node.callee.type === 'MemberExpression') {
    listenerRegistration(found, { call: node, method: tracked.api.path.at(-1)!, receiver: node.callee.object }, api, sourceCode);
  }
  if (api.tasks !== undefined && (node.type === 'CallExpression' || node.type === 'NewExpression')) runnerTasks(found, node, api, sourceCode);
}

function fromAccess(found: Registrations, access: Access, sourceCode: Source): void {
  methodTasks(found, access, sourceCode);
  const api = workerApiOf(access.site.origin);
  if (!api || !access.call || access.name === undefined) return;
  if (Array.isArray(api.exits) && api.exits.includes(access.name)) found.exitCalls.add(access.call);
  if (api.events && LISTENER_REGISTRATIONS.has(access.name)) {
    listenerRegistration(found, { call: access.call, method: access.name, receiver: access.site.node }, api, sourceCode);
  }
}

/** `queue.process('email', 5, sendEmail)` on a bull queue, made here or imported: a function given for the file is a task. */
function methodTasks(found: Registrations, access: Access, sourceCode: Source): void {
  const method = forkMethodCall(access);
  const inProcess = method?.row.inProcess;
  if (!method || !inProcess) return;
  const { call } = method;
  for (const { fn } of functionsOf(call.arguments.at(-1), sourceCode)) addTask(found.tasks, fn, inProcess.runner, registeredTaskLabel(inProcess.taskLabel, undefined, call, sourceCode), call);
}

/** A listener for one of the API's events: a shutdown hook, or a message handler. */
function listenerRegistration(found: Registrations, listener: Listener, api: WorkerApi, sourceCode: Source): void {
  const { call, method, receiver } = listener;
  const action = listenerAction(method);
  const first = call.arguments[0];
  const event = first ? getStringIfConstant(first as never, sourceCode.getScope(call) as never) : null;
  if ((action !== 'every' && action !== 'once') || event == null || !api.events || !Object.hasOwn(api.events, event)) return;
  const handler = call.arguments[1];
  if (api.events[event] === 'shutdown') {
    addHooks(found.hooks, handler, sourceCode);
    return;
  }
  // Every row with `task` events names its message handler; a row without one has none.
  if (!api.runner || api.messageHandler === undefined) return;
  found.entries.push({ source: 'in-file', runner: api.runner, node: call });
  const label = messageHandlerLabel(api.messageHandler, receiver, sourceCode);
  for (const { fn } of functionsOf(handler, sourceCode)) {
    found.messageHandlers.push({ fn, runner: api.runner, registration: call, receiver, once: action === 'once', label });
  }
}

/** `workerpool.worker({ resize })`, `new Worker('q', processor)`: the tasks and the shutdown options. */
function runnerTasks(found: Registrations, call: TSESTree.CallExpression | TSESTree.NewExpression, api: WorkerApi, sourceCode: Source): void {
  const runner = api.runner!;
  if (api.entry) found.entries.push({ source: 'in-file', runner, node: call });
  for (const { fn, name } of functionsOf(call.arguments[api.tasks!], sourceCode)) {
    const extras = api.concurrencyOption ? { concurrencyOption: api.concurrencyOption } : {};
    addTask(found.tasks, fn, runner, registeredTaskLabel(api.taskLabel, name, call, sourceCode), call, extras);
  }
  const shutdown = api.shutdownOptions;
  if (!shutdown) return;
  for (const name of shutdown.names) addHooks(found.hooks, optionNode(call.arguments[shutdown.arg], name, sourceCode), sourceCode);
}

function addHooks(hooks: Set<FunctionNode>, node: Node | undefined, sourceCode: Source): void {
  for (const { fn } of functionsOf(node, sourceCode)) hooks.add(fn);
}
