import rule from '../../rules/no-connection-transfer.js';
import { cjsTester, esmTester, tsTester } from '../setup-rule-tester.js';
import { checkFixedOutputs } from '../helpers/fixed-outputs.js';

const noSuggestions = { suggestions: [] } as const;

const esmCases = {
  valid: [
    // Values read from a connection are plain data.
    `import { Worker } from 'node:worker_threads';
     import pg from 'pg';
     const pool = new pg.Pool();
     const { rows } = await pool.query('select 1');
     new Worker('./w.js', { workerData: { rows, total: (await pool.query('select 2')).rows.length } });`,
    `import { Worker } from 'node:worker_threads';
     import { Pool } from 'pg';
     const pool = new Pool({ max: 2 });
     new Worker('./w.js', { workerData: { options: pool.options, max: pool.options.max } });`,
    // Connection strings and config objects are what should be sent.
    `import { Worker } from 'worker_threads';
     import { Pool } from 'pg';
     const config = { connectionString: process.env.DATABASE_URL };
     const pool = new Pool(config);
     new Worker('./w.js', { workerData: { config, url: process.env.DATABASE_URL } });`,
    // Keys named like connections that hold paths or config.
    `import { Worker } from 'node:worker_threads';
     const dbPath = './data.sqlite';
     new Worker('./w.js', { workerData: { db: dbPath, connection: { host: 'localhost' }, pool: { max: 4 } } });`,
    // A piscina instance named pool is the sender, not the payload.
    `import Piscina from 'piscina';
     const pool = new Piscina({ filename: './w.js' });
     await pool.run({ id: 1 });`,
    `import workerpool from 'workerpool';
     const pool = workerpool.pool('./w.js');
     await pool.exec('resize', [{ id: 1 }]);`,
    // A MessagePort and a SharedArrayBuffer are transferable by design.
    `import { Worker, MessageChannel } from 'node:worker_threads';
     const { port1, port2 } = new MessageChannel();
     const shared = new SharedArrayBuffer(1024);
     const worker = new Worker('./w.js', { workerData: { port: port2, shared }, transferList: [port2] });
     worker.postMessage({ port: port1 }, [port1]);`,
    // A net server or socket as the handle of send() is Node's own handle passing.
    `import { fork } from 'node:child_process';
     import net from 'node:net';
     const child = fork('./c.js');
     const server = net.createServer();
     child.send('server', server);
     const socket = net.connect(80, 'example.org');
     child.send('socket', socket);`,
    // res.send, ws.send and other sends that do not cross a process boundary.
    `import { Pool } from 'pg';
     import express from 'express';
     const pool = new Pool();
     const app = express();
     app.get('/', async (req, res) => res.send(pool));`,
    `import { WebSocketServer } from 'ws';
     import Redis from 'ioredis';
     const redis = new Redis();
     new WebSocketServer({ port: 8080 }).on('connection', (ws) => ws.send(redis));`,
    // Only the import decides what a name is: a local class named Pool is not pg.
    `import { Worker } from 'node:worker_threads';
     class Pool { constructor() { this.items = []; } }
     const pool = new Pool();
     new Worker('./w.js', { workerData: { pool } });`,
    // A connection used locally, never sent.
    `import { parentPort } from 'node:worker_threads';
     import { Pool } from 'pg';
     const pool = new Pool();
     parentPort.on('message', async (id) => {
       const { rows } = await pool.query('select * from t where id = $1', [id]);
       parentPort.postMessage(rows);
     });`,
    // Files that never cross a boundary.
    `import { Pool } from 'pg';
     const pool = new Pool();
     export async function handler(req, res) { res.json((await pool.query('select 1')).rows); }`,
    // A local variable that shadows the import.
    `import { Worker } from 'node:worker_threads';
     import { Pool } from 'pg';
     function start(pool) { new Worker('./w.js', { workerData: { pool } }); }
     start({ size: 3 });`,
    // Results of calls that are not tracked objects.
    `import { Worker } from 'node:worker_threads';
     import { MongoClient } from 'mongodb';
     const client = new MongoClient('mongodb://localhost');
     const docs = await client.db('shop').collection('orders').find().toArray();
     new Worker('./w.js', { workerData: { docs } });`,
    // bullmq Worker is a queue consumer; its job data is plain.
    `import { Queue, Worker } from 'bullmq';
     const connection = { host: 'localhost', port: 6379 };
     const queue = new Queue('emails', { connection });
     await queue.add('welcome', { userId: 1, connection });
     new Worker('emails', async (job) => job.data, { connection });`,
    // Query results sent to the parent.
    `import mysql from 'mysql2/promise';
     const pool = mysql.createPool({ connectionLimit: 2 });
     const [rows] = await pool.query('select 1');
     process.send({ rows });`,
    // Strings built from a connection's configuration.
    `import { fork } from 'node:child_process';
     import Redis from 'ioredis';
     const redis = new Redis(6379);
     fork('./c.js', ['--redis-port', String(redis.options.port)]);`,
    // A piscina pool of its own in workerData is not a database connection.
    `import { Worker } from 'node:worker_threads';
     import Piscina from 'piscina';
     const piscina = new Piscina({ filename: './w.js' });
     new Worker('./w.js', { workerData: { threads: piscina.threads.length } });`,
    // The same variable name reassigned to plain data before sending is not tracked by name.
    `import { Worker } from 'node:worker_threads';
     import knex from 'knex';
     const db = knex({ client: 'pg' });
     const settings = { client: 'pg', connection: process.env.DATABASE_URL };
     new Worker('./w.js', { workerData: settings });
     await db.destroy();`,
    // The other side receives configuration and connects itself.
    `import { workerData } from 'node:worker_threads';
     import { Pool } from 'pg';
     const pool = new Pool(workerData.config);
     await pool.query('select 1');`,
    // Sending a message through a non-tracked object named worker.
    `import { Pool } from 'pg';
     const pool = new Pool();
     const worker = { postMessage(message) { console.log(message); } };
     worker.postMessage(pool);`,
    // undici's Pool is only a connection when imported from undici; a promise-pool helper is not.
    `import { Worker } from 'node:worker_threads';
     import { PromisePool } from '@supercharge/promise-pool';
     const pool = PromisePool.for([1, 2]);
     new Worker('./w.js', { workerData: { pool } });`,
    // Mongoose models are definitions; sending the model name is fine.
    `import mongoose from 'mongoose';
     import { Worker } from 'node:worker_threads';
     const User = mongoose.model('User', new mongoose.Schema({ name: String }));
     new Worker('./w.js', { workerData: { model: User.modelName } });`,
    // A Redis key name and a channel name.
    `import Redis from 'ioredis';
     import Piscina from 'piscina';
     const redis = new Redis();
     const piscina = new Piscina({ filename: './w.js' });
     await piscina.run({ key: 'jobs:1', channel: redis.options.keyPrefix });`,
    // A closure passed to a local helper that runs in-process.
    `import { Pool } from 'pg';
     import Piscina from 'piscina';
     const pool = new Pool();
     const piscina = new Piscina({ filename: './w.js' });
     const rows = await pool.query('select id from t');
     await Promise.all(rows.rows.map((row) => piscina.run(row.id)));`,
  ],
  invalid: [
    {
      code: `import { Worker } from 'node:worker_threads';
import pg from 'pg';
const config = { connectionString: process.env.DATABASE_URL };
const pool = new pg.Pool(config);
new Worker('./w.js', { workerData: { pool } });`,
      output: null,
      errors: [
        {
          messageId: 'clone',
          data: { name: 'pool', library: 'pg', noun: 'pool', boundary: '`workerData`' },
          line: 5,
          column: 38,
          suggestions: [
            {
              messageId: 'sendConfig',
              data: { config: 'config' },
              output: `import { Worker } from 'node:worker_threads';
import pg from 'pg';
const config = { connectionString: process.env.DATABASE_URL };
const pool = new pg.Pool(config);
new Worker('./w.js', { workerData: { pool: config } });`,
            },
          ],
        },
      ],
    },
    {
      // An inline literal configuration is copied when everything it names is in scope.
      code: `import { Worker } from 'worker_threads';
import { Pool } from 'pg';
const pool = new Pool({ connectionString: process.env.DATABASE_URL, max: 4 });
const worker = new Worker('./w.js');
worker.postMessage({ type: 'start', db: pool });`,
      output: null,
      errors: [
        {
          messageId: 'clone',
          data: { name: 'pool', library: 'pg', noun: 'pool', boundary: '`worker.postMessage()`' },
          suggestions: [
            {
              messageId: 'sendConfig',
              output: `import { Worker } from 'worker_threads';
import { Pool } from 'pg';
const pool = new Pool({ connectionString: process.env.DATABASE_URL, max: 4 });
const worker = new Worker('./w.js');
worker.postMessage({ type: 'start', db: { connectionString: process.env.DATABASE_URL, max: 4 } });`,
            },
          ],
        },
      ],
    },
    {
      // A checked-out client, sent to a piscina task.
      code: `import Piscina from 'piscina';
import { Pool } from 'pg';
const pool = new Pool();
const piscina = new Piscina({ filename: new URL('./w.js', import.meta.url).href });
const client = await pool.connect();
await piscina.run({ client, id: 1 });`,
      output: null,
      errors: [{ messageId: 'clone', data: { name: 'client', library: 'pg', noun: 'checked-out client', boundary: '`piscina.run()`' }, line: 6, ...noSuggestions }],
    },
    {
      // The pool passed in piscina's workerData option.
      code: `import { Piscina } from 'piscina';
import mysql from 'mysql2/promise';
const pool = mysql.createPool({ uri: process.env.MYSQL_URL });
export const piscina = new Piscina({ filename: './w.js', workerData: { pool } });`,
      output: null,
      errors: [
        {
          messageId: 'clone',
          data: { name: 'pool', library: 'mysql2', noun: 'pool', boundary: '`workerData` of the Piscina pool' },
          suggestions: [
            {
              messageId: 'sendConfig',
              output: `import { Piscina } from 'piscina';
import mysql from 'mysql2/promise';
const pool = mysql.createPool({ uri: process.env.MYSQL_URL });
export const piscina = new Piscina({ filename: './w.js', workerData: { pool: { uri: process.env.MYSQL_URL } } });`,
            },
          ],
        },
      ],
    },
    {
      // tinypool.run with an awaited mysql2 connection.
      code: `import Tinypool from 'tinypool';
import mysql from 'mysql2/promise';
const conn = await mysql.createConnection(process.env.MYSQL_URL);
const pool = new Tinypool({ filename: './w.mjs' });
await pool.run([conn]);`,
      output: null,
      errors: [
        {
          messageId: 'clone',
          data: { name: 'conn', library: 'mysql2', noun: 'connection', boundary: '`pool.run()`' },
          suggestions: [
            {
              messageId: 'sendConfig',
              output: `import Tinypool from 'tinypool';
import mysql from 'mysql2/promise';
const conn = await mysql.createConnection(process.env.MYSQL_URL);
const pool = new Tinypool({ filename: './w.mjs' });
await pool.run([process.env.MYSQL_URL]);`,
            },
          ],
        },
      ],
    },
    {
      // MongoDB: the client, and the Db and Collection it hands out.
      code: `import { Worker } from 'node:worker_threads';
import { MongoClient } from 'mongodb';
const client = new MongoClient(process.env.MONGO_URL);
const db = client.db('shop');
const orders = db.collection('orders');
new Worker('./w.js', { workerData: { db, orders, client } });`,
      output: null,
      errors: [
        { messageId: 'clone', data: { name: 'db', library: 'mongodb', noun: 'database handle', boundary: '`workerData`' }, suggestions: [{ messageId: 'sendConfig', output: `import { Worker } from 'node:worker_threads';
import { MongoClient } from 'mongodb';
const client = new MongoClient(process.env.MONGO_URL);
const db = client.db('shop');
const orders = db.collection('orders');
new Worker('./w.js', { workerData: { db: process.env.MONGO_URL, orders, client } });` }] },
        { messageId: 'clone', data: { name: 'orders', library: 'mongodb', noun: 'collection', boundary: '`workerData`' }, suggestions: [{ messageId: 'sendConfig', output: `import { Worker } from 'node:worker_threads';
import { MongoClient } from 'mongodb';
const client = new MongoClient(process.env.MONGO_URL);
const db = client.db('shop');
const orders = db.collection('orders');
new Worker('./w.js', { workerData: { db, orders: process.env.MONGO_URL, client } });` }] },
        { messageId: 'clone', data: { name: 'client', library: 'mongodb', noun: 'client', boundary: '`workerData`' }, suggestions: [{ messageId: 'sendConfig', output: `import { Worker } from 'node:worker_threads';
import { MongoClient } from 'mongodb';
const client = new MongoClient(process.env.MONGO_URL);
const db = client.db('shop');
const orders = db.collection('orders');
new Worker('./w.js', { workerData: { db, orders, client: process.env.MONGO_URL } });` }] },
      ],
    },
    {
      // ioredis through child.send, as JSON.
      code: `import { fork } from 'node:child_process';
import Redis from 'ioredis';
const redis = new Redis(process.env.REDIS_URL);
const child = fork('./exporter.js');
child.send({ job: 42, redis });`,
      output: null,
      errors: [
        {
          messageId: 'json',
          data: { name: 'redis', library: 'ioredis', noun: 'client', boundary: '`child.send()`' },
          suggestions: [
            {
              messageId: 'sendConfig',
              output: `import { fork } from 'node:child_process';
import Redis from 'ioredis';
const redis = new Redis(process.env.REDIS_URL);
const child = fork('./exporter.js');
child.send({ job: 42, redis: process.env.REDIS_URL });`,
            },
          ],
        },
      ],
    },
    {
      // fork() arguments turn objects into strings.
      code: `import { fork } from 'child_process';
import { createClient } from 'redis';
const cache = createClient();
fork('./child.js', ['--cache', cache]);`,
      output: null,
      errors: [{ messageId: 'argv', data: { name: 'cache', library: 'redis', noun: 'client', boundary: 'the arguments of `fork()`' }, ...noSuggestions }],
    },
    {
      // A database client's own socket passed as a handle is real socket sharing.
      code: `import { fork } from 'node:child_process';
import pg from 'pg';
const client = new pg.Client();
await client.connect();
const child = fork('./c.js');
child.send('db-socket', client.connection.stream);`,
      output: null,
      errors: [{ messageId: 'socket', data: { name: 'client.connection.stream', library: 'pg', noun: 'client', boundary: '`child.send()`' }, ...noSuggestions }],
    },
    {
      // A client where only a socket handle is allowed.
      code: `import { fork } from 'node:child_process';
import Redis from 'ioredis';
const redis = new Redis();
fork('./c.js').send('redis', redis);`,
      output: null,
      errors: [{ messageId: 'handle', data: { name: 'redis', library: 'ioredis', noun: 'client', boundary: "`fork('./c.js').send()`" }, ...noSuggestions }],
    },
    {
      // process.send from a child, with knex.
      code: `import knex from 'knex';
const db = knex({ client: 'pg', connection: process.env.DATABASE_URL });
process.send({ ready: true, db });`,
      output: null,
      errors: [
        {
          messageId: 'json',
          data: { name: 'db', library: 'knex', noun: 'instance', boundary: '`process.send()`' },
          suggestions: [
            {
              messageId: 'sendConfig',
              output: `import knex from 'knex';
const db = knex({ client: 'pg', connection: process.env.DATABASE_URL });
process.send({ ready: true, db: { client: 'pg', connection: process.env.DATABASE_URL } });`,
            },
          ],
        },
      ],
    },
    {
      // A knex transaction handed to a worker.
      code: `import knex from 'knex';
import { Worker } from 'node:worker_threads';
const db = knex({ client: 'pg' });
const worker = new Worker('./w.js');
await db.transaction(async (trx) => {
  worker.postMessage({ trx });
});`,
      output: null,
      errors: [
        {
          messageId: 'clone',
          data: { name: 'trx', library: 'knex', noun: 'transaction', boundary: '`worker.postMessage()`' },
          suggestions: [
            {
              messageId: 'sendConfig',
              output: `import knex from 'knex';
import { Worker } from 'node:worker_threads';
const db = knex({ client: 'pg' });
const worker = new Worker('./w.js');
await db.transaction(async (trx) => {
  worker.postMessage({ trx: { client: 'pg' } });
});`,
            },
          ],
        },
      ],
    },
    {
      // cluster workers, by fork() result and by cluster.workers[id].
      code: `import cluster from 'node:cluster';
import { Sequelize } from 'sequelize';
const sequelize = new Sequelize(process.env.DATABASE_URL);
if (cluster.isPrimary) {
  const worker = cluster.fork();
  worker.send({ sequelize });
  for (const id in cluster.workers) cluster.workers[id].send(sequelize);
}`,
      output: null,
      errors: [
        {
          messageId: 'json', data: { name: 'sequelize', library: 'sequelize', noun: 'instance', boundary: '`worker.send()`' },
          suggestions: [{ messageId: 'sendConfig', output: `import cluster from 'node:cluster';
import { Sequelize } from 'sequelize';
const sequelize = new Sequelize(process.env.DATABASE_URL);
if (cluster.isPrimary) {
  const worker = cluster.fork();
  worker.send({ sequelize: process.env.DATABASE_URL });
  for (const id in cluster.workers) cluster.workers[id].send(sequelize);
}` }],
        },
        {
          messageId: 'json', data: { name: 'sequelize', library: 'sequelize', noun: 'instance', boundary: '`cluster.workers[id].send()`' },
          suggestions: [{ messageId: 'sendConfig', output: `import cluster from 'node:cluster';
import { Sequelize } from 'sequelize';
const sequelize = new Sequelize(process.env.DATABASE_URL);
if (cluster.isPrimary) {
  const worker = cluster.fork();
  worker.send({ sequelize });
  for (const id in cluster.workers) cluster.workers[id].send(process.env.DATABASE_URL);
}` }],
        },
      ],
    },
    {
      // cluster.fork(env) stringifies every value.
      code: `import cluster from 'cluster';
import { PrismaClient } from '@prisma/client';
const prisma = new PrismaClient();
cluster.fork({ PRISMA: prisma });`,
      output: null,
      errors: [{ messageId: 'argv', data: { name: 'prisma', library: '@prisma/client', noun: 'client', boundary: 'the environment of `cluster.fork()`' }, ...noSuggestions }],
    },
    {
      // parentPort.postMessage from a worker, postgres.js.
      code: `import { parentPort } from 'node:worker_threads';
import postgres from 'postgres';
const sql = postgres(process.env.DATABASE_URL, { max: 2 });
parentPort.postMessage({ sql });`,
      output: null,
      errors: [{ messageId: 'clone', data: { name: 'sql', library: 'postgres', noun: 'pool', boundary: '`parentPort.postMessage()`' }, ...noSuggestions }],
    },
    {
      // A MessageChannel port, TypeORM data source.
      code: `import { MessageChannel } from 'node:worker_threads';
import { DataSource } from 'typeorm';
const dataSource = new DataSource({ type: 'postgres' });
await dataSource.initialize();
const { port1 } = new MessageChannel();
port1.postMessage(dataSource);`,
      output: null,
      errors: [
        {
          messageId: 'clone', data: { name: 'dataSource', library: 'typeorm', noun: 'data source', boundary: '`port1.postMessage()`' },
          suggestions: [{ messageId: 'sendConfig', output: `import { MessageChannel } from 'node:worker_threads';
import { DataSource } from 'typeorm';
const dataSource = new DataSource({ type: 'postgres' });
await dataSource.initialize();
const { port1 } = new MessageChannel();
port1.postMessage({ type: 'postgres' });` }],
        },
      ],
    },
    {
      // workerpool exec params and a proxy call.
      code: `import workerpool from 'workerpool';
import amqp from 'amqplib';
const connection = await amqp.connect(process.env.AMQP_URL);
const channel = await connection.createChannel();
const pool = workerpool.pool('./w.js');
await pool.exec('publish', [channel, 'orders']);
const proxy = await pool.proxy();
await proxy.consume(connection);`,
      output: null,
      errors: [
        {
          messageId: 'clone', data: { name: 'channel', library: 'amqplib', noun: 'channel', boundary: '`pool.exec()`' },
          suggestions: [{ messageId: 'sendConfig', output: `import workerpool from 'workerpool';
import amqp from 'amqplib';
const connection = await amqp.connect(process.env.AMQP_URL);
const channel = await connection.createChannel();
const pool = workerpool.pool('./w.js');
await pool.exec('publish', [process.env.AMQP_URL, 'orders']);
const proxy = await pool.proxy();
await proxy.consume(connection);` }],
        },
        {
          messageId: 'clone', data: { name: 'connection', library: 'amqplib', noun: 'connection', boundary: '`proxy.consume()`' },
          suggestions: [{ messageId: 'sendConfig', output: `import workerpool from 'workerpool';
import amqp from 'amqplib';
const connection = await amqp.connect(process.env.AMQP_URL);
const channel = await connection.createChannel();
const pool = workerpool.pool('./w.js');
await pool.exec('publish', [channel, 'orders']);
const proxy = await pool.proxy();
await proxy.consume(process.env.AMQP_URL);` }],
        },
      ],
    },
    {
      // poolifier execute, kafkajs producer handed out by Kafka.
      code: `import { FixedThreadPool } from 'poolifier';
import { Kafka } from 'kafkajs';
const kafka = new Kafka({ brokers: ['localhost:9092'] });
const producer = kafka.producer();
const pool = new FixedThreadPool(4, './worker.js');
await pool.execute({ producer });`,
      output: null,
      errors: [
        {
          messageId: 'clone', data: { name: 'producer', library: 'kafkajs', noun: 'producer', boundary: '`pool.execute()`' },
          suggestions: [{ messageId: 'sendConfig', output: `import { FixedThreadPool } from 'poolifier';
import { Kafka } from 'kafkajs';
const kafka = new Kafka({ brokers: ['localhost:9092'] });
const producer = kafka.producer();
const pool = new FixedThreadPool(4, './worker.js');
await pool.execute({ producer: { brokers: ['localhost:9092'] } });` }],
        },
      ],
    },
    {
      // threads.js: a spawned proxy's method call.
      code: `import { spawn, Worker } from 'threads';
import Database from 'better-sqlite3';
const db = new Database('app.db');
const resizer = await spawn(new Worker('./resizer'));
await resizer.resize(db, 42);`,
      output: null,
      errors: [
        {
          messageId: 'clone', data: { name: 'db', library: 'better-sqlite3', noun: 'database', boundary: '`resizer.resize()`' },
          suggestions: [{ messageId: 'sendConfig', output: `import { spawn, Worker } from 'threads';
import Database from 'better-sqlite3';
const db = new Database('app.db');
const resizer = await spawn(new Worker('./resizer'));
await resizer.resize('app.db', 42);` }],
        },
      ],
    },
    {
      // jest-worker exposed method.
      code: `import { Worker as JestWorker } from 'jest-worker';
import { Client } from 'undici';
const http = new Client('http://localhost:3000');
const farm = new JestWorker(require.resolve('./w.js'));
await farm.transform({ http });`,
      output: null,
      errors: [
        {
          messageId: 'clone', data: { name: 'http', library: 'undici', noun: 'client', boundary: '`farm.transform()`' },
          suggestions: [{ messageId: 'sendConfig', output: `import { Worker as JestWorker } from 'jest-worker';
import { Client } from 'undici';
const http = new Client('http://localhost:3000');
const farm = new JestWorker(require.resolve('./w.js'));
await farm.transform({ http: 'http://localhost:3000' });` }],
        },
      ],
    },
    {
      // node-worker-threads-pool exec, nats connection.
      code: `import { StaticPool } from 'node-worker-threads-pool';
import { connect } from 'nats';
const nc = await connect({ servers: 'localhost:4222' });
const pool = new StaticPool({ size: 4, task: './task.js' });
await pool.exec({ nc });`,
      output: null,
      errors: [
        {
          messageId: 'clone', data: { name: 'nc', library: 'nats', noun: 'connection', boundary: '`pool.exec()`' },
          suggestions: [{ messageId: 'sendConfig', output: `import { StaticPool } from 'node-worker-threads-pool';
import { connect } from 'nats';
const nc = await connect({ servers: 'localhost:4222' });
const pool = new StaticPool({ size: 4, task: './task.js' });
await pool.exec({ nc: { servers: 'localhost:4222' } });` }],
        },
      ],
    },
    {
      // bullmq job data, through a spread of a local object literal.
      code: `import { Queue } from 'bullmq';
import { Pool } from 'pg';
const pool = new Pool();
const queue = new Queue('reports', { connection: { host: 'localhost' } });
const context = { pool, tenant: 'acme' };
await queue.add('daily', { ...context, day: 1 });`,
      output: null,
      errors: [{ messageId: 'json', data: { name: 'pool', library: 'pg', noun: 'pool', boundary: '`queue.add()`' }, line: 5, ...noSuggestions }],
    },
    {
      // bullmq addBulk and FlowProducer.
      code: `import { Queue, FlowProducer } from 'bullmq';
import Redis from 'ioredis';
const redis = new Redis();
const queue = new Queue('q');
const flow = new FlowProducer();
await queue.addBulk([{ name: 'a', data: { redis } }]);
await flow.add({ name: 'root', queueName: 'q', data: { conn: redis } });`,
      output: null,
      errors: [
        { messageId: 'json', data: { name: 'redis', library: 'ioredis', noun: 'client', boundary: '`queue.addBulk()`' }, ...noSuggestions },
        { messageId: 'json', data: { name: 'redis', library: 'ioredis', noun: 'client', boundary: '`flow.add()`' }, ...noSuggestions },
      ],
    },
    {
      // A class field (static) and this.x set in the constructor.
      code: `import { Worker } from 'node:worker_threads';
import { MongoClient } from 'mongodb';
import mongoose from 'mongoose';
class Store {
  static client = new MongoClient('mongodb://localhost');
  constructor() { this.conn = mongoose.createConnection('mongodb://localhost/app'); }
  start() {
    const worker = new Worker('./w.js');
    worker.postMessage({ client: Store.client, conn: this.conn });
  }
}`,
      output: null,
      errors: [
        { messageId: 'clone', data: { name: 'Store.client', library: 'mongodb', noun: 'client', boundary: '`worker.postMessage()`' }, suggestions: [{ messageId: 'sendConfig', output: `import { Worker } from 'node:worker_threads';
import { MongoClient } from 'mongodb';
import mongoose from 'mongoose';
class Store {
  static client = new MongoClient('mongodb://localhost');
  constructor() { this.conn = mongoose.createConnection('mongodb://localhost/app'); }
  start() {
    const worker = new Worker('./w.js');
    worker.postMessage({ client: 'mongodb://localhost', conn: this.conn });
  }
}` }] },
        { messageId: 'clone', data: { name: 'this.conn', library: 'mongoose', noun: 'connection', boundary: '`worker.postMessage()`' }, suggestions: [{ messageId: 'sendConfig', output: `import { Worker } from 'node:worker_threads';
import { MongoClient } from 'mongodb';
import mongoose from 'mongoose';
class Store {
  static client = new MongoClient('mongodb://localhost');
  constructor() { this.conn = mongoose.createConnection('mongodb://localhost/app'); }
  start() {
    const worker = new Worker('./w.js');
    worker.postMessage({ client: Store.client, conn: 'mongodb://localhost/app' });
  }
}` }] },
      ],
    },
    {
      // A wrapper function that returns a factory call, and an alias.
      code: `import { Worker } from 'node:worker_threads';
import oracledb from 'oracledb';
async function openPool() {
  return oracledb.createPool({ user: 'app', poolMax: 4 });
}
const pool = await openPool();
const shared = pool;
new Worker('./w.js', { workerData: [shared] });`,
      output: null,
      errors: [
        {
          messageId: 'clone', data: { name: 'shared', library: 'oracledb', noun: 'pool', boundary: '`workerData`' },
          suggestions: [{ messageId: 'sendConfig', output: `import { Worker } from 'node:worker_threads';
import oracledb from 'oracledb';
async function openPool() {
  return oracledb.createPool({ user: 'app', poolMax: 4 });
}
const pool = await openPool();
const shared = pool;
new Worker('./w.js', { workerData: [{ user: 'app', poolMax: 4 }] });` }],
        },
      ],
    },
    {
      // A ConnectionPool from mssql and a net socket in message data (not a handle).
      code: `import sql from 'mssql';
import net from 'node:net';
import { Worker } from 'node:worker_threads';
const pool = new sql.ConnectionPool({ server: 'db' });
const socket = net.connect(1433, 'db');
const worker = new Worker('./w.js', { workerData: { pool } });
worker.postMessage({ socket });`,
      output: null,
      errors: [
        { messageId: 'clone', data: { name: 'pool', library: 'mssql', noun: 'pool', boundary: '`workerData`' }, suggestions: [{ messageId: 'sendConfig', output: `import sql from 'mssql';
import net from 'node:net';
import { Worker } from 'node:worker_threads';
const pool = new sql.ConnectionPool({ server: 'db' });
const socket = net.connect(1433, 'db');
const worker = new Worker('./w.js', { workerData: { pool: { server: 'db' } } });
worker.postMessage({ socket });` }] },
        { messageId: 'clone', data: { name: 'socket', library: 'net', noun: 'socket', boundary: '`worker.postMessage()`' }, ...noSuggestions },
      ],
    },
    {
      // pg's callback checkout, then a message through a BroadcastChannel.
      code: `import { BroadcastChannel } from 'node:worker_threads';
import { Pool } from 'pg';
const pool = new Pool();
const channel = new BroadcastChannel('jobs');
pool.connect((err, client, release) => {
  channel.postMessage(client);
  release();
});`,
      output: null,
      errors: [{ messageId: 'clone', data: { name: 'client', library: 'pg', noun: 'checked-out client', boundary: '`channel.postMessage()`' }, ...noSuggestions }],
    },
    {
      // The configuration is shadowed where the data is built: no suggestion.
      code: `import { Worker } from 'node:worker_threads';
import { Pool } from 'pg';
const config = { max: 1 };
const pool = new Pool(config);
function start(config) {
  new Worker('./w.js', { workerData: { pool, config } });
}`,
      output: null,
      errors: [{ messageId: 'clone', data: { name: 'pool', library: 'pg', noun: 'pool', boundary: '`workerData`' }, ...noSuggestions }],
    },
    {
      // An options object held in a const.
      code: `import { Worker } from 'node:worker_threads';
import { Pool } from 'pg';
const pool = new Pool();
const options = { workerData: { pool }, resourceLimits: { maxOldGenerationSizeMb: 64 } };
new Worker('./w.js', options);`,
      output: null,
      errors: [{ messageId: 'clone', data: { name: 'pool', library: 'pg', noun: 'pool', boundary: '`workerData`' }, line: 4, ...noSuggestions }],
    },
    {
      // workerpool.workerEmit from inside a worker, generic-pool resource.
      code: `import workerpool from 'workerpool';
import genericPool from 'generic-pool';
const pool = genericPool.createPool({ create: async () => ({}), destroy: async () => {} }, { max: 2 });
const resource = await pool.acquire();
workerpool.workerEmit({ resource });`,
      output: null,
      errors: [{ messageId: 'clone', data: { name: 'resource', library: 'generic-pool', noun: 'checked-out client', boundary: '`workerpool.workerEmit()`' }, ...noSuggestions }],
    },
    {
      // workerpool: forkArgs become command-line strings; workerThreadOpts.workerData is cloned.
      code: `import workerpool from 'workerpool';
import mysql from 'mysql2/promise';
const conn = await mysql.createConnection({ host: 'db' });
workerpool.pool('./w.js', { workerType: 'process', forkArgs: ['--db', conn] });
workerpool.pool('./w.js', { workerThreadOpts: { workerData: { conn } } });`,
      output: null,
      errors: [
        { messageId: 'argv', data: { name: 'conn', library: 'mysql2', noun: 'connection', boundary: 'the worker options of `workerpool.pool()`' }, suggestions: [{ messageId: 'sendConfig', output: `import workerpool from 'workerpool';
import mysql from 'mysql2/promise';
const conn = await mysql.createConnection({ host: 'db' });
workerpool.pool('./w.js', { workerType: 'process', forkArgs: ['--db', { host: 'db' }] });
workerpool.pool('./w.js', { workerThreadOpts: { workerData: { conn } } });` }] },
        { messageId: 'clone', data: { name: 'conn', library: 'mysql2', noun: 'connection', boundary: 'the worker options of `workerpool.pool()`' }, suggestions: [{ messageId: 'sendConfig', output: `import workerpool from 'workerpool';
import mysql from 'mysql2/promise';
const conn = await mysql.createConnection({ host: 'db' });
workerpool.pool('./w.js', { workerType: 'process', forkArgs: ['--db', conn] });
workerpool.pool('./w.js', { workerThreadOpts: { workerData: { conn: { host: 'db' } } } });` }] },
      ],
    },
    {
      // The socket of a mysql2/promise connection sits one level down.
      code: `import { fork } from 'node:child_process';
import mysql from 'mysql2/promise';
const conn = await mysql.createConnection({ host: 'db' });
fork('./c.js').send('socket', conn.connection.stream);`,
      output: null,
      errors: [{ messageId: 'socket', data: { name: 'conn.connection.stream', library: 'mysql2', noun: 'connection', boundary: "`fork('./c.js').send()`" }, ...noSuggestions }],
    },
    {
      // Bree job definitions, Elasticsearch client.
      code: `import Bree from 'bree';
import { Client } from '@elastic/elasticsearch';
const es = new Client({ node: 'http://localhost:9200' });
new Bree({ jobs: [{ name: 'reindex', worker: { workerData: { es } } }] });`,
      output: null,
      errors: [
        { messageId: 'clone', data: { name: 'es', library: '@elastic/elasticsearch', noun: 'client', boundary: 'the job definitions of Bree' }, suggestions: [{ messageId: 'sendConfig', output: `import Bree from 'bree';
import { Client } from '@elastic/elasticsearch';
const es = new Client({ node: 'http://localhost:9200' });
new Bree({ jobs: [{ name: 'reindex', worker: { workerData: { es: { node: 'http://localhost:9200' } } } }] });` }] },
      ],
    },
    {
      // A connection picked by a conditional.
      code: `import { Worker } from 'node:worker_threads';
import { Pool } from 'pg';
const primary = new Pool();
const replica = new Pool();
new Worker('./w.js', { workerData: { db: process.env.READ_ONLY ? replica : primary } });`,
      output: null,
      errors: [
        { messageId: 'clone', data: { name: 'replica', library: 'pg', noun: 'pool', boundary: '`workerData`' }, ...noSuggestions },
        { messageId: 'clone', data: { name: 'primary', library: 'pg', noun: 'pool', boundary: '`workerData`' }, ...noSuggestions },
      ],
    },
  ],
};
esmTester.run('no-connection-transfer (ESM)', rule, esmCases as never);

