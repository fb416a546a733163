// Review round 1, item 7: poolifier's own shutdown hook, verified on poolifier@5.3.2: the pool's
// destroy() (or the removal of an idle dynamic worker) runs the worker's `killHandler`, awaited
// only when it is an async function, for at most a second before the worker is terminated.
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

const KILL_HANDLER = 'when the pool destroys the worker (`destroy()`, an idle dynamic worker), for up to a second';
const PG_POOL_END = 'the next task on this worker fails with "Cannot use a pool after calling end on the pool"';
const IOREDIS_QUIT = 'the next task on this worker fails with "Connection is closed."';

const close = (name: string, library: string, noun: string, method: string, consequence: string) => ({
  messageId: 'close', data: { name, library, noun, task: 'the poolifier task', method, helper: '', consequence },
});

const esm: Cases = {
  valid: [],
  invalid: [
    // The options the worker has get `killHandler`, as an async function: poolifier awaits only those.
    {
      code: lines(
        `import { ThreadWorker } from 'poolifier';`,
        `import pg from 'pg';`,
        ``,
        `const pool = new pg.Pool();`,
        ``,
        `export default new ThreadWorker(async (id) => {`,
        `  const { rows } = await pool.query('select $1', [id]);`,
        `  await pool.end();`,
        `  return rows;`,
        `}, { maxInactiveTime: 60000 });`,
      ),
      output: null,
      errors: [{
        ...close('pool', 'pg', 'pool', 'end', PG_POOL_END),
        line: 8,
        suggestions: [
          { messageId: 'removeClose', data: { method: 'end' }, output: lines(
            `import { ThreadWorker } from 'poolifier';`,
            `import pg from 'pg';`,
            ``,
            `const pool = new pg.Pool();`,
            ``,
            `export default new ThreadWorker(async (id) => {`,
            `  const { rows } = await pool.query('select $1', [id]);`,
            `  return rows;`,
            `}, { maxInactiveTime: 60000 });`,
          ) },
          { messageId: 'moveToHook', data: { hook: 'killHandler', covers: KILL_HANDLER }, output: lines(
            `import { ThreadWorker } from 'poolifier';`,
            `import pg from 'pg';`,
            ``,
            `const pool = new pg.Pool();`,
            ``,
            `export default new ThreadWorker(async (id) => {`,
            `  const { rows } = await pool.query('select $1', [id]);`,
            `  return rows;`,
            `}, { maxInactiveTime: 60000, killHandler: async () => pool.end() });`,
          ) },
        ],
      }],
    },
  ],
};

const cjs: Cases = {
  valid: [],
  invalid: [
    // A cluster worker without options: a new options argument.
    {
      code: lines(
        `const { ClusterWorker } = require('poolifier');`,
        `const Redis = require('ioredis');`,
        ``,
        `const redis = new Redis(process.env.REDIS_URL);`,
        ``,
        `module.exports = new ClusterWorker(async (key) => {`,
        `  const value = await redis.get(key);`,
        `  await redis.quit();`,
        `  return value;`,
        `});`,
      ),
      output: null,
      errors: [{
        ...close('redis', 'ioredis', 'client', 'quit', IOREDIS_QUIT),
        line: 8,
        suggestions: [
          { messageId: 'removeClose', data: { method: 'quit' }, output: lines(
            `const { ClusterWorker } = require('poolifier');`,
            `const Redis = require('ioredis');`,
            ``,
            `const redis = new Redis(process.env.REDIS_URL);`,
            ``,
            `module.exports = new ClusterWorker(async (key) => {`,
            `  const value = await redis.get(key);`,
            `  return value;`,
            `});`,
          ) },
          { messageId: 'moveToHook', data: { hook: 'killHandler', covers: KILL_HANDLER }, output: lines(
            `const { ClusterWorker } = require('poolifier');`,
            `const Redis = require('ioredis');`,
            ``,
            `const redis = new Redis(process.env.REDIS_URL);`,
            ``,
            `module.exports = new ClusterWorker(async (key) => {`,
            `  const value = await redis.get(key);`,
            `  return value;`,
            `}, { killHandler: async () => redis.quit() });`,
          ) },
        ],
      }],
    },
  ],
};

