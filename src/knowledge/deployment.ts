/**
 * What the deployment report (`fork-safe report`) needs beyond the rules' tables: the
 * database server each connection library talks to, and what each runner's processes and
 * threads are called. Keyed by the `library` of the entity, fork-site row or runner kind.
 */
import { LAST_OBJECT } from './types.js';
import type { RunnerKind } from './workers.js';

/**
 * The connections a database server accepts when nothing says otherwise: PostgreSQL's
 * default `max_connections` is 100 (MySQL's and MariaDB's `max_connections` default to
 * 151), so 100 is the limit most deployments meet first.
 */
export const DEFAULT_MAX_CONNECTIONS = 100;

/** The server a connection library talks to, for the per-server totals. */
export interface ServerRow {
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

const POSTGRES = 'PostgreSQL';
const MYSQL = 'MySQL';
const MARIADB = 'MariaDB';
const SQLITE = 'SQLite';
const MSSQL = 'SQL Server';
const ORACLE = 'Oracle';

const SERVERS: Readonly<Record<string, ServerRow>> = {
  pg: { server: POSTGRES },
  'pg-pool': { server: POSTGRES },
  postgres: { server: POSTGRES },
  'pg-promise': { server: POSTGRES },
  slonik: { server: POSTGRES },
  '@neondatabase/serverless': { server: POSTGRES },
  mysql: { server: MYSQL },
  mysql2: { server: MYSQL },
  mongodb: { server: 'MongoDB' },
  mongoose: { server: 'MongoDB' },
  mongoist: { server: 'MongoDB' },
  ioredis: { server: 'Redis' },
  redis: { server: 'Redis' },
  'async-redis': { server: 'Redis' },
  // Queue, Worker, QueueEvents and FlowProducer each hold Redis connections.
  bullmq: { server: 'Redis' },
  oracledb: { server: ORACLE },
  mssql: { server: MSSQL },
  tedious: { server: MSSQL },
  'cassandra-driver': { server: 'Cassandra' },
  '@elastic/elasticsearch': { server: 'Elasticsearch' },
  amqplib: { server: 'RabbitMQ' },
  kafkajs: { server: 'Kafka' },
  'kafka-node': { server: 'Kafka' },
  nats: { server: 'NATS' },
  'better-sqlite3': { server: SQLITE, noServer: true },
  sqlite3: { server: SQLITE, noServer: true },
  knex: {
    dialect: {
      arg: 0, option: 'client',
      servers: { pg: POSTGRES, postgres: POSTGRES, postgresql: POSTGRES, pgnative: POSTGRES, mysql: MYSQL, mysql2: MYSQL, mssql: MSSQL, oracledb: ORACLE },
    },
  },
  sequelize: {
    dialect: { arg: LAST_OBJECT, option: 'dialect', servers: { postgres: POSTGRES, mysql: MYSQL, mariadb: MARIADB, mssql: MSSQL, oracle: ORACLE } },
  },
  typeorm: {
    dialect: { arg: 0, option: 'type', servers: { postgres: POSTGRES, mysql: MYSQL, mariadb: MARIADB, mssql: MSSQL, oracle: ORACLE, mongodb: 'MongoDB' } },
  },
  // `new Kysely({ dialect })`: the dialect is given the driver's pool, made (and counted) on its own.
  kysely: { through: true },
};

/** The server row of a connection library, if it has one. */
export function serverRow(library: string): ServerRow | undefined {
  return Object.hasOwn(SERVERS, library) ? SERVERS[library] : undefined;
}

/** A self-forking API (a FORK_SITES row, by library): what the process that forks and its copies are called. */
export interface CopyNouns {
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
  'jest-worker': 'jest-worker child',
  bree: 'Bree job thread',
  exports: 'worker',
};
