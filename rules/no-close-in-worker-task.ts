/**
 * A task function runs once per unit of work in a worker that lives on: closing the
 * worker's own connection there breaks every task after it.
 */
import type { TSESLint } from '@typescript-eslint/utils';
import { getFacts } from '../src/project/get-facts.js';
import { editsFix } from '../src/analysis/placement.js';
import { closeRemoval, shutdownHookPlan } from '../src/analysis/shutdown-hooks.js';
import type { TaskClose } from '../src/analysis/tasks.js';
import { createRule } from '../src/create-rule.js';

type MessageId = 'close' | 'removeClose' | 'releaseInstead' | 'moveToHook';

function consequence(close: TaskClose): string {
  const after = close.entity.connection?.afterClose;
  if (after?.reconnects) return 'the next task on this worker has to reconnect from scratch, one new connection per task';
  if (after?.error) return `the next task on this worker fails with "${after.error}"`;
  return 'the next task on this worker finds it closed and fails';
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
        '`{{name}}` is the worker\'s {{library}} {{noun}}, shared by every task, and {{task}} closes it with `{{method}}()`{{helper}}: {{consequence}}.',
      removeClose: 'Remove the `{{method}}()` call and keep the connection open for the next task.',
      releaseInstead: 'Give the checked-out `{{client}}` back with `{{client}}.{{release}}()` instead.',
      moveToHook: 'Close it in a `{{hook}}` handler instead, which runs {{covers}}.',
    },
  },
  create(context) {
    const facts = getFacts(context);
    if (!facts.relevant) return {};
    const { sourceCode } = context;

    function suggestions(close: TaskClose): TSESLint.SuggestionReportDescriptor<MessageId>[] {
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
      const hook = shutdownHookPlan(close, { sourceCode, roles: facts.roles });
      if (hook) result.push({ messageId: 'moveToHook', data: { hook: hook.hook, covers: hook.covers }, fix: editsFix(hook.edits) });
      return result;
    }

    return {
      Program() {
        for (const close of facts.tasks.closes) {
          context.report({
            node: close.call,
            messageId: 'close',
            data: {
              name: close.name,
              library: close.entity.library,
              noun: close.entity.noun,
              task: close.task.label,
              method: close.method,
              helper: close.viaHelper ? ' (through a helper it calls)' : '',
              consequence: consequence(close),
            },
            suggest: suggestions(close),
          });
        }
      },
    };
  },
});
