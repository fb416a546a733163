// Child process of exporter.js: appends one CSV batch per message to the export key.
import pg from 'pg';
import Redis from 'ioredis';

const db = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: 2 });
const redis = new Redis(process.env.REDIS_URL);

const toCsvLine = (row) =>
  [row.id, row.customer_id, row.status, row.total_cents, row.created_at.toISOString()].join(',') + '\n';

process.on('message', async (msg) => {
  if (msg.type === 'shutdown') {
    await db.end();
    process.exit(0);
  }

  const { jobId, from, to } = msg;
  const { rows } = await db.query(
    'SELECT id, customer_id, status, total_cents, created_at FROM orders WHERE created_at >= $1 AND created_at < $2 ORDER BY id',
    [from, to],
  );
  await redis.append(`export:${jobId}`, rows.map(toCsvLine).join(''));
  await redis.expire(`export:${jobId}`, 24 * 3600);
  await redis.quit(); // ❌ fork-safe/no-close-in-worker-task
  process.send({ type: 'batch-done', jobId, rows: rows.length });
});
