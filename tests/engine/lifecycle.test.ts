import { accessKind, opensAtCreation } from '../../src/analysis/lifecycle.js';
import { factsOf } from '../helpers/facts.js';
import type { Facts } from '../../src/analysis/facts.js';

function kinds(facts: Facts): string[] {
  return facts.values.accesses.map((access) => `${access.name}:${accessKind(access)}`);
}

describe('accessKind', () => {
  it('tells closes, releases, connect steps, listeners, definitions and uses apart', () => {
    const facts = factsOf(`
      import { Pool } from 'pg';
      import mongoose from 'mongoose';
      const pool = new Pool();
      pool.on('error', () => {});
      const client = await pool.connect();
      await client.query('select 1');
      client.release();
      await pool.end();
      const conn = mongoose.createConnection('mongodb://x');
      const User = conn.model('User', {});
      await conn.close();
      console.log(pool.options);`);
    expect(kinds(facts)).toEqual([
      'on:listener', 'connect:use', 'query:use', 'release:release', 'end:close', 'model:definition', 'close:close', 'options:use',
    ]);
  });

  it('treats oracledb close() on a pooled connection as a release, and on the pool as a close', () => {
    const facts = factsOf(`
      import oracledb from 'oracledb';
      const pool = await oracledb.createPool({});
      const connection = await pool.getConnection();
      await connection.close();
      await pool.close(10);`);
    expect(kinds(facts)).toEqual(['getConnection:use', 'close:release', 'close:close']);
  });

  it('counts calling the connection itself as a use: knex builders and postgres.js tagged templates', () => {
    const facts = factsOf(`
      import knex from 'knex';
      import postgres from 'postgres';
      const db = knex({ client: 'pg' });
      const sql = postgres('postgres://x');
      await db('orders').count();
      await sql\`select 1\`;
      await sql.end();`);
    expect(facts.values.accesses.map((access) => `${access.node.type}:${accessKind(access)}`)).toEqual([
      'CallExpression:use', 'TaggedTemplateExpression:use', 'MemberExpression:close',
    ]);
  });

  it('does not classify methods of non-connections', () => {
    const facts = factsOf(`
      import Piscina from 'piscina';
      const pool = new Piscina({ filename: './w.js' });
      await pool.close();`);
    expect(kinds(facts)).toEqual(['close:use']);
  });
});

describe('opensAtCreation', () => {
  it.each([
    ['ioredis by default', `import Redis from 'ioredis';\nconst r = new Redis();`, [true]],
    ['ioredis with lazyConnect: true', `import Redis from 'ioredis';\nconst r = new Redis({ lazyConnect: true });`, [false]],
    ['ioredis with lazyConnect after a URL', `import Redis from 'ioredis';\nconst r = new Redis('redis://x', { lazyConnect: true });`, [false]],
    ['ioredis with lazyConnect: false', `import Redis from 'ioredis';\nconst r = new Redis({ lazyConnect: false });`, [true]],
    ['a pg pool', `import { Pool } from 'pg';\nconst p = new Pool();`, [false]],
    ['MongoClient.connect() resolves connected', `import { MongoClient } from 'mongodb';\nconst c = await MongoClient.connect('u');`, [true]],
    ['new MongoClient() waits', `import { MongoClient } from 'mongodb';\nconst c = new MongoClient('u');`, [false]],
    ['mysql2/promise createConnection', `import mysql from 'mysql2/promise';\nconst c = await mysql.createConnection({});`, [true]],
  ])('%s', (_title, code, expected) => {
    const facts = factsOf(code);
    expect(facts.values.bindings.map((b) => opensAtCreation(b.origin, facts.sourceCode))).toEqual(expected);
  });
});
