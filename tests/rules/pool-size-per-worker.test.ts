import type { InvalidTestCase } from '@typescript-eslint/rule-tester';
import rule from '../../rules/pool-size-per-worker.js';
import { checkFixedOutputs } from '../helpers/fixed-outputs.js';
import { cjsTester, esmTester, tsTester } from '../setup-rule-tester.js';

type MessageId = 'overBudget' | 'unsetOverBudget' | 'unsetPerCpu' | 'setSize';
type Options = [{ maxConnections?: number }];

const lines = (...parts: string[]): string => parts.join('\n');
const SHARE = (workers: string | number): string => `Math.max(1, Math.floor(CONNECTION_BUDGET / ${workers}))`;
const BUDGET = 'const CONNECTION_BUDGET = 100;';

interface Shape {
  readonly head?: readonly string[];
  readonly workers?: string;
  readonly loop?: string;
}

/** A cluster module: `head` imports, a worker count, a fork loop in the primary, `body` in the workers. */
function cluster(body: readonly string[], shape: Shape = {}, budget?: string): string {
  return lines(
    `import cluster from 'node:cluster';`,
    ...(shape.head ?? []),
    ...(shape.workers === '' ? [] : [shape.workers ?? 'const WORKERS = 8;']),
    ...(budget ? [budget] : []),
    `if (cluster.isPrimary) {`,
    `  ${shape.loop ?? 'for (let i = 0; i < WORKERS; i++) cluster.fork();'}`,
    `} else {`,
    ...body.map((line) => `  ${line}`),
    `}`,
  );
}

interface Report {
  readonly code: string;
  readonly messageId: Exclude<MessageId, 'setSize'>;
  readonly line: number;
  readonly name: string;
  readonly library: string;
  readonly noun: string;
  readonly site: string;
  readonly size: number;
  readonly count?: number;
  readonly max?: number;
  /** The suggestion's output, and the workers it divides by. */
  readonly fixed?: { readonly output: string; readonly workers: string | number };
  readonly options?: Options;
}

function report(r: Report): InvalidTestCase<MessageId, Options> {
  const max = r.max ?? 100;
  const data: Record<string, unknown> = { name: r.name, library: r.library, noun: r.noun, site: r.site, size: r.size, max };
  if (r.messageId === 'unsetPerCpu') data.cpus = Math.floor(max / r.size) + 1;
  else Object.assign(data, { count: r.count, total: r.count! * r.size });
  return {
    code: r.code,
    ...(r.options ? { options: r.options } : {}),
    output: null,
    errors: [
      {
        messageId: r.messageId,
        line: r.line,
        data,
        suggestions: r.fixed
          ? [{ messageId: 'setSize', data: { budget: 'CONNECTION_BUDGET', workers: String(r.fixed.workers) }, output: r.fixed.output }]
          : [],
      },
    ],
  };
}

const PG = { library: 'pg', noun: 'pool' };
const MYSQL2 = { library: 'mysql2', noun: 'pool' };
const FORK = '`cluster.fork()`';
const pgHead = [`import pg from 'pg';`];
const osHead = [`import os from 'node:os';`, `import pg from 'pg';`];

