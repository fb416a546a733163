// Issue 12: the close moves to a hook that runs where the task runs. In a module that forks itself
// the hook goes into the worker's branch (at the top level `parentPort` is null in the main thread);
// a runner's own hook is used where it has one (workerpool `onTerminate`, bullmq `closed`).
import type { InvalidTestCase, ValidTestCase } from '@typescript-eslint/rule-tester';
import rule from '../../rules/no-close-in-worker-task.js';
import { checkFixedOutputs } from '../helpers/fixed-outputs.js';
import { cjsTester, esmTester, tsTester } from '../setup-rule-tester.js';

type Options = readonly unknown[];
interface Cases {
  readonly valid: (ValidTestCase<Options> | string)[];
  readonly invalid: InvalidTestCase<string, Options>[];
}

const lines = (...parts: string[]): string => parts.join('\n') + '\n';

const COVERS = {
  port: 'when the worker closes its port, not on `worker.terminate()`',
  disconnect: 'when the parent disconnects or exits, not on `kill()`',
  terminate: 'when the pool terminates the worker',
  closed: 'once `close()` has let the running jobs finish',
};
const PG_POOL_END = 'the next task on this worker fails with "Cannot use a pool after calling end on the pool"';
const IOREDIS_QUIT = 'the next task on this worker fails with "Connection is closed."';

const pgClose = (task: string) => ({ messageId: 'close', data: { name: 'pool', library: 'pg', noun: 'pool', task, method: 'end', helper: '', consequence: PG_POOL_END } });

