/**
 * What a module's exports are, as plain data: the part of a module's summary that lets
 * every rule see through the project's own db modules (`db.js` exporting `connectDB()`)
 * exactly as if the user had declared them in `settings['fork-safe'].connections`.
 * Computed by the same per-file stages that analyse the file being linted, stored by the
 * project layer, and turned back into knowledge rows for the files that import it.
 * No AST node is kept: positions are line numbers in the module that holds the code.
 */
import type { PoolSizeFact, SourcePlace } from '../../knowledge/types.js';

/**
 * One live connection that a module keeps for the whole process (one per process or
 * thread that loads the module): a module-scope binding of a project module, or a
 * library's own default connection (`mongoose.connect()`, mssql's `sql.connect()`).
 * Every module that reaches it through exports and wrappers reaches the same one.
 */
export interface HeldConnection {
  /**
   * Names the connection process-wide, the same in every file that reaches it:
   * `src/db.js#pool` for a project binding, `library:mongoose` for a library default.
   */
  readonly holder: string;
  /** Knowledge-base entity id of the live object (`pg.Pool`, `mongoose.Mongoose`). */
  readonly entity: string;
  /** Loading the module opens it (an eager factory at its top level, or a connect step there). */
  readonly opensOnLoad: boolean;
  /**
   * Where the module makes it; for a library's default connection, where the wrapper
   * connects or closes it (`src/db.js`, the line of `mongoose.connect()`).
   */
  readonly place: SourcePlace;
  readonly size?: PoolSizeFact;
}

/** A connection that each call of a factory wrapper makes afresh. */
export interface MadeConnection {
  readonly entity: string;
  /** Open once the wrapper returns (an eager factory, or `await x.connect()` inside it). */
  readonly eager: boolean;
  readonly place: SourcePlace;
  readonly size?: PoolSizeFact;
}

export type ExportFact =
  /**
   * `export const pool = new Pool()`, `module.exports = mongoist(url)`, `export default new PrismaClient()`;
   * with `getter`, a function that returns the one it keeps (a lazy singleton `getDb()`).
   */
  | { readonly kind: 'connection'; readonly connection: HeldConnection; readonly getter?: boolean }
  /** A function that returns a connection it makes: `export const getPool = async () => { const p = new Pool(); await p.connect(); return p; }`. */
  | { readonly kind: 'factory'; readonly made: MadeConnection }
  /** A function that runs the connect step of a held connection: `export const connectDB = () => mongoose.connect(url)`. */
  | { readonly kind: 'connect'; readonly connection: HeldConnection }
  /** A function that closes a held connection: `export const closeDB = () => mongoose.connection.close()`. */
  | { readonly kind: 'close'; readonly connection: HeldConnection }
  /**
   * A definition a held connection hands out that talks through it: `export const User =
   * mongoose.model('User', schema)`. Every use of it is a use of that connection.
   */
  | { readonly kind: 'view'; readonly connection: HeldConnection }
  /**
   * A function that forks this very process where it runs as the primary, and calls the
   * functions given at `workerArgs` only in the copies (or on a path that returns before any
   * fork): `export function setupCluster(start) { if (cluster.isPrimary) cluster.fork(); else start(); }`.
   */
  | { readonly kind: 'fork'; readonly workerArgs: readonly number[] }
  /** A class whose instances hold a connection they make: `export class Db { pool = new Pool() }`. */
  | { readonly kind: 'class'; readonly members: Readonly<Record<string, MadeConnection>> }
  /** The export is a tracked library, or an export path of it: `module.exports = require('pg')`, `export { Pool } from 'pg'`. */
  | { readonly kind: 'library'; readonly specifier: string; readonly path: readonly string[] };

/** Export name (`default` for `export default` and `module.exports = …`) → what it is. */
export type ModuleExports = Readonly<Record<string, ExportFact>>;

export const NO_EXPORTS: ModuleExports = Object.freeze({});
