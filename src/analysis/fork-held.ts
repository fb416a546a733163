/**
 * Held connections (a library's default connection, a project module's own) in a
 * self-forking module. Such a connection is made as its module loads and opened by a
 * connect step (`mongoose.connect()`, `connectDB()`), so what a creation means for other
 * connections is its opening step here: where reports stand, which roles open it, whether
 * it opens at module scope. Its holders are the variables this file declares for it, not
 * the import that reaches it.
 */
import type { TSESLint } from '@typescript-eslint/utils';
import type { MissingReconnect } from './fork-connections.js';
import { callLabel, isAncestor, isFunction, skipValueWrappers, walk, type Node } from '../util/ast.js';
import { accessKind } from './lifecycle.js';
import { BOTH, PRIMARY, WORKER, type RoleMask, type Roles } from './roles.js';
import type { Access, Binding, Origin, Values } from './values.js';

type Source = Readonly<TSESLint.SourceCode>;

/** `import mongoose from 'mongoose'`, `const { pool } = require('./db')`: the holder is the import itself. */
export function declaredByLoad(binding: Binding, load: Node): boolean {
  let target: Node | undefined = binding.target;
  if (isAncestor(load, target)) return true;
  while (target && (target.parent?.type === 'Property' || target.parent?.type === 'ObjectPattern' || target.parent?.type === 'AssignmentPattern')) target = target.parent;
  const declarator = target?.parent;
  return declarator?.type === 'VariableDeclarator' && declarator.init !== null && skipValueWrappers(declarator.init) === load;
}

/** The connect steps run on it, in source order. */
export function connectSteps(accesses: readonly Access[], origin: Origin): Access[] {
  return accesses.filter((access) => access.call && access.site.origin === origin && accessKind(access) === 'connect');
}

/** The step that opens it: the first connect step the primary runs, else the first one; its import when loading opens it. */
export function openingStep(origin: Origin, steps: readonly Access[], roleOf: (node: Node) => RoleMask): Node {
  if (origin.held?.opensOnLoad) return origin.node;
  const step = steps.find((access) => roleOf(access.call!) & PRIMARY) ?? steps[0];
  return step?.call ?? origin.node;
}

/** Opened in both roles, once per process: the connect step at module scope, or in a function module scope calls once. */
export function opensAtModuleScope(at: Node, roles: Roles): boolean {
  return roles.roleOf(at) === BOTH && roles.runsOnce(at);
}

/** `connectDB()`, `mongoose.connect()`: the opening step as reports write it, when it is a call. */
export function openerLabel(at: Node, sourceCode: Source): string | undefined {
  return at.type === 'CallExpression' ? callLabel(at, sourceCode.getText(at.callee)) : undefined;
}

/** The first statement that runs in the workers only, once: where their path starts when no code of a connection is on it. */
export function firstWorkerStatement(roles: Roles, sourceCode: Source): Node | undefined {
  let found: Node | undefined;
  walk(sourceCode.ast as Node, sourceCode.visitorKeys, (node) => {
    const list = node.parent;
    if (found || !list || !(list.type === 'Program' || list.type === 'BlockStatement' || list.type === 'SwitchCase') || isFunction(node)) return;
    if (!/Statement$|Declaration$/.test(node.type) || roles.roleOf(node) !== WORKER || !roles.runsOnce(node)) return;
    found = node;
  });
  return found;
}


interface HeldContext {
  readonly roleOf: (node: Node) => RoleMask;
  readonly sourceCode: Source;
  readonly values: Values;
}

/**
 * What a worker-path access tells: a use (a query, a model), not the setup or a listener
 * of the connection, nor a read of what it hands out (`mongoose.connection`: what is done
 * with that counts).
 */
function isWorkerUse(access: Access, context: HeldContext): boolean {
  const kind = accessKind(access);
  if (context.roleOf(access.node) !== WORKER || kind === 'connect' || kind === 'close' || kind === 'listener') return false;
  return access.call !== undefined || context.values.siteAt(access.node) === undefined;
}

/**
 * A held connection that needs its connect step (mongoose buffers until it runs), run
 * only on the primary path, and used on the worker path: the workers never connect it.
 */
export function heldMissingReconnect(origin: Origin, accesses: readonly Access[], context: HeldContext): MissingReconnect | undefined {
  const { roleOf, sourceCode } = context;
  const facts = origin.entity.connection;
  if (!origin.held || !facts?.requiresConnect || origin.held.opensOnLoad) return undefined;
  const steps = connectSteps(accesses, origin);
  if (steps.length === 0 || !steps.every((step) => roleOf(step.call!) === PRIMARY)) return undefined;
  const use = accesses.find((access) => isWorkerUse(access, context));
  if (!use) return undefined;
  const name = use.site.binding?.name ?? sourceCode.getText(use.site.node);
  return { name, entity: origin.entity, binding: use.site.binding, variable: use.site.binding?.variable, use, reason: 'connect', assignments: [], connectSteps: steps };
}
