// Report consumer process: node src/queue/report-processor.js
import { Worker } from 'bullmq';
import Redis from 'ioredis';
import pg from 'pg';

const connection = new Redis(process.env.REDIS_URL, { maxRetriesPerRequest: null });
const db = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: 4 });

const reports = new Worker(
  'reports',
  async (job) => {
    if (job.name === 'daily-sales') {
      const replica = new pg.Pool({ connectionString: process.env.REPLICA_URL }); // ❌ fork-safe/no-connection-per-task
      const { rows } = await replica.query(
        `SELECT region, count(*)::int AS orders, sum(total_cents)::bigint AS revenue_cents
           FROM orders WHERE created_at::date = $1 AND region = ANY($2) GROUP BY region`,
        [job.data.day, job.data.regions],
      );
      return rows;
    }
    if (job.name === 'refund-audit') {
      const client = await db.connect();
      try {
        const { rows } = await client.query(
          'SELECT order_id, sum(amount_cents)::bigint AS refunded FROM refunds WHERE order_id = ANY($1) GROUP BY order_id',
          [job.data.orderIds],
        );
        return rows;
      } finally {
        client.release();
      }
    }
    throw new Error(`unknown report ${job.name}`);
  },
  { connection, concurrency: 2 },
);

// Pushes "report ready" to the user's open dashboards.
const notifier = new Worker(
  'report-notify',
  async (job) => {
    const pub = new Redis(process.env.REDIS_URL); // ❌ fork-safe/no-connection-per-task
    const listeners = await pub.publish(`user:${job.data.userId}`, JSON.stringify(job.data));
    if (listeners === 0) return { delivered: false };
    await pub.quit();
    return { delivered: true };
  },
  { connection },
);

// Waits for an export to finish. A subscribed connection can run no other command,
// so each job gets its own.
const exportWaiter = new Worker(
  'export-wait',
  async (job) => {
    const sub = new Redis(process.env.REDIS_URL);
    try {
      await sub.subscribe(`export:${job.data.jobId}:done`);
      return await new Promise((resolve) => sub.once('message', (_channel, key) => resolve(key)));
    } finally {
      await sub.quit();
    }
  },
  { connection, concurrency: 20 },
);

process.on('SIGTERM', async () => {
  await Promise.all([reports.close(), notifier.close(), exportWaiter.close()]);
  await Promise.all([db.end(), connection.quit()]);
  process.exit(0);
});
