// Issue 11 shapes: worker counts read from fork sites handed over by reference, from the
// workers a marker tells apart, and the sequelize-typescript pool.
import type { InvalidTestCase, ValidTestCase } from '@typescript-eslint/rule-tester';
import rule from '../../rules/pool-size-per-worker.js';
import { checkFixedOutputs } from '../helpers/fixed-outputs.js';
import { cjsTester, esmTester, tsTester } from '../setup-rule-tester.js';

type Options = readonly unknown[];
interface Cases {
  readonly valid: (ValidTestCase<Options> | string)[];
  readonly invalid: InvalidTestCase<string, Options>[];
}

const lines = (...parts: string[]): string => parts.join('\n') + '\n';
const setSize = (workers: string | number, output: string) => ({ messageId: 'setSize', data: { budget: 'CONNECTION_BUDGET', workers: String(workers) }, output });

const esm: Cases = {
  valid: [
    // setTimeout calls it once, but the source does not say so: the count is unknown.
    lines(
      `import cluster from 'node:cluster';`,
      `import pg from 'pg';`,
      `if (cluster.isPrimary) {`,
      `  setTimeout(cluster.fork, 100);`,
      `} else {`,
      `  const db = new pg.Pool();`,
      `  db.on('error', console.error);`,
      `}`,
    ),
    // 8 workers, and an exit listener that only replaces one: 8 × 10 = 80.
    lines(
      `import cluster from 'node:cluster';`,
      `import pg from 'pg';`,
      `if (cluster.isPrimary) {`,
      `  Array.from({ length: 8 }, cluster.fork);`,
      `  cluster.on('exit', cluster.fork);`,
      `} else {`,
      `  const db = new pg.Pool();`,
      `  db.on('error', console.error);`,
      `}`,
    ),
  ],
  invalid: [
    {
      code: lines(
        `import cluster from 'node:cluster';`,
        `import pg from 'pg';`,
        `if (cluster.isPrimary) {`,
        `  Array.from({ length: 16 }, cluster.fork);`,
        `  cluster.on('exit', cluster.fork);`,
        `} else {`,
        `  const db = new pg.Pool();`,
        `  db.on('error', console.error);`,
        `}`,
      ),
      output: null,
      errors: [
        {
          messageId: 'unsetOverBudget',
          line: 7,
          data: { name: 'db', library: 'pg', noun: 'pool', site: '`cluster.fork`', size: 10, count: 16, total: 160, max: 100 },
          suggestions: [
            setSize(16, lines(
              `import cluster from 'node:cluster';`,
              `import pg from 'pg';`,
              `const CONNECTION_BUDGET = 100;`,
              `if (cluster.isPrimary) {`,
              `  Array.from({ length: 16 }, cluster.fork);`,
              `  cluster.on('exit', cluster.fork);`,
              `} else {`,
              `  const db = new pg.Pool({ max: Math.max(1, Math.floor(CONNECTION_BUDGET / 16)) });`,
              `  db.on('error', console.error);`,
              `}`,
            )),
          ],
        },
      ],
    },
  ],
};

const cjs: Cases = {
  valid: [
    lines(
      `const cluster = require('cluster');`,
      `const pg = require('pg');`,
      `if (cluster.isMaster) {`,
      `  for (let i = 0; i < 4; i++) cluster.fork();`,
      `  cluster.on('exit', cluster.fork);`,
      `} else {`,
      `  const db = new pg.Pool({ max: 20 });`,
      `  db.on('error', console.error);`,
      `}`,
    ),
  ],
  invalid: [
    // `cpus().forEach(cluster.fork)`, and `require('os').cpus()` with the module required where it is used: one worker per CPU.
    ...[
      { head: [`const { cpus } = require('os');`], forks: `  cpus().forEach(cluster.fork);`, site: '`cluster.fork`' },
      { head: [], forks: `  for (let i = 0; i < require('os').cpus().length; i++) cluster.fork();`, site: '`cluster.fork()`' },
    ].map(({ head, forks, site }) => ({
      code: lines(
        `const cluster = require('cluster');`,
        ...head,
        `const mysql = require('mysql2');`,
        `if (cluster.isMaster) {`,
        forks,
        `} else {`,
        `  const pool = mysql.createPool({ host: 'db' });`,
        `  pool.query('SELECT 1');`,
        `}`,
      ),
      output: null,
      errors: [
        { messageId: 'unsetPerCpu', line: 6 + head.length, data: { name: 'pool', library: 'mysql2', noun: 'pool', site, size: 10, max: 100, cpus: 11 }, suggestions: [] },
      ],
    })),
  ],
};