const cjsCases = {
  valid: [
    `const { Worker } = require('worker_threads');
     const { Pool } = require('pg');
     const pool = new Pool();
     new Worker(__filename, { workerData: { connectionString: process.env.DATABASE_URL } });`,
    `const Piscina = require('piscina');
     const pool = new Piscina({ filename: require.resolve('./w') });
     module.exports = (task) => pool.run(task);`,
    `const { fork } = require('child_process');
     const child = fork(require.resolve('./child'));
     child.send({ type: 'shutdown' });`,
    `const cluster = require('cluster');
     const Redis = require('ioredis');
     if (cluster.isWorker) {
       const redis = new Redis();
       process.on('message', async (key) => process.send(await redis.get(key)));
     }`,
    // A name that only looks like a driver in a require of another package.
    `const { Pool } = require('./my-pool');
     const { Worker } = require('worker_threads');
     const pool = new Pool();
     new Worker('./w.js', { workerData: { pool } });`,
  ],
  invalid: [
    {
      code: `const { Worker } = require('node:worker_threads');
const { Pool } = require('pg');
const pool = new Pool();
new Worker(__filename, { workerData: { pool } });`,
      output: null,
      errors: [{ messageId: 'clone', data: { name: 'pool', library: 'pg', noun: 'pool', boundary: '`workerData`' }, ...noSuggestions }],
    },
    {
      code: `const mysql = require('mysql');
const pool = mysql.createPool({ connectionLimit: 4 });
pool.getConnection((err, connection) => {
  process.send({ connection });
});`,
      output: null,
      errors: [
        {
          messageId: 'json', data: { name: 'connection', library: 'mysql', noun: 'checked-out client', boundary: '`process.send()`' },
          suggestions: [{ messageId: 'sendConfig', output: `const mysql = require('mysql');
const pool = mysql.createPool({ connectionLimit: 4 });
pool.getConnection((err, connection) => {
  process.send({ connection: { connectionLimit: 4 } });
});` }],
        },
      ],
    },
    {
      code: `const sqlite3 = require('sqlite3').verbose();
const { fork } = require('child_process');
const db = new sqlite3.Database(':memory:');
const child = fork('./child.js');
child.send(db);`,
      output: null,
      errors: [
        {
          messageId: 'json', data: { name: 'db', library: 'sqlite3', noun: 'database', boundary: '`child.send()`' },
          suggestions: [{ messageId: 'sendConfig', output: `const sqlite3 = require('sqlite3').verbose();
const { fork } = require('child_process');
const db = new sqlite3.Database(':memory:');
const child = fork('./child.js');
child.send(':memory:');` }],
        },
      ],
    },
    {
      code: `const Redis = require('ioredis');
const cluster = require('node:cluster');
const redis = new Redis.Cluster([{ host: 'a' }]);
cluster.on('online', () => {});
for (const worker of Object.values(cluster.workers)) worker.send('x');
cluster.fork().send({ redis });`,
      output: null,
      errors: [
        {
          messageId: 'json', data: { name: 'redis', library: 'ioredis', noun: 'cluster client', boundary: '`cluster.fork().send()`' },
          suggestions: [{ messageId: 'sendConfig', output: `const Redis = require('ioredis');
const cluster = require('node:cluster');
const redis = new Redis.Cluster([{ host: 'a' }]);
cluster.on('online', () => {});
for (const worker of Object.values(cluster.workers)) worker.send('x');
cluster.fork().send({ redis: [{ host: 'a' }] });` }],
        },
      ],
    },
    {
      // pg-promise: pgp(cn) yields the database.
      code: `const pgp = require('pg-promise')();
const { parentPort } = require('worker_threads');
const db = pgp(process.env.DATABASE_URL);
parentPort.postMessage({ db });`,
      output: null,
      errors: [
        {
          messageId: 'clone', data: { name: 'db', library: 'pg-promise', noun: 'database', boundary: '`parentPort.postMessage()`' },
          suggestions: [{ messageId: 'sendConfig', output: `const pgp = require('pg-promise')();
const { parentPort } = require('worker_threads');
const db = pgp(process.env.DATABASE_URL);
parentPort.postMessage({ db: process.env.DATABASE_URL });` }],
        },
      ],
    },
  ],
};
cjsTester.run('no-connection-transfer (CommonJS)', rule, cjsCases as never);

