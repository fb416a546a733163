/**
 * The calls whose callback runs once for a connection, for callback-closes: its factory
 * or hand-out call written in callback form, its connect step, and every other call on it
 * or on what it hands out (a listener registration runs on events, not once).
 */
import type { Node } from '../../util/ast.js';
import { accessKind } from '../lifecycle.js';
import type { Origin } from '../values.js';
import type { Settling } from './callback-closes.js';
import type { TaskContext } from './context.js';

/** How far a handed-out object's origin is followed back to the connection. */
const MAX_HANDOUTS = 8;

export function settlingCalls(context: TaskContext, origin: Origin): Map<Node, Settling> {
  const calls = new Map<Node, Settling>();
  if (opensInCallback(origin)) calls.set(origin.node, 'opening');
  for (const access of context.values.accesses) {
    if (!access.call || calls.has(access.call) || !derivesFrom(access.site.origin, origin)) continue;
    const kind = accessKind(access);
    if (kind !== 'listener') calls.set(access.call, kind === 'connect' ? 'opening' : 'use');
  }
  return calls;
}

/**
 * The connection comes from a library factory (`net.connect(port, () => …)`) or a
 * hand-out in callback form (`pool.getConnection((err, conn) => …)`): a callback of that
 * call runs once it is open. A project's own function may do anything with its callback.
 */
function opensInCallback(origin: Origin): boolean {
  const node = origin.node;
  if (node.type !== 'CallExpression' && node.type !== 'NewExpression') return false;
  return origin.api !== undefined || (origin.via !== undefined && origin.from?.entity.callbacks?.[origin.via] !== undefined);
}

/** `origin` is the connection itself or an object handed out by it (a `Db`, a collection, a checkout). */
export function derivesFrom(origin: Origin | undefined, connection: Origin): boolean {
  let current = origin;
  for (let depth = 0; current && depth <= MAX_HANDOUTS; current = current.from, depth++) {
    if (current === connection) return true;
  }
  return false;
}
