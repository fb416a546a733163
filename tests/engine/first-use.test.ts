/**
 * What a lazy connection's first use is: a query on something it hands out as a view of
 * itself (`client.db()`, `db.collection()`) uses, and so opens, the client itself.
 */
import { factsOf } from '../helpers/facts.js';

describe('first use through hand-outs', () => {
  it('counts a query through db() and collection() as a use of the client that made them', () => {
    const facts = factsOf(`
      import { parentPort, workerData } from 'node:worker_threads';
      import { MongoClient } from 'mongodb';
      const client = new MongoClient(workerData.url);
      parentPort.postMessage(await client.db('shop').collection('orders').find().toArray());`);
    expect(facts.tasks.connections.map((connection) => `${connection.kind}:${connection.name}`)).toEqual(['run-once-leak:client']);
  });

  it('keeps a checkout its own: it is released, not closed with the pool', () => {
    const facts = factsOf(`
      import { parentPort } from 'node:worker_threads';
      import pg from 'pg';
      const pool = new pg.Pool();
      parentPort.on('message', async () => {
        const client = await pool.connect();
        try { parentPort.postMessage((await client.query('select 1')).rows); } finally { client.release(); }
      });`);
    expect(facts.tasks.connections).toEqual([]);
  });
});
