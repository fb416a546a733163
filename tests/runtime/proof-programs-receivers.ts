/**
 * Self-forking programs of the "every fix runs" proof that send a connection to their own
 * workers: the receiving code is in the same file, so the transfer suggestion must change it
 * too (a handler of every message keeps one client, `workerData` becomes a factory call).
 */
import type { ProofProgram } from './proof-harness.js';

export const RECEIVER_PROGRAMS: readonly ProofProgram[] = [
  {
    name: 'cluster: ioredis client sent to the worker, whose handler of every message uses it',
    subject: 'main.mjs',
    code: `
import cluster from 'node:cluster';
import Redis from 'ioredis';

if (cluster.isPrimary) {
  const redis = new Redis(process.env.REDIS_URL);
  const worker = cluster.fork();
  worker.on('message', async (message) => {
    // A cluster worker drops messages that come before its handler: it asks for its job.
    if (message === 'ready') {
      worker.send({ job: 1, redis });
      return;
    }
    console.log('worker did job', message, await redis.get('proof:cluster-job:' + message));
    worker.kill();
  });
  worker.on('exit', async () => {
    console.log('worker ended');
    await redis.quit();
  });
} else {
  process.on('message', async ({ job, redis }) => {
    await redis.set('proof:cluster-job:' + job, 'done');
    process.send(job);
  });
  process.send('ready');
}
`,
    prints: ['worker ended'],
    originalFailures: [
      'cluster worker: exit code 1',
      'cluster worker: uncaught TypeError: redis.set is not a function',
      'stderr: TypeError: redis.set is not a function',
    ],
    fixedRunsClean: true,
  },
  {
    name: 'worker thread of new URL(import.meta.url): pg pool sent in workerData, read by the worker',
    subject: 'main.mjs',
    code: `
import { Worker, isMainThread, parentPort, workerData } from 'node:worker_threads';
import pg from 'pg';

if (isMainThread) {
  console.log('main thread started');
  const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL });
  const worker = new Worker(new URL(import.meta.url), { workerData: { pool } });
  worker.on('error', (error) => console.log('worker failed:', error.message));
  const rows = await new Promise((resolve) => worker.once('message', resolve));
  console.log('worker counted', rows[0].orders);
  await worker.terminate();
  await pool.end();
} else {
  const db = workerData.pool;
  const { rows } = await db.query('select count(*)::int as orders from orders');
  parentPort.postMessage(rows);
}
`,
    prints: ['main thread started'],
    originalFailures: ['primary: exit code 1', 'primary: uncaught DataCloneError: function () {} could not be cloned.'],
    fixedRunsClean: true,
  },
];
