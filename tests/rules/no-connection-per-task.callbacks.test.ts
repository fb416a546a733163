/**
 * no-connection-per-task with closes written in callbacks: a close in a callback that
 * settles the connection (its factory's or connect step's callback, a query's callback, a
 * promise chain's handlers) counts for the paths that callback runs on; a path it leaves
 * open (`if (err) return;` before the close) is still open.
 */
import type { InvalidTestCase } from '@typescript-eslint/rule-tester';
import rule from '../../rules/no-connection-per-task.js';
import { cjsTester, esmTester, tsTester } from '../setup-rule-tester.js';

type MessageId = 'poolPerTask' | 'closedPoolPerTask' | 'clientPerTask' | 'runOnceLeak' | 'hoist';

const PORT = 'the `parentPort` message handler';
const PROCESS = 'the `process` message handler';

interface Finding {
  readonly code: string;
  readonly messageId: Exclude<MessageId, 'hoist'>;
  readonly name: string;
  readonly library: string;
  readonly noun: string;
  readonly task?: string;
  readonly line: number;
}

/** None of these can be hoisted: each task closes (or opens) its own connection. */
function finding(f: Finding): InvalidTestCase<MessageId, []> {
  return {
    code: f.code,
    output: null,
    errors: [{ messageId: f.messageId, line: f.line, data: { name: f.name, library: f.library, noun: f.noun, task: f.task ?? '' }, suggestions: [] }],
  };
}

const lines = (...parts: string[]): string => parts.join('\n');

const esmCases = {
  valid: [
    // Closed first thing in the query's callback: whichever way the query ends.
    lines(
      `import { parentPort } from 'node:worker_threads';`,
      `import mysql from 'mysql2';`,
      `parentPort.on('message', (sql) => {`,
      `  const conn = mysql.createConnection(process.env.DB);`,
      `  conn.query(sql, (err, rows) => {`,
      `    conn.end();`,
      `    parentPort.postMessage(err ? { error: err.message } : rows);`,
      `  });`,
      `});`,
    ),
    // The connect step's error branch holds no connection; the query's callback closes it.
    lines(
      `import { parentPort } from 'node:worker_threads';`,
      `import pg from 'pg';`,
      `parentPort.on('message', (id) => {`,
      `  const client = new pg.Client();`,
      `  client.connect((err) => {`,
      `    if (err) return parentPort.postMessage({ error: err.message });`,
      `    client.query('select $1::int as id', [id], (queryErr, res) => {`,
      `      parentPort.postMessage(queryErr ? null : res.rows);`,
      `      client.end();`,
      `    });`,
      `  });`,
      `});`,
    ),
    // Closed in both branches of the callback.
    lines(
      `import { parentPort } from 'node:worker_threads';`,
      `import mysql from 'mysql2';`,
      `parentPort.on('message', (sql) => {`,
      `  const conn = mysql.createConnection(process.env.DB);`,
      `  conn.query(sql, (err, rows) => {`,
      `    if (err) { conn.destroy(); parentPort.postMessage(null); } else { parentPort.postMessage(rows); conn.end(); }`,
      `  });`,
      `});`,
    ),
    // A socket ended in its own connect callback: it holds nothing until it connects.
    lines(
      `import net from 'node:net';`,
      `process.on('message', ({ port, host, line }) => {`,
      `  const socket = net.connect(port, host, () => socket.end(line));`,
      `});`,
    ),
    // Run-once: the callback-form client is closed in the nested callback; a failed connect throws and holds none.
    lines(
      `import { workerData, parentPort } from 'node:worker_threads';`,
      `import { MongoClient } from 'mongodb';`,
      `MongoClient.connect(workerData.url, { maxPoolSize: 1 }, (err, client) => {`,
      `  if (err) throw err;`,
      `  const events = client.db('app').collection('events');`,
      `  events.insertOne(workerData.event, () => {});`,
      `  events.countDocuments({}, (countErr, n) => {`,
      `    parentPort.postMessage(countErr ? -1 : n);`,
      `    client.close();`,
      `  });`,
      `});`,
    ),
    // Run-once: closed in the fulfilled and in the rejected handler of the chain.
    lines(
      `import { workerData, parentPort } from 'node:worker_threads';`,
      `import pg from 'pg';`,
      `const client = new pg.Client(workerData.db);`,
      `client.connect();`,
      `client.query('insert into hits (n) values ($1)', [workerData.n]).then(`,
      `  () => { parentPort.postMessage('ok'); client.end(); },`,
      `  () => { parentPort.postMessage('failed'); client.end(); },`,
      `);`,
    ),
    // Run-once: a pool ended after its checkout's query, and on the checkout's error path.
    lines(
      `import { workerData, parentPort } from 'node:worker_threads';`,
      `import mysql from 'mysql2';`,
      `const pool = mysql.createPool(workerData.dsn);`,
      `pool.getConnection((err, conn) => {`,
      `  if (err) { pool.end(); return; }`,
      `  conn.query('select 1', (queryErr, rows) => {`,
      `    conn.release();`,
      `    parentPort.postMessage(rows);`,
      `    pool.end();`,
      `  });`,
      `});`,
    ),
  ],
  invalid: [
    // The query's error path returns before the close.
    finding({
      code: lines(
        `import { parentPort } from 'node:worker_threads';`,
        `import mysql from 'mysql2';`,
        `parentPort.on('message', (sql) => {`,
        `  const conn = mysql.createConnection(process.env.DB);`,
        `  conn.query(sql, (err, rows) => {`,
        `    if (err) return;`,
        `    parentPort.postMessage(rows);`,
        `    conn.end();`,
        `  });`,
        `});`,
      ),
      messageId: 'clientPerTask', name: 'conn', library: 'mysql2', noun: 'connection', task: PORT, line: 4,
    }),
    // Ended in the connect callback only when there is a line to send.
    finding({
      code: lines(
        `import net from 'node:net';`,
        `process.on('message', ({ port, host, line }) => {`,
        `  const socket = net.connect(port, host, () => { if (line) socket.end(line); });`,
        `});`,
      ),
      messageId: 'clientPerTask', name: 'socket', library: 'net', noun: 'socket', task: PROCESS, line: 3,
    }),
    // Run-once: the nested callback closes only on success.
    finding({
      code: lines(
        `import { workerData, parentPort } from 'node:worker_threads';`,
        `import { MongoClient } from 'mongodb';`,
        `MongoClient.connect(workerData.url, (err, client) => {`,
        `  if (err) throw err;`,
        `  client.db('app').collection('events').insertOne(workerData.event, (insertErr) => {`,
        `    if (insertErr) return parentPort.postMessage('failed');`,
        `    parentPort.postMessage('saved');`,
        `    client.close();`,
        `  });`,
        `});`,
      ),
      messageId: 'runOnceLeak', name: 'client', library: 'mongodb', noun: 'client', line: 3,
    }),
    // A helper's callback-form client, closed in the nested callback: still a whole pool per task.
    finding({
      code: lines(
        `import { parentPort } from 'node:worker_threads';`,
        `import { MongoClient } from 'mongodb';`,
        `function store(doc) {`,
        `  MongoClient.connect(process.env.MONGO_URL, (err, client) => {`,
        `    if (err) throw err;`,
        `    client.db('app').collection('docs').insertOne(doc, () => client.close());`,
        `  });`,
        `}`,
        `parentPort.on('message', (doc) => store(doc));`,
      ),
      messageId: 'closedPoolPerTask', name: 'client', library: 'mongodb', noun: 'client', task: PORT, line: 4,
    }),
    // Only the rejected handler closes.
    finding({
      code: lines(
        `import { parentPort } from 'node:worker_threads';`,
        `import pg from 'pg';`,
        `parentPort.on('message', (id) => {`,
        `  const client = new pg.Client();`,
        `  client.connect().then(() => client.query('select $1', [id])).then((r) => parentPort.postMessage(r.rows)).catch(() => client.end());`,
        `});`,
      ),
      messageId: 'clientPerTask', name: 'client', library: 'pg', noun: 'client', task: PORT, line: 4,
    }),
  ],
};
esmTester.run('no-connection-per-task, closes in callbacks (ESM)', rule, esmCases as never);

