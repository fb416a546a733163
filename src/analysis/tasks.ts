/**
 * Stage 4: connections and tasks. Who owns each connection (the worker, because it was
 * made outside the task or kept in a lazily filled per-worker holder; or one task, because
 * the task made it), whether a task closes it on every path, and from that the findings
 * of `no-close-in-worker-task` and `no-connection-per-task`.
 *
 * The parts, in `tasks/`: `ownership` and `holders` (whose connection is it), `paths`
 * (closed on every path), `closes` and `connections` (the findings), `held` (the findings on
 * connections held once per process), `hoist` (the fix).
 */
import { taskCloses } from './tasks/closes.js';
import { taskConnections } from './tasks/connections.js';
import { taskContext, type TasksInput } from './tasks/context.js';
import { heldConnections } from './tasks/held.js';
import type { Tasks } from './tasks/types.js';

export type { ConnectionFinding, TaskClose, TaskConnection, Tasks } from './tasks/types.js';

export function analyzeTasks(input: TasksInput): Tasks {
  const { workers } = input;
  // Most files have no task and no run-once work: nothing here can apply.
  if (workers.tasks.length === 0 && workers.runOnceHandlers.length === 0 && !workers.runOnceTopLevel) return { closes: [], connections: [] };
  const context = taskContext(input);
  const closes = taskCloses(context);
  return { closes, connections: [...taskConnections(context), ...heldConnections(context)] };
}
