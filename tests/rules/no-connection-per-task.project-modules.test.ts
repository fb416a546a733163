/**
 * no-connection-per-task through the project's own db module: a factory wrapper called in
 * a task makes a connection per task; a task that connects and closes the module's
 * connection through its wrappers builds a pool per task; a run-once worker that opens
 * one (through a wrapper, or by the first query of an exported lazy pool) and leaves it
 * open never ends.
 */
import rule from '../../rules/no-connection-per-task.js';
import type { ModuleExports } from '../../src/analysis/exports/module-exports.js';
import { DB_MODULES } from '../helpers/db-exports.js';
import { withProject } from '../helpers/mock-project.js';
import { cjsTester, esmTester, tsTester } from '../setup-rule-tester.js';

vi.mock('../../src/project/get-facts.js', () => import('../helpers/mock-project.js'));

const settings = withProject({ modules: DB_MODULES });
const PORT = 'the `parentPort` message handler';

/** utils/db.js: `module.exports = mongoist(uri)`, opened by its first query. */
const MONGOIST: ModuleExports = {
  default: { kind: 'connection', connection: { holder: 'utils/db#default', entity: 'mongoist.Database', opensOnLoad: false, place: { module: 'utils/db.js', line: 3 } } },
};

function report(messageId: string, data: Record<string, string>, line: number, column: number) {
  return { messageId, data, line, column, suggestions: [] };
}

const esmCases = {
  valid: [
    // Connected in every task, never closed: the wrapper reuses the open default connection.
    { code: `import { parentPort } from 'node:worker_threads';
import { connectDB } from './db.js';
parentPort.on('message', async (job) => {
  await connectDB();
  parentPort.postMessage(job);
});`, settings },
    // A getter of the one connection the module keeps (a lazy singleton): one per worker.
    { code: `import { parentPort } from 'node:worker_threads';
import { getDb } from './db.js';
parentPort.on('message', async (id) => {
  const db = getDb();
  parentPort.postMessage(await db.db().collection('orders').findOne({ id }));
});`, settings },
    // The worker's own connection from its module, used by every task.
    { code: `import { parentPort } from 'node:worker_threads';
import { pool } from './db.js';
parentPort.on('message', async (id) => parentPort.postMessage((await pool.query('select $1', [id])).rows));`, settings },
    // A run-once worker that connects and closes through the wrappers.
    { code: `import { workerData, parentPort } from 'node:worker_threads';
import { connectDB, closeDB } from './db.js';
await connectDB();
try {
  parentPort.postMessage(workerData);
} finally {
  await closeDB();
}`, settings },
  ],
  invalid: [
    {
      code: `import { parentPort } from 'node:worker_threads';
import { connectDB, closeDB } from './db.js';
parentPort.on('message', async (job) => {
  await connectDB();
  parentPort.postMessage(job);
  await closeDB();
});`,
      settings,
      output: null,
      errors: [report('reconnectPerTask', { connect: 'connectDB()', close: 'closeDB()', task: PORT, library: 'mongoose', noun: 'default connection', place: ' of src/db.js' }, 4, 9)],
    },
    {
      code: `import { parentPort } from 'node:worker_threads';
import { getPool, getRedis } from './db.js';
parentPort.on('message', async (id) => {
  const pool = getPool();
  const redis = getRedis();
  parentPort.postMessage((await pool.query('select 1')).rows + (await redis.get(id)));
});`,
      settings,
      output: null,
      errors: [
        {
          ...report('poolPerTaskVia', { name: 'pool', library: 'pg', noun: 'pool', task: PORT, wrapper: 'getPool()', place: 'src/db.js' }, 4, 16),
          suggestions: [{ messageId: 'hoist', data: { name: 'pool' }, output: `import { parentPort } from 'node:worker_threads';
import { getPool, getRedis } from './db.js';
const pool = getPool();

parentPort.on('message', async (id) => {
  const redis = getRedis();
  parentPort.postMessage((await pool.query('select 1')).rows + (await redis.get(id)));
});` }],
        },
        {
          ...report('clientPerTaskVia', { name: 'redis', library: 'ioredis', noun: 'client', task: PORT, wrapper: 'getRedis()', place: 'src/db.js' }, 5, 17),
          suggestions: [{ messageId: 'hoist', data: { name: 'redis' }, output: `import { parentPort } from 'node:worker_threads';
import { getPool, getRedis } from './db.js';
const redis = getRedis();

parentPort.on('message', async (id) => {
  const pool = getPool();
  parentPort.postMessage((await pool.query('select 1')).rows + (await redis.get(id)));
});` }],
        },
      ],
    },
    {
      code: `import { workerData, parentPort } from 'node:worker_threads';
import { connectDB } from './db.js';
await connectDB();
parentPort.postMessage(workerData);`,
      settings,
      output: null,
      errors: [report('heldRunOnceLeak', { name: 'mongoose', library: 'mongoose', noun: 'default connection', place: ' of src/db.js', how: 'with `connectDB()`' }, 3, 7)],
    },
  ],
};

