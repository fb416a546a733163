/**
 * no-connection-before-fork at run time: each docs example runs as the real cluster (or
 * throng) program, with a few lines appended for the primary to report what the servers
 * see and to end the run; the code the plugin's fix produces opens one connection fewer,
 * or lets the supervisor end.
 */
import { inject } from 'vitest';
import { PROBE, applyPluginFix, hasAutofix, incorrectExamples, reportCount, runProgram, scenarioEnv } from './harness.js';

const RULE = 'no-connection-before-fork';
const servers = inject('servers');
const [workerOnlyExample, primaryOnlyExample, idleBeforeForkExample] = incorrectExamples(RULE);

/** The plugin's fix of a program: its autofix when `autofix`, else its first suggestion. */
function fix(code: string, autofix: boolean): string {
  expect(hasAutofix(code, RULE)).toBe(autofix);
  const fixed = applyPluginFix(code, RULE);
  expect(fixed.reports).toBe(1);
  expect(fixed.output).not.toBe(code);
  expect(reportCount(fixed.output, RULE)).toBe(0);
  return fixed.output;
}

/**
 * Ends the cluster's workers and, once they have all exited, gives the primary a second to
 * end by itself: an unreferenced timer that fires means something else keeps it running.
 */
const END_WORKERS = `
import { once } from 'node:events';
export async function endWorkers(cluster) {
  const workers = Object.values(cluster.workers);
  const exited = workers.map((worker) => once(worker, 'exit'));
  for (const worker of workers) worker.kill();
  await Promise.all(exited);
  setTimeout(() => { console.log('primary still running after its workers ended'); process.exit(0); }, 1000).unref();
}
`;

/**
 * Runs the program with `probe` appended: the primary's report, then the end of the run. The
 * probe's imports, like all imports, are evaluated before the program's own code runs.
 */
function runCluster(program: string, probe: string, env: Record<string, string> = {}, files: Record<string, string> = {}) {
  const main = `${program}\n// ---- appended by the test: the primary reports and ends the run ----\nimport { mysqlThreads, redisClients } from './probe.mjs';\nimport { endWorkers } from './end-workers.mjs';\n${probe}`;
  return runProgram({ 'main.mjs': main, 'probe.mjs': PROBE, 'end-workers.mjs': END_WORKERS, ...files }, 'main.mjs', { ...scenarioEnv(servers), ...env });
}

describe('an ioredis client at module scope that only cluster workers use', () => {
  // When all 8 workers listen and have answered a request each, count the clients, end the
  // workers, and see whether the primary still holds a socket open. A worker makes its client
  // before it listens, so the server has seen the connection before the count's own.
  const probe = `
if (cluster.isPrimary) {
  let listening = 0;
  cluster.on('listening', async () => {
    if (++listening < 8) return;
    for (let i = 0; i < 8; i++) await fetch('http://127.0.0.1:' + process.env.PORT + '/k' + i);
    console.log('redis clients with 8 workers:', await redisClients());
    await endWorkers(cluster);
  });
}
`;
  const port = () => String(20_000 + Math.floor(Math.random() * 20_000));

  it('opens 9 connections for 8 workers, and keeps the primary running, as written', async () => {
    const result = await runCluster(workerOnlyExample!, probe, { PORT: port(), SESSION_REDIS_URL: servers.redis });
    expect(result.stdout).toContain('redis clients with 8 workers: 9');
    expect(result.stdout).toContain('primary still running after its workers ended');
  });

  it('opens 8 and lets the primary end after the autofix moves the client into the worker branch', async () => {
    const result = await runCluster(fix(workerOnlyExample!, true), probe, { PORT: port(), SESSION_REDIS_URL: servers.redis });
    expect(result.stdout).toContain('redis clients with 8 workers: 8');
    expect(result.stdout).not.toContain('primary still running');
    expect(result.code).toBe(0);
  });
});

