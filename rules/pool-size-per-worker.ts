/**
 * Each worker keeps a pool of its own, so the database sees the pool size times the
 * number of workers. Report a per-worker pool whose product is over the budget, or whose
 * size is left to the driver's default when the workers are one per CPU.
 */
import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import { getFacts } from '../src/project/get-facts.js';
import type { PerWorkerPool } from '../src/analysis/pool-sizes.js';
import { createRule } from '../src/create-rule.js';
import { firstLineLoc, skipTypeWrappers, staticKeyName, type Node } from '../src/util/ast.js';
import { isPortable } from '../src/util/portable.js';

type MessageId = 'overBudget' | 'unsetOverBudget' | 'unsetPerCpu' | 'setSize';
type Options = [{ maxConnections?: number }];

const BUDGET = 'CONNECTION_BUDGET';

export default createRule<MessageId, Options>({
  name: 'pool-size-per-worker',
  meta: {
    type: 'problem',
    docs: {
      description: 'Enforce a pool size that keeps every worker\'s pool together within the database\'s connection limit',
      recommended: false,
    },
    hasSuggestions: true,
    schema: [
      {
        type: 'object',
        properties: {
          maxConnections: {
            type: 'integer',
            minimum: 1,
            description: 'The connections all workers together may open (PostgreSQL\'s default `max_connections` is 100).',
          },
        },
        additionalProperties: false,
      },
    ],
    defaultOptions: [{ maxConnections: 100 }],
    messages: {
      overBudget:
        '`{{name}}` ({{library}} {{noun}}) opens up to {{size}} connections in each of the {{count}} workers of {{site}}: {{count}} × {{size}} = {{total}}, over the budget of {{max}}, so the database refuses the connections past its limit ("too many connections").',
      unsetOverBudget:
        '`{{name}}` ({{library}} {{noun}}) sets no size, so each of the {{count}} workers of {{site}} opens up to {{size}} ({{library}}\'s default): {{count}} × {{size}} = {{total}}, over the budget of {{max}}, so the database refuses the connections past its limit ("too many connections").',
      unsetPerCpu:
        '`{{name}}` ({{library}} {{noun}}) sets no size, so each worker of {{site}}, one per CPU, opens up to {{size}} ({{library}}\'s default): {{size}} × the CPU count, over the budget of {{max}} from {{cpus}} CPUs on, where the database refuses the rest ("too many connections").',
      setSize: 'Size the pool to a share of a connection budget: `Math.max(1, Math.floor({{budget}} / {{workers}}))`.',
    },
  },
  create(context) {
    const max = context.options[0]?.maxConnections ?? 100;
    const facts = getFacts(context);
    if (!facts.relevant) return {};
    const { sourceCode } = context;


    /** The count as code that means the same where the pool is made, or undefined. */
    function workersText(pool: PerWorkerPool): string | undefined {
      if (pool.countNode && isPortable(pool.countNode, pool.call, sourceCode)) return sourceCode.getText(pool.countNode);
      return pool.count.kind === 'known' ? String(pool.count.value) : undefined;
    }

    function moduleScopeHas(name: string): boolean {
      const global = sourceCode.scopeManager!.globalScope!;
      const scopes = [global, ...global.childScopes.filter((scope) => scope.type === 'module')];
      return scopes.some((scope) => scope.set.has(name)) || global.through.some((reference) => reference.identifier.name === name);
    }

    function suggestion(pool: PerWorkerPool): TSESLint.SuggestionReportDescriptor<MessageId>[] {
      const workers = workersText(pool);
      const program = sourceCode.ast as TSESTree.Program;
      // The budget goes before the first statement that will read it: the pool's, or the options object's.
      const edited = pool.size.kind === 'set' ? pool.size.node : pool.call;
      const first = edited.range[0] < pool.call.range[0] ? edited : pool.call;
      const statement = program.body.find((candidate) => candidate.range[0] <= first.range[0] && first.range[1] <= candidate.range[1]);
      if (!workers || !statement || moduleScopeHas(BUDGET)) return [];
      const expression = `Math.max(1, Math.floor(${BUDGET} / ${/^[\w.$]+(?:\(\))?$/.test(workers) ? workers : `(${workers})`}))`;
      const edit = sizeEdit(pool, expression);
      if (!edit) return [];
      const line = sourceCode.lines[statement.loc.start.line - 1]!;
      const indent = /^\s*/.exec(line)![0];
      const lineStart = sourceCode.getIndexFromLoc({ line: statement.loc.start.line, column: 0 });
      return [
        {
          messageId: 'setSize',
          data: { budget: BUDGET, workers },
          fix: (fixer) => [fixer.insertTextBeforeRange([lineStart, lineStart], `${indent}const ${BUDGET} = ${max};\n`), edit(fixer)],
        },
      ];
    }

    /** Sets the first size option of the row to `expression`. */
    function sizeEdit(pool: PerWorkerPool, expression: string): ((fixer: TSESLint.RuleFixer) => TSESLint.RuleFix) | undefined {
      if (pool.size.kind === 'set') {
        const node = pool.size.node;
        // A size inside a connection string is not an option to rewrite.
        if (node.parent?.type !== 'Property' || node.parent.value !== node) return undefined;
        return (fixer) => fixer.replaceText(node, expression);
      }
      const keys = pool.poolSize.options[0]!;
      const { arg } = pool.poolSize;
      const args = pool.call.arguments;
      const options = arg >= 0 ? args[arg] : [...args].reverse().find((candidate) => candidate.type === 'ObjectExpression');
      const nested = (from: number): string => keys.slice(from).reduceRight((inner, key) => `{ ${key}: ${inner} }`, expression).slice(2, -2);
      if (!options) {
        if (arg >= 0 && args.length !== arg) return undefined;
        const object = `{ ${nested(0)} }`;
        const last = args.at(-1);
        if (!last) {
          const closing = sourceCode.getLastToken(pool.call)!;
          if (closing.value !== ')') return undefined;
          return (fixer) => fixer.insertTextBefore(closing as never, object);
        }
        return (fixer) => fixer.insertTextAfter(last, `, ${object}`);
      }
      let object: Node = skipTypeWrappers(options);
      let depth = 0;
      // Walk into `pool: { … }` as far as it exists.
      while (object.type === 'ObjectExpression' && depth < keys.length - 1) {
        const inner = object.properties.find((property) => property.type === 'Property' && staticKeyName(property.key, property.computed) === keys[depth]);
        if (inner?.type !== 'Property' || skipTypeWrappers(inner.value).type !== 'ObjectExpression') break;
        object = skipTypeWrappers(inner.value);
        depth++;
      }
      if (object.type !== 'ObjectExpression') return undefined;
      const text = nested(depth);
      const target = object;
      const last = target.properties.at(-1);
      if (!last) return (fixer) => fixer.replaceText(target, `{ ${text} }`);
      const multiline = last.loc.start.line !== target.loc.start.line;
      const after = sourceCode.getTokenAfter(last);
      const comma = after?.value === ',' ? after : undefined;
      const indent = /^\s*/.exec(sourceCode.lines[last.loc.start.line - 1]!)![0];
      const insertion = multiline ? `\n${indent}${text},` : ` ${text}`;
      if (comma) return (fixer) => fixer.insertTextAfter(comma as never, insertion);
      return (fixer) => fixer.insertTextAfter(last, multiline ? `,\n${indent}${text}` : `, ${text}`);
    }

    return {
      Program() {
        for (const pool of facts.perWorkerPools) {
          const size = pool.size.kind === 'set' ? pool.size.value : pool.size.default;
          const { name, site } = pool;
          const { library, noun } = pool.entity;
          if (pool.count.kind === 'per-cpu') {
            // One per CPU cannot be weighed against a budget; the driver's default is still a choice nobody made.
            if (pool.size.kind !== 'unset' || size === 0) continue;
            context.report({
              loc: firstLineLoc(pool.call, sourceCode.lines),
              messageId: 'unsetPerCpu',
              data: { name, library, noun, site, size, max, cpus: Math.floor(max / size) + 1 },
              suggest: suggestion(pool),
            });
            continue;
          }
          const count = pool.count.value;
          const total = count * size;
          if (total <= max) continue;
          context.report({
            loc: firstLineLoc(pool.call, sourceCode.lines),
            messageId: pool.size.kind === 'unset' ? 'unsetOverBudget' : 'overBudget',
            data: { name, library, noun, site, size, max, count, total },
            suggest: suggestion(pool),
          });
        }
      },
    };
  },
});
