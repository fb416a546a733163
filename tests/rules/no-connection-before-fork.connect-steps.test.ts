/**
 * no-connection-before-fork and the connect step of a lazy connection:
 * - a worker path that runs the connect step itself uses the connection there: a module-scope
 *   TypeORM `DataSource` both roles initialize is not "used only by the primary";
 * - with `reportLazy`, a connection that opens only at its connect step (node-redis v4
 *   `createClient()`, TypeORM `DataSource`) and is connected on the worker path alone is
 *   silent: the primary holds no connection and its code cannot open one by touching it.
 *   A lazy pool that opens on its first query (pg) is still reported, and so is a connect
 *   step at module scope, which the primary runs too.
 */
import rule from '../../rules/no-connection-before-fork.js';
import { cjsTester, esmTester, tsTester } from '../setup-rule-tester.js';

const lines = (...parts: string[]): string => parts.join('\n');
const LAZY = [{ reportLazy: true }];

const esm = {
  valid: [
    // Both roles initialize the data source: the workers' copy is theirs.
    lines(
      `import cluster from 'node:cluster';`,
      `import { DataSource } from 'typeorm';`,
      `const dataSource = new DataSource({ type: 'postgres', url: process.env.DATABASE_URL });`,
      `if (cluster.isPrimary) {`,
      `  await dataSource.initialize();`,
      `  await dataSource.runMigrations();`,
      `  cluster.fork();`,
      `} else {`,
      `  await dataSource.initialize();`,
      `  const users = dataSource.getRepository('User');`,
      `}`,
    ),
    // node-redis v4, connected by workers only, under reportLazy.
    {
      code: lines(
        `import cluster from 'node:cluster';`,
        `import http from 'node:http';`,
        `import { createClient } from 'redis';`,
        `const client = createClient({ url: process.env.REDIS_URL });`,
        `if (cluster.isPrimary) {`,
        `  cluster.fork();`,
        `  cluster.fork();`,
        `} else {`,
        `  client.connect().then(() => {`,
        `    http.createServer(async (req, res) => res.end(String(await client.incr('n')))).listen(3000);`,
        `  });`,
        `}`,
      ),
      options: LAZY,
    },
    {
      code: lines(
        `import cluster from 'node:cluster';`,
        `import { createClient } from 'redis';`,
        `const client = createClient();`,
        `if (cluster.isPrimary) {`,
        `  cluster.fork();`,
        `} else {`,
        `  await client.connect();`,
        `  await client.get('k');`,
        `}`,
      ),
      options: LAZY,
    },
  ],
  invalid: [
    // Initialized at module scope, so in every worker too, but only the primary uses it.
    {
      code: lines(
        `import cluster from 'node:cluster';`,
        `import { DataSource } from 'typeorm';`,
        `const dataSource = new DataSource({ type: 'postgres', url: process.env.DATABASE_URL });`,
        `await dataSource.initialize();`,
        `if (cluster.isPrimary) {`,
        `  await dataSource.runMigrations();`,
        `  cluster.fork();`,
        `}`,
      ),
      output: null,
      errors: [{ messageId: 'primaryOnly', line: 3, data: { name: 'dataSource', library: 'typeorm', noun: 'data source', forkSite: 'cluster.fork()' }, suggestions: [] }],
    },
    // A pg pool opens on its first query: the primary's copy would open if its code touched it.
    {
      code: lines(
        `import cluster from 'node:cluster';`,
        `import pg from 'pg';`,
        `const pool = new pg.Pool({ max: 4 });`,
        `if (cluster.isPrimary) {`,
        `  cluster.fork();`,
        `} else {`,
        `  await pool.query('select 1');`,
        `}`,
      ),
      options: LAZY,
      output: lines(
        `import cluster from 'node:cluster';`,
        `import pg from 'pg';`,
        `if (cluster.isPrimary) {`,
        `  cluster.fork();`,
        `} else {`,
        `  const pool = new pg.Pool({ max: 4 });`,
        `  await pool.query('select 1');`,
        `}`,
      ),
      errors: [{ messageId: 'workerOnlyLazy', line: 3, data: { name: 'pool', library: 'pg', noun: 'pool', forkSite: 'cluster.fork()' }, suggestions: [] }],
    },
  ],
};

const cjs = {
  valid: [
    {
      code: lines(
        `const cluster = require('node:cluster');`,
        `const { createClient } = require('redis');`,
        `const client = createClient({ url: process.env.REDIS_URL });`,
        `if (cluster.isMaster) {`,
        `  for (let i = 0; i < 2; i++) cluster.fork();`,
        `} else {`,
        `  client.connect().then(() => client.set('started', Date.now()));`,
        `}`,
      ),
      options: LAZY,
    },
    lines(
      `const cluster = require('node:cluster');`,
      `const { DataSource } = require('typeorm');`,
      `const dataSource = new DataSource({ type: 'postgres', url: process.env.DATABASE_URL });`,
      `async function main() {`,
      `  if (cluster.isPrimary) {`,
      `    await dataSource.initialize();`,
      `    await dataSource.query('select 1');`,
      `    cluster.fork();`,
      `    return;`,
      `  }`,
      `  await dataSource.initialize();`,
      `}`,
      `main();`,
    ),
  ],
  invalid: [
    // The connect step runs at module scope: the primary opens the client too.
    {
      code: lines(
        `const cluster = require('node:cluster');`,
        `const { createClient } = require('redis');`,
        `const client = createClient({ url: process.env.REDIS_URL });`,
        `client.connect();`,
        `if (cluster.isPrimary) {`,
        `  cluster.fork();`,
        `} else {`,
        `  client.set('started', Date.now());`,
        `}`,
      ),
      options: LAZY,
      output: null,
      errors: [{ messageId: 'workerOnly', line: 3, data: { name: 'client', library: 'redis', noun: 'client', forkSite: 'cluster.fork()' }, suggestions: [] }],
    },
  ],
};

const ts = {
  valid: [
    {
      code: lines(
        `import cluster from 'node:cluster';`,
        `import http from 'node:http';`,
        `import { DataSource } from 'typeorm';`,
        `const dataSource = new DataSource({ type: 'postgres', url: process.env.DATABASE_URL, poolSize: 5, entities: [] });`,
        `if (cluster.isPrimary) {`,
        `  for (let i = 0; i < 2; i++) cluster.fork();`,
        `} else {`,
        `  await dataSource.initialize();`,
        `  http.createServer(async (_req, res) => {`,
        `    const rows: unknown[] = await dataSource.query('SELECT 1 AS ok');`,
        `    res.end(JSON.stringify(rows));`,
        `  }).listen(3000);`,
        `}`,
      ),
      options: LAZY,
    },
    lines(
      `import cluster from 'node:cluster';`,
      `import { DataSource } from 'typeorm';`,
      `const dataSource: DataSource = new DataSource({ type: 'postgres', url: process.env.DATABASE_URL as string });`,
      `if (cluster.isPrimary) {`,
      `  await dataSource.initialize();`,
      `  await dataSource.runMigrations();`,
      `  cluster.fork();`,
      `} else {`,
      `  await dataSource.initialize();`,
      `}`,
    ),
  ],
  invalid: [],
};

esmTester.run('no-connection-before-fork: connect steps (ESM)', rule, esm as never);
cjsTester.run('no-connection-before-fork: connect steps (CommonJS)', rule, cjs as never);
tsTester.run('no-connection-before-fork: connect steps (TypeScript)', rule, ts as never);
