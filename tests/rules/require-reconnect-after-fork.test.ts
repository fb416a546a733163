// Cases by role test, fork API, module system and library; every fix output is linted again below.
import type { InvalidTestCase, ValidTestCase } from '@typescript-eslint/rule-tester';
import rule from '../../rules/require-reconnect-after-fork.js';
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
      // the worker path creates its own
      code: `
import cluster from 'node:cluster';
import Redis from 'ioredis';
let redis;
if (cluster.isPrimary) {
  redis = new Redis();
  cluster.fork();
} else {
  redis = new Redis();
  redis.get('k');
}
`,
    },
    {
      // module scope creation
      code: `
import cluster from 'node:cluster';
import Redis from 'ioredis';
const redis = new Redis();
if (cluster.isPrimary) cluster.fork();
else redis.get('k');
`,
    },
    {
      // connected at module scope
      code: `
import cluster from 'node:cluster';
import { createClient } from 'redis';
const client = createClient();
await client.connect();
if (cluster.isPrimary) cluster.fork();
else await client.get('k');
`,
    },
    {
      // connected on both paths
      code: `
import cluster from 'node:cluster';
import { DataSource } from 'typeorm';
const ds = new DataSource({ type: 'postgres' });
if (cluster.isPrimary) {
  await ds.initialize();
  cluster.fork();
} else {
  await ds.initialize();
  await ds.query('select 1');
}
`,
    },
    {
      // connected on the worker path only
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
      // a connection that arrives in workerData is not judged here
      code: `
import { Worker, isMainThread, workerData } from 'node:worker_threads';
import pg from 'pg';
if (isMainThread) {
  const db = new pg.Pool();
  new Worker(new URL(import.meta.url), { workerData: { db } });
} else {
  const { db } = workerData;
  await db.query('select 1');
}
`,
    },
    {
      // file that never forks
      code: `
import cluster from 'node:cluster';
import Redis from 'ioredis';
let redis;
if (cluster.isPrimary) redis = new Redis();
else redis.get('k');
`,
    },
    {
      // forks another module
      code: `
import cluster from 'node:cluster';
import Redis from 'ioredis';
let redis;
cluster.setupPrimary({ exec: './worker.js' });
if (cluster.isPrimary) {
  redis = new Redis();
  cluster.fork();
} else {
  redis.get('k');
}
`,
    },
    {
      // MongoClient connects on first use
      code: `
import cluster from 'node:cluster';
import { MongoClient } from 'mongodb';
const client = new MongoClient(process.env.MONGO_URL);
if (cluster.isPrimary) {
  await client.connect();
  cluster.fork();
} else {
  await client.db().collection('x').findOne();
}
`,
    },
    {
      // ioredis lazyConnect connects on first command
      code: `
import cluster from 'node:cluster';
import Redis from 'ioredis';
const redis = new Redis({ lazyConnect: true });
if (cluster.isPrimary) {
  await redis.connect();
  cluster.fork();
} else {
  await redis.get('k');
}
`,
    },
    {
      // mysql connection connects on first query
      code: `
import cluster from 'node:cluster';
import mysql from 'mysql';
const conn = mysql.createConnection({ host: 'db' });
if (cluster.isPrimary) {
  conn.connect();
  cluster.fork();
} else {
  conn.query('select 1');
}
`,
    },
    {
      // assigned and used on the primary path only
      code: `
import cluster from 'node:cluster';
import Redis from 'ioredis';
let redis;
if (cluster.isPrimary) {
  redis = new Redis();
  cluster.fork();
  cluster.on('exit', () => redis.incr('restarts'));
}
`,
    },
    {
      // assigned lazily on the worker path
      code: `
import cluster from 'node:cluster';
import pg from 'pg';
let pool;
if (cluster.isPrimary) {
  pool = new pg.Pool();
  cluster.fork();
} else {
  pool ??= new pg.Pool();
  await pool.query('select 1');
}
`,
    },
    {
      // assigned through a project helper on the worker path
      code: `
import cluster from 'node:cluster';
import pg from 'pg';
import { connectDb } from './db.js';
let pool;
if (cluster.isPrimary) {
  pool = new pg.Pool();
  cluster.fork();
} else {
  pool = await connectDb();
  await pool.query('select 1');
}
`,
    },
    {
      // assigned in a function the worker calls
      code: `
import cluster from 'node:cluster';
import Redis from 'ioredis';
let redis;
function connect() {
  redis = new Redis();
}
if (cluster.isPrimary) {
  redis = new Redis();
  cluster.fork();
} else {
  connect();
  redis.get('k');
}
`,
    },
    {
      // assigned in a function both roles call
      code: `
import cluster from 'node:cluster';
import Redis from 'ioredis';
let redis;
function connect() {
  redis = new Redis();
}
connect();
if (cluster.isPrimary) cluster.fork();
else redis.get('k');
`,
    },
    {
      // the worker only tests it
      code: `
import cluster from 'node:cluster';
import Redis from 'ioredis';
let redis;
if (cluster.isPrimary) {
  redis = new Redis();
  cluster.fork();
} else if (redis) {
  console.log('unexpected');
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
      // primary-only const in its own block
      code: `
import cluster from 'node:cluster';
import Redis from 'ioredis';
if (cluster.isPrimary) {
  const redis = new Redis();
  redis.set('a', 1);
  cluster.fork();
} else {
  const redis = new Redis();
  redis.get('a');
}
`,
    },
    {
      // throng worker creates its own
      code: `
import throng from 'throng';
import Redis from 'ioredis';
throng({
  master: () => new Redis().set('boot', 1),
  worker: async () => {
    const redis = new Redis();
    await redis.get('k');
  },
});
`,
    },
    {
      // a name that is not a connection
      code: `
import cluster from 'node:cluster';
let pool;
if (cluster.isPrimary) {
  pool = { query() {} };
  cluster.fork();
} else {
  pool.query();
}
`,
    },
    {
      // piscina pool named pool
      code: `
import Piscina from 'piscina';
import cluster from 'node:cluster';
let pool;
if (cluster.isPrimary) {
  pool = new Piscina({ filename: './task.js' });
  cluster.fork();
} else {
  pool.run({});
}
`,
    },
    {
      // worker_threads worker gets a URL and connects
      code: `
import { Worker, isMainThread, workerData } from 'node:worker_threads';
import pg from 'pg';
if (isMainThread) {
  new Worker(new URL(import.meta.url), { workerData: { url: process.env.DATABASE_URL } });
} else {
  const pool = new pg.Pool({ connectionString: workerData.url });
  await pool.query('select 1');
}
`,
    },
    {
      // module scope use only
      code: `
import cluster from 'node:cluster';
import Redis from 'ioredis';
let redis;
if (cluster.isPrimary) redis = new Redis();
redis?.ping();
if (cluster.isPrimary) cluster.fork();
`,
    },
    {
      // connected in an exported init function
      code: `
import cluster from 'node:cluster';
import { DataSource } from 'typeorm';
const ds = new DataSource({ type: 'postgres' });
export async function init() {
  await ds.initialize();
}
if (cluster.isPrimary) {
  cluster.fork();
} else {
  await ds.query('select 1');
}
`,
    },
    {
      // connect step on the worker in a function
      code: `
import cluster from 'node:cluster';
import { createClient } from 'redis';
const client = createClient();
async function boot() {
  await client.connect();
}
if (cluster.isPrimary) {
  await client.connect();
  cluster.fork();
} else {
  await boot();
  await client.get('k');
}
`,
    },
    {
      // reassigned at module scope too
      code: `
import cluster from 'node:cluster';
import Redis from 'ioredis';
let redis;
if (cluster.isPrimary) {
  redis = new Redis();
  cluster.fork();
}
redis = new Redis();
if (!cluster.isPrimary) redis.get('k');
`,
    },
    {
      // no fork site at all
      code: `
import Redis from 'ioredis';
let redis;
if (process.env.PRIMARY) redis = new Redis();
else redis.get('k');
`,
    },
    {
      // fork("./child.js") with a primary connection
      code: `
import { fork } from 'node:child_process';
import Redis from 'ioredis';
let redis;
if (!process.send) {
  redis = new Redis();
  fork('./child.js');
} else {
  redis.get('k');
}
`,
    },
    {
      // new Worker of another file
      code: `
import { Worker, isMainThread } from 'node:worker_threads';
import Redis from 'ioredis';
let redis;
if (isMainThread) {
  redis = new Redis();
  new Worker('./worker.js');
} else {
  redis.get('k');
}
`,
    },
    {
      // a parameter, not a variable
      code: `
import cluster from 'node:cluster';
import Redis from 'ioredis';
function serve(redis) {
  redis.get('k');
}
if (cluster.isPrimary) cluster.fork();
else serve(new Redis());
`,
    },
    {
      // bullmq worker on the worker path
      code: `
import cluster from 'node:cluster';
import { Worker } from 'bullmq';
let consumer;
if (cluster.isPrimary) {
  cluster.fork();
} else {
  consumer = new Worker('q', async () => {}, { connection: { host: 'redis' } });
  consumer.on('failed', () => {});
}
`,
    },
    {
      // kafkajs producer connected on both paths
      code: `
import cluster from 'node:cluster';
import { Kafka } from 'kafkajs';
const producer = new Kafka({ brokers: ['k:9092'] }).producer();
await producer.connect();
if (cluster.isPrimary) cluster.fork();
else await producer.send({ topic: 't', messages: [] });
`,
    },
    {
      // mongoose connected at module scope
      code: `
import cluster from 'node:cluster';
import mongoose from 'mongoose';
const db = await mongoose.connect(process.env.MONGO_URL);
if (cluster.isPrimary) cluster.fork();
else await db.model('User').findOne();
`,
    },
    {
      // assigned in both branches of a ternary
      code: `
import cluster from 'node:cluster';
import Redis from 'ioredis';
const redis = cluster.isPrimary ? new Redis({ db: 0 }) : new Redis({ db: 1 });
if (cluster.isPrimary) cluster.fork();
else redis.get('k');
`,
    },
    {
      // worker assigns inside a switch default
      code: `
import cluster from 'node:cluster';
import Redis from 'ioredis';
let redis;
switch (true) {
  case cluster.isPrimary:
    redis = new Redis();
    cluster.fork();
    break;
  default:
    redis = new Redis();
    redis.get('k');
}
`,
    },
    {
      // empty file
      code: ``,
    },
    {
      // class field assigned in the primary
      code: `
import cluster from 'node:cluster';
import Redis from 'ioredis';
class App {
  start() {
    if (cluster.isPrimary) {
      this.redis = new Redis();
      cluster.fork();
    } else {
      this.redis.get('k');
    }
  }
}
new App().start();
`,
    },
  ],
  invalid: [
    {
      // postgres.js called as a tagged template on the worker path
      code: `
import cluster from 'node:cluster';
import postgres from 'postgres';
let sql;
if (cluster.isPrimary) {
  sql = postgres(process.env.DATABASE_URL);
  await sql\`select 1\`;
  cluster.fork();
} else {
  await sql\`select 1\`;
}
`,
      output: `
import cluster from 'node:cluster';
import postgres from 'postgres';
let sql;
if (cluster.isPrimary) {
  sql = postgres(process.env.DATABASE_URL);
  await sql\`select 1\`;
  cluster.fork();
} else {
  sql = postgres(process.env.DATABASE_URL);
  await sql\`select 1\`;
}
`,
      errors: [{ messageId: 'assignedInPrimary', data: { name: 'sql', library: 'postgres', noun: 'pool', forkSite: 'cluster.fork()' }, line: 10, column: 9, suggestions: [] }],
    },
    {
      // a knex instance called as a query builder in a child forked from this file
      code: `
import { fork } from 'node:child_process';
import knex from 'knex';
let db;
if (process.send) {
  await db('orders').count('id as orders');
} else {
  db = knex({ client: 'pg', connection: process.env.DATABASE_URL });
  await db.migrate.latest();
  fork(import.meta.filename);
}
`,
      // The child runs once: the fix also closes the pool when its work is done.
      output: `
import { fork } from 'node:child_process';
import knex from 'knex';
let db;
if (process.send) {
  db = knex({ client: 'pg', connection: process.env.DATABASE_URL });
  try {
    await db('orders').count('id as orders');
  } finally {
    await db.destroy();
  }
} else {
  db = knex({ client: 'pg', connection: process.env.DATABASE_URL });
  await db.migrate.latest();
  fork(import.meta.filename);
}
`,
      errors: [{ messageId: 'assignedInPrimary', data: { name: 'db', library: 'knex', noun: 'instance', forkSite: 'fork()' }, line: 6, column: 9, suggestions: [] }],
    },
    {
      // ioredis assigned on the primary path
      code: `
import cluster from 'node:cluster';
import Redis from 'ioredis';
let redis;
if (cluster.isPrimary) {
  redis = new Redis(process.env.REDIS_URL);
  cluster.fork();
} else {
  await redis.get('k');
}
`,
      output: `
import cluster from 'node:cluster';
import Redis from 'ioredis';
let redis;
if (cluster.isPrimary) {
  redis = new Redis(process.env.REDIS_URL);
  cluster.fork();
} else {
  redis = new Redis(process.env.REDIS_URL);
  await redis.get('k');
}
`,
      errors: [
        {
          messageId: 'assignedInPrimary',
          data: {"name":"redis","library":"ioredis","noun":"client","forkSite":"cluster.fork()"},
          line: 9,
          column: 9,
          suggestions: [],
        },
      ],
    },
    {
      // cluster.isMaster
      code: `
import cluster from 'node:cluster';
import Redis from 'ioredis';
let redis;
if (cluster.isMaster) {
  redis = new Redis(process.env.REDIS_URL);
  cluster.fork();
} else {
  redis.get('k');
}
`,
      output: `
import cluster from 'node:cluster';
import Redis from 'ioredis';
let redis;
if (cluster.isMaster) {
  redis = new Redis(process.env.REDIS_URL);
  cluster.fork();
} else {
  redis = new Redis(process.env.REDIS_URL);
  redis.get('k');
}
`,
      errors: [
        {
          messageId: 'assignedInPrimary',
          data: {"name":"redis","library":"ioredis","noun":"client","forkSite":"cluster.fork()"},
          line: 9,
          column: 3,
          suggestions: [],
        },
      ],
    },
    {
      // !cluster.isWorker
      code: `
import cluster from 'node:cluster';
import Redis from 'ioredis';
let redis;
if (!cluster.isWorker) {
  redis = new Redis(process.env.REDIS_URL);
  cluster.fork();
} else {
  redis.get('k');
}
`,
      output: `
import cluster from 'node:cluster';
import Redis from 'ioredis';
let redis;
if (!cluster.isWorker) {
  redis = new Redis(process.env.REDIS_URL);
  cluster.fork();
} else {
  redis = new Redis(process.env.REDIS_URL);
  redis.get('k');
}
`,
      errors: [
        {
          messageId: 'assignedInPrimary',
          data: {"name":"redis","library":"ioredis","noun":"client","forkSite":"cluster.fork()"},
          line: 9,
          column: 3,
          suggestions: [],
        },
      ],
    },
    {
      // NODE_UNIQUE_ID
      code: `
import cluster from 'node:cluster';
import Redis from 'ioredis';
let redis;
if (!process.env.NODE_UNIQUE_ID) {
  redis = new Redis(process.env.REDIS_URL);
  cluster.fork();
} else {
  redis.get('k');
}
`,
      output: `
import cluster from 'node:cluster';
import Redis from 'ioredis';
let redis;
if (!process.env.NODE_UNIQUE_ID) {
  redis = new Redis(process.env.REDIS_URL);
  cluster.fork();
} else {
  redis = new Redis(process.env.REDIS_URL);
  redis.get('k');
}
`,
      errors: [
        {
          messageId: 'assignedInPrimary',
          data: {"name":"redis","library":"ioredis","noun":"client","forkSite":"cluster.fork()"},
          line: 9,
          column: 3,
          suggestions: [],
        },
      ],
    },
    {
      // isPrimary === true
      code: `
import cluster from 'node:cluster';
import Redis from 'ioredis';
let redis;
if (cluster.isPrimary === true) {
  redis = new Redis(process.env.REDIS_URL);
  cluster.fork();
} else {
  redis.get('k');
}
`,
      output: `
import cluster from 'node:cluster';
import Redis from 'ioredis';
let redis;
if (cluster.isPrimary === true) {
  redis = new Redis(process.env.REDIS_URL);
  cluster.fork();
} else {
  redis = new Redis(process.env.REDIS_URL);
  redis.get('k');
}
`,
      errors: [
        {
          messageId: 'assignedInPrimary',
          data: {"name":"redis","library":"ioredis","noun":"client","forkSite":"cluster.fork()"},
          line: 9,
          column: 3,
          suggestions: [],
        },
      ],
    },
    {
      // first use is a property read
      code: `
import cluster from 'node:cluster';
import Redis from 'ioredis';
let redis;
if (cluster.isPrimary) {
  redis = new Redis(process.env.REDIS_URL);
  cluster.fork();
} else {
  console.log(redis.status);
  redis.get('k');
}
`,
      output: `
import cluster from 'node:cluster';
import Redis from 'ioredis';
let redis;
if (cluster.isPrimary) {
  redis = new Redis(process.env.REDIS_URL);
  cluster.fork();
} else {
  redis = new Redis(process.env.REDIS_URL);
  console.log(redis.status);
  redis.get('k');
}
`,
      errors: [
        {
          messageId: 'assignedInPrimary',
          data: {"name":"redis","library":"ioredis","noun":"client","forkSite":"cluster.fork()"},
          line: 9,
          column: 15,
          suggestions: [],
        },
      ],
    },
    {
      // use in a handler the worker passes to a server
      code: `
import cluster from 'node:cluster';
import http from 'node:http';
import Redis from 'ioredis';
let redis;
function handle(req, res) {
  redis.get(req.url).then((value) => res.end(value));
}
if (cluster.isPrimary) {
  redis = new Redis();
  cluster.fork();
} else {
  http.createServer(handle).listen(8080);
}
`,
      output: `
import cluster from 'node:cluster';
import http from 'node:http';
import Redis from 'ioredis';
let redis;
function handle(req, res) {
  redis.get(req.url).then((value) => res.end(value));
}
if (cluster.isPrimary) {
  redis = new Redis();
  cluster.fork();
} else {
  redis = new Redis();
  http.createServer(handle).listen(8080);
}
`,
      errors: [
        {
          messageId: 'assignedInPrimary',
          data: {"name":"redis","library":"ioredis","noun":"client","forkSite":"cluster.fork()"},
          line: 7,
          column: 3,
          suggestions: [],
        },
      ],
    },
    {
      // mongoose.connect on the primary path
      code: `
import cluster from 'node:cluster';
import mongoose from 'mongoose';
let db;
if (cluster.isPrimary) {
  db = await mongoose.connect(process.env.MONGO_URL);
  cluster.fork();
} else {
  const User = db.model('User');
  await User.findOne();
}
`,
      output: `
import cluster from 'node:cluster';
import mongoose from 'mongoose';
let db;
if (cluster.isPrimary) {
  db = await mongoose.connect(process.env.MONGO_URL);
  cluster.fork();
} else {
  db = await mongoose.connect(process.env.MONGO_URL);
  const User = db.model('User');
  await User.findOne();
}
`,
      errors: [
        {
          messageId: 'assignedInPrimary',
          data: {"name":"db","library":"mongoose","noun":"default connection","forkSite":"cluster.fork()"},
          line: 9,
          column: 16,
          suggestions: [],
        },
      ],
    },
    {
      // TypeORM DataSource initialised by the primary only
      code: `
import cluster from 'node:cluster';
import { DataSource } from 'typeorm';
const dataSource = new DataSource({ type: 'postgres', url: process.env.DATABASE_URL });
if (cluster.isPrimary) {
  await dataSource.initialize();
  await dataSource.runMigrations();
  cluster.fork();
} else {
  const users = dataSource.getRepository('User');
}
`,
      output: `
import cluster from 'node:cluster';
import { DataSource } from 'typeorm';
const dataSource = new DataSource({ type: 'postgres', url: process.env.DATABASE_URL });
if (cluster.isPrimary) {
  await dataSource.initialize();
  await dataSource.runMigrations();
  cluster.fork();
} else {
  await dataSource.initialize();
  const users = dataSource.getRepository('User');
}
`,
      errors: [
        {
          messageId: 'connectedInPrimary',
          data: {"name":"dataSource","library":"typeorm","noun":"data source","forkSite":"cluster.fork()","connect":"initialize"},
          line: 10,
          column: 17,
          suggestions: [],
        },
      ],
    },
    {
      // node-redis connected by the primary only
      code: `
import cluster from 'node:cluster';
import { createClient } from 'redis';
const client = createClient({ url: process.env.REDIS_URL });
if (cluster.isPrimary) {
  await client.connect();
  cluster.fork();
} else {
  await client.get('k');
}
`,
      output: `
import cluster from 'node:cluster';
import { createClient } from 'redis';
const client = createClient({ url: process.env.REDIS_URL });
if (cluster.isPrimary) {
  await client.connect();
  cluster.fork();
} else {
  await client.connect();
  await client.get('k');
}
`,
      errors: [
        {
          messageId: 'connectedInPrimary',
          data: {"name":"client","library":"redis","noun":"client","forkSite":"cluster.fork()","connect":"connect"},
          line: 9,
          column: 9,
          suggestions: [],
        },
      ],
    },
    {
      // pg Client connected by the primary only
      code: `
import cluster from 'node:cluster';
import pg from 'pg';
const client = new pg.Client();
if (cluster.isPrimary) {
  await client.connect();
  cluster.fork();
} else {
  await client.query('select 1');
}
`,
      output: `
import cluster from 'node:cluster';
import pg from 'pg';
const client = new pg.Client();
if (cluster.isPrimary) {
  await client.connect();
  cluster.fork();
} else {
  await client.connect();
  await client.query('select 1');
}
`,
      errors: [
        {
          messageId: 'connectedInPrimary',
          data: {"name":"client","library":"pg","noun":"client","forkSite":"cluster.fork()","connect":"connect"},
          line: 9,
          column: 9,
          suggestions: [],
        },
      ],
    },
    {
      // mssql pool connected by the primary only
      code: `
import cluster from 'node:cluster';
import sql from 'mssql';
const pool = new sql.ConnectionPool(process.env.MSSQL_URL);
if (cluster.isPrimary) {
  await pool.connect();
  cluster.fork();
} else {
  await pool.request().query('select 1');
}
`,
      output: `
import cluster from 'node:cluster';
import sql from 'mssql';
const pool = new sql.ConnectionPool(process.env.MSSQL_URL);
if (cluster.isPrimary) {
  await pool.connect();
  cluster.fork();
} else {
  await pool.connect();
  await pool.request().query('select 1');
}
`,
      errors: [
        {
          messageId: 'connectedInPrimary',
          data: {"name":"pool","library":"mssql","noun":"pool","forkSite":"cluster.fork()","connect":"connect"},
          line: 9,
          column: 9,
          suggestions: [],
        },
      ],
    },
    {
      // kafkajs producer connected by the primary only
      code: `
import cluster from 'node:cluster';
import { Kafka } from 'kafkajs';
const kafka = new Kafka({ brokers: ['kafka:9092'] });
const producer = kafka.producer();
if (cluster.isPrimary) {
  await producer.connect();
  cluster.fork();
} else {
  await producer.send({ topic: 't', messages: [] });
}
`,
      output: `
import cluster from 'node:cluster';
import { Kafka } from 'kafkajs';
const kafka = new Kafka({ brokers: ['kafka:9092'] });
const producer = kafka.producer();
if (cluster.isPrimary) {
  await producer.connect();
  cluster.fork();
} else {
  await producer.connect();
  await producer.send({ topic: 't', messages: [] });
}
`,
      errors: [
        {
          messageId: 'connectedInPrimary',
          data: {"name":"producer","library":"kafkajs","noun":"producer","forkSite":"cluster.fork()","connect":"connect"},
          line: 10,
          column: 9,
          suggestions: [],
        },
      ],
    },
    {
      // sequelize is not required to connect, but assigned on the primary
      code: `
import cluster from 'node:cluster';
import { Sequelize } from 'sequelize';
let sequelize;
if (cluster.isPrimary) {
  sequelize = new Sequelize(process.env.DATABASE_URL);
  cluster.fork();
} else {
  await sequelize.query('select 1');
}
`,
      output: `
import cluster from 'node:cluster';
import { Sequelize } from 'sequelize';
let sequelize;
if (cluster.isPrimary) {
  sequelize = new Sequelize(process.env.DATABASE_URL);
  cluster.fork();
} else {
  sequelize = new Sequelize(process.env.DATABASE_URL);
  await sequelize.query('select 1');
}
`,
      errors: [
        {
          messageId: 'assignedInPrimary',
          data: {"name":"sequelize","library":"sequelize","noun":"instance","forkSite":"cluster.fork()"},
          line: 9,
          column: 9,
          suggestions: [],
        },
      ],
    },
    {
      // arguments only the primary sees: suggestion
      code: `
import cluster from 'node:cluster';
import Redis from 'ioredis';
let redis;
if (cluster.isPrimary) {
  const url = await readSecret();
  redis = new Redis(url);
  cluster.fork();
} else {
  redis.get('k');
}
`,
      output: null,
      errors: [
        {
          messageId: 'assignedInPrimary',
          data: {"name":"redis","library":"ioredis","noun":"client","forkSite":"cluster.fork()"},
          line: 10,
          column: 3,
          suggestions: [
            {
              messageId: 'reconnect',
              data: {"name":"redis"},
              output: `
import cluster from 'node:cluster';
import Redis from 'ioredis';
let redis;
if (cluster.isPrimary) {
  const url = await readSecret();
  redis = new Redis(url);
  cluster.fork();
} else {
  redis = new Redis(url);
  redis.get('k');
}
`,
            },
          ],
        },
      ],
    },
    {
      // worker_threads ESM with a for loop
      code: `
import { Worker, isMainThread, parentPort } from 'node:worker_threads';
import Redis from 'ioredis';
let store;
if (isMainThread) {
  store = new Redis(process.env.REDIS_URL, { keyPrefix: 'thumb:' });
  for (let i = 0; i < 4; i++) new Worker(new URL(import.meta.url));
} else {
  parentPort.on('message', (id) => store.set(String(id), '1'));
}
`,
      output: `
import { Worker, isMainThread, parentPort } from 'node:worker_threads';
import Redis from 'ioredis';
let store;
if (isMainThread) {
  store = new Redis(process.env.REDIS_URL, { keyPrefix: 'thumb:' });
  for (let i = 0; i < 4; i++) new Worker(new URL(import.meta.url));
} else {
  store = new Redis(process.env.REDIS_URL, { keyPrefix: 'thumb:' });
  parentPort.on('message', (id) => store.set(String(id), '1'));
}
`,
      errors: [
        {
          messageId: 'assignedInPrimary',
          data: {"name":"store","library":"ioredis","noun":"client","forkSite":"new Worker()"},
          line: 9,
          column: 36,
          suggestions: [],
        },
      ],
    },
    {
      // early return in main
      code: `
import cluster from 'node:cluster';
import Redis from 'ioredis';
let redis;
async function main() {
  if (cluster.isPrimary) {
    redis = new Redis();
    cluster.fork();
    return;
  }
  await redis.get('k');
}
main();
`,
      output: `
import cluster from 'node:cluster';
import Redis from 'ioredis';
let redis;
async function main() {
  if (cluster.isPrimary) {
    redis = new Redis();
    cluster.fork();
    return;
  }
  redis = new Redis();
  await redis.get('k');
}
main();
`,
      errors: [
        {
          messageId: 'assignedInPrimary',
          data: {"name":"redis","library":"ioredis","noun":"client","forkSite":"cluster.fork()"},
          line: 11,
          column: 9,
          suggestions: [],
        },
      ],
    },
    {
      // alias of isPrimary
      code: `
import cluster from 'node:cluster';
import Redis from 'ioredis';
const { isPrimary } = cluster;
let redis;
if (isPrimary) {
  redis = new Redis();
  cluster.fork();
} else {
  redis.get('k');
}
`,
      output: `
import cluster from 'node:cluster';
import Redis from 'ioredis';
const { isPrimary } = cluster;
let redis;
if (isPrimary) {
  redis = new Redis();
  cluster.fork();
} else {
  redis = new Redis();
  redis.get('k');
}
`,
      errors: [
        {
          messageId: 'assignedInPrimary',
          data: {"name":"redis","library":"ioredis","noun":"client","forkSite":"cluster.fork()"},
          line: 10,
          column: 3,
          suggestions: [],
        },
      ],
    },
    {
      // throng master assigns, async worker uses
      code: `
import throng from 'throng';
import Redis from 'ioredis';
let redis;
async function master() {
  redis = new Redis();
}
async function worker() {
  await redis.get('k');
}
throng({ master, worker });
`,
      output: `
import throng from 'throng';
import Redis from 'ioredis';
let redis;
async function master() {
  redis = new Redis();
}
async function worker() {
  redis = new Redis();
  await redis.get('k');
}
throng({ master, worker });
`,
      errors: [
        {
          messageId: 'assignedInPrimary',
          data: {"name":"redis","library":"ioredis","noun":"client","forkSite":"throng()"},
          line: 9,
          column: 9,
          suggestions: [],
        },
      ],
    },
    {
      // throng master assigns with await, non-async worker: suggestion
      code: `
import throng from 'throng';
import mysql from 'mysql2/promise';
let conn;
throng({
  master: async () => {
    conn = await mysql.createConnection(process.env.URL);
  },
  worker: function start() {
    conn.query('select 1');
  },
});
`,
      output: null,
      errors: [
        {
          messageId: 'assignedInPrimary',
          data: {"name":"conn","library":"mysql2","noun":"connection","forkSite":"throng()"},
          line: 10,
          column: 5,
          suggestions: [
            {
              messageId: 'reconnectAsync',
              data: {"name":"conn"},
              output: `
import throng from 'throng';
import mysql from 'mysql2/promise';
let conn;
throng({
  master: async () => {
    conn = await mysql.createConnection(process.env.URL);
  },
  worker: async function start() {
    conn = await mysql.createConnection(process.env.URL);
    conn.query('select 1');
  },
});
`,
            },
          ],
        },
      ],
    },
    {
      // ternary use: report only
      code: `
import cluster from 'node:cluster';
import Redis from 'ioredis';
let redis;
if (cluster.isPrimary) redis = new Redis();
cluster.isPrimary ? cluster.fork() : redis.get('k');
`,
      output: null,
      errors: [
        {
          messageId: 'assignedInPrimary',
          data: {"name":"redis","library":"ioredis","noun":"client","forkSite":"cluster.fork()"},
          line: 6,
          column: 38,
          suggestions: [],
        },
      ],
    },
    {
      // switch on isPrimary
      code: `
import cluster from 'node:cluster';
import Redis from 'ioredis';
let redis;
switch (cluster.isPrimary) {
  case true:
    redis = new Redis();
    cluster.fork();
    break;
  case false:
    redis.get('k');
    break;
}
`,
      output: `
import cluster from 'node:cluster';
import Redis from 'ioredis';
let redis;
switch (cluster.isPrimary) {
  case true:
    redis = new Redis();
    cluster.fork();
    break;
  case false:
    redis = new Redis();
    redis.get('k');
    break;
}
`,
      errors: [
        {
          messageId: 'assignedInPrimary',
          data: {"name":"redis","library":"ioredis","noun":"client","forkSite":"cluster.fork()"},
          line: 11,
          column: 5,
          suggestions: [],
        },
      ],
    },
    {
      // mysql2 createConnection assigned on the primary
      code: `
import cluster from 'node:cluster';
import mysql from 'mysql2/promise';
let conn;
if (cluster.isPrimary) {
  conn = await mysql.createConnection({ host: 'db', user: 'app' });
  cluster.fork();
} else {
  await conn.execute('select 1');
}
`,
      output: `
import cluster from 'node:cluster';
import mysql from 'mysql2/promise';
let conn;
if (cluster.isPrimary) {
  conn = await mysql.createConnection({ host: 'db', user: 'app' });
  cluster.fork();
} else {
  conn = await mysql.createConnection({ host: 'db', user: 'app' });
  await conn.execute('select 1');
}
`,
      errors: [
        {
          messageId: 'assignedInPrimary',
          data: {"name":"conn","library":"mysql2","noun":"connection","forkSite":"cluster.fork()"},
          line: 9,
          column: 9,
          suggestions: [],
        },
      ],
    },
    {
      // pg Pool assigned on the primary
      code: `
import cluster from 'node:cluster';
import pg from 'pg';
let pool;
if (cluster.isPrimary) {
  pool = new pg.Pool({ max: 2 });
  cluster.fork();
} else {
  pool.query('select 1');
}
`,
      output: `
import cluster from 'node:cluster';
import pg from 'pg';
let pool;
if (cluster.isPrimary) {
  pool = new pg.Pool({ max: 2 });
  cluster.fork();
} else {
  pool = new pg.Pool({ max: 2 });
  pool.query('select 1');
}
`,
      errors: [
        {
          messageId: 'assignedInPrimary',
          data: {"name":"pool","library":"pg","noun":"pool","forkSite":"cluster.fork()"},
          line: 9,
          column: 3,
          suggestions: [],
        },
      ],
    },
    {
      // knex assigned on the primary
      code: `
import cluster from 'node:cluster';
import knex from 'knex';
let db;
if (cluster.isPrimary) {
  db = knex({ client: 'pg' });
  cluster.fork();
} else {
  await db.raw('select 1');
}
`,
      output: `
import cluster from 'node:cluster';
import knex from 'knex';
let db;
if (cluster.isPrimary) {
  db = knex({ client: 'pg' });
  cluster.fork();
} else {
  db = knex({ client: 'pg' });
  await db.raw('select 1');
}
`,
      errors: [
        {
          messageId: 'assignedInPrimary',
          data: {"name":"db","library":"knex","noun":"instance","forkSite":"cluster.fork()"},
          line: 9,
          column: 9,
          suggestions: [],
        },
      ],
    },
    {
      // node-redis created and connected on the primary
      code: `
import cluster from 'node:cluster';
import { createClient } from 'redis';
let client;
if (cluster.isPrimary) {
  client = createClient();
  await client.connect();
  cluster.fork();
} else {
  await client.get('k');
}
`,
      output: `
import cluster from 'node:cluster';
import { createClient } from 'redis';
let client;
if (cluster.isPrimary) {
  client = createClient();
  await client.connect();
  cluster.fork();
} else {
  client = createClient();
  await client.connect();
  await client.get('k');
}
`,
      errors: [
        {
          messageId: 'assignedInPrimary',
          data: {"name":"client","library":"redis","noun":"client","forkSite":"cluster.fork()"},
          line: 10,
          column: 9,
          suggestions: [],
        },
      ],
    },
    {
      // MongoClient assigned on the primary; first use is db()
      code: `
import cluster from 'node:cluster';
import { MongoClient } from 'mongodb';
let client;
if (cluster.isPrimary) {
  client = new MongoClient(process.env.MONGO_URL);
  cluster.fork();
} else {
  await client.db('app').collection('users').findOne();
}
`,
      output: `
import cluster from 'node:cluster';
import { MongoClient } from 'mongodb';
let client;
if (cluster.isPrimary) {
  client = new MongoClient(process.env.MONGO_URL);
  cluster.fork();
} else {
  client = new MongoClient(process.env.MONGO_URL);
  await client.db('app').collection('users').findOne();
}
`,
      errors: [
        {
          messageId: 'assignedInPrimary',
          data: {"name":"client","library":"mongodb","noun":"client","forkSite":"cluster.fork()"},
          line: 9,
          column: 9,
          suggestions: [],
        },
      ],
    },
    {
      // prisma assigned on the primary
      code: `
import cluster from 'node:cluster';
import { PrismaClient } from '@prisma/client';
let prisma;
if (cluster.isPrimary) {
  prisma = new PrismaClient();
  cluster.fork();
} else {
  await prisma.user.findMany();
}
`,
      output: `
import cluster from 'node:cluster';
import { PrismaClient } from '@prisma/client';
let prisma;
if (cluster.isPrimary) {
  prisma = new PrismaClient();
  cluster.fork();
} else {
  prisma = new PrismaClient();
  await prisma.user.findMany();
}
`,
      errors: [
        {
          messageId: 'assignedInPrimary',
          data: {"name":"prisma","library":"@prisma/client","noun":"client","forkSite":"cluster.fork()"},
          line: 9,
          column: 9,
          suggestions: [],
        },
      ],
    },
    {
      // postgres.js assigned on the primary
      code: `
import cluster from 'node:cluster';
import postgres from 'postgres';
let sql;
if (cluster.isPrimary) {
  sql = postgres(process.env.DATABASE_URL);
  cluster.fork();
} else {
  await sql.begin(async () => {});
}
`,
      output: `
import cluster from 'node:cluster';
import postgres from 'postgres';
let sql;
if (cluster.isPrimary) {
  sql = postgres(process.env.DATABASE_URL);
  cluster.fork();
} else {
  sql = postgres(process.env.DATABASE_URL);
  await sql.begin(async () => {});
}
`,
      errors: [
        {
          messageId: 'assignedInPrimary',
          data: {"name":"sql","library":"postgres","noun":"pool","forkSite":"cluster.fork()"},
          line: 9,
          column: 9,
          suggestions: [],
        },
      ],
    },
    {
      // amqplib assigned on the primary
      code: `
import cluster from 'node:cluster';
import amqp from 'amqplib';
let connection;
if (cluster.isPrimary) {
  connection = await amqp.connect('amqp://localhost');
  cluster.fork();
} else {
  await connection.createChannel();
}
`,
      output: `
import cluster from 'node:cluster';
import amqp from 'amqplib';
let connection;
if (cluster.isPrimary) {
  connection = await amqp.connect('amqp://localhost');
  cluster.fork();
} else {
  connection = await amqp.connect('amqp://localhost');
  await connection.createChannel();
}
`,
      errors: [
        {
          messageId: 'assignedInPrimary',
          data: {"name":"connection","library":"amqplib","noun":"connection","forkSite":"cluster.fork()"},
          line: 9,
          column: 9,
          suggestions: [],
        },
      ],
    },
    {
      // isPrimary && flag
      code: `
import cluster from 'node:cluster';
import Redis from 'ioredis';
let redis;
if (cluster.isPrimary && process.env.CACHE) {
  redis = new Redis();
}
if (cluster.isPrimary) {
  cluster.fork();
} else {
  redis.get('k');
}
`,
      output: `
import cluster from 'node:cluster';
import Redis from 'ioredis';
let redis;
if (cluster.isPrimary && process.env.CACHE) {
  redis = new Redis();
}
if (cluster.isPrimary) {
  cluster.fork();
} else {
  redis = new Redis();
  redis.get('k');
}
`,
      errors: [
        {
          messageId: 'assignedInPrimary',
          data: {"name":"redis","library":"ioredis","noun":"client","forkSite":"cluster.fork()"},
          line: 11,
          column: 3,
          suggestions: [],
        },
      ],
    },
    {
      // only the first worker-path use is reported
      code: `
import cluster from 'node:cluster';
import Redis from 'ioredis';
let redis;
if (cluster.isPrimary) {
  redis = new Redis();
  cluster.fork();
} else {
  await redis.set('a', 1);
  await redis.get('a');
  await redis.quit();
}
`,
      output: `
import cluster from 'node:cluster';
import Redis from 'ioredis';
let redis;
if (cluster.isPrimary) {
  redis = new Redis();
  cluster.fork();
} else {
  redis = new Redis();
  await redis.set('a', 1);
  await redis.get('a');
  await redis.quit();
}
`,
      errors: [
        {
          messageId: 'assignedInPrimary',
          data: {"name":"redis","library":"ioredis","noun":"client","forkSite":"cluster.fork()"},
          line: 9,
          column: 9,
          suggestions: [],
        },
      ],
    },
    {
      // fork in a loop with typeof process.send
      code: `
import { fork } from 'node:child_process';
import Redis from 'ioredis';
let redis;
if (typeof process.send === 'undefined') {
  redis = new Redis();
  for (let i = 0; i < 2; i++) fork(process.argv[1]);
} else {
  redis.get('k');
}
`,
      // The child runs once and its use is not awaited: a close could cut it off, and a set-up alone would leave the child running, so no fix.
      output: null,
      errors: [
        {
          messageId: 'assignedInPrimary',
          data: {"name":"redis","library":"ioredis","noun":"client","forkSite":"fork()"},
          line: 9,
          column: 3,
          suggestions: [],
        },
      ],
    },
    {
      // function called only on the worker path
      code: `
import cluster from 'node:cluster';
import Redis from 'ioredis';
let redis;
async function serve() {
  await redis.get('k');
}
if (cluster.isPrimary) {
  redis = new Redis();
  cluster.fork();
} else {
  await serve();
}
`,
      output: `
import cluster from 'node:cluster';
import Redis from 'ioredis';
let redis;
async function serve() {
  redis = new Redis();
  await redis.get('k');
}
if (cluster.isPrimary) {
  redis = new Redis();
  cluster.fork();
} else {
  await serve();
}
`,
      errors: [
        {
          messageId: 'assignedInPrimary',
          data: {"name":"redis","library":"ioredis","noun":"client","forkSite":"cluster.fork()"},
          line: 6,
          column: 9,
          suggestions: [],
        },
      ],
    },
    {
      // Redis created with a lazyConnect option on the primary
      code: `
import cluster from 'node:cluster';
import Redis from 'ioredis';
let redis;
if (cluster.isPrimary) {
  redis = new Redis({ lazyConnect: true });
  cluster.fork();
} else {
  redis.get('k');
}
`,
      output: `
import cluster from 'node:cluster';
import Redis from 'ioredis';
let redis;
if (cluster.isPrimary) {
  redis = new Redis({ lazyConnect: true });
  cluster.fork();
} else {
  redis = new Redis({ lazyConnect: true });
  redis.get('k');
}
`,
      errors: [
        {
          messageId: 'assignedInPrimary',
          data: {"name":"redis","library":"ioredis","noun":"client","forkSite":"cluster.fork()"},
          line: 9,
          column: 3,
          suggestions: [],
        },
      ],
    },
  ],
};

