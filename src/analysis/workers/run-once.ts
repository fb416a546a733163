/**
 * Which work of a worker runs once: a message handler after which the worker ends (`once`,
 * an exit on every path, a runner that starts a worker per run), or the entry's top-level
 * code when it has no tasks and nothing keeps it running.
 */
import type { TSESTree } from '@typescript-eslint/utils';
import { CONNECTION_STATE_EVENTS } from '../../knowledge/connections.js';
import { listenerAction } from '../../knowledge/emitters.js';
import { LONG_LIVED_CALLS } from '../../knowledge/workers.js';
import { memberName, walk, type FunctionNode, type Node } from '../../util/ast.js';
import { allRunOnce } from './entries.js';
import { endsOnEveryPath, type ExitContext } from './exits.js';
import { addTask, type TaskSet } from './task-set.js';
import type { MessageHandler, WorkerEntry } from './types.js';

/** Sorts the message handlers: those that run once are returned, the others become tasks. */
export function splitMessageHandlers(handlers: readonly MessageHandler[], tasks: TaskSet, perRun: boolean, exits: ExitContext): Set<FunctionNode> {
  const runOnce = new Set<FunctionNode>();
  for (const handler of handlers) {
    if (handler.once || perRun || endsOnEveryPath(handler.fn, exits)) runOnce.add(handler.fn);
    else addTask(tasks, handler.fn, handler.runner, handler.label, handler.registration, { receiver: handler.receiver });
  }
  return runOnce;
}

interface TopLevelFacts {
  readonly isEntry: boolean;
  readonly entries: readonly WorkerEntry[];
  readonly taskCount: number;
  readonly exportsSomething: boolean;
  readonly handlers: readonly MessageHandler[];
  readonly runOnceHandlers: ReadonlySet<FunctionNode>;
  readonly perRun: boolean;
  readonly program: TSESTree.Program;
  readonly exits: ExitContext;
}

/** The entry's own top-level code is its one unit of work. */
export function runsOnceAtTopLevel(facts: TopLevelFacts): boolean {
  const candidate =
    facts.isEntry &&
    facts.taskCount === 0 &&
    !facts.exportsSomething &&
    allRunOnce(facts.entries) &&
    facts.handlers.every((handler) => facts.runOnceHandlers.has(handler.fn));
  return candidate && (facts.perRun || !keepsRunning(facts.program, facts.exits));
}

/**
 * Whether the file keeps its worker running after its top-level work (LONG_LIVED_CALLS).
 * Only asked of a possible run-once entry, so the walk is rare.
 */
function keepsRunning(program: TSESTree.Program, exits: ExitContext): boolean {
  let found = false;
  walk(program, exits.visitorKeys, (node) => {
    if (!found && node.type === 'CallExpression' && !exits.exitCalls.has(node)) found = isLongLivedCall(node);
  });
  return found;
}

function isLongLivedCall(call: TSESTree.CallExpression): boolean {
  const callee = call.callee;
  if (callee.type === 'Identifier') return LONG_LIVED_CALLS.functions.has(callee.name);
  if (callee.type !== 'MemberExpression') return false;
  const name = memberName(callee);
  if (!name) return false;
  if (LONG_LIVED_CALLS.methods.has(name)) return true;
  return listenerAction(name) === 'every' && !isIdleEvent(call.arguments[0]) && !isEmptyStateListener(call);
}

/**
 * `client.on('connect', function () {})`: an empty listener for a connection's own state
 * keeps no work running (what keeps the worker running then is the connection itself).
 * A `message` or `data` listener, even empty, keeps its channel or stream going.
 */
function isEmptyStateListener(call: TSESTree.CallExpression): boolean {
  const [event, listener] = call.arguments;
  return event?.type === 'Literal' && typeof event.value === 'string' && CONNECTION_STATE_EVENTS.has(event.value) && isEmptyFunction(listener);
}

function isEmptyFunction(listener: Node | undefined): boolean {
  if (listener?.type !== 'FunctionExpression' && listener?.type !== 'ArrowFunctionExpression') return false;
  return listener.body.type === 'BlockStatement' && listener.body.body.length === 0;
}

function isIdleEvent(event: Node | undefined): boolean {
  const text = event?.type === 'Literal' ? event.value : undefined;
  return typeof text === 'string' && LONG_LIVED_CALLS.idleEvents.test(text);
}
