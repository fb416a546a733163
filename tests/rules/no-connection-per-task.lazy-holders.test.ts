/**
 * no-connection-per-task on lazily filled per-worker holders that the look-alike sweep found
 * read as a connection per task: the promise of a connect step kept in the holder
 * (`connecting ||= new MongoClient(url).connect()`, also `??=` and `if (!x) x = …`), and a
 * helper that returns a per-tenant cache entry it fills only when empty
 * (`return (clients[region] ??= new Redis(url))`). Beside them, the same shapes that do make
 * one per task: a holder declared in the task, a chained connect kept in no holder, a
 * helper that assigns without testing the holder.
 */
import type { InvalidTestCase } from '@typescript-eslint/rule-tester';
import rule from '../../rules/no-connection-per-task.js';
import { cjsTester, esmTester, tsTester } from '../setup-rule-tester.js';

type MessageId = 'poolPerTask' | 'clientPerTask' | 'hoist';

const lines = (...parts: string[]): string => parts.join('\n');

const WORKERPOOL = 'workerpool task `countByTag`';
const EXPORT = 'the worker\'s default export';

interface Finding {
  readonly code: string;
  readonly messageId: Exclude<MessageId, 'hoist'>;
  readonly name: string;
  readonly library: string;
  readonly noun: string;
  readonly task: string;
  readonly line: number;
  readonly filename?: string;
}

function finding(f: Finding): InvalidTestCase<MessageId, []> {
  return {
    code: f.code,
    ...(f.filename ? { filename: f.filename } : {}),
    output: null,
    errors: [{ messageId: f.messageId, line: f.line, data: { name: f.name, library: f.library, noun: f.noun, task: f.task }, suggestions: [] }],
  };
}

const esm = {
  valid: [
    // The promise of the connect step kept with `||=`: one client per worker.
    lines(
      `import workerpool from 'workerpool';`,
      `import { MongoClient } from 'mongodb';`,
      `let connecting;`,
      `function client() {`,
      `  connecting ||= new MongoClient(process.env.MONGO_URL, { maxPoolSize: 4 }).connect();`,
      `  return connecting;`,
      `}`,
      `async function countByTag(tag) {`,
      `  const c = await client();`,
      `  return c.db('blog').collection('posts').countDocuments({ tags: tag });`,
      `}`,
      `workerpool.worker({ countByTag });`,
    ),
    // The same with `??=`, written in the task itself.
    lines(
      `import workerpool from 'workerpool';`,
      `import { MongoClient } from 'mongodb';`,
      `let connecting;`,
      `async function countByTag(tag) {`,
      `  connecting ??= new MongoClient(process.env.MONGO_URL).connect();`,
      `  const c = await connecting;`,
      `  return c.db('blog').collection('posts').countDocuments({ tags: tag });`,
      `}`,
      `workerpool.worker({ countByTag });`,
    ),
    // A connect step that needs it (node-redis), kept behind `if (!x)`.
    lines(
      `import { parentPort } from 'node:worker_threads';`,
      `import { createClient } from 'redis';`,
      `let ready;`,
      `parentPort.on('message', async (key) => {`,
      `  if (!ready) ready = createClient({ url: process.env.REDIS_URL }).connect();`,
      `  const redis = await ready;`,
      `  parentPort.postMessage(await redis.get(key));`,
      `});`,
    ),
    // A helper that returns the tenant's cached client, filled only when empty.
    {
      code: lines(
        `import Redis from 'ioredis';`,
        `const clients = {};`,
        `function redisFor(region) {`,
        `  return (clients[region] ??= new Redis(\`redis://cache-\${region}:6379\`));`,
        `}`,
        `export default async function ({ region, key }) {`,
        `  return redisFor(region).get(key);`,
        `}`,
      ),
      settings: { 'fork-safe': { workerFiles: ['**/task.js'] } },
      filename: 'task.js',
    },
    // The same cache filled behind `if (!…)`, and a Map cache through `||=`.
    {
      code: lines(
        `import pg from 'pg';`,
        `const pools = {};`,
        `const poolFor = (tenant) => {`,
        `  if (!pools[tenant]) pools[tenant] = new pg.Pool({ database: tenant, max: 2 });`,
        `  return pools[tenant];`,
        `};`,
        `export async function lookup({ tenant, id }) {`,
        `  return (await poolFor(tenant).query('select * from t where id = $1', [id])).rows;`,
        `}`,
      ),
      settings: { 'fork-safe': { workerFiles: ['**/task.js'] } },
      filename: 'task.js',
    },
  ],
  invalid: [
    // Kept in no holder: the chained connect makes a client in every task.
    finding({
      code: lines(
        `import workerpool from 'workerpool';`,
        `import { MongoClient } from 'mongodb';`,
        `async function countByTag(tag) {`,
        `  const c = await new MongoClient(process.env.MONGO_URL).connect();`,
        `  return c.db('blog').collection('posts').countDocuments({ tags: tag });`,
        `}`,
        `workerpool.worker({ countByTag });`,
      ),
      messageId: 'poolPerTask', name: 'new MongoClient(process.env.MONGO_URL)', library: 'mongodb', noun: 'client', task: WORKERPOOL, line: 4,
    }),
    // A holder declared in the task lives for one task only.
    finding({
      code: lines(
        `import workerpool from 'workerpool';`,
        `import { MongoClient } from 'mongodb';`,
        `async function countByTag(tag) {`,
        `  let connecting;`,
        `  connecting ||= new MongoClient(process.env.MONGO_URL).connect();`,
        `  const c = await connecting;`,
        `  return c.db('blog').collection('posts').countDocuments({ tags: tag });`,
        `}`,
        `workerpool.worker({ countByTag });`,
      ),
      messageId: 'poolPerTask', name: 'new MongoClient(process.env.MONGO_URL)', library: 'mongodb', noun: 'client', task: WORKERPOOL, line: 5,
    }),
    // The helper overwrites the tenant's entry on every call: a client per task.
    finding({
      code: lines(
        `import Redis from 'ioredis';`,
        `const clients = {};`,
        `function redisFor(region) {`,
        `  return (clients[region] = new Redis(\`redis://cache-\${region}:6379\`));`,
        `}`,
        `export default async function ({ region, key }) {`,
        `  return redisFor(region).get(key);`,
        `}`,
      ),
      filename: 'task.js',
      messageId: 'clientPerTask', name: 'redisFor(region)', library: 'ioredis', noun: 'client', task: EXPORT, line: 7,
    }),
  ].map((test) => ({ ...test, settings: { 'fork-safe': { workerFiles: ['**/task.js'] } } })),
};

