/**
 * no-close-in-worker-task on a library's default connection: the imported module is the
 * worker's one connection, however the close is reached (`mongoose.disconnect()`, a
 * destructured `disconnect()`, `mongoose.connection.close()`, mssql's `sql.close()`).
 */
import rule from '../../rules/no-close-in-worker-task.js';
import { checkFixedOutputs } from '../helpers/fixed-outputs.js';
import { cjsTester, esmTester, tsTester } from '../setup-rule-tester.js';

const MONGOOSE_AFTER_CLOSE = 'the next task on this worker fails with "Client must be connected before running operations"';
const PORT = 'the `parentPort` message handler';

const esmCases = {
  valid: [
    // A shutdown command closes it.
    `import { parentPort } from 'node:worker_threads';
import mongoose from 'mongoose';
await mongoose.connect(process.env.MONGO_URL);
parentPort.on('message', async (msg) => {
  if (msg === 'shutdown') { await mongoose.disconnect(); return; }
  parentPort.postMessage(await mongoose.model('A').countDocuments());
});`,
    // The task connects it first: a pool per task (no-connection-per-task), not the worker's.
    `import { parentPort } from 'node:worker_threads';
import mongoose from 'mongoose';
parentPort.on('message', async () => {
  await mongoose.connect(process.env.MONGO_URL);
  parentPort.postMessage(await mongoose.model('A').countDocuments());
  await mongoose.connection.close();
});`,
    // A run-once worker closes what its work opened.
    `import { workerData, parentPort } from 'node:worker_threads';
import mongoose from 'mongoose';
parentPort.once('message', async () => {
  await mongoose.connect(workerData.url);
  parentPort.postMessage(await mongoose.model('A').countDocuments());
  await mongoose.disconnect();
});`,
    // Closed when the worker shuts down.
    `import { parentPort } from 'node:worker_threads';
import mongoose from 'mongoose';
await mongoose.connect(process.env.MONGO_URL);
parentPort.on('message', async (id) => parentPort.postMessage(await mongoose.model('A').findById(id)));
process.once('SIGTERM', () => mongoose.disconnect());`,
  ],
  invalid: [],
};

const cjsCases = {
  valid: [
    // A close right before the worker exits.
    `const { parentPort } = require('worker_threads');
const mongoose = require('mongoose');
mongoose.connect(process.env.MONGO_URL);
parentPort.on('message', async (id) => {
  await mongoose.model('Order').deleteOne({ _id: id });
  await mongoose.disconnect();
  process.exit(0);
});`,
  ],
  invalid: [
    {
      code: `const { parentPort } = require('worker_threads');
const mongoose = require('mongoose');
mongoose.connect(process.env.MONGO_URL);
parentPort.on('message', async (id) => {
  await mongoose.model('Order').deleteOne({ _id: id });
  await mongoose.disconnect();
});`,
      output: null,
      errors: [
        {
          messageId: 'close',
          data: { name: 'mongoose', library: 'mongoose', noun: 'default connection', task: PORT, method: 'disconnect', helper: '', consequence: MONGOOSE_AFTER_CLOSE },
          line: 6,
          column: 9,
          suggestions: [
            {
              messageId: 'removeClose',
              data: { method: 'disconnect' },
              output: `const { parentPort } = require('worker_threads');
const mongoose = require('mongoose');
mongoose.connect(process.env.MONGO_URL);
parentPort.on('message', async (id) => {
  await mongoose.model('Order').deleteOne({ _id: id });
});`,
            },
            {
              messageId: 'moveToHook',
              data: { hook: "parentPort.once('close')", covers: 'when the worker closes its port, not on `worker.terminate()`' },
              output: `const { parentPort } = require('worker_threads');
const mongoose = require('mongoose');
mongoose.connect(process.env.MONGO_URL);
parentPort.on('message', async (id) => {
  await mongoose.model('Order').deleteOne({ _id: id });
});

parentPort.once('close', () => mongoose.disconnect());`,
            },
          ],
        },
      ],
    },
    {
      // The module's functions taken apart: `disconnect()` still closes the default connection.
      code: `const workerpool = require('workerpool');
const { connect, disconnect, model } = require('mongoose');
connect(process.env.MONGO_URL);
workerpool.worker({
  async archive(id) {
    await model('Order').updateOne({ _id: id }, { archived: true });
    await disconnect();
  },
});`,
      output: null,
      errors: [
        {
          messageId: 'close',
          data: { name: 'mongoose', library: 'mongoose', noun: 'default connection', task: 'workerpool task `archive`', method: 'disconnect', helper: '', consequence: MONGOOSE_AFTER_CLOSE },
          line: 7,
          column: 11,
          suggestions: [
            {
              messageId: 'removeClose',
              data: { method: 'disconnect' },
              output: `const workerpool = require('workerpool');
const { connect, disconnect, model } = require('mongoose');
connect(process.env.MONGO_URL);
workerpool.worker({
  async archive(id) {
    await model('Order').updateOne({ _id: id }, { archived: true });
  },
});`,
            },
            {
              messageId: 'moveToHook',
              data: { hook: 'onTerminate', covers: 'when the pool terminates the worker' },
              output: `const workerpool = require('workerpool');
const { connect, disconnect, model } = require('mongoose');
connect(process.env.MONGO_URL);
workerpool.worker({
  async archive(id) {
    await model('Order').updateOne({ _id: id }, { archived: true });
  },
}, { onTerminate: () => disconnect() });`,
            },
          ],
        },
      ],
    },
  ],
};

