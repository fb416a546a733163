/**
 * In a module that forks copies of itself, a connection belongs to the role that uses it:
 * report one opened by a role that never uses it, and one the primary leaves idle once it
 * has forked.
 */
import { findVariable } from '@eslint-community/eslint-utils';
import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import { getFacts } from '../src/project/get-facts.js';
import type { ForkConnection } from '../src/analysis/fork-connections.js';
import {
  asyncableFunction,
  canEvaluateAt,
  containsAwait,
  indentOf,
  lineStartOf,
  makeAsync,
  reindent,
  statementLines,
} from '../src/analysis/placement.js';
import { PRIMARY, WORKER, awaitAllowed, type ForkSite, type RoleMask } from '../src/analysis/roles.js';
import { createRule } from '../src/create-rule.js';
import { firstLineLoc, isFunction, isLoop, skipTypeWrappers, type Node } from '../src/util/ast.js';
import { isPortable } from '../src/util/portable.js';

type MessageId = 'workerOnly' | 'workerOnlyLazy' | 'primaryOnly' | 'idleAfterFork' | 'importConnects' | 'moveToWorker' | 'moveToPrimary' | 'moveToWorkerAsync' | 'closeBeforeFork';
type Options = [{ reportLazy?: boolean }];


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
        '`{{name}}` ({{library}} {{noun}}) is opened at module scope but only workers use it: the primary that runs `{{forkSite}}` opens it for nothing, and its connections count against the server\'s connection limit on top of every worker\'s.',
      workerOnlyLazy:
        '`{{name}}` ({{library}} {{noun}}) is created at module scope but only workers use it: the primary that runs `{{forkSite}}` creates it for nothing, and although it holds no connection yet, it opens one as soon as primary code touches it.',
      primaryOnly:
        '`{{name}}` ({{library}} {{noun}}) is opened at module scope but only the primary uses it: every worker started by `{{forkSite}}` opens its own copy for nothing, one more connection per worker against the server\'s connection limit.',
      idleAfterFork:
        '`{{name}}` ({{library}} {{noun}}) is last used by the primary before `{{forkSite}}` and never closed: the supervisor keeps its connections open and idle for its whole life.',
      importConnects:
        '`{{specifier}}` opens a connection ({{library}}) at the top level of `{{module}}` and is imported in the primary, which opens it for nothing before `{{forkSite}}`; import it with `await import()` on the worker path.',
      moveToWorker: 'Create `{{name}}` at the start of the worker path.',
      moveToPrimary: 'Create `{{name}}` at the start of the primary path.',
      moveToWorkerAsync: 'Create `{{name}}` at the start of the worker path, and make that function async.',
      closeBeforeFork: 'Close `{{name}}` with `{{close}}()` before forking.',
    },
  },
  create(context) {
    const reportLazy = context.options[0]?.reportLazy ?? false;
    const facts = getFacts(context);
    if (!facts.relevant) return {};
    const { sourceCode } = context;

    /** Move the declaration to the start of the `role`-only region around its uses. */
    function move(connection: ForkConnection, role: RoleMask): { fix: TSESLint.ReportFixFunction; safe: boolean; needsAsync?: TSESTree.Node } | undefined {
      const [binding] = connection.bindings;
      const declarator = binding?.target.parent;
      if (!binding || connection.bindings.length !== 1 || !binding.variable || declarator?.type !== 'VariableDeclarator' || !declarator.init) return undefined;
      const declaration = declarator.parent;
      if (declaration?.type !== 'VariableDeclaration' || declaration.declarations.length !== 1 || declaration.parent?.type !== 'Program') return undefined;
      const references = binding.variable.references.filter((reference) => !reference.init).map((reference) => reference.identifier as Node);
      const first = connection.uses.find((use) => use.role === role);
      const destination = first && facts.roles.regionStart(first.node, role);
      const list = destination?.parent;
      if (!destination || !list || list.type === 'SwitchCase' || !facts.roles.runsOnce(destination) || !references.every((node) => node.range[0] >= destination.range[0] && node.range[1] <= list.range[1])) return undefined;
      if (!canEvaluateAt(declarator.init, destination, sourceCode)) return undefined;
      const lines = statementLines(declaration, sourceCode);
      const indent = indentOf(destination, sourceCode);
      if (!lines || indent === undefined) return undefined;
      const text = reindent(lines.text, lines.indent, indent);
      let needsAsync: TSESTree.Node | undefined;
      if (containsAwait(declarator.init, sourceCode) && !awaitAllowed(destination, context)) {
        needsAsync = asyncableFunction(destination);
        if (!needsAsync) return undefined;
      }
      // Only the factory itself moves: anything else the initialiser calls would stop running in the other role.
      const init = skipTypeWrappers(declarator.init.type === 'AwaitExpression' ? declarator.init.argument : declarator.init);
      const factory = connection.origin.node;
      const direct =
        init === factory && (factory.type === 'CallExpression' || factory.type === 'NewExpression') &&
        factory.arguments.every((arg) => arg.type !== 'SpreadElement' && isPortable(arg, destination, sourceCode));
      const fix: TSESLint.ReportFixFunction = (fixer) => {
        const fixes = [fixer.removeRange(lines.range), fixer.insertTextBeforeRange([lineStartOf(destination, sourceCode), 0], text)];
        if (needsAsync && isFunction(needsAsync)) fixes.push(makeAsync(needsAsync, fixer));
        return fixes;
      };
      return { fix, safe: direct && !needsAsync, needsAsync };
    }

    /** `await pool.end();` before the statement that forks (or the loop around it). */
    function closeBeforeFork(connection: ForkConnection, site: ForkSite): TSESLint.SuggestionReportDescriptor<MessageId>[] {
      const [binding] = connection.bindings;
      const close = connection.entity.connection?.close[0];
      if (!binding?.variable || !close || site.row.roleFunctions) return [];
      let statement: Node | undefined;
      for (let child: Node = site.node, parent: Node | undefined = site.node.parent; parent && !isFunction(parent); child = parent, parent = parent.parent) {
        if (parent.type === 'Program' || parent.type === 'BlockStatement') statement ??= child;
        if (isLoop(parent)) statement = undefined;
      }
      if (!statement || indentOf(statement, sourceCode) === undefined) return [];
      const at = statement;
      if (findVariable(sourceCode.getScope(at) as never, binding.name) !== binding.variable) return [];
      const text = `${indentOf(at, sourceCode)}${awaitAllowed(at, context) ? 'await ' : ''}${binding.name}.${close}();\n`;
      return [{ messageId: 'closeBeforeFork', data: { name: binding.name, close }, fix: (fixer) => fixer.insertTextBeforeRange([lineStartOf(at, sourceCode), 0], text) }];
    }

    /** The factory's first line: a multi-line options object is not underlined. */

    function report(connection: ForkConnection, messageId: MessageId, site: ForkSite, fix?: TSESLint.ReportFixFunction, suggest: TSESLint.SuggestionReportDescriptor<MessageId>[] = []): void {
      const node = connection.origin.node;
      context.report({
        loc: firstLineLoc(node, sourceCode.lines),
        messageId,
        data: { name: connection.bindings[0]!.name, library: connection.entity.library, noun: connection.entity.noun, forkSite: site.label },
        fix,
        suggest,
      });
    }

    function check(connection: ForkConnection, site: ForkSite): void {
      if (connection.exported) return;
      const roles = connection.uses.reduce((mask, use) => mask | use.role, 0);
      if (connection.atModuleScope && connection.uses.length > 0) {
        // Only workers use it: the primary need not open it.
        if (roles === WORKER && (connection.opensIn & PRIMARY || reportLazy)) {
          const moved = move(connection, WORKER);
          const name = connection.bindings[0]!.name;
          // Reported only because of `reportLazy`: say so, it holds no connection yet.
          const messageId = connection.opensIn & PRIMARY ? 'workerOnly' : 'workerOnlyLazy';
          if (moved?.safe) report(connection, messageId, site, moved.fix);
          else report(connection, messageId, site, undefined, moved ? [{ messageId: moved.needsAsync ? 'moveToWorkerAsync' : 'moveToWorker', data: { name }, fix: moved.fix }] : []);
          return;
        }
        // Only the primary uses it: workers need not open it.
        if (roles === PRIMARY && connection.opensIn & WORKER) {
          const moved = move(connection, PRIMARY);
          report(connection, 'primaryOnly', site, undefined, moved && !moved.needsAsync ? [{ messageId: 'moveToPrimary', data: { name: connection.bindings[0]!.name }, fix: moved.fix }] : []);
          return;
        }
      }
      const idle = connection.idleAfterFork;
      if (idle) report(connection, 'idleAfterFork', idle.forkSite, undefined, closeBeforeFork(connection, idle.forkSite));
    }

    return {
      Program() {
        const { forks } = facts;
        const site = forks.forkSite;
        if (!site) return;
        for (const connection of forks.connections) check(connection, site);
        for (const imported of facts.connectingImports) {
          context.report({ node: imported.node, messageId: 'importConnects', data: { specifier: imported.specifier, library: imported.library, module: imported.module, forkSite: site.label } });
        }
      },
    };
  },
});
