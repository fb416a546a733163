/**
 * In a module that forks copies of itself, a connection belongs to the role that uses it:
 * report one opened by a role that never uses it, and one the primary leaves idle once it
 * has forked.
 */
import type { TSESLint } from '@typescript-eslint/utils';
import { getFacts } from '../src/project/get-facts.js';
import type { ForkConnection } from '../src/analysis/fork-connections.js';
import { closeBeforeFork, moveIntoRole } from '../src/analysis/fixes/fork-placement.js';
import { editsFix } from '../src/analysis/fixes/placement.js';
import { PRIMARY, WORKER, type ForkSite } from '../src/analysis/roles.js';
import { createRule } from '../src/create-rule.js';
import { firstLineLoc } from '../src/util/ast.js';

type MessageId =
  | 'workerOnly' | 'workerOnlyLazy' | 'primaryOnly' | 'idleAfterFork' | 'importConnects' | 'requireConnects' | 'unusedHere'
  | 'connectWorkerOnly' | 'connectPrimaryOnly' | 'connectUnusedHere'
  | 'moveToWorker' | 'moveToPrimary' | 'moveToWorkerAsync' | 'moveConnectToWorker' | 'moveConnectToPrimary' | 'moveConnectToWorkerAsync' | 'closeBeforeFork';
type Options = [{ reportLazy?: boolean }];
type Context = Readonly<TSESLint.RuleContext<MessageId, Options>>;
type Facts = ReturnType<typeof getFacts>;
type Suggestions = TSESLint.SuggestionReportDescriptor<MessageId>[];

/** The variants of a report on a held connection no variable of this file holds: named by the call that opens it. */
const BY_CONNECT_STEP: Partial<Record<MessageId, MessageId>> = {
  workerOnly: 'connectWorkerOnly',
  workerOnlyLazy: 'connectWorkerOnly',
  primaryOnly: 'connectPrimaryOnly',
  unusedHere: 'connectUnusedHere',
  moveToWorker: 'moveConnectToWorker',
  moveToWorkerAsync: 'moveConnectToWorkerAsync',
  moveToPrimary: 'moveConnectToPrimary',
};

function messageFor(connection: ForkConnection, messageId: MessageId): MessageId {
  return (connection.opener !== undefined && BY_CONNECT_STEP[messageId]) || messageId;
}

/** A held connection no variable here declares is named by the call that opens it in the reports that say so. */
function nameFor(connection: ForkConnection, messageId: MessageId): string {
  return messageFor(connection, messageId) !== messageId ? connection.opener! : connection.name;
}

/** The factory's (or connect step's) first line: a multi-line options object is not underlined. */
function report(context: Context, connection: ForkConnection, messageId: MessageId, site: ForkSite, fix?: TSESLint.ReportFixFunction, suggest: Suggestions = []): void {
  const place = connection.held?.place;
  context.report({
    loc: firstLineLoc(connection.at, context.sourceCode.lines),
    messageId: messageFor(connection, messageId),
    data: {
      name: nameFor(connection, messageId),
      library: connection.entity.library,
      noun: connection.entity.noun,
      forkSite: site.label,
      where: place ? `${connection.entity.library}, ${place.module}` : connection.entity.library,
    },
    fix,
    suggest,
  });
}

function moveSuggestion(connection: ForkConnection, messageId: MessageId, edits: Parameters<typeof editsFix>[0]): Suggestions[number] {
  return { messageId: messageFor(connection, messageId), data: { name: nameFor(connection, messageId) }, fix: editsFix(edits) };
}

/** Only workers use it (here, or in the modules only they run): the primary need not open it. */
function reportWorkerOnly(context: Context, facts: Facts, connection: ForkConnection, site: ForkSite, messageId: MessageId): void {
  const moved = moveIntoRole(connection, WORKER, facts.roles, context, facts.forks.workerStart);
  if (moved?.safe) report(context, connection, messageId, site, editsFix(moved.edits));
  else report(context, connection, messageId, site, undefined, moved ? [moveSuggestion(connection, moved.needsAsync ? 'moveToWorkerAsync' : 'moveToWorker', moved.edits)] : []);
}

/** Only the primary uses it: workers need not open it. */
function reportPrimaryOnly(context: Context, facts: Facts, connection: ForkConnection, site: ForkSite): void {
  const moved = moveIntoRole(connection, PRIMARY, facts.roles, context);
  const suggest: Suggestions = moved && !moved.needsAsync ? [moveSuggestion(connection, 'moveToPrimary', moved.edits)] : [];
  report(context, connection, 'primaryOnly', site, undefined, suggest);
}

function reportIdleAfterFork(context: Context, facts: Facts, connection: ForkConnection, site: ForkSite): void {
  const close = closeBeforeFork(connection, site, facts.roles, context);
  const suggest: Suggestions = close ? [{ messageId: 'closeBeforeFork', data: { name: connection.name, close: close.close }, fix: editsFix(close.edits) }] : [];
  report(context, connection, 'idleAfterFork', site, undefined, suggest);
}

