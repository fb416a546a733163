/**
 * no-connection-transfer at run time: each docs ❌ example fails against real servers as
 * the docs say, and the code the plugin's suggestion produces from it works.
 */
import { inject } from 'vitest';
import { applyPluginFix, incorrectExamples, reportCount, runProgram } from './harness.js';

const RULE = 'no-connection-transfer';
const servers = inject('servers');
const postgres = new URL(servers.postgres);
// `new Pool()` with no configuration reads libpq's variables, as in production.
const env = {
  DATABASE_URL: servers.postgres,
  REDIS_URL: servers.redis,
  PGHOST: postgres.hostname,
  PGPORT: postgres.port,
  PGUSER: postgres.username,
  PGDATABASE: postgres.pathname.slice(1),
};
const [workerDataExample, piscinaExample, childSendExample] = incorrectExamples(RULE);

// The worker side of the fixed code: it receives configuration and connects itself.
const reportWorker = `
import { workerData } from 'node:worker_threads';
import pg from 'pg';
const pool = new pg.Pool(workerData.pool);
const { rows } = await pool.query('select 1 as ok');
console.log('report worker queried:', rows[0].ok);
await pool.end();
`;

describe('a pg pool in workerData (worker_threads)', () => {
  it('throws DataCloneError as written', async () => {
    const result = await runProgram({ 'main.mjs': workerDataExample!, 'report-worker.js': reportWorker }, 'main.mjs', env);
    expect(result.code).not.toBe(0);
    expect(result.stderr).toMatch(/DOMException \[DataCloneError\]: .* could not be cloned\./);
  });

  it('works after the suggestion sends the configuration instead', async () => {
    const fixed = applyPluginFix(workerDataExample!, RULE);
    expect(fixed.reports).toBe(1);
    expect(fixed.output).toContain('workerData: { pool: { connectionString: process.env.DATABASE_URL } }');
    expect(reportCount(fixed.output, RULE)).toBe(0);
    const result = await runProgram({ 'main.mjs': fixed.output, 'report-worker.js': reportWorker }, 'main.mjs', env);
    expect(result.stderr).toBe('');
    expect(result.stdout).toContain('report worker queried: 1');
    expect(result.code).toBe(0);
  });
});

describe('a checked-out pg client in a piscina task', () => {
  it('rejects the task with DataCloneError as written', async () => {
    const program = `${piscinaExample}\ntry {\n  await resize(1);\n} finally {\n  await piscina.destroy();\n  await db.end();\n}\n`;
    const resizeWorker = `export default async ({ id }) => id;\n`;
    const result = await runProgram({ 'main.mjs': program, 'resize.js': resizeWorker }, 'main.mjs', env);
    expect(result.code).not.toBe(0);
    expect(result.stderr).toMatch(/DOMException \[DataCloneError\]: .* could not be cloned\./);
  });
});

describe('an ioredis client sent to a forked child', () => {
  const run = (parent: string, child: string) =>
    runProgram(
      {
        'main.mjs': `${parent}\nexporter.on('exit', (code) => { redis.disconnect(); process.exitCode = code; });\n`,
        'exporter.js': child,
      },
      'main.mjs',
      env,
    );

  it('arrives in the child as inert data without methods', async () => {
    // The child as the defect's author meant it: use the client it was sent.
    const child = `process.once('message', async ({ job, redis }) => {\n  await redis.set('job:' + job, 'done');\n});\n`;
    const result = await run(childSendExample!, child);
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain('TypeError: redis.set is not a function');
  });

  it('works after the suggestion sends the connection string and the child connects', async () => {
    const fixed = applyPluginFix(childSendExample!, RULE);
    expect(fixed.output).toContain('exporter.send({ job: 42, redis: process.env.REDIS_URL });');
    expect(reportCount(fixed.output, RULE)).toBe(0);
    const child = [
      `import Redis from 'ioredis';`,
      `process.once('message', async ({ job, redis: url }) => {`,
      `  const redis = new Redis(url);`,
      `  await redis.set('job:' + job, 'done');`,
      `  console.log('exported job', job, await redis.get('job:' + job));`,
      `  await redis.quit();`,
      `  process.disconnect();`,
      `});`,
    ].join('\n');
    const result = await run(fixed.output, child);
    expect(result.stdout).toContain('exported job 42 done');
    expect(result.code).toBe(0);
  });
});
