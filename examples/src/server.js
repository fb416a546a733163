// HTTP entry point. The primary supervises; every cluster worker re-runs this module
// and serves requests.
import cluster from 'node:cluster';
import http from 'node:http';
import os from 'node:os';
import Redis from 'ioredis';
import mysql from 'mysql2/promise';
import { db } from './db.js';
import { cache } from './cache.js'; // ❌ fork-safe/no-connection-before-fork (cross-file)

const PORT = Number(process.env.PORT ?? 8080);
// Production nodes have 8 vCPUs; the inventory database budget is planned around it.
const WORKERS = 8;

// Login sessions, written by the auth service.
const sessions = new Redis(process.env.SESSION_REDIS_URL); // ❌ fork-safe/no-connection-before-fork
// Fleet dashboards: worker restarts per host.
const metrics = new Redis(process.env.METRICS_REDIS_URL); // ❌ fork-safe/no-connection-before-fork

function send(res, status, body) {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(typeof body === 'string' ? body : JSON.stringify(body));
}

if (cluster.isPrimary) {
  // Refuse to start the fleet while the database is unreachable.
  await db.query('SELECT 1');
  if (os.availableParallelism() < WORKERS) {
    console.warn(`starting ${WORKERS} workers on ${os.availableParallelism()} CPUs`);
  }
  for (let i = 0; i < WORKERS; i++) {
    cluster.fork();
  }
  cluster.on('exit', (worker, code, signal) => {
    console.error(`worker ${worker.process.pid} exited (${signal ?? code})`);
    metrics.hincrby(`orders:restarts:${os.hostname()}`, 'count', 1).catch(() => {});
  });
} else {
  // Stock levels still live in the legacy MySQL inventory.
  const inventory = mysql.createPool({ // ❌ fork-safe/pool-size-per-worker
    uri: process.env.INVENTORY_URL,
    connectionLimit: 30,
  });
  // Imported here so that only workers open the report queue's connections.
  const { requestDailyReport, requestRefundAudit } = await import('./queue/reports.js');

  const server = http.createServer(async (req, res) => {
    const url = new URL(req.url, 'http://orders.internal');
    try {
      const order = /^\/orders\/(\d+)$/.exec(url.pathname);
      if (req.method === 'GET' && order) {
        const id = order[1];
        const hit = await cache.get(`order:${id}`);
        if (hit) return send(res, 200, hit);
        const { rows } = await db.query(
          'SELECT id, customer_id, status, total_cents FROM orders WHERE id = $1',
          [id],
        );
        if (rows.length === 0) return send(res, 404, { error: 'order not found' });
        const [stock] = await inventory.query('SELECT sku, qty FROM order_stock WHERE order_id = ?', [id]);
        const body = JSON.stringify({ ...rows[0], stock });
        await cache.set(`order:${id}`, body, 'EX', 60);
        return send(res, 200, body);
      }

      if (req.method === 'POST' && url.pathname.startsWith('/reports/')) {
        const token = /^Bearer (\S+)$/.exec(req.headers.authorization ?? '')?.[1];
        const userId = token && (await sessions.get(`session:${token}`));
        if (!userId) return send(res, 401, { error: 'unauthorized' });
        const kind = url.pathname.slice('/reports/'.length);
        let job;
        if (kind === 'daily') job = await requestDailyReport(url.searchParams.get('day'));
        else if (kind === 'refund-audit') job = await requestRefundAudit(url.searchParams.getAll('order'));
        else return send(res, 404, { error: `unknown report ${kind}` });
        return send(res, 202, { jobId: job.id });
      }

      send(res, 404, { error: 'not found' });
    } catch (err) {
      console.error(err);
      send(res, 500, { error: 'internal error' });
    }
  });

  server.listen(PORT, () => console.log(`worker ${process.pid} listening on :${PORT}`));

  process.on('SIGTERM', () => {
    server.close(async () => {
      await Promise.all([db.end(), inventory.end(), sessions.quit(), cache.quit()]);
      process.exit(0);
    });
  });
}
