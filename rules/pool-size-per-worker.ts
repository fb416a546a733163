/**
 * Each worker keeps a pool of its own, so the database sees the pool size times the
 * number of workers. Report a per-worker pool whose product is over the budget, or whose
 * size is left to the driver's default when the workers are one per CPU.
 */
import type { TSESLint } from '@typescript-eslint/utils';
import { getFacts } from '../src/project/get-facts.js';
import { editsFix } from '../src/analysis/fixes/placement.js';
import { budgetEdits } from '../src/analysis/fixes/pool-budget.js';
import type { PerWorkerPool } from '../src/analysis/pool-sizes.js';
import { createRule } from '../src/create-rule.js';
import { DEFAULT_MAX_CONNECTIONS } from '../src/knowledge/deployment.js';
import { firstLineLoc } from '../src/util/ast.js';

type MessageId = 'overBudget' | 'unsetOverBudget' | 'unsetPerCpu' | 'setSize';
type Options = [{ maxConnections?: number }];
type Context = Readonly<TSESLint.RuleContext<MessageId, Options>>;

const BUDGET = 'CONNECTION_BUDGET';

function suggestion(pool: PerWorkerPool, max: number, sourceCode: Context['sourceCode']): TSESLint.SuggestionReportDescriptor<MessageId>[] {
  const planned = budgetEdits(pool, { name: BUDGET, value: max }, sourceCode);
  return planned ? [{ messageId: 'setSize', data: { budget: BUDGET, workers: planned.workers }, fix: editsFix(planned.edits) }] : [];
}

function check(context: Context, pool: PerWorkerPool, max: number): void {
  const { sourceCode } = context;
  const size = pool.size.kind === 'set' ? pool.size.value : pool.size.default;
  const { name, site } = pool;
  const { library } = pool.entity;
  // Made by another module: the report says where.
  const noun = pool.madeIn ? `${pool.entity.noun} made in ${pool.madeIn.module}` : pool.entity.noun;
  if (pool.count.kind === 'per-cpu') {
    // One per CPU cannot be weighed against a budget; the driver's default is still a choice nobody made.
    if (pool.size.kind !== 'unset' || size === 0) return;
    context.report({
      loc: firstLineLoc(pool.node, sourceCode.lines),
      messageId: 'unsetPerCpu',
      data: { name, library, noun, site, size, max, cpus: Math.floor(max / size) + 1 },
      suggest: suggestion(pool, max, sourceCode),
    });
    return;
  }
  const count = pool.count.value;
  const total = count * size;
  if (total <= max) return;
  context.report({
    loc: firstLineLoc(pool.node, sourceCode.lines),
    messageId: pool.size.kind === 'unset' ? 'unsetOverBudget' : 'overBudget',
    data: { name, library, noun, site, size, max, count, total },
    suggest: suggestion(pool, max, sourceCode),
  });
}

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
    defaultOptions: [{ maxConnections: DEFAULT_MAX_CONNECTIONS }],
    messages: {
      overBudget:
        '`{{name}}` ({{library}} {{noun}}) opens up to {{size}} connections in each of the {{count}} workers of {{site}}: {{count}} × {{size}} = {{total}}, over the budget of {{max}}; give each worker a share of the budget.',
      unsetOverBudget:
        '`{{name}}` ({{library}} {{noun}}) sets no size, so the {{count}} workers of {{site}} open {{library}}\'s default {{size}} each: {{count}} × {{size}} = {{total}}, over the budget of {{max}}; set its size from the budget.',
      unsetPerCpu:
        '`{{name}}` ({{library}} {{noun}}) sets no size, so one worker per CPU of {{site}} opens {{library}}\'s default {{size}} each: over the budget of {{max}} from {{cpus}} CPUs on; set its size from the budget.',
      setSize: 'Size the pool to a share of a connection budget: `Math.max(1, Math.floor({{budget}} / {{workers}}))`.',
    },
  },
  create(context) {
    const max = context.options[0]?.maxConnections ?? DEFAULT_MAX_CONNECTIONS;
    const facts = getFacts(context);
    if (!facts.mayReport) return {};

    return {
      Program() {
        for (const pool of facts.perWorkerPools) check(context, pool, max);
      },
    };
  },
});
