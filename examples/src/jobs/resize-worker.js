// Piscina worker: module scope runs once per thread.
import pg from 'pg';
import { resizeRgba } from '../lib/raster.js';

const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL });

export default async function ({ attachmentId, sizes, client }) {
  const db = client ?? pool;
  const { rows } = await db.query(
    'SELECT pixels, width, height FROM attachments WHERE id = $1',
    [attachmentId],
  );
  if (rows.length === 0) throw new Error(`attachment ${attachmentId} not found`);
  const [source] = rows;

  const variants = [];
  for (const width of sizes) {
    const out = resizeRgba(source.pixels, source.width, source.height, width);
    await db.query(
      'INSERT INTO attachment_variants (attachment_id, width, height, pixels) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING',
      [attachmentId, out.width, out.height, out.pixels],
    );
    variants.push({ attachmentId, width: out.width, height: out.height });
  }
  await pool.end(); // ❌ fork-safe/no-close-in-worker-task
  return variants;
}
