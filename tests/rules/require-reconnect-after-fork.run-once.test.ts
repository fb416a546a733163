/**
 * require-reconnect-after-fork in a module that forks itself into run-once children: the
 * connection the fix sets up on the worker path would keep the child alive after its work.
 * Where the rest of the worker's block is its work and every use of the connection there is
 * awaited, the fix wraps that work in `try { … } finally { <close> }` (an autofix when the
 * set-up means the same there, else a suggestion that says it closes it); where a use may
 * still run after the block (not awaited, in a listener), a close could cut it off and a
 * set-up alone would leave the child running: no fix. A pool that closes its idle
 * connections lets the child end, and a cluster worker is long-lived: the plain fix stays.
 */
import rule from '../../rules/require-reconnect-after-fork.js';
import { cjsTester, esmTester, tsTester } from '../setup-rule-tester.js';
import { checkFixedOutputs } from '../helpers/fixed-outputs.js';

const lines = (...parts: string[]): string => parts.join('\n');

function assigned(name: string, library: string, noun: string, forkSite: string, line: number, column: number) {
  return { messageId: 'assignedInPrimary', data: { name, library, noun, forkSite }, line, column };
}

const esm = {
  valid: [],
  invalid: [
    // node-redis: created and connected by the primary; the child awaits its one command.
    {
      code: lines(
        `import { fork } from 'node:child_process';`,
        `import { createClient } from 'redis';`,
        `let client;`,
        `if (process.send) {`,
        `  await client.set('last-job', Date.now());`,
        `  process.send('done');`,
        `} else {`,
        `  client = createClient({ url: process.env.REDIS_URL });`,
        `  await client.connect();`,
        `  fork(import.meta.filename);`,
        `}`,
      ),
      output: lines(
        `import { fork } from 'node:child_process';`,
        `import { createClient } from 'redis';`,
        `let client;`,
        `if (process.send) {`,
        `  client = createClient({ url: process.env.REDIS_URL });`,
        `  await client.connect();`,
        `  try {`,
        `    await client.set('last-job', Date.now());`,
        `    process.send('done');`,
        `  } finally {`,
        `    await client.quit();`,
        `  }`,
        `} else {`,
        `  client = createClient({ url: process.env.REDIS_URL });`,
        `  await client.connect();`,
        `  fork(import.meta.filename);`,
        `}`,
      ),
      errors: [{ ...assigned('client', 'redis', 'client', 'fork()', 5, 9), suggestions: [] }],
    },
    // The factory reads a variable the module reassigns: a suggestion, which says it closes it.
    {
      code: lines(
        `import { fork } from 'node:child_process';`,
        `import Redis from 'ioredis';`,
        `let url = 'redis://localhost:6379';`,
        `let redis;`,
        `if (process.send) {`,
        `  await redis.set('pid', process.pid);`,
        `} else {`,
        `  url = process.env.REDIS_URL ?? url;`,
        `  redis = new Redis(url);`,
        `  fork(import.meta.filename);`,
        `}`,
      ),
      output: null,
      errors: [{
        ...assigned('redis', 'ioredis', 'client', 'fork()', 6, 9),
        suggestions: [{
          messageId: 'reconnectAndClose',
          data: { name: 'redis', andAsync: '', close: 'quit' },
          output: lines(
            `import { fork } from 'node:child_process';`,
            `import Redis from 'ioredis';`,
            `let url = 'redis://localhost:6379';`,
            `let redis;`,
            `if (process.send) {`,
            `  redis = new Redis(url);`,
            `  try {`,
            `    await redis.set('pid', process.pid);`,
            `  } finally {`,
            `    await redis.quit();`,
            `  }`,
            `} else {`,
            `  url = process.env.REDIS_URL ?? url;`,
            `  redis = new Redis(url);`,
            `  fork(import.meta.filename);`,
            `}`,
          ),
        }],
      }],
    },
    // The child uses it in a listener: the work goes on after the block, so no close is placed.
    {
      code: lines(
        `import { fork } from 'node:child_process';`,
        `import Redis from 'ioredis';`,
        `let redis;`,
        `if (process.send) {`,
        `  process.once('message', async (key) => {`,
        `    process.send(await redis.get(key));`,
        `  });`,
        `} else {`,
        `  redis = new Redis(process.env.REDIS_URL);`,
        `  fork(import.meta.filename).send('k');`,
        `}`,
      ),
      output: null,
      errors: [{ ...assigned('redis', 'ioredis', 'client', 'fork()', 6, 24), suggestions: [] }],
    },
    // A pg pool closes its idle clients: the child still ends, the autofix stays.
    {
      code: lines(
        `import { fork } from 'node:child_process';`,
        `import pg from 'pg';`,
        `let pool;`,
        `if (process.send) {`,
        `  process.send((await pool.query('select 1')).rows);`,
        `} else {`,
        `  pool = new pg.Pool({ max: 2 });`,
        `  fork(import.meta.filename);`,
        `}`,
      ),
      output: lines(
        `import { fork } from 'node:child_process';`,
        `import pg from 'pg';`,
        `let pool;`,
        `if (process.send) {`,
        `  pool = new pg.Pool({ max: 2 });`,
        `  process.send((await pool.query('select 1')).rows);`,
        `} else {`,
        `  pool = new pg.Pool({ max: 2 });`,
        `  fork(import.meta.filename);`,
        `}`,
      ),
      errors: [{ ...assigned('pool', 'pg', 'pool', 'fork()', 5, 23), suggestions: [] }],
    },
    // A cluster worker is long-lived: the autofix stays.
    {
      code: lines(
        `import cluster from 'node:cluster';`,
        `import Redis from 'ioredis';`,
        `let redis;`,
        `if (cluster.isPrimary) {`,
        `  redis = new Redis(process.env.REDIS_URL);`,
        `  cluster.fork();`,
        `} else {`,
        `  await redis.get('k');`,
        `}`,
      ),
      output: lines(
        `import cluster from 'node:cluster';`,
        `import Redis from 'ioredis';`,
        `let redis;`,
        `if (cluster.isPrimary) {`,
        `  redis = new Redis(process.env.REDIS_URL);`,
        `  cluster.fork();`,
        `} else {`,
        `  redis = new Redis(process.env.REDIS_URL);`,
        `  await redis.get('k');`,
        `}`,
      ),
      errors: [{ ...assigned('redis', 'ioredis', 'client', 'cluster.fork()', 8, 9), suggestions: [] }],
    },
  ],
};

