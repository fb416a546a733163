/**
 * no-connection-per-task: a close through a same-file helper (`const done = () =>
 * redis.quit()`) counts where the helper is called or handed to a promise chain: in both
 * callbacks of `.then(ok, fail)`, in `.then(…).catch(…)`, as `.finally(done)`, in a task's
 * `finally`. A helper that closes only on some of its paths, or is called on only some of
 * the settling paths, still leaves the connection open.
 */
import type { InvalidTestCase } from '@typescript-eslint/rule-tester';
import rule from '../../rules/no-connection-per-task.js';
import { cjsTester, esmTester, tsTester } from '../setup-rule-tester.js';

type MessageId = 'runOnceLeak' | 'clientPerTask' | 'hoist';

const lines = (...parts: string[]): string => parts.join('\n');
const PORT = 'the `parentPort` message handler';

function leak(code: string, name: string, library: string, noun: string, line: number, task = ''): InvalidTestCase<MessageId, []> {
  return {
    code,
    output: null,
    errors: [{ messageId: task ? 'clientPerTask' : 'runOnceLeak', line, data: { name, library, noun, task }, suggestions: [] }],
  };
}

const cjs = {
  valid: [
    // A run-once child closes through a helper in both callbacks of `.then(ok, fail)`.
    lines(
      `const Redis = require('ioredis');`,
      `const redis = new Redis(process.env.REDIS_URL);`,
      `const done = () => redis.quit();`,
      `redis.del(process.argv[2]).then(`,
      `  (n) => {`,
      `    process.send({ deleted: n });`,
      `    return done();`,
      `  },`,
      `  (err) => {`,
      `    process.send({ error: err.message });`,
      `    return done();`,
      `  },`,
      `);`,
    ),
    // `.then().catch()`, each calling a helper declared as a function.
    lines(
      `const { Client } = require('pg');`,
      `const client = new Client(process.env.DATABASE_URL);`,
      `function finish() {`,
      `  client.end();`,
      `}`,
      `client.connect();`,
      `client.query('insert into hits values (now())')`,
      `  .then(() => { process.send('ok'); finish(); })`,
      `  .catch(() => { process.send('err'); finish(); });`,
    ),
    // `.finally(done)`: the helper is the handler itself.
    lines(
      `const Redis = require('ioredis');`,
      `const redis = new Redis(process.env.REDIS_URL);`,
      `async function done() {`,
      `  await redis.quit();`,
      `}`,
      `redis.set('last-run', Date.now()).then(() => process.send('ok')).finally(done);`,
    ),
    // A helper that calls the closing helper, after a statement that cannot leave it.
    lines(
      `const Redis = require('ioredis');`,
      `const redis = new Redis(process.env.REDIS_URL);`,
      `const close = () => redis.quit();`,
      `function report(result) {`,
      `  process.send(result);`,
      `  return close();`,
      `}`,
      `redis.incr('runs').then(report, report);`,
    ),
  ],
  invalid: [
    // The helper closes only when told to.
    leak(lines(
      `const Redis = require('ioredis');`,
      `const redis = new Redis(process.env.REDIS_URL);`,
      `const done = (ok) => { if (ok) redis.quit(); };`,
      `redis.del(process.argv[2]).then((n) => { process.send(n); done(n > 0); }, () => done(false));`,
    ), 'redis', 'ioredis', 'client', 2),
    // Called only on a signal: after its work the child waits for one with the client open.
    leak(lines(
      `const Redis = require('ioredis');`,
      `const redis = new Redis(process.env.REDIS_URL);`,
      `const done = () => redis.quit();`,
      `process.once('SIGTERM', done);`,
      `redis.del(process.argv[2]).then((n) => process.send({ deleted: n }));`,
    ), 'redis', 'ioredis', 'client', 2),
    // The helper may return before it closes.
    leak(lines(
      `const Redis = require('ioredis');`,
      `const redis = new Redis(process.env.REDIS_URL);`,
      `function done(n) {`,
      `  if (n === 0) return;`,
      `  redis.quit();`,
      `}`,
      `redis.del(process.argv[2]).then((n) => process.send(n)).finally(done);`,
    ), 'redis', 'ioredis', 'client', 2),
  ],
};

const esm = {
  valid: [
    lines(
      `import { workerData, parentPort } from 'node:worker_threads';`,
      `import Redis from 'ioredis';`,
      `const redis = new Redis(workerData.url);`,
      `const done = () => redis.quit();`,
      `redis.get(workerData.key).then((value) => parentPort.postMessage(value)).finally(done);`,
    ),
    // A task closes its own client through a helper in `finally`.
    lines(
      `import { parentPort } from 'node:worker_threads';`,
      `import pg from 'pg';`,
      `parentPort.on('message', async (id) => {`,
      `  const client = new pg.Client();`,
      `  const close = () => client.end();`,
      `  await client.connect();`,
      `  try {`,
      `    parentPort.postMessage((await client.query('select $1::int', [id])).rows);`,
      `  } finally {`,
      `    await close();`,
      `  }`,
      `});`,
    ),
  ],
  invalid: [
    // The helper closes another client.
    leak(lines(
      `import { workerData, parentPort } from 'node:worker_threads';`,
      `import Redis from 'ioredis';`,
      `const redis = new Redis(workerData.url);`,
      `const cache = new Redis(workerData.cacheUrl);`,
      `const done = () => cache.quit();`,
      `redis.get(workerData.key).then((value) => parentPort.postMessage(value)).finally(done);`,
    ), 'redis', 'ioredis', 'client', 3),
    // In a task, a helper called after the query but not in `finally`: a failing query leaks it.
    leak(lines(
      `import { parentPort } from 'node:worker_threads';`,
      `import pg from 'pg';`,
      `parentPort.on('message', async (id) => {`,
      `  const client = new pg.Client();`,
      `  const close = () => client.end();`,
      `  await client.connect();`,
      `  parentPort.postMessage((await client.query('select $1::int', [id])).rows);`,
      `  await close();`,
      `});`,
    ), 'client', 'pg', 'client', 4, PORT),
  ],
};

const ts = {
  valid: [
    lines(
      `import { workerData, parentPort } from 'node:worker_threads';`,
      `import Redis from 'ioredis';`,
      `const redis = new Redis(workerData.url as string);`,
      `const done = (): Promise<'OK'> => redis.quit();`,
      `redis.del(workerData.key as string).then(`,
      `  (n: number) => { parentPort!.postMessage(n); return done(); },`,
      `  (err: Error) => { parentPort!.postMessage(err.message); return done(); },`,
      `);`,
    ),
  ],
  invalid: [
    leak(lines(
      `import { workerData, parentPort } from 'node:worker_threads';`,
      `import Redis from 'ioredis';`,
      `const redis = new Redis(workerData.url as string);`,
      `const done = (ok: boolean): void => { if (ok) void redis.quit(); };`,
      `redis.del(workerData.key as string).then(() => done(true), () => done(false));`,
    ), 'redis', 'ioredis', 'client', 3),
  ],
};

cjsTester.run('no-connection-per-task: closes through helpers (CommonJS)', rule, cjs as never);
esmTester.run('no-connection-per-task: closes through helpers (ESM)', rule, esm as never);
tsTester.run('no-connection-per-task: closes through helpers (TypeScript)', rule, ts as never);
