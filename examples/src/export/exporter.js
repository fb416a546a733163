// Order exports: one child process per export job, fed one month at a time.
import { fork } from 'node:child_process';
import Redis from 'ioredis';

// Export status, polled by the back-office UI.
const redis = new Redis(process.env.REDIS_URL);

function monthRanges(from, to) {
  const ranges = [];
  for (let start = from; start < to; ) {
    const next = new Date(Date.UTC(start.getUTCFullYear(), start.getUTCMonth() + 1, 1));
    ranges.push([start.toISOString(), (next < to ? next : to).toISOString()]);
    start = next;
  }
  return ranges;
}

export async function exportOrders({ jobId, from, to }) {
  const months = monthRanges(from, to);
  await redis.hset(`export:${jobId}:meta`, { state: 'running', batches: months.length, done: 0 });

  const child = fork(new URL('./export-child.js', import.meta.url), ['--job', jobId]);

  return new Promise((resolve, reject) => {
    let pending = months.length;
    child.on('message', async (msg) => {
      if (msg.type !== 'batch-done') return;
      await redis.hincrby(`export:${jobId}:meta`, 'done', 1);
      if (--pending === 0) {
        await redis.hset(`export:${jobId}:meta`, 'state', 'done');
        await redis.publish(`export:${jobId}:done`, `export:${jobId}`);
        child.send({ type: 'shutdown' });
        resolve(`export:${jobId}`);
      }
    });
    child.once('error', reject);
    child.once('exit', (code) => {
      if (pending > 0) reject(new Error(`export ${jobId}: child exited with code ${code}`));
    });

    for (const [start, end] of months) {
      child.send({
        type: 'batch',
        jobId,
        from: start,
        to: end,
        progress: redis, // ❌ fork-safe/no-connection-transfer
      });
    }
  });
}
