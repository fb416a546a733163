// Issue 11 shapes: undeclared globals, the callback form of `MongoClient.connect()`, kafka-node producers
// and sequelize-typescript, sent to another process or thread.
import type { InvalidTestCase, ValidTestCase } from '@typescript-eslint/rule-tester';
import rule from '../../rules/no-connection-transfer.js';
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
    // The URL and what a query read are sent, not the callback client.
    lines(
      `import { MongoClient } from 'mongodb';`,
      `import { fork } from 'node:child_process';`,
      `const child = fork('./child.js');`,
      `MongoClient.connect(process.env.MONGO_URL, async (err, client) => {`,
      `  const count = await client.db().collection('jobs').countDocuments();`,
      `  child.send({ url: process.env.MONGO_URL, count });`,
      `});`,
    ),
  ],
  invalid: [
    // The callback's parameter is the live client.
    {
      code: lines(
        `import { MongoClient } from 'mongodb';`,
        `import { fork } from 'node:child_process';`,
        `const child = fork('./child.js');`,
        `MongoClient.connect(process.env.MONGO_URL, (err, client) => {`,
        `  child.send({ client });`,
        `});`,
      ),
      output: null,
      errors: [
        {
          messageId: 'json',
          line: 5,
          data: { name: 'client', library: 'mongodb', noun: 'client', boundary: '`child.send()`' },
          suggestions: [],
        },
      ],
    },
  ],
};

const cjs: Cases = {
  valid: [
    // Undeclared globals too: a configuration and a value read from the connection are plain data.
    lines(
      `const { Worker } = require('worker_threads');`,
      `const mysql = require('mysql2');`,
      `config = { host: 'db' };`,
      `con = mysql.createConnection(config);`,
      `new Worker('./w.js', { workerData: { config, id: con.threadId } });`,
    ),
  ],
  invalid: [
    // Sloppy code: an undeclared global holds the connection.
    {
      code: lines(
        `const { Worker } = require('worker_threads');`,
        `const mysql = require('mysql2');`,
        `con = mysql.createConnection({ host: 'db' });`,
        `const worker = new Worker('./w.js');`,
        `worker.postMessage({ con });`,
      ),
      output: null,
      errors: [
        {
          messageId: 'clone',
          line: 5,
          data: { name: 'con', library: 'mysql2', noun: 'connection', boundary: '`worker.postMessage()`' },
          suggestions: [
            { messageId: 'sendConfig', data: { config: '{ host: \'db\' }' }, output: lines(
              `const { Worker } = require('worker_threads');`,
              `const mysql = require('mysql2');`,
              `con = mysql.createConnection({ host: 'db' });`,
              `const worker = new Worker('./w.js');`,
              `worker.postMessage({ con: { host: 'db' } });`,
            ) },
          ],
        },
      ],
    },
  ],
};

const ts: Cases = {
  valid: [
    // The configuration is sent; each side makes its own producer and instance.
    lines(
      `import { Worker } from 'node:worker_threads';`,
      `import { KafkaClient, Producer } from 'kafka-node';`,
      `import { Sequelize } from 'sequelize-typescript';`,
      `const kafkaHost = 'kafka:9092';`,
      `const producer = new Producer(new KafkaClient({ kafkaHost }));`,
      `const sequelize = new Sequelize({ dialect: 'postgres', host: 'db' });`,
      `new Worker('./w.js', { workerData: { kafkaHost, dialect: sequelize.getDialect() } });`,
      `producer.on('ready', () => {});`,
    ),
  ],
  invalid: [
    {
      code: lines(
        `import { Worker } from 'node:worker_threads';`,
        `import { KafkaClient, Producer } from 'kafka-node';`,
        `const producer = new Producer(new KafkaClient());`,
        `new Worker('./w.js', { workerData: { producer } });`,
      ),
      output: null,
      errors: [
        {
          messageId: 'clone',
          line: 4,
          data: { name: 'producer', library: 'kafka-node', noun: 'producer', boundary: '`workerData`' },
          suggestions: [],
        },
      ],
    },
    {
      code: lines(
        `import Piscina from 'piscina';`,
        `import { Sequelize } from 'sequelize-typescript';`,
        `const sequelize = new Sequelize({ dialect: 'postgres', host: 'db' });`,
        `const pool = new Piscina({ filename: './task.js' });`,
        `await pool.run({ sequelize });`,
      ),
      output: null,
      errors: [
        {
          messageId: 'clone',
          line: 5,
          data: { name: 'sequelize', library: 'sequelize-typescript', noun: 'instance', boundary: '`pool.run()`' },
          suggestions: [
            { messageId: 'sendConfig', data: { config: '{ dialect: \'postgres\', host: \'db\' }' }, output: lines(
              `import Piscina from 'piscina';`,
              `import { Sequelize } from 'sequelize-typescript';`,
              `const sequelize = new Sequelize({ dialect: 'postgres', host: 'db' });`,
              `const pool = new Piscina({ filename: './task.js' });`,
              `await pool.run({ sequelize: { dialect: 'postgres', host: 'db' } });`,
            ) },
          ],
        },
      ],
    },
  ],
};

esmTester.run('no-connection-transfer: issue 11 shapes (ESM)', rule, esm as never);
cjsTester.run('no-connection-transfer: issue 11 shapes (CommonJS)', rule, cjs as never);
tsTester.run('no-connection-transfer: issue 11 shapes (TypeScript)', rule, ts as never);

checkFixedOutputs('no-connection-transfer: issue 11 shapes', rule as never, { esm: esm as never, cjs: cjs as never, ts: ts as never });
