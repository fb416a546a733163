/**
 * A live connection cannot cross to another process or thread: report it wherever it sits
 * in data sent to one, and suggest sending the configuration it was created with.
 */
import type { TSESLint } from '@typescript-eslint/utils';
import { getFacts } from '../src/project/get-facts.js';
import { editsFix } from '../src/analysis/fixes/placement.js';
import { transferFix } from '../src/analysis/fixes/transfer-fix.js';
import type { Transfer } from '../src/analysis/transfers.js';
import type { Origin } from '../src/analysis/values.js';
import { createRule } from '../src/create-rule.js';
import { shorten } from '../src/util/text.js';

type MessageId = 'clone' | 'json' | 'argv' | 'handle' | 'socket' | 'heldElsewhere' | 'sendConfig' | 'sendConfigAndConnect';

function messageFor(transfer: Transfer): MessageId {
  if (transfer.socketPath) return 'socket';
  if (transfer.asHandle) return 'handle';
  if (heldElsewhere(transfer)) return 'heldElsewhere';
  return transfer.serialization;
}

/** Where another module holds the connection sent (or the one it was handed out by). */
function heldElsewhere(transfer: Transfer): string | undefined {
  for (let origin: Origin | undefined = transfer.site.origin; origin; origin = origin.from) if (origin.held?.place) return origin.held.place.module;
  return undefined;
}

/** What the boundary does to a connection, for a connection another module holds. */
const FAILURE: Readonly<Record<Transfer['serialization'], string>> = {
  clone: 'it throws "could not be cloned" (DataCloneError) or delivers a copy without methods',
  json: 'it fails on circular references or arrives as inert data without methods',
  argv: 'it becomes the string "[object Object]"',
};

export default createRule<MessageId, []>({
  name: 'no-connection-transfer',
  meta: {
    type: 'problem',
    docs: {
      description: 'Disallow sending a live database or network connection to another process or thread',
      recommended: true,
    },
    hasSuggestions: true,
    schema: [],
    messages: {
      clone:
        '`{{name}}` is a live {{library}} {{noun}}: {{boundary}} cannot copy it (DataCloneError, or a copy without methods); send its configuration and connect on the other side.',
      json:
        '`{{name}}` is a live {{library}} {{noun}}: {{boundary}} sends JSON, which fails on it or delivers inert data; send its configuration and connect on the other side.',
      argv:
        '`{{name}}` is a live {{library}} {{noun}}: in {{boundary}} it becomes the string "[object Object]"; pass its configuration and connect in the child.',
      handle:
        '`{{name}}` is a live {{library}} {{noun}}, not a socket handle: {{boundary}} throws "This handle type cannot be sent"; send its configuration and connect in the child.',
      socket:
        '`{{name}}` is the socket of a live {{library}} {{noun}}: sent through {{boundary}}, it makes two processes share one connection and corrupt it; let the child open its own.',
      heldElsewhere:
        '`{{name}}` is the live {{library}} {{noun}} of {{place}}, which {{boundary}} cannot carry: {{failure}}; let the other side import {{place}} and connect there itself.',
      sendConfig: 'Send `{{config}}`, the configuration the connection was created from, instead; the receiving side must then connect from it.',
      sendConfigAndConnect: 'Send `{{config}}`, the configuration the connection was created from, instead, and connect from it where this file receives it.',
    },
  },
  create(context) {
    const facts = getFacts(context);
    if (!facts.mayReport) return {};
    const { sourceCode } = context;

    function suggestConfig(transfer: Transfer): TSESLint.SuggestionReportDescriptor<MessageId>[] {
      const { values, roles, workers, tracked } = facts;
      const fix = transferFix(transfer, { sourceCode, values, roles, workers, tracked, languageOptions: context.languageOptions });
      if (!fix) return [];
      const { config } = fix;
      return [
        {
          messageId: fix.receiverConnects ? 'sendConfigAndConnect' : 'sendConfig',
          data: { config: shorten(config) },
          fix: editsFix(fix.edits),
        },
      ];
    }

    return {
      Program() {
        for (const transfer of facts.transfers) {
          const { entity } = transfer.site;
          const written = sourceCode.getText(transfer.node);
          const text = transfer.socketPath ? written : (transfer.site.binding?.name ?? written);
          context.report({
            node: transfer.node,
            messageId: messageFor(transfer),
            data: {
              name: shorten(text),
              library: entity.library,
              noun: entity.noun,
              boundary: transfer.boundary,
              place: heldElsewhere(transfer) ?? '',
              failure: FAILURE[transfer.serialization],
            },
            suggest: suggestConfig(transfer),
          });
        }
      },
    };
  },
});
