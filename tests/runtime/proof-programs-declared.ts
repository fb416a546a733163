/**
 * Self-forking programs of the "every fix runs" proof whose task is registered in a
 * function the worker's branch calls (`function work() { parentPort.on(…) }`, `work()` in
 * the worker's branch): code a suggestion writes beside the declaration would run at module
 * scope, in the primary too, so it must go into the function.
 */
import type { ProofProgram } from './proof-harness.js';

export const DECLARED_WORK_PROGRAMS: readonly ProofProgram[] = [
  {
    // Hoisted beside `function work`, the client would connect in the main thread too, which then never ends.
    name: 'worker thread of new URL(import.meta.url): ioredis client made in every task of a handler that work() registers',
    subject: 'main.mjs',
    code: `
import { Worker, isMainThread, parentPort } from 'node:worker_threads';
import Redis from 'ioredis';

function work() {
  parentPort.on('message', async (key) => {
    const redis = new Redis(process.env.REDIS_URL);
    await redis.set('proof:declared:' + key, 'done');
    parentPort.postMessage(key);
  });
}

if (isMainThread) {
  const worker = new Worker(new URL(import.meta.url));
  worker.on('error', (error) => console.log('worker failed:', error.message));
  for (const key of ['a', 'b']) {
    worker.postMessage(key);
    const answered = await new Promise((resolve) => { worker.once('message', () => resolve(true)); worker.once('exit', () => resolve(false)); });
    console.log('job', key, answered ? 'answered' : 'ended the worker');
  }
  await worker.terminate();
} else {
  work();
}
`,
    prints: ['job a answered', 'job b answered'],
  },
  {
    name: 'cluster: pg pool closed by the message task that work() registers in the worker',
    subject: 'main.mjs',
    code: `
import cluster from 'node:cluster';
import pg from 'pg';

const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL });

function work() {
  process.on('message', async (id) => {
    const { rows } = await pool.query('select id from orders where id = $1', [id]);
    process.send(rows[0]);
    await pool.end();
  });
  // A cluster worker drops messages that come before its handler: it asks for the first.
  process.send('ready');
}

if (cluster.isPrimary) {
  const worker = cluster.fork();
  const ids = [1, 2];
  worker.on('message', (row) => {
    if (row !== 'ready') console.log('worker answered', row.id);
    if (ids.length) worker.send(ids.shift());
    else worker.kill();
  });
} else {
  work();
}
`,
    prints: ['worker answered 1'],
    originalFailures: ['cluster worker: exit code 1', 'cluster worker: uncaught Error: Cannot use a pool after calling end on the pool'],
  },
];
