/**
 * The unit of work code runs in, for the factories of `no-connection-per-task`: a task, or
 * the run-once work (a run-once handler, or the entry's top-level code). Code reaches it
 * directly, through callbacks that run in place (`new Promise((resolve) => …)`, a query's
 * callback, an IIFE), or through same-file helper functions that only that work calls
 * (`main()` called at the top level, `void main()`, `main().catch(…)`), a few levels deep.
 *
 * Unlike `taskOf` (closes), an exported helper still counts: the calls this file makes
 * run it per task whatever other modules do with it. A helper also called from other
 * code of the file (module scope of a long-lived worker, a timer) is not judged.
 */
import type { TSESTree } from '@typescript-eslint/utils';
import { listenerAction } from '../../knowledge/emitters.js';
import { isFunction, memberName, type FunctionNode, type Node } from '../../util/ast.js';
import { functionReferences, functionVariable } from '../functions.js';
import { commonJsExport } from './exported-tasks.js';
import { roleOf, type RoleContext } from './roles.js';
import type { Work } from './types.js';

const MAX_HELPER_DEPTH = 4;

export interface WorkContext {
  readonly roles: RoleContext;
  readonly program: TSESTree.Program;
  /** The entry's own top-level code is its one unit of work. */
  readonly runOnceTopLevel: boolean;
  /** The work each helper function runs in; null while it is being asked and when it has none. */
  readonly helperWork: Map<FunctionNode, Work | null>;
}

export function workOf(context: WorkContext, node: Node, depth = 0): Work | undefined {
  const role = roleOf(context.roles, node);
  if (role?.kind === 'task') return { kind: 'task', task: role.task };
  if (role?.kind === 'run-once') return { kind: 'run-once', work: role.work };
  if (role) return undefined; // a shutdown hook
  for (let current = node.parent; current; current = current.parent) {
    if (!isFunction(current)) continue;
    if (functionVariable(current, context.roles.sourceCode)) return helperWork(context, current, depth);
    if (!runsInPlace(current)) return undefined;
  }
  return context.runOnceTopLevel ? { kind: 'run-once', work: context.program } : undefined;
}

/**
 * An anonymous function that runs as part of the code around it: called where it is
 * written (an IIFE) or handed to a call as its callback. A listener runs on events, not in
 * place, and a function stored anywhere else may run at any time.
 */
function runsInPlace(fn: FunctionNode): boolean {
  const parent = fn.parent;
  if (parent?.type !== 'CallExpression' && parent?.type !== 'NewExpression') return false;
  if (parent.callee === fn) return true;
  const callee = parent.callee;
  const method = callee.type === 'MemberExpression' ? memberName(callee) : undefined;
  return parent.arguments.includes(fn as never) && (method === undefined || listenerAction(method) === undefined);
}

/** A named function of this file that the file only calls (or exports), all calls from one kind of work. */
function helperWork(context: WorkContext, fn: FunctionNode, depth: number): Work | undefined {
  const cached = context.helperWork.get(fn);
  if (cached !== undefined) return cached ?? undefined;
  context.helperWork.set(fn, null);
  const result = depth < MAX_HELPER_DEPTH ? callersWork(context, fn, depth) : undefined;
  context.helperWork.set(fn, result ?? null);
  return result;
}

function callersWork(context: WorkContext, fn: FunctionNode, depth: number): Work | undefined {
  const { calls, passed } = functionReferences(fn, context.roles.sourceCode);
  if (calls.length === 0 || !passed.every(isExportReference)) return undefined;
  const works = calls.map((call) => workOf(context, call, depth + 1));
  const first = works[0];
  if (!first || works.some((work) => work?.kind !== first.kind)) return undefined;
  return first;
}

/** `export default f`, `export { f }`, `module.exports = f`, `exports.f = f`, `module.exports = { f }`. */
function isExportReference(identifier: TSESTree.Identifier): boolean {
  const parent = identifier.parent;
  switch (parent?.type) {
    case 'ExportSpecifier':
    case 'ExportDefaultDeclaration':
    case 'TSExportAssignment':
      return true;
    case 'AssignmentExpression':
      return parent.right === identifier && commonJsExport(parent.left) !== undefined;
    case 'Property':
      return (
        parent.value === identifier && parent.parent.type === 'ObjectExpression' &&
        parent.parent.parent?.type === 'AssignmentExpression' && commonJsExport(parent.parent.parent.left) === 'module.exports'
      );
    default:
      return false;
  }
}
