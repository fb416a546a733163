/**
 * pool-size-per-worker at run time: the docs example (8 cluster workers, each with a
 * mysql2 pool of 30) puts its workers under load, one query per pool connection, against
 * a real MariaDB (max_connections 151): 240 connections do not fit. The plugin's
 * suggestion sizes each pool from a budget of 100, and the same load succeeds.
 */
import { inject } from 'vitest';
import { applyPluginFix, incorrectExamples, reportCount, runProgram, scenarioEnv } from './harness.js';

const RULE = 'pool-size-per-worker';
const servers = inject('servers');
const [mysqlExample] = incorrectExamples(RULE);
const QUERY = "await inventory.query('SELECT 1');";

/**
 * Replaces the example's one query with its worker's full load (as many concurrent slow
 * queries as the pool allows), has each worker print what failed, and ends the workers.
 * Each worker keeps its connections until the primary says every worker has run its load,
 * so all the loads overlap however far apart the workers start.
 */
function underLoad(program: string): string {
  expect(program).toContain(QUERY);
  const load = [
    `const limit = inventory.pool.config.connectionLimit;`,
    `const settled = await Promise.allSettled(Array.from({ length: limit }, () => inventory.query('SELECT SLEEP(1)')));`,
    `const failed = settled.filter((r) => r.status === 'rejected');`,
    `const released = new Promise((resolve) => process.once('message', resolve));`,
    `process.send('loaded');`,
    `await released;`,
    `console.log(JSON.stringify({ limit, failed: failed.length, error: failed[0]?.reason?.message }));`,
    `await inventory.end();`,
    `process.exit(0);`,
  ].join('\n  ');
  const release = [
    `// ---- appended by the test: release the workers once every one has run its load ----`,
    `if (cluster.isPrimary) {`,
    `  let loaded = 0;`,
    `  cluster.on('message', () => {`,
    `    if (++loaded < Object.keys(cluster.workers).length) return;`,
    `    for (const worker of Object.values(cluster.workers)) worker.send('release');`,
    `  });`,
    `}`,
  ].join('\n');
  return `${program.replace(QUERY, load)}\n${release}\n`;
}

async function run(program: string) {
  const result = await runProgram({ 'main.mjs': underLoad(program) }, 'main.mjs', { ...scenarioEnv(servers), INVENTORY_URL: servers.mariadb }, 60_000);
  const workers = result.stdout.split('\n').filter((line) => line.startsWith('{')).map((line) => JSON.parse(line) as { limit: number; failed: number; error?: string });
  return { ...result, workers };
}

describe('8 cluster workers with a mysql2 pool of 30 each', () => {
  it('run out of MariaDB connections as written', async () => {
    const { workers } = await run(mysqlExample!);
    expect(workers).toHaveLength(8);
    expect(workers.every((worker) => worker.limit === 30)).toBe(true);
    const failures = workers.reduce((sum, worker) => sum + worker.failed, 0);
    expect(failures).toBeGreaterThan(0);
    expect(workers.find((worker) => worker.error)?.error).toBe('Too many connections');
  });

  it('fit after the suggestion sizes each pool from the budget', async () => {
    const fixed = applyPluginFix(mysqlExample!, RULE);
    expect(fixed.reports).toBe(1);
    expect(fixed.output).toContain('connectionLimit: Math.max(1, Math.floor(CONNECTION_BUDGET / WORKERS))');
    expect(fixed.output).toContain('const CONNECTION_BUDGET = 100;');
    expect(reportCount(fixed.output, RULE)).toBe(0);
    const { workers } = await run(fixed.output);
    expect(workers).toHaveLength(8);
    expect(workers.every((worker) => worker.limit === 12)).toBe(true);
    expect(workers.reduce((sum, worker) => sum + worker.failed, 0)).toBe(0);
  });
});