const cjs: Cases = {
  valid: [
    {
      // child of fork(__filename) connects itself
      code: `
const { fork } = require('child_process');
const Redis = require('ioredis');
let redis;
if (process.send) {
  redis = new Redis();
  process.on('message', (m) => redis.set('k', m));
} else {
  fork(__filename);
}
`,
    },
  ],
  invalid: [
    {
      // worker_threads CommonJS
      code: `
const { Worker, isMainThread } = require('worker_threads');
const Redis = require('ioredis');
let redis;
if (isMainThread) {
  redis = new Redis();
  new Worker(__filename);
} else {
  redis.get('k');
}
`,
      output: `
const { Worker, isMainThread } = require('worker_threads');
const Redis = require('ioredis');
let redis;
if (isMainThread) {
  redis = new Redis();
  new Worker(__filename);
} else {
  redis = new Redis();
  redis.get('k');
}
`,
      errors: [
        {
          messageId: 'assignedInPrimary',
          data: {"name":"redis","library":"ioredis","noun":"client","forkSite":"new Worker()"},
          line: 9,
          column: 3,
          suggestions: [],
        },
      ],
    },
    {
      // child_process self-fork with process.send
      code: `
const { fork } = require('node:child_process');
const Redis = require('ioredis');
let redis;
if (!process.send) {
  redis = new Redis();
  fork(__filename);
} else {
  process.on('message', (m) => redis.set('k', m));
}
`,
      output: `
const { fork } = require('node:child_process');
const Redis = require('ioredis');
let redis;
if (!process.send) {
  redis = new Redis();
  fork(__filename);
} else {
  redis = new Redis();
  process.on('message', (m) => redis.set('k', m));
}
`,
      errors: [
        {
          messageId: 'assignedInPrimary',
          data: {"name":"redis","library":"ioredis","noun":"client","forkSite":"fork()"},
          line: 9,
          column: 32,
          suggestions: [],
        },
      ],
    },
    {
      // CommonJS early return
      code: `
const cluster = require('cluster');
const Redis = require('ioredis');
let redis;
if (cluster.isPrimary) {
  redis = new Redis();
  cluster.fork();
  return;
}
redis.get('k');
`,
      output: `
const cluster = require('cluster');
const Redis = require('ioredis');
let redis;
if (cluster.isPrimary) {
  redis = new Redis();
  cluster.fork();
  return;
}
redis = new Redis();
redis.get('k');
`,
      errors: [
        {
          messageId: 'assignedInPrimary',
          data: {"name":"redis","library":"ioredis","noun":"client","forkSite":"cluster.fork()"},
          line: 10,
          column: 1,
          suggestions: [],
        },
      ],
    },
  ],
};

