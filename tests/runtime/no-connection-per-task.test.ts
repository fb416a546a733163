/**
 * no-connection-per-task at run time: connections opened per task pile up on the server
 * (one per task, until it refuses new ones) or keep run-once workers alive; the plugin's
 * suggestion (one pool per worker) keeps the count at one. Where the plugin offers no fix,
 * the docs' correct version is run instead.
 */
import { inject } from 'vitest';
import { PROBE, applyPluginFix, correctExamples, incorrectExamples, reportCount, runProgram, scenarioEnv } from './harness.js';

const RULE = 'no-connection-per-task';
const servers = inject('servers');
const [workerpoolExample, childProcessExample, runOnceExample] = incorrectExamples(RULE);
const [, childProcessCorrect, runOnceCorrect] = correctExamples(RULE);

describe('a pg pool made in every workerpool task', () => {
  // More tasks than the server's max_connections, one after the other, on one worker.
  const tasks = servers.postgresMaxConnections + 5;
  const main = `
import workerpool from 'workerpool';
import { pgClients } from './probe.mjs';

const pool = workerpool.pool(new URL('./worker.mjs', import.meta.url).pathname, { maxWorkers: 1 });
let ok = 0;
const errors = new Set();
for (let task = 1; task <= ${tasks}; task++) {
  try {
    await pool.exec('dailyReport', ['2024-05-01']);
    ok++;
  } catch (error) {
    errors.add(String(error));
  }
  if (task === 5) console.log('open connections after 5 tasks:', await pgClients());
}
console.log('tasks ok:', ok, 'of', ${tasks});
for (const error of errors) console.log('task failed:', error);
if (errors.size === 0) console.log('open connections at the end:', await pgClients());
await pool.terminate();
`;
  const run = (worker: string) => runProgram({ 'main.mjs': main, 'worker.mjs': worker, 'probe.mjs': PROBE }, 'main.mjs', { ...scenarioEnv(servers), REPLICA_URL: servers.postgres });

  it('opens a connection per task until PostgreSQL answers "sorry, too many clients already" as written', async () => {
    const result = await run(workerpoolExample!);
    expect(result.stdout).toContain('open connections after 5 tasks: 5');
    const ok = Number(/tasks ok: (\d+)/.exec(result.stdout)?.[1]);
    expect(ok).toBeGreaterThan(5);
    expect(ok).toBeLessThanOrEqual(servers.postgresMaxConnections);
    expect(result.stdout).toContain('task failed: error: sorry, too many clients already');
    expect(result.code).toBe(0);
  });

  it('runs every task on one connection after the suggestion moves the pool to module scope', async () => {
    const fixed = applyPluginFix(workerpoolExample!, RULE, 'worker.mjs');
    expect(fixed.reports).toBe(1);
    expect(reportCount(fixed.output, RULE, 'worker.mjs')).toBe(0);
    const result = await run(fixed.output);
    expect(result.stdout).toContain('open connections after 5 tasks: 1');
    expect(result.stdout).toContain(`tasks ok: ${tasks} of ${tasks}`);
    expect(result.stdout).toContain('open connections at the end: 1');
    expect(result.code).toBe(0);
  });
});

describe('an ioredis publisher left open when a child process task returns early', () => {
  // Nobody subscribes, so every job takes the early return; the handler replies to nobody,
  // so the parent waits for the server to see the connections.
  const main = (publisher: boolean) => `
import { fork } from 'node:child_process';
import { setTimeout as sleep } from 'node:timers/promises';
import { redisClients, settled } from './probe.mjs';

const before = await redisClients();
const child = fork('./worker.mjs');
for (let job = 1; job <= 4; job++) child.send({ channel: 'reports:' + job, payload: 'ready' });
${publisher ? "await import('./publisher.mjs');" : `
let opened = 0;
for (let attempt = 0; attempt < 20 && opened < 4; attempt++) {
  await sleep(100);
  opened = (await redisClients()) - before;
}`}
console.log('connections left open by 4 jobs:', (await settled(redisClients)) - before);
child.kill();
`;
  const run = (worker: string, publisher?: string) =>
    runProgram({ 'main.mjs': main(publisher !== undefined), 'worker.mjs': worker, 'probe.mjs': PROBE, 'publisher.mjs': publisher ?? '' }, 'main.mjs', scenarioEnv(servers));

  it('leaves one connection open per job as written (the plugin offers no fix)', async () => {
    expect(applyPluginFix(childProcessExample!, RULE, 'worker.mjs')).toEqual({ output: childProcessExample, reports: 1 });
    const result = await run(childProcessExample!);
    expect(result.stdout).toContain('connections left open by 4 jobs: 4');
    expect(result.code).toBe(0);
  });

  it('leaves none open in the docs\' correct version, which closes in finally', async () => {
    // The subscriber of the correct version waits for a message: publish one to each channel
    // until it has been delivered, then quit.
    const publisher = `
import Redis from 'ioredis';
import { setTimeout as sleep } from 'node:timers/promises';
const redis = new Redis(process.env.REDIS_URL);
const waiting = new Set([1, 2, 3, 4]);
for (let attempt = 0; attempt < 100 && waiting.size > 0; attempt++) {
  for (const job of waiting) if (await redis.publish('reports:' + job, 'ready') > 0) waiting.delete(job);
  await sleep(20);
}
await redis.quit();
console.log('messages delivered:', 4 - waiting.size);
`;
    const result = await run(childProcessCorrect!, publisher);
    expect(result.stdout).toContain('messages delivered: 4');
    expect(result.stdout).toContain('connections left open by 4 jobs: 0');
    expect(result.code).toBe(0);
  });
});

