/**
 * Facts.exports: what each export of a module is, as the files importing it will see it.
 */
import type { ModuleExports } from '../../src/analysis/exports/module-exports.js';
import { factsWith, type DoubleOptions, type ProjectDouble } from '../helpers/project-double.js';

const exportsOf = (code: string, options: DoubleOptions = {}, double: ProjectDouble = {}): ModuleExports => factsWith(code, double, options).exports;
const at = (line: number, module = 'src/db.js') => ({ module, line });

describe('exports: connections a module holds', () => {
  it('names a module-scope connection by its module and variable, with its size and whether loading opens it', () => {
    expect(exportsOf(`import { Pool } from 'pg';
export const pool = new Pool({ max: 5 });`)).toEqual({
      pool: { kind: 'connection', connection: { holder: 'src/db#pool', entity: 'pg.Pool', opensOnLoad: false, place: at(2), size: { kind: 'set', value: 5 } } },
    });
  });

  it('sees module.exports of a factory call, exports.x and an object of names', () => {
    expect(exportsOf(`const mongoist = require('mongoist');
module.exports = mongoist(process.env.MONGO_URL);`, { sourceType: 'commonjs', filename: 'utils/db.js' })).toEqual({
      default: { kind: 'connection', connection: { holder: 'utils/db#default', entity: 'mongoist.Database', opensOnLoad: false, place: at(2, 'utils/db.js') } },
    });
    const named = exportsOf(`const Redis = require('ioredis');
const redis = new Redis();
exports.redis = redis;
module.exports.other = redis;`, { sourceType: 'commonjs' });
    expect(Object.keys(named)).toEqual(['redis', 'other']);
    expect(named.redis).toEqual({ kind: 'connection', connection: { holder: 'src/db#redis', entity: 'ioredis.Redis', opensOnLoad: true, place: at(2) } });
  });

  it('gives an export default expression the holder "default"', () => {
    expect(exportsOf(`import { PrismaClient } from '@prisma/client';
export default new PrismaClient();`, { typescript: true, filename: 'src/prisma.ts' })).toEqual({
      default: { kind: 'connection', connection: { holder: 'src/prisma#default', entity: '@prisma/client.PrismaClient', opensOnLoad: false, place: at(2, 'src/prisma.ts') } },
    });
  });

  it('knows a client connected at the top level opens on load', () => {
    expect(exportsOf(`import { MongoClient } from 'mongodb';
const client = new MongoClient(process.env.MONGO_URL);
await client.connect();
export default client;`).default).toMatchObject({ kind: 'connection', connection: { holder: 'src/db#client', opensOnLoad: true } });
  });

  it('leaves out configuration, worker pools and checkouts', () => {
    expect(exportsOf(`import workerpool from 'workerpool';
import { Pool } from 'pg';
export const dbConfig = { host: 'db', max: 4 };
export const pool = workerpool.pool('./worker.js');
const pg = new Pool();
export const client = await pg.connect();`)).toEqual({});
  });
});

describe('exports: wrappers', () => {
  it('calls a function that runs the default connection\'s connect step a connect wrapper, and its close a close wrapper', () => {
    expect(exportsOf(`import mongoose from 'mongoose';
export const connectDB = () => mongoose.connect(process.env.MONGO_URL);
export async function closeDB() {
  await mongoose.connection.close();
}`)).toEqual({
      connectDB: { kind: 'connect', connection: { holder: 'library:mongoose', entity: 'mongoose.Mongoose', opensOnLoad: false, place: at(2) } },
      closeDB: { kind: 'close', connection: { holder: 'library:mongoose', entity: 'mongoose.Mongoose', opensOnLoad: false, place: at(4) } },
    });
  });

  it('follows the module\'s own helpers, and the connect step of its own client', () => {
    const found = exportsOf(`const { MongoClient } = require('mongodb');
const client = new MongoClient(process.env.MONGO_URL);
async function open() { await client.connect(); }
async function init() { await open(); return client.db('app'); }
function shutdown() { return client.close(); }
module.exports = { init, shutdown };`, { sourceType: 'commonjs' });
    expect(found).toEqual({
      // The size may be in the connection string.
      init: { kind: 'connect', connection: { holder: 'src/db#client', entity: 'mongodb.MongoClient', opensOnLoad: false, place: at(2), size: { kind: 'unknown' } } },
      shutdown: { kind: 'close', connection: { holder: 'src/db#client', entity: 'mongodb.MongoClient', opensOnLoad: false, place: at(2), size: { kind: 'unknown' } } },
    });
  });

  it('tells a factory (a new connection per call) from a getter of the one it keeps', () => {
    const found = exportsOf(`import pg from 'pg';
import { MongoClient } from 'mongodb';
export default async function getPool() {
  const p = new pg.Pool({ connectionString: process.env.PG_URL });
  await p.connect();
  return p;
}
let db;
export function getDb() {
  db ??= new MongoClient(process.env.MONGO_URL);
  return db;
}
export const lazyPool = () => new pg.Pool();`);
    expect(found.default).toEqual({ kind: 'factory', made: { entity: 'pg.Pool', eager: true, place: at(4), size: { kind: 'unset', default: 10 } } });
    expect(found.getDb).toEqual({ kind: 'connection', getter: true, connection: { holder: 'src/db#db', entity: 'mongodb.MongoClient', opensOnLoad: false, place: at(10), size: { kind: 'unknown' } } });
    expect(found.lazyPool).toEqual({ kind: 'factory', made: { entity: 'pg.Pool', eager: false, place: at(13), size: { kind: 'unset', default: 10 } } });
  });

  it('sees a handle the kept connection hands out as that connection, not a new one per call', () => {
    const found = exportsOf(`import { MongoClient } from 'mongodb';
let client;
export function getDb() {
  if (!client) client = new MongoClient(process.env.MONGO_URL, { maxPoolSize: 5 });
  return client.db('shop');
}
const shared = new MongoClient(process.env.MONGO_URL);
export const reports = () => shared.db('reports');
export function freshDb() {
  const own = new MongoClient(process.env.MONGO_URL);
  return own.db('scratch');
}`);
    expect(found.getDb).toEqual({ kind: 'connection', getter: true, connection: { holder: 'src/db#client', entity: 'mongodb.MongoClient', opensOnLoad: false, place: at(4), size: { kind: 'set', value: 5 } } });
    expect(found.reports).toEqual({ kind: 'connection', getter: true, connection: { holder: 'src/db#shared', entity: 'mongodb.MongoClient', opensOnLoad: false, place: at(7), size: { kind: 'unknown' } } });
    // A client made in the call: each call makes one, whatever it hands back.
    expect(found.freshDb?.kind).toBe('factory');
  });

  it('lists the connections a class makes, by member', () => {
    expect(exportsOf(`import { Pool } from 'pg';
export class Db {
  pool = new Pool({ max: 2 });
}`, { typescript: true, filename: 'src/db.ts' })).toEqual({
      Db: { kind: 'class', members: { pool: { entity: 'pg.Pool', eager: false, place: at(3, 'src/db.ts'), size: { kind: 'set', value: 2 } } } },
    });
  });
});

