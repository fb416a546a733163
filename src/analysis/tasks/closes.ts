/**
 * Findings of `no-close-in-worker-task`: a task (or a helper only tasks call) closes a
 * connection that is the worker's own, made outside the task or kept in a per-worker
 * holder, so the next task on that worker finds it closed.
 */
import { findVariable } from '@eslint-community/eslint-utils';
import type { TSESTree } from '@typescript-eslint/utils';
import { holderLabel } from '../../knowledge/index.js';
import { isAncestor, isFunction, walk, type FunctionNode, type Node } from '../../util/ast.js';
import { enclosingFunction } from '../functions.js';
import { accessKind } from '../lifecycle.js';
import type { Access, Binding, Origin } from '../values.js';
import type { TaskFunction } from '../workers.js';
import { bindingsOf, type Creation, type TaskContext } from './context.js';
import { holderResetWith, lazilyKept } from './holders.js';
import { creation, declaredInside, madeByTask } from './ownership.js';
import type { TaskClose } from './types.js';

/** The task a close runs in, unless it runs at shutdown or right before the worker exits. */
interface CloseContext {
  readonly task: TaskFunction;
  readonly viaHelper: boolean;
}

export function taskCloses(context: TaskContext): TaskClose[] {
  const closes: TaskClose[] = [];
  // A worker used for one task only: closing its connection in the task is right.
  if (context.workers.freshPerTask) return closes;
  for (const access of context.values.accesses) {
    const close = accessClose(context, access);
    if (close) closes.push(close);
  }
  return closes;
}

/** `pool.end()`, `mongoose.disconnect()` or `closeDB()` in a task, on a connection that is not the task's own. */
function accessClose(context: TaskContext, access: Access): TaskClose | undefined {
  if (!access.call || access.name === undefined || accessKind(access) !== 'close') return undefined;
  const where = closeContext(context, access.call);
  if (!where) return undefined;
  const task = where.task.node;
  const { origin } = access.site;
  const created = creation(context, origin);
  if (created && madeByTask(context, created, task)) return undefined;
  // `pool ??= new Pool()` … `pool = undefined; p.end()`: the next task makes a new one.
  if (created && lazilyKept(context, created.node, task) && holderResetWith(context, created.node, access.call)) return undefined;
  // `await connectDB()` … `await closeDB()` in the same task: a pool per task, not a close of the worker's (see connections).
  if (origin.held && connectsBefore(context, origin, access.call, task)) return undefined;
  const fallback = access.site.binding?.name ?? context.sourceCode.getText(access.site.node);
  return {
    call: access.call,
    method: access.name,
    name: origin.held ? heldName(context, access, fallback) : workerName(context, origin, task, access.site.binding, fallback),
    entity: access.site.entity,
    task: where.task,
    viaHelper: where.viaHelper,
    checkout: created ? checkoutFrom(context, created, task, access.call) : undefined,
    held: origin.held,
  };
}

/** A held connection is named as written, or for a wrapper called by its own name (`disconnect()`), by its holder here or its library. */
function heldName(context: TaskContext, access: Access, written: string): string {
  if (access.site.node !== access.call?.callee) return written;
  return bindingsOf(context, access.site.origin)[0]?.name ?? holderLabel(access.site.origin.held!.holder);
}

/** The task runs the held connection's connect step before `call`. */
function connectsBefore(context: TaskContext, origin: Origin, call: Node, task: FunctionNode): boolean {
  return context.values.accesses.some(
    (access) => access.site.origin === origin && accessKind(access) === 'connect' && isAncestor(task, access.node) && access.node.range[0] < call.range[0],
  );
}

function closeContext(context: TaskContext, call: Node): CloseContext | undefined {
  const { workers } = context;
  const role = workers.roleOf(call);
  if (role && role.kind !== 'task') return undefined;
  const task = role?.task ?? workers.taskOf(call);
  if (!task) return undefined;
  if (workers.inShutdownBranch(call, task) || followedByExit(context, call)) return undefined;
  return { task, viaHelper: !role };
}

/** The worker exits after the close anyway: a later statement, or `pool.end().then(() => process.exit())`. */
function followedByExit(context: TaskContext, call: Node): boolean {
  const fn = enclosingFunction(call);
  const sameFunction = (exit: Node): boolean => enclosingFunction(exit) === fn;
  let current: Node = call;
  for (let parent = current.parent; parent && !isFunction(parent); current = parent, parent = parent.parent) {
    if (parent.type === 'BlockStatement' || parent.type === 'Program') {
      const after = parent.body.slice(parent.body.indexOf(current as TSESTree.Statement) + 1);
      if (after.some((statement) => exitsIn(context, statement, sameFunction))) return true;
    }
    if (parent.type === 'MemberExpression' && parent.object === current && parent.parent?.type === 'CallExpression' && exitsIn(context, parent.parent)) return true;
  }
  return false;
}

/** `node` holds a call that ends the worker (and that `counts`). */
function exitsIn(context: TaskContext, node: Node, counts: (exit: Node) => boolean = () => true): boolean {
  let exits = false;
  walk(node, context.sourceCode.visitorKeys, (child) => {
    if (context.workers.exitCalls.has(child) && counts(child)) exits = true;
  });
  return exits;
}

/** How the report names the worker's connection: the holder that outlives the task. */
function workerName(context: TaskContext, origin: Origin, task: FunctionNode, through: Binding | undefined, fallback: string): string {
  if (through && !declaredInside(through, task)) return through.name;
  const holder = bindingsOf(context, origin).find((binding) => !declaredInside(binding, task));
  return holder?.name ?? fallback;
}

/** A client the task checked out of the closed connection and never released: the close was meant to be its release. */
function checkoutFrom(context: TaskContext, created: Creation, task: FunctionNode, at: Node): TaskClose['checkout'] {
  const { sourceCode, values } = context;
  for (const binding of values.bindings) {
    const origin = binding.origin;
    const facts = binding.entity.connection;
    if (!facts?.checkedOut || !facts.release?.[0] || !origin.from || !binding.variable) continue;
    if (!isAncestor(task, origin.node) || creation(context, origin.from)?.node !== created.node) continue;
    if (!binding.target || binding.target.type !== 'Identifier') continue;
    if (findVariable(sourceCode.getScope(at) as never, binding.name) !== binding.variable) continue;
    const released = values.accesses.some((access) => access.site.origin === origin && accessKind(access) === 'release');
    if (!released) return { name: binding.name, release: facts.release[0] };
  }
  return undefined;
}
