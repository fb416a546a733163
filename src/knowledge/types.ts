/**
 * The shapes of the knowledge base. Everything the plugin knows about a library is a
 * row of these types; the analysis reads rows, never library names.
 */

export type ConnectionKind = 'pool' | 'client';

/** An argument position meaning "the options object": the last object-literal argument. */
export const LAST_OBJECT = -1;

/** How a value crosses to the other process or thread. */
export type Serialization =
  /** worker_threads messages, workerData, piscina/tinypool tasks: the structured clone algorithm. */
  | 'clone'
  /** child_process / cluster IPC by default, bullmq job data: JSON. */
  | 'json'
  /** command-line arguments: every value becomes a string. */
  | 'argv';

/** Where, in a call, the data that crosses the boundary sits. */
export type DataPosition = (
  | { readonly arg: number }
  /** a property of an options object, e.g. `{ workerData }` at argument 1 */
  | { readonly arg: number; readonly option: readonly string[] }
  /** every argument (a proxy method call) */
  | { readonly allArgs: true }
) & {
  /** When this position crosses differently from the rest of the sink (workerpool `forkArgs`: argv). */
  readonly serialization?: Serialization;
};

export interface TransferSink {
  /** How reports name the boundary, e.g. "`workerData`"; method sinks are named by the call as written. */
  readonly label?: string;
  readonly data: readonly DataPosition[];
  readonly serialization: Serialization;
  /** `subprocess.send(message, sendHandle)`: the argument that may carry a socket handle. */
  readonly handleArg?: number;
  /** What reads the data where it arrives, when that is a copy of the sending module (a module that forks itself). */
  readonly receivedBy?: ReceivingSide;
}

/** The code that receives data sent to a worker, in the worker's copy of the module. */
export type ReceivingSide =
  /** The message handlers of the runner (a `RunnerKind`): `process.on('message')` for `child_process`. */
  | { readonly messages: string }
  /** Reads of a module API: `workerData` of `worker_threads`. */
  | { readonly read: ApiRef };

export interface PoolSize {
  /** Option paths that set the size, in the options object at `arg`. */
  readonly options: readonly (readonly string[])[];
  readonly arg: number;
  /** The driver's default size when no option is set. */
  readonly default?: number;
  /** A query parameter of the connection string at `arg` that also sets it (mongodb `?maxPoolSize=`). */
  readonly uriParam?: { readonly arg: number; readonly name: string };
  /** Another option of the options object that changes the default (mongodb 3's `useUnifiedTopology: true`: 10, not 5). */
  readonly defaultIf?: { readonly option: string; readonly equals: boolean | number | string; readonly default: number };
}

/** Facts about a live connection (a pool, a client, or something a pool hands out). */
export interface ConnectionFacts {
  readonly kind: ConnectionKind;
  /** Opens sockets (or files) at creation, or when the factory's promise resolves. */
  readonly eager: boolean;
  /** An option that turns an eager factory lazy (ioredis `lazyConnect`). */
  readonly lazyOption?: { readonly arg: number; readonly name: string };
  /** Methods that open a lazy connection (`connect`, `initialize`, `$connect`, ...). */
  readonly connect?: readonly string[];
  /** Terminal close methods. */
  readonly close: readonly string[];
  /** Methods that give a checked-out connection back to its pool. */
  readonly release?: readonly string[];
  /** Handed out by a pool and meant to be released, not closed. */
  readonly checkedOut?: boolean;
  readonly poolSize?: PoolSize;
  /** Whether a pool closes its idle connections by default. */
  readonly closesIdle?: boolean;
  /**
   * An option of the factory that, set to 0, stops a pool that `closesIdle` from closing
   * them (pg's `idleTimeoutMillis: 0`).
   */
  readonly keepIdleOption?: { readonly arg: number; readonly name: string };
  /**
   * Queries fail or wait forever until a connect step runs: there is no implicit connect
   * on first use (node-redis, mssql, kafkajs, TypeORM, pg `Client`, mongoose's buffering).
   */
  readonly requiresConnect?: boolean;
  /**
   * It talks through a connection it is given (kafka-node `new Producer(client)`) and opens
   * none of its own: its first query opens nothing new, and its close closes the one it was
   * given (kafka-node@5.0.0 lib/baseProducer.js:160-162, lib/consumer.js:250-266).
   */
  readonly borrowsConnection?: boolean;
  /**
   * Methods that return handles or definitions without talking to the server
   * (`mongoose.model()`, `client.db()`, `sequelize.define()`): not a use of the connection.
   */
  readonly definitions?: readonly string[];
  /**
   * For a library's module object that is also its default connection (`mongoose`): most of
   * its members are API (`Schema`, `Types`, `model`, `Promise`), and only these talk to the
   * server. Every other access that is not a connect step, a close or a listener is a definition.
   */
  readonly onlyUses?: readonly string[];
  /** Node can hand it to a child as `send(message, handle)` (a plain `net` socket). */
  readonly sendableHandle?: boolean;
  /** Property paths to the underlying socket, e.g. pg Client `connection.stream`. */
  readonly sockets?: readonly (readonly string[])[];
  /**
   * What a task sees when the connection it needs was closed by the previous one: the
   * drivers' own error texts (see /tmp/kb-drivers/REPORT.md and each driver's source).
   */
  readonly afterClose?: AfterClose;
}

