// Review round 2, items 12 and 13: the suggestion reads the options as util/options does (one
// key at a time, through `const` holders, the last of two equal keys), writes the budget
// above the comments that lead the pool's statement, and writes the worker count only where
// it is declared before the size it lands in.
import type { InvalidTestCase } from '@typescript-eslint/rule-tester';
import rule from '../../rules/pool-size-per-worker.js';
import { checkFixedOutputs } from '../helpers/fixed-outputs.js';
import { cjsTester, esmTester, tsTester } from '../setup-rule-tester.js';

type MessageId = 'overBudget' | 'unsetOverBudget' | 'unsetPerCpu' | 'setSize';
type Options = [{ maxConnections?: number }];

const lines = (...parts: string[]): string => parts.join('\n');
const SHARE = (workers: string | number): string => `Math.max(1, Math.floor(CONNECTION_BUDGET / ${workers}))`;
const BUDGET = 'const CONNECTION_BUDGET = 100;';
const FORK = '`cluster.fork()`';
const PG = { library: 'pg', noun: 'pool' };
const SEQUELIZE = { library: 'sequelize', noun: 'instance' };

interface Report {
  readonly code: string;
  readonly messageId: 'overBudget' | 'unsetOverBudget';
  readonly line: number;
  readonly name: string;
  readonly library: string;
  readonly noun: string;
  readonly size: number;
  readonly count: number;
  readonly workers: string | number;
  readonly output: string;
}

function report(r: Report): InvalidTestCase<MessageId, Options> {
  const data = { name: r.name, library: r.library, noun: r.noun, site: FORK, size: r.size, max: 100, count: r.count, total: r.count * r.size };
  return {
    code: r.code,
    output: null,
    errors: [{
      messageId: r.messageId,
      line: r.line,
      data,
      suggestions: [{ messageId: 'setSize', data: { budget: 'CONNECTION_BUDGET', workers: String(r.workers) }, output: r.output }],
    }],
  };
}

/** A cluster module with `before` at module scope before the fork, and `body` in the workers. */
function cluster(head: readonly string[], before: readonly string[], body: readonly string[], workers = 12): string {
  return lines(
    ...head,
    ...before,
    `if (cluster.isPrimary) {`,
    `  for (let i = 0; i < ${workers}; i++) cluster.fork();`,
    `} else {`,
    ...body.map((line) => `  ${line}`),
    `}`,
  );
}

const ESM_PG = [`import cluster from 'node:cluster';`, `import pg from 'pg';`];
const ESM_SEQUELIZE = [`import cluster from 'node:cluster';`, `import { Sequelize } from 'sequelize';`];
const PG_BODY = [`const db = new pg.Pool(options);`, `await db.query('SELECT 1');`];

