import type { InvalidTestCase } from '@typescript-eslint/rule-tester';
import rule from '../../rules/no-connection-per-task.js';
import { cjsTester, esmTester, tsTester } from '../setup-rule-tester.js';
import { checkFixedOutputs } from '../helpers/fixed-outputs.js';

type MessageId = 'poolPerTask' | 'closedPoolPerTask' | 'clientPerTask' | 'runOnceLeak' | 'hoist';

// Relative: the RuleTester lints them from the working directory, as ESLint would.
const WORKER_FILE = 'src/workers/task.js';
const workerFiles = { 'fork-safe': { workerFiles: ['src/workers/**'] } };

const PORT = 'the `parentPort` message handler';
const PROCESS = 'the `process` message handler';

interface Finding {
  readonly code: string;
  readonly messageId: Exclude<MessageId, 'hoist'>;
  readonly name: string;
  readonly library: string;
  readonly noun: string;
  readonly task?: string;
  /** The output of the hoist suggestion, when there is one. */
  readonly hoisted?: string;
  readonly filename?: string;
  readonly settings?: Record<string, unknown>;
  readonly line?: number;
}

function finding(f: Finding): InvalidTestCase<MessageId, []> {
  return {
    code: f.code,
    ...(f.filename ? { filename: f.filename } : {}),
    ...(f.settings ? { settings: f.settings } : {}),
    output: null,
    errors: [
      {
        messageId: f.messageId,
        ...(f.line ? { line: f.line } : {}),
        data: { name: f.name, library: f.library, noun: f.noun, task: f.task ?? '' },
        suggestions: f.hoisted ? [{ messageId: 'hoist', data: { name: f.name }, output: f.hoisted }] : [],
      },
    ],
  };
}

const lines = (...parts: string[]): string => parts.join('\n');