const cjs = {
  valid: [],
  invalid: [
    // After an early return in `main()`: the rest of the function is the child's work.
    {
      code: lines(
        `const { fork } = require('node:child_process');`,
        `const { Client } = require('pg');`,
        `let client;`,
        `async function main() {`,
        `  if (!process.send) {`,
        `    client = new Client(process.env.DATABASE_URL);`,
        `    await client.connect();`,
        `    fork(__filename);`,
        `    return;`,
        `  }`,
        `  await client.query('insert into runs values (now())');`,
        `  process.send('done');`,
        `}`,
        `main();`,
      ),
      output: lines(
        `const { fork } = require('node:child_process');`,
        `const { Client } = require('pg');`,
        `let client;`,
        `async function main() {`,
        `  if (!process.send) {`,
        `    client = new Client(process.env.DATABASE_URL);`,
        `    await client.connect();`,
        `    fork(__filename);`,
        `    return;`,
        `  }`,
        `  client = new Client(process.env.DATABASE_URL);`,
        `  await client.connect();`,
        `  try {`,
        `    await client.query('insert into runs values (now())');`,
        `    process.send('done');`,
        `  } finally {`,
        `    await client.end();`,
        `  }`,
        `}`,
        `main();`,
      ),
      errors: [{ ...assigned('client', 'pg', 'client', 'fork()', 11, 9), suggestions: [] }],
    },
  ],
};

const ts = {
  valid: [],
  invalid: [
    {
      code: lines(
        `import { fork } from 'node:child_process';`,
        `import Redis from 'ioredis';`,
        `let redis: Redis | undefined;`,
        `if (typeof process.send === 'undefined') {`,
        `  redis = new Redis(process.env.REDIS_URL as string);`,
        `  fork(process.argv[1]!);`,
        `} else {`,
        `  const hits: number = await redis!.incr('hits');`,
        `  process.send(hits);`,
        `}`,
      ),
      // `as string` may not mean the same elsewhere (placement): a suggestion, which says it closes it.
      output: null,
      errors: [{
        ...assigned('redis', 'ioredis', 'client', 'fork()', 8, 30),
        suggestions: [{
          messageId: 'reconnectAndClose',
          data: { name: 'redis', andAsync: '', close: 'quit' },
          output: lines(
            `import { fork } from 'node:child_process';`,
            `import Redis from 'ioredis';`,
            `let redis: Redis | undefined;`,
            `if (typeof process.send === 'undefined') {`,
            `  redis = new Redis(process.env.REDIS_URL as string);`,
            `  fork(process.argv[1]!);`,
            `} else {`,
            `  redis = new Redis(process.env.REDIS_URL as string);`,
            `  try {`,
            `    const hits: number = await redis!.incr('hits');`,
            `    process.send(hits);`,
            `  } finally {`,
            `    await redis.quit();`,
            `  }`,
            `}`,
          ),
        }],
      }],
    },
  ],
};

esmTester.run('require-reconnect-after-fork: run-once children (ESM)', rule, esm as never);
cjsTester.run('require-reconnect-after-fork: run-once children (CommonJS)', rule, cjs as never);
tsTester.run('require-reconnect-after-fork: run-once children (TypeScript)', rule, ts as never);

checkFixedOutputs('require-reconnect-after-fork: run-once children', rule as never, { esm: esm as never, cjs: cjs as never, ts: ts as never });
