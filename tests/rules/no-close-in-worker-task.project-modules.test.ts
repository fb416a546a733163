/**
 * no-close-in-worker-task through the project's own db module: a close wrapper
 * (`closeDB()`, `db.closeDB()`, through a helper) or a close of an imported connection
 * (`pool.end()`) in a task closes the worker's connection of that module.
 */
import rule from '../../rules/no-close-in-worker-task.js';
import { DB_MODULES } from '../helpers/db-exports.js';
import { checkFixedOutputs } from '../helpers/fixed-outputs.js';
import { withProject } from '../helpers/mock-project.js';
import { cjsTester, esmTester, tsTester } from '../setup-rule-tester.js';

vi.mock('../../src/project/get-facts.js', () => import('../helpers/mock-project.js'));

const settings = withProject({ modules: DB_MODULES });
const MONGOOSE = 'the next task on this worker fails with "Client must be connected before running operations"';
const PG_POOL = 'the next task on this worker fails with "Cannot use a pool after calling end on the pool"';
const PORT = 'the `parentPort` message handler';

function shared(call: string, library: string, noun: string, task: string, consequence: string, helper = '') {
  return { call, place: 'src/db.js', library, noun, task, helper, consequence };
}

const esmCases = {
  valid: [
    // The worker imports its own db module and keeps it open: one connection per worker.
    { code: `import { parentPort } from 'node:worker_threads';
import { pool } from './db.js';
parentPort.on('message', async (id) => parentPort.postMessage((await pool.query('select $1', [id])).rows));`, settings },
    // The task connects and closes it: a pool per task (no-connection-per-task), not the worker's.
    { code: `import { parentPort } from 'node:worker_threads';
import { connectDB, closeDB } from './db.js';
parentPort.on('message', async (job) => {
  await connectDB();
  parentPort.postMessage(job);
  await closeDB();
});`, settings },
    // Closed when the worker shuts down, or in a run-once worker.
    { code: `import { parentPort } from 'node:worker_threads';
import { pool, closePool } from './db.js';
parentPort.on('message', async (id) => parentPort.postMessage((await pool.query('select $1', [id])).rows));
parentPort.once('close', () => closePool());`, settings },
    { code: `import { parentPort, workerData } from 'node:worker_threads';
import { connectDB, closeDB } from './db.js';
parentPort.once('message', async () => {
  await connectDB();
  parentPort.postMessage(workerData);
  await closeDB();
});`, settings },
  ],
  invalid: [
    {
      code: `import { parentPort } from 'node:worker_threads';
import { connectDB, closeDB } from './db.js';
await connectDB();
parentPort.on('message', async (job) => {
  parentPort.postMessage(job);
  await closeDB();
});`,
      settings,
      output: null,
      errors: [
        {
          messageId: 'closeShared',
          data: shared('closeDB()', 'mongoose', 'default connection', PORT, MONGOOSE),
          line: 6,
          column: 9,
          suggestions: [
            {
              messageId: 'removeClose',
              data: { method: 'closeDB' },
              output: `import { parentPort } from 'node:worker_threads';
import { connectDB, closeDB } from './db.js';
await connectDB();
parentPort.on('message', async (job) => {
  parentPort.postMessage(job);
});`,
            },
            {
              messageId: 'moveToHook',
              data: { hook: "parentPort.once('close')", covers: 'when the worker closes its port, not on `worker.terminate()`' },
              output: `import { parentPort } from 'node:worker_threads';
import { connectDB, closeDB } from './db.js';
await connectDB();
parentPort.on('message', async (job) => {
  parentPort.postMessage(job);
});

parentPort.once('close', () => closeDB());`,
            },
          ],
        },
      ],
    },
    {
      // A close of the imported pool itself.
      code: `import { parentPort } from 'node:worker_threads';
import { pool } from './db.js';
parentPort.on('message', async (id) => {
  parentPort.postMessage((await pool.query('select 1')).rows);
  await pool.end();
});`,
      settings,
      output: null,
      errors: [
        {
          messageId: 'closeShared',
          data: shared('pool.end()', 'pg', 'pool', PORT, PG_POOL),
          line: 5,
          column: 9,
          suggestions: [
            {
              messageId: 'removeClose',
              data: { method: 'end' },
              output: `import { parentPort } from 'node:worker_threads';
import { pool } from './db.js';
parentPort.on('message', async (id) => {
  parentPort.postMessage((await pool.query('select 1')).rows);
});`,
            },
            {
              messageId: 'moveToHook',
              data: { hook: "parentPort.once('close')", covers: 'when the worker closes its port, not on `worker.terminate()`' },
              output: `import { parentPort } from 'node:worker_threads';
import { pool } from './db.js';
parentPort.on('message', async (id) => {
  parentPort.postMessage((await pool.query('select 1')).rows);
});

parentPort.once('close', () => pool.end());`,
            },
          ],
        },
      ],
    },
  ],
};

