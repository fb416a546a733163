/**
 * Run-once work in a module that forks itself belongs to the forked copy: the child runs
 * the top-level code once and should end. What only the primary path runs there (a client
 * it opens in the branch that forks) is the primary's, a process that lives on, so a
 * connection left open there is no run-once worker's leak. The tasks stage judges run-once
 * work without the roles stage; this is the roles' half of the question.
 */
import type { TaskConnection } from './tasks.js';
import { WORKER, type Roles } from './roles.js';

const RUN_ONCE_LEAKS: ReadonlySet<TaskConnection['kind']> = new Set(['run-once-leak', 'held-run-once-leak']);

/** The finding is about code a worker runs: any finding but a run-once leak, or one whose opening code runs in the worker's role. */
export function inWorkersRole(connection: TaskConnection, roles: Roles): boolean {
  return !RUN_ONCE_LEAKS.has(connection.kind) || (roles.roleOf(connection.node) & WORKER) !== 0;
}