const cjsCases = {
  valid: [
    // Run-once: `.then` and `.catch` of the query both close.
    lines(
      `const { parentPort, workerData } = require('worker_threads');`,
      `const { Client } = require('pg');`,
      `const client = new Client(workerData.db);`,
      `client.connect();`,
      `client.query('insert into hits (n) values ($1)', [workerData.n])`,
      `  .then(() => { parentPort.postMessage('ok'); client.end(); })`,
      `  .catch(() => { parentPort.postMessage('failed'); client.end(); });`,
    ),
    // Callback API of amqplib: the connection closes in the channel's callback.
    lines(
      `const amqp = require('amqplib/callback_api');`,
      `process.on('message', (job) => {`,
      `  amqp.connect(process.env.AMQP_URL, (err, conn) => {`,
      `    if (err) return process.send({ error: err.message });`,
      `    conn.createChannel((chErr, channel) => {`,
      `      if (!chErr) channel.sendToQueue('jobs', Buffer.from(JSON.stringify(job)));`,
      `      conn.close();`,
      `    });`,
      `  });`,
      `});`,
    ),
  ],
  invalid: [
    // Run-once: the `.catch` forgets the close.
    finding({
      code: lines(
        `const { parentPort, workerData } = require('worker_threads');`,
        `const { Client } = require('pg');`,
        `const client = new Client(workerData.db);`,
        `client.connect();`,
        `client.query('insert into hits (n) values ($1)', [workerData.n])`,
        `  .then(() => { parentPort.postMessage('ok'); client.end(); })`,
        `  .catch(() => { parentPort.postMessage('failed'); });`,
      ),
      messageId: 'runOnceLeak', name: 'client', library: 'pg', noun: 'client', line: 3,
    }),
  ],
};
cjsTester.run('no-connection-per-task, closes in callbacks (CommonJS)', rule, cjsCases as never);

const tsCases = {
  valid: [
    lines(
      `import { parentPort } from 'node:worker_threads';`,
      `import mysql, { type QueryError } from 'mysql2';`,
      `parentPort?.on('message', (sql: string) => {`,
      `  const conn = mysql.createConnection(process.env.DB as string);`,
      `  conn.query(sql, (err: QueryError | null, rows: unknown) => {`,
      `    conn.end();`,
      `    parentPort?.postMessage(err ? null : rows);`,
      `  });`,
      `});`,
    ),
  ],
  invalid: [
    finding({
      code: lines(
        `import { parentPort } from 'node:worker_threads';`,
        `import mysql, { type QueryError } from 'mysql2';`,
        `parentPort?.on('message', (sql: string) => {`,
        `  const conn = mysql.createConnection(process.env.DB as string);`,
        `  conn.query(sql, (err: QueryError | null, rows: unknown) => {`,
        `    if (err) {`,
        `      console.error(err);`,
        `      return;`,
        `    }`,
        `    conn.end();`,
        `    parentPort?.postMessage(rows);`,
        `  });`,
        `});`,
      ),
      messageId: 'clientPerTask', name: 'conn', library: 'mysql2', noun: 'connection', task: PORT, line: 4,
    }),
  ],
};
tsTester.run('no-connection-per-task, closes in callbacks (TypeScript)', rule, tsCases as never);