/** src/database/mongodb.ts: `export { Mongoose, dbConnect }`, dbConnect running `Mongoose.connect()`. */
const MONGODB: ModuleExports = {
  Mongoose: { kind: 'library', specifier: 'mongoose', path: [] },
  dbConnect: { kind: 'connect', connection: { holder: 'library:mongoose', entity: 'mongoose.Mongoose', opensOnLoad: false, place: { module: 'src/database/mongodb.ts', line: 24 } } },
};

const cjsCases = {
  valid: [
    { code: `const { parentPort } = require('worker_threads');
const db = require('./db');
db.connectDB();
parentPort.on('message', async (job) => { parentPort.postMessage(job); });`, settings },
  ],
  invalid: [
    {
      // The first query is in a helper the run's top-level code calls.
      code: `const { workerData, parentPort } = require('worker_threads');
const db = require('../utils/db');
const handleInsert = async (data) => {
  await db.books.insert(data).catch((e) => console.log(e.message));
};
handleInsert(workerData);
parentPort.postMessage('exit');`,
      filename: 'threads/worker.js',
      settings: withProject({ modules: { '../utils/db': MONGOIST } }),
      output: null,
      errors: [report('heldRunOnceLeak', { name: 'db', library: 'mongoist', noun: 'database', place: ' of utils/db.js', how: 'with its first query' }, 4, 9)],
    },
    {
      // A run-once worker (its work is its top-level code) whose exported lazy database opens on its first query.
      code: `const { workerData, parentPort } = require('worker_threads');
const db = require('../utils/db');
db.books.insert(workerData).then(() => parentPort.postMessage('exit'));`,
      filename: 'threads/worker.js',
      settings: withProject({ modules: { '../utils/db': MONGOIST } }),
      output: null,
      errors: [report('heldRunOnceLeak', { name: 'db', library: 'mongoist', noun: 'database', place: ' of utils/db.js', how: 'with its first query' }, 3, 1)],
    },
    {
      code: `const { parentPort } = require('worker_threads');
const { connectDB, closeDB } = require('./db');
parentPort.on('message', async (job) => {
  await connectDB();
  parentPort.postMessage(job);
  await closeDB();
});`,
      settings,
      output: null,
      errors: [report('reconnectPerTask', { connect: 'connectDB()', close: 'closeDB()', task: PORT, library: 'mongoose', noun: 'default connection', place: ' of src/db.js' }, 4, 9)],
    },
  ],
};

const tsCases = {
  valid: [
    // Closed when the run's work resolves; a rejection ends the thread anyway.
    { code: `import { parentPort, workerData } from 'worker_threads';
import { Engine } from '../Engine';
import { Mongoose, dbConnect } from '../../database/mongodb';
dbConnect();
Engine.run(workerData).then(() => {
  Mongoose.connection.close();
  parentPort?.postMessage('done');
});`, filename: 'src/lib/worker/run.ts', settings: withProject({ modules: { '../../database/mongodb': MONGODB } }) },
    // The run-once worker closes what the factory made.
    { code: `import { workerData, parentPort } from 'node:worker_threads';
import { getRedis } from './db.js';
const redis = getRedis();
try {
  parentPort?.postMessage(await redis.get(workerData.key as string));
} finally {
  await redis.quit();
}`, settings },
  ],
  invalid: [
    {
      code: `import { workerData, parentPort } from 'node:worker_threads';
import { getRedis } from './db.js';
const redis = getRedis();
parentPort?.postMessage(await redis.get(workerData.key as string));`,
      settings,
      output: null,
      errors: [report('runOnceLeakVia', { name: 'redis', library: 'ioredis', noun: 'client', wrapper: 'getRedis()', place: 'src/db.js' }, 3, 15)],
    },
  ],
};

esmTester.run('no-connection-per-task: project modules (ESM)', rule, esmCases as never);
cjsTester.run('no-connection-per-task: project modules (CommonJS)', rule, cjsCases as never);
tsTester.run('no-connection-per-task: project modules (TypeScript)', rule, tsCases as never);
