import type { InvalidTestCase } from '@typescript-eslint/rule-tester';
import rule from '../../rules/no-close-in-worker-task.js';
import { cjsTester, esmTester, tsTester } from '../setup-rule-tester.js';
import { checkFixedOutputs } from '../helpers/fixed-outputs.js';

type MessageId = 'close' | 'removeClose' | 'releaseInstead' | 'moveToHook';

// Relative: the RuleTester lints them from the working directory, as ESLint would.
const WORKER_FILE = 'src/workers/task.js';
const WORKER_FILE_TS = 'src/workers/task.ts';
const workerFiles = { 'fork-safe': { workerFiles: ['src/workers/**'] } };

const fails = (error: string) => `the next task on this worker fails with "${error}"`;
const CONSEQUENCE = {
  pgPool: fails('Cannot use a pool after calling end on the pool'),
  pgClient: fails('Client was closed and is not queryable'),
  mysql2Pool: fails('Pool is closed.'),
  mysql2Connection: fails("Can't add new command when connection is in closed state"),
  mongo: fails('Client must be connected before running operations'),
  mongoose: fails('Client must be connected before running operations'),
  ioredis: fails('Connection is closed.'),
  redis: fails('The client is closed'),
  knex: fails('Unable to acquire a connection'),
  prisma: 'the next task on this worker has to reconnect from scratch, one new connection per task',
  generic: 'the next task on this worker finds it closed and fails',
};

interface Close {
  readonly code: string;
  /** The close statement's whole line, exactly as in `code`. */
  readonly line?: string;
  /** The code without the close, when it does not stand alone on its line. */
  readonly removed?: string;
  readonly name: string;
  readonly library: string;
  readonly noun: string;
  readonly task: string;
  readonly method: string;
  readonly consequence: string;
  readonly helper?: boolean;
  /** The hook the move suggestion registers, e.g. `parentPort.once('close', () => pool.end());`. */
  readonly hook?: string;
  /** A hook that is an option of the registration: its name, and the code with it and without the close. */
  readonly option?: { readonly hook: string; readonly output: string };
  readonly release?: { readonly client: string; readonly release: string; readonly output: string };
  readonly filename?: string;
  readonly settings?: Record<string, unknown>;
}

const hookLabel = (hook: string): string => hook.slice(0, hook.indexOf(',')) + ')';

