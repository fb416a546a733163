/**
 * A task function runs once per unit of work in a worker that lives on: closing the
 * worker's own connection there breaks every task after it.
 */
import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import { getFacts } from '../src/project/get-facts.js';
import type { TaskClose } from '../src/analysis/tasks.js';
import { createRule } from '../src/create-rule.js';
import { callLabel } from '../src/util/ast.js';
import { isPortable } from '../src/util/portable.js';

type MessageId = 'close' | 'closeShared' | 'removeClose' | 'releaseInstead' | 'moveToHook';
type Source = Readonly<TSESLint.SourceCode>;

function consequence(close: TaskClose): string {
  const after = close.entity.connection?.afterClose;
  if (after?.reconnects) return 'the next task on this worker has to reconnect from scratch, one new connection per task';
  if (after?.error) return `the next task on this worker fails with "${after.error}"`;
  return 'the next task on this worker finds it closed and fails';
}

/** The statement that is nothing but the close: `await pool.end();`. */
function closeStatement(close: TaskClose): TSESTree.ExpressionStatement | undefined {
  let node: TSESTree.Node = close.call;
  while (node.parent?.type === 'AwaitExpression' || node.parent?.type === 'ChainExpression') node = node.parent;
  const statement = node.parent;
  if (statement?.type !== 'ExpressionStatement' || statement.expression !== node) return undefined;
  const list = statement.parent;
  return list?.type === 'BlockStatement' || list?.type === 'Program' ? statement : undefined;
}

/** The worker's own shutdown event, registered after the top-level statement that holds the task. */
function hookFor(close: TaskClose, sourceCode: Source): { hook: string; text: string; after: TSESTree.Node } | undefined {
  const program = sourceCode.ast as TSESTree.Program;
  // After both the task and its registration (`workerpool.worker({ count })` may come later).
  const end = Math.max(close.task.node.range[1], close.task.registration.range[1]);
  const after = program.body.find((statement) => statement.range[0] < end && end <= statement.range[1]);
  const callee = close.call.callee;
  // `pool.end()`: the pool must mean the same there; `closeDB()`: the wrapper must.
  const closed = callee.type === 'MemberExpression' ? callee.object : callee;
  if (!after || !isPortable(closed, after, sourceCode)) return undefined;
  const closing = sourceCode.getText(close.call);
  const receiver = close.task.receiver;
  if (close.task.runner === 'worker_threads' && receiver?.type === 'Identifier' && isPortable(receiver, after, sourceCode)) {
    return { hook: `${receiver.name}.once('close')`, text: `${receiver.name}.once('close', () => ${closing});`, after };
  }
  if (close.task.runner === 'child_process') {
    return { hook: "process.once('disconnect')", text: `process.once('disconnect', () => ${closing});`, after };
  }
  return { hook: "process.once('beforeExit')", text: `process.once('beforeExit', () => ${closing});`, after };
}

function suggestions(close: TaskClose, sourceCode: Source): TSESLint.SuggestionReportDescriptor<MessageId>[] {
  const result: TSESLint.SuggestionReportDescriptor<MessageId>[] = [];
  const statement = closeStatement(close);
  if (close.checkout) {
    const { name, release } = close.checkout;
    result.push({
      messageId: 'releaseInstead',
      data: { client: name, release },
      fix: (fixer) => fixer.replaceText(close.call, `${name}.${release}()`),
    });
  }
  if (statement) {
    result.push({
      messageId: 'removeClose',
      data: { method: close.method },
      fix: (fixer) => fixer.removeRange(removal(statement, sourceCode)),
    });
    const hook = hookFor(close, sourceCode);
    if (hook) {
      result.push({
        messageId: 'moveToHook',
        data: { hook: hook.hook },
        fix: (fixer) => [
          fixer.removeRange(removal(statement, sourceCode)),
          fixer.insertTextAfter(hook.after, `\n\n${hook.text}`),
        ],
      });
    }
  }
  return result;
}

/** The statement, and its whole line when it stands alone on it. */
function removal(statement: TSESTree.Node, sourceCode: Source): [number, number] {
  const { start, end } = statement.loc;
  const line = sourceCode.lines[start.line - 1] ?? '';
  if (start.line > 1 && start.line === end.line && line.trim() === sourceCode.getText(statement)) {
    return [sourceCode.getIndexFromLoc({ line: start.line, column: 0 }) - 1, statement.range[1]];
  }
  return [statement.range[0], statement.range[1]];
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
      closeShared:
        '`{{call}}` in {{task}}{{helper}} closes the {{library}} {{noun}} of {{place}}, which this worker shares between all its tasks: {{consequence}}.',
      removeClose: 'Remove the `{{method}}()` call and keep the connection open for the next task.',
      releaseInstead: 'Give the checked-out `{{client}}` back with `{{client}}.{{release}}()` instead.',
      moveToHook: 'Close it in a `{{hook}}` handler instead, when the worker shuts down.',
    },
  },
  create(context) {
    const facts = getFacts(context);
    if (!facts.relevant) return {};
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
            suggest: suggestions(close, sourceCode),
          });
        }
      },
    };
  },
});
