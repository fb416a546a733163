/**
 * Whose connection is it: where each tracked object came into being (a factory, a
 * wrapper function that makes one per call, or a checkout from another connection), and
 * whether that connection belongs to one task or outlives it.
 */
import type { TSESTree } from '@typescript-eslint/utils';
import { isAncestor, isFunction, type FunctionNode, type Node } from '../../util/ast.js';
import { variableOf } from '../../util/variables.js';
import { enclosingFunction } from '../functions.js';
import { isHandOver, valueParent } from '../hand-over.js';
import { CALLED, type Access, type Binding, type Origin } from '../values.js';
import { bindingsOf, groupBy, type Creation, type TaskContext } from './context.js';
import { lazilyKept } from './holders.js';
import { reachingOrigin } from './reassigned.js';

/** How far `creation` follows hand-outs and wrappers back to a factory. */
const MAX_DEPTH = 8;

/** Where the object of `origin` was made, or undefined for the module's own one (one per worker by construction). */
export function creation(context: TaskContext, origin: Origin, depth = 0): Creation | undefined {
  if (context.creations.has(origin)) return context.creations.get(origin) ?? undefined;
  const result = depth > MAX_DEPTH ? undefined : computeCreation(context, origin, depth);
  context.creations.set(origin, result ?? null);
  return result;
}

function computeCreation(context: TaskContext, origin: Origin, depth: number): Creation | undefined {
  const made = { node: origin.node, fresh: true };
  // A connection held once per process (`mongoose`, `import { pool } from './db'`), or read from a
  // module: one per worker by construction.
  if (origin.held) return undefined;
  if (origin.api) return origin.api.via === 'read' ? undefined : made;
  if (!origin.from) return made;
  if (origin.via === CALLED || !origin.from.entity.connection) return made;
  if (origin.via && origin.from.entity.freshHandouts?.includes(origin.via)) return made;
  // A view of the same connection (`client.db()`, `db.collection()`): its first query opens the client.
  if (origin.via && origin.from.entity.connection.definitions?.includes(origin.via)) return creation(context, origin.from, depth + 1);
  const node = origin.node;
  if (node.type === 'CallExpression' && node.callee.type === 'Identifier') return wrapperCreation(context, origin.from, node, node.callee, depth);
  // A property read (`db.$pool`) or a method that returns the same connection (`pool.promise()`).
  if (node.type !== 'CallExpression' || origin.entity === origin.from.entity) return creation(context, origin.from, depth + 1);
  return { node, fresh: false };
}

/**
 * A wrapper function's call: a new connection per call only when it makes one and keeps it
 * nowhere: not in a holder declared outside it, nor in a lazily filled one
 * (`return (clients[region] ??= new Redis(url))`).
 */
function wrapperCreation(context: TaskContext, inner: Origin, call: Node, callee: TSESTree.Identifier, depth: number): Creation | undefined {
  const made = creation(context, inner, depth + 1);
  const wrapper = wrapperFunction(context, callee);
  if (!made?.fresh || !wrapper || !isAncestor(wrapper, made.node)) return made;
  return keptOutside(context, inner, made.node, wrapper) || lazilyKept(context, made.node, wrapper) ? made : { node: call, fresh: true };
}

function wrapperFunction(context: TaskContext, callee: TSESTree.Identifier): FunctionNode | undefined {
  const definition = variableOf(callee, context.sourceCode)?.defs[0]?.node as Node | undefined;
  if (definition?.type === 'FunctionDeclaration') return definition;
  if (definition?.type === 'VariableDeclarator' && isFunction(definition.init)) return definition.init;
  return undefined;
}

/**
 * The connection made at `node` outlives a call of `scope`: held by a binding declared
 * outside it, or handed from inside it to other code (`cache.set(key, pool)`) rather than
 * only returned.
 */
export function keptOutside(context: TaskContext, origin: Origin, node: Node, scope: Node): boolean {
  return bindingsOf(context, origin).some(
    (binding) =>
      (!declaredInside(binding, scope) && isAncestor(scope, node)) ||
      binding.references.some((reference) => isAncestor(scope, reference) && isHandOver(reference) && !returnedBy(reference, scope)),
  );
}

/** `return pool` (or an arrow's body) of `scope`, also through a call it is wrapped in: `return Object.assign(pool, …)`. */
function returnedBy(reference: Node, scope: Node): boolean {
  const { node, parent } = valueParent(reference);
  if (parent?.type === 'ArrowFunctionExpression') return parent === scope && parent.body === node;
  if (parent?.type === 'CallExpression' && parent.arguments.includes(node as never)) return returnedBy(parent, scope);
  return parent?.type === 'ReturnStatement' && enclosingFunction(parent) === scope;
}

export function declaredInside(binding: Binding, scope: Node): boolean {
  if (!binding.variable) return false; // `this.x` and class fields belong to an object that outlives a call
  const declaration = binding.variable.defs[0]?.name as Node | undefined;
  return declaration !== undefined && isAncestor(scope, declaration);
}

/**
 * Per task: made inside it, or inside a helper that only tasks call, and kept in no
 * holder that outlives the call (a lazily filled per-worker one, or one declared outside).
 */
export function madeByTask(context: TaskContext, created: Creation | undefined, task: FunctionNode): boolean {
  if (!created) return false;
  if (isAncestor(task, created.node)) return !lazilyKept(context, created.node, task);
  const maker = enclosingFunction(created.node);
  const origin = context.values.siteAt(created.node)?.origin;
  return (
    maker !== undefined && origin !== undefined && context.workers.taskOf(created.node)?.node === task &&
    !keptOutside(context, origin, created.node, maker) && !lazilyKept(context, created.node, maker)
  );
}

/**
 * Every access on the connection made at `created`, through all its holders and hand-outs;
 * an access after a later assignment of a reassigned holder is on that assignment's (reassigned).
 */
export function accessesOf(context: TaskContext, created: Creation): readonly Access[] {
  const assignments = new Map();
  context.accesses.byCreation ??= groupBy(context.values.accesses, (access) => creation(context, reachingOrigin(context.values, access, assignments))?.node);
  return context.accesses.byCreation.get(created.node) ?? [];
}
