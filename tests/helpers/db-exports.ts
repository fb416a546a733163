/**
 * What a project's own db module exports, as the project layer summarises it: the shapes
 * real services write (see ISSUE-10). Rule tests import `./db.js` (ESM, TypeScript) or
 * require `./db` (CommonJS) and get these facts through a project double.
 */
import type { HeldConnection, ModuleExports } from '../../src/analysis/exports/module-exports.js';

const at = (line: number) => ({ module: 'src/db.js', line });

/** mongoose's default connection, connected and closed by the wrappers of src/db.js. */
export const MONGOOSE: HeldConnection = { holder: 'library:mongoose', entity: 'mongoose.Mongoose', opensOnLoad: false, place: at(4) };
/** `export const pool = new Pool()` in src/db.js. */
export const POOL: HeldConnection = { holder: 'src/db#pool', entity: 'pg.Pool', opensOnLoad: false, place: at(2), size: { kind: 'unset', default: 10 } };
/** `export const client = new pg.Client()`, connected by `connectClient()`. */
export const CLIENT: HeldConnection = { holder: 'src/db#client', entity: 'pg.Client', opensOnLoad: false, place: at(3) };

export const DB: ModuleExports = {
  connectDB: { kind: 'connect', connection: MONGOOSE },
  closeDB: { kind: 'close', connection: MONGOOSE },
  pool: { kind: 'connection', connection: POOL },
  closePool: { kind: 'close', connection: POOL },
  client: { kind: 'connection', connection: CLIENT },
  connectClient: { kind: 'connect', connection: CLIENT },
  getPool: { kind: 'factory', made: { entity: 'pg.Pool', eager: false, place: at(9), size: { kind: 'set', value: 20 } } },
  getRedis: { kind: 'factory', made: { entity: 'ioredis.Redis', eager: true, place: at(12) } },
  getDb: { kind: 'connection', getter: true, connection: { holder: 'src/db#db', entity: 'mongodb.MongoClient', opensOnLoad: false, place: at(15), size: { kind: 'unknown' } } },
};

/** The double's modules for a file that imports src/db.js by each of the specifiers tests write. */
export const DB_MODULES: Readonly<Record<string, ModuleExports>> = { './db.js': DB, './db': DB };

/** `module.exports = { mail }` of src/queues.js: a bull queue, made as the module loads. */
export const QUEUE_MODULES: Readonly<Record<string, ModuleExports>> = {
  './queues': { mail: { kind: 'connection', connection: { holder: 'src/queues#mail', entity: 'bull.Queue', opensOnLoad: true, place: { module: 'src/queues.js', line: 2 } } } },
};
