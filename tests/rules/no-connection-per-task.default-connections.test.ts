/**
 * no-connection-per-task on a library's default connection: connecting it in a task is
 * reusing it (mongoose's `connect()` hands back the open one), but connecting and closing
 * it in every task builds the pool for every task; a run-once worker that connects it and
 * never closes it never ends.
 */
import rule from '../../rules/no-connection-per-task.js';
import { cjsTester, esmTester, tsTester } from '../setup-rule-tester.js';

const PORT = 'the `parentPort` message handler';

function reconnect(code: string, task: string, connect: string, close: string, library: string, noun: string, line: number, column: number) {
  return {
    code,
    output: null,
    errors: [{ messageId: 'reconnectPerTask', data: { connect, close, task, library, noun, place: '' }, line, column, suggestions: [] }],
  };
}

function runOnceLeak(code: string, name: string, how: string, line: number, column: number) {
  return {
    code,
    output: null,
    errors: [{ messageId: 'heldRunOnceLeak', data: { name, library: 'mongoose', noun: 'default connection', place: '', how }, line, column, suggestions: [] }],
  };
}

const esmCases = {
  valid: [
    // A model the named export makes in every task is a definition of the one default connection, no connection of its own.
    `import { parentPort } from 'node:worker_threads';
import { connect, model } from 'mongoose';
await connect(process.env.MONGO_URL);
parentPort.on('message', async (id) => parentPort.postMessage(await model('Order').findById(id)));`,
    // Connected in every task, never closed: mongoose reuses the open default connection.
    `import { parentPort } from 'node:worker_threads';
import mongoose from 'mongoose';
parentPort.on('message', async (url) => { await mongoose.connect(url); parentPort.postMessage(await mongoose.model('A').countDocuments()); });`,
    // Connected only when it is not open yet.
    `import { parentPort } from 'node:worker_threads';
import mongoose from 'mongoose';
parentPort.on('message', async (id) => {
  if (mongoose.connection.readyState === 0) await mongoose.connect(process.env.MONGO_URL);
  parentPort.postMessage(await mongoose.model('A').findById(id));
});`,
    // The close is a shutdown command.
    `import { parentPort } from 'node:worker_threads';
import mongoose from 'mongoose';
await mongoose.connect(process.env.MONGO_URL);
parentPort.on('message', async (msg) => {
  if (msg === 'shutdown') { await mongoose.disconnect(); return; }
  parentPort.postMessage(await mongoose.model('A').countDocuments());
});`,
    // A run-once worker that closes it on every path, or exits.
    `import { workerData, parentPort } from 'node:worker_threads';
import mongoose from 'mongoose';
await mongoose.connect(workerData.url);
try {
  parentPort.postMessage(await mongoose.model('A').countDocuments());
} finally {
  await mongoose.disconnect();
}`,
    `import { workerData, parentPort } from 'node:worker_threads';
import mongoose from 'mongoose';
await mongoose.connect(workerData.url);
parentPort.postMessage(await mongoose.model('A').countDocuments());
process.exit(0);`,
    // A long-lived worker connects it once at module scope.
    `import { parentPort } from 'node:worker_threads';
import mongoose from 'mongoose';
await mongoose.connect(process.env.MONGO_URL);
parentPort.on('message', async (id) => parentPort.postMessage(await mongoose.model('A').findById(id)));`,
  ],
  invalid: [
    reconnect(
      `import { parentPort } from 'node:worker_threads';
import mongoose from 'mongoose';
parentPort.on('message', async (url) => {
  await mongoose.connect(url);
  try { parentPort.postMessage(await mongoose.model('A').countDocuments()); } finally { await mongoose.disconnect(); }
});`,
      PORT, 'mongoose.connect()', 'mongoose.disconnect()', 'mongoose', 'default connection', 4, 9,
    ),
    runOnceLeak(
      `import { workerData, parentPort } from 'node:worker_threads';
import mongoose from 'mongoose';
await mongoose.connect(workerData.url);
parentPort.postMessage(await mongoose.model('A').countDocuments());`,
      'mongoose', 'with `mongoose.connect()`', 3, 7,
    ),
  ],
};

const cjsCases = {
  valid: [
    `const { parentPort } = require('worker_threads');
const mongoose = require('mongoose');
mongoose.connect(process.env.MONGO_URL);
parentPort.on('message', async (job) => { await mongoose.model('Job').create(job); });`,
    // A helper of this file that connects only while the default connection is closed, called for every batch.
    `const { parentPort } = require('worker_threads');
const mongoose = require('mongoose');
const Row = require('./models/row');
async function ensureConnected() {
  if (mongoose.connection.readyState === 0) await mongoose.connect(process.env.MONGO_URL);
}
parentPort.on('message', async (rows) => {
  await ensureConnected();
  await Row.insertMany(rows);
  parentPort.postMessage({ saved: rows.length });
});`,
  ],
  invalid: [
    reconnect(
      `const { parentPort } = require('worker_threads');
const mongoose = require('mongoose');
parentPort.on('message', async (job) => {
  await mongoose.connect(process.env.MONGO_URL);
  await mongoose.model('Job').create(job);
  await mongoose.connection.close();
});`,
      PORT, 'mongoose.connect()', 'mongoose.connection.close()', 'mongoose', 'default connection', 4, 9,
    ),
    runOnceLeak(
      `const { workerData, parentPort } = require('worker_threads');
const mongoose = require('mongoose');
mongoose.connect(workerData.url).then(async () => {
  parentPort.postMessage(await mongoose.model('A').countDocuments());
});`,
      'mongoose', 'with `mongoose.connect()`', 3, 1,
    ),
  ],
};

const tsCases = {
  valid: [
    `import workerpool from 'workerpool';
import sql from 'mssql';
await sql.connect(process.env.MSSQL_URL as string);
workerpool.worker({
  async total(id: number) {
    return (await sql.query\`select sum(x) from t where id = \${id}\`).recordset;
  },
});`,
  ],
  invalid: [
    reconnect(
      `import workerpool from 'workerpool';
import sql from 'mssql';
workerpool.worker({
  async total(id: number) {
    await sql.connect(process.env.MSSQL_URL as string);
    try {
      return (await sql.query\`select sum(x) from t where id = \${id}\`).recordset;
    } finally {
      await sql.close();
    }
  },
});`,
      'workerpool task `total`', 'sql.connect()', 'sql.close()', 'mssql', 'pool', 5, 11,
    ),
  ],
};

esmTester.run('no-connection-per-task: default connections (ESM)', rule, esmCases as never);
cjsTester.run('no-connection-per-task: default connections (CommonJS)', rule, cjsCases as never);
tsTester.run('no-connection-per-task: default connections (TypeScript)', rule, tsCases as never);