/** The driver's own behaviour once closed: the error text the next query gets, or a reconnect. */
interface AfterClose {
  readonly error?: string;
  /** The next query connects again (Prisma): no error, but a new connection per task. */
  readonly reconnects?: boolean;
}

/** A callback whose parameter receives a live object, e.g. `pool.connect((err, client) => …)`. */
interface CallbackHandout {
  readonly param: number;
  readonly entity: string;
}

/**
 * Facts of an older major of an entity's package, where they differ from the current
 * majors' (mongoose 5's pool of 5; node-redis 3 connecting in `createClient()`).
 */
export interface OlderMajor {
  /** Applies when the package's installed major is below this. */
  readonly below: number;
  /** How reports name the library when the major is known only to be below `below` (a call form says so). */
  readonly label: string;
  /** The connection facts that differ; the others stay as the current majors have them. */
  readonly connection: Partial<ConnectionFacts>;
}

/** A kind of object the analysis follows from its creation to its uses. */
export interface Entity {
  readonly id: string;
  /** The package name shown to users; with an older major's facts applied, also its major (`mongoose 5`). */
  readonly library: string;
  /** The package, when `library` also names its major. */
  readonly package?: string;
  /** Older majors whose facts differ, lowest `below` first: the first that the installed major is below applies. */
  readonly olderMajors?: readonly OlderMajor[];
  /** What users call it: "pool", "client", "checked-out client", "channel", ... */
  readonly noun: string;
  readonly connection?: ConnectionFacts;
  /** Methods whose result is another tracked object (possibly through a promise). */
  readonly handsOut?: Readonly<Record<string, string>>;
  /** Of `handsOut`, the methods that open a new connection of their own rather than hand out a view of this one. */
  readonly freshHandouts?: readonly string[];
  /** Calling the value itself yields another tracked object (pg-promise's `pgp(cn)`). */
  readonly callable?: string;
  /** Properties whose value is another tracked object (destructuring and member reads). */
  readonly properties?: Readonly<Record<string, string>>;
  readonly callbacks?: Readonly<Record<string, CallbackHandout>>;
  /** Methods whose arguments are sent to another process or thread. */
  readonly sinks?: Readonly<Record<string, TransferSink>>;
  /** Every method except these sends its arguments (a worker proxy). */
  readonly proxySink?: { readonly except: readonly string[]; readonly sink: TransferSink };
}

/** Where a connection is written in the project: `src/db.js`, line 4. */
export interface SourcePlace {
  /** Relative to the project root, with `/`. */
  readonly module: string;
  /** Unknown for what a settings row declares. */
  readonly line?: number;
}

/** A pool size as the factory call sets it, for `pool-size-per-worker`. */
export type PoolSizeFact =
  | { readonly kind: 'set'; readonly value: number }
  | { readonly kind: 'unset'; readonly default: number }
  /** From the environment, a spread, a parameter: not knowable from the source. */
  | { readonly kind: 'unknown' };

/** What a wrapper call does to a held connection. */
export type ConnectionAct = 'connect' | 'close';

/**
 * A connection that exists once per process (or thread) that loads its module, reached
 * under several names: `library:mongoose`, or `src/db#pool` for a project module's own.
 */
export interface HeldRow {
  /** Names it process-wide, the same in every file that reaches it. */
  readonly holder: string;
  /** Entity id of the live object (`mongoose.Mongoose`, `pg.Pool`). */
  readonly entity: string;
  /** Loading the module that holds it opens it. */
  readonly opensOnLoad?: boolean;
  /** Where it is made, for a project module's connection. */
  readonly place?: SourcePlace;
  readonly size?: PoolSizeFact;
}

