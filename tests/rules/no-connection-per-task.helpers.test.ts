/**
 * no-connection-per-task through helpers: a factory in a same-file function that tasks
 * call is made per task; one the run-once code reaches (`main()`, an IIFE) is the run's.
 * Also the setup-command branch (`msg.type === 'init'`) that makes the worker's one pool.
 */
import type { InvalidTestCase } from '@typescript-eslint/rule-tester';
import rule from '../../rules/no-connection-per-task.js';
import { cjsTester, esmTester, tsTester } from '../setup-rule-tester.js';
import { checkFixedOutputs } from '../helpers/fixed-outputs.js';

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
  /** The output of the hoist suggestion, when there is one. */
  readonly hoisted?: string;
}

function finding(f: Finding): InvalidTestCase<MessageId, []> {
  return {
    code: f.code,
    output: null,
    errors: [
      {
        messageId: f.messageId,
        line: f.line,
        data: { name: f.name, library: f.library, noun: f.noun, task: f.task ?? '' },
        suggestions: f.hoisted ? [{ messageId: 'hoist', data: { name: f.name }, output: f.hoisted }] : [],
      },
    ],
  };
}

const lines = (...parts: string[]): string => parts.join('\n');

const esmCases = {
  valid: [
    // A lazy singleton filled by a helper the task calls: one pool per worker.
    lines(
      `import { parentPort } from 'node:worker_threads';`,
      `import pg from 'pg';`,
      `let pool;`,
      `function db() {`,
      `  pool ??= new pg.Pool({ max: 2 });`,
      `  return pool;`,
      `}`,
      `parentPort.on('message', async (id) => parentPort.postMessage((await db().query('select $1', [id])).rows));`,
    ),
    // The same through two helpers, guarded by an if.
    lines(
      `import { parentPort } from 'node:worker_threads';`,
      `import Redis from 'ioredis';`,
      `let cache;`,
      `function connectCache() { if (!cache) { cache = new Redis(process.env.REDIS_URL); } }`,
      `async function cached(key) { connectCache(); return cache.get(key); }`,
      `parentPort.on('message', async (key) => parentPort.postMessage(await cached(key)));`,
    ),
    // A per-tenant cache filled by a helper: one pool per tenant and worker, kept for the next task.
    lines(
      `import { parentPort } from 'node:worker_threads';`,
      `import pg from 'pg';`,
      `const pools = new Map();`,
      `function ensureTenant(tenant) {`,
      `  if (!pools.has(tenant)) pools.set(tenant, new pg.Pool({ database: tenant, max: 1 }));`,
      `}`,
      `parentPort.on('message', async ({ tenant, sql }) => {`,
      `  ensureTenant(tenant);`,
      `  parentPort.postMessage((await pools.get(tenant).query(sql)).rows);`,
      `});`,
    ),
    // A helper that also runs at module scope is the worker's setup, not per task.
    lines(
      `import { parentPort } from 'node:worker_threads';`,
      `import pg from 'pg';`,
      `async function warmUp() {`,
      `  const probe = new pg.Client();`,
      `  await probe.connect();`,
      `  await probe.query('select 1');`,
      `}`,
      `await warmUp();`,
      `parentPort.on('message', async (msg) => { if (msg === 'warm') await warmUp(); });`,
    ),
    // A helper the task calls that opens and closes its client on every path.
    lines(
      `import { parentPort } from 'node:worker_threads';`,
      `import pg from 'pg';`,
      `async function fetchTotal(day) {`,
      `  const client = new pg.Client();`,
      `  await client.connect();`,
      `  try { return (await client.query('select sum(n) from sales where day = $1', [day])).rows[0]; } finally { await client.end(); }`,
      `}`,
      `parentPort.on('message', async (day) => parentPort.postMessage(await fetchTotal(day)));`,
    ),
    // A helper only other modules call: not a task's code.
    lines(
      `import { parentPort } from 'node:worker_threads';`,
      `import pg from 'pg';`,
      `export async function audit(entry) { const pool = new pg.Pool(); await pool.query('insert into audit values ($1)', [entry]); }`,
      `parentPort.on('message', (m) => parentPort.postMessage(m));`,
    ),
    // Run-once: main() closes in finally.
    lines(
      `import { workerData, parentPort } from 'node:worker_threads';`,
      `import pg from 'pg';`,
      `async function main() {`,
      `  const client = new pg.Client(workerData.url);`,
      `  await client.connect();`,
      `  try { parentPort.postMessage((await client.query('select now()')).rows); } finally { await client.end(); }`,
      `}`,
      `main().catch((err) => { console.error(err); process.exitCode = 1; });`,
    ),
    // Run-once: main() ends the thread itself, or the chain on its promise does.
    lines(
      `import { workerData, parentPort } from 'node:worker_threads';`,
      `import Redis from 'ioredis';`,
      `async function main() {`,
      `  const redis = new Redis(workerData.url);`,
      `  parentPort.postMessage(await redis.get(workerData.key));`,
      `  process.exit(0);`,
      `}`,
      `main();`,
    ),
    lines(
      `import { workerData, parentPort } from 'node:worker_threads';`,
      `import mysql from 'mysql2/promise';`,
      `async function main() {`,
      `  const conn = await mysql.createConnection(workerData.dsn);`,
      `  parentPort.postMessage((await conn.query('select 1'))[0]);`,
      `}`,
      `main().then(() => process.exit(0), () => process.exit(1));`,
    ),
    lines(
      `import { workerData } from 'node:worker_threads';`,
      `import mysql from 'mysql2/promise';`,
      `async function store() {`,
      `  const conn = await mysql.createConnection(workerData.dsn);`,
      `  await conn.query('insert into runs values (?)', [workerData.id]);`,
      `}`,
      `async function main() { await store(); }`,
      `main().finally(() => process.exit());`,
    ),
    // Run-once: a helper hands on a view of the client; its caller ends the thread.
    lines(
      `import { workerData, parentPort } from 'node:worker_threads';`,
      `import { MongoClient } from 'mongodb';`,
      `async function openDb() {`,
      `  const client = new MongoClient(workerData.url);`,
      `  await client.connect();`,
      `  return client.db('game');`,
      `}`,
      `async function save() {`,
      `  const db = await openDb();`,
      `  await db.collection('worlds').updateOne({ id: workerData.id }, { $set: workerData.world });`,
      `  parentPort.postMessage('saved');`,
      `  process.exit(0);`,
      `}`,
      `save();`,
    ),
    // A run-once handler that ends the process after its helper's work.
    lines(
      `import pg from 'pg';`,
      `async function save(row) { const client = new pg.Client(); await client.connect(); await client.query('insert into t values ($1)', [row]); }`,
      `process.once('message', async (row) => { await save(row); process.send('saved'); process.exit(0); });`,
    ),
    // A setup command makes the worker's one pool and keeps it in a module holder.
    lines(
      `import { parentPort } from 'node:worker_threads';`,
      `import mysql from 'mysql2/promise';`,
      `let pool;`,
      `parentPort.on('message', async (msg) => {`,
      `  if (msg.type === 'init') {`,
      `    pool = mysql.createPool(msg.config);`,
      `    parentPort.postMessage({ ready: true });`,
      `    return;`,
      `  }`,
      `  const [rows] = await pool.query(msg.sql, msg.params);`,
      `  parentPort.postMessage(rows);`,
      `});`,
    ),
    lines(
      `import { parentPort } from 'node:worker_threads';`,
      `import mysql from 'mysql2/promise';`,
      `let pool;`,
      `parentPort.on('message', async (msg) => {`,
      `  switch (msg.kind) {`,
      `    case 'setup':`,
      `      pool = mysql.createPool(msg.config);`,
      `      break;`,
      `    default:`,
      `      parentPort.postMessage((await pool.query(msg.sql))[0]);`,
      `  }`,
      `});`,
    ),
  ],
  invalid: [
    // A pool built two helpers below the task: one per message.
    finding({
      code: lines(
        `import { parentPort } from 'node:worker_threads';`,
        `import pg from 'pg';`,
        `async function countRows(table) {`,
        `  const pool = new pg.Pool({ max: 2 });`,
        `  const { rows } = await pool.query('select count(*) from ' + table);`,
        `  return rows[0].count;`,
        `}`,
        `async function report(msg) { return { total: await countRows(msg.table) }; }`,
        `parentPort.on('message', async (msg) => parentPort.postMessage(await report(msg)));`,
      ),
      messageId: 'poolPerTask', name: 'pool', library: 'pg', noun: 'pool', task: PORT, line: 4,
      hoisted: lines(
        `import { parentPort } from 'node:worker_threads';`,
        `import pg from 'pg';`,
        `async function countRows(table) {`,
        `  const { rows } = await pool.query('select count(*) from ' + table);`,
        `  return rows[0].count;`,
        `}`,
        `async function report(msg) { return { total: await countRows(msg.table) }; }`,
        `const pool = new pg.Pool({ max: 2 });`,
        ``,
        `parentPort.on('message', async (msg) => parentPort.postMessage(await report(msg)));`,
      ),
    }),
    // A callback-form connect in a helper: the callback's parameter is the client, never closed.
    finding({
      code: lines(
        `import { parentPort } from 'node:worker_threads';`,
        `import { MongoClient } from 'mongodb';`,
        `function recordVisit(visit) {`,
        `  MongoClient.connect(process.env.MONGO_URL, (err, client) => {`,
        `    if (err) throw err;`,
        `    client.db('stats').collection('visits').insertOne(visit);`,
        `  });`,
        `}`,
        `parentPort.on('message', (visit) => { recordVisit(visit); parentPort.postMessage('queued'); });`,
      ),
      messageId: 'poolPerTask', name: 'client', library: 'mongodb', noun: 'client', task: PORT, line: 4,
    }),
    // A pool without a holder, in a promise executor two helpers deep; the helper is exported too.
    finding({
      code: lines(
        `import { createPool } from 'mysql2';`,
        `function checkout() {`,
        `  return new Promise((resolve, reject) => {`,
        `    createPool(process.env.DB_URL).getConnection((err, conn) => (err ? reject(err) : resolve(conn)));`,
        `  });`,
        `}`,
        `export async function listUsers() {`,
        `  const conn = await checkout();`,
        `  const [rows] = await conn.promise().query('select id, name from users');`,
        `  conn.release();`,
        `  return rows;`,
        `}`,
        `process.on('message', () => listUsers().then((rows) => process.send(rows)));`,
      ),
      messageId: 'poolPerTask', name: 'createPool(process.env.DB_URL)', library: 'mysql2', noun: 'pool', task: PROCESS, line: 4,
    }),
    // A client a helper opens and leaves open, per threads.js call.
    finding({
      code: lines(
        `import { expose } from 'threads/worker';`,
        `import { createClient } from 'redis';`,
        `async function readCounter(key) {`,
        `  const redis = createClient({ url: process.env.REDIS_URL });`,
        `  await redis.connect();`,
        `  return Number(await redis.get(key));`,
        `}`,
        `expose({ async bump(key) { return (await readCounter(key)) + 1; } });`,
      ),
      messageId: 'clientPerTask', name: 'redis', library: 'redis', noun: 'client', task: 'threads.js task `bump`', line: 4,
    }),
    // A branch for another command makes a new pool each time it runs.
    finding({
      code: lines(
        `import { parentPort } from 'node:worker_threads';`,
        `import mysql from 'mysql2/promise';`,
        `let pool;`,
        `parentPort.on('message', async (msg) => {`,
        `  if (msg.type === 'query') {`,
        `    pool = mysql.createPool(msg.config);`,
        `    parentPort.postMessage((await pool.query(msg.sql))[0]);`,
        `  }`,
        `});`,
      ),
      messageId: 'poolPerTask', name: 'pool', library: 'mysql2', noun: 'pool', task: PORT, line: 6,
    }),
    // Run-once: main() called at the top level, with a catch that does not end the thread.
    finding({
      code: lines(
        `import { workerData, parentPort } from 'node:worker_threads';`,
        `import pg from 'pg';`,
        `async function main() {`,
        `  const client = new pg.Client(workerData.url);`,
        `  await client.connect();`,
        `  parentPort.postMessage((await client.query('select now()')).rows);`,
        `}`,
        `main().catch((err) => { console.error(err); process.exitCode = 1; });`,
      ),
      messageId: 'runOnceLeak', name: 'client', library: 'pg', noun: 'client', line: 4,
    }),
    // Run-once: a helper of main(), and an IIFE.
    finding({
      code: lines(
        `import { workerData, parentPort } from 'node:worker_threads';`,
        `import mysql from 'mysql2/promise';`,
        `async function store(id) {`,
        `  const conn = await mysql.createConnection(workerData.dsn);`,
        `  await conn.query('update jobs set done = 1 where id = ?', [id]);`,
        `}`,
        `async function main() { await store(workerData.id); parentPort.postMessage('done'); }`,
        `void main();`,
      ),
      messageId: 'runOnceLeak', name: 'conn', library: 'mysql2', noun: 'connection', line: 4,
    }),
    // Run-once: a once handler's helper.
    finding({
      code: lines(
        `import pg from 'pg';`,
        `async function save(row) {`,
        `  const client = new pg.Client();`,
        `  await client.connect();`,
        `  await client.query('insert into t values ($1)', [row]);`,
        `}`,
        `process.once('message', async (row) => { await save(row); process.send('saved'); });`,
      ),
      messageId: 'runOnceLeak', name: 'client', library: 'pg', noun: 'client', line: 3,
    }),
    finding({
      code: lines(
        `import { workerData, parentPort } from 'node:worker_threads';`,
        `import Redis from 'ioredis';`,
        `(async () => {`,
        `  const redis = new Redis(workerData.url);`,
        `  parentPort.postMessage(await redis.incr(workerData.key));`,
        `})();`,
      ),
      messageId: 'runOnceLeak', name: 'redis', library: 'ioredis', noun: 'client', line: 4,
    }),
  ],
};
esmTester.run('no-connection-per-task, helpers (ESM)', rule, esmCases as never);

