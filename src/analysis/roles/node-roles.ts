/**
 * The role of a node: read upward through the paths that lead to it; a named function
 * runs where it is called or handed over, an anonymous one where it sits.
 */
import type { TSESLint } from '@typescript-eslint/utils';
import { isAncestor, isFunction, type FunctionNode, type Node } from '../../util/ast.js';
import { functionVariable, isExportedFunction } from '../functions.js';
import type { GivenRole } from './fork-sites.js';
import { BOTH, intersection, roleBit, type RoleMask } from './masks.js';
import { isStatementList, statementsOf } from '../../util/statements.js';
import { edgeMask, prefixMasks, type PathContext } from './paths.js';

export interface RoleContext extends PathContext {
  readonly sourceCode: Readonly<TSESLint.SourceCode>;
  /** The module forks a copy of itself: roles apply. */
  readonly selfForking: boolean;
  readonly roleFunctions: ReadonlyMap<Node, GivenRole>;
  readonly maskCache: Map<Node, RoleMask>;
  /** Functions whose callers are being read: a call from inside itself adds nothing new. */
  readonly inProgress: Set<Node>;
}

/** The reads of a function's name outside its own body: where it is called or handed over. */
export function outsideReferences(fn: FunctionNode, context: RoleContext): TSESLint.Scope.Reference[] {
  const references = functionVariable(fn, context.sourceCode)?.references ?? [];
  return references.filter((reference) => reference.isRead() && !isAncestor(fn, reference.identifier as Node));
}

/** The roles a function runs in, from where it is used; undefined when nothing names it. */
function functionMask(fn: FunctionNode, context: RoleContext): RoleMask | undefined {
  const given = context.roleFunctions.get(fn);
  if (given) return roleBit(given.role);
  if (isExportedFunction(fn)) return BOTH;
  const references = outsideReferences(fn, context);
  if (references.length === 0) return undefined;
  if (context.inProgress.has(fn)) return BOTH;
  context.inProgress.add(fn);
  let mask = 0;
  for (const reference of references) mask |= maskOf(reference.identifier as Node, context);
  context.inProgress.delete(fn);
  return mask as RoleMask;
}

/** The roles that still reach a statement after the early exits before it in its list. */
function prefixMask(parent: Node, node: Node, context: PathContext): RoleMask {
  if (!isStatementList(parent) || (parent.type === 'SwitchCase' && parent.test === node)) return BOTH;
  const index = (statementsOf(parent) as readonly Node[]).indexOf(node);
  return index >= 0 ? prefixMasks(parent, context)[index]! : BOTH;
}

/** The roles that reach the place `node` stands at from its parent, whatever calls it. */
function placeMask(node: Node, context: RoleContext): RoleMask {
  const parent = node.parent;
  if (!parent) return BOTH;
  return intersection(intersection(maskOf(parent, context), edgeMask(parent, node, context)), prefixMask(parent, node, context));
}

function computeMask(node: Node, context: RoleContext): RoleMask {
  return (isFunction(node) ? functionMask(node, context) : undefined) ?? placeMask(node, context);
}

export function maskOf(node: Node, context: RoleContext): RoleMask {
  const cached = context.maskCache.get(node);
  if (cached !== undefined) return cached;
  const mask = computeMask(node, context);
  context.maskCache.set(node, mask);
  return mask;
}

export function roleOf(node: Node, context: RoleContext): RoleMask {
  return context.selfForking ? maskOf(node, context) : BOTH;
}

/**
 * The roles code placed at `node` runs in. The same as `roleOf` but for a function
 * declaration, which runs where it is called, while what is written beside it runs where
 * it stands.
 */
export function roleOfPlace(node: Node, context: RoleContext): RoleMask {
  return context.selfForking ? placeMask(node, context) : BOTH;
}
