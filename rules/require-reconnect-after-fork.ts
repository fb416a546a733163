/**
 * A forked copy re-runs the module without the primary's connections: report the first
 * worker-path use of a connection that only the primary path creates or connects, and
 * create or connect it at the start of the worker path.
 */
import type { TSESLint } from '@typescript-eslint/utils';
import { getFacts } from '../src/project/get-facts.js';
import type { MissingReconnect } from '../src/analysis/fork-connections.js';
import { reconnectOnWorkerPath } from '../src/analysis/fixes/fork-placement.js';
import { editsFix } from '../src/analysis/fixes/placement.js';
import { createRule } from '../src/create-rule.js';

type MessageId = 'assignedInPrimary' | 'globalInPrimary' | 'connectedInPrimary' | 'reconnect' | 'reconnectAsync' | 'reconnectAndClose';
type Context = Readonly<TSESLint.RuleContext<MessageId, []>>;
type Facts = ReturnType<typeof getFacts>;

/** An undeclared global (sloppy `con = mysql.createConnection()`) is not undefined in a worker: it does not exist. */
function messageIdOf(missing: MissingReconnect): MessageId {
  if (missing.reason === 'connect') return 'connectedInPrimary';
  return missing.undeclared ? 'globalInPrimary' : 'assignedInPrimary';
}

/**
 * A fix when the set-up surely means the same on the worker path, else a suggestion. In a
 * run-once child the plan also closes the connection once the work is done (or there is
 * none), and the suggestion says so.
 */
function fixes(missing: MissingReconnect, facts: Facts, context: Context): { fix?: TSESLint.ReportFixFunction; suggest: TSESLint.SuggestionReportDescriptor<MessageId>[] } {
  const placed = reconnectOnWorkerPath(missing, facts.roles, { sourceCode: context.sourceCode, languageOptions: context.languageOptions, workers: facts.workers });
  if (!placed) return { suggest: [] };
  const fix = editsFix(placed.edits);
  if (placed.safe) return { fix, suggest: [] };
  if (placed.close) {
    const andAsync = placed.needsAsync ? ', make that function async,' : '';
    return { suggest: [{ messageId: 'reconnectAndClose', data: { name: missing.name, andAsync, close: placed.close }, fix }] };
  }
  return { suggest: [{ messageId: placed.needsAsync ? 'reconnectAsync' : 'reconnect', data: { name: missing.name }, fix }] };
}

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
        '`{{name}}` ({{library}} {{noun}}) is set only on the primary path, so in the workers of `{{forkSite}}` it is undefined here and throws a TypeError; create it on the worker path.',
      globalInPrimary:
        '`{{name}}` ({{library}} {{noun}}) is declared nowhere and assigned only on the primary path, so in the workers of `{{forkSite}}` reading it throws a ReferenceError; create it on the worker path.',
      connectedInPrimary:
        '`{{name}}` ({{library}} {{noun}}) is connected with `{{connect}}()` only on the primary path, so in the workers of `{{forkSite}}` it fails or hangs here; connect it on the worker path.',
      reconnect: 'Create or connect `{{name}}` at the start of the worker path.',
      reconnectAsync: 'Create or connect `{{name}}` at the start of the worker path, and make that function async.',
      reconnectAndClose: 'Create or connect `{{name}}` at the start of the worker path{{andAsync}} and close it with `{{close}}()` in a `finally` once this run-once worker\'s work is done.',
    },
  },
  create(context) {
    const facts = getFacts(context);
    if (!facts.mayReport) return {};

    return {
      Program() {
        const { forks } = facts;
        const site = forks.forkSite;
        if (!site) return;
        for (const missing of forks.reconnects) {
          const { entity } = missing;
          const { fix, suggest } = fixes(missing, facts, context);
          context.report({
            node: missing.use.node,
            messageId: messageIdOf(missing),
            data: {
              name: missing.name,
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