const cjsCases = {
  valid: [
    // Run-once: the IIFE closes in finally.
    lines(
      `const { workerData, parentPort } = require('worker_threads');`,
      `const { Client } = require('pg');`,
      `(async () => {`,
      `  const client = new Client(workerData.url);`,
      `  await client.connect();`,
      `  try { parentPort.postMessage((await client.query('select 1')).rows); } finally { await client.end(); }`,
      `})();`,
    ),
    // A setup command, compared the other way round, keeps the pool for the worker.
    lines(
      `const { Pool } = require('pg');`,
      `let pool;`,
      `process.on('message', async (msg) => {`,
      `  if ('configure' === msg.cmd) { pool = new Pool(msg.db); return; }`,
      `  process.send((await pool.query(msg.sql)).rows);`,
      `});`,
    ),
    // A lazily made client kept on module.exports' holder through a helper.
    lines(
      `const Redis = require('ioredis');`,
      `let client;`,
      `function redis() { return client || (client = new Redis()); }`,
      `process.on('message', async (key) => process.send(await redis().get(key)));`,
      `module.exports = { redis };`,
    ),
  ],
  invalid: [
    // An exported helper that tasks call: the calls here still make one pool each.
    finding({
      code: lines(
        `const { parentPort } = require('worker_threads');`,
        `const { Pool } = require('pg');`,
        `async function summarize(day) {`,
        `  const pool = new Pool({ max: 4 });`,
        `  return (await pool.query('select count(*) from orders where day = $1', [day])).rows[0];`,
        `}`,
        `parentPort.on('message', async (day) => parentPort.postMessage(await summarize(day)));`,
        `module.exports = { summarize };`,
      ),
      messageId: 'poolPerTask', name: 'pool', library: 'pg', noun: 'pool', task: PORT, line: 4,
      hoisted: lines(
        `const { parentPort } = require('worker_threads');`,
        `const { Pool } = require('pg');`,
        `async function summarize(day) {`,
        `  return (await pool.query('select count(*) from orders where day = $1', [day])).rows[0];`,
        `}`,
        `const pool = new Pool({ max: 4 });`,
        ``,
        `parentPort.on('message', async (day) => parentPort.postMessage(await summarize(day)));`,
        `module.exports = { summarize };`,
      ),
    }),
    // Run-once: an IIFE that never closes.
    finding({
      code: lines(
        `const { workerData, parentPort } = require('worker_threads');`,
        `const mysql = require('mysql2/promise');`,
        `(async function run() {`,
        `  const conn = await mysql.createConnection(workerData.dsn);`,
        `  parentPort.postMessage((await conn.query('select 1'))[0]);`,
        `})();`,
      ),
      messageId: 'runOnceLeak', name: 'conn', library: 'mysql2', noun: 'connection', line: 4,
    }),
  ],
};
cjsTester.run('no-connection-per-task, helpers (CommonJS)', rule, cjsCases as never);