describe('exports: what a module passes on', () => {
  const db: ModuleExports = {
    default: { kind: 'connection', connection: { holder: 'src/db#default', entity: 'pg.Pool', opensOnLoad: false, place: at(2) } },
    closeDb: { kind: 'close', connection: { holder: 'src/db#default', entity: 'pg.Pool', opensOnLoad: false, place: at(2) } },
  };

  it('passes on a library, an export of it, and another module\'s exports', () => {
    expect(exportsOf(`export { Pool } from 'pg';
export { default as db, closeDb } from './db.js';`, { filename: 'src/index.js' }, { modules: { './db.js': db } })).toEqual({
      Pool: { kind: 'library', specifier: 'pg', path: ['Pool'] },
      db: db.default,
      closeDb: db.closeDb,
    });
  });

  it('passes on everything but the default with export *, and all of it with module.exports = require()', () => {
    expect(exportsOf(`export * from './db';
export const other = 1;`, { filename: 'src/index.js' }, { modules: { './db': db } })).toEqual({ closeDb: db.closeDb });
    expect(exportsOf(`module.exports = require('./db');`, { filename: 'src/index.js', sourceType: 'commonjs' }, { modules: { './db': db } })).toEqual(db);
    expect(exportsOf(`module.exports = require('pg');`, { filename: 'src/pg.js', sourceType: 'commonjs' })).toEqual({ default: { kind: 'library', specifier: 'pg', path: [] } });
  });

  it('passes on an imported name it exports again', () => {
    expect(exportsOf(`import { closeDb } from './db';
import mongoose from 'mongoose';
export { closeDb, mongoose };`, { filename: 'src/index.js' }, { modules: { './db': db } })).toEqual({
      closeDb: db.closeDb,
      mongoose: { kind: 'library', specifier: 'mongoose', path: [] },
    });
  });
});

describe('exports: wrappers of wrappers', () => {
  const db: ModuleExports = {
    connectDB: { kind: 'connect', connection: { holder: 'library:mongoose', entity: 'mongoose.Mongoose', opensOnLoad: false, place: at(4) } },
    getPool: { kind: 'factory', made: { entity: 'pg.Pool', eager: false, place: at(9), size: { kind: 'set', value: 4 } } },
  };

  it('makes a function that calls another module\'s connect wrapper a connect wrapper of the same connection', () => {
    expect(exportsOf(`const { connectDB } = require('./db');
async function init() {
  await connectDB();
}
module.exports = { init };`, { filename: 'src/boot.js', sourceType: 'commonjs' }, { modules: { './db': db } })).toEqual({ init: db.connectDB });
  });

  it('makes a function that returns another module\'s factory call a factory, made where that one makes it', () => {
    expect(exportsOf(`import { getPool } from './db.js';
export const reportingPool = () => getPool();`, { filename: 'src/reports.js' }, { modules: { './db.js': db } })).toEqual({
      reportingPool: { kind: 'factory', made: { entity: 'pg.Pool', eager: false, place: at(9), size: { kind: 'set', value: 4 } } },
    });
  });
});

describe('imported classes', () => {
  it('makes a new instance per task a pool per task, made where its module makes it', () => {
    const classes: ModuleExports = { Db: { kind: 'class', members: { pool: { entity: 'pg.Pool', eager: false, place: at(3), size: { kind: 'set', value: 2 } } } } };
    const facts = factsWith(`import { parentPort } from 'node:worker_threads';
import { Db } from './db.js';
parentPort.on('message', async () => {
  const db = new Db();
  parentPort.postMessage((await db.pool.query('select 1')).rows);
});`, { modules: { './db.js': classes } }, { filename: 'src/worker.js' });
    expect(facts.tasks.connections.map((connection) => [connection.kind, connection.name, connection.entity.noun, connection.madeIn])).toEqual([
      ['pool-per-task', 'db', 'Db instance', at(3)],
    ]);
  });
});
