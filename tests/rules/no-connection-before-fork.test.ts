// Cases by role test, fork API, module system and library; every fix output is linted again below.
import type { InvalidTestCase, ValidTestCase } from '@typescript-eslint/rule-tester';
import rule from '../../rules/no-connection-before-fork.js';
import { cjsTester, esmTester, tsTester } from '../setup-rule-tester.js';
import { checkFixedOutputs } from '../helpers/fixed-outputs.js';

type Options = readonly unknown[];
// Grouped by parser; the testers below check them against the rule's own message ids.
interface Cases {
  readonly valid: ValidTestCase<Options>[];
  readonly invalid: InvalidTestCase<string, Options>[];
}

const esm: Cases = {
  valid: [
    {
      // A MongoDB Db and Collection defined at module scope talk to no server; only workers connect.
      code: `
import cluster from 'node:cluster';
import { MongoClient } from 'mongodb';
const client = new MongoClient(process.env.MONGO_URL);
const products = client.db('shop').collection('products');
if (cluster.isPrimary) {
  for (let i = 0; i < 4; i++) cluster.fork();
} else {
  await client.connect();
  console.log(await products.countDocuments());
}
`,
    },
    {
      // A LISTEN/NOTIFY dispatcher: the primary keeps receiving notifications after forking.
      code: `
import cluster from 'node:cluster';
import pg from 'pg';
if (cluster.isPrimary) {
  const listener = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await listener.connect();
  await listener.query('LISTEN new_job');
  const workers = [cluster.fork(), cluster.fork()];
  let next = 0;
  listener.on('notification', (n) => workers[next++ % workers.length].send({ jobId: n.payload }));
} else {
  process.on('message', ({ jobId }) => console.log(jobId));
}
`,
    },
    {
      // A Redis subscriber that dispatches messages to the workers it forked.
      code: `
import cluster from 'node:cluster';
import Redis from 'ioredis';
if (cluster.isPrimary) {
  const sub = new Redis(process.env.REDIS_URL);
  sub.on('message', (channel, job) => cluster.workers[1]?.send(job));
  await sub.subscribe('jobs');
  cluster.fork();
} else {
  process.on('message', (job) => console.log(job));
}
`,
    },
    {
      // both roles use it
      code: `
import cluster from 'node:cluster';
import Redis from 'ioredis';
const redis = new Redis();
if (cluster.isPrimary) {
  cluster.fork();
  cluster.on('exit', () => redis.incr('restarts'));
} else {
  redis.get('k');
}
`,
    },
    {
      // dispatcher: the primary uses it after forking
      code: `
import cluster from 'node:cluster';
import mysql from 'mysql2/promise';
if (cluster.isPrimary) {
  const pool = mysql.createPool(process.env.MYSQL_URL);
  await pool.query('select 1');
  const worker = cluster.fork();
  worker.on('message', async (job) => worker.send(await pool.query('select * from jobs where id = ?', [job])));
}
`,
    },
    {
      // LISTEN/NOTIFY after forking
      code: `
import cluster from 'node:cluster';
import pg from 'pg';
if (cluster.isPrimary) {
  const client = new pg.Client();
  await client.connect();
  await client.query('LISTEN deploys');
  cluster.fork();
  client.on('notification', () => {});
  await client.query('select 1');
}
`,
    },
    {
      // lazy pool only workers use
      code: `
import cluster from 'node:cluster';
import { Pool } from 'pg';
const pool = new Pool();
if (cluster.isPrimary) {
  cluster.fork();
} else {
  await pool.query('select 1');
}
`,
    },
    {
      // created in the worker branch
      code: `
import cluster from 'node:cluster';
import Redis from 'ioredis';
if (cluster.isPrimary) {
  cluster.fork();
} else {
  const redis = new Redis();
  redis.get('k');
}
`,
    },
    {
      // migrations, then closed before forking
      code: `
import cluster from 'node:cluster';
import mysql from 'mysql2/promise';
if (cluster.isPrimary) {
  const pool = mysql.createPool(process.env.MYSQL_URL);
  await pool.query('create table if not exists t (id int)');
  await pool.end();
  cluster.fork();
}
`,
    },
    {
      // closed in a function called before forking
      code: `
import cluster from 'node:cluster';
import Redis from 'ioredis';
if (cluster.isPrimary) {
  const redis = new Redis();
  async function warm() {
    await redis.set('boot', 1);
    await redis.quit();
  }
  await warm();
  cluster.fork();
}
`,
    },
    {
      // cluster.setupPrimary({ exec }) forks another module
      code: `
import cluster from 'node:cluster';
import Redis from 'ioredis';
const redis = new Redis();
cluster.setupPrimary({ exec: './worker.js' });
cluster.fork();
cluster.on('exit', () => redis.incr('restarts'));
`,
    },
    {
      // new Worker('./worker.js')
      code: `
import { Worker } from 'node:worker_threads';
import mysql from 'mysql2/promise';
const pool = mysql.createPool(process.env.URL);
await pool.query('select 1');
new Worker('./worker.js');
`,
    },
    {
      // file that never forks
      code: `
import Redis from 'ioredis';
const redis = new Redis();
await redis.ping();
`,
    },
    {
      // file that reads cluster.isPrimary but never forks
      code: `
import cluster from 'node:cluster';
import Redis from 'ioredis';
const redis = new Redis();
if (!cluster.isPrimary) redis.get('k');
`,
    },
    {
      // pg Pool closes idle clients
      code: `
import cluster from 'node:cluster';
import pg from 'pg';
if (cluster.isPrimary) {
  const pool = new pg.Pool();
  await pool.query('select 1');
  cluster.fork();
}
`,
    },
    {
      // exported connection
      code: `
import cluster from 'node:cluster';
import Redis from 'ioredis';
export const redis = new Redis();
if (cluster.isPrimary) {
  cluster.fork();
} else {
  redis.get('k');
}
`,
    },
    {
      // handed to other code on the primary path
      code: `
import cluster from 'node:cluster';
import Redis from 'ioredis';
import { startDashboard } from './dashboard.js';
const redis = new Redis();
if (cluster.isPrimary) {
  startDashboard(redis);
  cluster.fork();
} else {
  redis.get('k');
}
`,
    },
    {
      // node-redis connected on the worker path only
      code: `
import cluster from 'node:cluster';
import { createClient } from 'redis';
const client = createClient();
if (cluster.isPrimary) {
  cluster.fork();
} else {
  await client.connect();
  await client.get('k');
}
`,
    },
    {
      // piscina with another file
      code: `
import Piscina from 'piscina';
import Redis from 'ioredis';
const redis = new Redis();
const pool = new Piscina({ filename: './task.js' });
await redis.set('x', await pool.run(1));
`,
    },
    {
      // bullmq Worker is a queue consumer
      code: `
import { Worker } from 'bullmq';
import Redis from 'ioredis';
const connection = new Redis({ maxRetriesPerRequest: null });
new Worker('q', async () => {}, { connection });
`,
    },
    {
      // workerpool pool named pool
      code: `
import workerpool from 'workerpool';
import Redis from 'ioredis';
const pool = workerpool.pool();
const redis = new Redis();
await redis.set('r', await pool.exec('f', []));
`,
    },
    {
      // a local class named Pool
      code: `
import cluster from 'node:cluster';
class Pool { query() {} }
const pool = new Pool();
if (cluster.isPrimary) {
  cluster.fork();
} else {
  pool.query();
}
`,
    },
    {
      // throng with both roles using a pool that closes idle clients
      code: `
import throng from 'throng';
import { Pool } from 'pg';
const redis = new Pool();
throng({
  master: () => redis.set('boot', 1),
  worker: () => redis.get('k'),
});
`,
    },
    {
      // isPrimary from a project module is not cluster
      code: `
import { Worker } from 'node:worker_threads';
import { isPrimary } from './roles.js';
import Redis from 'ioredis';
const redis = new Redis();
if (isPrimary) {
  new Worker(new URL(import.meta.url));
} else {
  redis.get('k');
}
`,
    },
    {
      // a variable named cluster not from node:cluster
      code: `
import Redis from 'ioredis';
const cluster = { isPrimary: true, fork() {} };
const redis = new Redis();
if (cluster.isPrimary) {
  cluster.fork();
} else {
  redis.get('k');
}
`,
    },
    {
      // primary uses it in a callback after forking
      code: `
import cluster from 'node:cluster';
import mysql from 'mysql2/promise';
if (cluster.isPrimary) {
  const pool = mysql.createPool(process.env.URL);
  await pool.query('select 1');
  cluster.fork();
  setInterval(() => pool.query('select 1'), 60000);
}
`,
    },
    {
      // forks only in a callback
      code: `
import cluster from 'node:cluster';
import mysql from 'mysql2/promise';
if (cluster.isPrimary) {
  const pool = mysql.createPool(process.env.URL);
  await pool.query('select 1');
  process.on('SIGHUP', () => cluster.fork());
}
`,
    },
    {
      // use and fork in the same loop
      code: `
import cluster from 'node:cluster';
import mysql from 'mysql2/promise';
if (cluster.isPrimary) {
  const pool = mysql.createPool(process.env.URL);
  for (const shard of [1, 2]) {
    await pool.query('select ?', [shard]);
    cluster.fork({ SHARD: shard });
  }
}
`,
    },
    {
      // sequelize closes idle connections
      code: `
import cluster from 'node:cluster';
import { Sequelize } from 'sequelize';
if (cluster.isPrimary) {
  const sequelize = new Sequelize(process.env.URL);
  await sequelize.authenticate();
  await sequelize.query('select 1');
  cluster.fork();
}
`,
    },
    {
      // empty self-forking file
      code: `
import cluster from 'node:cluster';
if (cluster.isPrimary) cluster.fork();
`,
    },
    {
      // lazy MongoClient only workers use
      code: `
import cluster from 'node:cluster';
import { MongoClient } from 'mongodb';
const client = new MongoClient(process.env.MONGO_URL);
if (cluster.isPrimary) {
  cluster.fork();
} else {
  await client.db().collection('x').findOne();
}
`,
    },
    {
      // a function called from both roles
      code: `
import cluster from 'node:cluster';
import Redis from 'ioredis';
const redis = new Redis();
function log(line) {
  return redis.rpush('log', line);
}
if (cluster.isPrimary) {
  log('primary');
  cluster.fork();
  cluster.on('exit', () => log('exit'));
} else {
  log('worker');
}
`,
    },
    {
      // exported function uses it
      code: `
import cluster from 'node:cluster';
import Redis from 'ioredis';
const redis = new Redis();
export function get(key) {
  return redis.get(key);
}
if (cluster.isPrimary) cluster.fork();
`,
    },
    {
      // only definitions at module scope, both roles
      code: `
import cluster from 'node:cluster';
import mongoose from 'mongoose';
const conn = mongoose.createConnection(process.env.MONGO_URL);
const User = conn.model('User', new mongoose.Schema({}));
if (cluster.isPrimary) {
  cluster.fork();
  cluster.on('exit', () => conn.db.collection('restarts').insertOne({}));
} else {
  await User.findOne();
}
`,
    },
    {
      // workerData carries a path, not a connection
      code: `
import { Worker, isMainThread, workerData } from 'node:worker_threads';
import Database from 'better-sqlite3';
if (isMainThread) {
  new Worker(new URL(import.meta.url), { workerData: { db: './data.sqlite' } });
} else {
  const db = new Database(workerData.db);
  db.prepare('select 1').get();
}
`,
    },
    {
      // closed before forking with a shutdown as well
      code: `
import cluster from 'node:cluster';
import Redis from 'ioredis';
if (cluster.isPrimary) {
  const redis = new Redis();
  await redis.set('boot', 1);
  await redis.quit();
  cluster.fork();
  process.on('SIGTERM', () => redis.disconnect());
}
`,
    },
    {
      // typeorm: pool idling is up to the driver
      code: `
import cluster from 'node:cluster';
import { DataSource } from 'typeorm';
if (cluster.isPrimary) {
  const ds = new DataSource({ type: 'postgres' });
  await ds.initialize();
  await ds.query('select 1');
  cluster.fork();
}
`,
    },
    {
      // connection in a class field
      code: `
import cluster from 'node:cluster';
import Redis from 'ioredis';
class Cache {
  redis = new Redis();
  get(k) { return this.redis.get(k); }
}
if (cluster.isPrimary) cluster.fork();
else new Cache().get('k');
`,
    },
    {
      // empty file
      code: ``,
    },
    {
      // child_process fork of another module with a primary connection
      code: `
import { fork } from 'node:child_process';
import mysql from 'mysql2/promise';
const pool = mysql.createPool(process.env.URL);
await pool.query('select 1');
fork(new URL('./child.js', import.meta.url));
`,
    },
  ],
  invalid: [
    {
      // cluster.isPrimary / else
      code: `
import cluster from 'node:cluster';
import Redis from 'ioredis';

// Sessions.
const sessions = new Redis(process.env.REDIS_URL);

if (cluster.isPrimary) {
  cluster.fork();
} else {
  await sessions.get('s:1');
}
`,
      output: `
import cluster from 'node:cluster';
import Redis from 'ioredis';

if (cluster.isPrimary) {
  cluster.fork();
} else {
  // Sessions.
  const sessions = new Redis(process.env.REDIS_URL);

  await sessions.get('s:1');
}
`,
      errors: [
        {
          messageId: 'workerOnly',
          data: {"name":"sessions","library":"ioredis","noun":"client","forkSite":"cluster.fork()"},
          line: 6,
          column: 18,
          suggestions: [],
        },
      ],
    },
    {
      // cluster.isWorker
      code: `
import cluster from 'cluster';
import { createConnection } from 'mysql2/promise';
const conn = await createConnection(process.env.MYSQL_URL);
if (cluster.isWorker) {
  await conn.query('select 1');
} else {
  cluster.fork();
}
`,
      output: `
import cluster from 'cluster';
import { createConnection } from 'mysql2/promise';
if (cluster.isWorker) {
  const conn = await createConnection(process.env.MYSQL_URL);
  await conn.query('select 1');
} else {
  cluster.fork();
}
`,
      errors: [
        {
          messageId: 'workerOnly',
          data: {"name":"conn","library":"mysql2","noun":"connection","forkSite":"cluster.fork()"},
          line: 4,
          column: 20,
          suggestions: [],
        },
      ],
    },
    {
      // negated test
      code: `
import cluster from 'node:cluster';
import Redis from 'ioredis';
const redis = new Redis();
if (!cluster.isPrimary) {
  redis.ping();
} else {
  cluster.fork();
}
`,
      output: `
import cluster from 'node:cluster';
import Redis from 'ioredis';
if (!cluster.isPrimary) {
  const redis = new Redis();
  redis.ping();
} else {
  cluster.fork();
}
`,
      errors: [
        {
          messageId: 'workerOnly',
          data: {"name":"redis","library":"ioredis","noun":"client","forkSite":"cluster.fork()"},
          line: 4,
          column: 15,
          suggestions: [],
        },
      ],
    },
    {
      // destructured alias
      code: `
import cluster from 'node:cluster';
import Redis from 'ioredis';
const { isPrimary, fork } = cluster;
const redis = new Redis();
if (isPrimary) {
  cluster.fork();
} else {
  redis.ping();
}
`,
      output: `
import cluster from 'node:cluster';
import Redis from 'ioredis';
const { isPrimary, fork } = cluster;
if (isPrimary) {
  cluster.fork();
} else {
  const redis = new Redis();
  redis.ping();
}
`,
      errors: [
        {
          messageId: 'workerOnly',
          data: {"name":"redis","library":"ioredis","noun":"client","forkSite":"cluster.fork()"},
          line: 5,
          column: 15,
          suggestions: [],
        },
      ],
    },
    {
      // const alias
      code: `
import cluster from 'node:cluster';
import Redis from 'ioredis';
const primary = cluster.isPrimary;
const redis = new Redis();
if (primary) {
  cluster.fork();
} else {
  redis.ping();
}
`,
      output: `
import cluster from 'node:cluster';
import Redis from 'ioredis';
const primary = cluster.isPrimary;
if (primary) {
  cluster.fork();
} else {
  const redis = new Redis();
  redis.ping();
}
`,
      errors: [
        {
          messageId: 'workerOnly',
          data: {"name":"redis","library":"ioredis","noun":"client","forkSite":"cluster.fork()"},
          line: 5,
          column: 15,
          suggestions: [],
        },
      ],
    },
    {
      // early return in an async main
      code: `
import cluster from 'node:cluster';
import Redis from 'ioredis';
const redis = new Redis();
async function main() {
  if (cluster.isPrimary) {
    cluster.fork();
    return;
  }
  await redis.ping();
}
main();
`,
      output: `
import cluster from 'node:cluster';
import Redis from 'ioredis';
async function main() {
  if (cluster.isPrimary) {
    cluster.fork();
    return;
  }
  const redis = new Redis();
  await redis.ping();
}
main();
`,
      errors: [
        {
          messageId: 'workerOnly',
          data: {"name":"redis","library":"ioredis","noun":"client","forkSite":"cluster.fork()"},
          line: 4,
          column: 15,
          suggestions: [],
        },
      ],
    },
    {
      // worker_threads, new URL(import.meta.url)
      code: `
import { Worker, isMainThread } from 'node:worker_threads';
import Redis from 'ioredis';
const redis = new Redis();
if (isMainThread) {
  new Worker(new URL(import.meta.url));
} else {
  await redis.ping();
}
`,
      output: `
import { Worker, isMainThread } from 'node:worker_threads';
import Redis from 'ioredis';
if (isMainThread) {
  new Worker(new URL(import.meta.url));
} else {
  const redis = new Redis();
  await redis.ping();
}
`,
      errors: [
        {
          messageId: 'workerOnly',
          data: {"name":"redis","library":"ioredis","noun":"client","forkSite":"new Worker()"},
          line: 4,
          column: 15,
          suggestions: [],
        },
      ],
    },
    {
      // worker_threads, fileURLToPath through a const
      code: `
import { Worker, isMainThread } from 'node:worker_threads';
import { fileURLToPath } from 'node:url';
import Redis from 'ioredis';
const __filename = fileURLToPath(import.meta.url);
const redis = new Redis();
if (!isMainThread) {
  await redis.ping();
} else {
  new Worker(__filename);
}
`,
      output: `
import { Worker, isMainThread } from 'node:worker_threads';
import { fileURLToPath } from 'node:url';
import Redis from 'ioredis';
const __filename = fileURLToPath(import.meta.url);
if (!isMainThread) {
  const redis = new Redis();
  await redis.ping();
} else {
  new Worker(__filename);
}
`,
      errors: [
        {
          messageId: 'workerOnly',
          data: {"name":"redis","library":"ioredis","noun":"client","forkSite":"new Worker()"},
          line: 6,
          column: 15,
          suggestions: [],
        },
      ],
    },
    {
      // throng worker option, async
      code: `
import throng from 'throng';
import Redis from 'ioredis';
const redis = new Redis();
async function start() {
  await redis.ping();
}
throng({ worker: start, count: 4 });
`,
      output: `
import throng from 'throng';
import Redis from 'ioredis';
async function start() {
  const redis = new Redis();
  await redis.ping();
}
throng({ worker: start, count: 4 });
`,
      errors: [
        {
          messageId: 'workerOnly',
          data: {"name":"redis","library":"ioredis","noun":"client","forkSite":"throng()"},
          line: 4,
          column: 15,
          suggestions: [],
        },
      ],
    },
    {
      // throng(start) not async, initialiser awaits: suggestion
      code: `
import throng from 'throng';
import mysql from 'mysql2/promise';
const conn = await mysql.createConnection(process.env.URL);
function start() {
  conn.query('select 1');
}
throng(start);
`,
      output: null,
      errors: [
        {
          messageId: 'workerOnly',
          data: {"name":"conn","library":"mysql2","noun":"connection","forkSite":"throng()"},
          line: 4,
          column: 20,
          suggestions: [
            {
              messageId: 'moveToWorkerAsync',
              data: {"name":"conn"},
              output: `
import throng from 'throng';
import mysql from 'mysql2/promise';
async function start() {
  const conn = await mysql.createConnection(process.env.URL);
  conn.query('select 1');
}
throng(start);
`,
            },
          ],
        },
      ],
    },
    {
      // throng start shorthand
      code: `
import throng from 'throng';
import Redis from 'ioredis';
const redis = new Redis();
const start = async () => {
  await redis.ping();
};
throng({ start });
`,
      output: `
import throng from 'throng';
import Redis from 'ioredis';
const start = async () => {
  const redis = new Redis();
  await redis.ping();
};
throng({ start });
`,
      errors: [
        {
          messageId: 'workerOnly',
          data: {"name":"redis","library":"ioredis","noun":"client","forkSite":"throng()"},
          line: 4,
          column: 15,
          suggestions: [],
        },
      ],
    },
    {
      // ternary: report without a fix
      code: `
import cluster from 'node:cluster';
import Redis from 'ioredis';
const redis = new Redis();
cluster.isPrimary ? cluster.fork() : redis.ping();
`,
      output: null,
      errors: [
        {
          messageId: 'workerOnly',
          data: {"name":"redis","library":"ioredis","noun":"client","forkSite":"cluster.fork()"},
          line: 4,
          column: 15,
          suggestions: [],
        },
      ],
    },
    {
      // isWorker && other
      code: `
import cluster from 'node:cluster';
import Redis from 'ioredis';
const redis = new Redis();
if (cluster.isWorker && process.env.SERVE) {
  redis.ping();
}
if (cluster.isPrimary) cluster.fork();
`,
      output: `
import cluster from 'node:cluster';
import Redis from 'ioredis';
if (cluster.isWorker && process.env.SERVE) {
  const redis = new Redis();
  redis.ping();
}
if (cluster.isPrimary) cluster.fork();
`,
      errors: [
        {
          messageId: 'workerOnly',
          data: {"name":"redis","library":"ioredis","noun":"client","forkSite":"cluster.fork()"},
          line: 4,
          column: 15,
          suggestions: [],
        },
      ],
    },
    {
      // isPrimary || other, else
      code: `
import cluster from 'node:cluster';
import Redis from 'ioredis';
const redis = new Redis();
if (cluster.isPrimary || process.env.SINGLE) {
  cluster.fork();
} else {
  redis.ping();
}
`,
      output: `
import cluster from 'node:cluster';
import Redis from 'ioredis';
if (cluster.isPrimary || process.env.SINGLE) {
  cluster.fork();
} else {
  const redis = new Redis();
  redis.ping();
}
`,
      errors: [
        {
          messageId: 'workerOnly',
          data: {"name":"redis","library":"ioredis","noun":"client","forkSite":"cluster.fork()"},
          line: 4,
          column: 15,
          suggestions: [],
        },
      ],
    },
    {
      // switch (true)
      code: `
import cluster from 'node:cluster';
import Redis from 'ioredis';
const redis = new Redis();
switch (true) {
  case cluster.isPrimary:
    cluster.fork();
    break;
  default:
    redis.ping();
}
`,
      output: null,
      errors: [
        {
          messageId: 'workerOnly',
          data: {"name":"redis","library":"ioredis","noun":"client","forkSite":"cluster.fork()"},
          line: 4,
          column: 15,
          suggestions: [],
        },
      ],
    },
    {
      // mongoose.createConnection
      code: `
import cluster from 'node:cluster';
import mongoose from 'mongoose';
const conn = mongoose.createConnection(process.env.MONGO_URL);
if (cluster.isPrimary) {
  cluster.fork();
} else {
  const User = conn.model('User');
  await conn.db.collection('users').findOne({});
}
`,
      output: `
import cluster from 'node:cluster';
import mongoose from 'mongoose';
if (cluster.isPrimary) {
  cluster.fork();
} else {
  const conn = mongoose.createConnection(process.env.MONGO_URL);
  const User = conn.model('User');
  await conn.db.collection('users').findOne({});
}
`,
      errors: [
        {
          messageId: 'workerOnly',
          data: {"name":"conn","library":"mongoose","noun":"connection","forkSite":"cluster.fork()"},
          line: 4,
          column: 14,
          suggestions: [],
        },
      ],
    },
    {
      // amqplib connect awaited at module scope
      code: `
import cluster from 'node:cluster';
import amqp from 'amqplib';
const connection = await amqp.connect('amqp://localhost');
if (cluster.isPrimary) {
  cluster.fork();
} else {
  const channel = await connection.createChannel();
}
`,
      output: `
import cluster from 'node:cluster';
import amqp from 'amqplib';
if (cluster.isPrimary) {
  cluster.fork();
} else {
  const connection = await amqp.connect('amqp://localhost');
  const channel = await connection.createChannel();
}
`,
      errors: [
        {
          messageId: 'workerOnly',
          data: {"name":"connection","library":"amqplib","noun":"connection","forkSite":"cluster.fork()"},
          line: 4,
          column: 26,
          suggestions: [],
        },
      ],
    },
    {
      // pg Client connected at module scope: report only
      code: `
import cluster from 'node:cluster';
import pg from 'pg';
const client = new pg.Client();
await client.connect();
if (cluster.isPrimary) {
  cluster.fork();
} else {
  await client.query('select 1');
}
`,
      output: null,
      errors: [
        {
          messageId: 'workerOnly',
          data: {"name":"client","library":"pg","noun":"client","forkSite":"cluster.fork()"},
          line: 4,
          column: 16,
          suggestions: [],
        },
      ],
    },
    {
      // lazy pool with reportLazy
      code: `
import cluster from 'node:cluster';
import { Pool } from 'pg';
const pool = new Pool({ max: 4 });
if (cluster.isPrimary) {
  cluster.fork();
} else {
  await pool.query('select 1');
}
`,
      options: [{"reportLazy":true}],
      output: `
import cluster from 'node:cluster';
import { Pool } from 'pg';
if (cluster.isPrimary) {
  cluster.fork();
} else {
  const pool = new Pool({ max: 4 });
  await pool.query('select 1');
}
`,
      errors: [
        {
          messageId: 'workerOnlyLazy',
          data: {"name":"pool","library":"pg","noun":"pool","forkSite":"cluster.fork()"},
          line: 4,
          column: 14,
          suggestions: [],
        },
      ],
    },
    {
      // used in a module-scope function only the worker calls: no fix
      code: `
import cluster from 'node:cluster';
import Redis from 'ioredis';
const redis = new Redis();
import http from 'node:http';
function handle(req, res) {
  redis.get('k').then((value) => res.end(value));
}
if (cluster.isPrimary) {
  cluster.fork();
} else {
  http.createServer(handle).listen(8080);
}
`,
      output: null,
      errors: [
        {
          messageId: 'workerOnly',
          data: {"name":"redis","library":"ioredis","noun":"client","forkSite":"cluster.fork()"},
          line: 4,
          column: 15,
          suggestions: [],
        },
      ],
    },
    {
      // knex with reportLazy
      code: `
import cluster from 'node:cluster';
import knex from 'knex';
const db = knex({ client: 'pg', connection: process.env.DATABASE_URL });
if (cluster.isPrimary) {
  cluster.fork();
} else {
  await db('users').select();
}
`,
      options: [{"reportLazy":true}],
      output: `
import cluster from 'node:cluster';
import knex from 'knex';
if (cluster.isPrimary) {
  cluster.fork();
} else {
  const db = knex({ client: 'pg', connection: process.env.DATABASE_URL });
  await db('users').select();
}
`,
      errors: [
        {
          messageId: 'workerOnlyLazy',
          data: {"name":"db","library":"knex","noun":"instance","forkSite":"cluster.fork()"},
          line: 4,
          column: 12,
          suggestions: [],
        },
      ],
    },
    {
      // ioredis Cluster
      code: `
import cluster from 'node:cluster';
import { Cluster } from 'ioredis';
const redis = new Cluster([{ host: 'a', port: 6379 }]);
if (cluster.isPrimary) {
  cluster.fork();
} else {
  await redis.get('k');
}
`,
      output: `
import cluster from 'node:cluster';
import { Cluster } from 'ioredis';
if (cluster.isPrimary) {
  cluster.fork();
} else {
  const redis = new Cluster([{ host: 'a', port: 6379 }]);
  await redis.get('k');
}
`,
      errors: [
        {
          messageId: 'workerOnly',
          data: {"name":"redis","library":"ioredis","noun":"cluster client","forkSite":"cluster.fork()"},
          line: 4,
          column: 15,
          suggestions: [],
        },
      ],
    },
    {
      // nats connect
      code: `
import cluster from 'node:cluster';
import { connect } from 'nats';
const nc = await connect({ servers: 'nats://localhost:4222' });
if (cluster.isPrimary) {
  cluster.fork();
} else {
  nc.publish('hello');
}
`,
      output: `
import cluster from 'node:cluster';
import { connect } from 'nats';
if (cluster.isPrimary) {
  cluster.fork();
} else {
  const nc = await connect({ servers: 'nats://localhost:4222' });
  nc.publish('hello');
}
`,
      errors: [
        {
          messageId: 'workerOnly',
          data: {"name":"nc","library":"nats","noun":"connection","forkSite":"cluster.fork()"},
          line: 4,
          column: 18,
          suggestions: [],
        },
      ],
    },
    {
      // initialiser that is not the factory alone: suggestion
      code: `
import cluster from 'node:cluster';
import Redis from 'ioredis';
const redis = new Redis(readConfig());
function readConfig() {
  return { port: 6379 };
}
if (cluster.isPrimary) {
  cluster.fork();
} else {
  redis.ping();
}
`,
      output: null,
      errors: [
        {
          messageId: 'workerOnly',
          data: {"name":"redis","library":"ioredis","noun":"client","forkSite":"cluster.fork()"},
          line: 4,
          column: 15,
          suggestions: [
            {
              messageId: 'moveToWorker',
              data: {"name":"redis"},
              output: `
import cluster from 'node:cluster';
import Redis from 'ioredis';
function readConfig() {
  return { port: 6379 };
}
if (cluster.isPrimary) {
  cluster.fork();
} else {
  const redis = new Redis(readConfig());
  redis.ping();
}
`,
            },
          ],
        },
      ],
    },
    {
      // primary-only, in a listener of the primary
      code: `
import cluster from 'node:cluster';
import Redis from 'ioredis';
const metrics = new Redis(process.env.METRICS_URL);
if (cluster.isPrimary) {
  cluster.fork();
  cluster.on('exit', () => {
    metrics.incr('restarts');
  });
} else {
  startServer();
}
`,
      output: null,
      errors: [
        {
          messageId: 'primaryOnly',
          data: {"name":"metrics","library":"ioredis","noun":"client","forkSite":"cluster.fork()"},
          line: 4,
          column: 17,
          suggestions: [
            {
              messageId: 'moveToPrimary',
              data: {"name":"metrics"},
              output: `
import cluster from 'node:cluster';
import Redis from 'ioredis';
if (cluster.isPrimary) {
  const metrics = new Redis(process.env.METRICS_URL);
  cluster.fork();
  cluster.on('exit', () => {
    metrics.incr('restarts');
  });
} else {
  startServer();
}
`,
            },
          ],
        },
      ],
    },
    {
      // primary-only with isMainThread
      code: `
import { Worker, isMainThread } from 'node:worker_threads';
import Redis from 'ioredis';
const redis = new Redis();
if (isMainThread) {
  const worker = new Worker(new URL(import.meta.url));
  worker.on('message', (id) => redis.sadd('done', id));
} else {
  doWork();
}
`,
      output: null,
      errors: [
        {
          messageId: 'primaryOnly',
          data: {"name":"redis","library":"ioredis","noun":"client","forkSite":"new Worker()"},
          line: 4,
          column: 15,
          suggestions: [
            {
              messageId: 'moveToPrimary',
              data: {"name":"redis"},
              output: `
import { Worker, isMainThread } from 'node:worker_threads';
import Redis from 'ioredis';
if (isMainThread) {
  const redis = new Redis();
  const worker = new Worker(new URL(import.meta.url));
  worker.on('message', (id) => redis.sadd('done', id));
} else {
  doWork();
}
`,
            },
          ],
        },
      ],
    },
    {
      // primary-only in throng master
      code: `
import throng from 'throng';
import Redis from 'ioredis';
const redis = new Redis();
function master() {
  redis.set('boot', Date.now());
  process.on('SIGHUP', () => redis.incr('reloads'));
}
throng({ master, worker: () => serve() });
`,
      output: null,
      errors: [
        {
          messageId: 'primaryOnly',
          data: {"name":"redis","library":"ioredis","noun":"client","forkSite":"throng()"},
          line: 4,
          column: 15,
          suggestions: [
            {
              messageId: 'moveToPrimary',
              data: {"name":"redis"},
              output: `
import throng from 'throng';
import Redis from 'ioredis';
function master() {
  const redis = new Redis();
  redis.set('boot', Date.now());
  process.on('SIGHUP', () => redis.incr('reloads'));
}
throng({ master, worker: () => serve() });
`,
            },
          ],
        },
      ],
    },
    {
      // primary-only in a ternary: no suggestion
      code: `
import cluster from 'node:cluster';
import Redis from 'ioredis';
const redis = new Redis();
cluster.isPrimary ? redis.subscribe('x') : serve();
if (cluster.isPrimary) cluster.fork();
`,
      output: null,
      errors: [
        {
          messageId: 'primaryOnly',
          data: {"name":"redis","library":"ioredis","noun":"client","forkSite":"cluster.fork()"},
          line: 4,
          column: 15,
          suggestions: [],
        },
      ],
    },
    {
      // mongoose.connect awaited at module scope, used by the primary only
      code: `
import cluster from 'node:cluster';
import mongoose from 'mongoose';
const db = await mongoose.connect(process.env.MONGO_URL);
if (cluster.isPrimary) {
  await db.connection.db.admin().ping();
  cluster.fork();
  cluster.on('exit', () => db.model('Restart').create({}));
}
`,
      output: null,
      errors: [
        {
          messageId: 'primaryOnly',
          data: {"name":"db","library":"mongoose","noun":"default connection","forkSite":"cluster.fork()"},
          line: 4,
          column: 18,
          suggestions: [
            {
              messageId: 'moveToPrimary',
              data: {"name":"db"},
              output: `
import cluster from 'node:cluster';
import mongoose from 'mongoose';
if (cluster.isPrimary) {
  const db = await mongoose.connect(process.env.MONGO_URL);
  await db.connection.db.admin().ping();
  cluster.fork();
  cluster.on('exit', () => db.model('Restart').create({}));
}
`,
            },
          ],
        },
      ],
    },
    {
      // a primary that only listens for errors is still idle after forking
      code: `
import cluster from 'node:cluster';
import mysql from 'mysql2/promise';
if (cluster.isPrimary) {
  const pool = mysql.createPool(process.env.MYSQL_URL);
  pool.on('error', console.error);
  await pool.query('select 1');
  cluster.fork();
}
`,
      output: null,
      errors: [
        {
          messageId: 'idleAfterFork',
          data: {"name":"pool","library":"mysql2","noun":"pool","forkSite":"cluster.fork()"},
          line: 5,
          column: 16,
          suggestions: [
            {
              messageId: 'closeBeforeFork',
              data: {"name":"pool","close":"end"},
              output: `
import cluster from 'node:cluster';
import mysql from 'mysql2/promise';
if (cluster.isPrimary) {
  const pool = mysql.createPool(process.env.MYSQL_URL);
  pool.on('error', console.error);
  await pool.query('select 1');
  await pool.end();
  cluster.fork();
}
`,
            },
          ],
        },
      ],
    },
    {
      // mysql2 pool on the primary path
      code: `
import cluster from 'node:cluster';
import mysql from 'mysql2/promise';
if (cluster.isPrimary) {
  const pool = mysql.createPool(process.env.MYSQL_URL);
  await pool.query('select 1');
  for (let i = 0; i < 4; i++) {
    cluster.fork();
  }
} else {
  serve();
}
`,
      output: null,
      errors: [
        {
          messageId: 'idleAfterFork',
          data: {"name":"pool","library":"mysql2","noun":"pool","forkSite":"cluster.fork()"},
          line: 5,
          column: 16,
          suggestions: [
            {
              messageId: 'closeBeforeFork',
              data: {"name":"pool","close":"end"},
              output: `
import cluster from 'node:cluster';
import mysql from 'mysql2/promise';
if (cluster.isPrimary) {
  const pool = mysql.createPool(process.env.MYSQL_URL);
  await pool.query('select 1');
  await pool.end();
  for (let i = 0; i < 4; i++) {
    cluster.fork();
  }
} else {
  serve();
}
`,
            },
          ],
        },
      ],
    },
    {
      // module-scope client both roles use; primary only before forking
      code: `
import cluster from 'node:cluster';
import Redis from 'ioredis';
const redis = new Redis();
await redis.ping();
if (cluster.isPrimary) {
  cluster.fork();
} else {
  await redis.get('k');
}
`,
      output: null,
      errors: [
        {
          messageId: 'idleAfterFork',
          data: {"name":"redis","library":"ioredis","noun":"client","forkSite":"cluster.fork()"},
          line: 4,
          column: 15,
          suggestions: [
            {
              messageId: 'closeBeforeFork',
              data: {"name":"redis","close":"quit"},
              output: `
import cluster from 'node:cluster';
import Redis from 'ioredis';
const redis = new Redis();
await redis.ping();
if (cluster.isPrimary) {
  await redis.quit();
  cluster.fork();
} else {
  await redis.get('k');
}
`,
            },
          ],
        },
      ],
    },
    {
      // pg Pool with idleTimeoutMillis: 0
      code: `
import cluster from 'node:cluster';
import pg from 'pg';
if (cluster.isPrimary) {
  const pool = new pg.Pool({ idleTimeoutMillis: 0 });
  await pool.query('select 1');
  cluster.fork();
}
`,
      output: null,
      errors: [
        {
          messageId: 'idleAfterFork',
          data: {"name":"pool","library":"pg","noun":"pool","forkSite":"cluster.fork()"},
          line: 5,
          column: 16,
          suggestions: [
            {
              messageId: 'closeBeforeFork',
              data: {"name":"pool","close":"end"},
              output: `
import cluster from 'node:cluster';
import pg from 'pg';
if (cluster.isPrimary) {
  const pool = new pg.Pool({ idleTimeoutMillis: 0 });
  await pool.query('select 1');
  await pool.end();
  cluster.fork();
}
`,
            },
          ],
        },
      ],
    },
    {
      // pg Client in the primary
      code: `
import cluster from 'node:cluster';
import { Client } from 'pg';
if (cluster.isPrimary) {
  const client = new Client();
  await client.connect();
  await client.query('select 1');
  cluster.fork();
}
`,
      output: null,
      errors: [
        {
          messageId: 'idleAfterFork',
          data: {"name":"client","library":"pg","noun":"client","forkSite":"cluster.fork()"},
          line: 5,
          column: 18,
          suggestions: [
            {
              messageId: 'closeBeforeFork',
              data: {"name":"client","close":"end"},
              output: `
import cluster from 'node:cluster';
import { Client } from 'pg';
if (cluster.isPrimary) {
  const client = new Client();
  await client.connect();
  await client.query('select 1');
  await client.end();
  cluster.fork();
}
`,
            },
          ],
        },
      ],
    },
    {
      // use in a function called before the fork
      code: `
import cluster from 'node:cluster';
import mysql from 'mysql2/promise';
const pool = mysql.createPool(process.env.MYSQL_URL);
async function migrate() {
  await pool.query('create table if not exists t (id int)');
}
if (cluster.isPrimary) {
  await migrate();
  cluster.fork();
} else {
  serve();
}
`,
      output: null,
      errors: [
        {
          messageId: 'idleAfterFork',
          data: {"name":"pool","library":"mysql2","noun":"pool","forkSite":"cluster.fork()"},
          line: 4,
          column: 14,
          suggestions: [
            {
              messageId: 'closeBeforeFork',
              data: {"name":"pool","close":"end"},
              output: `
import cluster from 'node:cluster';
import mysql from 'mysql2/promise';
const pool = mysql.createPool(process.env.MYSQL_URL);
async function migrate() {
  await pool.query('create table if not exists t (id int)');
}
if (cluster.isPrimary) {
  await migrate();
  await pool.end();
  cluster.fork();
} else {
  serve();
}
`,
            },
          ],
        },
      ],
    },
    {
      // throng master before forking: no suggestion
      code: `
import throng from 'throng';
import mysql from 'mysql2/promise';
const pool = mysql.createPool(process.env.MYSQL_URL);
async function master() {
  await pool.query('select 1');
}
throng({ master, worker: serve });
function serve() {}
`,
      output: null,
      errors: [
        {
          messageId: 'idleAfterFork',
          data: {"name":"pool","library":"mysql2","noun":"pool","forkSite":"throng()"},
          line: 4,
          column: 14,
          suggestions: [],
        },
      ],
    },
  ],
};

