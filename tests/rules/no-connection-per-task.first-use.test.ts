/**
 * Lazy clients opened by their first use through what they hand out: a query on
 * `client.db().collection()` opens the MongoClient, a mongoist collection query opens the
 * database, and a mysql connection opens on its first query without a connect step.
 */
import rule from '../../rules/no-connection-per-task.js';
import { cjsTester, esmTester, tsTester } from '../setup-rule-tester.js';

const PORT = 'the `parentPort` message handler';
const leak = (name: string, library: string, noun: string, line: number, column: number) => ({
  messageId: 'runOnceLeak' as const, data: { name, library, noun, task: '' }, line, column, suggestions: [],
});

esmTester.run('no-connection-per-task: first use through hand-outs (ESM)', rule, {
  valid: [
    // Closed on every path.
    `import { parentPort, workerData } from 'node:worker_threads';
import { MongoClient } from 'mongodb';
const client = new MongoClient(workerData.url);
try {
  parentPort.postMessage(await client.db('shop').collection('orders').find().toArray());
} finally {
  await client.close();
}`,
    // Only handles are made: no query opens it.
    `import { parentPort, workerData } from 'node:worker_threads';
import { MongoClient } from 'mongodb';
const client = new MongoClient(workerData.url);
const orders = client.db('shop').collection('orders');
parentPort.postMessage(orders.collectionName);`,
    // Closed when the run's work resolves: a rejection ends the run anyway.
    `import { parentPort, workerData } from 'node:worker_threads';
import { MongoClient } from 'mongodb';
const client = new MongoClient(workerData.url);
client.db('shop').collection('orders').insertOne(workerData.order).then(() => {
  client.close();
  parentPort.postMessage('done');
});`,
    // A task's mysql connection ended on every path.
    `import { parentPort } from 'node:worker_threads';
import mysql from 'mysql';
parentPort.on('message', (id) => {
  const conn = mysql.createConnection(process.env.MYSQL_URL);
  try {
    conn.query('select ?', [id], (err, rows) => parentPort.postMessage(rows));
  } finally {
    conn.end();
  }
});`,
  ],
  invalid: [
    {
      code: `import { parentPort, workerData } from 'node:worker_threads';
import { MongoClient } from 'mongodb';
const client = new MongoClient(workerData.url);
const docs = await client.db('shop').collection('orders').find().toArray();
parentPort.postMessage(docs);`,
      output: null,
      errors: [leak('client', 'mongodb', 'client', 3, 16)],
    },
    {
      code: `import { parentPort } from 'node:worker_threads';
import mysql from 'mysql';
parentPort.on('message', (id) => {
  const conn = mysql.createConnection(process.env.MYSQL_URL);
  conn.query('select ?', [id], (err, rows) => parentPort.postMessage(rows));
});`,
      output: null,
      errors: [
        {
          messageId: 'clientPerTask', data: { name: 'conn', library: 'mysql', noun: 'connection', task: PORT }, line: 4, column: 16,
          suggestions: [{ messageId: 'hoist', data: { name: 'conn' }, output: `import { parentPort } from 'node:worker_threads';
import mysql from 'mysql';
const conn = mysql.createConnection(process.env.MYSQL_URL);

parentPort.on('message', (id) => {
  conn.query('select ?', [id], (err, rows) => parentPort.postMessage(rows));
});` }],
        },
      ],
    },
  ],
});

cjsTester.run('no-connection-per-task: first use through hand-outs (CommonJS)', rule, {
  valid: [
    `const { parentPort, workerData } = require('worker_threads');
const mongoist = require('mongoist');
const db = mongoist(workerData.url);
db.books.insert(workerData.book).then(() => parentPort.postMessage('done')).finally(() => db.close());`,
  ],
  invalid: [
    {
      code: `const { parentPort, workerData } = require('worker_threads');
const mongoist = require('mongoist');
const db = mongoist(workerData.url);
db.books.insert(workerData.book).then(() => parentPort.postMessage('done'));`,
      output: null,
      errors: [leak('db', 'mongoist', 'database', 3, 12)],
    },
  ],
});

tsTester.run('no-connection-per-task: first use through hand-outs (TypeScript)', rule, {
  valid: [],
  invalid: [
    {
      code: `import { parentPort, workerData } from 'node:worker_threads';
import { MongoClient, type Collection } from 'mongodb';
const client = new MongoClient(workerData.url as string);
const orders: Collection = client.db('shop').collection('orders');
parentPort?.postMessage(await orders.countDocuments());`,
      output: null,
      errors: [leak('client', 'mongodb', 'client', 3, 16)],
    },
  ],
});
