/**
 * no-connection-per-task in a module that forks itself into run-once children
 * (`fork(import.meta.filename)`, a `process.once('message')` child): the run-once work is the
 * child's. A connection only the primary path opens (in the branch that forks, or in a
 * function the top level calls) is the primary's, which lives on: no run-once leak. A
 * connection the child opens (in its branch, or at module scope, which it runs too) and
 * leaves open still keeps the child alive.
 */
import type { InvalidTestCase } from '@typescript-eslint/rule-tester';
import rule from '../../rules/no-connection-per-task.js';
import { cjsTester, esmTester, tsTester } from '../setup-rule-tester.js';

const lines = (...parts: string[]): string => parts.join('\n');

function leak(code: string, name: string, library: string, noun: string, line: number): InvalidTestCase<'runOnceLeak' | 'heldRunOnceLeak', []> {
  return { code, output: null, errors: [{ messageId: 'runOnceLeak', line, data: { name, library, noun }, suggestions: [] }] };
}

const esm = {
  valid: [
    // The primary's client, in the branch that forks: it sends the configuration, not the client.
    lines(
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
    ),
    // The same with a worker_threads self-fork: the main thread's pool lives on.
    lines(
      `import { Worker, isMainThread, parentPort, workerData } from 'node:worker_threads';`,
      `import pg from 'pg';`,
      `if (isMainThread) {`,
      `  const pool = new pg.Pool({ max: 2 });`,
      `  await pool.query('select 1');`,
      `  new Worker(new URL(import.meta.url), { workerData: 7 });`,
      `} else {`,
      `  parentPort.postMessage(workerData * 2);`,
      `}`,
    ),
  ],
  invalid: [
    // The child's own client in its branch, never closed.
    leak(lines(
      `import { fork } from 'node:child_process';`,
      `import { createClient } from 'redis';`,
      `if (process.send) {`,
      `  const client = createClient({ url: process.env.REDIS_URL });`,
      `  await client.connect();`,
      `  await client.set('k', 'v');`,
      `  process.send('done');`,
      `} else {`,
      `  fork(import.meta.filename);`,
      `}`,
    ), 'client', 'redis', 'client', 4),
    // Opened at module scope: the child opens it too, and leaves it open.
    leak(lines(
      `import { fork } from 'node:child_process';`,
      `import Redis from 'ioredis';`,
      `const redis = new Redis(process.env.REDIS_URL);`,
      `if (process.send) {`,
      `  process.once('message', async (key) => {`,
      `    await redis.del(key);`,
      `    process.send('deleted');`,
      `  });`,
      `} else {`,
      `  fork(import.meta.filename).send('k');`,
      `}`,
    ), 'redis', 'ioredis', 'client', 3),
  ],
};

/** One variable both roles assign: what the child does after its own assignment is on its own connection. */
const reassigned = {
  valid: [
    lines(
      `import { fork } from 'node:child_process';`,
      `import Redis from 'ioredis';`,
      `let redis;`,
      `if (typeof process.send === 'undefined') {`,
      `  redis = new Redis(process.env.REDIS_URL);`,
      `  fork(process.argv[1]);`,
      `} else {`,
      `  redis = new Redis(process.env.REDIS_URL);`,
      `  try {`,
      `    process.send(await redis.incr('hits'));`,
      `  } finally {`,
      `    await redis.quit();`,
      `  }`,
      `}`,
    ),
  ],
  invalid: [
    // Only the primary closes its client; the child never closes its own (named by its factory: the holder is the primary's).
    leak(lines(
      `import { fork } from 'node:child_process';`,
      `import Redis from 'ioredis';`,
      `let redis;`,
      `if (typeof process.send === 'undefined') {`,
      `  redis = new Redis(process.env.REDIS_URL);`,
      `  await redis.quit();`,
      `  fork(process.argv[1]);`,
      `} else {`,
      `  redis = new Redis(process.env.REDIS_URL);`,
      `  process.send(await redis.incr('hits'));`,
      `}`,
    ), 'new Redis(process.env.REDIS_URL)', 'ioredis', 'client', 9),
  ],
};

const cjs = {
  valid: [
    // The primary's connection, in a function the top level calls.
    lines(
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
    ),
  ],
  invalid: [
    // The child's branch of the same function opens one and never closes it.
    leak(lines(
      `const { fork } = require('node:child_process');`,
      `const mysql = require('mysql2/promise');`,
      `async function main() {`,
      `  if (process.send) {`,
      `    const db = await mysql.createConnection(process.env.MYSQL_URL);`,
      `    await db.query('select 1');`,
      `    process.send('done');`,
      `  } else {`,
      `    fork(__filename);`,
      `  }`,
      `}`,
      `main();`,
    ), 'db', 'mysql2', 'connection', 5),
  ],
};

const ts = {
  valid: [
    lines(
      `import { fork } from 'node:child_process';`,
      `import Redis from 'ioredis';`,
      `if (typeof process.send === 'undefined') {`,
      `  const redis: Redis = new Redis(process.env.REDIS_URL as string);`,
      `  await redis.set('forked-at', Date.now());`,
      `  fork(process.argv[1]!);`,
      `} else {`,
      `  process.send('ready');`,
      `}`,
    ),
  ],
  invalid: [
    leak(lines(
      `import { fork } from 'node:child_process';`,
      `import Redis from 'ioredis';`,
      `if (typeof process.send === 'undefined') {`,
      `  fork(process.argv[1]!);`,
      `} else {`,
      `  const redis: Redis = new Redis(process.env.REDIS_URL as string);`,
      `  await redis.set('child-at', Date.now());`,
      `  process.send('ready');`,
      `}`,
    ), 'redis', 'ioredis', 'client', 6),
  ],
};

esmTester.run('no-connection-per-task: run-once children of a module that forks itself (ESM)', rule, esm as never);
esmTester.run('no-connection-per-task: run-once children, a holder both roles assign (ESM)', rule, reassigned as never);
cjsTester.run('no-connection-per-task: run-once children of a module that forks itself (CommonJS)', rule, cjs as never);
tsTester.run('no-connection-per-task: run-once children of a module that forks itself (TypeScript)', rule, ts as never);
