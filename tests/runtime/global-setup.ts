/** Starts PostgreSQL, MariaDB and Redis once for the runtime tests, and stops them after. */
import type { TestProject } from 'vitest/node';
// @ts-expect-error -- a plain ESM script shared with the command line, without types
import { startServers, stopServers } from '../../scripts/db-servers.mjs';

export interface Servers {
  readonly postgres: string;
  readonly postgresMaxConnections: number;
  readonly mariadb: string;
  readonly redis: string;
}

declare module 'vitest' {
  export interface ProvidedContext {
    servers: Servers;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const state = await startServers();
  project.provide('servers', {
    postgres: state.postgres.url,
    postgresMaxConnections: state.postgres.maxConnections,
    mariadb: state.mariadb.url,
    redis: state.redis.url,
  });
  return async () => {
    await stopServers();
  };
}