const tsCases = {
  valid: [
    lines(
      `import { parentPort } from 'node:worker_threads';`,
      `import { Pool } from 'pg';`,
      `let pool: Pool | undefined;`,
      `const getPool = (): Pool => (pool ??= new Pool({ max: 2 }));`,
      `parentPort?.on('message', async (id: number) => parentPort?.postMessage((await getPool().query('select $1', [id])).rows));`,
    ),
    lines(
      `import { parentPort } from 'node:worker_threads';`,
      `import mysql, { type Pool } from 'mysql2/promise';`,
      `let pool: Pool | undefined;`,
      `interface Message { readonly type: 'init' | 'run'; readonly config?: mysql.PoolOptions; readonly sql?: string }`,
      `parentPort!.on('message', async (msg: Message) => {`,
      `  if (msg.type === 'init') pool = mysql.createPool(msg.config!);`,
      `  else parentPort!.postMessage((await pool!.query(msg.sql!))[0]);`,
      `});`,
    ),
  ],
  invalid: [
    finding({
      code: lines(
        `import { parentPort } from 'node:worker_threads';`,
        `import { Pool } from 'pg';`,
        `async function fetchRows(sql: string): Promise<unknown[]> {`,
        `  const pool: Pool = new Pool();`,
        `  return (await pool.query(sql)).rows;`,
        `}`,
        `parentPort!.on('message', async (sql: string) => parentPort!.postMessage(await fetchRows(sql)));`,
      ),
      messageId: 'poolPerTask', name: 'pool', library: 'pg', noun: 'pool', task: PORT, line: 4,
      hoisted: lines(
        `import { parentPort } from 'node:worker_threads';`,
        `import { Pool } from 'pg';`,
        `async function fetchRows(sql: string): Promise<unknown[]> {`,
        `  return (await pool.query(sql)).rows;`,
        `}`,
        `const pool: Pool = new Pool();`,
        ``,
        `parentPort!.on('message', async (sql: string) => parentPort!.postMessage(await fetchRows(sql)));`,
      ),
    }),
    finding({
      code: lines(
        `import { workerData, parentPort } from 'node:worker_threads';`,
        `import Redis from 'ioredis';`,
        `async function main(): Promise<void> {`,
        `  const redis = new Redis(workerData.url as string);`,
        `  parentPort?.postMessage(await redis.get(workerData.key as string));`,
        `}`,
        `void main();`,
      ),
      messageId: 'runOnceLeak', name: 'redis', library: 'ioredis', noun: 'client', line: 4,
    }),
  ],
};
tsTester.run('no-connection-per-task, helpers (TypeScript)', rule, tsCases as never);

checkFixedOutputs('no-connection-per-task, helpers', rule as never, { esm: esmCases as never, cjs: cjsCases as never, ts: tsCases as never });