/** What each listener hook covers, as the move suggestion says it. */
const COVERS: Readonly<Record<string, string>> = {
  close: 'when the worker closes its port, not on `worker.terminate()`',
  disconnect: 'when the parent disconnects or exits, not on `kill()`',
  beforeExit: 'when the event loop runs empty, not on `process.exit()` or a signal',
  closed: 'once `close()` has let the running jobs finish',
};
/** What each hook that is an option of the registration covers. */
const OPTION_COVERS: Readonly<Record<string, string>> = {
  onTerminate: 'when the pool terminates the worker',
  killHandler: 'when the pool destroys the worker (`destroy()`, an idle dynamic worker), for up to a second',
};
const coversOf = (hook: string): string => COVERS[/\.once\('(\w+)'/.exec(hook)![1]!]!;

function closeCase(c: Close): InvalidTestCase<MessageId, []> {
  const suggestions: { messageId: MessageId; data: Record<string, string>; output: string }[] = [];
  if (c.release) suggestions.push({ messageId: 'releaseInstead', data: { client: c.release.client, release: c.release.release }, output: c.release.output });
  if (c.line || c.removed) {
    if (c.line && c.code.split(`\n${c.line}\n`).length !== 2) throw new Error(`test setup: the line must occur once: ${c.line}`);
    const removed = c.removed ?? c.code.replace(`\n${c.line}\n`, '\n');
    suggestions.push({ messageId: 'removeClose', data: { method: c.method }, output: removed });
    if (c.hook) suggestions.push({ messageId: 'moveToHook', data: { hook: hookLabel(c.hook), covers: coversOf(c.hook) }, output: `${removed}\n\n${c.hook}` });
    if (c.option) suggestions.push({ messageId: 'moveToHook', data: { hook: c.option.hook, covers: OPTION_COVERS[c.option.hook]! }, output: c.option.output });
  }
  return {
    code: c.code,
    ...(c.filename ? { filename: c.filename } : {}),
    ...(c.settings ? { settings: c.settings } : {}),
    output: null,
    errors: [
      {
        messageId: 'close',
        data: {
          name: c.name,
          library: c.library,
          noun: c.noun,
          task: c.task,
          method: c.method,
          helper: c.helper ? ' (through a helper it calls)' : '',
          consequence: c.consequence,
        },
        suggestions,
      },
    ],
  };
}

const PORT = 'the `parentPort` message handler';
const PROCESS = 'the `process` message handler';
const pgPool = { library: 'pg', noun: 'pool', method: 'end', consequence: CONSEQUENCE.pgPool } as const;
const ioredis = { library: 'ioredis', noun: 'client', method: 'quit', consequence: CONSEQUENCE.ioredis } as const;

const lines = (...parts: string[]): string => parts.join('\n');

const esmCases = {
  valid: [
    // A lazily filled pool closed when idle and cleared: the next task makes a new one.
    `import { parentPort } from 'node:worker_threads';
     import pg from 'pg';
     let pool;
     let idle;
     parentPort.on('message', async (id) => {
       clearTimeout(idle);
       pool ??= new pg.Pool({ max: 2 });
       parentPort.postMessage((await pool.query('select * from t where id = $1', [id])).rows);
       idle = setTimeout(() => { const p = pool; pool = undefined; p.end(); }, 60_000);
     });`,
    // Closing in a shutdown hook is the right place.
    lines(
      `import { parentPort } from 'node:worker_threads';`,
      `import pg from 'pg';`,
      `const pool = new pg.Pool();`,
      `parentPort.on('message', async (id) => { parentPort.postMessage((await pool.query('select $1', [id])).rows); });`,
      `parentPort.on('close', () => pool.end());`,
    ),
    lines(
      `import { parentPort } from 'node:worker_threads';`,
      `import Redis from 'ioredis';`,
      `const redis = new Redis();`,
      `parentPort.on('message', async (key) => parentPort.postMessage(await redis.get(key)));`,
      `process.on('SIGTERM', async () => { await redis.quit(); process.exit(0); });`,
      `process.once('beforeExit', () => redis.quit());`,
    ),
    // A shutdown command in the message: `msg.type === 'shutdown'`, with an exit after it.
    lines(
      `import pg from 'pg';`,
      `const db = new pg.Pool();`,
      `process.on('message', async (msg) => {`,
      `  if (msg.type === 'shutdown') {`,
      `    await db.end();`,
      `    return;`,
      `  }`,
      `  process.send((await db.query(msg.sql)).rows);`,
      `});`,
    ),
    // A synchronous bridge told to `'halt'`: the message ends the worker's life.
    lines(
      `import { parentPort } from 'node:worker_threads';`,
      `import pg from 'pg';`,
      `const pool = new pg.Pool();`,
      `parentPort.on('message', async (message) => {`,
      `  if (message === 'halt') {`,
      `    await pool.end();`,
      `    return;`,
      `  }`,
      `  parentPort.postMessage((await pool.query(message.sql)).rows);`,
      `});`,
    ),
    // `msg === 'stop'`, a field taken from the message, and `switch (kind)`.
    lines(
      `import { parentPort } from 'node:worker_threads';`,
      `import Redis from 'ioredis';`,
      `const redis = new Redis();`,
      `parentPort.on('message', async (msg) => {`,
      `  if (msg === 'stop') redis.disconnect();`,
      `  const { kind } = msg;`,
      `  switch (kind) {`,
      `    case 'terminate':`,
      `      await redis.quit();`,
      `      break;`,
      `    default:`,
      `      await redis.incr('jobs');`,
      `  }`,
      `  if (kind !== 'close') { await redis.incr('x'); } else { await redis.quit(); }`,
      `});`,
    ),
    lines(
      `import { parentPort } from 'node:worker_threads';`,
      `import mysql from 'mysql2/promise';`,
      `const pool = mysql.createPool({ uri: process.env.DB });`,
      `parentPort.on('message', async ({ command, id }) => {`,
      `  const op = command;`,
      `  if (op === 'EXIT' || op === 'shutdown') return pool.end();`,
      `  parentPort.postMessage(await pool.query('select ?', [id]));`,
      `});`,
    ),
    // A client the task itself opened is the task's to close.
    lines(
      `import { parentPort } from 'node:worker_threads';`,
      `import pg from 'pg';`,
      `parentPort.on('message', async (id) => {`,
      `  const client = new pg.Client();`,
      `  await client.connect();`,
      `  try { parentPort.postMessage(await client.query('select $1', [id])); } finally { await client.end(); }`,
      `});`,
    ),
    // Checked-out clients are released, not closed.
    lines(
      `import { parentPort } from 'node:worker_threads';`,
      `import pg from 'pg';`,
      `const pool = new pg.Pool();`,
      `parentPort.on('message', async (id) => {`,
      `  const client = await pool.connect();`,
      `  try { await client.query('select 1'); } finally { client.release(); }`,
      `});`,
    ),
    // oracledb: close() of a pooled connection gives it back.
    lines(
      `import { parentPort } from 'node:worker_threads';`,
      `import oracledb from 'oracledb';`,
      `const pool = await oracledb.createPool({ user: 'u' });`,
      `parentPort.on('message', async (id) => {`,
      `  const conn = await pool.getConnection();`,
      `  try { await conn.execute('select 1 from dual'); } finally { await conn.close(); }`,
      `});`,
    ),
    // pg-promise: done() of a shared connection.
    lines(
      `import { parentPort } from 'node:worker_threads';`,
      `import pgPromise from 'pg-promise';`,
      `const db = pgPromise()(process.env.DB);`,
      `parentPort.on('message', async () => { const c = await db.connect(); try { await c.any('select 1'); } finally { c.done(); } });`,
    ),
    // `.close()` of things that are not connections.
    lines(
      `import { parentPort, MessageChannel } from 'node:worker_threads';`,
      `import http from 'node:http';`,
      `import fs from 'node:fs/promises';`,
      `import readline from 'node:readline';`,
      `import pg from 'pg';`,
      `const pool = new pg.Pool();`,
      `const server = http.createServer();`,
      `parentPort.on('message', async (file) => {`,
      `  const handle = await fs.open(file);`,
      `  await handle.close();`,
      `  const { port1 } = new MessageChannel();`,
      `  port1.close();`,
      `  readline.createInterface({ input: process.stdin }).close();`,
      `  server.close();`,
      `  await pool.query('select 1');`,
      `});`,
    ),
    // A piscina or workerpool pool named `pool` is not a database pool.
    lines(
      `import Piscina from 'piscina';`,
      `import workerpool from 'workerpool';`,
      `const pool = new Piscina({ filename: './w.js' });`,
      `const wp = workerpool.pool('./w.js');`,
      `process.on('message', async (job) => {`,
      `  process.send(await pool.run(job));`,
      `  await pool.destroy();`,
      `  await wp.terminate();`,
      `});`,
    ),
    // Closes outside any task: scripts, tests' afterAll, plain modules.
    lines(
      `import pg from 'pg';`,
      `const pool = new pg.Pool();`,
      `export async function migrate() { await pool.query('select 1'); await pool.end(); }`,
    ),
    lines(
      `import Redis from 'ioredis';`,
      `const redis = new Redis();`,
      `afterAll(async () => { await redis.quit(); });`,
    ),
    // Run-once: a `once` handler, or one that ends the worker on every path.
    lines(
      `import { parentPort } from 'node:worker_threads';`,
      `import pg from 'pg';`,
      `const pool = new pg.Pool();`,
      `parentPort.once('message', async (id) => {`,
      `  parentPort.postMessage(await pool.query('select $1', [id]));`,
      `  await pool.end();`,
      `});`,
    ),
    lines(
      `import Redis from 'ioredis';`,
      `const redis = new Redis();`,
      `process.on('message', async (key) => {`,
      `  process.send(await redis.get(key));`,
      `  await redis.quit();`,
      `  process.exit(0);`,
      `});`,
    ),
    lines(
      `import { parentPort } from 'node:worker_threads';`,
      `import Redis from 'ioredis';`,
      `const redis = new Redis();`,
      `parentPort.on('message', async (key) => {`,
      `  try { parentPort.postMessage(await redis.get(key)); } finally { await redis.quit(); parentPort.close(); }`,
      `});`,
    ),
    // A fatal error path that ends the worker.
    lines(
      `import { parentPort } from 'node:worker_threads';`,
      `import pg from 'pg';`,
      `const pool = new pg.Pool();`,
      `parentPort.on('message', async (id) => {`,
      `  try { parentPort.postMessage(await pool.query('select $1', [id])); }`,
      `  catch (err) { await pool.end(); process.exit(1); }`,
      `});`,
    ),
    // Run-once worker file: top-level work that opens and closes.
    lines(
      `import { workerData, parentPort } from 'node:worker_threads';`,
      `import pg from 'pg';`,
      `const client = new pg.Client(workerData.url);`,
      `await client.connect();`,
      `parentPort.postMessage((await client.query('select 1')).rows);`,
      `await client.end();`,
    ),
    // A lazily made per-task connection replaced each time, closed in the task.
    lines(
      `import { parentPort } from 'node:worker_threads';`,
      `import pg from 'pg';`,
      `let client;`,
      `parentPort.on('message', async () => {`,
      `  client = new pg.Client();`,
      `  await client.connect();`,
      `  try { await client.query('select 1'); } finally { await client.end(); }`,
      `});`,
    ),
    // workerpool onTerminate, poolifier killHandler, bullmq closing: the runner's own hooks.
    lines(
      `import workerpool from 'workerpool';`,
      `import pg from 'pg';`,
      `const pool = new pg.Pool();`,
      `workerpool.worker({ count: async () => (await pool.query('select 1')).rowCount }, { onTerminate: () => pool.end() });`,
    ),
    lines(
      `import { ThreadWorker } from 'poolifier';`,
      `import Redis from 'ioredis';`,
      `const redis = new Redis();`,
      `export default new ThreadWorker(async (key) => redis.get(key), { killHandler: async () => { await redis.quit(); } });`,
    ),
    lines(
      `import { Worker } from 'bullmq';`,
      `import pg from 'pg';`,
      `const db = new pg.Pool();`,
      `const worker = new Worker('reports', async (job) => (await db.query('select $1', [job.id])).rows, { connection: {} });`,
      `worker.on('closing', () => db.end());`,
    ),
    // A bullmq Worker class closed in SIGTERM: a queue consumer, not a thread.
    lines(
      `import { Worker } from 'bullmq';`,
      `const worker = new Worker('q', async () => 1, { connection: {} });`,
      `process.on('SIGTERM', () => worker.close());`,
    ),
    // A helper also called outside tasks is not only task code.
    lines(
      `import { parentPort } from 'node:worker_threads';`,
      `import pg from 'pg';`,
      `const pool = new pg.Pool();`,
      `async function stop() { await pool.end(); }`,
      `parentPort.on('message', async (msg) => { if (msg === 'bye') await stop(); });`,
      `process.on('SIGINT', stop);`,
    ),
    // A local class named Pool is not pg.
    lines(
      `import { parentPort } from 'node:worker_threads';`,
      `class Pool { end() {} }`,
      `const pool = new Pool();`,
      `parentPort.on('message', () => { pool.end(); });`,
    ),
    // A MessageChannel port's handler is not a worker task.
    lines(
      `import { MessageChannel } from 'node:worker_threads';`,
      `import pg from 'pg';`,
      `const pool = new pg.Pool();`,
      `const { port1 } = new MessageChannel();`,
      `port1.on('message', async () => { await pool.end(); });`,
    ),
    // A parent's child.on('message') is not the child's task.
    lines(
      `import { fork } from 'node:child_process';`,
      `import Redis from 'ioredis';`,
      `const redis = new Redis();`,
      `const child = fork('./c.js');`,
      `child.on('message', async () => { await redis.quit(); });`,
    ),
    // mongoose connected and disconnected by the same task.
    lines(
      `import { parentPort } from 'node:worker_threads';`,
      `import mongoose from 'mongoose';`,
      `parentPort.on('message', async (url) => {`,
      `  await mongoose.connect(url);`,
      `  try { parentPort.postMessage(await mongoose.model('A').countDocuments()); } finally { await mongoose.disconnect(); }`,
      `});`,
    ),
    // A knex transaction is committed, not destroyed.
    lines(
      `import { parentPort } from 'node:worker_threads';`,
      `import knex from 'knex';`,
      `const db = knex({ client: 'pg' });`,
      `parentPort.on('message', async () => { const trx = await db.transaction(); await trx.commit(); });`,
    ),
    // A close inside a shutdown hook registered by the task.
    lines(
      `import { parentPort } from 'node:worker_threads';`,
      `import Redis from 'ioredis';`,
      `const redis = new Redis();`,
      `parentPort.on('message', async (key) => {`,
      `  process.once('SIGTERM', () => redis.quit());`,
      `  parentPort.postMessage(await redis.get(key));`,
      `});`,
    ),
    // Exported functions of a file that is not a worker entry.
    lines(
      `import pg from 'pg';`,
      `const pool = new pg.Pool();`,
      `export default async function report() { const { rows } = await pool.query('select 1'); await pool.end(); return rows; }`,
    ),
    // The per-task connection through an alias.
    lines(
      `import { parentPort } from 'node:worker_threads';`,
      `import Redis from 'ioredis';`,
      `parentPort.on('message', async (key) => {`,
      `  const redis = new Redis();`,
      `  const r = redis;`,
      `  try { parentPort.postMessage(await r.get(key)); } finally { await r.quit(); }`,
      `});`,
    ),
    // threads.js expose with per-task connections.
    lines(
      `import { expose } from 'threads/worker';`,
      `import pg from 'pg';`,
      `expose(async function count() {`,
      `  const client = new pg.Client();`,
      `  await client.connect();`,
      `  try { return (await client.query('select 1')).rowCount; } finally { await client.end(); }`,
      `});`,
    ),
    // undici pool closed at shutdown.
    lines(
      `import { parentPort } from 'node:worker_threads';`,
      `import { Pool } from 'undici';`,
      `const http = new Pool('http://localhost:3000');`,
      `parentPort.on('message', async (path) => parentPort.postMessage((await http.request({ path, method: 'GET' })).statusCode));`,
      `parentPort.on('close', () => http.close());`,
    ),
  ],
  invalid: [
    closeCase({
      code: lines(
        `import { parentPort } from 'node:worker_threads';`,
        `import pg from 'pg';`,
        `const pool = new pg.Pool();`,
        `parentPort.on('message', async (id) => {`,
        `  const { rows } = await pool.query('select $1', [id]);`,
        `  await pool.end();`,
        `  parentPort.postMessage(rows);`,
        `});`,
      ),
      line: `  await pool.end();`,
      name: 'pool', ...pgPool, task: PORT,
      hook: `parentPort.once('close', () => pool.end());`,
    }),
    closeCase({
      code: lines(
        `import { parentPort as port } from 'worker_threads';`,
        `import { Client } from 'pg';`,
        `const client = new Client();`,
        `await client.connect();`,
        `port.addListener('message', async (sql) => {`,
        `  port.postMessage((await client.query(sql)).rows);`,
        `  await client.end();`,
        `});`,
      ),
      line: `  await client.end();`,
      name: 'client', library: 'pg', noun: 'client', method: 'end', consequence: CONSEQUENCE.pgClient,
      task: 'the `port` message handler',
      hook: `port.once('close', () => client.end());`,
    }),
    // The examples' child process: the exit only in the shutdown branch does not make it run-once.
    closeCase({
      code: lines(
        `import pg from 'pg';`,
        `import Redis from 'ioredis';`,
        `const db = new pg.Pool();`,
        `const redis = new Redis(process.env.REDIS_URL);`,
        `process.on('message', async (msg) => {`,
        `  if (msg.type === 'shutdown') {`,
        `    await db.end();`,
        `    process.exit(0);`,
        `  }`,
        `  await redis.append(msg.key, 'x');`,
        `  await redis.quit();`,
        `  process.send({ type: 'done' });`,
        `});`,
      ),
      line: `  await redis.quit();`,
      name: 'redis', ...ioredis, task: PROCESS,
      hook: `process.once('disconnect', () => redis.quit());`,
    }),
    closeCase({
      code: lines(
        `import mysql from 'mysql2/promise';`,
        `const pool = mysql.createPool({ uri: process.env.DB });`,
        `process.on('message', async (id) => {`,
        `  const [rows] = await pool.query('select ?', [id]);`,
        `  process.send(rows);`,
        `  await pool.end();`,
        `});`,
      ),
      line: `  await pool.end();`,
      name: 'pool', library: 'mysql2', noun: 'pool', method: 'end', consequence: CONSEQUENCE.mysql2Pool, task: PROCESS,
      hook: `process.once('disconnect', () => pool.end());`,
    }),
    closeCase({
      code: lines(
        `import mysql from 'mysql2/promise';`,
        `const conn = await mysql.createConnection(process.env.DB);`,
        `process.on('message', async (id) => {`,
        `  process.send(await conn.query('select ?', [id]));`,
        `  conn.destroy();`,
        `});`,
      ),
      line: `  conn.destroy();`,
      name: 'conn', library: 'mysql2', noun: 'connection', method: 'destroy', consequence: CONSEQUENCE.mysql2Connection, task: PROCESS,
      hook: `process.once('disconnect', () => conn.destroy());`,
    }),
    closeCase({
      code: lines(
        `import { MongoClient } from 'mongodb';`,
        `import workerpool from 'workerpool';`,
        `const client = new MongoClient(process.env.MONGO_URL);`,
        `async function countOrders(customerId) {`,
        `  const n = await client.db('shop').collection('orders').countDocuments({ customerId });`,
        `  await client.close();`,
        `  return n;`,
        `}`,
        `workerpool.worker({ countOrders });`,
      ),
      line: `  await client.close();`,
      name: 'client', library: 'mongodb', noun: 'client', method: 'close', consequence: CONSEQUENCE.mongo,
      task: 'workerpool task `countOrders`',
      option: { hook: 'onTerminate', output: lines(
        `import { MongoClient } from 'mongodb';`,
        `import workerpool from 'workerpool';`,
        `const client = new MongoClient(process.env.MONGO_URL);`,
        `async function countOrders(customerId) {`,
        `  const n = await client.db('shop').collection('orders').countDocuments({ customerId });`,
        `  return n;`,
        `}`,
        `workerpool.worker({ countOrders }, { onTerminate: () => client.close() });`,
      ) },
    }),
    // mongoose's default connection: the module is the binding.
    closeCase({
      code: lines(
        `import mongoose from 'mongoose';`,
        `import workerpool from 'workerpool';`,
        `await mongoose.connect(process.env.MONGO_URL);`,
        `workerpool.worker({`,
        `  async archive(id) {`,
        `    await mongoose.model('Order').updateOne({ _id: id }, { archived: true });`,
        `    await mongoose.disconnect();`,
        `  },`,
        `});`,
      ),
      line: `    await mongoose.disconnect();`,
      name: 'mongoose', library: 'mongoose', noun: 'default connection', method: 'disconnect', consequence: CONSEQUENCE.mongoose,
      task: 'workerpool task `archive`',
      option: { hook: 'onTerminate', output: lines(
        `import mongoose from 'mongoose';`,
        `import workerpool from 'workerpool';`,
        `await mongoose.connect(process.env.MONGO_URL);`,
        `workerpool.worker({`,
        `  async archive(id) {`,
        `    await mongoose.model('Order').updateOne({ _id: id }, { archived: true });`,
        `  },`,
        `}, { onTerminate: () => mongoose.disconnect() });`,
      ) },
    }),
    closeCase({
      code: lines(
        `import mongoose from 'mongoose';`,
        `import { parentPort } from 'node:worker_threads';`,
        `await mongoose.connect(process.env.MONGO_URL);`,
        `parentPort.on('message', async () => {`,
        `  parentPort.postMessage(await mongoose.model('Order').countDocuments());`,
        `  await mongoose.connection.close();`,
        `});`,
      ),
      line: `  await mongoose.connection.close();`,
      name: 'mongoose.connection', library: 'mongoose', noun: 'connection', method: 'close', consequence: CONSEQUENCE.mongoose, task: PORT,
      hook: `parentPort.once('close', () => mongoose.connection.close());`,
    }),
    closeCase({
      code: lines(
        `import { expose } from 'threads/worker';`,
        `import { createClient } from 'redis';`,
        `const redis = createClient({ url: process.env.REDIS_URL });`,
        `await redis.connect();`,
        `expose({`,
        `  async hit(key) {`,
        `    const n = await redis.incr(key);`,
        `    await redis.quit();`,
        `    return n;`,
        `  },`,
        `});`,
      ),
      line: `    await redis.quit();`,
      name: 'redis', library: 'redis', noun: 'client', method: 'quit', consequence: CONSEQUENCE.redis, task: 'threads.js task `hit`',
      hook: `process.once('beforeExit', () => redis.quit());`,
    }),
    closeCase({
      code: lines(
        `import { expose } from 'threads/worker';`,
        `import knex from 'knex';`,
        `const db = knex({ client: 'pg', connection: process.env.DB });`,
        `expose(async (id) => {`,
        `  const row = await db('orders').where({ id }).first();`,
        `  await db.destroy();`,
        `  return row;`,
        `});`,
      ),
      line: `  await db.destroy();`,
      name: 'db', library: 'knex', noun: 'instance', method: 'destroy', consequence: CONSEQUENCE.knex, task: 'the threads.js task',
      hook: `process.once('beforeExit', () => db.destroy());`,
    }),
    closeCase({
      code: lines(
        `import { ThreadWorker } from 'poolifier';`,
        `import { PrismaClient } from '@prisma/client';`,
        `const prisma = new PrismaClient();`,
        `async function total({ customerId }) {`,
        `  const n = await prisma.order.count({ where: { customerId } });`,
        `  await prisma.$disconnect();`,
        `  return n;`,
        `}`,
        `export default new ThreadWorker(total);`,
      ),
      line: `  await prisma.$disconnect();`,
      name: 'prisma', library: '@prisma/client', noun: 'client', method: '$disconnect', consequence: CONSEQUENCE.prisma, task: 'the poolifier task',
      // poolifier's own hook, an async function: it awaits nothing else (and beforeExit never runs there).
      option: { hook: 'killHandler', output: lines(
        `import { ThreadWorker } from 'poolifier';`,
        `import { PrismaClient } from '@prisma/client';`,
        `const prisma = new PrismaClient();`,
        `async function total({ customerId }) {`,
        `  const n = await prisma.order.count({ where: { customerId } });`,
        `  return n;`,
        `}`,
        `export default new ThreadWorker(total, { killHandler: async () => prisma.$disconnect() });`,
      ) },
    }),
    closeCase({
      code: lines(
        `import { ClusterWorker } from 'poolifier';`,
        `import { Sequelize } from 'sequelize';`,
        `const sequelize = new Sequelize(process.env.DB);`,
        `export default new ClusterWorker({`,
        `  count: async () => {`,
        `    const [rows] = await sequelize.query('select 1');`,
        `    await sequelize.close();`,
        `    return rows.length;`,
        `  },`,
        `});`,
      ),
      line: `    await sequelize.close();`,
      name: 'sequelize', library: 'sequelize', noun: 'instance', method: 'close', consequence: CONSEQUENCE.generic, task: 'poolifier task `count`',
      option: { hook: 'killHandler', output: lines(
        `import { ClusterWorker } from 'poolifier';`,
        `import { Sequelize } from 'sequelize';`,
        `const sequelize = new Sequelize(process.env.DB);`,
        `export default new ClusterWorker({`,
        `  count: async () => {`,
        `    const [rows] = await sequelize.query('select 1');`,
        `    return rows.length;`,
        `  },`,
        `}, { killHandler: async () => sequelize.close() });`,
      ) },
    }),
    // bullmq in-process processor: the consumer process runs the next job.
    closeCase({
      code: lines(
        `import { Worker } from 'bullmq';`,
        `import pg from 'pg';`,
        `const db = new pg.Pool();`,
        `new Worker('reports', async (job) => {`,
        `  const { rows } = await db.query('select $1', [job.data.day]);`,
        `  await db.end();`,
        `  return rows;`,
        `}, { connection: {} });`,
      ),
      line: `  await db.end();`,
      name: 'db', ...pgPool, task: "the processor of bullmq queue 'reports'",
      hook: `process.once('beforeExit', () => db.end());`,
    }),
    closeCase({
      code: lines(
        `import { Worker } from 'bullmq';`,
        `import { DataSource } from 'typeorm';`,
        `const QUEUE = 'audit';`,
        `const source = new DataSource({ type: 'postgres' });`,
        `await source.initialize();`,
        `async function audit(job) {`,
        `  await source.query('select $1', [job.id]);`,
        `  await source.destroy();`,
        `}`,
        `new Worker(QUEUE, audit, { connection: {} });`,
      ),
      line: `  await source.destroy();`,
      name: 'source', library: 'typeorm', noun: 'data source', method: 'destroy', consequence: CONSEQUENCE.generic,
      task: "the processor of bullmq queue 'audit'",
      hook: `process.once('beforeExit', () => source.destroy());`,
    }),
    // Through a local alias: named by the worker's own holder.
    closeCase({
      code: lines(
        `import { parentPort } from 'node:worker_threads';`,
        `import pg from 'pg';`,
        `const pool = new pg.Pool();`,
        `parentPort.on('message', async ({ client }) => {`,
        `  const db = client ?? pool;`,
        `  await db.query('select 1');`,
        `  await db.end();`,
        `});`,
      ),
      line: `  await db.end();`,
      name: 'pool', ...pgPool, task: PORT,
    }),
    // In a helper that only tasks call.
    closeCase({
      code: lines(
        `import { parentPort } from 'node:worker_threads';`,
        `import Redis from 'ioredis';`,
        `const redis = new Redis();`,
        `async function finish(key) {`,
        `  await redis.del(key);`,
        `  await redis.quit();`,
        `}`,
        `parentPort.on('message', async (key) => {`,
        `  parentPort.postMessage(await redis.get(key));`,
        `  await finish(key);`,
        `});`,
      ),
      line: `  await redis.quit();`,
      name: 'redis', ...ioredis, task: PORT, helper: true,
      hook: `parentPort.once('close', () => redis.quit());`,
    }),
    // A client checked out from the same pool: release it instead.
    closeCase({
      code: lines(
        `import { parentPort } from 'node:worker_threads';`,
        `import pg from 'pg';`,
        `const pool = new pg.Pool();`,
        `parentPort.on('message', async (id) => {`,
        `  const client = await pool.connect();`,
        `  await client.query('select $1', [id]);`,
        `  await pool.end();`,
        `});`,
      ),
      line: `  await pool.end();`,
      name: 'pool', ...pgPool, task: PORT,
      hook: `parentPort.once('close', () => pool.end());`,
      release: {
        client: 'client', release: 'release',
        output: lines(
          `import { parentPort } from 'node:worker_threads';`,
          `import pg from 'pg';`,
          `const pool = new pg.Pool();`,
          `parentPort.on('message', async (id) => {`,
          `  const client = await pool.connect();`,
          `  await client.query('select $1', [id]);`,
          `  await client.release();`,
          `});`,
        ),
      },
    }),
    closeCase({
      code: lines(
        `import { parentPort } from 'node:worker_threads';`,
        `import mysql from 'mysql2/promise';`,
        `const pool = mysql.createPool({ uri: process.env.DB });`,
        `parentPort.on('message', async (id) => {`,
        `  const conn = await pool.getConnection();`,
        `  try { await conn.query('select ?', [id]); } finally { pool.end(); }`,
        `});`,
      ),
      removed: lines(
        `import { parentPort } from 'node:worker_threads';`,
        `import mysql from 'mysql2/promise';`,
        `const pool = mysql.createPool({ uri: process.env.DB });`,
        `parentPort.on('message', async (id) => {`,
        `  const conn = await pool.getConnection();`,
        `  try { await conn.query('select ?', [id]); } finally {  }`,
        `});`,
      ),
      name: 'pool', library: 'mysql2', noun: 'pool', method: 'end', consequence: CONSEQUENCE.mysql2Pool, task: PORT,
      hook: `parentPort.once('close', () => pool.end());`,
      release: {
        client: 'conn', release: 'release',
        output: lines(
          `import { parentPort } from 'node:worker_threads';`,
          `import mysql from 'mysql2/promise';`,
          `const pool = mysql.createPool({ uri: process.env.DB });`,
          `parentPort.on('message', async (id) => {`,
          `  const conn = await pool.getConnection();`,
          `  try { await conn.query('select ?', [id]); } finally { conn.release(); }`,
          `});`,
        ),
      },
    }),
    // Lazily made per-worker singleton, then closed by a task.
    closeCase({
      code: lines(
        `import { parentPort } from 'node:worker_threads';`,
        `import pg from 'pg';`,
        `let pool;`,
        `parentPort.on('message', async (id) => {`,
        `  pool ??= new pg.Pool();`,
        `  await pool.query('select $1', [id]);`,
        `  await pool.end();`,
        `});`,
      ),
      line: `  await pool.end();`,
      name: 'pool', ...pgPool, task: PORT,
      hook: `parentPort.once('close', () => pool.end());`,
    }),
    closeCase({
      code: lines(
        `import { parentPort } from 'node:worker_threads';`,
        `import Redis from 'ioredis';`,
        `let redis;`,
        `parentPort.on('message', async (key) => {`,
        `  if (!redis) redis = new Redis();`,
        `  parentPort.postMessage(await redis.get(key));`,
        `  redis.disconnect();`,
        `});`,
      ),
      line: `  redis.disconnect();`,
      name: 'redis', library: 'ioredis', noun: 'client', method: 'disconnect', consequence: CONSEQUENCE.ioredis, task: PORT,
      hook: `parentPort.once('close', () => redis.disconnect());`,
    }),
    // Inside a nested callback of the task, and after a non-shutdown command test.
    closeCase({
      code: lines(
        `import { parentPort } from 'node:worker_threads';`,
        `import Redis from 'ioredis';`,
        `const redis = new Redis();`,
        `parentPort.on('message', (msg) => {`,
        `  if (msg.type === 'get') {`,
        `    redis.get(msg.key).then((value) => {`,
        `      parentPort.postMessage(value);`,
        `      redis.quit();`,
        `    });`,
        `  }`,
        `});`,
      ),
      line: `      redis.quit();`,
      name: 'redis', ...ioredis, task: PORT,
      hook: `parentPort.once('close', () => redis.quit());`,
    }),
    // Not removable as a statement: no suggestion but the report.
    closeCase({
      code: lines(
        `import { parentPort } from 'node:worker_threads';`,
        `import pg from 'pg';`,
        `const pool = new pg.Pool();`,
        `parentPort.on('message', async () => {`,
        `  await Promise.all([pool.query('select 1'), pool.end()]);`,
        `});`,
      ),
      name: 'pool', ...pgPool, task: PORT,
    }),
    closeCase({
      code: lines(
        `import { parentPort } from 'node:worker_threads';`,
        `import postgres from 'postgres';`,
        `const sql = postgres(process.env.DB);`,
        `parentPort.on('message', async (id) => {`,
        '  parentPort.postMessage(await sql`select ${id}`);',
        `  await sql.end({ timeout: 5 });`,
        `});`,
      ),
      line: `  await sql.end({ timeout: 5 });`,
      name: 'sql', library: 'postgres', noun: 'pool', method: 'end', consequence: CONSEQUENCE.generic, task: PORT,
      hook: `parentPort.once('close', () => sql.end({ timeout: 5 }));`,
    }),
    closeCase({
      code: lines(
        `import { parentPort } from 'node:worker_threads';`,
        `import { Kysely, PostgresDialect } from 'kysely';`,
        `const db = new Kysely({ dialect: new PostgresDialect({}) });`,
        `parentPort.on('message', async () => {`,
        `  parentPort.postMessage(await db.selectFrom('orders').selectAll().execute());`,
        `  await db.destroy();`,
        `});`,
      ),
      line: `  await db.destroy();`,
      name: 'db', library: 'kysely', noun: 'instance', method: 'destroy', consequence: CONSEQUENCE.generic, task: PORT,
      hook: `parentPort.once('close', () => db.destroy());`,
    }),
    closeCase({
      code: lines(
        `import amqp from 'amqplib';`,
        `const connection = await amqp.connect(process.env.AMQP_URL);`,
        `const channel = await connection.createChannel();`,
        `process.on('message', async (msg) => {`,
        `  channel.sendToQueue('out', Buffer.from(JSON.stringify(msg)));`,
        `  await connection.close();`,
        `});`,
      ),
      line: `  await connection.close();`,
      name: 'connection', library: 'amqplib', noun: 'connection', method: 'close', consequence: CONSEQUENCE.generic, task: PROCESS,
      hook: `process.once('disconnect', () => connection.close());`,
    }),
    closeCase({
      code: lines(
        `import { connect } from 'nats';`,
        `const nc = await connect({ servers: 'nats://localhost' });`,
        `process.on('message', async (subject) => {`,
        `  nc.publish(subject);`,
        `  await nc.drain();`,
        `});`,
      ),
      line: `  await nc.drain();`,
      name: 'nc', library: 'nats', noun: 'connection', method: 'drain', consequence: CONSEQUENCE.generic, task: PROCESS,
      hook: `process.once('disconnect', () => nc.drain());`,
    }),
    closeCase({
      code: lines(
        `import { parentPort } from 'node:worker_threads';`,
        `import oracledb from 'oracledb';`,
        `const pool = await oracledb.createPool({ user: 'u' });`,
        `parentPort.on('message', async () => {`,
        `  const conn = await pool.getConnection();`,
        `  await conn.execute('select 1 from dual');`,
        `  await conn.close();`,
        `  await pool.close(0);`,
        `});`,
      ),
      line: `  await pool.close(0);`,
      name: 'pool', library: 'oracledb', noun: 'pool', method: 'close', consequence: CONSEQUENCE.generic, task: PORT,
      hook: `parentPort.once('close', () => pool.close(0));`,
    }),
    closeCase({
      code: lines(
        `import sql from 'mssql';`,
        `await sql.connect(process.env.MSSQL_URL);`,
        `process.on('message', async (id) => {`,
        `  process.send(await sql.query\`select \${id}\`);`,
        `  await sql.close();`,
        `});`,
      ),
      line: `  await sql.close();`,
      name: 'sql', library: 'mssql', noun: 'pool', method: 'close', consequence: CONSEQUENCE.generic, task: PROCESS,
      hook: `process.once('disconnect', () => sql.close());`,
    }),
    closeCase({
      code: lines(
        `import { parentPort } from 'node:worker_threads';`,
        `import Database from 'better-sqlite3';`,
        `const db = new Database('app.db');`,
        `parentPort.on('message', (id) => {`,
        `  parentPort.postMessage(db.prepare('select * from t where id = ?').get(id));`,
        `  db.close();`,
        `});`,
      ),
      line: `  db.close();`,
      name: 'db', library: 'better-sqlite3', noun: 'database', method: 'close', consequence: CONSEQUENCE.generic, task: PORT,
      hook: `parentPort.once('close', () => db.close());`,
    }),
    closeCase({
      code: lines(
        `import { parentPort } from 'node:worker_threads';`,
        `import cassandra from 'cassandra-driver';`,
        `const client = new cassandra.Client({ contactPoints: ['h1'] });`,
        `parentPort.on('message', async (q) => {`,
        `  parentPort.postMessage((await client.execute(q)).rows);`,
        `  await client.shutdown();`,
        `});`,
      ),
      line: `  await client.shutdown();`,
      name: 'client', library: 'cassandra-driver', noun: 'client', method: 'shutdown', consequence: CONSEQUENCE.generic, task: PORT,
      hook: `parentPort.once('close', () => client.shutdown());`,
    }),
    closeCase({
      code: lines(
        `import { parentPort } from 'node:worker_threads';`,
        `import { Client } from '@elastic/elasticsearch';`,
        `const es = new Client({ node: 'http://localhost:9200' });`,
        `parentPort.on('message', async (q) => {`,
        `  parentPort.postMessage(await es.search(q));`,
        `  await es.close();`,
        `});`,
      ),
      line: `  await es.close();`,
      name: 'es', library: '@elastic/elasticsearch', noun: 'client', method: 'close', consequence: CONSEQUENCE.generic, task: PORT,
      hook: `parentPort.once('close', () => es.close());`,
    }),
    closeCase({
      code: lines(
        `import { parentPort } from 'node:worker_threads';`,
        `import { Kafka } from 'kafkajs';`,
        `const producer = new Kafka({ brokers: ['k:9092'] }).producer();`,
        `await producer.connect();`,
        `parentPort.on('message', async (value) => {`,
        `  await producer.send({ topic: 't', messages: [{ value }] });`,
        `  await producer.disconnect();`,
        `});`,
      ),
      line: `  await producer.disconnect();`,
      name: 'producer', library: 'kafkajs', noun: 'producer', method: 'disconnect', consequence: CONSEQUENCE.generic, task: PORT,
      hook: `parentPort.once('close', () => producer.disconnect());`,
    }),
    // Exported task functions of a worker entry named in settings (piscina, tinypool, sandboxed bullmq).
    closeCase({
      code: lines(
        `import pg from 'pg';`,
        `const pool = new pg.Pool();`,
        `export default async function ({ id }) {`,
        `  const { rows } = await pool.query('select $1', [id]);`,
        `  await pool.end();`,
        `  return rows;`,
        `}`,
      ),
      line: `  await pool.end();`,
      name: 'pool', ...pgPool, task: "the worker's default export",
      hook: `process.once('beforeExit', () => pool.end());`,
      filename: WORKER_FILE, settings: workerFiles,
    }),
    closeCase({
      code: lines(
        `import Redis from 'ioredis';`,
        `const redis = new Redis();`,
        `export async function resize({ key }) {`,
        `  const n = await redis.incr(key);`,
        `  await redis.quit();`,
        `  return n;`,
        `}`,
      ),
      line: `  await redis.quit();`,
      name: 'redis', ...ioredis, task: 'exported task `resize`',
      hook: `process.once('beforeExit', () => redis.quit());`,
      filename: WORKER_FILE, settings: workerFiles,
    }),
    closeCase({
      code: lines(
        `import knex from 'knex';`,
        `const db = knex({ client: 'mysql2' });`,
        `const handler = async (job) => {`,
        `  await db('jobs').insert({ id: job.id });`,
        `  await db.destroy();`,
        `};`,
        `export { handler as process };`,
      ),
      line: `  await db.destroy();`,
      name: 'db', library: 'knex', noun: 'instance', method: 'destroy', consequence: CONSEQUENCE.knex, task: 'exported task `process`',
      hook: `process.once('beforeExit', () => db.destroy());`,
      filename: WORKER_FILE, settings: workerFiles,
    }),
    // Run through a lint-time nested arrow in an exported const.
    closeCase({
      code: lines(
        `import { MongoClient } from 'mongodb';`,
        `const mongo = new MongoClient(process.env.MONGO_URL);`,
        `export const count = async () => {`,
        `  const n = await mongo.db().collection('a').countDocuments();`,
        `  mongo.close();`,
        `  return n;`,
        `};`,
      ),
      line: `  mongo.close();`,
      name: 'mongo', library: 'mongodb', noun: 'client', method: 'close', consequence: CONSEQUENCE.mongo, task: 'exported task `count`',
      hook: `process.once('beforeExit', () => mongo.close());`,
      filename: WORKER_FILE, settings: workerFiles,
    }),
    // A redis client duplicated at module scope is still the worker's.
    closeCase({
      code: lines(
        `import { parentPort } from 'node:worker_threads';`,
        `import Redis from 'ioredis';`,
        `const base = new Redis();`,
        `const sub = base.duplicate();`,
        `parentPort.on('message', async (key) => {`,
        `  parentPort.postMessage(await sub.get(key));`,
        `  await sub.quit();`,
        `});`,
      ),
      line: `  await sub.quit();`,
      name: 'sub', ...ioredis, task: PORT,
      hook: `parentPort.once('close', () => sub.quit());`,
    }),
    // A worker-level holder assigned once from a promise.
    closeCase({
      code: lines(
        `import { parentPort } from 'node:worker_threads';`,
        `import mysql from 'mysql2/promise';`,
        `let db;`,
        `mysql.createConnection(process.env.DB).then((conn) => { db = conn; });`,
        `parentPort.on('message', async (sql) => {`,
        `  parentPort.postMessage(await db.query(sql));`,
        `  await db.end();`,
        `});`,
      ),
      line: `  await db.end();`,
      name: 'db', library: 'mysql2', noun: 'connection', method: 'end', consequence: CONSEQUENCE.mysql2Connection, task: PORT,
      hook: `parentPort.once('close', () => db.end());`,
    }),
    // A closure over the worker's initialiser.
    closeCase({
      code: lines(
        `import workerpool from 'workerpool';`,
        `import mysql from 'mysql2/promise';`,
        `let conn;`,
        `async function init() { conn = await mysql.createConnection(process.env.DB); }`,
        `await init();`,
        `workerpool.worker({ run: async (sql) => { const [rows] = await conn.query(sql); await conn.end(); return rows; } });`,
      ),
      removed: lines(
        `import workerpool from 'workerpool';`,
        `import mysql from 'mysql2/promise';`,
        `let conn;`,
        `async function init() { conn = await mysql.createConnection(process.env.DB); }`,
        `await init();`,
        `workerpool.worker({ run: async (sql) => { const [rows] = await conn.query(sql);  return rows; } });`,
      ),
      option: { hook: 'onTerminate', output: lines(
        `import workerpool from 'workerpool';`,
        `import mysql from 'mysql2/promise';`,
        `let conn;`,
        `async function init() { conn = await mysql.createConnection(process.env.DB); }`,
        `await init();`,
        `workerpool.worker({ run: async (sql) => { const [rows] = await conn.query(sql);  return rows; } }, { onTerminate: () => conn.end() });`,
      ) },
      name: 'conn', library: 'mysql2', noun: 'connection', method: 'end', consequence: CONSEQUENCE.mysql2Connection, task: 'workerpool task `run`',
    }),
    // mssql global pool closed in the `process` handler under a non-shutdown switch case.
    closeCase({
      code: lines(
        `import pg from 'pg';`,
        `const pool = new pg.Pool();`,
        `process.on('message', async (msg) => {`,
        `  switch (msg.kind) {`,
        `    case 'export':`,
        `      process.send((await pool.query('select 1')).rows);`,
        `      await pool.end();`,
        `      break;`,
        `    case 'stop':`,
        `      await pool.end();`,
        `      break;`,
        `  }`,
        `});`,
      ),
      name: 'pool', ...pgPool, task: PROCESS,
    }),
  ],
};
esmTester.run('no-close-in-worker-task (ESM)', rule, esmCases as never);

const cjsCases = {
  valid: [
    // Dropped after a failure and made again by the next task.
    `const Redis = require('ioredis');
     let redis;
     process.on('message', async ({ key }) => {
       redis ??= new Redis(process.env.REDIS_URL);
       try {
         process.send({ key, value: await redis.get(key) });
       } catch (err) {
         redis.disconnect();
         redis = undefined;
         process.send({ key, error: err.message });
       }
     });`,
    lines(
      `const { parentPort } = require('worker_threads');`,
      `const { Pool } = require('pg');`,
      `const pool = new Pool();`,
      `parentPort.on('message', async (id) => parentPort.postMessage((await pool.query('select $1', [id])).rows));`,
      `process.on('SIGTERM', () => pool.end());`,
    ),
    lines(
      `const Redis = require('ioredis');`,
      `const redis = new Redis();`,
      `module.exports = async function (job) { return redis.get(job.id); };`,
      `process.on('exit', () => redis.disconnect());`,
    ),
    // A module.exports function of a file nobody declared a worker.
    lines(
      `const { Pool } = require('pg');`,
      `const pool = new Pool();`,
      `module.exports = async () => { await pool.end(); };`,
    ),
    lines(
      `const workerpool = require('workerpool');`,
      `const { Pool } = require('pg');`,
      `const pool = new Pool();`,
      `workerpool.worker({ q: (sql) => pool.query(sql) }, { onTerminate: async () => { await pool.end(); } });`,
    ),
    // A bullmq sandboxed processor that owns its per-job client.
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
    // The worker file glob does not match this file.
    {
      code: lines(
        `const { Pool } = require('pg');`,
        `const pool = new Pool();`,
        `module.exports = async () => { await pool.end(); };`,
      ),
      filename: 'src/scripts/migrate.js',
      settings: workerFiles,
    },
  ],
  invalid: [
    closeCase({
      code: lines(
        `const { Pool } = require('pg');`,
        `const pool = new Pool();`,
        `module.exports = async ({ id }) => {`,
        `  const { rows } = await pool.query('select $1', [id]);`,
        `  await pool.end();`,
        `  return rows;`,
        `};`,
      ),
      line: `  await pool.end();`,
      name: 'pool', ...pgPool, task: "the worker's exported function",
      hook: `process.once('beforeExit', () => pool.end());`,
      filename: WORKER_FILE, settings: workerFiles,
    }),
    closeCase({
      code: lines(
        `const Redis = require('ioredis');`,
        `const redis = new Redis();`,
        `process.on('message', async (key) => {`,
        `  process.send(await redis.get(key));`,
        `  redis.quit();`,
        `});`,
      ),
      line: `  redis.quit();`,
      name: 'redis', ...ioredis, task: PROCESS,
      hook: `process.once('disconnect', () => redis.quit());`,
    }),
    closeCase({
      code: lines(
        `const workerpool = require('workerpool');`,
        `const mysql = require('mysql2');`,
        `const pool = mysql.createPool({ uri: process.env.DB });`,
        `function count(table) {`,
        `  return new Promise((resolve) => pool.query('select count(*) from ??', [table], (err, rows) => {`,
        `    pool.end();`,
        `    resolve(rows);`,
        `  }));`,
        `}`,
        `workerpool.worker({ count: count });`,
      ),
      line: `    pool.end();`,
      name: 'pool', library: 'mysql2', noun: 'pool', method: 'end', consequence: CONSEQUENCE.mysql2Pool, task: 'workerpool task `count`',
      option: { hook: 'onTerminate', output: lines(
        `const workerpool = require('workerpool');`,
        `const mysql = require('mysql2');`,
        `const pool = mysql.createPool({ uri: process.env.DB });`,
        `function count(table) {`,
        `  return new Promise((resolve) => pool.query('select count(*) from ??', [table], (err, rows) => {`,
        `    resolve(rows);`,
        `  }));`,
        `}`,
        `workerpool.worker({ count: count }, { onTerminate: () => pool.end() });`,
      ) },
    }),
    closeCase({
      code: lines(
        `const { Worker } = require('bullmq');`,
        `const { createClient } = require('redis');`,
        `const cache = createClient();`,
        `cache.connect();`,
        `const worker = new Worker('warm', async (job) => {`,
        `  await cache.set(job.id, '1');`,
        `  await cache.disconnect();`,
        `}, { connection: {} });`,
      ),
      line: `  await cache.disconnect();`,
      name: 'cache', library: 'redis', noun: 'client', method: 'disconnect', consequence: CONSEQUENCE.redis,
      task: "the processor of bullmq queue 'warm'",
      hook: `worker.once('closed', () => cache.disconnect());`,
    }),
    closeCase({
      code: lines(
        `const { expose } = require('threads/worker');`,
        `const { MongoClient } = require('mongodb');`,
        `const client = new MongoClient(process.env.MONGO_URL);`,
        `expose({ async find(id) { const doc = await client.db().collection('a').findOne({ id }); await client.close(); return doc; } });`,
      ),
      removed: lines(
        `const { expose } = require('threads/worker');`,
        `const { MongoClient } = require('mongodb');`,
        `const client = new MongoClient(process.env.MONGO_URL);`,
        `expose({ async find(id) { const doc = await client.db().collection('a').findOne({ id });  return doc; } });`,
      ),
      hook: `process.once('beforeExit', () => client.close());`,
      name: 'client', library: 'mongodb', noun: 'client', method: 'close', consequence: CONSEQUENCE.mongo, task: 'threads.js task `find`',
    }),
  ],
};
cjsTester.run('no-close-in-worker-task (CommonJS)', rule, cjsCases as never);

const tsCases = {
  valid: [
    // A client the task's helper makes on every call, closed through Symbol.asyncDispose: the task's own.
    `import { parentPort } from 'node:worker_threads';
     import { Client } from 'pg';
     async function connectPg(dsn: string): Promise<Client & AsyncDisposable> {
       const c = new Client({ connectionString: dsn });
       await c.connect();
       return Object.assign(c, { [Symbol.asyncDispose]: () => c.end() });
     }
     parentPort!.on('message', async ({ dsn }: { dsn: string }) => {
       await using pgc = await connectPg(dsn);
       parentPort!.postMessage((await pgc.query('select 1 as ok')).rows);
     });`,
    lines(
      `import { parentPort } from 'node:worker_threads';`,
      `import { Pool } from 'pg';`,
      `const pool: Pool = new Pool();`,
      `parentPort!.on('message', async (msg: { type: 'query' | 'shutdown'; sql: string }) => {`,
      `  if (msg.type === 'shutdown') { await pool.end(); return; }`,
      `  parentPort!.postMessage((await pool.query(msg.sql)).rows);`,
      `});`,
    ),
    lines(
      `import { parentPort } from 'node:worker_threads';`,
      `import Redis from 'ioredis';`,
      `parentPort?.on('message', async (key: string) => {`,
      `  await using redis = Object.assign(new Redis(), { [Symbol.asyncDispose]: async () => { await redis.quit(); } });`,
      `  parentPort?.postMessage(await redis.get(key));`,
      `});`,
    ),
  ],
  invalid: [
    closeCase({
      code: lines(
        `import { parentPort } from 'node:worker_threads';`,
        `import { Pool } from 'pg';`,
        `const pool: Pool = new Pool();`,
        `parentPort!.on('message', async (id: number) => {`,
        `  const { rows } = await (pool as Pool).query('select $1', [id]);`,
        `  await pool!.end();`,
        `  parentPort!.postMessage(rows);`,
        `});`,
      ),
      line: `  await pool!.end();`,
      name: 'pool', ...pgPool, task: 'the `parentPort` message handler',
    }),
    closeCase({
      code: lines(
        `import { PrismaClient } from '@prisma/client';`,
        `const prisma = new PrismaClient();`,
        `export default async function handle(job: { id: string }): Promise<number> {`,
        `  const n = await prisma.order.count({ where: { id: job.id } });`,
        `  await prisma.$disconnect();`,
        `  return n;`,
        `}`,
      ),
      line: `  await prisma.$disconnect();`,
      name: 'prisma', library: '@prisma/client', noun: 'client', method: '$disconnect', consequence: CONSEQUENCE.prisma,
      task: "the worker's default export",
      hook: `process.once('beforeExit', () => prisma.$disconnect());`,
      filename: WORKER_FILE_TS, settings: workerFiles,
    }),
    closeCase({
      code: lines(
        `import pg = require('pg');`,
        `import workerpool = require('workerpool');`,
        `const pool = new pg.Pool();`,
        `workerpool.worker({ async q(sql: string) { const r = await pool.query(sql); await pool.end(); return r.rows; } });`,
      ),
      removed: lines(
        `import pg = require('pg');`,
        `import workerpool = require('workerpool');`,
        `const pool = new pg.Pool();`,
        `workerpool.worker({ async q(sql: string) { const r = await pool.query(sql);  return r.rows; } });`,
      ),
      option: { hook: 'onTerminate', output: lines(
        `import pg = require('pg');`,
        `import workerpool = require('workerpool');`,
        `const pool = new pg.Pool();`,
        `workerpool.worker({ async q(sql: string) { const r = await pool.query(sql);  return r.rows; } }, { onTerminate: () => pool.end() });`,
      ) },
      name: 'pool', ...pgPool, task: 'workerpool task `q`',
    }),
  ],
};
tsTester.run('no-close-in-worker-task (TypeScript)', rule, tsCases as never);

checkFixedOutputs('no-close-in-worker-task', rule as never, { esm: esmCases as never, cjs: cjsCases as never, ts: tsCases as never });
