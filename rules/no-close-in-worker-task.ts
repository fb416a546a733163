/**
 * A task function runs once per unit of work in a worker that lives on: closing the
 * worker's own connection there breaks every task after it.
 */
import type { TSESLint } from '@typescript-eslint/utils';
import { getFacts } from '../src/project/get-facts.js';
import { editsFix } from '../src/analysis/fixes/placement.js';
import { closeRemoval, shutdownHookPlan } from '../src/analysis/fixes/shutdown-hooks.js';
import type { TaskClose } from '../src/analysis/tasks.js';
import { createRule } from '../src/create-rule.js';
import type { Roles } from '../src/analysis/roles.js';
import { callLabel } from '../src/util/ast.js';

type MessageId = 'close' | 'closeShared' | 'removeClose' | 'releaseInstead' | 'moveToHook';
type Source = Readonly<TSESLint.SourceCode>;

function consequence(close: TaskClose): string {
  const after = close.entity.connection?.afterClose;
  if (after?.reconnects) return 'the next task on this worker has to reconnect from scratch, one new connection per task';
  if (after?.error) return `the next task on this worker fails with "${after.error}"`;
  return 'the next task on this worker finds it closed and fails';
}

function suggestions(close: TaskClose, sourceCode: Source, roles: Roles): TSESLint.SuggestionReportDescriptor<MessageId>[] {
  const result: TSESLint.SuggestionReportDescriptor<MessageId>[] = [];
  if (close.checkout) {
    const { name, release } = close.checkout;
    result.push({
      messageId: 'releaseInstead',
      data: { client: name, release },
      fix: (fixer) => fixer.replaceText(close.call, `${name}.${release}()`),
    });
  }
  const removal = closeRemoval(close, sourceCode);
  if (removal) result.push({ messageId: 'removeClose', data: { method: close.method }, fix: editsFix([removal]) });
  const hook = shutdownHookPlan(close, { sourceCode, roles });
  if (hook) result.push({ messageId: 'moveToHook', data: { hook: hook.hook, covers: hook.covers }, fix: editsFix(hook.edits) });
  return result;
}

export default createRule<MessageId, []>({
  name: 'no-close-in-worker-task',
  meta: {
    type: 'problem',
    docs: {
      description: "Disallow closing a worker's shared connection inside a task function",
      recommended: true,
    },
    hasSuggestions: true,
    schema: [],
    messages: {
      close:
        '{{task}} closes `{{name}}`, the worker\'s shared {{library}} {{noun}}, with `{{method}}()`{{helper}}: {{consequence}}; keep it open; close it when the worker shuts down.',
      closeShared:
        '`{{call}}` in {{task}}{{helper}} closes the {{library}} {{noun}} of {{place}} that every task of this worker shares: {{consequence}}; close it when the worker shuts down.',
      removeClose: 'Remove the `{{method}}()` call and keep the connection open for the next task.',
      releaseInstead: 'Give the checked-out `{{client}}` back with `{{client}}.{{release}}()` instead.',
      moveToHook: 'Close it in a `{{hook}}` handler instead, which runs {{covers}}.',
    },
  },
  create(context) {
    const facts = getFacts(context);
    if (!facts.mayReport) return {};
    const { sourceCode } = context;

    return {
      Program() {
        for (const close of facts.tasks.closes) {
          const place = close.held?.place;
          context.report({
            node: close.call,
            messageId: place ? 'closeShared' : 'close',
            data: {
              call: callLabel(close.call, sourceCode.getText(close.call.callee)),
              place: place?.module ?? '',
              name: close.name,
              library: close.entity.library,
              noun: close.entity.noun,
              task: close.task.label,
              method: close.method,
              helper: close.viaHelper ? ' (through a helper it calls)' : '',
              consequence: consequence(close),
            },
            suggest: suggestions(close, sourceCode, facts.roles),
          });
        }
      },
    };
  },
});
