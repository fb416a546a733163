/**
 * Connections made in helpers: a same-file function that a task or the run-once work
 * calls (workers' `workOf`). The helper's one call is what makes the connection, so its
 * holders and its paths decide, and what the helper keeps or hands on is not its to close.
 */
import { isAncestor, isFunction, type FunctionNode, type Node } from '../../util/ast.js';
import { enclosingFunction, functionReferences, functionVariable } from '../functions.js';
import type { Origin } from '../values.js';
import type { TaskFunction, Work } from '../workers.js';
import { chainAfter, chainSettles } from './callback-closes.js';
import type { TaskContext } from './context.js';
import { escapes } from './escapes.js';
import { lazilyKept } from './holders.js';
import { keptOutside } from './ownership.js';
import { derivesFrom } from './settling.js';

/** How many callers up `endsAround` looks for an exit. */
const MAX_CALLER_DEPTH = 4;

/** `node` is written in a helper that the work calls, not in the work's own code. */
export function madeInHelper(context: TaskContext, node: Node, work: Work): boolean {
  if (work.kind === 'task') return !isAncestor(work.task.node, node);
  if (work.work.type !== 'Program') return !isAncestor(work.work, node);
  for (let current = node.parent; current; current = current.parent) {
    if (isFunction(current) && functionVariable(current, context.sourceCode)) return true;
  }
  return false;
}

/**
 * The function whose one call makes the connection: the task, when it is written in it;
 * else the module-level function it is written in (the helper), whose holders outlive a call.
 */
export function makerOf(node: Node, task?: TaskFunction): FunctionNode | undefined {
  if (task && isAncestor(task.node, node)) return task.node;
  let maker = enclosingFunction(node);
  for (let current = maker?.parent; current; current = current.parent) {
    if (isFunction(current)) maker = current;
  }
  return maker;
}

/**
 * Made in a helper and kept outside it: in a holder (a lazy singleton, a cache, a module
 * variable), or handed on through a view of it (`return client.db(name)`; a checkout
 * handed on leaves its pool behind). It is one per worker, or closed wherever it went;
 * not the helper's to close.
 */
export function keptByHelper(context: TaskContext, origin: Origin, work: Work | undefined): boolean {
  const maker = work && madeInHelper(context, origin.node, work) ? makerOf(origin.node) : undefined;
  if (!maker) return false;
  if (lazilyKept(context, origin.node, maker) || keptOutside(context, origin, origin.node, maker)) return true;
  return context.values.sites.some(
    (site) => site.origin !== origin && !site.entity.connection?.checkedOut && derivesFrom(site.origin, origin) && isAncestor(maker, site.node) && escapes(context, site.node),
  );
}

/**
 * The run ends the process or thread whenever the helper that made the connection has
 * run: the helper ends it itself, or every call of it is followed by an end: the
 * function or top level that calls it ends (`main()` that ends with `process.exit(0)`),
 * or a promise chain on the call does (`main().finally(() => process.exit())`).
 */
export function endsAround(context: TaskContext, fn: FunctionNode | undefined, depth = 0): boolean {
  if (!fn) return context.workers.endsOnEveryPath(context.program);
  if (context.workers.endsOnEveryPath(fn)) return true;
  if (depth >= MAX_CALLER_DEPTH) return false;
  const { calls } = functionReferences(fn, context.sourceCode);
  return calls.length > 0 && calls.every((call) => chainEnds(context, call) || endsAround(context, callerOf(context, call), depth + 1));
}

function chainEnds(context: TaskContext, call: Node): boolean {
  const chain = chainAfter(call);
  return chain !== undefined && chainSettles(chain, (handler) => isFunction(handler) && context.workers.endsOnEveryPath(handler));
}

/** The function whose code makes `call`: a named one or a run-once handler (else none: the top level), through callbacks. */
function callerOf(context: TaskContext, call: Node): FunctionNode | undefined {
  for (let current = call.parent; current; current = current.parent) {
    if (isFunction(current) && (functionVariable(current, context.sourceCode) || context.workers.runOnceHandlers.includes(current))) return current;
  }
  return undefined;
}
