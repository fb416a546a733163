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

/**
 * Loaded into the forked child before its code (`node --import`), it tells the parent over
 * the IPC channel the two events the parent must wait for and cannot see from outside: a
 * subscriber is listening (its SUBSCRIBE has been answered and it has a 'message' listener;
 * a message that arrives before both is dropped by ioredis), and a job's handler has settled.
 */
const CHILD_PROBE = `
import Redis from 'ioredis';

const subscribe = Redis.prototype.subscribe;
Redis.prototype.subscribe = function (...args) {
  const subscribed = subscribe.apply(this, args);
  const channels = args.filter((arg) => typeof arg === 'string');
  Promise.all([subscribed, messageListener(this)]).then(() => process.send({ probe: 'listening', channels }), () => {});
  return subscribed;
};

function messageListener(client) {
  if (client.listenerCount('message') > 0) return Promise.resolve();
  // 'newListener' comes just before the listener is added, and the report goes out later.
  return new Promise((resolve) => client.on('newListener', function added(event) {
    if (event !== 'message') return;
    client.off('newListener', added);
    resolve();
  }));
}

const on = process.on;
process.on = function (event, listener) {
  if (event !== 'message') return on.call(this, event, listener);
  return on.call(this, event, (message, handle) => {
    Promise.resolve(listener(message, handle)).finally(() => process.send({ probe: 'settled', job: message }));
  });
};
`;

describe('an ioredis publisher left open when a child process task returns early', () => {
  // The parent publishes one message to each job's channel once a subscriber listens on it
  // (nobody does in the incorrect version, so every job takes the early return), and counts
  // the connections once every job's handler has settled.
  const main = `
import { fork } from 'node:child_process';
import Redis from 'ioredis';
import { redisClients } from './probe.mjs';

const JOBS = 4;
const publisher = new Redis(process.env.REDIS_URL);
await publisher.ping();
const before = await redisClients();
const child = fork('./worker.mjs', { execArgv: ['--import', './child-probe.mjs'] });
let delivered = 0;
let settled = 0;
const allSettled = new Promise((resolve) => child.on('message', async (message) => {
  if (message.probe === 'listening') {
    for (const channel of message.channels) console.log('published to', channel, 'for', await publisher.publish(channel, 'ready'), 'subscriber');
  } else if (message.probe === 'settled') {
    if (++settled === JOBS) resolve();
  } else {
    delivered++;
  }
}));
for (let job = 1; job <= JOBS; job++) child.send({ channel: 'reports:' + job, payload: 'ready' });
await allSettled;
console.log('messages delivered:', delivered);
console.log('connections left open by 4 jobs:', (await redisClients()) - before);
child.kill();
await publisher.quit();
`;
  const run = (worker: string) =>
    runProgram({ 'main.mjs': main, 'worker.mjs': worker, 'probe.mjs': PROBE, 'child-probe.mjs': CHILD_PROBE }, 'main.mjs', scenarioEnv(servers));

  it('leaves one connection open per job as written (the plugin offers no fix)', async () => {
    expect(applyPluginFix(childProcessExample!, RULE, 'worker.mjs')).toEqual({ output: childProcessExample, reports: 1 });
    const result = await run(childProcessExample!);
    expect(result.stdout).toContain('messages delivered: 0');
    expect(result.stdout).toContain('connections left open by 4 jobs: 4');
    expect(result.code).toBe(0);
  });

  it('leaves none open in the docs\' correct version, which closes in finally', async () => {
    const result = await run(childProcessCorrect!);
    for (let job = 1; job <= 4; job++) expect(result.stdout).toContain(`published to reports:${job} for 1 subscriber`);
    expect(result.stdout).toContain('messages delivered: 4');
    expect(result.stdout).toContain('connections left open by 4 jobs: 0');
    expect(result.code).toBe(0);
  });
});

describe('an ioredis client opened by a run-once worker thread', () => {
  // One worker per job, as the example's comment says; the parent waits for each answer.
  // A worker that ends says so ('exit'), and the parent waits for that; a worker kept
  // alive by its connection never says anything, so that is read once the counts have
  // held for a while (settled).
  const main = (untilExited: boolean) => `
import { Worker } from 'node:worker_threads';
import { once } from 'node:events';
import { redisClients, settled } from './probe.mjs';

const before = await redisClients();
let alive = 0;
const workers = [];
const exits = [];
for (let job = 1; job <= 3; job++) {
  const worker = new Worker(new URL('./worker.mjs', import.meta.url), { workerData: { redisUrl: process.env.REDIS_URL, key: 'job:' + job } });
  alive++;
  exits.push(new Promise((resolve) => worker.once('exit', resolve)).then(() => alive--));
  workers.push(worker);
  const [value] = await once(worker, 'message');
  console.log('job', job, 'answered', value);
}
${untilExited ? 'await Promise.all(exits);\nconst read = (count) => count();' : 'const read = settled;'}
console.log('workers still alive once they have answered:', await read(() => alive));
console.log('connections they hold:', (await read(redisClients)) - before);
await Promise.all(workers.map((worker) => worker.terminate()));
`;
  const run = (worker: string, untilExited: boolean) =>
    runProgram({ 'main.mjs': main(untilExited), 'worker.mjs': worker, 'probe.mjs': PROBE }, 'main.mjs', scenarioEnv(servers));

  it('keeps every worker alive with its connection as written (the plugin offers no fix)', async () => {
    expect(applyPluginFix(runOnceExample!, RULE, 'worker.mjs')).toEqual({ output: runOnceExample, reports: 1 });
    const result = await run(runOnceExample!, false);
    expect(result.stdout).toContain('job 3 answered null');
    expect(result.stdout).toContain('workers still alive once they have answered: 3');
    expect(result.stdout).toContain('connections they hold: 3');
    expect(result.code).toBe(0);
  });

  it('lets every worker end in the docs\' correct version, which quits in finally', async () => {
    const result = await run(runOnceCorrect!, true);
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
