/**
 * The programs of the "every fix runs" proof: the docs' ❌ examples the rules offer a fix or
 * suggestion on, each with the driver, receiving side or appended ending it needs to run as a
 * whole program, and self-forking programs (cluster, throng, worker threads and child
 * processes that start their own file) with the defects of all six rules. Every program ends
 * by itself in every role: a worker does its job and exits, the primary waits for its workers.
 */
import { incorrectExamples } from './harness.js';
import type { ProofProgram } from './proof-harness.js';
import { DECLARED_WORK_PROGRAMS } from './proof-programs-declared.js';
import { RECEIVER_PROGRAMS } from './proof-programs-receivers.js';

/**
 * `life.mjs`, imported by code appended to a docs example (so, like every import, evaluated
 * before the example's own code): follows the workers the example starts, so that the
 * appended code can wait for them and end every role.
 */
export const LIFE = `
import cluster from 'node:cluster';
import { isMainThread } from 'node:worker_threads';

export const role = !isMainThread ? 'worker thread' : cluster.isWorker ? 'cluster worker' : process.send ? 'child process' : 'primary';
const exits = [];
const readyReports = [];
const listenings = [];
const exitOf = (worker) => new Promise((resolve) => worker.once('exit', resolve));
if (cluster.isPrimary) {
  cluster.on('fork', (worker) => {
    const exited = exitOf(worker);
    exits.push(exited);
    readyReports.push(Promise.race([exited, new Promise((resolve) => worker.on('message', (message) => message === 'proof: ready' && resolve()))]));
    listenings.push(Promise.race([exited, new Promise((resolve) => worker.once('listening', resolve))]));
  });
}
// Not events.once(), which would also catch a worker's 'error' that the example leaves unhandled.
process.on('worker', (worker) => exits.push(exitOf(worker)));

// Workers are forked after a microtask at most (throng), and threads announced on the next tick.
const nextTurn = () => new Promise((resolve) => setImmediate(resolve));

export async function workersExited() {
  await nextTurn();
  await Promise.all(exits);
}
export async function workersReady() {
  await nextTurn();
  await Promise.all(readyReports);
}
export async function workersListening() {
  await nextTurn();
  await Promise.all(listenings);
  return listenings.length;
}
/** In a cluster worker: tells the primary that the module has run. */
export function ready() {
  setImmediate(() => process.send('proof: ready'));
}
export async function endWorkers() {
  for (const worker of Object.values(cluster.workers)) worker.kill();
  await workersExited();
}
`;

/** Workers (cluster or threads) end once their module has run; the primary once they all have. */
const RUN_ONCE = `
import * as proofLife from './life.mjs';
if (proofLife.role === 'primary') {
  await proofLife.workersExited();
  console.log('proof: every worker ended');
  process.exit(0);
} else {
  process.exit(0);
}
`;

/** Workers stay up (a supervisor would restart them): the primary ends the run once each has run its module. */
const SUPERVISED = `
import * as proofLife from './life.mjs';
if (proofLife.role === 'primary') {
  await proofLife.workersReady();
  console.log('proof: every worker ran its module');
  process.exit(0);
} else {
  proofLife.ready();
}
`;

/** HTTP workers: the primary sends each one request once all listen, then ends them and the run. */
const SERVED_ONCE = `
import * as proofLife from './life.mjs';
if (proofLife.role === 'primary') {
  const workers = await proofLife.workersListening();
  for (let i = 0; i < workers; i++) await fetch('http://127.0.0.1:' + process.env.PORT + '/proof:' + i);
  console.log('proof: requests served:', workers);
  await proofLife.endWorkers();
  process.exit(0);
}
`;

/** Posts two tasks to a worker thread of `file`, one after the other, and terminates it. */
const threadDriver = (file: string) => `
import { Worker } from 'node:worker_threads';
const worker = new Worker(new URL('${file}', import.meta.url));
worker.on('error', (error) => console.log('worker failed:', error.message));
for (const id of [1, 2]) {
  worker.postMessage(id);
  const answered = await new Promise((resolve) => { worker.once('message', () => resolve(true)); worker.once('exit', () => resolve(false)); });
  console.log('task', id, answered ? 'answered' : 'ended the worker');
}
await worker.terminate();
`;

