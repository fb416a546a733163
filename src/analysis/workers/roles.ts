/**
 * What a node runs in: the innermost task, shutdown hook or run-once handler around it,
 * and for `taskOf` also a helper function that only tasks call.
 */
import type { TSESLint } from '@typescript-eslint/utils';
import { isFunction, type FunctionNode, type Node } from '../../util/ast.js';
import { functionReferences, functionVariable } from '../functions.js';
import type { Role, TaskFunction } from './types.js';

const MAX_HELPER_DEPTH = 4;

export interface RoleContext {
  readonly hooks: ReadonlySet<FunctionNode>;
  readonly taskByNode: ReadonlyMap<FunctionNode, TaskFunction>;
  readonly runOnceHandlers: ReadonlySet<FunctionNode>;
  readonly sourceCode: Readonly<TSESLint.SourceCode>;
  /** The task each helper function runs in; null while it is being asked and when it has none. */
  readonly helperTasks: Map<FunctionNode, TaskFunction | null>;
}

export function roleOf(context: RoleContext, node: Node): Role | undefined {
  for (let current = node.parent; current; current = current.parent) {
    if (!isFunction(current)) continue;
    if (context.hooks.has(current)) return { kind: 'hook', hook: current };
    const task = context.taskByNode.get(current);
    if (task) return { kind: 'task', task };
    if (context.runOnceHandlers.has(current)) return { kind: 'run-once', work: current };
  }
  return undefined;
}

export function taskOf(context: RoleContext, node: Node): TaskFunction | undefined {
  return taskAt(context, node, 0);
}

function taskAt(context: RoleContext, node: Node, depth: number): TaskFunction | undefined {
  const role = roleOf(context, node);
  if (role) return role.kind === 'task' ? role.task : undefined;
  for (let current = node.parent; current; current = current.parent) {
    if (isFunction(current) && functionVariable(current, context.sourceCode)) return helperTask(context, current, depth);
  }
  return undefined;
}

/** A named function of this file that is only called, and only from one task's code: that task. */
function helperTask(context: RoleContext, fn: FunctionNode, depth: number): TaskFunction | undefined {
  const cached = context.helperTasks.get(fn);
  if (cached !== undefined) return cached ?? undefined;
  context.helperTasks.set(fn, null);
  let result: TaskFunction | undefined;
  if (depth < MAX_HELPER_DEPTH && !isExportedHelper(fn) && functionVariable(fn, context.sourceCode)) {
    const { calls, passed } = functionReferences(fn, context.sourceCode);
    if (passed.length === 0 && calls.length > 0) {
      const callers = calls.map((call) => taskAt(context, call, depth + 1));
      if (callers.every((task) => task !== undefined)) result = callers[0];
    }
  }
  context.helperTasks.set(fn, result ?? null);
  return result;
}

/** Other modules may call it: `export function f`, `export const f = …`. */
function isExportedHelper(fn: FunctionNode): boolean {
  return fn.parent?.type === 'ExportNamedDeclaration' || fn.parent?.parent?.parent?.type === 'ExportNamedDeclaration';
}
