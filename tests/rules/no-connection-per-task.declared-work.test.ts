// Review round 1, item 1: the hoisted connection lands where the statement it is written before
// runs. A module-level `function work() {}` runs where `work()` is called (the worker's branch),
// but a declaration written before it runs at module scope, in the main thread or primary too.
import type { InvalidTestCase, ValidTestCase } from '@typescript-eslint/rule-tester';
import rule from '../../rules/no-connection-per-task.js';
import { checkFixedOutputs } from '../helpers/fixed-outputs.js';
import { cjsTester, esmTester, tsTester } from '../setup-rule-tester.js';

type Options = readonly unknown[];
interface Cases {
  readonly valid: (ValidTestCase<Options> | string)[];
  readonly invalid: InvalidTestCase<string, Options>[];
}

const lines = (...parts: string[]): string => parts.join('\n') + '\n';

const poolPerTask = (task: string) => ({ messageId: 'poolPerTask', data: { name: 'pool', library: 'pg', noun: 'pool', task, site: '' } });
const redisPerTask = (task: string) => ({ messageId: 'clientPerTask', data: { name: 'redis', library: 'ioredis', noun: 'client', task, site: '' } });

const esm: Cases = {
  valid: [],
  invalid: [
    // `work()` runs once in the worker's branch: the pool moves to the start of `work`, not beside `function work`, where the main thread would make it too.
    {
      code: lines(
        `import { Worker, isMainThread, parentPort } from 'node:worker_threads';`,
        `import pg from 'pg';`,
        ``,
        `function work() {`,
        `  parentPort.on('message', async (id) => {`,
        `    const pool = new pg.Pool();`,
        `    parentPort.postMessage((await pool.query('select $1', [id])).rows);`,
        `  });`,
        `}`,
        ``,
        `if (isMainThread) {`,
        `  new Worker(new URL(import.meta.url));`,
        `} else {`,
        `  work();`,
        `}`,
      ),
      output: null,
      errors: [{
        ...poolPerTask('the `parentPort` message handler'),
        line: 6,
        suggestions: [
          { messageId: 'hoist', data: { name: 'pool' }, output: lines(
            `import { Worker, isMainThread, parentPort } from 'node:worker_threads';`,
            `import pg from 'pg';`,
            ``,
            `function work() {`,
            `  const pool = new pg.Pool();`,
            ``,
            `  parentPort.on('message', async (id) => {`,
            `    parentPort.postMessage((await pool.query('select $1', [id])).rows);`,
            `  });`,
            `}`,
            ``,
            `if (isMainThread) {`,
            `  new Worker(new URL(import.meta.url));`,
            `} else {`,
            `  work();`,
            `}`,
          ) },
        ],
      }],
    },
    // `work()` runs twice: the start of `work` does not run once, and the module scope runs in the main thread too. No hoist.
    {
      code: lines(
        `import { Worker, isMainThread, parentPort } from 'node:worker_threads';`,
        `import pg from 'pg';`,
        ``,
        `function work() {`,
        `  parentPort.on('message', async (id) => {`,
        `    const pool = new pg.Pool();`,
        `    parentPort.postMessage((await pool.query('select $1', [id])).rows);`,
        `  });`,
        `}`,
        ``,
        `if (isMainThread) {`,
        `  new Worker(new URL(import.meta.url));`,
        `} else {`,
        `  work();`,
        `  work();`,
        `}`,
      ),
      output: null,
      errors: [{
        ...poolPerTask('the `parentPort` message handler'),
        line: 6,
        suggestions: [],
      }],
    },
    // `work()` runs in a loop: no hoist.
    {
      code: lines(
        `import { Worker, isMainThread, parentPort } from 'node:worker_threads';`,
        `import pg from 'pg';`,
        ``,
        `function work() {`,
        `  parentPort.on('message', async (id) => {`,
        `    const pool = new pg.Pool();`,
        `    parentPort.postMessage((await pool.query('select $1', [id])).rows);`,
        `  });`,
        `}`,
        ``,
        `if (isMainThread) {`,
        `  new Worker(new URL(import.meta.url));`,
        `} else {`,
        `  for (let i = 0; i < 2; i++) work();`,
        `}`,
      ),
      output: null,
      errors: [{
        ...poolPerTask('the `parentPort` message handler'),
        line: 6,
        suggestions: [],
      }],
    },
    // A child process of its own file, `work()` called once: the client moves to the start of `work`.
    {
      code: lines(
        `import { fork } from 'node:child_process';`,
        `import Redis from 'ioredis';`,
        ``,
        `function work() {`,
        `  process.on('message', async (key) => {`,
        `    const redis = new Redis(process.env.REDIS_URL);`,
        `    process.send(await redis.get(key));`,
        `  });`,
        `}`,
        ``,
        `if (process.send) {`,
        `  work();`,
        `} else {`,
        `  fork(import.meta.filename);`,
        `}`,
      ),
      output: null,
      errors: [{
        ...redisPerTask('the `process` message handler'),
        line: 6,
        suggestions: [
          { messageId: 'hoist', data: { name: 'redis' }, output: lines(
            `import { fork } from 'node:child_process';`,
            `import Redis from 'ioredis';`,
            ``,
            `function work() {`,
            `  const redis = new Redis(process.env.REDIS_URL);`,
            ``,
            `  process.on('message', async (key) => {`,
            `    process.send(await redis.get(key));`,
            `  });`,
            `}`,
            ``,
            `if (process.send) {`,
            `  work();`,
            `} else {`,
            `  fork(import.meta.filename);`,
            `}`,
          ) },
        ],
      }],
    },
    // Called twice in the child: no hoist.
    {
      code: lines(
        `import { fork } from 'node:child_process';`,
        `import Redis from 'ioredis';`,
        ``,
        `function work() {`,
        `  process.on('message', async (key) => {`,
        `    const redis = new Redis(process.env.REDIS_URL);`,
        `    process.send(await redis.get(key));`,
        `  });`,
        `}`,
        ``,
        `if (process.send) {`,
        `  work();`,
        `  work();`,
        `} else {`,
        `  fork(import.meta.filename);`,
        `}`,
      ),
      output: null,
      errors: [{
        ...redisPerTask('the `process` message handler'),
        line: 6,
        suggestions: [],
      }],
    },
  ],
};

