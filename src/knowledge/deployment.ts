/**
 * What the deployment report (`fork-safe report`) needs beyond the rules' tables: the
 * database server each connection library talks to (read from the `server`, `dialect`,
 * `through` and `noServer` of its module row), and what each runner's processes and
 * threads are called. Keyed by the `library` of the entity, fork-site row or runner kind.
 */
import { BUILTIN_MODULES } from './index.js';
import type { ModuleRow, ServerFacts } from './types.js';
import type { RunnerKind } from './workers.js';

/**
 * The connections a database server accepts when nothing says otherwise: PostgreSQL's
 * default `max_connections` is 100 (MySQL's and MariaDB's `max_connections` default to
 * 151), so 100 is the limit most deployments meet first.
 */
export const DEFAULT_MAX_CONNECTIONS = 100;

function statesServer(row: ModuleRow): boolean {
  return row.server !== undefined || row.dialect !== undefined || row.through === true || row.noServer === true;
}

/** The server facts of each library, from its module rows; a library states them on one row only. */
function serversByLibrary(rows: readonly ModuleRow[]): ReadonlyMap<string, ServerFacts> {
  const servers = new Map<string, ServerFacts>();
  for (const row of rows.filter(statesServer)) {
    if (servers.has(row.library)) throw new Error(`knowledge base: ${row.library} states its server on two module rows`);
    servers.set(row.library, row);
  }
  return servers;
}

const SERVERS = serversByLibrary(BUILTIN_MODULES);

/** The server facts of a connection library (an entity's `library`), if its module row states any. */
export function serverRow(library: string): ServerFacts | undefined {
  return SERVERS.get(library);
}

/** A self-forking API (a FORK_SITES row, by library): what the process that forks and its copies are called. */
interface CopyNouns {
  readonly primary: string;
  readonly copy: string;
}

export const COPY_NOUNS: Readonly<Record<string, CopyNouns>> = {
  cluster: { primary: 'cluster primary', copy: 'cluster worker' },
  throng: { primary: 'throng master', copy: 'throng worker' },
  worker_threads: { primary: 'process', copy: 'worker thread' },
  child_process: { primary: 'process', copy: 'child process' },
  piscina: { primary: 'process', copy: 'piscina thread' },
  tinypool: { primary: 'process', copy: 'tinypool thread' },
};

/** What one worker a runner starts from another file is called (a runner without a row: its kind). */
export const RUNNER_NOUNS: Readonly<Partial<Record<RunnerKind, string>>> = {
  worker_threads: 'worker thread',
  child_process: 'child process',
  workerpool: 'workerpool worker',
  threads: 'threads.js worker',
  poolifier: 'poolifier worker',
  bullmq: 'bullmq processor',
  piscina: 'piscina thread',
  tinypool: 'tinypool thread',
  'bullmq-sandboxed': 'bullmq sandboxed processor',
  'bull-sandboxed': 'bull sandboxed processor',
  'jest-worker': 'jest-worker child',
  bree: 'Bree job thread',
  exports: 'worker',
};
