// Issue 11 shapes: fork sites handed over by reference, roles from a marker the fork call
// passes, undeclared globals, and the knowledge rows real code needed.
import type { InvalidTestCase, ValidTestCase } from '@typescript-eslint/rule-tester';
import rule from '../../rules/no-connection-before-fork.js';
import { checkFixedOutputs } from '../helpers/fixed-outputs.js';
import { cjsTester, esmTester, tsTester } from '../setup-rule-tester.js';

type Options = readonly unknown[];
interface Cases {
  readonly valid: (ValidTestCase<Options> | string)[];
  readonly invalid: InvalidTestCase<string, Options>[];
}

const lines = (...parts: string[]): string => parts.join('\n') + '\n';

const workerOnly = (name: string, library: string, noun: string, forkSite: string) => ({ messageId: 'workerOnly', data: { name, library, noun, forkSite } });

const esm: Cases = {
  valid: [
    // The fork passes no argument: `process.argv[2] === 'child'` is a name alone, and tells
    // nothing (read as a marker, the pool would be the workers' only: `workerOnlyLazy`).
    {
      code: lines(
        `import { fork } from 'node:child_process';`,
        `import pg from 'pg';`,
        `const pool = new pg.Pool();`,
        `if (process.argv[2] === 'child') {`,
        `  await pool.query('SELECT 1');`,
        `} else {`,
        `  fork(new URL(import.meta.url));`,
        `}`,
      ),
      options: [{ reportLazy: true }],
    },
    // The marker is passed to another file: this module has no roles.
    {
      code: lines(
        `import { fork } from 'node:child_process';`,
        `import pg from 'pg';`,
        `const pool = new pg.Pool();`,
        `if (process.env.ROLE === 'worker') await pool.query('SELECT 1');`,
        `else fork('./child.js', { env: { ROLE: 'worker' } });`,
      ),
      options: [{ reportLazy: true }],
    },
    // A fork API stored, never handed to a call: nothing forks.
    lines(
      `import cluster from 'node:cluster';`,
      `import Redis from 'ioredis';`,
      `const redis = new Redis();`,
      `const actions = { start: cluster.fork };`,
      `if (cluster.isWorker) await redis.get('x');`,
    ),
    // NODE_ENV is passed on to the child, but guards no fork: the primary may have it too.
    {
      code: lines(
        `import { fork } from 'node:child_process';`,
        `import pg from 'pg';`,
        `const pool = new pg.Pool();`,
        `if (process.env.NODE_ENV === 'production') await pool.query('SELECT 1');`,
        `if (process.argv[2] !== 'child') fork(new URL(import.meta.url), ['child'], { env: { ...process.env, NODE_ENV: 'production' } });`,
      ),
      options: [{ reportLazy: true }],
    },
    // A value no fork call passes there, guarding no fork site: it tells no role.
    lines(
      `import { fork } from 'node:child_process';`,
      `import Redis from 'ioredis';`,
      `const redis = new Redis();`,
      `if (process.argv[2] === 'report') {`,
      `  console.log(await redis.get('x'));`,
      `  await redis.quit();`,
      `} else {`,
      `  fork(new URL(import.meta.url), ['serve']);`,
      `}`,
    ),
    // Handed over by reference, but both roles use the connection.
    lines(
      `import cluster from 'node:cluster';`,
      `import os from 'node:os';`,
      `import Redis from 'ioredis';`,
      `const redis = new Redis();`,
      `await redis.set('boot', '1');`,
      `if (cluster.isPrimary) os.cpus().forEach(cluster.fork);`,
      `await redis.get('boot');`,
    ),
  ],
  invalid: [
    {
      code: lines(
        `import cluster from 'node:cluster';`,
        `import os from 'node:os';`,
        `import Redis from 'ioredis';`,
        `const redis = new Redis(process.env.REDIS_URL);`,
        `if (cluster.isPrimary) {`,
        `  os.cpus().forEach(cluster.fork);`,
        `} else {`,
        `  await redis.set('started', String(process.pid));`,
        `}`,
      ),
      output: lines(
        `import cluster from 'node:cluster';`,
        `import os from 'node:os';`,
        `import Redis from 'ioredis';`,
        `if (cluster.isPrimary) {`,
        `  os.cpus().forEach(cluster.fork);`,
        `} else {`,
        `  const redis = new Redis(process.env.REDIS_URL);`,
        `  await redis.set('started', String(process.pid));`,
        `}`,
      ),
      errors: [{ ...workerOnly('redis', 'ioredis', 'client', 'cluster.fork'), line: 4 }],
    },
    {
      // kafka-node: the client connects at once; the workers' producer is its only use.
      code: lines(
        `import cluster from 'node:cluster';`,
        `import kafka from 'kafka-node';`,
        `const client = new kafka.KafkaClient({ kafkaHost: 'kafka:9092' });`,
        `if (cluster.isPrimary) {`,
        `  Array.from({ length: 2 }, cluster.fork);`,
        `} else {`,
        `  const producer = new kafka.Producer(client);`,
        `  producer.on('ready', () => producer.send([{ topic: 'up', messages: String(process.pid) }], () => {}));`,
        `}`,
      ),
      output: lines(
        `import cluster from 'node:cluster';`,
        `import kafka from 'kafka-node';`,
        `if (cluster.isPrimary) {`,
        `  Array.from({ length: 2 }, cluster.fork);`,
        `} else {`,
        `  const client = new kafka.KafkaClient({ kafkaHost: 'kafka:9092' });`,
        `  const producer = new kafka.Producer(client);`,
        `  producer.on('ready', () => producer.send([{ topic: 'up', messages: String(process.pid) }], () => {}));`,
        `}`,
      ),
      errors: [{ ...workerOnly('client', 'kafka-node', 'client', 'cluster.fork'), line: 3 }],
    },
  ],
};