const esm: Cases = {
  valid: [
    // The close already sits in the worker's hook, inside the worker branch.
    lines(
      `import { Worker, isMainThread, parentPort } from 'node:worker_threads';`,
      `import pg from 'pg';`,
      `const pool = new pg.Pool();`,
      `if (isMainThread) {`,
      `  new Worker(new URL(import.meta.url));`,
      `} else {`,
      `  parentPort.on('message', async (id) => parentPort.postMessage((await pool.query('select $1', [id])).rows));`,
      `  parentPort.once('close', () => pool.end());`,
      `}`,
    ),
  ],
  invalid: [
    // A worker thread of its own file: the hook goes into the worker branch, where `parentPort` is set.
    {
      code: lines(
        `import { Worker, isMainThread, parentPort } from 'node:worker_threads';`,
        `import pg from 'pg';`,
        ``,
        `const pool = new pg.Pool();`,
        ``,
        `if (isMainThread) {`,
        `  const worker = new Worker(new URL(import.meta.url));`,
        `  worker.postMessage(1);`,
        `} else {`,
        `  parentPort.on('message', async (id) => {`,
        `    parentPort.postMessage((await pool.query('select $1', [id])).rows);`,
        `    await pool.end();`,
        `  });`,
        `}`,
      ),
      output: null,
      errors: [{
        ...pgClose('the `parentPort` message handler'),
        line: 12,
        suggestions: [
          { messageId: 'removeClose', data: { method: 'end' }, output: lines(
            `import { Worker, isMainThread, parentPort } from 'node:worker_threads';`,
            `import pg from 'pg';`,
            ``,
            `const pool = new pg.Pool();`,
            ``,
            `if (isMainThread) {`,
            `  const worker = new Worker(new URL(import.meta.url));`,
            `  worker.postMessage(1);`,
            `} else {`,
            `  parentPort.on('message', async (id) => {`,
            `    parentPort.postMessage((await pool.query('select $1', [id])).rows);`,
            `  });`,
            `}`,
          ) },
          { messageId: 'moveToHook', data: { hook: "parentPort.once('close')", covers: COVERS.port }, output: lines(
            `import { Worker, isMainThread, parentPort } from 'node:worker_threads';`,
            `import pg from 'pg';`,
            ``,
            `const pool = new pg.Pool();`,
            ``,
            `if (isMainThread) {`,
            `  const worker = new Worker(new URL(import.meta.url));`,
            `  worker.postMessage(1);`,
            `} else {`,
            `  parentPort.on('message', async (id) => {`,
            `    parentPort.postMessage((await pool.query('select $1', [id])).rows);`,
            `  });`,
            ``,
            `  parentPort.once('close', () => pool.end());`,
            `}`,
          ) },
        ],
      }],
    },
    // A cluster worker: `process.once('disconnect')` in the worker branch, not where the primary runs it.
    {
      code: lines(
        `import cluster from 'node:cluster';`,
        `import pg from 'pg';`,
        `const pool = new pg.Pool();`,
        `if (cluster.isPrimary) {`,
        `  cluster.fork();`,
        `} else {`,
        `  process.on('message', async (id) => {`,
        `    process.send((await pool.query('select $1', [id])).rows);`,
        `    await pool.end();`,
        `  });`,
        `}`,
      ),
      output: null,
      errors: [{
        ...pgClose('the `process` message handler'),
        line: 9,
        suggestions: [
          { messageId: 'removeClose', data: { method: 'end' }, output: lines(
            `import cluster from 'node:cluster';`,
            `import pg from 'pg';`,
            `const pool = new pg.Pool();`,
            `if (cluster.isPrimary) {`,
            `  cluster.fork();`,
            `} else {`,
            `  process.on('message', async (id) => {`,
            `    process.send((await pool.query('select $1', [id])).rows);`,
            `  });`,
            `}`,
          ) },
          { messageId: 'moveToHook', data: { hook: "process.once('disconnect')", covers: COVERS.disconnect }, output: lines(
            `import cluster from 'node:cluster';`,
            `import pg from 'pg';`,
            `const pool = new pg.Pool();`,
            `if (cluster.isPrimary) {`,
            `  cluster.fork();`,
            `} else {`,
            `  process.on('message', async (id) => {`,
            `    process.send((await pool.query('select $1', [id])).rows);`,
            `  });`,
            ``,
            `  process.once('disconnect', () => pool.end());`,
            `}`,
          ) },
        ],
      }],
    },
    // The handler is registered in both roles: no statement runs in the worker alone, so no hook is offered.
    {
      code: lines(
        `import cluster from 'node:cluster';`,
        `import pg from 'pg';`,
        `const pool = new pg.Pool();`,
        `if (cluster.isPrimary) cluster.fork();`,
        `process.on('message', async (id) => {`,
        `  process.send((await pool.query('select $1', [id])).rows);`,
        `  await pool.end();`,
        `});`,
      ),
      output: null,
      errors: [{
        ...pgClose('the `process` message handler'),
        line: 7,
        suggestions: [
          { messageId: 'removeClose', data: { method: 'end' }, output: lines(
            `import cluster from 'node:cluster';`,
            `import pg from 'pg';`,
            `const pool = new pg.Pool();`,
            `if (cluster.isPrimary) cluster.fork();`,
            `process.on('message', async (id) => {`,
            `  process.send((await pool.query('select $1', [id])).rows);`,
            `});`,
          ) },
        ],
      }],
    },
    // workerpool: `onTerminate` joins the options the registration already has.
    {
      code: lines(
        `import workerpool from 'workerpool';`,
        `import pg from 'pg';`,
        `const pool = new pg.Pool();`,
        `workerpool.worker({`,
        `  async q(sql) {`,
        `    const { rows } = await pool.query(sql);`,
        `    await pool.end();`,
        `    return rows;`,
        `  },`,
        `}, { abortListenerTimeout: 500 });`,
      ),
      output: null,
      errors: [{
        ...pgClose('workerpool task `q`'),
        line: 7,
        suggestions: [
          { messageId: 'removeClose', data: { method: 'end' }, output: lines(
            `import workerpool from 'workerpool';`,
            `import pg from 'pg';`,
            `const pool = new pg.Pool();`,
            `workerpool.worker({`,
            `  async q(sql) {`,
            `    const { rows } = await pool.query(sql);`,
            `    return rows;`,
            `  },`,
            `}, { abortListenerTimeout: 500 });`,
          ) },
          { messageId: 'moveToHook', data: { hook: 'onTerminate', covers: COVERS.terminate }, output: lines(
            `import workerpool from 'workerpool';`,
            `import pg from 'pg';`,
            `const pool = new pg.Pool();`,
            `workerpool.worker({`,
            `  async q(sql) {`,
            `    const { rows } = await pool.query(sql);`,
            `    return rows;`,
            `  },`,
            `}, { abortListenerTimeout: 500, onTerminate: () => pool.end() });`,
          ) },
        ],
      }],
    },
    // workerpool with an `onTerminate` of its own: the worker exits through it, so no other hook is offered.
    {
      code: lines(
        `import workerpool from 'workerpool';`,
        `import pg from 'pg';`,
        `const pool = new pg.Pool();`,
        `workerpool.worker({`,
        `  async q(sql) {`,
        `    const { rows } = await pool.query(sql);`,
        `    await pool.end();`,
        `    return rows;`,
        `  },`,
        `}, { onTerminate: () => console.log('bye') });`,
      ),
      output: null,
      errors: [{
        ...pgClose('workerpool task `q`'),
        line: 7,
        suggestions: [
          { messageId: 'removeClose', data: { method: 'end' }, output: lines(
            `import workerpool from 'workerpool';`,
            `import pg from 'pg';`,
            `const pool = new pg.Pool();`,
            `workerpool.worker({`,
            `  async q(sql) {`,
            `    const { rows } = await pool.query(sql);`,
            `    return rows;`,
            `  },`,
            `}, { onTerminate: () => console.log('bye') });`,
          ) },
        ],
      }],
    },
    // bullmq: the Worker a variable holds emits 'closed' once its jobs have finished.
    {
      code: lines(
        `import { Worker } from 'bullmq';`,
        `import Redis from 'ioredis';`,
        `const cache = new Redis();`,
        `const worker = new Worker('warm', async (job) => {`,
        `  await cache.set(job.id, '1');`,
        `  await cache.quit();`,
        `}, { connection: {} });`,
      ),
      output: null,
      errors: [{
        messageId: 'close',
        line: 6,
        data: { name: 'cache', library: 'ioredis', noun: 'client', task: "the processor of bullmq queue 'warm'", method: 'quit', helper: '', consequence: IOREDIS_QUIT },
        suggestions: [
          { messageId: 'removeClose', data: { method: 'quit' }, output: lines(
            `import { Worker } from 'bullmq';`,
            `import Redis from 'ioredis';`,
            `const cache = new Redis();`,
            `const worker = new Worker('warm', async (job) => {`,
            `  await cache.set(job.id, '1');`,
            `}, { connection: {} });`,
          ) },
          { messageId: 'moveToHook', data: { hook: "worker.once('closed')", covers: COVERS.closed }, output: lines(
            `import { Worker } from 'bullmq';`,
            `import Redis from 'ioredis';`,
            `const cache = new Redis();`,
            `const worker = new Worker('warm', async (job) => {`,
            `  await cache.set(job.id, '1');`,
            `}, { connection: {} });`,
            ``,
            `worker.once('closed', () => cache.quit());`,
          ) },
        ],
      }],
    },
  ],
};

