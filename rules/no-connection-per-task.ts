/**
 * A worker should hold one pool (or client) for all its tasks. A pool made in a task, or
 * a client a task opens and may leave open, multiplies connections until the database
 * refuses more; a run-once worker that leaves a connection open never ends.
 */
import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import { getFacts } from '../src/project/get-facts.js';
import { editsFix } from '../src/analysis/placement.js';
import { hoistEdits } from '../src/analysis/task-hoist.js';
import type { TaskConnection } from '../src/analysis/tasks.js';
import { callLabel, firstLineLoc } from '../src/util/ast.js';
import { createRule } from '../src/create-rule.js';

type MessageId =
  | 'poolPerTask' | 'closedPoolPerTask' | 'clientPerTask' | 'runOnceLeak' | 'freshPerTask' | 'reconnectPerTask' | 'heldRunOnceLeak'
  | 'poolPerTaskVia' | 'closedPoolPerTaskVia' | 'clientPerTaskVia' | 'runOnceLeakVia' | 'hoist';

const MESSAGE: Readonly<Record<TaskConnection['kind'], MessageId>> = {
  'pool-per-task': 'poolPerTask',
  'closed-pool-per-task': 'closedPoolPerTask',
  'client-per-task': 'clientPerTask',
  'run-once-leak': 'runOnceLeak',
  'fresh-per-task': 'freshPerTask',
  'reconnect-per-task': 'reconnectPerTask',
  'held-run-once-leak': 'heldRunOnceLeak',
};

/** The same findings on a connection a factory wrapper of another module makes (`getPool()` of src/db.js). */
const VIA_WRAPPER: Partial<Record<TaskConnection['kind'], MessageId>> = {
  'pool-per-task': 'poolPerTaskVia',
  'closed-pool-per-task': 'closedPoolPerTaskVia',
  'client-per-task': 'clientPerTaskVia',
  'run-once-leak': 'runOnceLeakVia',
};

/** How a run-once worker opens a held connection, as the report says it. */
function howOpened(connection: TaskConnection): string {
  if (connection.opened === 'load') return 'as its module loads';
  return connection.opened === 'connect' && connection.opener ? `with \`${connection.opener}\`` : 'with its first query';
}

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
      reconnectPerTask:
        '`{{connect}}` and `{{close}}` in {{task}} open and close the worker\'s {{library}} {{noun}}{{place}} for every task: each task builds the whole pool and its connections again, instead of keeping it open for all the tasks of the worker.',
      heldRunOnceLeak:
        '`{{name}}` ({{library}} {{noun}}{{place}}) is opened by this run-once worker {{how}} and not closed on every path: its open socket keeps the worker alive after its work, so every job leaks a worker and a connection.',
      poolPerTaskVia:
        '`{{name}}` is a new {{library}} {{noun}} that {{task}} gets from `{{wrapper}}` ({{place}}), so every task opens a pool of its own and the connection count climbs until the database refuses new connections.',
      closedPoolPerTaskVia:
        '`{{name}}` is a new {{library}} {{noun}} that {{task}} gets from `{{wrapper}}` ({{place}}): it is closed afterwards, but every task pays for building a whole pool and its connections instead of reusing one per worker.',
      clientPerTaskVia:
        '`{{name}}` is a new {{library}} {{noun}} that {{task}} gets from `{{wrapper}}` ({{place}}) and does not close on every path (a `finally` or `await using`), so tasks leave connections open until the database refuses new ones.',
      runOnceLeakVia:
        '`{{name}}` is a {{library}} {{noun}} this run-once worker gets from `{{wrapper}}` ({{place}}) and does not close on every path: its open socket keeps the worker alive after its work, so every job leaks a worker and a connection.',
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
          const { madeIn, held } = connection;
          context.report({
            loc: firstLineLoc(connection.node, sourceCode.lines),
            messageId: (madeIn && VIA_WRAPPER[connection.kind]) || MESSAGE[connection.kind],
            data: {
              name: connection.name,
              library: connection.entity.library,
              noun: connection.entity.noun,
              task: connection.task?.label ?? '',
              site: connection.site ?? '',
              connect: connection.steps?.connect ?? '',
              close: connection.steps?.close ?? '',
              place: held?.place ? ` of ${held.place.module}` : '',
              how: howOpened(connection),
              ...(madeIn ? { wrapper: callLabel(connection.node as TSESTree.CallExpression, sourceCode.getText((connection.node as TSESTree.CallExpression).callee)), place: madeIn.module } : {}),
            },
            suggest: hoist(connection),
          });
        }
      },
    };
  },
});