/** How a module's export is reached and what it yields. */
export interface ApiRow {
  /** Property path from the module object (CommonJS `module.exports`); [] is the module itself. */
  readonly path: readonly string[];
  readonly via: 'new' | 'call' | 'both' | 'read';
  /** The value is an instance of this entity (through a promise for async factories). */
  readonly produces?: string;
  /** Overrides the entity's eagerness: `MongoClient.connect()` resolves once connected. */
  readonly eager?: boolean;
  /**
   * A call form only majors below `below` accept: more than one argument, or a number or
   * string first (node-redis 3's `createClient(6379, host)`; 4 and later take one options
   * object). Such a call makes the entity with that older major's facts, whatever the project says.
   */
  readonly olderForm?: { readonly below: number; readonly positional: true };
  /** The call returns the module itself (`require('sqlite3').verbose()`). */
  readonly returnsModule?: boolean;
  /**
   * Reached only as a name of its own (`import { model } from 'mongoose'`, `const { model }
   * = require('mongoose')`): called as a member of the module object (`mongoose.model(…)`),
   * it is that object's definition (`definitions` of its entity) and not tracked again.
   */
  readonly namedOnly?: true;
  /**
   * The value is (or the call acts on) a connection that exists once per process: a
   * library's default connection (`mongoose`, `mongoose.connection`, what `mongoose.connect()`
   * resolves to), or a module-scope connection of a project module (`import { pool } from './db'`).
   */
  readonly held?: HeldRow;
  /** Calling it runs the connect step or a close of `held` (`mongoose.connect()`, `closeDB()`). */
  readonly acts?: ConnectionAct;
  /** Where the connection a project factory wrapper returns is made (`getPool()` of src/db.js). */
  readonly madeIn?: SourcePlace;
  /**
   * Calling it forks this very process, as a FORK_SITES row says of a library's API: a
   * project module's helper (`setupCluster(startServer)`) that forks on its primary path and
   * runs the functions it is given only in the copies.
   */
  readonly forks?: Pick<ForkSiteRow, 'entry' | 'roleFunctions'>;
  /** The pool size a project factory wrapper sets, read in its own module (not from this call's arguments). */
  readonly size?: PoolSizeFact;
  /** The callback form hands the object to a parameter (`amqp.connect(url, (err, conn) => …)`). */
  readonly callback?: CallbackHandout;
  /** Every element read from this value (`cluster.workers[id]`) is an instance of this entity. */
  readonly producesElements?: string;
  /** The arguments of this call cross to another process or thread. */
  readonly sink?: TransferSink;
  /** Options of this call that cross to another process or thread (`workerData`). */
  readonly optionSink?: TransferSink;
}

/** The server a connection library talks to, for the deployment report's per-server totals. */
export interface ServerFacts {
  /** The server kind, as the report names it. */
  readonly server?: string;
  /**
   * The server follows a string option of the factory call (knex `client`, Sequelize
   * `dialect`, TypeORM `type`): its known values. Any other value, or none, is unknown.
   */
  readonly dialect?: { readonly arg: number; readonly option: string; readonly servers: Readonly<Record<string, string>> };
  /** It opens no connection of its own: its queries go through a driver pool counted on its own (Kysely's dialect). */
  readonly through?: true;
  /** A local file, not a server: no connection limit applies (SQLite). */
  readonly noServer?: true;
}

/** One package: the exports the analysis follows, and (for a connection library) the server it talks to. */
export interface ModuleRow extends ServerFacts {
  readonly library: string;
  /** Module specifiers (`node:` prefixes are added for builtins automatically). */
  readonly specifiers: readonly string[];
  readonly builtin?: boolean;
  /** A global object reachable without an import (`process`). */
  readonly global?: string;
  readonly apis: readonly ApiRow[];
}

/** A role of a self-forking module: the process or thread that forks, or its copies. */
export type ForkRole = 'primary' | 'worker';

/** What a fork site runs: always this module (`cluster.fork()`), or the path in an argument. */
type ForkEntry =
  | { readonly self: true }
  /** The path or URL in an argument, or in an option of an options argument. */
  | { readonly arg: number; readonly option?: string };

/** Functions a fork call runs in one role (`throng({ worker, master })`). */
interface RoleFunction {
  readonly role: ForkRole;
  readonly arg: number;
  /** A property of the options object at `arg`; without it, the argument itself. */
  readonly option?: string;
}

/** Which tracked API (module row library and export path) a fork fact is about. */
export interface ApiRef {
  readonly library: string;
  readonly path: readonly string[];
  readonly via: 'call' | 'new' | 'read';
}

export interface ForkSiteRow extends ApiRef {
  readonly entry: ForkEntry;
  /**
   * Expressions besides `__filename` / `import.meta.url` that name the running module:
   * `entryScript`, the script the process was started with (ENTRY_SCRIPT_READS).
   */
  readonly selfArgs?: readonly ('entryScript')[];
  readonly roleFunctions?: readonly RoleFunction[];
  /**
   * Where one call says how many workers it starts (throng); absent: each call starts one,
   * counted by the loops around it.
   */
  readonly workerCount?: {
    /** The argument that is the count when another argument follows it (`throng(4, start)`). */
    readonly arg: number;
    /** Options of an options object at `arg` that set it, the first one written wins (`throng({ count: 4 })`). */
    readonly options: readonly string[];
  };
}

/** A function whose result follows the machine's CPUs, known by the module it is imported from. */
export interface CpuApiRow {
  readonly module: string;
  readonly name: string;
  /** `list`: an array with one element per CPU (`os.cpus()`); `count`: the number itself. */
  readonly gives: 'list' | 'count';
}

/** A read whose value is truthy exactly in one role (`cluster.isPrimary`). */
export interface RoleTestRow extends ApiRef {
  readonly truthyIn: ForkRole;
}

/** A call that makes the module's fork sites run another file (`cluster.setupPrimary({ exec })`). */
export interface EntryOverrideRow extends ApiRef {
  readonly arg: number;
  readonly option: string;
  /** The fork sites that then run that file instead of this module (`cluster.fork()`). */
  readonly redirects: readonly ApiRef[];
}

/** A read whose element `index` is the path of the script the process was started with (`process.argv[1]`). */
export interface EntryScriptRow extends ApiRef {
  readonly index: number;
}
