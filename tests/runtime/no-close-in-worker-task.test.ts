/**
 * no-close-in-worker-task at run time: a worker that closes its shared connection at the end
 * of a task serves the first task and fails the second with the driver's error; after the
 * plugin's first suggestion (remove the close) every task succeeds on one connection.
 */
import { inject } from 'vitest';
import { PROBE, applyPluginFix, incorrectExamples, reportCount, runProgram, scenarioEnv } from './harness.js';

const RULE = 'no-close-in-worker-task';
const servers = inject('servers');
const [workerThreadExample, childProcessExample, workerpoolExample] = incorrectExamples(RULE);

/** Fixes a worker file, checking that the rule reported it once and is silent on the output. */
function fix(code: string, settings?: Record<string, unknown>): string {
  const fixed = applyPluginFix(code, RULE, 'worker.mjs', settings);
  expect(fixed.reports).toBe(1);
  expect(fixed.output).not.toBe(code);
  expect(reportCount(fixed.output, RULE, 'worker.mjs', settings)).toBe(0);
  return fixed.output;
}

/** One line per task, in order: `task N ok` or `task N failed: <error>`. */
const taskLines = (stdout: string) => stdout.split('\n').filter((line) => line.startsWith('task '));

describe('a pg pool ended by a worker_threads message handler', () => {
  // Sends three ids one after the other to one worker, as a dispatcher would.
  const main = `
import { Worker } from 'node:worker_threads';
import { once } from 'node:events';
import { pgClients } from './probe.mjs';

const worker = new Worker(new URL('./worker.mjs', import.meta.url), { env: process.env });
let failed = false;
worker.on('error', (error) => { failed = true; console.log('task failed:', String(error)); });
for (const id of [1, 2, 3]) {
  worker.postMessage(id);
  const [rows] = await Promise.race([once(worker, 'message'), once(worker, 'exit')]);
  if (failed) break;
  console.log('task', id, 'ok', JSON.stringify(rows));
}
if (!failed) console.log('open connections:', await pgClients());
await worker.terminate();
`;
  const run = (worker: string) => runProgram({ 'main.mjs': main, 'worker.mjs': worker, 'probe.mjs': PROBE }, 'main.mjs', scenarioEnv(servers));

  it('fails the second task with "Cannot use a pool after calling end on the pool" as written', async () => {
    const result = await run(workerThreadExample!);
    expect(result.stdout).toContain('task 1 ok [{"id":1,');
    expect(result.stdout).toContain('task failed: Error: Cannot use a pool after calling end on the pool');
    expect(result.stdout).not.toContain('task 2 ok');
  });

  it('serves every task on one connection after the first suggestion', async () => {
    const result = await run(fix(workerThreadExample!));
    expect(taskLines(result.stdout)).toEqual([1, 2, 3].map((id) => expect.stringMatching(new RegExp(`^task ${id} ok \\[\\{"id":${id},`))));
    expect(result.stdout).toContain('open connections: 1');
    expect(result.code).toBe(0);
  });
});

describe('an ioredis client quit by a child process message handler', () => {
  const main = `
import { fork } from 'node:child_process';
import { once } from 'node:events';
import { redisClients } from './probe.mjs';

const child = fork('./worker.mjs');
let exited = false;
child.on('exit', (code) => { exited = true; console.log('child exited with code', code); });
for (const key of ['a', 'b', 'c']) {
  child.send({ key: 'job:' + key, value: 'done' });
  const [reply] = await Promise.race([once(child, 'message'), once(child, 'exit')]);
  if (exited) break;
  console.log('task', reply.done, 'ok');
}
if (!exited) {
  console.log('open connections:', await redisClients());
  child.kill();
}
`;
  const run = (worker: string) => runProgram({ 'main.mjs': main, 'worker.mjs': worker, 'probe.mjs': PROBE }, 'main.mjs', scenarioEnv(servers));

  it('crashes the child on the second task with "Connection is closed." as written', async () => {
    const result = await run(childProcessExample!);
    expect(taskLines(result.stdout)).toEqual(['task job:a ok']);
    expect(result.stderr).toContain('Error: Connection is closed.');
    expect(result.stdout).toContain('child exited with code 1');
  });

  it('serves every task on one connection after the first suggestion', async () => {
    const result = await run(fix(childProcessExample!));
    expect(taskLines(result.stdout)).toEqual(['task job:a ok', 'task job:b ok', 'task job:c ok']);
    expect(result.stdout).toContain('open connections: 1');
    expect(result.code).toBe(0);
  });
});

