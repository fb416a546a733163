/**
 * The rules through `settings['fork-safe'].connections` rows that say what a project
 * module exports (the override for what inference cannot see): the same findings as
 * for inferred exports, with no project layer involved.
 */
import closeRule from '../../rules/no-close-in-worker-task.js';
import forkRule from '../../rules/no-connection-before-fork.js';
import perTaskRule from '../../rules/no-connection-per-task.js';
import { esmTester } from '../setup-rule-tester.js';

const settings = {
  'fork-safe': {
    connections: [
      { module: './src/db', export: 'pool', is: 'connection', kind: 'pool', close: ['end'] },
      { module: './src/db', export: 'closePool', is: 'close', of: 'pool' },
      { module: './src/db', export: 'connectDB', is: 'connect', of: 'mongoose' },
      { module: './src/db', export: 'closeDB', is: 'close', of: 'mongoose' },
    ],
  },
};
const filename = 'src/worker.js';

esmTester.run('no-close-in-worker-task: settings rows', closeRule, {
  valid: [
    { code: `import { parentPort } from 'node:worker_threads';
import { pool } from './db.js';
parentPort.on('message', async () => parentPort.postMessage((await pool.query('select 1')).rows));`, settings, filename },
  ],
  invalid: [
    {
      code: `import { parentPort } from 'node:worker_threads';
import { pool, closePool } from './db.js';
parentPort.on('message', async () => {
  parentPort.postMessage((await pool.query('select 1')).rows);
  await closePool();
});`,
      settings,
      filename,
      output: null,
      errors: [
        {
          messageId: 'closeShared',
          data: { call: 'closePool()', place: 'src/db', library: './src/db', noun: 'pool', task: 'the `parentPort` message handler', helper: '', consequence: 'the next task on this worker finds it closed and fails' },
          suggestions: [
            { messageId: 'removeClose', data: { method: 'closePool' }, output: `import { parentPort } from 'node:worker_threads';
import { pool, closePool } from './db.js';
parentPort.on('message', async () => {
  parentPort.postMessage((await pool.query('select 1')).rows);
});` },
            { messageId: 'moveToHook', data: { hook: "parentPort.once('close')", covers: 'when the worker closes its port, not on `worker.terminate()`' }, output: `import { parentPort } from 'node:worker_threads';
import { pool, closePool } from './db.js';
parentPort.on('message', async () => {
  parentPort.postMessage((await pool.query('select 1')).rows);
});

parentPort.once('close', () => closePool());` },
          ],
        },
      ],
    },
  ],
});

esmTester.run('no-connection-per-task: settings rows', perTaskRule, {
  valid: [
    { code: `import { parentPort } from 'node:worker_threads';
import { connectDB } from './db.js';
parentPort.on('message', async (job) => { await connectDB(); parentPort.postMessage(job); });`, settings, filename },
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
      filename,
      output: null,
      errors: [{ messageId: 'reconnectPerTask', data: { connect: 'connectDB()', close: 'closeDB()', task: 'the `parentPort` message handler', library: 'mongoose', noun: 'default connection', place: ' of src/db' }, suggestions: [] }],
    },
  ],
});

esmTester.run('no-connection-before-fork: settings rows', forkRule, {
  valid: [
    { code: `import cluster from 'node:cluster';
import { connectDB } from './db.js';
if (cluster.isPrimary) cluster.fork();
else await connectDB();`, settings, filename: 'src/server.js' },
  ],
  invalid: [
    {
      code: `import cluster from 'node:cluster';
import { connectDB } from './db.js';
await connectDB();
if (cluster.isPrimary) {
  cluster.fork();
} else {
  await import('./app.js');
}`,
      settings,
      filename: 'src/server.js',
      output: `import cluster from 'node:cluster';
import { connectDB } from './db.js';
if (cluster.isPrimary) {
  cluster.fork();
} else {
  await connectDB();
  await import('./app.js');
}`,
      errors: [{ messageId: 'connectUnusedHere', data: { name: 'connectDB()', where: 'mongoose, src/db', noun: 'default connection', forkSite: 'cluster.fork()' }, suggestions: [] }],
    },
  ],
});
