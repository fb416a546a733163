import { analyzeWorkers } from '../../src/analysis/workers.js';
import { factsOf } from '../helpers/facts.js';

const labels = (code: string, options = {}) => factsOf(code, options).workers.tasks.map((task) => `${task.runner}: ${task.label}`);

describe('worker entries', () => {
  it.each([
    [`import { parentPort } from 'node:worker_threads';\nimport pg from 'pg';\nparentPort.postMessage(1);`, 'worker_threads'],
    [`import { workerData } from 'worker_threads';\nimport pg from 'pg';\nconsole.log(workerData);`, 'worker_threads'],
    [`import pg from 'pg';\nprocess.send('ready');`, 'child_process'],
    [`import pg from 'pg';\nprocess.on('message', () => {});`, 'child_process'],
    [`import workerpool from 'workerpool';\nworkerpool.worker({ a() {} });`, 'workerpool'],
    [`import { expose } from 'threads/worker';\nexpose(() => 1);`, 'threads'],
    [`import { ThreadWorker } from 'poolifier';\nexport default new ThreadWorker(() => 1);`, 'poolifier'],
  ])('recognises %s as %s', (code, runner) => {
    const { workers } = factsOf(code);
    expect(workers.isEntry).toBe(true);
    expect(workers.entries.map((entry) => `${entry.source}:${entry.runner}`)).toContain(`in-file:${runner}`);
  });

  it('does not make a file that branches on isMainThread an entry', () => {
    const { workers } = factsOf(`import { isMainThread, parentPort } from 'node:worker_threads';\nimport pg from 'pg';\nif (!isMainThread) parentPort.postMessage(1);`);
    expect(workers.isEntry).toBe(false);
  });

  it('does not make a bullmq queue consumer an entry, but its processor is a task', () => {
    const { workers } = factsOf(`import { Worker } from 'bullmq';\nnew Worker('q', async () => 1);`);
    expect(workers.isEntry).toBe(false);
    expect(workers.tasks.map((task) => task.label)).toEqual(["the processor of bullmq queue 'q'"]);
  });

  it('takes external entries as input (the project index feeds the same function)', () => {
    const facts = factsOf(`import pg from 'pg';\nexport async function resize() {}\nexport default function () {}`);
    const workers = analyzeWorkers({
      sourceCode: facts.sourceCode, tracked: facts.tracked, values: facts.values,
      external: [{ source: 'project-index', runner: 'piscina' }],
    });
    expect(workers.isEntry).toBe(true);
    expect(workers.tasks.map((task) => `${task.runner}: ${task.label}`)).toEqual(['piscina: exported task `resize`', "piscina: the worker's default export"]);
  });
});

describe('task functions', () => {
  it('finds object-literal methods, shorthand and named functions declared elsewhere', () => {
    expect(labels(`import workerpool from 'workerpool';\nfunction b() {}\nconst c = async () => {};\nconst methods = { a() {}, b, c: c };\nworkerpool.worker(methods);`)).toEqual([
      'workerpool: workerpool task `a`', 'workerpool: workerpool task `b`', 'workerpool: workerpool task `c`',
    ]);
  });

  it('finds message handlers by reference and through an alias of parentPort', () => {
    expect(labels(`import { parentPort } from 'node:worker_threads';\nconst port = parentPort;\nfunction onMessage() {}\nport.on('message', onMessage);`)).toEqual([
      'worker_threads: the `port` message handler',
    ]);
  });

  it('treats once handlers and handlers that end the process on every path as run-once work', () => {
    const { workers } = factsOf(
      `import pg from 'pg';\nprocess.once('message', () => {});\nprocess.on('message', async () => { try { await 1; } finally { process.exit(0); } });`,
    );
    expect(workers.tasks).toEqual([]);
    expect(workers.runOnceHandlers).toHaveLength(2);
  });

  it('keeps a handler that exits only in a shutdown branch a task', () => {
    const { workers } = factsOf(`import pg from 'pg';\nprocess.on('message', (msg) => { if (msg === 'stop') process.exit(0); work(msg); });`);
    expect(workers.tasks).toHaveLength(1);
    expect(workers.runOnceHandlers).toEqual([]);
  });

  it('registers shutdown hooks of every kind', () => {
    const { workers } = factsOf(
      [
        `import { parentPort } from 'node:worker_threads';`,
        `import workerpool from 'workerpool';`,
        `import { Worker } from 'bullmq';`,
        `process.on('SIGTERM', () => {});`,
        `process.once('beforeExit', () => {});`,
        `parentPort.on('close', () => {});`,
        `workerpool.worker({}, { onTerminate: () => {} });`,
        `new Worker('q', async () => 1).on('closing', () => {});`,
      ].join('\n'),
    );
    expect(workers.hooks).toHaveLength(5);
  });

  it('reads shutdown options through a constant options object, the last key winning', () => {
    const { workers } = factsOf(
      [
        `import workerpool from 'workerpool';`,
        `const first = () => {};`,
        `const options = { onTerminate: first, onTerminate: () => {} };`,
        `workerpool.worker({}, options);`,
      ].join('\n'),
    );
    expect(workers.hooks).toHaveLength(1);
    expect(workers.hooks[0]!.parent?.type).toBe('Property');
  });

  it('sees an exit through void, await and type wrappers', () => {
    const handlers = (body: string) =>
      factsOf(`import pg from 'pg';\nprocess.on('message', async () => { ${body} });`, { typescript: true }).workers.runOnceHandlers;
    expect(handlers('void process.exit(0);')).toHaveLength(1);
    expect(handlers('await (void process.exit(0));')).toHaveLength(1);
    expect(handlers('process.exit(0) as never;')).toHaveLength(1);
    expect(handlers('void work();')).toEqual([]);
  });

  it('marks top-level work of an entry without tasks as run-once, unless something keeps it running', () => {
    expect(factsOf(`import { workerData } from 'node:worker_threads';\nimport pg from 'pg';\nawait work(workerData);`).workers.runOnceTopLevel).toBe(true);
    expect(factsOf(`import { workerData } from 'node:worker_threads';\nimport pg from 'pg';\nsetInterval(() => work(workerData), 1000);`).workers.runOnceTopLevel).toBe(false);
    expect(factsOf(`import { workerData } from 'node:worker_threads';\nimport pg from 'pg';\nexport const x = workerData;`).workers.runOnceTopLevel).toBe(false);
  });
});

describe('ownership of connections in tasks', () => {
  it('reports nothing when the file has no task', () => {
    const { tasks } = factsOf(`import pg from 'pg';\nconst pool = new pg.Pool();\nexport async function f() { await pool.end(); }`);
    expect(tasks).toEqual({ closes: [], connections: [] });
  });

  it('tells a per-worker close from a per-task one', () => {
    const { tasks } = factsOf(
      [
        `import { parentPort } from 'node:worker_threads';`,
        `import Redis from 'ioredis';`,
        `const shared = new Redis();`,
        `parentPort.on('message', async () => {`,
        `  const own = new Redis();`,
        `  try { await own.get('a'); } finally { await own.quit(); }`,
        `  await shared.quit();`,
        `});`,
      ].join('\n'),
    );
    expect(tasks.closes.map((close) => close.name)).toEqual(['shared']);
    expect(tasks.connections).toEqual([]);
  });
});