const cjs: Cases = {
  valid: [],
  invalid: [
    // A cluster worker calls `work()` once: the pool moves to the start of `work`.
    {
      code: lines(
        `const cluster = require('node:cluster');`,
        `const pg = require('pg');`,
        ``,
        `function work() {`,
        `  process.on('message', async (id) => {`,
        `    const pool = new pg.Pool();`,
        `    process.send((await pool.query('select $1', [id])).rows);`,
        `  });`,
        `}`,
        ``,
        `if (cluster.isPrimary) {`,
        `  cluster.fork();`,
        `} else {`,
        `  work();`,
        `}`,
      ),
      output: null,
      errors: [{
        ...poolPerTask('the `process` message handler'),
        line: 6,
        suggestions: [
          { messageId: 'hoist', data: { name: 'pool' }, output: lines(
            `const cluster = require('node:cluster');`,
            `const pg = require('pg');`,
            ``,
            `function work() {`,
            `  const pool = new pg.Pool();`,
            ``,
            `  process.on('message', async (id) => {`,
            `    process.send((await pool.query('select $1', [id])).rows);`,
            `  });`,
            `}`,
            ``,
            `if (cluster.isPrimary) {`,
            `  cluster.fork();`,
            `} else {`,
            `  work();`,
            `}`,
          ) },
        ],
      }],
    },
    // Called in a loop: no hoist.
    {
      code: lines(
        `const cluster = require('node:cluster');`,
        `const pg = require('pg');`,
        ``,
        `function work() {`,
        `  process.on('message', async (id) => {`,
        `    const pool = new pg.Pool();`,
        `    process.send((await pool.query('select $1', [id])).rows);`,
        `  });`,
        `}`,
        ``,
        `if (cluster.isPrimary) {`,
        `  cluster.fork();`,
        `} else {`,
        `  for (const n of [1, 2]) work();`,
        `}`,
      ),
      output: null,
      errors: [{
        ...poolPerTask('the `process` message handler'),
        line: 6,
        suggestions: [],
      }],
    },
    // After the primary's early return the module scope is the worker's: the pool goes before `function work`.
    {
      code: lines(
        `const cluster = require('node:cluster');`,
        `const pg = require('pg');`,
        ``,
        `if (cluster.isPrimary) {`,
        `  cluster.fork();`,
        `  return;`,
        `}`,
        ``,
        `function work() {`,
        `  process.on('message', async (id) => {`,
        `    const pool = new pg.Pool();`,
        `    process.send((await pool.query('select $1', [id])).rows);`,
        `  });`,
        `}`,
        ``,
        `work();`,
      ),
      output: null,
      errors: [{
        ...poolPerTask('the `process` message handler'),
        line: 11,
        suggestions: [
          { messageId: 'hoist', data: { name: 'pool' }, output: lines(
            `const cluster = require('node:cluster');`,
            `const pg = require('pg');`,
            ``,
            `if (cluster.isPrimary) {`,
            `  cluster.fork();`,
            `  return;`,
            `}`,
            ``,
            `const pool = new pg.Pool();`,
            ``,
            `function work() {`,
            `  process.on('message', async (id) => {`,
            `    process.send((await pool.query('select $1', [id])).rows);`,
            `  });`,
            `}`,
            ``,
            `work();`,
          ) },
        ],
      }],
    },
  ],
};

