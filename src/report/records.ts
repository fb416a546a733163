/**
 * What the report keeps of one linted file: plain data only (no AST node outlives the
 * lint of the file), collected by the report's own rule from the plugin's facts.
 * Paths are absolute here; the formatters show them relative to the working directory.
 */

/** The roles of a self-forking module a thing runs in (1 primary, 2 its copies, 3 both); always 3 elsewhere. */
export type Roles = 1 | 2 | 3;

/** A number the source states, one per CPU, or not known from the source. */
export type CountRecord = { readonly kind: 'known'; readonly value: number } | { readonly kind: 'per-cpu' } | { readonly kind: 'unknown' };

/** Where a thing is written. */
export interface Place {
  readonly file: string;
  readonly line: number;
  readonly column: number;
}

/** How many connections one pool or client opens at most. */
export type SizeRecord =
  /** A client: one connection. */
  | { readonly kind: 'one' }
  /** Set in the source: `connectionLimit: 30`. */
  | { readonly kind: 'set'; readonly value: number; readonly option: string }
  /** Not set: the driver's default. */
  | { readonly kind: 'default'; readonly value: number }
  /**
   * Not known from the source: the option is computed at run time (`max: Number(process.env.PG_MAX)`),
   * the options are out of view (a parameter, a spread), or it is not set and the driver's
   * default is not a fixed number (it depends on the driver's version or the machine).
   */
  | { readonly kind: 'unknown'; readonly reason: 'computed'; readonly option: string }
  | { readonly kind: 'unknown'; readonly reason: 'hidden' | 'no-default' }
  /** Its queries go through another pool or client, counted on its own. */
  | { readonly kind: 'through' };

/** How many of a connection one process holds. */
export type PerRecord =
  /** Made once per process or thread (module scope, or a function that runs once); `firstUse`: by the first call of a function that keeps it. */
  | { readonly kind: 'process'; readonly firstUse?: true }
  /** Made in every task: as many as the tasks in flight. */
  | { readonly kind: 'task'; readonly task: string; readonly inFlight: CountRecord; readonly option?: string }
  /** Made in a function that may run any number of times. */
  | { readonly kind: 'call'; readonly where: string };

export interface ConnectionRecord extends Place {
  readonly library: string;
  readonly noun: string;
  /** How the plugin's reports name it: its holder (`db`, `this.pool`), else the call as written. */
  readonly name: string;
  readonly size: SizeRecord;
  readonly per: PerRecord;
  /** The server kind it talks to; undefined when not known. */
  readonly server?: string;
  /** A local file, not a server (SQLite): no connection limit applies. */
  readonly noServer?: boolean;
  readonly roles: Roles;
  /**
   * Names a connection that exists once per process whichever module opens it (a library's
   * default connection: `library:mongoose`); a process counts each holder once.
   */
  readonly holder?: string;
}

/** A fork site that runs this module again: its copies. */
export interface CopyRecord extends Place {
  /** How reports name the fork site: `cluster.fork()`. */
  readonly label: string;
  /** The fork API's library (a COPY_NOUNS key). */
  readonly library: string;
  /** It runs the script the process was started with (cluster, throng), not necessarily this module. */
  readonly runsEntry: boolean;
  readonly count: CountRecord;
  readonly roles: Roles;
}

/** A fork site that runs another file. */
export interface ChildRecord extends Place {
  /** How reports name the fork site: `new Piscina()`. */
  readonly label: string;
  readonly runner: string;
  /** The file it runs; undefined when the source does not say it in a form the plugin reads. */
  readonly target?: string;
  readonly count: CountRecord;
  readonly roles: Roles;
}

/** A project module this file loads (import, `require()`, `import()`), resolved to its file. */
export interface LoadRecord {
  readonly line: number;
  readonly target: string;
  readonly roles: Roles;
}

/** An import the primary evaluates of a module that connects as it loads (what `no-connection-before-fork` reports). */
export interface ConnectingImportRecord {
  readonly line: number;
  /** The module that opens the connection (the imported one, or one it imports). */
  readonly module: string;
  readonly library: string;
}

export interface FileRecord {
  readonly file: string;
  readonly selfForking: boolean;
  readonly connections: readonly ConnectionRecord[];
  readonly copies: readonly CopyRecord[];
  readonly children: readonly ChildRecord[];
  readonly loads: readonly LoadRecord[];
  readonly connectingImports: readonly ConnectingImportRecord[];
}