const THREAD_DRIVER = threadDriver('./worker.mjs');

/** Sends two jobs to a child process, one after the other, and kills it. */
const CHILD_DRIVER = `
import { fork } from 'node:child_process';
const child = fork('./worker.mjs');
for (const key of ['a', 'b']) {
  child.send({ key: 'proof:' + key, value: 'done' });
  const answered = await new Promise((resolve) => { child.once('message', () => resolve(true)); child.once('exit', () => resolve(false)); });
  console.log('job', key, answered ? 'answered' : 'ended the child');
}
child.kill();
`;

/** Runs two workerpool tasks on one worker, one after the other, and terminates the pool. */
const workerpoolDriver = (method: string, args: string) => `
import workerpool from 'workerpool';
const pool = workerpool.pool(new URL('./worker.mjs', import.meta.url).pathname, { maxWorkers: 1 });
for (const id of [1, 2]) {
  try {
    await pool.exec('${method}', ${args});
    console.log('task', id, 'ok');
  } catch (error) {
    console.log('task', id, 'failed:', String(error));
  }
}
await pool.terminate();
`;

/** What the role probe reports of a process that an uncaught error ends (Node prints a TypeError on stderr). */
function crashed(role: 'primary' | 'cluster worker' | 'child process', error: string): string[] {
  return [`${role}: exit code 1`, `${role}: uncaught ${error}`, ...(error.startsWith('TypeError') ? [`stderr: ${error}`] : [])];
}

/** What the role probe reports of a worker thread that an uncaught error ends, and whose parent handles the error. */
const threadFailed = (error: string) => [`worker thread: uncaught ${error}`];

function docs(rule: string, index: number, program: Omit<ProofProgram, 'name' | 'code' | 'docs'>): ProofProgram {
  const code = incorrectExamples(rule)[index];
  if (code === undefined) throw new Error(`docs/rules/${rule}.md has no ❌ example ${index + 1}`);
  return { name: `docs ${rule} ❌ ${index + 1}`, code, docs: { rule, index }, ...program };
}

const withLife = (append: string, prints: string[]) => ({ append, prints, files: { 'life.mjs': LIFE } });

const POOL_AFTER_END = 'Error: Cannot use a pool after calling end on the pool';

/**
 * `models.cjs`: the mongoose models the examples query and leave to the rest of their
 * application. A process or thread registers them before the example runs (see `entry`).
 */
const MONGOOSE_MODELS = `
const mongoose = require('mongoose');
mongoose.model('Order', new mongoose.Schema({ _id: Number, day: String }));
mongoose.model('User', new mongoose.Schema({ name: String }));
`;

/** `app.js` of the example: an HTTP server whose every request queries the default connection. */
const MONGOOSE_APP = `
require('./models.cjs');
const http = require('node:http');
const mongoose = require('mongoose');
module.exports = http.createServer(async (request, response) => {
  const order = await mongoose.model('Order').findById(1);
  response.end(order ? 'found' : 'missing');
});
`;

/** SERVED_ONCE for a CommonJS subject: as many requests as workers, counting the answers that found the order. */
const SERVED_ONCE_CJS = `
const proofLife = require('./life.mjs');
if (proofLife.role === 'primary') {
  (async () => {
    const workers = await proofLife.workersListening();
    const answers = [];
    for (let i = 0; i < workers; i++) answers.push(await (await fetch('http://127.0.0.1:' + process.env.PORT + '/proof:' + i)).text());
    console.log('proof: orders found:', answers.filter((answer) => answer === 'found').length);
    await proofLife.endWorkers();
    process.exit(0);
  })();
}
`;

const MONGO_NOT_CONNECTED = 'MongoNotConnectedError: Client must be connected before running operations';