const cjs: Cases = {
  valid: [
    {
      // setupMaster({ exec })
      code: `
const cluster = require('cluster');
const Redis = require('ioredis');
const redis = new Redis();
cluster.setupMaster({ exec: 'worker.js' });
redis.set('boot', 1);
cluster.fork();
`,
    },
    {
      // fork('./child.js')
      code: `
const { fork } = require('child_process');
const Redis = require('ioredis');
const redis = new Redis();
redis.set('boot', 1);
fork('./child.js');
`,
    },
    {
      // module.exports
      code: `
const cluster = require('cluster');
const Redis = require('ioredis');
const redis = new Redis();
if (cluster.isPrimary) {
  cluster.fork();
} else {
  redis.get('k');
}
module.exports = { redis };
`,
    },
    {
      // child of fork(__filename) connects in its own branch
      code: `
const { fork } = require('child_process');
const Redis = require('ioredis');
if (process.send) {
  const redis = new Redis();
  process.on('message', (m) => redis.set('k', m));
} else {
  fork(__filename);
}
`,
    },
  ],
  invalid: [
    {
      // cluster.isMaster (old name)
      code: `
const cluster = require('cluster');
const Redis = require('ioredis');
const redis = new Redis();
if (cluster.isMaster) {
  for (let i = 0; i < 4; i++) cluster.fork();
} else {
  redis.get('k');
}
`,
      output: `
const cluster = require('cluster');
const Redis = require('ioredis');
if (cluster.isMaster) {
  for (let i = 0; i < 4; i++) cluster.fork();
} else {
  const redis = new Redis();
  redis.get('k');
}
`,
      errors: [
        {
          messageId: 'workerOnly',
          data: {"name":"redis","library":"ioredis","noun":"client","forkSite":"cluster.fork()"},
          line: 4,
          column: 15,
          suggestions: [],
        },
      ],
    },
    {
      // top-level return in CommonJS
      code: `
const cluster = require('node:cluster');
const Redis = require('ioredis');
const redis = new Redis();
if (cluster.isPrimary) {
  cluster.fork();
  return;
}
redis.ping();
`,
      output: `
const cluster = require('node:cluster');
const Redis = require('ioredis');
if (cluster.isPrimary) {
  cluster.fork();
  return;
}
const redis = new Redis();
redis.ping();
`,
      errors: [
        {
          messageId: 'workerOnly',
          data: {"name":"redis","library":"ioredis","noun":"client","forkSite":"cluster.fork()"},
          line: 4,
          column: 15,
          suggestions: [],
        },
      ],
    },
    {
      // worker_threads, __filename
      code: `
const { Worker, isMainThread } = require('worker_threads');
const Redis = require('ioredis');
const redis = new Redis();
if (isMainThread) {
  new Worker(__filename);
} else {
  redis.ping();
}
`,
      output: `
const { Worker, isMainThread } = require('worker_threads');
const Redis = require('ioredis');
if (isMainThread) {
  new Worker(__filename);
} else {
  const redis = new Redis();
  redis.ping();
}
`,
      errors: [
        {
          messageId: 'workerOnly',
          data: {"name":"redis","library":"ioredis","noun":"client","forkSite":"new Worker()"},
          line: 4,
          column: 15,
          suggestions: [],
        },
      ],
    },
    {
      // child_process fork(__filename), process.send
      code: `
const { fork } = require('child_process');
const Redis = require('ioredis');
const redis = new Redis();
if (process.send) {
  redis.ping();
} else {
  fork(__filename);
}
`,
      output: `
const { fork } = require('child_process');
const Redis = require('ioredis');
if (process.send) {
  const redis = new Redis();
  redis.ping();
} else {
  fork(__filename);
}
`,
      errors: [
        {
          messageId: 'workerOnly',
          data: {"name":"redis","library":"ioredis","noun":"client","forkSite":"fork()"},
          line: 4,
          column: 15,
          suggestions: [],
        },
      ],
    },
    {
      // typeof process.send === 'function'
      code: `
const childProcess = require('node:child_process');
const Redis = require('ioredis');
const redis = new Redis();
if (typeof process.send === 'function') {
  redis.ping();
} else {
  childProcess.fork(process.argv[1]);
}
`,
      output: `
const childProcess = require('node:child_process');
const Redis = require('ioredis');
if (typeof process.send === 'function') {
  const redis = new Redis();
  redis.ping();
} else {
  childProcess.fork(process.argv[1]);
}
`,
      errors: [
        {
          messageId: 'workerOnly',
          data: {"name":"redis","library":"ioredis","noun":"client","forkSite":"childProcess.fork()"},
          line: 4,
          column: 15,
          suggestions: [],
        },
      ],
    },
    {
      // process.env.NODE_UNIQUE_ID
      code: `
const cluster = require('cluster');
const Redis = require('ioredis');
const redis = new Redis();
if (process.env.NODE_UNIQUE_ID) {
  redis.ping();
} else {
  cluster.fork();
}
`,
      output: `
const cluster = require('cluster');
const Redis = require('ioredis');
if (process.env.NODE_UNIQUE_ID) {
  const redis = new Redis();
  redis.ping();
} else {
  cluster.fork();
}
`,
      errors: [
        {
          messageId: 'workerOnly',
          data: {"name":"redis","library":"ioredis","noun":"client","forkSite":"cluster.fork()"},
          line: 4,
          column: 15,
          suggestions: [],
        },
      ],
    },
    {
      // throng legacy (count, start)
      code: `
const throng = require('throng');
const Redis = require('ioredis');
const redis = new Redis();
throng(4, function start() {
  redis.ping();
});
`,
      output: `
const throng = require('throng');
const Redis = require('ioredis');
throng(4, function start() {
  const redis = new Redis();
  redis.ping();
});
`,
      errors: [
        {
          messageId: 'workerOnly',
          data: {"name":"redis","library":"ioredis","noun":"client","forkSite":"throng()"},
          line: 4,
          column: 15,
          suggestions: [],
        },
      ],
    },
    {
      // better-sqlite3 opened at module scope
      code: `
const cluster = require('cluster');
const Database = require('better-sqlite3');
const db = new Database('app.db');
if (cluster.isPrimary) {
  cluster.fork();
} else {
  db.prepare('select 1').get();
}
`,
      output: `
const cluster = require('cluster');
const Database = require('better-sqlite3');
if (cluster.isPrimary) {
  cluster.fork();
} else {
  const db = new Database('app.db');
  db.prepare('select 1').get();
}
`,
      errors: [
        {
          messageId: 'workerOnly',
          data: {"name":"db","library":"better-sqlite3","noun":"database","forkSite":"cluster.fork()"},
          line: 4,
          column: 12,
          suggestions: [],
        },
      ],
    },
    {
      // primary-only CommonJS
      code: `
const cluster = require('node:cluster');
const Redis = require('ioredis');
const metrics = new Redis();
if (cluster.isPrimary) {
  metrics.set('started', Date.now());
  cluster.fork();
  metrics.incr('forks');
}
`,
      output: null,
      errors: [
        {
          messageId: 'primaryOnly',
          data: {"name":"metrics","library":"ioredis","noun":"client","forkSite":"cluster.fork()"},
          line: 4,
          column: 17,
          suggestions: [
            {
              messageId: 'moveToPrimary',
              data: {"name":"metrics"},
              output: `
const cluster = require('node:cluster');
const Redis = require('ioredis');
if (cluster.isPrimary) {
  const metrics = new Redis();
  metrics.set('started', Date.now());
  cluster.fork();
  metrics.incr('forks');
}
`,
            },
          ],
        },
      ],
    },
    {
      // CommonJS primary, close without await
      code: `
const cluster = require('cluster');
const Redis = require('ioredis');
if (cluster.isPrimary) {
  const redis = new Redis();
  redis.set('boot', Date.now());
  cluster.fork();
}
`,
      output: null,
      errors: [
        {
          messageId: 'idleAfterFork',
          data: {"name":"redis","library":"ioredis","noun":"client","forkSite":"cluster.fork()"},
          line: 5,
          column: 17,
          suggestions: [
            {
              messageId: 'closeBeforeFork',
              data: {"name":"redis","close":"quit"},
              output: `
const cluster = require('cluster');
const Redis = require('ioredis');
if (cluster.isPrimary) {
  const redis = new Redis();
  redis.set('boot', Date.now());
  redis.quit();
  cluster.fork();
}
`,
            },
          ],
        },
      ],
    },
  ],
};

