/** What a node runs in: the innermost task, shutdown hook or run-once handler around it. */
import type { TSESLint } from '@typescript-eslint/utils';
import { isFunction, type FunctionNode, type Node } from '../../util/ast.js';
import type { Role, TaskFunction } from './types.js';

export interface RoleContext {
  readonly hooks: ReadonlySet<FunctionNode>;
  readonly taskByNode: ReadonlyMap<FunctionNode, TaskFunction>;
  readonly runOnceHandlers: ReadonlySet<FunctionNode>;
  readonly sourceCode: Readonly<TSESLint.SourceCode>;
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
