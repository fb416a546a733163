/**
 * A worker should hold one pool (or client) for all its tasks. A pool made in a task, or
 * a client a task opens and may leave open, multiplies connections until the database
 * refuses more; a run-once worker that leaves a connection open never ends.
 */
import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import { getFacts } from '../src/project/get-facts.js';
import { editsFix } from '../src/analysis/fixes/placement.js';
import { inWorkersRole } from '../src/analysis/run-once-roles.js';
import { hoistEdits } from '../src/analysis/fixes/task-hoist.js';
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
        '{{task}} makes a new {{library}} {{noun}} `{{name}}` for every task, so connections pile up until the database refuses more; create one per worker, at module scope.',
      closedPoolPerTask:
        '{{task}} builds and closes a whole {{library}} {{noun}} `{{name}}` for every task; create one per worker, at module scope, and reuse it.',
      clientPerTask:
        '{{task}} opens `{{name}}` ({{library}} {{noun}}) and does not close it on every path, so tasks leak connections; close it in a `finally` (or with `await using`).',
      runOnceLeak:
        '`{{name}}` ({{library}} {{noun}}) is not closed on every path of this run-once worker, so its socket keeps the worker alive after its work; close it in a `finally`.',
      freshPerTask:
        '`{{name}}` ({{library}} {{noun}}) opens at module scope of a worker that {{site}} starts afresh for every task, and is never closed; close it when the task ends.',
      reconnectPerTask:
        '`{{connect}}` and `{{close}}` in {{task}} open and close the worker\'s {{library}} {{noun}}{{place}} for every task, rebuilding the pool each time; connect once per worker and keep it open.',
      heldRunOnceLeak:
        '`{{name}}` ({{library}} {{noun}}{{place}}) is opened by this run-once worker {{how}} and not closed on every path, so it keeps the worker alive after its work; close it in a `finally`.',
      poolPerTaskVia:
        '{{task}} gets a new {{library}} {{noun}} `{{name}}` from `{{wrapper}}` ({{place}}) for every task, so connections pile up; create one per worker, at module scope.',
      closedPoolPerTaskVia:
        '{{task}} gets and closes a whole {{library}} {{noun}} `{{name}}` from `{{wrapper}}` ({{place}}) for every task; create one per worker, at module scope, and reuse it.',
      clientPerTaskVia:
        '{{task}} gets `{{name}}` ({{library}} {{noun}}) from `{{wrapper}}` ({{place}}) and does not close it on every path, so tasks leak connections; close it in a `finally`.',
      runOnceLeakVia:
        '`{{name}}` ({{library}} {{noun}} from `{{wrapper}}`, {{place}}) is not closed on every path of this run-once worker, so it keeps the worker alive after its work; close it in a `finally`.',
      hoist: 'Create `{{name}}` once, at the module scope of the worker, and share it between tasks.',
    },
  },
  create(context) {
    const facts = getFacts(context);
    if (!facts.mayReport) return {};
    const { sourceCode } = context;

    function hoist(connection: TaskConnection): TSESLint.SuggestionReportDescriptor<MessageId>[] {
      const edits = hoistEdits(connection, { sourceCode, roles: facts.roles });
      return edits ? [{ messageId: 'hoist', data: { name: connection.name }, fix: editsFix(edits) }] : [];
    }

    /** Reports stand on the factory's first line. */

    return {
      Program() {
        for (const connection of facts.tasks.connections) {
          if (!inWorkersRole(connection, facts.roles)) continue;
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