describe('an ioredis client opened by a run-once worker thread', () => {
  // One worker per job, as the example's comment says; the parent waits for each answer.
  const main = `
import { Worker } from 'node:worker_threads';
import { once } from 'node:events';
import { redisClients, settled } from './probe.mjs';

const before = await redisClients();
let alive = 0;
const workers = [];
for (let job = 1; job <= 3; job++) {
  const worker = new Worker(new URL('./worker.mjs', import.meta.url), { workerData: { redisUrl: process.env.REDIS_URL, key: 'job:' + job } });
  alive++;
  worker.on('exit', () => alive--);
  workers.push(worker);
  const [value] = await once(worker, 'message');
  console.log('job', job, 'answered', value);
}
console.log('workers still alive once they have answered:', await settled(() => alive));
console.log('connections they hold:', (await settled(redisClients)) - before);
await Promise.all(workers.map((worker) => worker.terminate()));
`;
  const run = (worker: string) => runProgram({ 'main.mjs': main, 'worker.mjs': worker, 'probe.mjs': PROBE }, 'main.mjs', scenarioEnv(servers));

  it('keeps every worker alive with its connection as written (the plugin offers no fix)', async () => {
    expect(applyPluginFix(runOnceExample!, RULE, 'worker.mjs')).toEqual({ output: runOnceExample, reports: 1 });
    const result = await run(runOnceExample!);
    expect(result.stdout).toContain('job 3 answered null');
    expect(result.stdout).toContain('workers still alive once they have answered: 3');
    expect(result.stdout).toContain('connections they hold: 3');
    expect(result.code).toBe(0);
  });

  it('lets every worker end in the docs\' correct version, which quits in finally', async () => {
    const result = await run(runOnceCorrect!);
    expect(result.stdout).toContain('job 3 answered null');
    expect(result.stdout).toContain('workers still alive once they have answered: 0');
    expect(result.stdout).toContain('connections they hold: 0');
    expect(result.code).toBe(0);
  });
});

describe('a mysql2 pool made in every piscina task', () => {
  const settings = { workerFiles: ['**/lookup-task.mjs'] };
  const task = `
import mysql from 'mysql2/promise';

export default async ({ id }) => {
  const pool = mysql.createPool(process.env.MYSQL_URL);
  const [rows] = await pool.query('select ? as id', [id]);
  return rows[0].id;
};
`;
  const main = `
import Piscina from 'piscina';
import { mysqlThreads } from './probe.mjs';

const before = await mysqlThreads();
const piscina = new Piscina({ filename: new URL('./lookup-task.mjs', import.meta.url).href, minThreads: 1, maxThreads: 1 });
for (let id = 1; id <= 4; id++) console.log('task', id, 'returned', await piscina.run({ id }));
console.log('connections open after 4 tasks:', (await mysqlThreads()) - before);
await piscina.destroy();
`;
  const run = (worker: string) => runProgram({ 'main.mjs': main, 'lookup-task.mjs': worker, 'probe.mjs': PROBE }, 'main.mjs', scenarioEnv(servers));

  it('leaves one connection open per task', async () => {
    expect(reportCount(task, RULE, 'lookup-task.mjs', settings)).toBe(1);
    const result = await run(task);
    expect(result.stdout).toContain('task 4 returned 4');
    expect(result.stdout).toContain('connections open after 4 tasks: 4');
    expect(result.code).toBe(0);
  });

  it('keeps one connection after the suggestion moves the pool to module scope', async () => {
    const fixed = applyPluginFix(task, RULE, 'lookup-task.mjs', settings);
    expect(fixed.reports).toBe(1);
    expect(reportCount(fixed.output, RULE, 'lookup-task.mjs', settings)).toBe(0);
    const result = await run(fixed.output);
    expect(result.stdout).toContain('task 4 returned 4');
    expect(result.stdout).toContain('connections open after 4 tasks: 1');
    expect(result.code).toBe(0);
  });
});
