// Issue 11 shapes: undeclared globals, the callback form of `MongoClient.connect()`, kafka-node producers
// and sequelize-typescript, closed inside a task.
import type { InvalidTestCase, ValidTestCase } from '@typescript-eslint/rule-tester';
import rule from '../../rules/no-close-in-worker-task.js';
import { checkFixedOutputs } from '../helpers/fixed-outputs.js';
import { cjsTester, esmTester, tsTester } from '../setup-rule-tester.js';

type Options = readonly unknown[];
interface Cases {
  readonly valid: (ValidTestCase<Options> | string)[];
  readonly invalid: InvalidTestCase<string, Options>[];
}

const lines = (...parts: string[]): string => parts.join('\n') + '\n';

const esm: Cases = {
  valid: [
    // The callback client closed when the worker shuts down, and a producer made and closed by its own task.
    lines(
      `import { MongoClient } from 'mongodb';`,
      `import kafka from 'kafka-node';`,
      `import { parentPort } from 'node:worker_threads';`,
      `MongoClient.connect(process.env.MONGO_URL, (err, client) => {`,
      `  parentPort.on('message', async (job) => {`,
      `    await client.db().collection('jobs').insertOne(job);`,
      `    const producer = new kafka.Producer(new kafka.KafkaClient());`,
      `    producer.send([{ topic: 'done', messages: String(job.id) }], () => producer.close());`,
      `  });`,
      `  parentPort.once('close', () => client.close());`,
      `});`,
    ),
  ],
  invalid: [
    // mongodb 3 and 4: `client.connect(callback)` hands the connected client to the callback.
    {
      code: lines(
        `import { MongoClient } from 'mongodb';`,
        `import { parentPort } from 'node:worker_threads';`,
        `const client = new MongoClient(process.env.MONGO_URL);`,
        `client.connect((err, connected) => {`,
        `  parentPort.on('message', async (job) => {`,
        `    await connected.db().collection('jobs').insertOne(job);`,
        `    connected.close();`,
        `  });`,
        `});`,
      ),
      output: null,
      errors: [
        {
          messageId: 'close',
          line: 7,
          data: { name: 'connected', library: 'mongodb', noun: 'client', task: 'the `parentPort` message handler', method: 'close', helper: '', consequence: 'the next task on this worker fails with "Client must be connected before running operations"' },
          suggestions: [
            { messageId: 'removeClose', data: { method: 'close' }, output: lines(
              `import { MongoClient } from 'mongodb';`,
              `import { parentPort } from 'node:worker_threads';`,
              `const client = new MongoClient(process.env.MONGO_URL);`,
              `client.connect((err, connected) => {`,
              `  parentPort.on('message', async (job) => {`,
              `    await connected.db().collection('jobs').insertOne(job);`,
              `  });`,
              `});`,
            ) },
          ],
        },
      ],
    },
    // The producer's close() closes the client it sends through.
    {
      code: lines(
        `import kafka from 'kafka-node';`,
        `import { parentPort } from 'node:worker_threads';`,
        `const producer = new kafka.Producer(new kafka.KafkaClient({ kafkaHost: 'kafka:9092' }));`,
        `parentPort.on('message', (job) => {`,
        `  producer.send([{ topic: 'jobs', messages: JSON.stringify(job) }], () => producer.close());`,
        `});`,
      ),
      output: null,
      errors: [
        {
          messageId: 'close',
          line: 5,
          data: { name: 'producer', library: 'kafka-node', noun: 'producer', task: 'the `parentPort` message handler', method: 'close', helper: '', consequence: 'the next task on this worker finds it closed and fails' },
          suggestions: [],
        },
      ],
    },
  ],
};

