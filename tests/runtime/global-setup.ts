/** Starts PostgreSQL, MariaDB and Redis once for the runtime tests, and stops them after. */
import mysql from 'mysql2/promise';
import postgres from 'postgres';
import type { TestProject } from 'vitest/node';
// @ts-expect-error -- a plain ESM script shared with the command line, without types
import { startServers, stopServers } from '../../scripts/db-servers.mjs';

export interface Servers {
  readonly postgres: string;
  readonly postgresMaxConnections: number;
  readonly mariadb: string;
  /** The `app` database of MariaDB, which the scenarios' tables live in. */
  readonly mariadbApp: string;
  readonly redis: string;
}

declare module 'vitest' {
  export interface ProvidedContext {
    servers: Servers;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const state = await startServers();
  const mariadbApp = await prepareTables(state.postgres.url, state.mariadb.url);
  project.provide('servers', {
    postgres: state.postgres.url,
    postgresMaxConnections: state.postgres.maxConnections,
    mariadb: state.mariadb.url,
    mariadbApp,
    redis: state.redis.url,
  });
  return async () => {
    await stopServers();
  };
}

/** The tables the docs examples query, so their queries succeed and only the defect fails. */
async function prepareTables(postgresUrl: string, mariadbUrl: string): Promise<string> {
  const sql = postgres(postgresUrl, { onnotice: () => {} });
  await sql`create table orders (id int primary key, day date not null)`;
  await sql`insert into orders values (1, '2024-05-01'), (2, '2024-05-01'), (3, '2024-05-02')`;
  await sql`create table invoices (id int primary key, sent boolean not null default false)`;
  await sql`insert into invoices (id) select generate_series(1, 10)`;
  await sql.end();
  const connection = await mysql.createConnection(mariadbUrl);
  await connection.query('create database app');
  await connection.end();
  return mariadbUrl.replace(/\/mysql$/, '/app');
}