const cjs = {
  valid: [
    lines(
      `const workerpool = require('workerpool');`,
      `const { MongoClient } = require('mongodb');`,
      `let connecting = null;`,
      `function client() {`,
      `  if (!connecting) {`,
      `    connecting = new MongoClient(process.env.MONGO_URL).connect();`,
      `  }`,
      `  return connecting;`,
      `}`,
      `workerpool.worker({ async countByTag(tag) { return (await client()).db('blog').collection('posts').countDocuments({ tags: tag }); } });`,
    ),
    {
      code: lines(
        `const Redis = require('ioredis');`,
        `const clients = {};`,
        `function redisFor(region) {`,
        `  return clients[region] || (clients[region] = new Redis(\`redis://cache-\${region}:6379\`));`,
        `}`,
        `module.exports = async ({ region, key }) => redisFor(region).get(key);`,
      ),
      settings: { 'fork-safe': { workerFiles: ['**/task.js'] } },
      filename: 'task.js',
    },
  ],
  invalid: [
    finding({
      code: lines(
        `const workerpool = require('workerpool');`,
        `const { MongoClient } = require('mongodb');`,
        `workerpool.worker({`,
        `  async countByTag(tag) {`,
        `    const c = await new MongoClient(process.env.MONGO_URL).connect();`,
        `    return c.db('blog').collection('posts').countDocuments({ tags: tag });`,
        `  },`,
        `});`,
      ),
      messageId: 'poolPerTask', name: 'new MongoClient(process.env.MONGO_URL)', library: 'mongodb', noun: 'client', task: WORKERPOOL, line: 5,
    }),
  ],
};

const ts = {
  valid: [
    {
      code: lines(
        `import Redis from 'ioredis';`,
        `const clients: Record<string, Redis> = {};`,
        `function redisFor(region: string): Redis {`,
        `  return (clients[region] ??= new Redis(\`redis://cache-\${region}:6379\`));`,
        `}`,
        `export default async function ({ region, key }: { region: string; key: string }): Promise<string | null> {`,
        `  return redisFor(region).get(key);`,
        `}`,
      ),
      settings: { 'fork-safe': { workerFiles: ['**/task.ts'] } },
      filename: 'task.ts',
    },
    lines(
      `import workerpool from 'workerpool';`,
      `import { MongoClient } from 'mongodb';`,
      `let connecting: Promise<MongoClient> | undefined;`,
      `function client(): Promise<MongoClient> {`,
      `  connecting ||= new MongoClient(process.env.MONGO_URL as string).connect();`,
      `  return connecting;`,
      `}`,
      `async function countByTag(tag: string): Promise<number> {`,
      `  return (await client()).db('blog').collection('posts').countDocuments({ tags: tag });`,
      `}`,
      `workerpool.worker({ countByTag });`,
    ),
  ],
  invalid: [
    {
      ...finding({
        code: lines(
          `import Redis from 'ioredis';`,
          `const clients: Record<string, Redis> = {};`,
          `function redisFor(region: string): Redis {`,
          `  return (clients[region] = new Redis(\`redis://cache-\${region}:6379\`));`,
          `}`,
          `export default async function ({ region, key }: { region: string; key: string }): Promise<string | null> {`,
          `  return redisFor(region).get(key);`,
          `}`,
        ),
        filename: 'task.ts',
        messageId: 'clientPerTask', name: 'redisFor(region)', library: 'ioredis', noun: 'client', task: EXPORT, line: 7,
      }),
      settings: { 'fork-safe': { workerFiles: ['**/task.ts'] } },
    },
  ],
};

esmTester.run('no-connection-per-task: lazy holders (ESM)', rule, esm as never);
cjsTester.run('no-connection-per-task: lazy holders (CommonJS)', rule, cjs as never);
tsTester.run('no-connection-per-task: lazy holders (TypeScript)', rule, ts as never);