const DOCS_PROGRAMS: readonly ProofProgram[] = [
  docs('no-connection-transfer', 0, {
    subject: 'main.mjs',
    files: {
      // The receiving side as the suggestion's text asks: it connects from what it is sent.
      'report-worker.js': `
import { workerData } from 'node:worker_threads';
import pg from 'pg';
const pool = new pg.Pool(workerData.pool);
await pool.query('select 1');
await pool.end();
`,
    },
    originalFailures: crashed('primary', 'DataCloneError: function () {} could not be cloned.'),
  }),
  docs('no-connection-transfer', 2, {
    subject: 'main.mjs',
    append: "exporter.on('exit', () => redis.disconnect());",
    files: {
      'exporter.js': `
import Redis from 'ioredis';
process.once('message', async ({ job, redis }) => {
  // Connects from the configuration it is sent, as the suggestion's text asks of this side.
  const client = typeof redis === 'string' ? new Redis(redis) : redis;
  await client.set('proof:job:' + job, 'done');
  await client.quit();
  process.disconnect();
});
`,
    },
    originalFailures: crashed('child process', 'TypeError: client.set is not a function'),
  }),
  docs('no-close-in-worker-task', 0, {
    subject: 'worker.mjs',
    entry: 'main.mjs',
    files: { 'main.mjs': THREAD_DRIVER },
    prints: ['task 1 answered'],
    originalFailures: threadFailed(POOL_AFTER_END),
  }),
  docs('no-close-in-worker-task', 1, {
    subject: 'worker.mjs',
    entry: 'main.mjs',
    files: { 'main.mjs': CHILD_DRIVER },
    prints: ['job a answered'],
    originalFailures: crashed('child process', 'Error: Connection is closed.'),
  }),
  docs('no-close-in-worker-task', 2, { subject: 'worker.mjs', entry: 'main.mjs', files: { 'main.mjs': workerpoolDriver('markSent', '[id]') }, prints: ['task 1 ok'] }),
  docs('no-close-in-worker-task', 3, {
    subject: 'worker.mjs',
    entry: 'main.mjs',
    files: {
      'main.mjs': threadDriver('./order-worker.mjs'),
      'order-worker.mjs': "import './models.cjs';\nimport './worker.mjs';",
      'models.cjs': MONGOOSE_MODELS,
    },
    prints: ['task 1 answered'],
    // Once disconnect() has run, mongoose does not buffer the next task's query: the driver refuses it.
    originalFailures: threadFailed(MONGO_NOT_CONNECTED),
    fixedRunsClean: true,
  }),
  docs('no-connection-per-task', 0, {
    subject: 'worker.mjs',
    entry: 'main.mjs',
    files: { 'main.mjs': workerpoolDriver('dailyReport', "['2024-05-01']") },
    prints: ['task 1 ok', 'task 2 ok'],
  }),
  docs('no-connection-before-fork', 0, { subject: 'main.mjs', ...withLife(SERVED_ONCE, ['proof: requests served: 8']) }),
  docs('no-connection-before-fork', 1, { subject: 'main.mjs', ...withLife(RUN_ONCE, ['proof: every worker ended']) }),
  docs('no-connection-before-fork', 2, { subject: 'main.mjs', ...withLife(RUN_ONCE, ['proof: every worker ended']) }),
  docs('no-connection-before-fork', 3, {
    subject: 'main.cjs',
    append: SERVED_ONCE_CJS,
    prints: ['proof: orders found: 8'],
    // `require('./app')` finds app.js, which is CommonJS like the example.
    files: { 'package.json': '{ "type": "commonjs" }', 'app.js': MONGOOSE_APP, 'models.cjs': MONGOOSE_MODELS, 'life.mjs': LIFE },
    fixedRunsClean: true,
  }),
  docs('require-reconnect-after-fork', 0, {
    subject: 'main.mjs',
    ...withLife(RUN_ONCE, ['proof: every worker ended']),
    originalFailures: crashed('cluster worker', "TypeError: Cannot read properties of undefined (reading 'query')"),
  }),
  docs('require-reconnect-after-fork', 1, {
    subject: 'main.mjs',
    ...withLife(RUN_ONCE, []),
    originalFailures: [...crashed('primary', 'Error: The client is closed'), ...threadFailed('Error: The client is closed')],
  }),
  docs('require-reconnect-after-fork', 2, {
    subject: 'main.mjs',
    // The workers run the entry too: each registers the models, then runs the example.
    entry: 'start.mjs',
    append: RUN_ONCE,
    prints: ['proof: every worker ended'],
    files: { 'start.mjs': "import './models.cjs';\nimport './main.mjs';", 'models.cjs': MONGOOSE_MODELS, 'life.mjs': LIFE },
    originalFailures: crashed('cluster worker', 'MongooseError: Operation `users.findOne()` buffering timed out after 10000ms'),
    fixedRunsClean: true,
  }),
  docs('pool-size-per-worker', 0, { subject: 'main.mjs', ...withLife(RUN_ONCE, ['proof: every worker ended']) }),
  docs('pool-size-per-worker', 2, { subject: 'main.mjs', ...withLife(SUPERVISED, ['proof: every worker ran its module']) }),
];