const esmCases = {
  valid: [
    // Look-alikes: the `const` options hide the size (a spread, a computed value, a parameter's options).
    cluster(ESM_PG, [`const options = { ...config.db };`], PG_BODY),
    cluster(ESM_PG, [`const options = { max: Number(process.env.PG_MAX) };`], PG_BODY),
    cluster(ESM_SEQUELIZE, [], [`const sequelize = new Sequelize('db', 'u', 'p', { pool: loadPoolOptions() });`], 24),
    // The last of two `pool` keys is the one the driver reads, and it sets the size.
    cluster(ESM_SEQUELIZE, [], [`const sequelize = new Sequelize('db', 'u', 'p', { pool: { max: 50 }, pool: { max: 2 } });`], 24),
  ],
  invalid: [
    // No size in a `const` options object: the size is added where the object is written, the budget before it.
    report({
      code: cluster(ESM_PG, [`const options = { host: 'db' };`], PG_BODY),
      messageId: 'unsetOverBudget', line: 7, name: 'db', ...PG, size: 10, count: 12, workers: 12,
      output: cluster(ESM_PG, [BUDGET, `const options = { host: 'db', max: ${SHARE(12)} };`], PG_BODY),
    }),
    // `pool: poolOptions` held by a `const`: the walk goes into it, key by key.
    report({
      code: cluster(ESM_SEQUELIZE, [`const poolOptions = { min: 0 };`], [`const sequelize = new Sequelize('db', 'u', 'p', { pool: poolOptions });`], 24),
      messageId: 'unsetOverBudget', line: 7, name: 'sequelize', ...SEQUELIZE, size: 5, count: 24, workers: 24,
      output: cluster(ESM_SEQUELIZE, [BUDGET, `const poolOptions = { min: 0, max: ${SHARE(24)} };`], [`const sequelize = new Sequelize('db', 'u', 'p', { pool: poolOptions });`], 24),
    }),
    // Two `pool` keys: the size goes into the last, which the driver reads (the first is overridden).
    report({
      code: cluster(ESM_SEQUELIZE, [], [`const sequelize = new Sequelize('db', 'u', 'p', { pool: { idle: 1000 }, pool: { min: 0 } });`], 24),
      messageId: 'unsetOverBudget', line: 6, name: 'sequelize', ...SEQUELIZE, size: 5, count: 24, workers: 24,
      output: cluster(ESM_SEQUELIZE, [BUDGET], [`const sequelize = new Sequelize('db', 'u', 'p', { pool: { idle: 1000 }, pool: { min: 0, max: ${SHARE(24)} } });`], 24),
    }),
    // The count is declared after the options that get the size: its value, not its name (which the options could not read yet).
    report({
      code: lines(...ESM_PG, `const options = { max: 40 };`, `const WORKERS = 4;`, `if (cluster.isPrimary) {`, `  for (let i = 0; i < WORKERS; i++) cluster.fork();`, `} else {`, ...PG_BODY.map((line) => `  ${line}`), `}`),
      messageId: 'overBudget', line: 8, name: 'db', ...PG, size: 40, count: 4, workers: 4,
      output: lines(...ESM_PG, BUDGET, `const options = { max: ${SHARE(4)} };`, `const WORKERS = 4;`, `if (cluster.isPrimary) {`, `  for (let i = 0; i < WORKERS; i++) cluster.fork();`, `} else {`, ...PG_BODY.map((line) => `  ${line}`), `}`),
    }),
    // The comment that leads the pool's statement stays with it: the budget goes above it.
    report({
      code: cluster(ESM_PG, [`// Each worker opens its own pool.`], [`const db = new pg.Pool({ max: 40 });`], 4),
      messageId: 'overBudget', line: 7, name: 'db', ...PG, size: 40, count: 4, workers: 4,
      output: cluster(ESM_PG, [BUDGET, `// Each worker opens its own pool.`], [`const db = new pg.Pool({ max: ${SHARE(4)} });`], 4),
    }),
  ],
};

const CJS_PG = [`const cluster = require('node:cluster');`, `const { Pool } = require('pg');`];
const CJS_BODY = [`const pool = new Pool(options);`, `pool.query('SELECT 1');`];

const cjsCases = {
  valid: [cluster(CJS_PG, [`const options = { host: 'db', max: 5 };`], CJS_BODY)],
  invalid: [
    report({
      code: cluster(CJS_PG, [`const options = {`, `  host: 'db',`, `};`], CJS_BODY),
      messageId: 'unsetOverBudget', line: 9, name: 'pool', ...PG, size: 10, count: 12, workers: 12,
      output: cluster(CJS_PG, [BUDGET, `const options = {`, `  host: 'db',`, `  max: ${SHARE(12)},`, `};`], CJS_BODY),
    }),
  ],
};

const TS_PG = [`import cluster from 'node:cluster';`, `import pg from 'pg';`];

const tsCases = {
  valid: [cluster(TS_PG, [`const options = { max: 5 } satisfies pg.PoolConfig;`], PG_BODY)],
  invalid: [
    report({
      code: cluster(TS_PG, [`const options: pg.PoolConfig = { host: 'db' } as const;`], PG_BODY),
      messageId: 'unsetOverBudget', line: 7, name: 'db', ...PG, size: 10, count: 12, workers: 12,
      output: cluster(TS_PG, [BUDGET, `const options: pg.PoolConfig = { host: 'db', max: ${SHARE(12)} } as const;`], PG_BODY),
    }),
  ],
};

esmTester.run('pool-size-per-worker, options as written (ESM)', rule, esmCases as never);
cjsTester.run('pool-size-per-worker, options as written (CommonJS)', rule, cjsCases as never);
tsTester.run('pool-size-per-worker, options as written (TypeScript)', rule, tsCases as never);

checkFixedOutputs('pool-size-per-worker (options as written)', rule as never, { esm: esmCases as never, cjs: cjsCases as never, ts: tsCases as never });
