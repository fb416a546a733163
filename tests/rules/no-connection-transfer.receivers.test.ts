// Issue 12: in a module that forks itself, the code that receives the connection is in the same file.
// Sending the configuration alone would leave it calling methods on plain data; the suggestion also
// makes it connect from what it now receives. Where the receiver is elsewhere, the text says so.
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

const PG_CONFIG = '{ connectionString: process.env.DATABAS…';
const clone = (name: string, library: string, noun: string, boundary: string) => ({ messageId: 'clone', data: { name, library, noun, boundary } });
const json = (name: string, library: string, noun: string, boundary: string) => ({ messageId: 'json', data: { name, library, noun, boundary } });

const esm: Cases = {
  valid: [
    // The configuration is sent and the worker connects from it.
    lines(
      `import cluster from 'node:cluster';`,
      `import Redis from 'ioredis';`,
      `if (cluster.isPrimary) {`,
      `  cluster.fork().send({ job: 1, redis: process.env.REDIS_URL });`,
      `} else {`,
      `  let redis;`,
      `  process.on('message', async ({ job, redis: redisConfig }) => {`,
      `    redis ??= new Redis(redisConfig);`,
      `    await redis.set('job:' + job, 'done');`,
      `  });`,
      `}`,
    ),
  ],
  invalid: [
    // A handler of every message keeps one client for the worker, made from the first message.
    {
      code: lines(
        `import cluster from 'node:cluster';`,
        `import Redis from 'ioredis';`,
        ``,
        `if (cluster.isPrimary) {`,
        `  const redis = new Redis(process.env.REDIS_URL);`,
        `  const worker = cluster.fork();`,
        `  worker.send({ job: 1, redis });`,
        `} else {`,
        `  process.on('message', async ({ job, redis }) => {`,
        `    await redis.set('job:' + job, 'done');`,
        `    process.send(job);`,
        `  });`,
        `}`,
      ),
      errors: [{
        ...json('redis', 'ioredis', 'client', '`worker.send()`'),
        line: 7,
        suggestions: [{ messageId: 'sendConfigAndConnect', data: { config: 'process.env.REDIS_URL' }, output: lines(
          `import cluster from 'node:cluster';`,
          `import Redis from 'ioredis';`,
          ``,
          `if (cluster.isPrimary) {`,
          `  const redis = new Redis(process.env.REDIS_URL);`,
          `  const worker = cluster.fork();`,
          `  worker.send({ job: 1, redis: process.env.REDIS_URL });`,
          `} else {`,
          `  let redis;`,
          `  process.on('message', async ({ job, redis: redisConfig }) => {`,
          `    redis ??= new Redis(redisConfig);`,
          `    await redis.set('job:' + job, 'done');`,
          `    process.send(job);`,
          `  });`,
          `}`,
        ) }],
      }],
    },
    // `workerData` itself: the worker's one read of it becomes the factory call.
    {
      code: lines(
        `import { Worker, isMainThread, workerData } from 'node:worker_threads';`,
        `import pg from 'pg';`,
        `if (isMainThread) {`,
        `  const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL });`,
        `  new Worker(new URL(import.meta.url), { workerData: pool });`,
        `} else {`,
        `  const db = workerData;`,
        `  console.log((await db.query('select 1')).rows);`,
        `}`,
      ),
      errors: [{
        ...clone('pool', 'pg', 'pool', '`workerData`'),
        line: 5,
        suggestions: [{ messageId: 'sendConfigAndConnect', data: { config: PG_CONFIG }, output: lines(
          `import { Worker, isMainThread, workerData } from 'node:worker_threads';`,
          `import pg from 'pg';`,
          `if (isMainThread) {`,
          `  const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL });`,
          `  new Worker(new URL(import.meta.url), { workerData: { connectionString: process.env.DATABASE_URL } });`,
          `} else {`,
          `  const db = new pg.Pool(workerData);`,
          `  console.log((await db.query('select 1')).rows);`,
          `}`,
        ) }],
      }],
    },
    // A run-once handler of a client that must be connected: made, connected, and closed when its work ends.
    {
      code: lines(
        `import { fork } from 'node:child_process';`,
        `import { createClient } from 'redis';`,
        `if (process.send) {`,
        `  process.once('message', async (client) => {`,
        `    await client.set('k', 'v');`,
        `    process.disconnect();`,
        `  });`,
        `} else {`,
        `  const client = createClient({ url: process.env.REDIS_URL });`,
        `  await client.connect();`,
        `  fork(import.meta.filename).send(client);`,
        `}`,
      ),
      errors: [{
        ...json('client', 'redis', 'client', '`fork(import.meta.filename).send()`'),
        line: 11,
        suggestions: [{ messageId: 'sendConfigAndConnect', data: { config: '{ url: process.env.REDIS_URL }' }, output: lines(
          `import { fork } from 'node:child_process';`,
          `import { createClient } from 'redis';`,
          `if (process.send) {`,
          `  process.once('message', async (clientConfig) => {`,
          `    const client = createClient(clientConfig);`,
          `    await client.connect();`,
          `    try {`,
          `      await client.set('k', 'v');`,
          `      process.disconnect();`,
          `    } finally {`,
          `      await client.quit();`,
          `    }`,
          `  });`,
          `} else {`,
          `  const client = createClient({ url: process.env.REDIS_URL });`,
          `  await client.connect();`,
          `  fork(import.meta.filename).send({ url: process.env.REDIS_URL });`,
          `}`,
        ) }],
      }],
    },
    // The receiver reads it in a way not followed (`msg.redis`): only the text says what it must do.
    {
      code: lines(
        `import { fork } from 'node:child_process';`,
        `import Redis from 'ioredis';`,
        `if (process.send) {`,
        `  process.on('message', (msg) => msg.redis.set('k', 'v'));`,
        `} else {`,
        `  const redis = new Redis(process.env.REDIS_URL);`,
        `  fork(import.meta.filename).send({ redis });`,
        `}`,
      ),
      errors: [{
        ...json('redis', 'ioredis', 'client', '`fork(import.meta.filename).send()`'),
        line: 7,
        suggestions: [{ messageId: 'sendConfig', data: { config: 'process.env.REDIS_URL' }, output: lines(
          `import { fork } from 'node:child_process';`,
          `import Redis from 'ioredis';`,
          `if (process.send) {`,
          `  process.on('message', (msg) => msg.redis.set('k', 'v'));`,
          `} else {`,
          `  const redis = new Redis(process.env.REDIS_URL);`,
          `  fork(import.meta.filename).send({ redis: process.env.REDIS_URL });`,
          `}`,
        ) }],
      }],
    },
    // The receiver is another file: only the text says what it must do.
    {
      code: lines(
        `import { Worker } from 'node:worker_threads';`,
        `import pg from 'pg';`,
        `const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL });`,
        `new Worker('./report-worker.js', { workerData: { pool } });`,
      ),
      errors: [{
        ...clone('pool', 'pg', 'pool', '`workerData`'),
        line: 4,
        suggestions: [{ messageId: 'sendConfig', data: { config: PG_CONFIG }, output: lines(
          `import { Worker } from 'node:worker_threads';`,
          `import pg from 'pg';`,
          `const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL });`,
          `new Worker('./report-worker.js', { workerData: { pool: { connectionString: process.env.DATABASE_URL } } });`,
        ) }],
      }],
    },
  ],
};