describe('a knex instance destroyed by a workerpool task', () => {
  const main = `
import workerpool from 'workerpool';
import { pgClients } from './probe.mjs';

const pool = workerpool.pool(new URL('./worker.mjs', import.meta.url).pathname, { maxWorkers: 1 });
for (const id of [1, 2, 3]) {
  try {
    await pool.exec('markSent', [id]);
    console.log('task', id, 'ok');
  } catch (error) {
    console.log('task', id, 'failed:', String(error));
  }
}
console.log('open connections:', await pgClients());
await pool.terminate();
`;
  const run = (worker: string) => runProgram({ 'main.mjs': main, 'worker.mjs': worker, 'probe.mjs': PROBE }, 'main.mjs', scenarioEnv(servers));

  it('rejects every later task with "Unable to acquire a connection" as written', async () => {
    const result = await run(workerpoolExample!);
    expect(taskLines(result.stdout)).toEqual([
      'task 1 ok',
      'task 2 failed: Error: Unable to acquire a connection',
      'task 3 failed: Error: Unable to acquire a connection',
    ]);
    expect(result.code).toBe(0);
  });

  it('serves every task on one connection after the first suggestion', async () => {
    const result = await run(fix(workerpoolExample!));
    expect(taskLines(result.stdout)).toEqual(['task 1 ok', 'task 2 ok', 'task 3 ok']);
    expect(result.stdout).toContain('open connections: 1');
    expect(result.code).toBe(0);
  });
});

describe('a pg pool ended by a piscina task', () => {
  // A piscina task file is known as such from settings['fork-safe'].workerFiles.
  const settings = { workerFiles: ['**/orders-task.mjs'] };
  const task = `
import pg from 'pg';

const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL });

export default async ({ id }) => {
  const { rows } = await pool.query('select * from orders where id = $1', [id]);
  await pool.end();
  return rows;
};
`;
  const main = `
import Piscina from 'piscina';
import { pgClients } from './probe.mjs';

const piscina = new Piscina({ filename: new URL('./orders-task.mjs', import.meta.url).href, minThreads: 1, maxThreads: 1 });
for (const id of [1, 2, 3]) {
  try {
    const rows = await piscina.run({ id });
    console.log('task', id, 'ok', rows.length);
  } catch (error) {
    console.log('task', id, 'failed:', String(error));
  }
}
console.log('open connections:', await pgClients());
await piscina.destroy();
`;
  const run = (worker: string) => runProgram({ 'main.mjs': main, 'orders-task.mjs': worker, 'probe.mjs': PROBE }, 'main.mjs', scenarioEnv(servers));

  it('rejects the second task with "Cannot use a pool after calling end on the pool"', async () => {
    expect(reportCount(task, RULE, 'orders-task.mjs', settings)).toBe(1);
    const result = await run(task);
    expect(taskLines(result.stdout)).toEqual([
      'task 1 ok 1',
      'task 2 failed: Error: Cannot use a pool after calling end on the pool',
      'task 3 failed: Error: Cannot use a pool after calling end on the pool',
    ]);
    expect(result.code).toBe(0);
  });

  it('serves every task on one connection after the first suggestion', async () => {
    const fixed = applyPluginFix(task, RULE, 'orders-task.mjs', settings);
    expect(fixed.output).not.toContain('pool.end()');
    expect(reportCount(fixed.output, RULE, 'orders-task.mjs', settings)).toBe(0);
    const result = await run(fixed.output);
    expect(taskLines(result.stdout)).toEqual(['task 1 ok 1', 'task 2 ok 1', 'task 3 ok 1']);
    expect(result.stdout).toContain('open connections: 1');
    expect(result.code).toBe(0);
  });
});

describe('a postgres.js instance ended by a tinypool task', () => {
  const settings = { workerFiles: ['**/order-task.mjs'] };
  const task = `
import postgres from 'postgres';

const sql = postgres(process.env.DATABASE_URL);

export default async ({ id }) => {
  const [order] = await sql\`select id from orders where id = \${id}\`;
  await sql.end();
  return order;
};
`;
  const main = `
import Tinypool from 'tinypool';
import { pgClients } from './probe.mjs';

const pool = new Tinypool({ filename: new URL('./order-task.mjs', import.meta.url).href, minThreads: 1, maxThreads: 1 });
for (const id of [1, 2, 3]) {
  try {
    console.log('task', id, 'ok', JSON.stringify(await pool.run({ id })));
  } catch (error) {
    console.log('task', id, 'failed:', String(error));
  }
}
console.log('open connections:', await pgClients());
await pool.destroy();
`;
  const run = (worker: string) => runProgram({ 'main.mjs': main, 'order-task.mjs': worker, 'probe.mjs': PROBE }, 'main.mjs', scenarioEnv(servers));

  it('rejects every later task with "write CONNECTION_ENDED"', async () => {
    expect(reportCount(task, RULE, 'order-task.mjs', settings)).toBe(1);
    const result = await run(task);
    expect(taskLines(result.stdout)).toEqual([
      'task 1 ok {"id":1}',
      expect.stringMatching(/^task 2 failed: Error: write CONNECTION_ENDED /),
      expect.stringMatching(/^task 3 failed: Error: write CONNECTION_ENDED /),
    ]);
    expect(result.code).toBe(0);
  });

  it('serves every task on one connection after the first suggestion', async () => {
    const fixed = applyPluginFix(task, RULE, 'order-task.mjs', settings);
    expect(fixed.output).not.toContain('sql.end()');
    expect(reportCount(fixed.output, RULE, 'order-task.mjs', settings)).toBe(0);
    const result = await run(fixed.output);
    expect(taskLines(result.stdout)).toEqual(['task 1 ok {"id":1}', 'task 2 ok {"id":2}', 'task 3 ok {"id":3}']);
    expect(result.stdout).toContain('open connections: 1');
    expect(result.code).toBe(0);
  });
});