const own = (name: string, subject: string, code: string, extra: Partial<ProofProgram> = {}): ProofProgram => ({ name, subject, code, ...extra });

const OWN_PROGRAMS: readonly ProofProgram[] = [
  own('worker thread of new URL(import.meta.url): pg pool closed by its parentPort task', 'main.mjs', `
import { Worker, isMainThread, parentPort } from 'node:worker_threads';
import pg from 'pg';

const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL });

if (isMainThread) {
  const worker = new Worker(new URL(import.meta.url));
  worker.on('error', (error) => console.log('worker failed:', error.message));
  for (const id of [1, 2]) {
    worker.postMessage(id);
    const answered = await new Promise((resolve) => { worker.once('message', () => resolve(true)); worker.once('exit', () => resolve(false)); });
    console.log('task', id, answered ? 'answered' : 'ended the worker');
  }
  await worker.terminate();
  await pool.end();
} else {
  parentPort.on('message', async (id) => {
    const { rows } = await pool.query('select id from orders where id = $1', [id]);
    parentPort.postMessage(rows);
    await pool.end();
  });
}
`, { prints: ['task 1 answered'], originalFailures: threadFailed(POOL_AFTER_END) }),
  own('worker thread of new Worker(__filename): ioredis client quit by its parentPort task', 'main.cjs', `
const { Worker, isMainThread, parentPort } = require('node:worker_threads');
const Redis = require('ioredis');

if (isMainThread) {
  const worker = new Worker(__filename);
  worker.on('error', (error) => console.log('worker failed:', error.message));
  (async () => {
    for (const key of ['a', 'b']) {
      worker.postMessage(key);
      const answered = await new Promise((resolve) => { worker.once('message', () => resolve(true)); worker.once('exit', () => resolve(false)); });
      console.log('job', key, answered ? 'answered' : 'ended the worker');
    }
    await worker.terminate();
  })();
} else {
  const redis = new Redis(process.env.REDIS_URL);
  parentPort.on('message', async (key) => {
    await redis.set('proof:' + key, 'done');
    parentPort.postMessage(key);
    await redis.quit();
  });
}
`, { prints: ['job a answered'], originalFailures: threadFailed('Error: Connection is closed.') }),
  own('fork(import.meta.filename): pg pool closed by the child\'s message task', 'main.mjs', `
import { fork } from 'node:child_process';
import pg from 'pg';

const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL });

if (process.send) {
  process.on('message', async (id) => {
    const { rows } = await pool.query('select id from orders where id = $1', [id]);
    process.send(rows[0]);
    await pool.end();
  });
} else {
  const child = fork(import.meta.filename);
  const ids = [2];
  child.on('message', (row) => {
    console.log('child answered', row.id);
    if (ids.length) child.send(ids.shift());
    else child.kill();
  });
  child.send(1);
}
`, { prints: ['child answered 1'], originalFailures: crashed('child process', POOL_AFTER_END) }),
  own('cluster: pg pool closed by the worker\'s message task', 'main.mjs', `
import cluster from 'node:cluster';
import pg from 'pg';

const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL });

if (cluster.isPrimary) {
  // A cluster worker drops messages that come before its handler: it asks for the first.
  const worker = cluster.fork();
  const ids = [1, 2];
  worker.on('message', (row) => {
    if (row !== 'ready') console.log('worker answered', row.id);
    if (ids.length) worker.send(ids.shift());
    else worker.kill();
  });
} else {
  process.on('message', async (id) => {
    const { rows } = await pool.query('select id from orders where id = $1', [id]);
    process.send(rows[0]);
    await pool.end();
  });
  process.send('ready');
}
`, { prints: ['worker answered 1'], originalFailures: crashed('cluster worker', POOL_AFTER_END) }),
  own('fork(import.meta.filename): pg pool made in every task of the child', 'main.mjs', `
import { fork } from 'node:child_process';
import pg from 'pg';

if (process.send) {
  process.on('message', async (id) => {
    const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL });
    const { rows } = await pool.query('select id from orders where id = $1', [id]);
    process.send(rows[0]);
  });
} else {
  const child = fork(import.meta.filename);
  const ids = [2];
  child.on('message', (row) => {
    console.log('child answered', row.id);
    if (ids.length) child.send(ids.shift());
    else child.kill();
  });
  child.send(1);
}
`, { prints: ['child answered 1', 'child answered 2'] }),
  own('cluster: ioredis client at module scope that only workers use', 'main.mjs', `
import cluster from 'node:cluster';
import Redis from 'ioredis';

const cache = new Redis(process.env.REDIS_URL);

if (cluster.isPrimary) {
  let running = 2;
  for (let i = 0; i < running; i++) cluster.fork();
  cluster.on('exit', (worker, code) => {
    console.log('worker exited with code', code);
    if (--running === 0) process.exit(0);
  });
} else {
  await cache.set('proof:worker:' + cluster.worker.id, 'up');
  await cache.quit();
  process.exit(0);
}
`, { prints: ['worker exited with code 0'] }),
  own('cluster (CommonJS): mysql2 connection at module scope that only the primary uses', 'main.cjs', `
const cluster = require('node:cluster');
const mysql = require('mysql2');

const audit = mysql.createConnection(process.env.MYSQL_URL);

if (cluster.isPrimary) {
  const worker = cluster.fork();
  worker.on('exit', (code) => {
    audit.query('select ? as code', [code], (error, rows) => {
      console.log('recorded exit', error ?? rows[0].code);
      audit.end();
    });
  });
} else {
  process.exit(0);
}
`, { prints: ['recorded exit 0'] }),
  own('throng: ioredis client at module scope that only workers use', 'main.mjs', `
import cluster from 'node:cluster';
import throng from 'throng';
import Redis from 'ioredis';

const cache = new Redis(process.env.REDIS_URL);

throng({
  count: 2,
  lifetime: 0,
  master: () => {
    let running = 2;
    cluster.on('exit', () => --running === 0 && process.exit(0));
  },
  worker: async (id) => {
    await cache.set('proof:throng:' + id, 'up');
    console.log('worker', id, 'cached');
    await cache.quit();
    process.exit(0);
  },
});
`, { prints: ['worker 1 cached', 'worker 2 cached'] }),
  own('worker thread of new URL(import.meta.url): ioredis client at module scope that only the main thread uses', 'main.mjs', `
import { Worker, isMainThread, parentPort } from 'node:worker_threads';
import Redis from 'ioredis';

const events = new Redis(process.env.REDIS_URL);

if (isMainThread) {
  const worker = new Worker(new URL(import.meta.url));
  worker.on('message', async (answer) => {
    console.log('answers counted:', await events.incrby('proof:answers', answer) > 0);
    await worker.terminate();
    await events.quit();
  });
} else {
  parentPort.postMessage(42);
}
`, { prints: ['answers counted: true'] }),
  own('fork(import.meta.filename): mysql2 pool the parent uses before forking and never closes', 'main.mjs', `
import { fork } from 'node:child_process';
import mysql from 'mysql2/promise';

if (process.send) {
  process.send('child started');
  process.disconnect();
} else {
  const pool = mysql.createPool(process.env.MYSQL_URL);
  await pool.query('create table if not exists jobs (id int primary key)');
  const child = fork(import.meta.filename);
  child.on('message', (message) => console.log(message));
  child.on('exit', (code) => {
    console.log('child exited with code', code);
    process.exit(0);
  });
}
`, { prints: ['child started', 'child exited with code 0'] }),
  own('cluster (CommonJS): pg pool made only on the primary path', 'main.cjs', `
const cluster = require('node:cluster');
const pg = require('pg');

let pool;
if (cluster.isPrimary) {
  pool = new pg.Pool({ connectionString: process.env.DATABASE_URL });
  pool.query('select 1').then(() => {
    cluster.fork().on('exit', (code) => {
      console.log('worker exited with code', code);
      pool.end();
    });
  });
} else {
  pool.query('select count(*)::int as orders from orders').then(({ rows }) => {
    console.log('worker counted', rows[0].orders);
    process.exit(0);
  });
}
`, { prints: ['worker exited with code'], originalFailures: crashed('cluster worker', "TypeError: Cannot read properties of undefined (reading 'query')") }),
  own('worker thread of new URL(import.meta.url): ioredis client made only in the main thread', 'main.mjs', `
import { Worker, isMainThread } from 'node:worker_threads';
import Redis from 'ioredis';

let redis;
if (isMainThread) {
  redis = new Redis(process.env.REDIS_URL);
  await redis.del('proof:claimed');
  const worker = new Worker(new URL(import.meta.url));
  worker.on('error', (error) => console.log('worker failed:', error.message));
  await new Promise((resolve) => worker.once('exit', resolve));
  console.log('claimed:', await redis.get('proof:claimed'));
  await redis.quit();
} else {
  await redis.incr('proof:claimed');
  await redis.quit();
}
`, { prints: ['claimed:'], originalFailures: threadFailed("TypeError: Cannot read properties of undefined (reading 'incr')") }),
  own('fork(__filename): knex instance made only in the parent', 'main.cjs', `
const { fork } = require('node:child_process');
const knex = require('knex');

let db;
if (process.send) {
  db.raw('select count(*)::int as orders from orders')
    .then(({ rows }) => process.send(rows[0]))
    .then(() => db.destroy())
    .then(() => process.disconnect());
} else {
  db = knex({ client: 'pg', connection: process.env.DATABASE_URL });
  const child = fork(__filename);
  child.on('message', (row) => console.log('child counted', row));
  child.on('exit', (code) => {
    console.log('child exited with code', code);
    db.destroy();
  });
}
`, { prints: ['child exited with code'], originalFailures: crashed('child process', "TypeError: Cannot read properties of undefined (reading 'raw')") }),
  own('fork(__filename): ioredis client sent to the child, which uses it', 'main.cjs', `
const { fork } = require('node:child_process');
const Redis = require('ioredis');

if (process.send) {
  process.once('message', async ({ job, redis }) => {
    await redis.set('proof:job:' + job, 'done');
    process.disconnect();
  });
} else {
  const redis = new Redis(process.env.REDIS_URL);
  const child = fork(__filename);
  child.send({ job: 7, redis });
  child.on('exit', (code) => {
    console.log('child exited with code', code);
    redis.disconnect();
  });
}
`, { prints: ['child exited with code'], originalFailures: crashed('child process', 'TypeError: redis.set is not a function'), fixedRunsClean: true }),
  own('cluster: pg pool of 40 in each of 4 workers', 'main.mjs', `
import cluster from 'node:cluster';
import pg from 'pg';

const WORKERS = 4;

if (cluster.isPrimary) {
  for (let i = 0; i < WORKERS; i++) cluster.fork();
} else {
  const db = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: 40 });
  await db.query('select 1');
  console.log('worker', cluster.worker.id, 'queried');
  await db.end();
  process.exit(0);
}
`, { prints: ['worker 1 queried', 'worker 4 queried'] }),
  own('throng: mysql2 pool of 80 at module scope in each of 2 workers', 'main.mjs', `
import throng from 'throng';
import mysql from 'mysql2/promise';

const pool = mysql.createPool({ uri: process.env.MYSQL_URL, connectionLimit: 80 });

throng({
  count: 2,
  lifetime: 0,
  worker: async (id) => {
    const [rows] = await pool.query('select ? as id', [id]);
    console.log('worker', rows[0].id, 'queried');
    await pool.end();
    process.exit(0);
  },
});
`, { prints: ['worker 1 queried', 'worker 2 queried'] }),
];

export const PROGRAMS: readonly ProofProgram[] = [...DOCS_PROGRAMS, ...OWN_PROGRAMS, ...RECEIVER_PROGRAMS, ...DECLARED_WORK_PROGRAMS];
