// Resizes uploaded order photos off the event loop.
import Piscina from 'piscina';
import pg from 'pg';

const db = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: 4 });

const pool = new Piscina({
  filename: new URL('./resize-worker.js', import.meta.url).href,
  maxThreads: 4,
});

const SIZES = [1280, 640, 160];

export function resizeAttachment(attachmentId) {
  return pool.run({ attachmentId, sizes: SIZES });
}

// All photos of an order get their variants in one transaction.
export async function resizeOrderPhotos(orderId) {
  const client = await db.connect();
  try {
    await client.query('BEGIN');
    const { rows } = await client.query(
      'SELECT id FROM attachments WHERE order_id = $1 FOR UPDATE',
      [orderId],
    );
    const variants = await Promise.all(
      rows.map((row) =>
        pool.run({
          attachmentId: row.id,
          sizes: SIZES,
          client, // ❌ fork-safe/no-connection-transfer
        }),
      ),
    );
    await client.query('UPDATE orders SET photos_ready = true WHERE id = $1', [orderId]);
    await client.query('COMMIT');
    return variants.flat();
  } catch (err) {
    await client.query('ROLLBACK');
    throw err;
  } finally {
    client.release();
  }
}
