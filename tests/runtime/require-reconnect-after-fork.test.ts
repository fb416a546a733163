/**
 * require-reconnect-after-fork at run time: a self-forking module whose connection is made or
 * connected only on the primary path crashes every worker on its first use; the code the
 * plugin's autofix produces makes or connects it on the worker path, and the workers' work
 * reaches the server. A few lines are appended for each program to report and end.
 */
import { inject } from 'vitest';
import { applyPluginFix, hasAutofix, incorrectExamples, reportCount, runProgram, scenarioEnv } from './harness.js';

const RULE = 'require-reconnect-after-fork';
const servers = inject('servers');
const [clusterExample, workerThreadExample] = incorrectExamples(RULE);

function autofix(code: string): string {
  expect(hasAutofix(code, RULE)).toBe(true);
  const fixed = applyPluginFix(code, RULE);
  expect(fixed.reports).toBe(1);
  expect(reportCount(fixed.output, RULE)).toBe(0);
  return fixed.output;
}

/**
 * Imported by appended code, and so evaluated before the program's own code: collects the
 * 'exit' of every worker thread the program starts (Node announces each on `process`).
 */
const THREAD_EXITS = `
const exits = [];
// Not events.once(), which would also catch the worker's 'error' that the program leaves unhandled.
process.on('worker', (worker) => exits.push(new Promise((resolve) => worker.once('exit', resolve))));
/** Resolves once every worker started so far has exited (Node announces a worker on the next tick). */
export async function threadsExited() {
  await new Promise((resolve) => setImmediate(resolve));
  await Promise.all(exits);
}
`;

const run = (program: string, appended: string) =>
  runProgram(
    { 'main.mjs': `${program}\n// ---- appended by the test: report and end ----\n${appended}`, 'thread-exits.mjs': THREAD_EXITS },
    'main.mjs',
    scenarioEnv(servers),
  );

describe('a pg pool made only on the cluster primary path', () => {
  const appended = `
import { once } from 'node:events';
if (cluster.isPrimary) {
  const [, code] = await once(cluster, 'exit');
  const { rows } = await pool.query('select count(*)::int as visits from visits');
  console.log('worker exited with code', code, 'after', rows[0].visits, 'visits');
  await pool.end();
} else {
  await pool.end();
  process.disconnect();
}
`;

  it('crashes the worker with "TypeError: Cannot read properties of undefined (reading \'query\')" as written', async () => {
    const result = await run(clusterExample!, appended);
    expect(result.stderr).toContain("TypeError: Cannot read properties of undefined (reading 'query')");
    expect(result.stdout).toContain('worker exited with code 1 after 0 visits');
    expect(result.code).toBe(0);
  });

  it('records the worker\'s visit after the autofix creates the pool on the worker path', async () => {
    const result = await run(autofix(clusterExample!), appended);
    expect(result.stderr).toBe('');
    expect(result.stdout).toMatch(/worker exited with code 0 after [1-9]\d* visits/);
    expect(result.code).toBe(0);
  });
});

describe('a node-redis client connected only in the main thread of a self-starting worker', () => {
  // The main thread counts once both workers have done their job and exited.
  const appended = `
import { threadsExited } from './thread-exits.mjs';
if (isMainThread) {
  await threadsExited();
  console.log('jobs claimed by the workers:', await redis.get('jobs:claimed'));
  await redis.quit();
} else {
  await redis.quit();
}
`;

  it('crashes the program with "Error: The client is closed" as written', async () => {
    const result = await run(workerThreadExample!, appended);
    // node-redis's ClientClosedError does not set its name: it prints as a plain Error.
    expect(result.stderr).toContain('Error: The client is closed\n    at ');
    expect(result.stderr).toContain("Emitted 'error' event on Worker instance");
    expect(result.stdout).not.toContain('jobs claimed');
    expect(result.code).not.toBe(0);
  });

  it('lets both workers claim their job after the autofix connects on the worker path', async () => {
    const result = await run(autofix(workerThreadExample!), appended);
    expect(result.stderr).toBe('');
    expect(result.stdout).toContain('jobs claimed by the workers: 2');
    expect(result.code).toBe(0);
  });
});

describe('a knex instance made only in the parent of a child_process.fork() of itself', () => {
  const program = `
import { fork } from 'node:child_process';
import { once } from 'node:events';
import knex from 'knex';

let db;
if (process.send) {
  const { rows } = await db.raw('select count(*)::int as orders from orders');
  process.send(rows[0]);
} else {
  db = knex({ client: 'pg', connection: process.env.DATABASE_URL });
  await db.raw('select 1');
  const child = fork(import.meta.filename).on('message', (row) => console.log('child counted', row));
  await once(child, 'exit');
}
`;
  // The parent has waited for its child to answer and exit: end both.
  const appended = `
if (process.send) {
  await db.destroy();
  process.disconnect();
} else {
  await db.destroy();
}
`;

  it('crashes the child with "TypeError: Cannot read properties of undefined (reading \'raw\')"', async () => {
    const result = await run(program, appended);
    expect(result.stderr).toContain("TypeError: Cannot read properties of undefined (reading 'raw')");
    expect(result.stdout).not.toContain('child counted');
  });

  it('lets the child query after the autofix creates the instance on its path', async () => {
    const fixed = autofix(program);
    expect(fixed).toContain("if (process.send) {\n  db = knex({ client: 'pg', connection: process.env.DATABASE_URL });");
    const result = await run(fixed, appended);
    expect(result.stderr).toBe('');
    expect(result.stdout).toContain('child counted { orders: 3 }');
    expect(result.code).toBe(0);
  });
});