const tsCases = {
  valid: [
    `import { Worker } from 'node:worker_threads';
     import { Pool, type PoolConfig } from 'pg';
     const config: PoolConfig = { max: 2 };
     const pool = new Pool(config);
     new Worker('./w.js', { workerData: { config } satisfies { config: PoolConfig } });`,
    `import type { Pool } from 'pg';
     import { Worker } from 'node:worker_threads';
     declare const pool: Pool;
     export function send(worker: Worker, rows: unknown[]) { worker.postMessage(rows); }`,
  ],
  invalid: [
    {
      code: `import { Worker } from 'node:worker_threads';
import { Pool } from 'pg';
const pool: Pool = new Pool();
new Worker('./w.js', { workerData: { pool: pool as unknown as object } });`,
      output: null,
      errors: [{ messageId: 'clone', data: { name: 'pool', library: 'pg', noun: 'pool', boundary: '`workerData`' }, ...noSuggestions }],
    },
    {
      code: `import pg = require('pg');
import { Worker } from 'node:worker_threads';
class Repo {
  private readonly pool = new pg.Pool({ max: 2 });
  hand(): void {
    new Worker('./w.js').postMessage({ pool: this.pool! });
  }
}`,
      output: null,
      errors: [
        {
          messageId: 'clone', data: { name: 'this.pool', library: 'pg', noun: 'pool', boundary: "`new Worker('./w.js').postMessage()`" },
          suggestions: [{ messageId: 'sendConfig', output: `import pg = require('pg');
import { Worker } from 'node:worker_threads';
class Repo {
  private readonly pool = new pg.Pool({ max: 2 });
  hand(): void {
    new Worker('./w.js').postMessage({ pool: { max: 2 } });
  }
}` }],
        },
      ],
    },
    {
      code: `import { Worker } from 'node:worker_threads';
const { PrismaClient } = await import('@prisma/client');
const prisma = new PrismaClient();
const worker = new Worker(new URL('./w.js', import.meta.url));
worker.postMessage({ prisma } as const);`,
      output: null,
      errors: [{ messageId: 'clone', data: { name: 'prisma', library: '@prisma/client', noun: 'client', boundary: '`worker.postMessage()`' }, ...noSuggestions }],
    },
  ],
};
tsTester.run('no-connection-transfer (TypeScript)', rule, tsCases as never);

checkFixedOutputs('no-connection-transfer', rule as never, { esm: esmCases as never, cjs: cjsCases as never, ts: tsCases as never });