const cjs: Cases = {
  valid: [],
  invalid: [
    // A child process of its own file, with the client made in the child's branch: the hook goes there too.
    {
      code: lines(
        `const { fork } = require('node:child_process');`,
        `const Redis = require('ioredis');`,
        `if (process.send) {`,
        `  const redis = new Redis();`,
        `  process.on('message', async (key) => {`,
        `    await redis.set(key, 'done');`,
        `    process.send(key);`,
        `    await redis.quit();`,
        `  });`,
        `} else {`,
        `  fork(__filename).send('a');`,
        `}`,
      ),
      output: null,
      errors: [{
        messageId: 'close',
        line: 8,
        data: { name: 'redis', library: 'ioredis', noun: 'client', task: 'the `process` message handler', method: 'quit', helper: '', consequence: IOREDIS_QUIT },
        suggestions: [
          { messageId: 'removeClose', data: { method: 'quit' }, output: lines(
            `const { fork } = require('node:child_process');`,
            `const Redis = require('ioredis');`,
            `if (process.send) {`,
            `  const redis = new Redis();`,
            `  process.on('message', async (key) => {`,
            `    await redis.set(key, 'done');`,
            `    process.send(key);`,
            `  });`,
            `} else {`,
            `  fork(__filename).send('a');`,
            `}`,
          ) },
          { messageId: 'moveToHook', data: { hook: "process.once('disconnect')", covers: COVERS.disconnect }, output: lines(
            `const { fork } = require('node:child_process');`,
            `const Redis = require('ioredis');`,
            `if (process.send) {`,
            `  const redis = new Redis();`,
            `  process.on('message', async (key) => {`,
            `    await redis.set(key, 'done');`,
            `    process.send(key);`,
            `  });`,
            ``,
            `  process.once('disconnect', () => redis.quit());`,
            `} else {`,
            `  fork(__filename).send('a');`,
            `}`,
          ) },
        ],
      }],
    },
    // workerpool without options: a new options argument.
    {
      code: lines(
        `const workerpool = require('workerpool');`,
        `const pg = require('pg');`,
        `const pool = new pg.Pool();`,
        `async function q(sql) {`,
        `  const { rows } = await pool.query(sql);`,
        `  await pool.end();`,
        `  return rows;`,
        `}`,
        `workerpool.worker({ q });`,
      ),
      output: null,
      errors: [{
        ...pgClose('workerpool task `q`'),
        line: 6,
        suggestions: [
          { messageId: 'removeClose', data: { method: 'end' }, output: lines(
            `const workerpool = require('workerpool');`,
            `const pg = require('pg');`,
            `const pool = new pg.Pool();`,
            `async function q(sql) {`,
            `  const { rows } = await pool.query(sql);`,
            `  return rows;`,
            `}`,
            `workerpool.worker({ q });`,
          ) },
          { messageId: 'moveToHook', data: { hook: 'onTerminate', covers: COVERS.terminate }, output: lines(
            `const workerpool = require('workerpool');`,
            `const pg = require('pg');`,
            `const pool = new pg.Pool();`,
            `async function q(sql) {`,
            `  const { rows } = await pool.query(sql);`,
            `  return rows;`,
            `}`,
            `workerpool.worker({ q }, { onTerminate: () => pool.end() });`,
          ) },
        ],
      }],
    },
  ],
};