const cjsCases = {
  valid: [
    { code: `const workerpool = require('workerpool');
const db = require('./db');
db.connectDB();
workerpool.worker({ archive: async (id) => id }, { onTerminate: () => db.closeDB() });`, settings },
  ],
  invalid: [
    {
      code: `const workerpool = require('workerpool');
const db = require('./db');
db.connectDB();
workerpool.worker({
  async archive(id) {
    await db.closeDB();
    return id;
  },
});`,
      settings,
      output: null,
      errors: [
        {
          messageId: 'closeShared',
          data: shared('db.closeDB()', 'mongoose', 'default connection', 'workerpool task `archive`', MONGOOSE),
          line: 6,
          column: 11,
          suggestions: [
            {
              messageId: 'removeClose',
              data: { method: 'closeDB' },
              output: `const workerpool = require('workerpool');
const db = require('./db');
db.connectDB();
workerpool.worker({
  async archive(id) {
    return id;
  },
});`,
            },
            {
              messageId: 'moveToHook',
              data: { hook: 'onTerminate', covers: 'when the pool terminates the worker' },
              output: `const workerpool = require('workerpool');
const db = require('./db');
db.connectDB();
workerpool.worker({
  async archive(id) {
    return id;
  },
}, { onTerminate: () => db.closeDB() });`,
            },
          ],
        },
      ],
    },
  ],
};

const tsCases = {
  valid: [
    // A shutdown command closes it.
    { code: `import { parentPort } from 'node:worker_threads';
import { closePool, pool } from './db.js';
parentPort?.on('message', async (message: string) => {
  if (message === 'shutdown') { await closePool(); return; }
  parentPort?.postMessage((await pool.query('select 1')).rows);
});`, settings },
  ],
  invalid: [
    {
      // Through a helper that only the task calls.
      code: `import { parentPort } from 'node:worker_threads';
import { pool, closePool } from './db.js';
async function finish(): Promise<void> {
  await closePool();
}
parentPort?.on('message', async (id: number) => {
  parentPort?.postMessage((await pool.query('select $1', [id])).rows);
  await finish();
});`,
      settings,
      output: null,
      errors: [
        {
          messageId: 'closeShared',
          data: shared('closePool()', 'pg', 'pool', PORT, PG_POOL, ' (through a helper it calls)'),
          line: 4,
          column: 9,
          suggestions: [
            {
              messageId: 'removeClose',
              data: { method: 'closePool' },
              output: `import { parentPort } from 'node:worker_threads';
import { pool, closePool } from './db.js';
async function finish(): Promise<void> {
}
parentPort?.on('message', async (id: number) => {
  parentPort?.postMessage((await pool.query('select $1', [id])).rows);
  await finish();
});`,
            },
            {
              messageId: 'moveToHook',
              data: { hook: "parentPort.once('close')", covers: 'when the worker closes its port, not on `worker.terminate()`' },
              output: `import { parentPort } from 'node:worker_threads';
import { pool, closePool } from './db.js';
async function finish(): Promise<void> {
}
parentPort?.on('message', async (id: number) => {
  parentPort?.postMessage((await pool.query('select $1', [id])).rows);
  await finish();
});

parentPort.once('close', () => closePool());`,
            },
          ],
        },
      ],
    },
  ],
};

esmTester.run('no-close-in-worker-task: project modules (ESM)', rule, esmCases as never);
cjsTester.run('no-close-in-worker-task: project modules (CommonJS)', rule, cjsCases as never);
tsTester.run('no-close-in-worker-task: project modules (TypeScript)', rule, tsCases as never);
checkFixedOutputs('no-close-in-worker-task: project modules', rule as never, { esm: esmCases as never, cjs: cjsCases as never, ts: tsCases as never });
