// Regenerates missing product thumbnails on all cores: node src/threads/thumbnail.js
import { Worker, isMainThread, parentPort, workerData } from 'node:worker_threads';
import os from 'node:os';
import pg from 'pg';
import Redis from 'ioredis';
import { resizeRgba } from '../lib/raster.js';

const THREADS = Math.max(1, os.availableParallelism() - 1);
const WIDTH = 160;

// Product pages read thumbnails from here.
let store;

if (isMainThread) {
  const db = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: 2 });
  store = new Redis(process.env.REDIS_URL, { keyPrefix: 'thumb:' });

  const { rows } = await db.query('SELECT id FROM products WHERE thumbnail_at IS NULL ORDER BY id');
  const ids = rows.map((row) => row.id);
  const chunk = Math.ceil(ids.length / THREADS);

  const runs = [];
  for (let i = 0; i < THREADS; i++) {
    const worker = new Worker(new URL(import.meta.url), {
      workerData: {
        ids: ids.slice(i * chunk, (i + 1) * chunk),
        width: WIDTH,
        db, // ❌ fork-safe/no-connection-transfer
      },
    });
    worker.on('message', (id) => store.sadd('fresh', id));
    runs.push(new Promise((resolve, reject) => {
      worker.once('exit', resolve);
      worker.once('error', reject);
    }));
  }
  await Promise.all(runs);
  await db.query('UPDATE products SET thumbnail_at = now() WHERE id = ANY($1)', [ids]);
  await Promise.all([store.quit(), db.end()]);
} else {
  const { ids, width, db } = workerData;
  for (const id of ids) {
    const { rows } = await db.query('SELECT pixels, width, height FROM products WHERE id = $1', [id]);
    const thumb = resizeRgba(rows[0].pixels, rows[0].width, rows[0].height, width);
    await store.set(String(id), thumb.pixels); // ❌ fork-safe/require-reconnect-after-fork
    parentPort.postMessage(id);
  }
}