const ts: Cases = {
  valid: [],
  invalid: [
    // TypeScript: the hook keeps the `!` the handler's registration has (`parentPort` may be null).
    {
      code: lines(
        `import { Worker, isMainThread, parentPort } from 'node:worker_threads';`,
        `import pg from 'pg';`,
        `const pool = new pg.Pool();`,
        `if (isMainThread) {`,
        `  new Worker(new URL(import.meta.url));`,
        `} else {`,
        `  parentPort!.on('message', async (id: number) => {`,
        `    parentPort!.postMessage((await pool.query('select $1', [id])).rows);`,
        `    await pool.end();`,
        `  });`,
        `}`,
      ),
      output: null,
      errors: [{
        ...pgClose('the `parentPort` message handler'),
        line: 9,
        suggestions: [
          { messageId: 'removeClose', data: { method: 'end' }, output: lines(
            `import { Worker, isMainThread, parentPort } from 'node:worker_threads';`,
            `import pg from 'pg';`,
            `const pool = new pg.Pool();`,
            `if (isMainThread) {`,
            `  new Worker(new URL(import.meta.url));`,
            `} else {`,
            `  parentPort!.on('message', async (id: number) => {`,
            `    parentPort!.postMessage((await pool.query('select $1', [id])).rows);`,
            `  });`,
            `}`,
          ) },
          { messageId: 'moveToHook', data: { hook: "parentPort!.once('close')", covers: COVERS.port }, output: lines(
            `import { Worker, isMainThread, parentPort } from 'node:worker_threads';`,
            `import pg from 'pg';`,
            `const pool = new pg.Pool();`,
            `if (isMainThread) {`,
            `  new Worker(new URL(import.meta.url));`,
            `} else {`,
            `  parentPort!.on('message', async (id: number) => {`,
            `    parentPort!.postMessage((await pool.query('select $1', [id])).rows);`,
            `  });`,
            ``,
            `  parentPort!.once('close', () => pool.end());`,
            `}`,
          ) },
        ],
      }],
    },
  ],
};

esmTester.run('no-close-in-worker-task: hooks where the task runs (ESM)', rule, esm as never);
cjsTester.run('no-close-in-worker-task: hooks where the task runs (CommonJS)', rule, cjs as never);
tsTester.run('no-close-in-worker-task: hooks where the task runs (TypeScript)', rule, ts as never);

checkFixedOutputs('no-close-in-worker-task: hooks where the task runs', rule as never, { esm: esm as never, cjs: cjs as never, ts: ts as never });