const esmCases = {
  valid: [
    // 8 workers × 5 = 40.
    cluster([`const db = new pg.Pool({ max: 5 });`], { head: pgHead }),
    // A known count with the default: 4 × 10 = 40 is within the budget.
    cluster([`const db = new pg.Pool();`], { head: pgHead, workers: 'const WORKERS = 4;' }),
    // Exactly the budget: 10 × 10 = 100.
    cluster([`const db = new pg.Pool();`], { head: pgHead, workers: 'const WORKERS = 10;' }),
    // One per CPU, with a size: it cannot be weighed against a budget.
    cluster([`const db = new pg.Pool({ max: 5 });`], { head: osHead, workers: 'const WORKERS = os.cpus().length;' }),
    // Counts from the environment are unknown.
    cluster([`const db = new pg.Pool();`], { head: pgHead, workers: 'const WORKERS = Number(process.env.WEB_CONCURRENCY) || 40;' }),
    // A size from the environment is unknown.
    cluster([`const db = new pg.Pool({ max: Number(process.env.PG_MAX) });`], { head: pgHead, workers: 'const WORKERS = 64;' }),
    // Options the source does not show.
    cluster([`const db = new pg.Pool({ ...config.db });`], { head: pgHead, workers: 'const WORKERS = 64;' }),
    cluster([`const db = new pg.Pool(loadConfig());`], { head: pgHead, workers: 'const WORKERS = 64;' }),
    // The pool is the primary's, not the workers'.
    lines(
      `import cluster from 'node:cluster';`,
      `import pg from 'pg';`,
      `if (cluster.isPrimary) {`,
      `  const db = new pg.Pool({ max: 80 });`,
      `  await db.query('SELECT 1');`,
      `  for (let i = 0; i < 8; i++) cluster.fork();`,
      `}`,
    ),
    // A file that never forks.
    lines(`import pg from 'pg';`, `export const db = new pg.Pool({ max: 500 });`),
    // It forks another module: its own pool is its own.
    lines(`import { fork } from 'node:child_process';`, `import pg from 'pg';`, `const db = new pg.Pool({ max: 200 });`, `for (let i = 0; i < 8; i++) fork('./child.js');`, `export { db };`),
    // throng's default count (one per CPU) is the library's default: unknown.
    lines(`import throng from 'throng';`, `import pg from 'pg';`, `throng(() => {`, `  const db = new pg.Pool();`, `  db.on('error', console.error);`, `});`),
    // A loop the source does not bound.
    cluster([`const db = new pg.Pool({ max: 50 });`], { head: pgHead, workers: '', loop: 'while (cluster.workers.length < wanted) cluster.fork();' }),
    // Restarts in an exit listener replace a worker: 4 × 20 = 80.
    lines(
      `import cluster from 'node:cluster';`,
      `import pg from 'pg';`,
      `if (cluster.isPrimary) {`,
      `  for (let i = 0; i < 4; i++) cluster.fork();`,
      `  cluster.on('exit', () => cluster.fork());`,
      `} else {`,
      `  const db = new pg.Pool({ max: 20 });`,
      `}`,
    ),
    // Math.min(4, cpus) is at most 4: 4 × 20 = 80.
    cluster([`const db = new pg.Pool({ max: 20 });`], { head: osHead, workers: 'const WORKERS = Math.min(4, os.cpus().length);' }),
    // Clients are not pools.
    cluster([`const client = new pg.Client();`, `await client.connect();`], { head: pgHead, workers: 'const WORKERS = 64;' }),
    cluster([`const redis = new Redis();`], { head: [`import Redis from 'ioredis';`], workers: 'const WORKERS = 64;' }),
    // A pool per request is no per-worker pool (no-connection-per-task's concern, not this rule's).
    cluster([`http.createServer(async (req, res) => {`, `  const db = new pg.Pool({ max: 50 });`, `  res.end(String(await db.query('SELECT 1')));`, `}).listen(3000);`], { head: [`import http from 'node:http';`, `import pg from 'pg';`] }),
    // Worker pools named pool are not connections.
    cluster([`const pool = new Piscina({ filename: './w.js', maxThreads: 64 });`], { head: [`import Piscina from 'piscina';`] }),
    cluster([`const pool = workerpool.pool({ maxWorkers: 64 });`], { head: [`import workerpool from 'workerpool';`] }),
    // No default known: typeorm's `poolSize` maps to the driver's; undici's is unlimited.
    cluster([`const dataSource = new DataSource({ type: 'postgres' });`], { head: [`import { DataSource } from 'typeorm';`], workers: 'const WORKERS = 64;' }),
    // bullmq's default concurrency (1) is unknown; 5 jobs × 10 = 50 is within.
    lines(`import { Worker } from 'bullmq';`, `import pg from 'pg';`, `new Worker('q', async () => {`, `  const db = new pg.Pool();`, `  await db.query('SELECT 1');`, `}, { connection: {} });`),
    lines(`import { Worker } from 'bullmq';`, `import pg from 'pg';`, `new Worker('q', async () => {`, `  const db = new pg.Pool();`, `  await db.query('SELECT 1');`, `}, { connection: {}, concurrency: 5 });`),
    // The suggestion's own output.
    cluster([`const db = new pg.Pool({ max: ${SHARE('WORKERS')} });`], { head: pgHead, workers: 'const WORKERS = 64;' }, BUDGET),
    // A connection string the source does not show may set the size.
    cluster([`const client = new MongoClient(process.env.MONGO_URL);`], { head: [`import { MongoClient } from 'mongodb';`], workers: 'const WORKERS = 64;' }),
    cluster([`const client = new MongoClient('mongodb://db/app?maxPoolSize=5');`], { head: [`import { MongoClient } from 'mongodb';`], workers: 'const WORKERS = 16;' }),
    // A bigger budget.
    { code: cluster([`const db = new pg.Pool({ max: 30 });`], { head: pgHead }), options: [{ maxConnections: 500 }] as Options },
  ],
  invalid: [
    report({
      code: cluster([`const inventory = mysql.createPool({ uri: process.env.INVENTORY_URL, connectionLimit: 30 });`, `await inventory.query('SELECT 1');`], { head: [`import mysql from 'mysql2/promise';`] }),
      messageId: 'overBudget', line: 7, name: 'inventory', ...MYSQL2, site: FORK, size: 30, count: 8,
      fixed: {
        workers: 'WORKERS',
        output: cluster([`const inventory = mysql.createPool({ uri: process.env.INVENTORY_URL, connectionLimit: ${SHARE('WORKERS')} });`, `await inventory.query('SELECT 1');`], { head: [`import mysql from 'mysql2/promise';`] }, BUDGET),
      },
    }),
    report({
      code: cluster([`const db = new pg.Pool();`, `await db.query('SELECT 1');`], { head: pgHead, workers: 'const WORKERS = 12;' }),
      messageId: 'unsetOverBudget', line: 7, name: 'db', ...PG, site: FORK, size: 10, count: 12,
      fixed: { workers: 'WORKERS', output: cluster([`const db = new pg.Pool({ max: ${SHARE('WORKERS')} });`, `await db.query('SELECT 1');`], { head: pgHead, workers: 'const WORKERS = 12;' }, BUDGET) },
    }),
    report({
      code: cluster([`const db = new pg.Pool({ connectionString: process.env.DATABASE_URL });`], { head: osHead, workers: 'const WORKERS = os.cpus().length;' }),
      messageId: 'unsetPerCpu', line: 8, name: 'db', ...PG, site: FORK, size: 10,
      fixed: {
        workers: 'WORKERS',
        output: cluster([`const db = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: ${SHARE('WORKERS')} });`], { head: osHead, workers: 'const WORKERS = os.cpus().length;' }, BUDGET),
      },
    }),
    report({
      code: cluster([`const db = new Pool();`], { head: [`import { availableParallelism } from 'node:os';`, `import { Pool } from 'pg';`], workers: '', loop: 'for (let i = 0; i < availableParallelism(); i++) cluster.fork();' }),
      messageId: 'unsetPerCpu', line: 7, name: 'db', ...PG, site: FORK, size: 10,
    }),
    report({
      code: cluster([`const db = new pg.Pool();`], { head: osHead, workers: '', loop: 'for (const _cpu of os.cpus()) cluster.fork();' }),
      messageId: 'unsetPerCpu', line: 7, name: 'db', ...PG, site: FORK, size: 10,
    }),
    report({
      code: cluster([`const db = new pg.Pool({});`], { head: osHead, workers: '', loop: 'os.cpus().forEach(() => cluster.fork());' }),
      messageId: 'unsetPerCpu', line: 7, name: 'db', ...PG, site: FORK, size: 10,
    }),
    report({
      code: cluster([`const db = new pg.Pool();`], { head: osHead, workers: 'const WORKERS = Math.max(1, os.availableParallelism() - 1);' }),
      messageId: 'unsetPerCpu', line: 8, name: 'db', ...PG, site: FORK, size: 10,
      fixed: { workers: 'WORKERS', output: cluster([`const db = new pg.Pool({ max: ${SHARE('WORKERS')} });`], { head: osHead, workers: 'const WORKERS = Math.max(1, os.availableParallelism() - 1);' }, BUDGET) },
    }),
    report({
      code: lines(`import throng from 'throng';`, `import pg from 'pg';`, `function start() {`, `  const db = new pg.Pool({ max: 40 });`, `  return db;`, `}`, `throng({ count: 4, worker: start });`),
      messageId: 'overBudget', line: 4, name: 'db', ...PG, site: '`throng()`', size: 40, count: 4,
      fixed: {
        workers: 4,
        output: lines(`import throng from 'throng';`, `import pg from 'pg';`, BUDGET, `function start() {`, `  const db = new pg.Pool({ max: ${SHARE(4)} });`, `  return db;`, `}`, `throng({ count: 4, worker: start });`),
      },
    }),
    report({
      code: lines(`import throng from 'throng';`, `import { Pool } from 'pg';`, `throng(8, () => {`, `  const db = new Pool({ max: 20 });`, `  db.on('error', console.error);`, `});`),
      messageId: 'overBudget', line: 4, name: 'db', ...PG, site: '`throng()`', size: 20, count: 8,
      fixed: {
        workers: 8,
        output: lines(`import throng from 'throng';`, `import { Pool } from 'pg';`, BUDGET, `throng(8, () => {`, `  const db = new Pool({ max: ${SHARE(8)} });`, `  db.on('error', console.error);`, `});`),
      },
    }),
    report({
      code: lines(`import throng from 'throng';`, `import { Pool } from 'pg';`, `throng({`, `  workers: 16,`, `  start() {`, `    const db = new Pool();`, `    db.on('error', console.error);`, `  },`, `});`),
      messageId: 'unsetOverBudget', line: 6, name: 'db', ...PG, site: '`throng()`', size: 10, count: 16,
      fixed: {
        workers: 16,
        output: lines(`import throng from 'throng';`, `import { Pool } from 'pg';`, BUDGET, `throng({`, `  workers: 16,`, `  start() {`, `    const db = new Pool({ max: ${SHARE(16)} });`, `    db.on('error', console.error);`, `  },`, `});`),
      },
    }),
    // At module scope of a cluster file: every worker makes it.
    report({
      code: lines(`import cluster from 'node:cluster';`, `import pg from 'pg';`, `const db = new pg.Pool({ max: 20 });`, `if (cluster.isPrimary) {`, `  for (let i = 0; i < 8; i++) cluster.fork();`, `} else {`, `  await db.query('SELECT 1');`, `}`),
      messageId: 'overBudget', line: 3, name: 'db', ...PG, site: FORK, size: 20, count: 8,
      fixed: {
        workers: 8,
        output: lines(`import cluster from 'node:cluster';`, `import pg from 'pg';`, BUDGET, `const db = new pg.Pool({ max: ${SHARE(8)} });`, `if (cluster.isPrimary) {`, `  for (let i = 0; i < 8; i++) cluster.fork();`, `} else {`, `  await db.query('SELECT 1');`, `}`),
      },
    }),
    // A worker_threads module that runs itself four times; a multi-line options object.
    report({
      code: lines(`import { Worker, isMainThread } from 'node:worker_threads';`, `import mysql from 'mysql2';`, `if (isMainThread) {`, `  for (let i = 0; i < 4; i++) new Worker(new URL(import.meta.url));`, `} else {`, `  const pool = mysql.createPool({`, `    host: 'db',`, `    connectionLimit: 50,`, `  });`, `  pool.query('SELECT 1');`, `}`),
      messageId: 'overBudget', line: 6, name: 'pool', ...MYSQL2, site: '`new Worker()`', size: 50, count: 4,
      fixed: {
        workers: 4,
        output: lines(`import { Worker, isMainThread } from 'node:worker_threads';`, `import mysql from 'mysql2';`, BUDGET, `if (isMainThread) {`, `  for (let i = 0; i < 4; i++) new Worker(new URL(import.meta.url));`, `} else {`, `  const pool = mysql.createPool({`, `    host: 'db',`, `    connectionLimit: ${SHARE(4)},`, `  });`, `  pool.query('SELECT 1');`, `}`),
      },
    }),
    // A pool per bullmq job, 20 jobs at a time.
    report({
      code: lines(`import { Worker } from 'bullmq';`, `import pg from 'pg';`, `new Worker('reports', async (job) => {`, `  const replica = new pg.Pool({ connectionString: job.data.url });`, `  return replica.query('SELECT 1');`, `}, { connection: { host: 'redis' }, concurrency: 20 });`),
      messageId: 'unsetOverBudget', line: 4, name: 'replica', ...PG, site: "the processor of bullmq queue 'reports' (`concurrency`)", size: 10, count: 20,
      fixed: {
        workers: 20,
        output: lines(`import { Worker } from 'bullmq';`, `import pg from 'pg';`, BUDGET, `new Worker('reports', async (job) => {`, `  const replica = new pg.Pool({ connectionString: job.data.url, max: ${SHARE(20)} });`, `  return replica.query('SELECT 1');`, `}, { connection: { host: 'redis' }, concurrency: 20 });`),
      },
    }),
    // The size in the connection string: reported, but not rewritten.
    report({
      code: cluster([`const client = new MongoClient('mongodb://db:27017/app?maxPoolSize=50');`, `await client.connect();`], { head: [`import { MongoClient } from 'mongodb';`], workers: '', loop: 'for (let i = 0; i < 4; i++) cluster.fork();' }),
      messageId: 'overBudget', line: 6, name: 'client', library: 'mongodb', noun: 'client', site: FORK, size: 50, count: 4,
    }),
    report({
      code: cluster([`const client = new MongoClient('mongodb://db:27017/app');`, `await client.connect();`], { head: [`import { MongoClient } from 'mongodb';`], workers: '', loop: 'cluster.fork();\n  cluster.fork();' }),
      messageId: 'unsetOverBudget', line: 7, name: 'client', library: 'mongodb', noun: 'client', site: FORK, size: 100, count: 2,
      fixed: {
        workers: 2,
        output: cluster([`const client = new MongoClient('mongodb://db:27017/app', { maxPoolSize: ${SHARE(2)} });`, `await client.connect();`], { head: [`import { MongoClient } from 'mongodb';`], workers: '', loop: 'cluster.fork();\n  cluster.fork();' }, BUDGET),
      },
    }),
    report({
      code: cluster([`const db = knex({ client: 'pg', connection: process.env.DATABASE_URL, pool: { max: 30 } });`], { head: [`import knex from 'knex';`], workers: 'const WORKERS = 4;' }),
      messageId: 'overBudget', line: 7, name: 'db', library: 'knex', noun: 'instance', site: FORK, size: 30, count: 4,
      fixed: {
        workers: 'WORKERS',
        output: cluster([`const db = knex({ client: 'pg', connection: process.env.DATABASE_URL, pool: { max: ${SHARE('WORKERS')} } });`], { head: [`import knex from 'knex';`], workers: 'const WORKERS = 4;' }, BUDGET),
      },
    }),
    report({
      code: cluster([`const db = knex({`, `  client: 'pg',`, `  connection: process.env.DATABASE_URL,`, `});`], { head: [`import knex from 'knex';`], workers: 'const WORKERS = 12;' }),
      messageId: 'unsetOverBudget', line: 7, name: 'db', library: 'knex', noun: 'instance', site: FORK, size: 10, count: 12,
      fixed: {
        workers: 'WORKERS',
        output: cluster([`const db = knex({`, `  client: 'pg',`, `  connection: process.env.DATABASE_URL,`, `  pool: { max: ${SHARE('WORKERS')} },`, `});`], { head: [`import knex from 'knex';`], workers: 'const WORKERS = 12;' }, BUDGET),
      },
    }),
    report({
      code: cluster([`const sequelize = new Sequelize(process.env.DATABASE_URL);`], { head: [`import { Sequelize } from 'sequelize';`], workers: 'const WORKERS = 24;' }),
      messageId: 'unsetOverBudget', line: 7, name: 'sequelize', library: 'sequelize', noun: 'instance', site: FORK, size: 5, count: 24,
      fixed: {
        workers: 'WORKERS',
        output: cluster([`const sequelize = new Sequelize(process.env.DATABASE_URL, { pool: { max: ${SHARE('WORKERS')} } });`], { head: [`import { Sequelize } from 'sequelize';`], workers: 'const WORKERS = 24;' }, BUDGET),
      },
    }),
    report({
      code: cluster([`const db = new pg.Pool();`], { head: pgHead }),
      options: [{ maxConnections: 50 }],
      messageId: 'unsetOverBudget', line: 7, name: 'db', ...PG, site: FORK, size: 10, count: 8, max: 50,
      fixed: { workers: 'WORKERS', output: cluster([`const db = new pg.Pool({ max: ${SHARE('WORKERS')} });`], { head: pgHead }, 'const CONNECTION_BUDGET = 50;') },
    }),
    // Two fork loops add up.
    report({
      code: lines(`import cluster from 'node:cluster';`, `import pg from 'pg';`, `if (cluster.isPrimary) {`, `  for (let i = 0; i < 4; i++) cluster.fork({ ROLE: 'web' });`, `  for (let i = 0; i < 4; i++) cluster.fork({ ROLE: 'jobs' });`, `} else {`, `  const db = new pg.Pool({ max: 20 });`, `  await db.query('SELECT 1');`, `}`),
      messageId: 'overBudget', line: 7, name: 'db', ...PG, site: FORK, size: 20, count: 8,
      fixed: {
        workers: 8,
        output: lines(`import cluster from 'node:cluster';`, `import pg from 'pg';`, BUDGET, `if (cluster.isPrimary) {`, `  for (let i = 0; i < 4; i++) cluster.fork({ ROLE: 'web' });`, `  for (let i = 0; i < 4; i++) cluster.fork({ ROLE: 'jobs' });`, `} else {`, `  const db = new pg.Pool({ max: ${SHARE(8)} });`, `  await db.query('SELECT 1');`, `}`),
      },
    }),
    // The size in a `const` options object: the budget goes before it.
    report({
      code: lines(`import cluster from 'node:cluster';`, `import pg from 'pg';`, `const options = { max: 40 };`, `if (cluster.isPrimary) {`, `  for (let i = 0; i < 4; i++) cluster.fork();`, `} else {`, `  const db = new pg.Pool(options);`, `  await db.query('SELECT 1');`, `}`),
      messageId: 'overBudget', line: 7, name: 'db', ...PG, site: FORK, size: 40, count: 4,
      fixed: {
        workers: 4,
        output: lines(`import cluster from 'node:cluster';`, `import pg from 'pg';`, BUDGET, `const options = { max: ${SHARE(4)} };`, `if (cluster.isPrimary) {`, `  for (let i = 0; i < 4; i++) cluster.fork();`, `} else {`, `  const db = new pg.Pool(options);`, `  await db.query('SELECT 1');`, `}`),
      },
    }),
    // In a function the worker path calls once.
    report({
      code: lines(`import cluster from 'node:cluster';`, `import pg from 'pg';`, `function serve() {`, `  const db = new pg.Pool({ max: 50 });`, `  return db;`, `}`, `if (cluster.isPrimary) {`, `  for (let i = 0; i < 4; i++) cluster.fork();`, `} else {`, `  serve();`, `}`),
      messageId: 'overBudget', line: 4, name: 'db', ...PG, site: FORK, size: 50, count: 4,
      fixed: {
        workers: 4,
        output: lines(`import cluster from 'node:cluster';`, `import pg from 'pg';`, BUDGET, `function serve() {`, `  const db = new pg.Pool({ max: ${SHARE(4)} });`, `  return db;`, `}`, `if (cluster.isPrimary) {`, `  for (let i = 0; i < 4; i++) cluster.fork();`, `} else {`, `  serve();`, `}`),
      },
    }),
    report({
      code: cluster([`const sql = postgres(process.env.DATABASE_URL);`, 'await sql`select 1`;'], { head: [`import postgres from 'postgres';`], workers: 'const WORKERS = 12;' }),
      messageId: 'unsetOverBudget', line: 7, name: 'sql', library: 'postgres', noun: 'pool', site: FORK, size: 10, count: 12,
      fixed: {
        workers: 'WORKERS',
        output: cluster([`const sql = postgres(process.env.DATABASE_URL, { max: ${SHARE('WORKERS')} });`, 'await sql`select 1`;'], { head: [`import postgres from 'postgres';`], workers: 'const WORKERS = 12;' }, BUDGET),
      },
    }),
    report({
      code: cluster([`const db = new pg.Pool();`], { head: pgHead, workers: '', loop: 'for (let i = 0; i <= 10; i++) cluster.fork();' }),
      messageId: 'unsetOverBudget', line: 6, name: 'db', ...PG, site: FORK, size: 10, count: 11,
      fixed: { workers: 11, output: cluster([`const db = new pg.Pool({ max: ${SHARE(11)} });`], { head: pgHead, workers: '', loop: 'for (let i = 0; i <= 10; i++) cluster.fork();' }, BUDGET) },
    }),
    // The worker path after an early return of the primary.
    report({
      code: lines(`import cluster from 'node:cluster';`, `import { createPool } from 'mysql2/promise';`, `async function main() {`, `  if (cluster.isPrimary) {`, `    for (let i = 0; i < 6; i++) cluster.fork();`, `    return;`, `  }`, `  const pool = createPool({ connectionLimit: 20 });`, `  await pool.query('SELECT 1');`, `}`, `main();`),
      messageId: 'overBudget', line: 8, name: 'pool', ...MYSQL2, site: FORK, size: 20, count: 6,
      fixed: {
        workers: 6,
        output: lines(`import cluster from 'node:cluster';`, `import { createPool } from 'mysql2/promise';`, BUDGET, `async function main() {`, `  if (cluster.isPrimary) {`, `    for (let i = 0; i < 6; i++) cluster.fork();`, `    return;`, `  }`, `  const pool = createPool({ connectionLimit: ${SHARE(6)} });`, `  await pool.query('SELECT 1');`, `}`, `main();`),
      },
    }),
    report({
      code: cluster([`const db = new pg.Pool({ max: 15 });`], { head: pgHead, workers: '', loop: 'Array.from({ length: 8 }, () => cluster.fork());' }),
      messageId: 'overBudget', line: 6, name: 'db', ...PG, site: FORK, size: 15, count: 8,
      fixed: { workers: 8, output: cluster([`const db = new pg.Pool({ max: ${SHARE(8)} });`], { head: pgHead, workers: '', loop: 'Array.from({ length: 8 }, () => cluster.fork());' }, BUDGET) },
    }),
  ],
};