const esmCases = {
  valid: [
    // One pool per tenant, cached by a helper the task calls: kept for the worker's life.
    `import { parentPort } from 'node:worker_threads';
     import pg from 'pg';
     const pools = new Map();
     function poolFor(dsn) {
       let p = pools.get(dsn);
       if (!p) { p = new pg.Pool({ connectionString: dsn, max: 2 }); pools.set(dsn, p); }
       return p;
     }
     parentPort.on('message', async ({ dsn, id }) => {
       parentPort.postMessage((await poolFor(dsn).query('select * from t where id = $1', [id])).rows);
     });
     parentPort.on('close', () => { for (const p of pools.values()) p.end(); });`,
    // A run-once handler that exits on every path; the `return` of a helper declared in it is not the handler's.
    `import { parentPort } from 'node:worker_threads';
     import pg from 'pg';
     parentPort.on('message', async (msg) => {
       function label(x) { return String(x); }
       const client = new pg.Client();
       await client.connect();
       const r = await client.query('select $1', [label(msg)]);
       parentPort.postMessage(r.rows);
       process.exit(0);
     });`,
    // One pool per worker, at module scope.
    lines(
      `import { parentPort } from 'node:worker_threads';`,
      `import pg from 'pg';`,
      `const pool = new pg.Pool();`,
      `parentPort.on('message', async (id) => parentPort.postMessage((await pool.query('select $1', [id])).rows));`,
    ),
    // Checkouts that are released.
    lines(
      `import { parentPort } from 'node:worker_threads';`,
      `import pg from 'pg';`,
      `const pool = new pg.Pool();`,
      `parentPort.on('message', async () => {`,
      `  const client = await pool.connect();`,
      `  try { await client.query('select 1'); } finally { client.release(); }`,
      `});`,
    ),
    lines(
      `import { parentPort } from 'node:worker_threads';`,
      `import mysql from 'mysql2/promise';`,
      `const pool = mysql.createPool({});`,
      `parentPort.on('message', async () => { const conn = await pool.getConnection(); try { await conn.query('select 1'); } finally { conn.release(); } });`,
    ),
    // Clients closed in `finally`.
    lines(
      `import { parentPort } from 'node:worker_threads';`,
      `import pg from 'pg';`,
      `parentPort.on('message', async (id) => {`,
      `  const client = new pg.Client();`,
      `  await client.connect();`,
      `  try { parentPort.postMessage(await client.query('select $1', [id])); } finally { await client.end(); }`,
      `});`,
    ),
    lines(
      `import Redis from 'ioredis';`,
      `process.on('message', async (key) => {`,
      `  const sub = new Redis();`,
      `  try {`,
      `    await sub.subscribe(key);`,
      `    process.send(await new Promise((resolve) => sub.once('message', (_c, m) => resolve(m))));`,
      `  } finally {`,
      `    await sub.quit();`,
      `  }`,
      `});`,
    ),
    // try and catch both close.
    lines(
      `import mysql from 'mysql2/promise';`,
      `process.on('message', async (sql) => {`,
      `  const conn = await mysql.createConnection(process.env.DB);`,
      `  try {`,
      `    process.send(await conn.query(sql));`,
      `    await conn.end();`,
      `  } catch (err) {`,
      `    await conn.end();`,
      `    throw err;`,
      `  }`,
      `});`,
    ),
    // A null-checked close in finally.
    lines(
      `import { parentPort } from 'node:worker_threads';`,
      `import amqp from 'amqplib';`,
      `parentPort.on('message', async (msg) => {`,
      `  let conn;`,
      `  try { conn = await amqp.connect('amqp://x'); } finally { if (conn) await conn.close(); }`,
      `});`,
    ),
    // Lazily made per-worker singletons.
    lines(
      `import { parentPort } from 'node:worker_threads';`,
      `import pg from 'pg';`,
      `let pool;`,
      `parentPort.on('message', async (id) => {`,
      `  pool ??= new pg.Pool();`,
      `  parentPort.postMessage(await pool.query('select $1', [id]));`,
      `});`,
    ),
    lines(
      `import { parentPort } from 'node:worker_threads';`,
      `import Redis from 'ioredis';`,
      `let redis;`,
      `parentPort.on('message', async (key) => {`,
      `  if (!redis) redis = new Redis();`,
      `  parentPort.postMessage(await redis.get(key));`,
      `});`,
    ),
    lines(
      `import workerpool from 'workerpool';`,
      `import knex from 'knex';`,
      `let db;`,
      `workerpool.worker({ count: async () => { db = db || knex({ client: 'pg' }); return db('t').count(); } });`,
    ),
    lines(
      `import { expose } from 'threads/worker';`,
      `import { MongoClient } from 'mongodb';`,
      `let client;`,
      `expose(async () => {`,
      `  if (client === undefined) {`,
      `    client = new MongoClient(process.env.MONGO_URL);`,
      `  }`,
      `  return client.db().collection('a').countDocuments();`,
      `});`,
    ),
    // A per-tenant cache: the pool is kept for the next task.
    lines(
      `import { parentPort } from 'node:worker_threads';`,
      `import pg from 'pg';`,
      `const pools = new Map();`,
      `parentPort.on('message', async ({ tenant, sql }) => {`,
      `  let pool = pools.get(tenant);`,
      `  if (!pool) { pool = new pg.Pool({ database: tenant }); pools.set(tenant, pool); }`,
      `  parentPort.postMessage(await pool.query(sql));`,
      `});`,
    ),
    // Factories outside task functions.
    lines(
      `import pg from 'pg';`,
      `export async function handler(req) {`,
      `  const pool = new pg.Pool();`,
      `  return pool.query('select 1');`,
      `}`,
    ),
    lines(
      `import Redis from 'ioredis';`,
      `export function makeClient() { return new Redis(); }`,
    ),
    // Lazy clients that the task never connects: no socket opened.
    lines(
      `import { parentPort } from 'node:worker_threads';`,
      `import { createClient } from 'redis';`,
      `parentPort.on('message', () => { const client = createClient(); parentPort.postMessage(typeof client); });`,
    ),
    lines(
      `import { parentPort } from 'node:worker_threads';`,
      `import Redis from 'ioredis';`,
      `parentPort.on('message', () => { const r = new Redis({ lazyConnect: true }); parentPort.postMessage(r.status); });`,
    ),
    // The connection is handed on: its owner closes it.
    lines(
      `import { parentPort } from 'node:worker_threads';`,
      `import Redis from 'ioredis';`,
      `const clients = [];`,
      `parentPort.on('message', () => { const r = new Redis(); clients.push(r); });`,
    ),
    // A run-once worker that connects, works and closes.
    lines(
      `import { workerData, parentPort } from 'node:worker_threads';`,
      `import pg from 'pg';`,
      `const client = new pg.Client(workerData.url);`,
      `await client.connect();`,
      `parentPort.postMessage((await client.query('select 1')).rows);`,
      `await client.end();`,
    ),
    lines(
      `import Redis from 'ioredis';`,
      `process.once('message', async (key) => {`,
      `  const redis = new Redis();`,
      `  process.send(await redis.get(key));`,
      `  await redis.quit();`,
      `});`,
    ),
    // A run-once worker that ends itself: exit closes every socket.
    lines(
      `import { workerData } from 'node:worker_threads';`,
      `import Redis from 'ioredis';`,
      `const redis = new Redis();`,
      `await redis.set(workerData.key, '1');`,
      `process.exit(0);`,
    ),
    lines(
      `import mysql from 'mysql2/promise';`,
      `process.on('message', async (sql) => {`,
      `  const conn = await mysql.createConnection(process.env.DB);`,
      `  process.send(await conn.query(sql));`,
      `  process.exit(0);`,
      `});`,
    ),
    // A long-lived worker: a server or a subscription keeps it running on purpose.
    lines(
      `import { workerData } from 'node:worker_threads';`,
      `import http from 'node:http';`,
      `import Redis from 'ioredis';`,
      `const redis = new Redis(workerData.url);`,
      `http.createServer(async (req, res) => res.end(await redis.get('x'))).listen(0);`,
    ),
    lines(
      `import { workerData, parentPort } from 'node:worker_threads';`,
      `import Redis from 'ioredis';`,
      `const sub = new Redis(workerData.url);`,
      `await sub.subscribe('news');`,
      `sub.on('message', (_c, m) => parentPort.postMessage(m));`,
    ),
    // Long-lived child process with tasks keeps its per-worker connections.
    lines(
      `import pg from 'pg';`,
      `import Redis from 'ioredis';`,
      `const db = new pg.Pool({ max: 2 });`,
      `const redis = new Redis(process.env.REDIS_URL);`,
      `process.on('message', async (msg) => {`,
      `  if (msg.type === 'shutdown') { await db.end(); process.exit(0); }`,
      `  await redis.append(msg.key, (await db.query('select 1')).rows.join(''));`,
      `});`,
    ),
    // A module imported by workers (it exports): not a run-once entry.
    lines(
      `import { workerData } from 'node:worker_threads';`,
      `import Redis from 'ioredis';`,
      `export const redis = new Redis(workerData.url);`,
    ),
    // A file that runs in both roles (isMainThread): roles are another rule's business.
    lines(
      `import { isMainThread, workerData } from 'node:worker_threads';`,
      `import Redis from 'ioredis';`,
      `if (!isMainThread) { const r = new Redis(workerData.url); await r.set('k', '1'); }`,
    ),
    // Not a worker at all: a piscina or workerpool instance named pool in a message handler of a child.
    lines(
      `import Piscina from 'piscina';`,
      `import { fork } from 'node:child_process';`,
      `const child = fork('./c.js');`,
      `child.on('message', async (job) => { const pool = new Piscina({ filename: './w.js' }); await pool.run(job); });`,
    ),
    // A bullmq processor that closes its per-job subscriber in finally.
    lines(
      `import { Worker } from 'bullmq';`,
      `import Redis from 'ioredis';`,
      `new Worker('export-wait', async (job) => {`,
      `  const sub = new Redis(process.env.REDIS_URL);`,
      `  try {`,
      `    await sub.subscribe(job.data.channel);`,
      `    return await new Promise((resolve) => sub.once('message', (_c, key) => resolve(key)));`,
      `  } finally {`,
      `    await sub.quit();`,
      `  }`,
      `}, { connection: {} });`,
    ),
    // A pool passed straight into another tracked factory is judged there.
    lines(
      `import { Worker } from 'bullmq';`,
      `import pg from 'pg';`,
      `const pool = new pg.Pool();`,
      `new Worker('q', async () => pool.query('select 1'), { connection: {} });`,
    ),
    // A task that returns its client to the runner.
    lines(
      `import { expose } from 'threads/worker';`,
      `import Redis from 'ioredis';`,
      `expose({ open: () => new Redis() });`,
    ),
    // A handler of a MessageChannel port, not a worker task.
    lines(
      `import { MessageChannel } from 'node:worker_threads';`,
      `import pg from 'pg';`,
      `const { port1 } = new MessageChannel();`,
      `port1.on('message', async () => { const pool = new pg.Pool(); await pool.query('select 1'); });`,
    ),
    // mongoose.connect() again hands back the same default connection.
    lines(
      `import { parentPort } from 'node:worker_threads';`,
      `import mongoose from 'mongoose';`,
      `parentPort.on('message', async (url) => { await mongoose.connect(url); parentPort.postMessage(await mongoose.model('A').countDocuments()); });`,
    ),
    // A pool opened and closed by a run-once worker.
    lines(
      `import { workerData, parentPort } from 'node:worker_threads';`,
      `import mysql from 'mysql2/promise';`,
      `const pool = mysql.createPool(workerData.db);`,
      `try { parentPort.postMessage(await pool.query('select 1')); } finally { await pool.end(); }`,
    ),
    // A run-once worker whose lazy pg pool closes its own idle clients.
    lines(
      `import { workerData, parentPort } from 'node:worker_threads';`,
      `import pg from 'pg';`,
      `const pool = new pg.Pool({ connectionString: workerData.url });`,
      `parentPort.postMessage((await pool.query('select 1')).rows);`,
    ),
    // A duplicate made once per worker.
    lines(
      `import { parentPort } from 'node:worker_threads';`,
      `import Redis from 'ioredis';`,
      `const base = new Redis();`,
      `const sub = base.duplicate();`,
      `parentPort.on('message', async (k) => parentPort.postMessage(await sub.get(k)));`,
    ),
  ],
  invalid: [
    // Its configuration is declared after the task: hoisting would read it before it exists.
    finding({
      code: lines(
        `import { parentPort } from 'node:worker_threads';`,
        `import pg from 'pg';`,
        `parentPort.on('message', async (msg) => {`,
        `  const pool = new pg.Pool(config);`,
        `  const r = await pool.query('select 1');`,
        `  parentPort.postMessage(r.rows);`,
        `});`,
        `const config = { max: 2 };`,
      ),
      messageId: 'poolPerTask', name: 'pool', library: 'pg', noun: 'pool', task: PORT, line: 4,
    }),
    // examples/src/queue/report-processor.js: a pool per job.
    finding({
      code: lines(
        `import { Worker } from 'bullmq';`,
        `import pg from 'pg';`,
        `new Worker('reports', async (job) => {`,
        `  const replica = new pg.Pool({ connectionString: process.env.REPLICA_URL });`,
        `  const { rows } = await replica.query('select $1', [job.data.day]);`,
        `  return rows;`,
        `}, { connection: {} });`,
      ),
      messageId: 'poolPerTask', name: 'replica', library: 'pg', noun: 'pool', task: "the processor of bullmq queue 'reports'",
      hoisted: lines(
        `import { Worker } from 'bullmq';`,
        `import pg from 'pg';`,
        `const replica = new pg.Pool({ connectionString: process.env.REPLICA_URL });`,
        ``,
        `new Worker('reports', async (job) => {`,
        `  const { rows } = await replica.query('select $1', [job.data.day]);`,
        `  return rows;`,
        `}, { connection: {} });`,
      ),
    }),
    // A client closed on one path only.
    finding({
      code: lines(
        `import { Worker } from 'bullmq';`,
        `import Redis from 'ioredis';`,
        `new Worker('report-notify', async (job) => {`,
        `  const pub = new Redis(process.env.REDIS_URL);`,
        `  const listeners = await pub.publish('user', JSON.stringify(job.data));`,
        `  if (listeners === 0) return { delivered: false };`,
        `  await pub.quit();`,
        `  return { delivered: true };`,
        `}, { connection: {} });`,
      ),
      messageId: 'clientPerTask', name: 'pub', library: 'ioredis', noun: 'client', task: "the processor of bullmq queue 'report-notify'",
    }),
    // A pool per task even when it is closed.
    finding({
      code: lines(
        `import { parentPort } from 'node:worker_threads';`,
        `import pg from 'pg';`,
        `parentPort.on('message', async (id) => {`,
        `  const pool = new pg.Pool();`,
        `  try { parentPort.postMessage(await pool.query('select $1', [id])); } finally { await pool.end(); }`,
        `});`,
      ),
      messageId: 'closedPoolPerTask', name: 'pool', library: 'pg', noun: 'pool', task: PORT,
    }),
    finding({
      code: lines(
        `import { parentPort } from 'node:worker_threads';`,
        `import pg from 'pg';`,
        `parentPort.on('message', async (id) => {`,
        `  const client = new pg.Client();`,
        `  await client.connect();`,
        `  parentPort.postMessage(await client.query('select $1', [id]));`,
        `});`,
      ),
      messageId: 'clientPerTask', name: 'client', library: 'pg', noun: 'client', task: PORT,
    }),
    // A close on the success path only: a thrown query leaks it.
    finding({
      code: lines(
        `import { parentPort } from 'node:worker_threads';`,
        `import pg from 'pg';`,
        `parentPort.on('message', async (id) => {`,
        `  const client = new pg.Client();`,
        `  await client.connect();`,
        `  const { rows } = await client.query('select $1', [id]);`,
        `  await client.end();`,
        `  parentPort.postMessage(rows);`,
        `});`,
      ),
      messageId: 'clientPerTask', name: 'client', library: 'pg', noun: 'client', task: PORT,
    }),
    finding({
      code: lines(
        `import mysql from 'mysql2/promise';`,
        `process.on('message', async (sql) => {`,
        `  const conn = await mysql.createConnection(process.env.DB);`,
        `  process.send(await conn.query(sql));`,
        `});`,
      ),
      messageId: 'clientPerTask', name: 'conn', library: 'mysql2', noun: 'connection', task: PROCESS,
      hoisted: lines(
        `import mysql from 'mysql2/promise';`,
        `const conn = await mysql.createConnection(process.env.DB);`,
        ``,
        `process.on('message', async (sql) => {`,
        `  process.send(await conn.query(sql));`,
        `});`,
      ),
    }),
    finding({
      code: lines(
        `import mysql from 'mysql2';`,
        `process.on('message', (sql) => {`,
        `  const pool = mysql.createPool({ uri: process.env.DB });`,
        `  pool.query(sql, (err, rows) => process.send(rows));`,
        `});`,
      ),
      messageId: 'poolPerTask', name: 'pool', library: 'mysql2', noun: 'pool', task: PROCESS,
      hoisted: lines(
        `import mysql from 'mysql2';`,
        `const pool = mysql.createPool({ uri: process.env.DB });`,
        ``,
        `process.on('message', (sql) => {`,
        `  pool.query(sql, (err, rows) => process.send(rows));`,
        `});`,
      ),
    }),
    finding({
      code: lines(
        `import workerpool from 'workerpool';`,
        `import { MongoClient } from 'mongodb';`,
        `workerpool.worker({`,
        `  async count(url) {`,
        `    const client = new MongoClient(url);`,
        `    return client.db().collection('orders').countDocuments();`,
        `  },`,
        `});`,
      ),
      messageId: 'poolPerTask', name: 'client', library: 'mongodb', noun: 'client', task: 'workerpool task `count`',
    }),
    finding({
      code: lines(
        `import workerpool from 'workerpool';`,
        `import mongoose from 'mongoose';`,
        `async function tally() {`,
        `  const conn = mongoose.createConnection(process.env.MONGO_URL);`,
        `  return conn.model('Order').countDocuments();`,
        `}`,
        `workerpool.worker({ tally });`,
      ),
      messageId: 'poolPerTask', name: 'conn', library: 'mongoose', noun: 'connection', task: 'workerpool task `tally`',
      hoisted: lines(
        `import workerpool from 'workerpool';`,
        `import mongoose from 'mongoose';`,
        `const conn = mongoose.createConnection(process.env.MONGO_URL);`,
        ``,
        `async function tally() {`,
        `  return conn.model('Order').countDocuments();`,
        `}`,
        `workerpool.worker({ tally });`,
      ),
    }),
    finding({
      code: lines(
        `import { expose } from 'threads/worker';`,
        `import knex from 'knex';`,
        `expose(async (id) => {`,
        `  const db = knex({ client: 'pg', connection: process.env.DB });`,
        `  return db('orders').where({ id }).first();`,
        `});`,
      ),
      messageId: 'poolPerTask', name: 'db', library: 'knex', noun: 'instance', task: 'the threads.js task',
      hoisted: lines(
        `import { expose } from 'threads/worker';`,
        `import knex from 'knex';`,
        `const db = knex({ client: 'pg', connection: process.env.DB });`,
        ``,
        `expose(async (id) => {`,
        `  return db('orders').where({ id }).first();`,
        `});`,
      ),
    }),
    finding({
      code: lines(
        `import { expose } from 'threads/worker';`,
        `import { createClient } from 'redis';`,
        `expose({`,
        `  async hit(key) {`,
        `    const redis = createClient();`,
        `    await redis.connect();`,
        `    return redis.incr(key);`,
        `  },`,
        `});`,
      ),
      messageId: 'clientPerTask', name: 'redis', library: 'redis', noun: 'client', task: 'threads.js task `hit`',
    }),
    finding({
      code: lines(
        `import { ThreadWorker } from 'poolifier';`,
        `import { PrismaClient } from '@prisma/client';`,
        `export default new ThreadWorker(async ({ id }) => {`,
        `  const prisma = new PrismaClient();`,
        `  return prisma.order.findUnique({ where: { id } });`,
        `});`,
      ),
      messageId: 'poolPerTask', name: 'prisma', library: '@prisma/client', noun: 'client', task: 'the poolifier task',
      hoisted: lines(
        `import { ThreadWorker } from 'poolifier';`,
        `import { PrismaClient } from '@prisma/client';`,
        `const prisma = new PrismaClient();`,
        ``,
        `export default new ThreadWorker(async ({ id }) => {`,
        `  return prisma.order.findUnique({ where: { id } });`,
        `});`,
      ),
    }),
    finding({
      code: lines(
        `import { ClusterWorker } from 'poolifier';`,
        `import { Sequelize } from 'sequelize';`,
        `export default new ClusterWorker({`,
        `  count: async () => {`,
        `    const sequelize = new Sequelize(process.env.DB);`,
        `    return sequelize.query('select 1');`,
        `  },`,
        `});`,
      ),
      messageId: 'poolPerTask', name: 'sequelize', library: 'sequelize', noun: 'instance', task: 'poolifier task `count`',
      hoisted: lines(
        `import { ClusterWorker } from 'poolifier';`,
        `import { Sequelize } from 'sequelize';`,
        `const sequelize = new Sequelize(process.env.DB);`,
        ``,
        `export default new ClusterWorker({`,
        `  count: async () => {`,
        `    return sequelize.query('select 1');`,
        `  },`,
        `});`,
      ),
    }),
    finding({
      code: lines(
        `import { Worker } from 'bullmq';`,
        `import { DataSource } from 'typeorm';`,
        `new Worker('audit', async (job) => {`,
        `  const source = new DataSource({ type: 'postgres', url: job.data.url });`,
        `  await source.initialize();`,
        `  return source.query('select 1');`,
        `}, { connection: {} });`,
      ),
      messageId: 'poolPerTask', name: 'source', library: 'typeorm', noun: 'data source', task: "the processor of bullmq queue 'audit'",
    }),
    finding({
      code: lines(
        `import { parentPort } from 'node:worker_threads';`,
        `import postgres from 'postgres';`,
        `parentPort.on('message', async (id) => {`,
        `  const sql = postgres(process.env.DB);`,
        '  parentPort.postMessage(await sql`select ${id}`);',
        `});`,
      ),
      messageId: 'poolPerTask', name: 'sql', library: 'postgres', noun: 'pool', task: PORT,
      hoisted: lines(
        `import { parentPort } from 'node:worker_threads';`,
        `import postgres from 'postgres';`,
        `const sql = postgres(process.env.DB);`,
        ``,
        `parentPort.on('message', async (id) => {`,
        '  parentPort.postMessage(await sql`select ${id}`);',
        `});`,
      ),
    }),
    finding({
      code: lines(
        `import { parentPort } from 'node:worker_threads';`,
        `import { Kysely, PostgresDialect } from 'kysely';`,
        `parentPort.on('message', async () => {`,
        `  const db = new Kysely({ dialect: new PostgresDialect({}) });`,
        `  parentPort.postMessage(await db.selectFrom('t').selectAll().execute());`,
        `});`,
      ),
      messageId: 'poolPerTask', name: 'db', library: 'kysely', noun: 'instance', task: PORT,
      hoisted: lines(
        `import { parentPort } from 'node:worker_threads';`,
        `import { Kysely, PostgresDialect } from 'kysely';`,
        `const db = new Kysely({ dialect: new PostgresDialect({}) });`,
        ``,
        `parentPort.on('message', async () => {`,
        `  parentPort.postMessage(await db.selectFrom('t').selectAll().execute());`,
        `});`,
      ),
    }),
    finding({
      code: lines(
        `import amqp from 'amqplib';`,
        `process.on('message', async (msg) => {`,
        `  const connection = await amqp.connect(process.env.AMQP_URL);`,
        `  const channel = await connection.createChannel();`,
        `  channel.sendToQueue('out', Buffer.from(JSON.stringify(msg)));`,
        `});`,
      ),
      messageId: 'clientPerTask', name: 'connection', library: 'amqplib', noun: 'connection', task: PROCESS,
      hoisted: lines(
        `import amqp from 'amqplib';`,
        `const connection = await amqp.connect(process.env.AMQP_URL);`,
        ``,
        `process.on('message', async (msg) => {`,
        `  const channel = await connection.createChannel();`,
        `  channel.sendToQueue('out', Buffer.from(JSON.stringify(msg)));`,
        `});`,
      ),
    }),
    finding({
      code: lines(
        `import { connect } from 'nats';`,
        `process.on('message', async (subject) => {`,
        `  const nc = await connect({ servers: 'nats://localhost' });`,
        `  nc.publish(subject);`,
        `});`,
      ),
      messageId: 'clientPerTask', name: 'nc', library: 'nats', noun: 'connection', task: PROCESS,
      hoisted: lines(
        `import { connect } from 'nats';`,
        `const nc = await connect({ servers: 'nats://localhost' });`,
        ``,
        `process.on('message', async (subject) => {`,
        `  nc.publish(subject);`,
        `});`,
      ),
    }),
    finding({
      code: lines(
        `import { parentPort } from 'node:worker_threads';`,
        `import oracledb from 'oracledb';`,
        `parentPort.on('message', async () => {`,
        `  const pool = await oracledb.createPool({ user: 'u' });`,
        `  const conn = await pool.getConnection();`,
        `  try { await conn.execute('select 1 from dual'); } finally { await conn.close(); }`,
        `});`,
      ),
      messageId: 'poolPerTask', name: 'pool', library: 'oracledb', noun: 'pool', task: PORT,
      hoisted: lines(
        `import { parentPort } from 'node:worker_threads';`,
        `import oracledb from 'oracledb';`,
        `const pool = await oracledb.createPool({ user: 'u' });`,
        ``,
        `parentPort.on('message', async () => {`,
        `  const conn = await pool.getConnection();`,
        `  try { await conn.execute('select 1 from dual'); } finally { await conn.close(); }`,
        `});`,
      ),
    }),
    finding({
      code: lines(
        `import { parentPort } from 'node:worker_threads';`,
        `import Database from 'better-sqlite3';`,
        `parentPort.on('message', (id) => {`,
        `  const db = new Database('app.db');`,
        `  parentPort.postMessage(db.prepare('select * from t where id = ?').get(id));`,
        `});`,
      ),
      messageId: 'clientPerTask', name: 'db', library: 'better-sqlite3', noun: 'database', task: PORT,
      hoisted: lines(
        `import { parentPort } from 'node:worker_threads';`,
        `import Database from 'better-sqlite3';`,
        `const db = new Database('app.db');`,
        ``,
        `parentPort.on('message', (id) => {`,
        `  parentPort.postMessage(db.prepare('select * from t where id = ?').get(id));`,
        `});`,
      ),
    }),
    finding({
      code: lines(
        `import { parentPort } from 'node:worker_threads';`,
        `import cassandra from 'cassandra-driver';`,
        `parentPort.on('message', async (q) => {`,
        `  const client = new cassandra.Client({ contactPoints: ['h1'] });`,
        `  parentPort.postMessage((await client.execute(q)).rows);`,
        `});`,
      ),
      messageId: 'poolPerTask', name: 'client', library: 'cassandra-driver', noun: 'client', task: PORT,
      hoisted: lines(
        `import { parentPort } from 'node:worker_threads';`,
        `import cassandra from 'cassandra-driver';`,
        `const client = new cassandra.Client({ contactPoints: ['h1'] });`,
        ``,
        `parentPort.on('message', async (q) => {`,
        `  parentPort.postMessage((await client.execute(q)).rows);`,
        `});`,
      ),
    }),
    finding({
      code: lines(
        `import { parentPort } from 'node:worker_threads';`,
        `import { Pool } from 'undici';`,
        `parentPort.on('message', async (path) => {`,
        `  const http = new Pool('http://localhost:3000');`,
        `  parentPort.postMessage((await http.request({ path, method: 'GET' })).statusCode);`,
        `});`,
      ),
      messageId: 'poolPerTask', name: 'http', library: 'undici', noun: 'pool', task: PORT,
      hoisted: lines(
        `import { parentPort } from 'node:worker_threads';`,
        `import { Pool } from 'undici';`,
        `const http = new Pool('http://localhost:3000');`,
        ``,
        `parentPort.on('message', async (path) => {`,
        `  parentPort.postMessage((await http.request({ path, method: 'GET' })).statusCode);`,
        `});`,
      ),
    }),
    // A Kafka producer per message.
    finding({
      code: lines(
        `import { parentPort } from 'node:worker_threads';`,
        `import { Kafka } from 'kafkajs';`,
        `const kafka = new Kafka({ brokers: ['k:9092'] });`,
        `parentPort.on('message', async (value) => {`,
        `  const producer = kafka.producer();`,
        `  await producer.connect();`,
        `  await producer.send({ topic: 't', messages: [{ value }] });`,
        `});`,
      ),
      messageId: 'clientPerTask', name: 'producer', library: 'kafkajs', noun: 'producer', task: PORT,
    }),
    // A duplicate per task.
    finding({
      code: lines(
        `import { parentPort } from 'node:worker_threads';`,
        `import Redis from 'ioredis';`,
        `const redis = new Redis();`,
        `parentPort.on('message', async (channel) => {`,
        `  const sub = redis.duplicate();`,
        `  await sub.subscribe(channel);`,
        `});`,
      ),
      messageId: 'clientPerTask', name: 'sub', library: 'ioredis', noun: 'client', task: PORT,
      hoisted: lines(
        `import { parentPort } from 'node:worker_threads';`,
        `import Redis from 'ioredis';`,
        `const redis = new Redis();`,
        `const sub = redis.duplicate();`,
        ``,
        `parentPort.on('message', async (channel) => {`,
        `  await sub.subscribe(channel);`,
        `});`,
      ),
    }),
    // A pool made by a wrapper function, called per task.
    finding({
      code: lines(
        `import { parentPort } from 'node:worker_threads';`,
        `import pg from 'pg';`,
        `function openPool() { return new pg.Pool({ max: 2 }); }`,
        `parentPort.on('message', async (id) => {`,
        `  const db = openPool();`,
        `  parentPort.postMessage(await db.query('select $1', [id]));`,
        `});`,
      ),
      messageId: 'poolPerTask', name: 'db', library: 'pg', noun: 'pool', task: PORT,
      hoisted: lines(
        `import { parentPort } from 'node:worker_threads';`,
        `import pg from 'pg';`,
        `function openPool() { return new pg.Pool({ max: 2 }); }`,
        `const db = openPool();`,
        ``,
        `parentPort.on('message', async (id) => {`,
        `  parentPort.postMessage(await db.query('select $1', [id]));`,
        `});`,
      ),
    }),
    // Unguarded: a new pool replaces the last one in every task.
    finding({
      code: lines(
        `import { parentPort } from 'node:worker_threads';`,
        `import pg from 'pg';`,
        `let pool;`,
        `parentPort.on('message', async (id) => {`,
        `  pool = new pg.Pool();`,
        `  parentPort.postMessage(await pool.query('select $1', [id]));`,
        `});`,
      ),
      messageId: 'poolPerTask', name: 'pool', library: 'pg', noun: 'pool', task: PORT,
    }),
    // A pool inside a nested callback of the task.
    finding({
      code: lines(
        `import { parentPort } from 'node:worker_threads';`,
        `import pg from 'pg';`,
        `parentPort.on('message', (ids) => {`,
        `  Promise.all(ids.map(async (id) => new pg.Pool().query('select $1', [id]))).then((r) => parentPort.postMessage(r));`,
        `});`,
      ),
      messageId: 'poolPerTask', name: 'new pg.Pool()', library: 'pg', noun: 'pool', task: PORT,
    }),
    // Exported tasks of entries named in settings.
    finding({
      code: lines(
        `import pg from 'pg';`,
        `export default async function ({ id }) {`,
        `  const pool = new pg.Pool();`,
        `  return (await pool.query('select $1', [id])).rows;`,
        `}`,
      ),
      messageId: 'poolPerTask', name: 'pool', library: 'pg', noun: 'pool', task: "the worker's default export",
      filename: WORKER_FILE, settings: workerFiles,
      hoisted: lines(
        `import pg from 'pg';`,
        `const pool = new pg.Pool();`,
        ``,
        `export default async function ({ id }) {`,
        `  return (await pool.query('select $1', [id])).rows;`,
        `}`,
      ),
    }),
    finding({
      code: lines(
        `import Redis from 'ioredis';`,
        `export async function warm({ key }) {`,
        `  const redis = new Redis();`,
        `  await redis.set(key, '1');`,
        `}`,
      ),
      messageId: 'clientPerTask', name: 'redis', library: 'ioredis', noun: 'client', task: 'exported task `warm`',
      filename: WORKER_FILE, settings: workerFiles,
      hoisted: lines(
        `import Redis from 'ioredis';`,
        `const redis = new Redis();`,
        ``,
        `export async function warm({ key }) {`,
        `  await redis.set(key, '1');`,
        `}`,
      ),
    }),
    // An argument that is not a module-scope value: no hoist.
    finding({
      code: lines(
        `import Redis from 'ioredis';`,
        `export const warm = async ({ url, key }) => {`,
        `  const redis = new Redis(url);`,
        `  await redis.set(key, '1');`,
        `};`,
      ),
      messageId: 'clientPerTask', name: 'redis', library: 'ioredis', noun: 'client', task: 'exported task `warm`',
      filename: WORKER_FILE, settings: workerFiles,
    }),
    // Run-once workers that leave a connection open.
    finding({
      code: lines(
        `import { workerData, parentPort } from 'node:worker_threads';`,
        `import Redis from 'ioredis';`,
        `const redis = new Redis(workerData.url);`,
        `parentPort.postMessage(await redis.get(workerData.key));`,
      ),
      messageId: 'runOnceLeak', name: 'redis', library: 'ioredis', noun: 'client',
    }),
    finding({
      code: lines(
        `import { workerData, parentPort } from 'node:worker_threads';`,
        `import pg from 'pg';`,
        `const client = new pg.Client(workerData.url);`,
        `await client.connect();`,
        `const { rows } = await client.query('select 1');`,
        `if (rows.length > 0) await client.end();`,
        `parentPort.postMessage(rows);`,
      ),
      messageId: 'runOnceLeak', name: 'client', library: 'pg', noun: 'client',
    }),
    finding({
      code: lines(
        `import Redis from 'ioredis';`,
        `process.once('message', async (key) => {`,
        `  const redis = new Redis();`,
        `  process.send(await redis.get(key));`,
        `});`,
      ),
      messageId: 'runOnceLeak', name: 'redis', library: 'ioredis', noun: 'client',
    }),
    finding({
      code: lines(
        `import { workerData } from 'node:worker_threads';`,
        `import mysql from 'mysql2/promise';`,
        `const pool = mysql.createPool(workerData.db);`,
        `await pool.query('update jobs set done = true where id = ?', [workerData.id]);`,
      ),
      messageId: 'runOnceLeak', name: 'pool', library: 'mysql2', noun: 'pool',
    }),
    finding({
      code: lines(
        `import { workerData, parentPort } from 'node:worker_threads';`,
        `import mysql from 'mysql2/promise';`,
        `const conn = await mysql.createConnection(workerData.db);`,
        `const [rows] = await conn.query('select 1');`,
        `if (rows.length === 0) parentPort.close();`,
        `else await conn.end();`,
      ),
      messageId: 'runOnceLeak', name: 'conn', library: 'mysql2', noun: 'connection',
    }),
    // A run-once child process: forked per job, sends its result, never closes.
    finding({
      code: lines(
        `import amqp from 'amqplib';`,
        `const conn = await amqp.connect(process.env.AMQP_URL);`,
        `const ch = await conn.createChannel();`,
        `await ch.assertQueue('jobs');`,
        `process.send({ ready: true });`,
      ),
      messageId: 'runOnceLeak', name: 'conn', library: 'amqplib', noun: 'connection', line: 2,
    }),
  ],
};
esmTester.run('no-connection-per-task (ESM)', rule, esmCases as never);