describe('an ioredis client at module scope that only the cluster primary uses', () => {
  // The worker says when its module has run ('online' comes before that); a client the module
  // made has asked the server for its connection by the next turn of the event loop, so the
  // server has seen it before the count's own. The worker then stays up on its IPC channel.
  const probe = `
if (cluster.isPrimary) {
  cluster.once('message', async () => {
    console.log('redis clients with 1 worker:', await redisClients());
    // The supervisor's own client stays open by design: end the run here.
    process.exit(0);
  });
} else {
  setImmediate(() => process.send('module evaluated'));
}
`;
  const env = { METRICS_REDIS_URL: servers.redis };

  it('opens a connection in the worker too as written', async () => {
    const result = await runCluster(primaryOnlyExample!, probe, env);
    expect(result.stdout).toContain('redis clients with 1 worker: 2');
    expect(result.code).toBe(0);
  });

  it('opens only the primary\'s after the suggestion moves the client into the primary branch', async () => {
    const result = await runCluster(fix(primaryOnlyExample!, false), probe, env);
    expect(result.stdout).toContain('redis clients with 1 worker: 1');
    expect(result.code).toBe(0);
  });
});

describe('a mysql2 pool the cluster primary uses before forking and never closes', () => {
  // Once the 8 workers are up, count, end them, and see whether the primary can end.
  const probe = `
if (cluster.isPrimary) {
  let online = 0;
  cluster.on('online', async () => {
    if (++online < 8) return;
    console.log('mariadb connections with 8 workers:', await mysqlThreads());
    await endWorkers(cluster);
  });
}
`;

  it('keeps an idle connection, and the primary running after its workers ended, as written', async () => {
    const result = await runCluster(idleBeforeForkExample!, probe);
    expect(result.stdout).toContain('mariadb connections with 8 workers: 1');
    expect(result.stdout).toContain('primary still running after its workers ended');
  });

  it('closes it before forking, and the primary ends by itself, after the suggestion', async () => {
    const result = await runCluster(fix(idleBeforeForkExample!, false), probe);
    expect(result.stdout).toContain('mariadb connections with 8 workers: 0');
    expect(result.stdout).not.toContain('primary still running');
    expect(result.code).toBe(0);
  });
});

describe('an ioredis client at module scope that only throng workers use', () => {
  const program = `
import throng from 'throng';
import Redis from 'ioredis';

const cache = new Redis(process.env.REDIS_URL);

throng({
  count: 2,
  worker: async (id) => {
    await cache.set('worker:' + id, 'up');
  },
});
`;
  // Before the program runs (an imported module runs first), the primary clears both
  // workers' keys and subscribes to their keyspace events; it counts when both have been
  // written, and ends the run (throng's workers end when the primary's IPC channel closes).
  const keysWritten = `
import cluster from 'node:cluster';
import IORedis from 'ioredis';
export let bothWritten;
if (cluster.isPrimary) {
  const watcher = new IORedis(process.env.REDIS_URL);
  await watcher.config('SET', 'notify-keyspace-events', 'K$');
  await watcher.del('worker:1', 'worker:2');
  await watcher.subscribe('__keyspace@0__:worker:1', '__keyspace@0__:worker:2');
  const written = new Set();
  bothWritten = new Promise((resolve) => watcher.on('message', (channel) => {
    written.add(channel);
    if (written.size === 2) watcher.quit().then(resolve);
  }));
}
`;
  const probe = `
import cluster from 'node:cluster';
import { bothWritten } from './keys-written.mjs';
if (cluster.isPrimary) {
  await bothWritten;
  console.log('redis clients with 2 workers:', await redisClients());
  process.exit(0);
}
`;

  it('opens 3 connections for 2 workers as written', async () => {
    const result = await runCluster(program, probe, {}, { 'keys-written.mjs': keysWritten });
    expect(result.stdout).toContain('redis clients with 2 workers: 3');
  });

  it('opens 2 after the autofix moves the client into the worker function', async () => {
    const fixed = fix(program, true);
    expect(fixed).toContain("worker: async (id) => {\n    const cache = new Redis(process.env.REDIS_URL);");
    const result = await runCluster(fixed, probe, {}, { 'keys-written.mjs': keysWritten });
    expect(result.stdout).toContain('redis clients with 2 workers: 2');
    expect(result.code).toBe(0);
  });
});