const ts: Cases = {
  valid: [],
  invalid: [
    // TypeScript, called once: the pool moves to the start of `work`.
    {
      code: lines(
        `import { Worker, isMainThread, parentPort } from 'node:worker_threads';`,
        `import pg from 'pg';`,
        ``,
        `function work(): void {`,
        `  parentPort!.on('message', async (id: number) => {`,
        `    const pool = new pg.Pool();`,
        `    parentPort!.postMessage((await pool.query('select $1', [id])).rows);`,
        `  });`,
        `}`,
        ``,
        `if (isMainThread) {`,
        `  new Worker(new URL(import.meta.url));`,
        `} else {`,
        `  work();`,
        `}`,
      ),
      output: null,
      errors: [{
        ...poolPerTask('the `parentPort` message handler'),
        line: 6,
        suggestions: [
          { messageId: 'hoist', data: { name: 'pool' }, output: lines(
            `import { Worker, isMainThread, parentPort } from 'node:worker_threads';`,
            `import pg from 'pg';`,
            ``,
            `function work(): void {`,
            `  const pool = new pg.Pool();`,
            ``,
            `  parentPort!.on('message', async (id: number) => {`,
            `    parentPort!.postMessage((await pool.query('select $1', [id])).rows);`,
            `  });`,
            `}`,
            ``,
            `if (isMainThread) {`,
            `  new Worker(new URL(import.meta.url));`,
            `} else {`,
            `  work();`,
            `}`,
          ) },
        ],
      }],
    },
    // TypeScript, called twice: no hoist.
    {
      code: lines(
        `import { Worker, isMainThread, parentPort } from 'node:worker_threads';`,
        `import pg from 'pg';`,
        ``,
        `function work(): void {`,
        `  parentPort!.on('message', async (id: number) => {`,
        `    const pool = new pg.Pool();`,
        `    parentPort!.postMessage((await pool.query('select $1', [id])).rows);`,
        `  });`,
        `}`,
        ``,
        `if (isMainThread) {`,
        `  new Worker(new URL(import.meta.url));`,
        `} else {`,
        `  work();`,
        `  work();`,
        `}`,
      ),
      output: null,
      errors: [{
        ...poolPerTask('the `parentPort` message handler'),
        line: 6,
        suggestions: [],
      }],
    },
  ],
};

esmTester.run('no-connection-per-task: hoisted beside a declared function (ESM)', rule, esm as never);
cjsTester.run('no-connection-per-task: hoisted beside a declared function (CommonJS)', rule, cjs as never);
tsTester.run('no-connection-per-task: hoisted beside a declared function (TypeScript)', rule, ts as never);

checkFixedOutputs('no-connection-per-task: hoisted beside a declared function', rule as never, { esm: esm as never, cjs: cjs as never, ts: ts as never });