function check(context: Context, facts: Facts, connection: ForkConnection, site: ForkSite, reportLazy: boolean): void {
  if (connection.exported) return;
  const roles = connection.uses.reduce((mask, use) => mask | use.role, 0);
  // A project module that connects as it loads: its import is the report (`importConnects`).
  const opensOnImport = connection.held?.opensOnLoad === true;
  if (connection.atModuleScope && !opensOnImport && connection.uses.length > 0) {
    // A lazy one that opens only at its connect step cannot be opened by the primary's code by accident.
    if (roles === WORKER && (connection.opensIn & PRIMARY || (reportLazy && connection.opensWhenTouched))) {
      return reportWorkerOnly(context, facts, connection, site, connection.opensIn & PRIMARY ? 'workerOnly' : 'workerOnlyLazy');
    }
    // A held connection the workers may use through the modules they run is theirs too.
    if (roles === PRIMARY && connection.opensIn & WORKER && connection.workersIdle) return reportPrimaryOnly(context, facts, connection, site);
  }
  if (connection.onlyWorkersUse && !opensOnImport) return reportWorkerOnly(context, facts, connection, site, 'unusedHere');
  if (connection.idleAfterFork) reportIdleAfterFork(context, facts, connection, connection.idleAfterFork.forkSite);
}

export default createRule<MessageId, Options>({
  name: 'no-connection-before-fork',
  meta: {
    type: 'problem',
    docs: {
      description: 'Disallow opening a connection in the role of a self-forking module that does not use it',
      recommended: true,
      strictOptions: [{ reportLazy: true }],
    },
    fixable: 'code',
    hasSuggestions: true,
    schema: [
      {
        type: 'object',
        properties: {
          reportLazy: {
            type: 'boolean',
            description: 'Also report lazy connections (pools that open nothing until their first query) that only workers use.',
          },
        },
        additionalProperties: false,
      },
    ],
    defaultOptions: [{ reportLazy: false }],
    messages: {
      workerOnly:
        '`{{name}}` ({{library}} {{noun}}) is opened at module scope, so the primary that runs `{{forkSite}}` opens it too, though only workers use it; create it on the worker path.',
      unusedHere:
        '`{{name}}` ({{library}} {{noun}}) is opened at module scope, so the primary that only runs `{{forkSite}}` opens it too; its uses are in the workers\' modules; open it on the worker path.',
      connectWorkerOnly:
        '`{{name}}` ({{where}}) opens the {{noun}} at module scope, so the primary that runs `{{forkSite}}` opens it too, though only workers use it; run it on the worker path.',
      connectPrimaryOnly:
        '`{{name}}` ({{where}}) opens the {{noun}} at module scope, so every worker of `{{forkSite}}` opens one too, though only the primary uses it; run it on the primary path.',
      connectUnusedHere:
        '`{{name}}` ({{where}}) opens the {{noun}} at module scope, so the primary that only runs `{{forkSite}}` opens it too; its uses are in the workers\' modules; run it on the worker path.',
      workerOnlyLazy:
        '`{{name}}` ({{library}} {{noun}}) is created at module scope though only workers use it, so the primary that runs `{{forkSite}}` holds one that opens as soon as its code touches it; create it on the worker path.',
      primaryOnly:
        '`{{name}}` ({{library}} {{noun}}) is opened at module scope, so every worker of `{{forkSite}}` opens its own copy, though only the primary uses it; create it on the primary path.',
      idleAfterFork:
        '`{{name}}` ({{library}} {{noun}}) is last used before `{{forkSite}}` and never closed, so the primary holds its connections idle for its whole life; close it before forking.',
      importConnects:
        '`{{specifier}}` opens a connection ({{library}}) as `{{module}}` loads, and the primary imports it before `{{forkSite}}` for nothing; import it with `await import()` on the worker path.',
      requireConnects:
        '`{{specifier}}` opens a connection ({{library}}) as `{{module}}` loads, and the primary requires it before `{{forkSite}}` for nothing; require it on the worker path.',
      moveToWorker: 'Create `{{name}}` at the start of the worker path.',
      moveToPrimary: 'Create `{{name}}` at the start of the primary path.',
      moveToWorkerAsync: 'Create `{{name}}` at the start of the worker path, and make that function async.',
      moveConnectToWorker: 'Run `{{name}}` at the start of the worker path.',
      moveConnectToPrimary: 'Run `{{name}}` at the start of the primary path.',
      moveConnectToWorkerAsync: 'Run `{{name}}` at the start of the worker path, and make that function async.',
      closeBeforeFork: 'Close `{{name}}` with `{{close}}()` before forking.',
    },
  },
  create(context) {
    const reportLazy = context.options[0]?.reportLazy ?? false;
    const facts = getFacts(context);
    if (!facts.mayReport) return {};

    return {
      Program() {
        const { forks } = facts;
        const site = forks.forkSite;
        if (!site) return;
        for (const connection of forks.connections) check(context, facts, connection, site, reportLazy);
        for (const imported of facts.connectingImports) {
          // CommonJS has no top-level await: a `require()` moves as a `require()`.
          const messageId = imported.kind === 'require' ? 'requireConnects' : 'importConnects';
          context.report({ node: imported.node, messageId, data: { specifier: imported.specifier, library: imported.library, module: imported.module, forkSite: site.label } });
        }
      },
    };
  },
});