const cjsCases = {
  valid: [
    lines(`const cluster = require('node:cluster');`, `const { Pool } = require('pg');`, `if (cluster.isMaster) {`, `  for (let i = 0; i < 8; i++) cluster.fork();`, `} else {`, `  const pool = new Pool({ max: 12 });`, `}`),
  ],
  invalid: [
    report({
      code: lines(`const cluster = require('node:cluster');`, `const { Pool } = require('pg');`, `const WORKERS = 8;`, `if (cluster.isMaster) {`, `  for (let i = 0; i < WORKERS; i++) cluster.fork();`, `} else {`, `  const pool = new Pool({ max: 25 });`, `  pool.query('SELECT 1');`, `}`),
      messageId: 'overBudget', line: 7, name: 'pool', ...PG, site: FORK, size: 25, count: 8,
      fixed: {
        workers: 'WORKERS',
        output: lines(`const cluster = require('node:cluster');`, `const { Pool } = require('pg');`, `const WORKERS = 8;`, BUDGET, `if (cluster.isMaster) {`, `  for (let i = 0; i < WORKERS; i++) cluster.fork();`, `} else {`, `  const pool = new Pool({ max: ${SHARE('WORKERS')} });`, `  pool.query('SELECT 1');`, `}`),
      },
    }),
  ],
};

