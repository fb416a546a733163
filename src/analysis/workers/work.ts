/**
 * The unit of work code runs in: a task, or the run-once work (a run-once handler, or the
 * entry's top-level code). Code reaches it directly, or through same-file helper functions
 * that only that work calls, a few levels deep. One walk answers two questions, each with
 * its policy:
 *
 * - `taskOf` (closes): through any function without a name (a timer's callback still runs in
 *   the task's worker), through helpers that are only called and not exported;
 * - `workOf` (the factories of `no-connection-per-task`): only through callbacks that run in
 *   place (`new Promise((resolve) => …)`, a query's callback, an IIFE), and through exported
 *   helpers too, since the calls this file makes run them per task whatever other modules do
 *   (`main()` called at the top level, `void main()`, `main().catch(…)`). A helper also
 *   called from other code of the file (module scope of a long-lived worker, a timer) is not
 *   judged.
 */
import type { TSESTree } from '@typescript-eslint/utils';
import { listenerAction } from '../../knowledge/emitters.js';
import { isFunction, memberName, type FunctionNode, type Node } from '../../util/ast.js';
import { functionReferences, functionVariable, isExportedFunction, type FunctionReferences } from '../functions.js';
import { commonJsExport } from './exported-tasks.js';
import { roleOf, type RoleContext } from './roles.js';
import type { TaskFunction, Work } from './types.js';

const MAX_HELPER_DEPTH = 4;

/** How far the walk from code to its work looks. */
interface WorkPolicy {
  /** Through any function without a name, or only through those that run in place. */
  readonly callbacks: 'any' | 'in-place';
  /** An exported helper counts: the calls this file makes run it per task whatever other modules do. */
  readonly exportedHelpers: boolean;
}

const CLOSES: WorkPolicy = { callbacks: 'any', exportedHelpers: false };
const FACTORIES: WorkPolicy = { callbacks: 'in-place', exportedHelpers: true };

export interface WorkContext {
  readonly roles: RoleContext;
  readonly program: TSESTree.Program;
  /** The entry's own top-level code is its one unit of work. */
  readonly runOnceTopLevel: boolean;
  /** Per policy, the work each helper function runs in; null while it is being asked and when it has none. */
  readonly helperWork: Map<WorkPolicy, Map<FunctionNode, Work | null>>;
}

/** The task `node` runs in, directly or in a helper function that only tasks call. */
export function taskOf(context: WorkContext, node: Node): TaskFunction | undefined {
  const work = walk(context, node, CLOSES, 0);
  return work?.kind === 'task' ? work.task : undefined;
}

/** The task or run-once work that runs `node` each time it runs. */
export function workOf(context: WorkContext, node: Node): Work | undefined {
  return walk(context, node, FACTORIES, 0);
}

function walk(context: WorkContext, node: Node, policy: WorkPolicy, depth: number): Work | undefined {
  const role = roleOf(context.roles, node);
  if (role?.kind === 'task') return { kind: 'task', task: role.task };
  if (role?.kind === 'run-once') return { kind: 'run-once', work: role.work };
  if (role) return undefined; // a shutdown hook
  for (let current = node.parent; current; current = current.parent) {
    if (!isFunction(current)) continue;
    if (functionVariable(current, context.roles.sourceCode)) return helperWork(context, current, policy, depth);
    if (policy.callbacks === 'in-place' && !runsInPlace(current)) return undefined;
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

/** A named function of this file that the file only calls (or, by the policy, exports), all calls from one kind of work. */
function helperWork(context: WorkContext, fn: FunctionNode, policy: WorkPolicy, depth: number): Work | undefined {
  let cache = context.helperWork.get(policy);
  if (!cache) context.helperWork.set(policy, (cache = new Map()));
  const cached = cache.get(fn);
  if (cached !== undefined) return cached ?? undefined;
  cache.set(fn, null);
  const result = depth < MAX_HELPER_DEPTH ? callersWork(context, fn, policy, depth) : undefined;
  cache.set(fn, result ?? null);
  return result;
}

/** Other code may run the helper beyond the calls this file makes. */
function reachedOtherwise(fn: FunctionNode, references: FunctionReferences, policy: WorkPolicy): boolean {
  if (policy.exportedHelpers) return !references.passed.every(isExportReference);
  return isExportedFunction(fn) || references.passed.length > 0;
}

function callersWork(context: WorkContext, fn: FunctionNode, policy: WorkPolicy, depth: number): Work | undefined {
  const references = functionReferences(fn, context.roles.sourceCode);
  if (references.calls.length === 0 || reachedOtherwise(fn, references, policy)) return undefined;
  const works = references.calls.map((call) => walk(context, call, policy, depth + 1));
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