const cjs: Cases = {
  valid: [
    // An undeclared global closed in a shutdown hook.
    lines(
      `const mysql = require('mysql2');`,
      `con = mysql.createConnection({ host: 'db' });`,
      `process.on('message', (msg) => {`,
      `  con.query('SELECT 1', () => process.send('done'));`,
      `});`,
      `process.on('SIGTERM', () => con.end());`,
    ),
    // Each task connects and closes its own client: the task owns it.
    lines(
      `const { MongoClient } = require('mongodb');`,
      `const { parentPort } = require('worker_threads');`,
      `parentPort.on('message', (job) => {`,
      `  MongoClient.connect(process.env.MONGO_URL, (err, client) => {`,
      `    client.db().collection('jobs').insertOne(job, () => client.close());`,
      `  });`,
      `});`,
    ),
  ],
  invalid: [
    // Sloppy code: `con` is an undeclared global, the worker's one connection.
    {
      code: lines(
        `const mysql = require('mysql2');`,
        `con = mysql.createConnection({ host: 'db' });`,
        `process.on('message', (msg) => {`,
        `  con.query('SELECT 1', () => process.send('done'));`,
        `  con.end();`,
        `});`,
      ),
      output: null,
      errors: [
        {
          messageId: 'close',
          line: 5,
          data: { name: 'con', library: 'mysql2', noun: 'connection', task: 'the `process` message handler', method: 'end', helper: '', consequence: 'the next task on this worker fails with "Can\'t add new command when connection is in closed state"' },
          suggestions: [
            { messageId: 'removeClose', data: { method: 'end' }, output: lines(
              `const mysql = require('mysql2');`,
              `con = mysql.createConnection({ host: 'db' });`,
              `process.on('message', (msg) => {`,
              `  con.query('SELECT 1', () => process.send('done'));`,
              `});`,
            ) },
            { messageId: 'moveToHook', data: { hook: 'process.once(\'disconnect\')', covers: 'when the parent disconnects or exits, not on `kill()`' }, output: lines(
              `const mysql = require('mysql2');`,
              `con = mysql.createConnection({ host: 'db' });`,
              `process.on('message', (msg) => {`,
              `  con.query('SELECT 1', () => process.send('done'));`,
              `});`,
              ``,
              `process.once('disconnect', () => con.end());`,
            ) },
          ],
        },
      ],
    },
    // The callback's parameter is the binding: the worker's client for every later task.
    {
      code: lines(
        `const { MongoClient } = require('mongodb');`,
        `const { parentPort } = require('worker_threads');`,
        `MongoClient.connect(process.env.MONGO_URL, (err, client) => {`,
        `  if (err) throw err;`,
        `  parentPort.on('message', async (job) => {`,
        `    await client.db().collection('jobs').insertOne(job);`,
        `    await client.close();`,
        `  });`,
        `});`,
      ),
      output: null,
      errors: [
        {
          messageId: 'close',
          line: 7,
          data: { name: 'client', library: 'mongodb', noun: 'client', task: 'the `parentPort` message handler', method: 'close', helper: '', consequence: 'the next task on this worker fails with "Client must be connected before running operations"' },
          suggestions: [
            { messageId: 'removeClose', data: { method: 'close' }, output: lines(
              `const { MongoClient } = require('mongodb');`,
              `const { parentPort } = require('worker_threads');`,
              `MongoClient.connect(process.env.MONGO_URL, (err, client) => {`,
              `  if (err) throw err;`,
              `  parentPort.on('message', async (job) => {`,
              `    await client.db().collection('jobs').insertOne(job);`,
              `  });`,
              `});`,
            ) },
          ],
        },
      ],
    },
  ],
};

const ts: Cases = {
  valid: [
    // sequelize-typescript closed in a shutdown hook.
    lines(
      `import { parentPort } from 'node:worker_threads';`,
      `import { Sequelize } from 'sequelize-typescript';`,
      `const sequelize = new Sequelize(process.env.DATABASE_URL!);`,
      `parentPort!.on('message', async (job: { id: number }) => {`,
      `  await sequelize.query('UPDATE jobs SET done = true WHERE id = ?', { replacements: [job.id] });`,
      `});`,
      `process.on('SIGTERM', () => sequelize.close());`,
    ),
  ],
  invalid: [
    {
      code: lines(
        `import { parentPort } from 'node:worker_threads';`,
        `import { Sequelize } from 'sequelize-typescript';`,
        `const sequelize = new Sequelize(process.env.DATABASE_URL!);`,
        `parentPort!.on('message', async (job: { id: number }) => {`,
        `  await sequelize.query('UPDATE jobs SET done = true WHERE id = ?', { replacements: [job.id] });`,
        `  await sequelize.close();`,
        `});`,
      ),
      output: null,
      errors: [
        {
          messageId: 'close',
          line: 6,
          data: { name: 'sequelize', library: 'sequelize-typescript', noun: 'instance', task: 'the `parentPort` message handler', method: 'close', helper: '', consequence: 'the next task on this worker finds it closed and fails' },
          suggestions: [
            { messageId: 'removeClose', data: { method: 'close' }, output: lines(
              `import { parentPort } from 'node:worker_threads';`,
              `import { Sequelize } from 'sequelize-typescript';`,
              `const sequelize = new Sequelize(process.env.DATABASE_URL!);`,
              `parentPort!.on('message', async (job: { id: number }) => {`,
              `  await sequelize.query('UPDATE jobs SET done = true WHERE id = ?', { replacements: [job.id] });`,
              `});`,
            ) },
            { messageId: 'moveToHook', data: { hook: 'parentPort!.once(\'close\')', covers: 'when the worker closes its port, not on `worker.terminate()`' }, output: lines(
              `import { parentPort } from 'node:worker_threads';`,
              `import { Sequelize } from 'sequelize-typescript';`,
              `const sequelize = new Sequelize(process.env.DATABASE_URL!);`,
              `parentPort!.on('message', async (job: { id: number }) => {`,
              `  await sequelize.query('UPDATE jobs SET done = true WHERE id = ?', { replacements: [job.id] });`,
              `});`,
              ``,
              `parentPort!.once('close', () => sequelize.close());`,
            ) },
          ],
        },
      ],
    },
  ],
};

esmTester.run('no-close-in-worker-task: issue 11 shapes (ESM)', rule, esm as never);
cjsTester.run('no-close-in-worker-task: issue 11 shapes (CommonJS)', rule, cjs as never);
tsTester.run('no-close-in-worker-task: issue 11 shapes (TypeScript)', rule, ts as never);

checkFixedOutputs('no-close-in-worker-task: issue 11 shapes', rule as never, { esm: esm as never, cjs: cjs as never, ts: ts as never });