const tsCases = {
  valid: [
    lines(`import cluster from 'node:cluster';`, `import { Pool } from 'pg';`, `const WORKERS: number = 8;`, `if (cluster.isPrimary) {`, `  for (let i = 0; i < WORKERS; i++) cluster.fork();`, `} else {`, `  const pool: Pool = new Pool({ max: 12 } satisfies object);`, `}`),
  ],
  invalid: [
    report({
      code: lines(`import cluster from 'node:cluster';`, `import { Pool } from 'pg';`, `const WORKERS: number = 8;`, `if (cluster.isPrimary) {`, `  for (let i = 0; i < WORKERS; i++) cluster.fork();`, `} else {`, `  const pool: Pool = new Pool({ max: 30 } as const);`, `  await pool.query('SELECT 1');`, `}`),
      messageId: 'overBudget', line: 7, name: 'pool', ...PG, site: FORK, size: 30, count: 8,
      fixed: {
        workers: 'WORKERS',
        output: lines(`import cluster from 'node:cluster';`, `import { Pool } from 'pg';`, `const WORKERS: number = 8;`, BUDGET, `if (cluster.isPrimary) {`, `  for (let i = 0; i < WORKERS; i++) cluster.fork();`, `} else {`, `  const pool: Pool = new Pool({ max: ${SHARE('WORKERS')} } as const);`, `  await pool.query('SELECT 1');`, `}`),
      },
    }),
  ],
};

esmTester.run('pool-size-per-worker (ESM)', rule, esmCases as never);
cjsTester.run('pool-size-per-worker (CommonJS)', rule, cjsCases as never);
tsTester.run('pool-size-per-worker (TypeScript)', rule, tsCases as never);

checkFixedOutputs('pool-size-per-worker', rule as never, { esm: esmCases as never, cjs: cjsCases as never, ts: tsCases as never });