const cjs: Cases = {
  valid: [
    // The marker tested is not where the fork passes it.
    {
      code: lines(
        `const { fork } = require('child_process');`,
        `const pg = require('pg');`,
        `const pool = new pg.Pool();`,
        `if (process.argv[3] === 'child') pool.query('SELECT 1');`,
        `else fork(__filename, ['child']);`,
      ),
      options: [{ reportLazy: true }],
    },
    // An undeclared global both roles use, the primary after forking too.
    lines(
      `const cluster = require('cluster');`,
      `const mysql = require('mysql2');`,
      `con = mysql.createConnection({ host: 'db' });`,
      `if (cluster.isMaster) cluster.fork();`,
      `con.query('SELECT 1');`,
    ),
  ],
  invalid: [
    {
      code: lines(
        `const { fork } = require('child_process');`,
        `const mysql = require('mysql2');`,
        `const db = mysql.createConnection({ host: 'db', user: 'app' });`,
        `if (process.argv[2] === 'child') {`,
        `  db.query('SELECT 1', () => process.exit(0));`,
        `} else {`,
        `  fork(__filename, ['child']);`,
        `}`,
      ),
      output: lines(
        `const { fork } = require('child_process');`,
        `const mysql = require('mysql2');`,
        `if (process.argv[2] === 'child') {`,
        `  const db = mysql.createConnection({ host: 'db', user: 'app' });`,
        `  db.query('SELECT 1', () => process.exit(0));`,
        `} else {`,
        `  fork(__filename, ['child']);`,
        `}`,
      ),
      errors: [{ ...workerOnly('db', 'mysql2', 'connection', 'fork()'), line: 3 }],
    },
    {
      // Sloppy code: `con` is an undeclared global, followed like a declared variable.
      code: lines(
        `const cluster = require('cluster');`,
        `const mysql = require('mysql2');`,
        `con = mysql.createConnection({ host: 'db' });`,
        `if (cluster.isMaster) {`,
        `  for (let i = 0; i < 4; i++) cluster.fork();`,
        `} else {`,
        `  con.query('SELECT 1');`,
        `}`,
      ),
      output: null,
      errors: [{ ...workerOnly('con', 'mysql2', 'connection', 'cluster.fork()'), line: 3, suggestions: [] }],
    },
    {
      // A marker test kept in a const.
      code: lines(
        `const { fork } = require('node:child_process');`,
        `const Redis = require('ioredis');`,
        `const redis = new Redis();`,
        `const isChild = process.argv.includes('--child');`,
        `if (!isChild) fork(__filename, ['--child']);`,
        `else redis.subscribe('jobs');`,
      ),
      output: null,
      errors: [{ ...workerOnly('redis', 'ioredis', 'client', 'fork()'), line: 3, suggestions: [] }],
    },
  ],
};