const cjsCases = {
  valid: [
    // Closed in the promise form of finally: on success and on failure.
    `const { Client } = require('pg');
     process.on('message', (msg) => {
       const client = new Client({ connectionString: msg.dsn });
       client.connect().then(() => client.query('select count(*) from t'))
         .then((r) => process.send({ n: r.rows[0].count }))
         .catch((e) => process.send({ error: e.message }))
         .finally(() => client.end());
     });`,
    lines(
      `const { parentPort } = require('worker_threads');`,
      `const { Pool } = require('pg');`,
      `const pool = new Pool();`,
      `parentPort.on('message', async (id) => parentPort.postMessage((await pool.query('select $1', [id])).rows));`,
    ),
    {
      code: lines(
        `const Redis = require('ioredis');`,
        `module.exports = async (job) => {`,
        `  const redis = new Redis();`,
        `  try { return await redis.get(job.data.key); } finally { await redis.quit(); }`,
        `};`,
      ),
      filename: WORKER_FILE,
      settings: workerFiles,
    },
    lines(
      `const { Pool } = require('pg');`,
      `module.exports = async function handler() { const pool = new Pool(); return pool.query('select 1'); };`,
    ),
  ],
  invalid: [
    // Closed only when the query succeeds: a failure leaves it open.
    finding({
      code: lines(
        `const { Client } = require('pg');`,
        `process.on('message', (msg) => {`,
        `  const client = new Client({ connectionString: msg.dsn });`,
        `  client.connect().then(() => client.query('select 1'))`,
        `    .then((r) => process.send(r.rows))`,
        `    .then(() => client.end());`,
        `});`,
      ),
      messageId: 'clientPerTask', name: 'client', library: 'pg', noun: 'client', task: PROCESS, line: 3,
    }),
    finding({
      code: lines(
        `const { Pool } = require('pg');`,
        `module.exports = async (job) => {`,
        `  const pool = new Pool();`,
        `  return (await pool.query('select $1', [job.id])).rows;`,
        `};`,
      ),
      messageId: 'poolPerTask', name: 'pool', library: 'pg', noun: 'pool', task: "the worker's exported function",
      filename: WORKER_FILE, settings: workerFiles,
      hoisted: lines(
        `const { Pool } = require('pg');`,
        `const pool = new Pool();`,
        ``,
        `module.exports = async (job) => {`,
        `  return (await pool.query('select $1', [job.id])).rows;`,
        `};`,
      ),
    }),
    // No top-level await in CommonJS: no hoist of an awaited factory.
    finding({
      code: lines(
        `const mysql = require('mysql2/promise');`,
        `process.on('message', async (sql) => {`,
        `  const conn = await mysql.createConnection(process.env.DB);`,
        `  process.send(await conn.query(sql));`,
        `});`,
      ),
      messageId: 'clientPerTask', name: 'conn', library: 'mysql2', noun: 'connection', task: PROCESS,
    }),
    finding({
      code: lines(
        `const workerpool = require('workerpool');`,
        `const knex = require('knex');`,
        `workerpool.worker({ count: () => knex({ client: 'pg' })('t').count() });`,
      ),
      messageId: 'poolPerTask', name: "knex({ client: 'pg' })", library: 'knex', noun: 'instance', task: 'workerpool task `count`',
    }),
  ],
};
cjsTester.run('no-connection-per-task (CommonJS)', rule, cjsCases as never);

