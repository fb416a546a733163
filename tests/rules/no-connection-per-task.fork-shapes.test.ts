// Issue 11 shapes: undeclared globals, the callback form of `MongoClient.connect()`, kafka-node consumer
// groups and sequelize-typescript, made inside a task.
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

const esm: Cases = {
  valid: [
    // A kafka-node producer per task over the worker's one client opens no connection.
    lines(
      `import kafka from 'kafka-node';`,
      `import { parentPort } from 'node:worker_threads';`,
      `const client = new kafka.KafkaClient({ kafkaHost: 'kafka:9092' });`,
      `parentPort.on('message', (job) => {`,
      `  const producer = new kafka.Producer(client);`,
      `  producer.send([{ topic: 'jobs', messages: JSON.stringify(job) }], () => parentPort.postMessage('done'));`,
      `});`,
    ),
    // Sloppy code, lazily filled: the undeclared global keeps the first task's connection for the rest.
    lines(
      `import mysql from 'mysql2';`,
      `import { parentPort } from 'node:worker_threads';`,
      `parentPort.on('message', (job) => {`,
      `  if (!con) con = mysql.createConnection({ host: 'db' });`,
      `  con.query('INSERT INTO jobs SET ?', job);`,
      `});`,
    ),
  ],
  invalid: [
    // Sloppy code: an undeclared global assigned in every task.
    {
      code: lines(
        `import mysql from 'mysql2';`,
        `import { parentPort } from 'node:worker_threads';`,
        `parentPort.on('message', (job) => {`,
        `  con = mysql.createConnection({ host: 'db' });`,
        `  con.query('INSERT INTO jobs SET ?', job);`,
        `});`,
      ),
      output: null,
      errors: [
        {
          messageId: 'clientPerTask',
          line: 4,
          data: { name: 'con', library: 'mysql2', noun: 'connection', task: 'the `parentPort` message handler', site: '' },
          suggestions: [],
        },
      ],
    },
    // A consumer group makes and connects a KafkaClient of its own.
    {
      code: lines(
        `import kafka from 'kafka-node';`,
        `import { parentPort } from 'node:worker_threads';`,
        `parentPort.on('message', (job) => {`,
        `  const group = new kafka.ConsumerGroup({ kafkaHost: 'kafka:9092', groupId: job.group }, [job.topic]);`,
        `  group.on('message', (message) => parentPort.postMessage(message.value));`,
        `});`,
      ),
      output: null,
      errors: [
        {
          messageId: 'clientPerTask',
          line: 4,
          data: { name: 'group', library: 'kafka-node', noun: 'consumer group', task: 'the `parentPort` message handler', site: '' },
          suggestions: [],
        },
      ],
    },
  ],
};

const cjs: Cases = {
  valid: [
    // A run-once worker that closes the callback's client on every path.
    lines(
      `const { MongoClient } = require('mongodb');`,
      `const { workerData, parentPort } = require('worker_threads');`,
      `MongoClient.connect(process.env.MONGO_URL, async (err, client) => {`,
      `  try {`,
      `    await client.db().collection('jobs').insertOne(workerData);`,
      `  } finally {`,
      `    await client.close();`,
      `  }`,
      `  parentPort.postMessage('done');`,
      `});`,
    ),
  ],
  invalid: [
    // The callback form makes a client, and so a pool, per task.
    {
      code: lines(
        `const { MongoClient } = require('mongodb');`,
        `process.on('message', (job) => {`,
        `  MongoClient.connect(process.env.MONGO_URL, (err, client) => {`,
        `    client.db().collection('jobs').insertOne(job, () => process.send('done'));`,
        `  });`,
        `});`,
      ),
      output: null,
      errors: [
        {
          messageId: 'poolPerTask',
          line: 3,
          data: { name: 'client', library: 'mongodb', noun: 'client', task: 'the `process` message handler', site: '' },
          suggestions: [],
        },
      ],
    },
    // A run-once worker whose callback client is never closed.
    {
      code: lines(
        `const { MongoClient } = require('mongodb');`,
        `const { workerData, parentPort } = require('worker_threads');`,
        `MongoClient.connect(process.env.MONGO_URL, async (err, client) => {`,
        `  await client.db().collection('jobs').insertOne(workerData);`,
        `  parentPort.postMessage('done');`,
        `});`,
      ),
      output: null,
      errors: [
        {
          messageId: 'runOnceLeak',
          line: 3,
          data: { name: 'client', library: 'mongodb', noun: 'client', task: '', site: '' },
          suggestions: [],
        },
      ],
    },
  ],
};

const ts: Cases = {
  valid: [
    // One sequelize-typescript instance per worker, made at module scope.
    lines(
      `import { parentPort } from 'node:worker_threads';`,
      `import { Sequelize } from 'sequelize-typescript';`,
      `const sequelize = new Sequelize(process.env.DATABASE_URL!);`,
      `parentPort!.on('message', async (job: { id: number }) => {`,
      `  await sequelize.query('SELECT 1');`,
      `});`,
    ),
  ],
  invalid: [
    {
      code: lines(
        `import { parentPort } from 'node:worker_threads';`,
        `import { Sequelize } from 'sequelize-typescript';`,
        `parentPort!.on('message', async (job: { id: number }) => {`,
        `  const sequelize = new Sequelize(process.env.DATABASE_URL!);`,
        `  await sequelize.query('SELECT 1');`,
        `});`,
      ),
      output: null,
      errors: [
        {
          messageId: 'poolPerTask',
          line: 4,
          data: { name: 'sequelize', library: 'sequelize-typescript', noun: 'instance', task: 'the `parentPort` message handler', site: '' },
          suggestions: [
            { messageId: 'hoist', data: { name: 'sequelize' }, output: lines(
              `import { parentPort } from 'node:worker_threads';`,
              `import { Sequelize } from 'sequelize-typescript';`,
              `const sequelize = new Sequelize(process.env.DATABASE_URL!);`,
              ``,
              `parentPort!.on('message', async (job: { id: number }) => {`,
              `  await sequelize.query('SELECT 1');`,
              `});`,
            ) },
          ],
        },
      ],
    },
  ],
};

esmTester.run('no-connection-per-task: issue 11 shapes (ESM)', rule, esm as never);
cjsTester.run('no-connection-per-task: issue 11 shapes (CommonJS)', rule, cjs as never);
tsTester.run('no-connection-per-task: issue 11 shapes (TypeScript)', rule, ts as never);

checkFixedOutputs('no-connection-per-task: issue 11 shapes', rule as never, { esm: esm as never, cjs: cjs as never, ts: ts as never });