const cjs: Cases = {
  valid: [],
  invalid: [
    // A run-once handler of an awaited factory (mysql2/promise): the issue's `fork(__filename)` shape.
    {
      code: lines(
        `const { fork } = require('node:child_process');`,
        `const mysql = require('mysql2/promise');`,
        `async function main() {`,
        `  if (process.send) {`,
        `    process.once('message', async ({ job, db }) => {`,
        `      await db.query('select ?', [job]);`,
        `      process.disconnect();`,
        `    });`,
        `  } else {`,
        `    const db = await mysql.createConnection(process.env.MYSQL_URL);`,
        `    fork(__filename).send({ job: 7, db });`,
        `  }`,
        `}`,
        `main();`,
      ),
      errors: [{
        ...json('db', 'mysql2', 'connection', '`fork(__filename).send()`'),
        line: 11,
        suggestions: [{ messageId: 'sendConfigAndConnect', data: { config: 'process.env.MYSQL_URL' }, output: lines(
          `const { fork } = require('node:child_process');`,
          `const mysql = require('mysql2/promise');`,
          `async function main() {`,
          `  if (process.send) {`,
          `    process.once('message', async ({ job, db: dbConfig }) => {`,
          `      const db = await mysql.createConnection(dbConfig);`,
          `      try {`,
          `        await db.query('select ?', [job]);`,
          `        process.disconnect();`,
          `      } finally {`,
          `        await db.end();`,
          `      }`,
          `    });`,
          `  } else {`,
          `    const db = await mysql.createConnection(process.env.MYSQL_URL);`,
          `    fork(__filename).send({ job: 7, db: process.env.MYSQL_URL });`,
          `  }`,
          `}`,
          `main();`,
        ) }],
      }],
    },
    // A handler of every message with an awaited factory: two messages at once would make two, so only the text.
    {
      code: lines(
        `const { fork } = require('node:child_process');`,
        `const mysql = require('mysql2/promise');`,
        `async function main() {`,
        `  if (process.send) {`,
        `    process.on('message', async ({ db }) => {`,
        `      process.send(await db.query('select 1'));`,
        `    });`,
        `  } else {`,
        `    const db = await mysql.createConnection(process.env.MYSQL_URL);`,
        `    fork(__filename).send({ db });`,
        `  }`,
        `}`,
        `main();`,
      ),
      errors: [{
        ...json('db', 'mysql2', 'connection', '`fork(__filename).send()`'),
        line: 10,
        suggestions: [{ messageId: 'sendConfig', data: { config: 'process.env.MYSQL_URL' }, output: lines(
          `const { fork } = require('node:child_process');`,
          `const mysql = require('mysql2/promise');`,
          `async function main() {`,
          `  if (process.send) {`,
          `    process.on('message', async ({ db }) => {`,
          `      process.send(await db.query('select 1'));`,
          `    });`,
          `  } else {`,
          `    const db = await mysql.createConnection(process.env.MYSQL_URL);`,
          `    fork(__filename).send({ db: process.env.MYSQL_URL });`,
          `  }`,
          `}`,
          `main();`,
        ) }],
      }],
    },
  ],
};