const tsCases = {
  valid: [
    lines(
      `import { parentPort } from 'node:worker_threads';`,
      `import Redis from 'ioredis';`,
      `parentPort!.on('message', async (key: string) => {`,
      `  await using redis = Object.assign(new Redis(), { [Symbol.asyncDispose]: async () => { await redis.quit(); } });`,
      `  parentPort!.postMessage(await redis.get(key));`,
      `});`,
    ),
    lines(
      `import { parentPort } from 'node:worker_threads';`,
      `import { Pool } from 'pg';`,
      `let pool: Pool | undefined;`,
      `parentPort?.on('message', async (id: number) => {`,
      `  pool ??= new Pool();`,
      `  parentPort?.postMessage(await pool.query('select $1', [id]));`,
      `});`,
    ),
    // The same lazy holder behind a type assertion.
    lines(
      `import { parentPort } from 'node:worker_threads';`,
      `import { Pool } from 'pg';`,
      `let pool: Pool | undefined;`,
      `parentPort?.on('message', async (id: number) => {`,
      `  pool ??= <Pool>new Pool();`,
      `  parentPort?.postMessage(await pool.query('select $1', [id]));`,
      `});`,
    ),
    // Closed in try and in catch, one close behind \`satisfies\`.
    lines(
      `import { parentPort } from 'node:worker_threads';`,
      `import pg from 'pg';`,
      `parentPort?.on('message', async (id: number) => {`,
      `  const client = new pg.Client();`,
      `  try {`,
      `    await client.connect();`,
      `    parentPort?.postMessage((await client.query('select $1', [id])).rows);`,
      `    (await client.end()) satisfies void;`,
      `  } catch {`,
      `    await client.end();`,
      `  }`,
      `});`,
    ),
    // The promise form of finally, with an optional call and with a type assertion.
    lines(
      `import { parentPort } from 'node:worker_threads';`,
      `import pg from 'pg';`,
      `parentPort?.on('message', (id: number) => {`,
      `  const client: pg.Client | undefined = new pg.Client();`,
      `  client.connect().then(() => client.query('select $1', [id])).finally(() => client?.end());`,
      `});`,
    ),
    lines(
      `import { parentPort } from 'node:worker_threads';`,
      `import pg from 'pg';`,
      `parentPort?.on('message', (id: number) => {`,
      `  const client = new pg.Client();`,
      `  client.connect().then(() => client.query('select $1', [id])).finally(() => client.end() as Promise<void>);`,
      `});`,
    ),
  ],
  invalid: [
    finding({
      code: lines(
        `import { parentPort } from 'node:worker_threads';`,
        `import { Pool } from 'pg';`,
        `parentPort!.on('message', async (id: number) => {`,
        `  const pool: Pool = new Pool();`,
        `  parentPort!.postMessage(await pool.query('select $1', [id]));`,
        `});`,
      ),
      messageId: 'poolPerTask', name: 'pool', library: 'pg', noun: 'pool', task: 'the `parentPort` message handler',
      hoisted: lines(
        `import { parentPort } from 'node:worker_threads';`,
        `import { Pool } from 'pg';`,
        `const pool: Pool = new Pool();`,
        ``,
        `parentPort!.on('message', async (id: number) => {`,
        `  parentPort!.postMessage(await pool.query('select $1', [id]));`,
        `});`,
      ),
    }),
    finding({
      code: lines(
        `import Redis from 'ioredis';`,
        `export default async function (job: { key: string }): Promise<void> {`,
        `  const redis = new Redis() as Redis;`,
        `  await redis.set(job.key, '1');`,
        `}`,
      ),
      messageId: 'clientPerTask', name: 'redis', library: 'ioredis', noun: 'client', task: "the worker's default export",
      filename: 'src/workers/task.ts', settings: workerFiles,
      hoisted: lines(
        `import Redis from 'ioredis';`,
        `const redis = new Redis() as Redis;`,
        ``,
        `export default async function (job: { key: string }): Promise<void> {`,
        `  await redis.set(job.key, '1');`,
        `}`,
      ),
    }),
  ],
};
tsTester.run('no-connection-per-task (TypeScript)', rule, tsCases as never);

checkFixedOutputs('no-connection-per-task', rule as never, { esm: esmCases as never, cjs: cjsCases as never, ts: tsCases as never });