const ts: Cases = {
  valid: [
    {
      // TypeScript import = require, both roles
      code: `
import cluster = require('cluster');
import Redis = require('ioredis');
const redis = new Redis();
redis.ping();
if (cluster.isPrimary) {
  cluster.fork();
  cluster.on('exit', () => redis.incr('n'));
} else {
  redis.get('k');
}
`,
    },
  ],
  invalid: [
    {
      // TypeScript with types
      code: `
import cluster from 'node:cluster';
import { Redis } from 'ioredis';
const redis: Redis = new Redis(6379, 'cache.internal');
if (cluster.isPrimary) {
  cluster.fork();
} else {
  const value: string | null = await redis.get('k');
}
`,
      output: `
import cluster from 'node:cluster';
import { Redis } from 'ioredis';
if (cluster.isPrimary) {
  cluster.fork();
} else {
  const redis: Redis = new Redis(6379, 'cache.internal');
  const value: string | null = await redis.get('k');
}
`,
      errors: [
        {
          messageId: 'workerOnly',
          data: {"name":"redis","library":"ioredis","noun":"client","forkSite":"cluster.fork()"},
          line: 4,
          column: 22,
          suggestions: [],
        },
      ],
    },
    {
      // TypeScript MongoClient
      code: `
import cluster from 'node:cluster';
import { MongoClient } from 'mongodb';
if (cluster.isPrimary) {
  const client: MongoClient = new MongoClient(process.env.MONGO_URL!);
  await client.db('app').command({ ping: 1 });
  cluster.fork();
}
`,
      output: null,
      errors: [
        {
          messageId: 'idleAfterFork',
          data: {"name":"client","library":"mongodb","noun":"client","forkSite":"cluster.fork()"},
          line: 5,
          column: 31,
          suggestions: [
            {
              messageId: 'closeBeforeFork',
              data: {"name":"client","close":"close"},
              output: `
import cluster from 'node:cluster';
import { MongoClient } from 'mongodb';
if (cluster.isPrimary) {
  const client: MongoClient = new MongoClient(process.env.MONGO_URL!);
  await client.db('app').command({ ping: 1 });
  await client.close();
  cluster.fork();
}
`,
            },
          ],
        },
      ],
    },
  ],
};

esmTester.run('no-connection-before-fork (ESM)', rule, esm as never);
cjsTester.run('no-connection-before-fork (CommonJS)', rule, cjs as never);
tsTester.run('no-connection-before-fork (TypeScript)', rule, ts as never);

checkFixedOutputs('no-connection-before-fork', rule as never, { esm: esm as never, cjs: cjs as never, ts: ts as never });
