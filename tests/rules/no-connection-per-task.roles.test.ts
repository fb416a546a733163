// Issue 12: in a module that forks itself, the hoist suggestion declares the connection at the start
// of the worker's branch, where the task runs, not at the top level where the primary would open it too.
import type { InvalidTestCase, ValidTestCase } from '@typescript-eslint/rule-tester';
import rule from '../../rules/no-connection-per-task.js';
import { checkFixedOutputs } from '../helpers/fixed-outputs.js';
import { cjsTester, esmTester, tsTester } from '../setup-rule-tester.js';

type Options = readonly unknown[];
interface Cases {
  readonly valid: (ValidTestCase<Options> | string)[];
  readonly invalid: InvalidTestCase<string, Options>[];
}

const lines = (...parts: string[]): string => parts.join('\n') + '\n';

const poolPerTask = (task: string) => ({ messageId: 'poolPerTask', data: { name: 'pool', library: 'pg', noun: 'pool', task, site: '' } });

const esm: Cases = {
  valid: [
    // The worker's one pool, made at the start of its branch.
    lines(
      `import { fork } from 'node:child_process';`,
      `import pg from 'pg';`,
      `if (process.send) {`,
      `  const pool = new pg.Pool();`,
      `  process.on('message', async (id) => process.send((await pool.query('select $1', [id])).rows[0]));`,
      `} else {`,
      `  fork(import.meta.filename).send(1);`,
      `}`,
    ),
  ],
  invalid: [
    // A child process of its own file: the pool moves to the start of the child's branch.
    {
      code: lines(
        `import { fork } from 'node:child_process';`,
        `import pg from 'pg';`,
        ``,
        `if (process.send) {`,
        `  process.on('message', async (id) => {`,
        `    const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL });`,
        `    const { rows } = await pool.query('select $1', [id]);`,
        `    process.send(rows[0]);`,
        `  });`,
        `} else {`,
        `  fork(import.meta.filename).send(1);`,
        `}`,
      ),
      output: null,
      errors: [{
        ...poolPerTask('the `process` message handler'),
        line: 6,
        suggestions: [{ messageId: 'hoist', data: { name: 'pool' }, output: lines(
          `import { fork } from 'node:child_process';`,
          `import pg from 'pg';`,
          ``,
          `if (process.send) {`,
          `  const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL });`,
          ``,
          `  process.on('message', async (id) => {`,
          `    const { rows } = await pool.query('select $1', [id]);`,
          `    process.send(rows[0]);`,
          `  });`,
          `} else {`,
          `  fork(import.meta.filename).send(1);`,
          `}`,
        ) }],
      }],
    },
    // The name is taken in the worker's branch: no hoist, which would clash with it.
    {
      code: lines(
        `import { fork } from 'node:child_process';`,
        `import pg from 'pg';`,
        `if (process.send) {`,
        `  const pool = 'taken';`,
        `  process.on('message', async (id) => {`,
        `    const pool = new pg.Pool();`,
        `    process.send((await pool.query('select $1', [id])).rows[0]);`,
        `  });`,
        `} else {`,
        `  fork(import.meta.filename).send(1);`,
        `}`,
      ),
      output: null,
      errors: [{ ...poolPerTask('the `process` message handler'), line: 6, suggestions: [] }],
    },
  ],
};

const cjs: Cases = {
  valid: [],
  invalid: [
    // A cluster worker: before the first statement of the worker-only run.
    {
      code: lines(
        `const cluster = require('node:cluster');`,
        `const Redis = require('ioredis');`,
        `if (cluster.isPrimary) {`,
        `  cluster.fork();`,
        `} else {`,
        `  console.log('worker up');`,
        `  process.on('message', async (key) => {`,
        `    const redis = new Redis(process.env.REDIS_URL);`,
        `    process.send(await redis.get(key));`,
        `  });`,
        `}`,
      ),
      output: null,
      errors: [{
        messageId: 'clientPerTask',
        line: 8,
        data: { name: 'redis', library: 'ioredis', noun: 'client', task: 'the `process` message handler', site: '' },
        suggestions: [{ messageId: 'hoist', data: { name: 'redis' }, output: lines(
          `const cluster = require('node:cluster');`,
          `const Redis = require('ioredis');`,
          `if (cluster.isPrimary) {`,
          `  cluster.fork();`,
          `} else {`,
          `  const redis = new Redis(process.env.REDIS_URL);`,
          ``,
          `  console.log('worker up');`,
          `  process.on('message', async (key) => {`,
          `    process.send(await redis.get(key));`,
          `  });`,
          `}`,
        ) }],
      }],
    },
  ],
};

const ts: Cases = {
  valid: [],
  invalid: [
    // A worker thread of its own file; the declaration spans lines and moves whole, re-indented.
    {
      code: lines(
        `import { Worker, isMainThread, parentPort } from 'node:worker_threads';`,
        `import pg from 'pg';`,
        `if (isMainThread) {`,
        `  new Worker(new URL(import.meta.url));`,
        `} else {`,
        `  parentPort!.on('message', async (id: number) => {`,
        `    const pool: pg.Pool = new pg.Pool({`,
        `      connectionString: process.env.DATABASE_URL,`,
        `      max: 2,`,
        `    });`,
        `    parentPort!.postMessage((await pool.query('select $1', [id])).rows);`,
        `  });`,
        `}`,
      ),
      output: null,
      errors: [{
        ...poolPerTask('the `parentPort` message handler'),
        line: 7,
        suggestions: [{ messageId: 'hoist', data: { name: 'pool' }, output: lines(
          `import { Worker, isMainThread, parentPort } from 'node:worker_threads';`,
          `import pg from 'pg';`,
          `if (isMainThread) {`,
          `  new Worker(new URL(import.meta.url));`,
          `} else {`,
          `  const pool: pg.Pool = new pg.Pool({`,
          `    connectionString: process.env.DATABASE_URL,`,
          `    max: 2,`,
          `  });`,
          ``,
          `  parentPort!.on('message', async (id: number) => {`,
          `    parentPort!.postMessage((await pool.query('select $1', [id])).rows);`,
          `  });`,
          `}`,
        ) }],
      }],
    },
  ],
};

esmTester.run('no-connection-per-task: hoisted into the worker role (ESM)', rule, esm as never);
cjsTester.run('no-connection-per-task: hoisted into the worker role (CommonJS)', rule, cjs as never);
tsTester.run('no-connection-per-task: hoisted into the worker role (TypeScript)', rule, ts as never);

checkFixedOutputs('no-connection-per-task: hoisted into the worker role', rule as never, { esm: esm as never, cjs: cjs as never, ts: ts as never });
