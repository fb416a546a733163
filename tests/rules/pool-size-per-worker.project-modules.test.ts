/**
 * pool-size-per-worker through the project's own db module: an imported pool is made
 * once per worker that loads the module, and a factory wrapper called once per worker
 * makes one too; each counts with the size its module sets.
 */
import rule from '../../rules/pool-size-per-worker.js';
import { DB_MODULES } from '../helpers/db-exports.js';
import { withProject } from '../helpers/mock-project.js';
import { cjsTester, esmTester, tsTester } from '../setup-rule-tester.js';

vi.mock('../../src/project/get-facts.js', () => import('../helpers/mock-project.js'));

const settings = withProject({ modules: DB_MODULES });
const NOUN = 'pool made in src/db.js';

function cluster(workers: number, body: string): string {
  return `import cluster from 'node:cluster';
import { pool, getPool } from './db.js';
if (cluster.isPrimary) {
  for (let i = 0; i < ${workers}; i++) cluster.fork();
} else {
  ${body}
}`;
}

const esmCases = {
  valid: [
    // 8 × 10 is within the budget.
    { code: cluster(8, `await pool.query('select 1');`), settings },
    // Made in a task, not once per worker (no-connection-per-task's to judge).
    { code: `import { parentPort } from 'node:worker_threads';
import { getPool } from './db.js';
parentPort.on('message', async () => { const p = getPool(); parentPort.postMessage((await p.query('select 1')).rows); });`, settings },
  ],
  invalid: [
    {
      code: cluster(16, `await pool.query('select 1');`),
      settings,
      output: null,
      errors: [{ messageId: 'unsetOverBudget', data: { name: 'pool', library: 'pg', noun: NOUN, site: '`cluster.fork()`', size: 10, max: 100, count: 16, total: 160 }, line: 2, column: 1, suggestions: [] }],
    },
    {
      code: cluster(8, `const db = getPool();\n  await db.query('select 1');`),
      settings,
      output: null,
      errors: [{ messageId: 'overBudget', data: { name: 'db', library: 'pg', noun: NOUN, site: '`cluster.fork()`', size: 20, max: 100, count: 8, total: 160 }, line: 6, column: 14, suggestions: [] }],
    },
  ],
};

const cjsCases = {
  valid: [],
  invalid: [
    {
      code: `const throng = require('throng');
const { pool } = require('./db');
throng({ count: 12, worker: async () => { await pool.query('select 1'); } });`,
      settings,
      output: null,
      errors: [{ messageId: 'unsetOverBudget', data: { name: 'pool', library: 'pg', noun: NOUN, site: '`throng()`', size: 10, max: 100, count: 12, total: 120 }, line: 2, column: 18, suggestions: [] }],
    },
  ],
};

const tsCases = {
  valid: [],
  invalid: [
    {
      code: `import cluster from 'node:cluster';
import os from 'node:os';
import { pool } from './db.js';
if (cluster.isPrimary) {
  for (const _cpu of os.cpus()) cluster.fork();
} else {
  await pool.query('select 1');
}`,
      settings,
      output: null,
      errors: [{ messageId: 'unsetPerCpu', data: { name: 'pool', library: 'pg', noun: NOUN, site: '`cluster.fork()`', size: 10, max: 100, cpus: 11 }, line: 3, column: 1, suggestions: [] }],
    },
  ],
};

esmTester.run('pool-size-per-worker: project modules (ESM)', rule, esmCases as never);
cjsTester.run('pool-size-per-worker: project modules (CommonJS)', rule, cjsCases as never);
tsTester.run('pool-size-per-worker: project modules (TypeScript)', rule, tsCases as never);
