/**
 * A forked copy re-runs the module without the primary's connections: report the first
 * worker-path use of a connection that only the primary path creates or connects, and
 * create or connect it at the start of the worker path.
 */
import { findVariable } from '@eslint-community/eslint-utils';
import type { TSESLint } from '@typescript-eslint/utils';
import { getFacts } from '../src/project/get-facts.js';
import type { MissingReconnect } from '../src/analysis/fork-connections.js';
import { asyncableFunction, canEvaluateAt, indentOf, lineStartOf, makeAsync } from '../src/analysis/placement.js';
import { awaitAllowed } from '../src/analysis/roles.js';
import { createRule } from '../src/create-rule.js';
import { skipTypeWrappers, type Node } from '../src/util/ast.js';
import { isPortable } from '../src/util/portable.js';

type MessageId = 'assignedInPrimary' | 'connectedInPrimary' | 'reconnect' | 'reconnectAsync';

export default createRule<MessageId, []>({
  name: 'require-reconnect-after-fork',
  meta: {
    type: 'problem',
    docs: {
      description: 'Require a self-forking module to create or connect on the worker path the connections its workers use',
      recommended: true,
    },
    fixable: 'code',
    hasSuggestions: true,
    schema: [],
    messages: {
      assignedInPrimary:
        '`{{name}}` ({{library}} {{noun}}) is set only on the primary path, but workers started by `{{forkSite}}` re-run this module without it: `{{name}}` is undefined there, so every worker throws a TypeError here; create it on the worker path.',
      connectedInPrimary:
        '`{{name}}` ({{library}} {{noun}}) is connected with `{{connect}}()` only on the primary path, so in the workers started by `{{forkSite}}` it is never connected and fails or hangs here; connect it on the worker path.',
      reconnect: 'Create or connect `{{name}}` at the start of the worker path.',
      reconnectAsync: 'Create or connect `{{name}}` at the start of the worker path, and make that function async.',
    },
  },
  create(context) {
    const facts = getFacts(context);
    if (!facts.relevant) return {};
    const { sourceCode } = context;

    /** The statements that set the connection up, as they read at the start of the worker path. */
    function setupText(missing: MissingReconnect, destination: Node): { text: string; portable: boolean } | undefined {
      const name = missing.binding.name;
      const parts: string[] = [];
      let portable = true;
      const argumentsPortable = (call: Node): boolean =>
        (call.type === 'CallExpression' || call.type === 'NewExpression') &&
        isPortable(call.callee.type === 'MemberExpression' ? call.callee.object : call.callee, destination, sourceCode) &&
        call.arguments.every((arg) => arg.type !== 'SpreadElement' && isPortable(arg, destination, sourceCode));
      if (missing.reason === 'assigned') {
        const assignment = missing.assignments[0];
        if (!assignment) return undefined;
        const value = skipTypeWrappers(assignment.right.type === 'AwaitExpression' ? assignment.right.argument : assignment.right);
        portable = argumentsPortable(value) && canEvaluateAt(assignment.right, destination, sourceCode);
        parts.push(`${name} = ${sourceCode.getText(assignment.right)};`);
      }
      for (const step of missing.connectSteps) {
        const call = step.call!;
        const statement = call.parent?.type === 'AwaitExpression' ? call.parent.parent : call.parent;
        portable &&= call.arguments.every((arg) => arg.type !== 'SpreadElement' && isPortable(arg, destination, sourceCode));
        if (statement?.type === 'ExpressionStatement') parts.push(sourceCode.getText(statement));
        else parts.push(`await ${name}.${step.name}(${call.arguments.map((arg) => sourceCode.getText(arg)).join(', ')});`);
      }
      return parts.length > 0 ? { text: parts.join('\n'), portable } : undefined;
    }

    function fixes(missing: MissingReconnect): { fix?: TSESLint.ReportFixFunction; suggest: TSESLint.SuggestionReportDescriptor<MessageId>[] } {
      const none = { suggest: [] };
      const destination = facts.roles.workerPathStart(missing.use.node);
      const indent = destination && indentOf(destination, sourceCode);
      if (!destination || indent === undefined) return none;
      // The name must mean the same variable there.
      if (findVariable(sourceCode.getScope(destination) as never, missing.binding.name) !== missing.variable) return none;
      const setup = setupText(missing, destination);
      if (!setup) return none;
      const text = setup.text.split('\n').map((line) => `${indent}${line.trimStart()}`).join('\n') + '\n';
      const at = lineStartOf(destination, sourceCode);
      const needsAsync = /\bawait\b/.test(setup.text) && !awaitAllowed(destination, context) ? asyncableFunction(destination) : undefined;
      if (/\bawait\b/.test(setup.text) && !awaitAllowed(destination, context) && !needsAsync) return none;
      const fix: TSESLint.ReportFixFunction = (fixer) => {
        const all = [fixer.insertTextBeforeRange([at, 0], text)];
        if (needsAsync) all.push(makeAsync(needsAsync, fixer));
        return all;
      };
      const data = { name: missing.binding.name };
      if (setup.portable && !needsAsync) return { fix, suggest: [] };
      return { suggest: [{ messageId: needsAsync ? 'reconnectAsync' : 'reconnect', data, fix }] };
    }

    return {
      Program() {
        const { forks } = facts;
        const site = forks.forkSite;
        if (!site) return;
        for (const missing of forks.reconnects) {
          const entity = missing.binding.entity;
          const { fix, suggest } = fixes(missing);
          context.report({
            node: missing.use.node,
            messageId: missing.reason === 'assigned' ? 'assignedInPrimary' : 'connectedInPrimary',
            data: {
              name: missing.binding.name,
              library: entity.library,
              noun: entity.noun,
              forkSite: site.label,
              ...(missing.reason === 'connect' ? { connect: missing.connectSteps[0]!.name } : {}),
            },
            fix,
            suggest,
          });
        }
      },
    };
  },
});

