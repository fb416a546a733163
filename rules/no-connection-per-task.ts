/**
 * A worker should hold one pool (or client) for all its tasks. A pool made in a task, or
 * a client a task opens and may leave open, multiplies connections until the database
 * refuses more; a run-once worker that leaves a connection open never ends.
 */
import type { TSESLint } from '@typescript-eslint/utils';
import { getFacts } from '../src/project/get-facts.js';
import { editsFix } from '../src/analysis/placement.js';
import { hoistEdits } from '../src/analysis/task-hoist.js';
import type { TaskConnection } from '../src/analysis/tasks.js';
import { firstLineLoc } from '../src/util/ast.js';
import { createRule } from '../src/create-rule.js';

type MessageId = 'poolPerTask' | 'closedPoolPerTask' | 'clientPerTask' | 'runOnceLeak' | 'freshPerTask' | 'hoist';

const MESSAGE: Readonly<Record<TaskConnection['kind'], MessageId>> = {
  'pool-per-task': 'poolPerTask',
  'closed-pool-per-task': 'closedPoolPerTask',
  'client-per-task': 'clientPerTask',
  'run-once-leak': 'runOnceLeak',
  'fresh-per-task': 'freshPerTask',
};

export default createRule<MessageId, []>({
  name: 'no-connection-per-task',
  meta: {
    type: 'problem',
    docs: {
      description: 'Disallow opening a new database or network connection in every task of a worker',
      recommended: true,
    },
    hasSuggestions: true,
    schema: [],
    messages: {
      poolPerTask:
        '`{{name}}` is a new {{library}} {{noun}} made in {{task}}, so every task opens a pool of its own and the connection count climbs until the database refuses new connections.',
      closedPoolPerTask:
        '`{{name}}` is a new {{library}} {{noun}} made in {{task}}: it is closed afterwards, but every task pays for building a whole pool and its connections instead of reusing one per worker.',
      clientPerTask:
        '`{{name}}` is a new {{library}} {{noun}} opened in {{task}} and not closed on every path of it (a `finally` or `await using`), so tasks leave connections open until the database refuses new ones.',
      runOnceLeak:
        '`{{name}}` is a {{library}} {{noun}} this run-once worker opens and does not close on every path: its open socket keeps the worker alive after its work, so every job leaks a worker and a connection.',
      freshPerTask:
        '`{{name}}` is a {{library}} {{noun}} opened at the module scope of a worker that {{site}} starts afresh for every task (`isolateWorkers: true`), so every task opens it again and never closes it, until the database refuses new connections.',
      hoist: 'Create `{{name}}` once, at the module scope of the worker, and share it between tasks.',
    },
  },
  create(context) {
    const facts = getFacts(context);
    if (!facts.relevant) return {};
    const { sourceCode } = context;

    function hoist(connection: TaskConnection): TSESLint.SuggestionReportDescriptor<MessageId>[] {
      const edits = hoistEdits(connection, { sourceCode, roles: facts.roles });
      return edits ? [{ messageId: 'hoist', data: { name: connection.name }, fix: editsFix(edits) }] : [];
    }

    /** Reports stand on the factory's first line. */

    return {
      Program() {
        for (const connection of facts.tasks.connections) {
          context.report({
            loc: firstLineLoc(connection.node, sourceCode.lines),
            messageId: MESSAGE[connection.kind],
            data: {
              name: connection.name,
              library: connection.entity.library,
              noun: connection.entity.noun,
              task: connection.task?.label ?? '',
              site: connection.site ?? '',
            },
            suggest: hoist(connection),
          });
        }
      },
    };
  },
});
