/** The file's task functions in the order they were found; a function is a task once, as first registered. */
import type { RunnerKind } from '../../knowledge/workers.js';
import type { FunctionNode, Node } from '../../util/ast.js';
import type { TaskFunction } from './types.js';

export interface TaskSet {
  readonly list: TaskFunction[];
  readonly byNode: Map<FunctionNode, TaskFunction>;
}

export function emptyTaskSet(): TaskSet {
  return { list: [], byNode: new Map() };
}

/** What a task is registered with beyond its function, runner, label and registration. */
type TaskExtras = Pick<TaskFunction, 'receiver' | 'concurrencyOption'>;

export function addTask(tasks: TaskSet, fn: FunctionNode, runner: RunnerKind, label: string, registration: Node, extras: TaskExtras = {}): void {
  if (tasks.byNode.has(fn)) return;
  const task: TaskFunction = { node: fn, runner, label, registration, ...extras };
  tasks.byNode.set(fn, task);
  tasks.list.push(task);
}