const tsCases = {
  valid: [
    // Connected and closed by the same task (reported as a pool per task by no-connection-per-task).
    `import workerpool from 'workerpool';
import sql from 'mssql';
workerpool.worker({
  async total(id: number) {
    await sql.connect(process.env.MSSQL_URL as string);
    try { return (await sql.query\`select sum(x) from t where id = \${id}\`).recordset; } finally { await sql.close(); }
  },
});`,
  ],
  invalid: [
    {
      code: `import { parentPort } from 'node:worker_threads';
import mongoose from 'mongoose';
await mongoose.connect(process.env.MONGO_URL as string);
parentPort?.on('message', async (id: string) => {
  parentPort?.postMessage(await mongoose.model('Order').findById(id));
  await mongoose.connection.close();
});`,
      output: null,
      errors: [
        {
          messageId: 'close',
          data: { name: 'mongoose.connection', library: 'mongoose', noun: 'connection', task: PORT, method: 'close', helper: '', consequence: MONGOOSE_AFTER_CLOSE },
          line: 6,
          column: 9,
          suggestions: [
            {
              messageId: 'removeClose',
              data: { method: 'close' },
              output: `import { parentPort } from 'node:worker_threads';
import mongoose from 'mongoose';
await mongoose.connect(process.env.MONGO_URL as string);
parentPort?.on('message', async (id: string) => {
  parentPort?.postMessage(await mongoose.model('Order').findById(id));
});`,
            },
            {
              messageId: 'moveToHook',
              data: { hook: "parentPort.once('close')", covers: 'when the worker closes its port, not on `worker.terminate()`' },
              output: `import { parentPort } from 'node:worker_threads';
import mongoose from 'mongoose';
await mongoose.connect(process.env.MONGO_URL as string);
parentPort?.on('message', async (id: string) => {
  parentPort?.postMessage(await mongoose.model('Order').findById(id));
});

parentPort.once('close', () => mongoose.connection.close());`,
            },
          ],
        },
      ],
    },
  ],
};

esmTester.run('no-close-in-worker-task: default connections (ESM)', rule, esmCases as never);
cjsTester.run('no-close-in-worker-task: default connections (CommonJS)', rule, cjsCases as never);
tsTester.run('no-close-in-worker-task: default connections (TypeScript)', rule, tsCases as never);
checkFixedOutputs('no-close-in-worker-task: default connections', rule as never, { cjs: cjsCases as never, ts: tsCases as never });
