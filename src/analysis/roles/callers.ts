/**
 * Questions about where code runs that look past its function to the callers: the region
 * of one role a node is in, whether code runs once per process, where the worker path
 * starts for it.
 */
import type { TSESTree } from '@typescript-eslint/utils';
import { isFunction, isLoop, type FunctionNode, type Node } from '../../util/ast.js';
import { isStatementList, statementsOf, type Statement } from '../../util/statements.js';
import { enclosingFunction, functionVariable } from '../functions.js';
import { WORKER, type RoleMask } from './masks.js';
import { maskOf, outsideReferences, type RoleContext } from './node-roles.js';

type Call = TSESTree.CallExpression | TSESTree.NewExpression;

/** In a list, the first of the statements just before `index` that run in `role` only, function declarations aside. */
function runStart(statements: readonly Statement[], index: number, role: RoleMask, context: RoleContext): Statement {
  let start = index;
  while (start > 0 && !isFunction(statements[start - 1]) && maskOf(statements[start - 1]!, context) === role) start--;
  return statements[start]!;
}

/**
 * The first statement of the outermost statement list around `node` that runs in `role`
 * only: where code meant for that role alone can be inserted.
 */
export function regionStart(node: Node, role: RoleMask, context: RoleContext): Statement | undefined {
  if (!context.selfForking) return undefined;
  let found: Statement | undefined;
  for (let child: Node = node, parent = node.parent; parent; child = parent, parent = parent.parent) {
    if (!isStatementList(parent)) continue;
    const statements = statementsOf(parent);
    const index = statements.indexOf(child as Statement);
    // A function declaration's role is where it is called, not where it sits.
    if (index < 0 || isFunction(child) || maskOf(child, context) !== role) continue;
    found = runStart(statements, index, role, context);
  }
  return found;
}

/** A loop around `node` below the function (or module) that `fn` is declared in. */
function insideLoop(node: Node, fn: FunctionNode): boolean {
  const boundary = enclosingFunction(fn);
  for (let current = node.parent; current && current !== boundary; current = current.parent) if (isLoop(current)) return true;
  return false;
}

/** The one call of a function: it is called in place (an IIFE), or its name is read once, as a callee. */
function onlyCall(fn: FunctionNode, context: RoleContext): Node | undefined {
  if (fn.parent?.type === 'CallExpression' && fn.parent.callee === fn) return fn.parent;
  const references = (functionVariable(fn, context.sourceCode)?.references ?? []).filter((reference) => reference.isRead());
  if (references.length !== 1) return undefined;
  const identifier = references[0]!.identifier as Node;
  const call = identifier.parent;
  return call?.type === 'CallExpression' && call.callee === identifier ? call : undefined;
}

/**
 * Code placed at `node` runs at most once per process or thread: it is at module scope,
 * or in functions that a fork API runs once or that module-scope code calls once.
 */
export function runsOnce(node: Node, context: RoleContext): boolean {
  for (let fn = enclosingFunction(node); fn; fn = enclosingFunction(fn)) {
    if (context.roleFunctions.has(fn)) continue;
    const call = onlyCall(fn, context);
    if (!call || enclosingFunction(call) !== enclosingFunction(fn) || insideLoop(call, fn)) return false;
  }
  return true;
}

/**
 * Where the worker path starts for code at `node`: the start of its worker-only region,
 * or, when that region is a function run many times (a request handler), of the region
 * the function is called or handed over from.
 */
export function workerPathStart(node: Node, context: RoleContext): Statement | undefined {
  let anchor: Node | undefined = node;
  for (let depth = 0; anchor && depth < 4; depth++) {
    const start = regionStart(anchor, WORKER, context);
    if (start && runsOnce(start, context)) return start;
    // Step out to where the function around it is used.
    const fn = enclosingFunction(start ?? anchor);
    anchor = fn && (outsideReferences(fn, context)[0]?.identifier as Node | undefined);
  }
  return undefined;
}

/** `throng({ master })`: the fork call that runs `fn` in the primary before it forks. */
export function primaryBeforeFork(fn: FunctionNode, context: RoleContext): Call | undefined {
  const given = context.roleFunctions.get(fn);
  return given?.role === 'primary' ? given.call : undefined;
}