const ts: Cases = {
  valid: [
    {
      // TypeScript definite assignment on the worker path
      code: `
import cluster from 'node:cluster';
import { Redis } from 'ioredis';
let redis!: Redis;
if (cluster.isPrimary) {
  cluster.fork();
} else {
  redis = new Redis();
  await redis.get('k');
}
`,
    },
    {
      // exported DataSource: other modules may initialise it
      code: `
import cluster from 'node:cluster';
import { DataSource } from 'typeorm';
export const AppDataSource = new DataSource({ type: 'postgres' });
if (cluster.isPrimary) {
  await AppDataSource.initialize();
  cluster.fork();
} else {
  await AppDataSource.query('select 1');
}
`,
    },
  ],
  invalid: [
    {
      // TypeScript declared type
      code: `
import cluster from 'node:cluster';
import { Redis } from 'ioredis';
let redis: Redis | undefined;
if (cluster.isPrimary) {
  redis = new Redis();
  cluster.fork();
} else {
  await redis!.get('k');
}
`,
      output: `
import cluster from 'node:cluster';
import { Redis } from 'ioredis';
let redis: Redis | undefined;
if (cluster.isPrimary) {
  redis = new Redis();
  cluster.fork();
} else {
  redis = new Redis();
  await redis!.get('k');
}
`,
      errors: [
        {
          messageId: 'assignedInPrimary',
          data: {"name":"redis","library":"ioredis","noun":"client","forkSite":"cluster.fork()"},
          line: 9,
          column: 9,
          suggestions: [],
        },
      ],
    },
    {
      // TypeScript DataSource
      code: `
import cluster from 'node:cluster';
import { DataSource } from 'typeorm';
const AppDataSource = new DataSource({ type: 'postgres' });
if (cluster.isPrimary) {
  await AppDataSource.initialize();
  cluster.fork();
} else {
  await AppDataSource.query('select 1');
}
`,
      output: `
import cluster from 'node:cluster';
import { DataSource } from 'typeorm';
const AppDataSource = new DataSource({ type: 'postgres' });
if (cluster.isPrimary) {
  await AppDataSource.initialize();
  cluster.fork();
} else {
  await AppDataSource.initialize();
  await AppDataSource.query('select 1');
}
`,
      errors: [
        {
          messageId: 'connectedInPrimary',
          data: {"name":"AppDataSource","library":"typeorm","noun":"data source","forkSite":"cluster.fork()","connect":"initialize"},
          line: 9,
          column: 9,
          suggestions: [],
        },
      ],
    },
  ],
};

esmTester.run('require-reconnect-after-fork (ESM)', rule, esm as never);
cjsTester.run('require-reconnect-after-fork (CommonJS)', rule, cjs as never);
tsTester.run('require-reconnect-after-fork (TypeScript)', rule, ts as never);

checkFixedOutputs('require-reconnect-after-fork', rule as never, { esm: esm as never, cjs: cjs as never, ts: ts as never });