const ts: Cases = {
  valid: [],
  invalid: [
    // TypeScript: the property joins the object inside `satisfies`.
    {
      code: lines(
        `import { ThreadWorker, type WorkerOptions } from 'poolifier';`,
        `import pg from 'pg';`,
        ``,
        `const pool = new pg.Pool();`,
        ``,
        `export default new ThreadWorker(async (id: number) => {`,
        `  const { rows } = await pool.query('select $1', [id]);`,
        `  await pool.end();`,
        `  return rows;`,
        `}, { maxInactiveTime: 60000 } satisfies WorkerOptions);`,
      ),
      output: null,
      errors: [{
        ...close('pool', 'pg', 'pool', 'end', PG_POOL_END),
        line: 8,
        suggestions: [
          { messageId: 'removeClose', data: { method: 'end' }, output: lines(
            `import { ThreadWorker, type WorkerOptions } from 'poolifier';`,
            `import pg from 'pg';`,
            ``,
            `const pool = new pg.Pool();`,
            ``,
            `export default new ThreadWorker(async (id: number) => {`,
            `  const { rows } = await pool.query('select $1', [id]);`,
            `  return rows;`,
            `}, { maxInactiveTime: 60000 } satisfies WorkerOptions);`,
          ) },
          { messageId: 'moveToHook', data: { hook: 'killHandler', covers: KILL_HANDLER }, output: lines(
            `import { ThreadWorker, type WorkerOptions } from 'poolifier';`,
            `import pg from 'pg';`,
            ``,
            `const pool = new pg.Pool();`,
            ``,
            `export default new ThreadWorker(async (id: number) => {`,
            `  const { rows } = await pool.query('select $1', [id]);`,
            `  return rows;`,
            `}, { maxInactiveTime: 60000, killHandler: async () => pool.end() } satisfies WorkerOptions);`,
          ) },
        ],
      }],
    },
    // A `killHandler` is written already: no second hook, and no last resort (beforeExit never runs in a poolifier worker).
    {
      code: lines(
        `import { ThreadWorker } from 'poolifier';`,
        `import pg from 'pg';`,
        ``,
        `const pool = new pg.Pool();`,
        ``,
        `export default new ThreadWorker(async (id: number) => {`,
        `  const { rows } = await pool.query('select $1', [id]);`,
        `  await pool.end();`,
        `  return rows;`,
        `}, { killHandler: undefined as (() => Promise<void>) | undefined });`,
      ),
      output: null,
      errors: [{
        ...close('pool', 'pg', 'pool', 'end', PG_POOL_END),
        line: 8,
        suggestions: [
          { messageId: 'removeClose', data: { method: 'end' }, output: lines(
            `import { ThreadWorker } from 'poolifier';`,
            `import pg from 'pg';`,
            ``,
            `const pool = new pg.Pool();`,
            ``,
            `export default new ThreadWorker(async (id: number) => {`,
            `  const { rows } = await pool.query('select $1', [id]);`,
            `  return rows;`,
            `}, { killHandler: undefined as (() => Promise<void>) | undefined });`,
          ) },
        ],
      }],
    },
  ],
};

esmTester.run('no-close-in-worker-task: poolifier killHandler (ESM)', rule, esm as never);
cjsTester.run('no-close-in-worker-task: poolifier killHandler (CommonJS)', rule, cjs as never);
tsTester.run('no-close-in-worker-task: poolifier killHandler (TypeScript)', rule, ts as never);

checkFixedOutputs('no-close-in-worker-task: poolifier killHandler', rule as never, { esm: esm as never, cjs: cjs as never, ts: ts as never });