const ts: Cases = {
  valid: [
    // Four children told apart by their marker: 4 × 10 = 40.
    lines(
      `import { fork } from 'node:child_process';`,
      `import pg from 'pg';`,
      `if (process.argv[2] === 'child') {`,
      `  const db = new pg.Pool();`,
      `  db.on('error', console.error);`,
      `} else {`,
      `  for (let i = 0; i < 4; i++) fork(__filename, ['child']);`,
      `}`,
    ),
  ],
  invalid: [
    {
      code: lines(
        `import { fork } from 'node:child_process';`,
        `import pg from 'pg';`,
        `if (process.argv[2] === 'child') {`,
        `  const db = new pg.Pool();`,
        `  db.on('error', console.error);`,
        `} else {`,
        `  for (let i = 0; i < 12; i++) fork(__filename, ['child']);`,
        `}`,
      ),
      output: null,
      errors: [
        {
          messageId: 'unsetOverBudget',
          line: 4,
          data: { name: 'db', library: 'pg', noun: 'pool', site: '`fork()`', size: 10, count: 12, total: 120, max: 100 },
          suggestions: [
            setSize(12, lines(
              `import { fork } from 'node:child_process';`,
              `import pg from 'pg';`,
              `const CONNECTION_BUDGET = 100;`,
              `if (process.argv[2] === 'child') {`,
              `  const db = new pg.Pool({ max: Math.max(1, Math.floor(CONNECTION_BUDGET / 12)) });`,
              `  db.on('error', console.error);`,
              `} else {`,
              `  for (let i = 0; i < 12; i++) fork(__filename, ['child']);`,
              `}`,
            )),
          ],
        },
      ],
    },
    {
      code: lines(
        `import cluster from 'node:cluster';`,
        `import { Sequelize } from 'sequelize-typescript';`,
        `const WORKERS = 24;`,
        `if (cluster.isPrimary) {`,
        `  Array.from({ length: WORKERS }, cluster.fork);`,
        `} else {`,
        `  const sequelize = new Sequelize(process.env.DATABASE_URL!, { pool: { max: 5 } });`,
        `  await sequelize.authenticate();`,
        `}`,
      ),
      output: null,
      errors: [
        {
          messageId: 'overBudget',
          line: 7,
          data: { name: 'sequelize', library: 'sequelize-typescript', noun: 'instance', site: '`cluster.fork`', size: 5, count: 24, total: 120, max: 100 },
          suggestions: [
            setSize('WORKERS', lines(
              `import cluster from 'node:cluster';`,
              `import { Sequelize } from 'sequelize-typescript';`,
              `const WORKERS = 24;`,
              `const CONNECTION_BUDGET = 100;`,
              `if (cluster.isPrimary) {`,
              `  Array.from({ length: WORKERS }, cluster.fork);`,
              `} else {`,
              `  const sequelize = new Sequelize(process.env.DATABASE_URL!, { pool: { max: Math.max(1, Math.floor(CONNECTION_BUDGET / WORKERS)) } });`,
              `  await sequelize.authenticate();`,
              `}`,
            )),
          ],
        },
      ],
    },
  ],
};

esmTester.run('pool-size-per-worker: issue 11 shapes (ESM)', rule, esm as never);
cjsTester.run('pool-size-per-worker: issue 11 shapes (CommonJS)', rule, cjs as never);
tsTester.run('pool-size-per-worker: issue 11 shapes (TypeScript)', rule, ts as never);

checkFixedOutputs('pool-size-per-worker: issue 11 shapes', rule as never, { esm: esm as never, cjs: cjs as never, ts: ts as never });