const ts: Cases = {
  valid: [
    // sequelize-typescript opens nothing until a query: silent unless `reportLazy`.
    lines(
      `import cluster from 'node:cluster';`,
      `import os from 'node:os';`,
      `import { Sequelize } from 'sequelize-typescript';`,
      `const sequelize = new Sequelize({ dialect: 'postgres', models: [] });`,
      `if (cluster.isPrimary) {`,
      `  os.cpus().forEach(cluster.fork);`,
      `} else {`,
      `  await sequelize.query('SELECT 1');`,
      `}`,
    ),
    // An environment the file cannot read: the child may hold anything.
    {
      code: lines(
        `import { fork } from 'node:child_process';`,
        `import pg from 'pg';`,
        `const pool = new pg.Pool();`,
        `if (process.env.ROLE === 'worker') await pool.query('SELECT 1');`,
        `else fork(__filename, { env: childEnv() });`,
        `declare function childEnv(): NodeJS.ProcessEnv;`,
      ),
      options: [{ reportLazy: true }],
    },
  ],
  invalid: [
    {
      code: lines(
        `import { fork } from 'node:child_process';`,
        `import { MongoClient } from 'mongodb';`,
        `const client = await MongoClient.connect(process.env.MONGO_URL!);`,
        `if (process.env.ROLE === 'worker') {`,
        `  await client.db().collection('jobs').insertOne({ pid: process.pid });`,
        `} else {`,
        `  fork(process.argv[1]!, [], { env: { ...process.env, ROLE: 'worker' } });`,
        `}`,
      ),
      output: null,
      errors: [
        {
          ...workerOnly('client', 'mongodb', 'client', 'fork()'),
          line: 3,
          suggestions: [
            {
              messageId: 'moveToWorker',
              data: { name: 'client' },
              output: lines(
                `import { fork } from 'node:child_process';`,
                `import { MongoClient } from 'mongodb';`,
                `if (process.env.ROLE === 'worker') {`,
                `  const client = await MongoClient.connect(process.env.MONGO_URL!);`,
                `  await client.db().collection('jobs').insertOne({ pid: process.pid });`,
                `} else {`,
                `  fork(process.argv[1]!, [], { env: { ...process.env, ROLE: 'worker' } });`,
                `}`,
              ),
            },
          ],
        },
      ],
    },
    {
      code: lines(
        `import cluster from 'node:cluster';`,
        `import os from 'node:os';`,
        `import { Sequelize } from 'sequelize-typescript';`,
        `const sequelize = new Sequelize({ dialect: 'postgres', models: [] });`,
        `if (cluster.isPrimary) {`,
        `  os.cpus().forEach(cluster.fork);`,
        `} else {`,
        `  await sequelize.query('SELECT 1');`,
        `}`,
      ),
      options: [{ reportLazy: true }],
      output: lines(
        `import cluster from 'node:cluster';`,
        `import os from 'node:os';`,
        `import { Sequelize } from 'sequelize-typescript';`,
        `if (cluster.isPrimary) {`,
        `  os.cpus().forEach(cluster.fork);`,
        `} else {`,
        `  const sequelize = new Sequelize({ dialect: 'postgres', models: [] });`,
        `  await sequelize.query('SELECT 1');`,
        `}`,
      ),
      errors: [{ messageId: 'workerOnlyLazy', data: { name: 'sequelize', library: 'sequelize-typescript', noun: 'instance', forkSite: 'cluster.fork' }, line: 4 }],
    },
    {
      // The primary's lock client is idle once it has forked; restarts by reference change nothing.
      code: lines(
        `import cluster from 'node:cluster';`,
        `import pg from 'pg';`,
        `if (cluster.isPrimary) {`,
        `  const client = new pg.Client();`,
        `  await client.connect();`,
        `  await client.query('SELECT pg_advisory_lock(1)');`,
        `  for (let i = 0; i < 4; i++) cluster.fork();`,
        `  cluster.on('exit', cluster.fork);`,
        `} else {`,
        `  console.log('worker');`,
        `}`,
      ),
      output: null,
      errors: [
        {
          messageId: 'idleAfterFork',
          data: { name: 'client', library: 'pg', noun: 'client', forkSite: 'cluster.fork()' },
          line: 4,
          suggestions: [
            {
              messageId: 'closeBeforeFork',
              data: { name: 'client', close: 'end' },
              output: lines(
                `import cluster from 'node:cluster';`,
                `import pg from 'pg';`,
                `if (cluster.isPrimary) {`,
                `  const client = new pg.Client();`,
                `  await client.connect();`,
                `  await client.query('SELECT pg_advisory_lock(1)');`,
                `  await client.end();`,
                `  for (let i = 0; i < 4; i++) cluster.fork();`,
                `  cluster.on('exit', cluster.fork);`,
                `} else {`,
                `  console.log('worker');`,
                `}`,
              ),
            },
          ],
        },
      ],
    },
  ],
};

esmTester.run('no-connection-before-fork: issue 11 shapes (ESM)', rule, esm as never);
cjsTester.run('no-connection-before-fork: issue 11 shapes (CommonJS)', rule, cjs as never);
tsTester.run('no-connection-before-fork: issue 11 shapes (TypeScript)', rule, ts as never);

checkFixedOutputs('no-connection-before-fork: issue 11 shapes', rule as never, { esm: esm as never, cjs: cjs as never, ts: ts as never });
