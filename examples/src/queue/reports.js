// Producer side of the reports queue, used by the HTTP workers.
import { Queue } from 'bullmq';
import pg from 'pg';

// Reports read from the replica, never from the primary database.
const replica = new pg.Pool({ connectionString: process.env.REPLICA_URL, max: 2 });

export const reportQueue = new Queue('reports', {
  connection: { host: process.env.REDIS_HOST ?? '127.0.0.1', port: 6379 },
  defaultJobOptions: { attempts: 3, removeOnComplete: 1000 },
});

export async function requestDailyReport(day) {
  const { rows } = await replica.query('SELECT code FROM regions WHERE active ORDER BY code');
  return reportQueue.add('daily-sales', {
    day,
    regions: rows.map((row) => row.code),
  });
}

export function requestRefundAudit(orderIds) {
  return reportQueue.add('refund-audit', {
    orderIds: orderIds.map(Number),
    db: replica, // ❌ fork-safe/no-connection-transfer
  });
}