const ts: Cases = {
  valid: [],
  invalid: [
    // `workerData.pool` with a type annotation on its holder.
    {
      code: lines(
        `import { Worker, isMainThread, workerData } from 'node:worker_threads';`,
        `import pg from 'pg';`,
        `if (isMainThread) {`,
        `  const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL });`,
        `  new Worker(new URL(import.meta.url), { workerData: { pool } });`,
        `} else {`,
        `  const pool: pg.Pool = workerData.pool;`,
        `  console.log((await pool.query('select 1')).rows);`,
        `}`,
      ),
      errors: [{
        ...clone('pool', 'pg', 'pool', '`workerData`'),
        line: 5,
        suggestions: [{ messageId: 'sendConfigAndConnect', data: { config: PG_CONFIG }, output: lines(
          `import { Worker, isMainThread, workerData } from 'node:worker_threads';`,
          `import pg from 'pg';`,
          `if (isMainThread) {`,
          `  const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL });`,
          `  new Worker(new URL(import.meta.url), { workerData: { pool: { connectionString: process.env.DATABASE_URL } } });`,
          `} else {`,
          `  const pool: pg.Pool = new pg.Pool(workerData.pool);`,
          `  console.log((await pool.query('select 1')).rows);`,
          `}`,
        ) }],
      }],
    },
  ],
};

esmTester.run('no-connection-transfer: the receiving side in the same file (ESM)', rule, esm as never);
cjsTester.run('no-connection-transfer: the receiving side in the same file (CommonJS)', rule, cjs as never);
tsTester.run('no-connection-transfer: the receiving side in the same file (TypeScript)', rule, ts as never);

checkFixedOutputs('no-connection-transfer: the receiving side in the same file', rule as never, { esm: esm as never, cjs: cjs as never, ts: ts as never });
