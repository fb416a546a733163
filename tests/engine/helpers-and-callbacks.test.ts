/**
 * The engine under no-connection-per-task's new shapes: the work code runs in through
 * helpers (workers' workOf), setup-command branches, closes in callbacks
 * (tasks/callback-closes), and hand-out methods called with their callback.
 */
import type { TSESTree } from '@typescript-eslint/utils';
import { callbackCloses } from '../../src/analysis/tasks/callback-closes.js';
import { taskContext } from '../../src/analysis/tasks/context.js';
import { settlingCalls } from '../../src/analysis/tasks/settling.js';
import { accessKind } from '../../src/analysis/lifecycle.js';
import { factsOf, type FactsOptions } from '../helpers/facts.js';

const lines = (...parts: string[]): string => parts.join('\n');

/** The node of the factory call or `new` expression written as `text`. */
function siteOf(code: string, text: string, options: FactsOptions = {}) {
  const facts = factsOf(code, options);
  const site = facts.values.sites.find((candidate) => facts.sourceCode.getText(candidate.node) === text);
  if (!site) throw new Error(`no site ${text}`);
  return { facts, node: site.node };
}

/** How `workOf` describes the work the factory `text` runs in. */
function workOf(code: string, text: string, options: FactsOptions = {}): string | undefined {
  const { facts, node } = siteOf(code, text, options);
  const work = facts.workers.workOf(node);
  if (!work) return undefined;
  return work.kind === 'task' ? `task: ${work.task.label}` : `run-once: ${work.work.type}`;
}

describe('the work a factory runs in (workOf)', () => {
  const task = (body: string): string => lines(`import { parentPort } from 'node:worker_threads';`, `import pg from 'pg';`, body);

  it('follows helpers a task calls, a few levels deep, through callbacks that run in place', () => {
    const code = task(lines(
      `function inner() { return new Promise((resolve) => resolve(new pg.Pool())); }`,
      `function outer() { return inner(); }`,
      `parentPort.on('message', () => outer());`,
    ));
    expect(workOf(code, 'new pg.Pool()')).toBe('task: the `parentPort` message handler');
  });

  it('counts a helper other modules may call too, but not one the module scope calls', () => {
    expect(workOf(task(`export function open() { new pg.Pool(); }\nparentPort.on('message', () => open());`), 'new pg.Pool()')).toBe('task: the `parentPort` message handler');
    expect(workOf(task(`function open() { new pg.Pool(); }\nopen();\nparentPort.on('message', () => open());`), 'new pg.Pool()')).toBeUndefined();
  });

  it('does not follow a helper passed by reference, nor a function registered as a listener', () => {
    expect(workOf(task(`function open() { new pg.Pool(); }\nsetTimeout(open, 10);\nparentPort.on('message', () => open());`), 'new pg.Pool()')).toBeUndefined();
    expect(workOf(task(`parentPort.on('message', () => 1);\nfunction open() { process.on('warning', () => new pg.Pool()); }\nparentPort.on('message', () => open());`), 'new pg.Pool()')).toBeUndefined();
  });

  it('finds the run-once work through main(), main().catch(), void main() and an IIFE', () => {
    const head = `import { workerData } from 'node:worker_threads';\nimport pg from 'pg';\n`;
    for (const call of ['main();', 'main().catch(console.error);', 'void main();', 'await main();']) {
      expect(workOf(`${head}async function main() { new pg.Client(workerData); }\n${call}`, 'new pg.Client(workerData)')).toBe('run-once: Program');
    }
    expect(workOf(`${head}(async () => { new pg.Client(workerData); })();`, 'new pg.Client(workerData)')).toBe('run-once: Program');
  });

  it('finds a run-once handler through its helper', () => {
    const code = lines(`import pg from 'pg';`, `function open() { return new pg.Client(); }`, `process.once('message', () => { open(); });`);
    expect(workOf(code, 'new pg.Client()')).toBe('run-once: ArrowFunctionExpression');
  });
});

describe('setup-command branches (inInitBranch)', () => {
  const inInit = (handler: string): boolean => {
    const { facts, node } = siteOf(lines(`import pg from 'pg';`, `let pool;`, `process.on('message', (msg) => { ${handler} });`), 'new pg.Pool()');
    return facts.workers.inInitBranch(node, facts.workers.tasks[0]!);
  };

  it('recognises the setup commands compared with the message', () => {
    expect(inInit(`if (msg.type === 'init') pool = new pg.Pool();`)).toBe(true);
    expect(inInit(`if (msg !== 'setup') return; else pool = new pg.Pool();`)).toBe(true);
    expect(inInit(`switch (msg.cmd) { case 'configure': pool = new pg.Pool(); }`)).toBe(true);
  });

  it('does not take other commands, nor tests of other values', () => {
    expect(inInit(`if (msg.type === 'query') pool = new pg.Pool();`)).toBe(false);
    expect(inInit(`if (process.env.MODE === 'init') pool = new pg.Pool();`)).toBe(false);
  });
});

describe('closes in callbacks (callbackCloses)', () => {
  /** The calls written at the connection's own level that close it through callbacks, as source text. */
  function settledBy(code: string, factory: string, options: FactsOptions = {}): string[] {
    const { facts, node } = siteOf(code, factory, options);
    const origin = facts.values.siteAt(node)!.origin;
    const closes = facts.values.accesses
      .filter((access) => access.site.origin === origin && accessKind(access) === 'close')
      .map((access) => access.call!) as TSESTree.CallExpression[];
    const settling = settlingCalls(taskContext({ sourceCode: facts.sourceCode, values: facts.values, workers: facts.workers }), origin);
    return callbackCloses(facts.sourceCode, closes, settling, undefined).map((call) => facts.sourceCode.getText(call).split('\n')[0]!);
  }

  const head = `import pg from 'pg';\nconst client = new pg.Client();\n`;

  it('lifts a close out of a query callback, and out of a promise chain that closes both ways', () => {
    expect(settledBy(`${head}client.query('q', (err) => { client.end(); });`, 'new pg.Client()')).toEqual([`client.query('q', (err) => { client.end(); })`]);
    expect(settledBy(`${head}client.query('q').then(() => client.end()).catch(() => client.end());`, 'new pg.Client()')).toEqual([
      `client.query('q').then(() => client.end()).catch(() => client.end())`,
    ]);
  });

  it('does not lift a close that a path of its callback skips', () => {
    expect(settledBy(`${head}client.query('q', (err) => { if (err) return; client.end(); });`, 'new pg.Client()')).toEqual([]);
    expect(settledBy(`${head}client.query('q').then(() => client.end());`, 'new pg.Client()')).toEqual([]);
    expect(settledBy(`${head}client.on('end', () => { client.end(); });`, 'new pg.Client()')).toEqual([]);
  });

  it('skips the error branch of a callback that opens the connection, and climbs nested callbacks', () => {
    expect(settledBy(`${head}client.connect((err) => { if (err) throw err; client.query('q', () => client.end()); });`, 'new pg.Client()')).toEqual([
      'client.connect((err) => { if (err) throw err; client.query(\'q\', () => client.end()); })',
    ]);
    expect(settledBy(`${head}client.query('q', (err) => { if (err) throw err; client.query('r', () => client.end()); });`, 'new pg.Client()')).toEqual([
      "client.query('q', (err) => { if (err) throw err; client.query('r', () => client.end()); })",
    ]);
  });

  it('takes the callback-form factory itself as settled when its callback closes', () => {
    const code = `import net from 'node:net';\nconst socket = net.connect(80, 'h', () => socket.end('x'));`;
    expect(settledBy(code, "net.connect(80, 'h', () => socket.end('x'))")).toEqual(["net.connect(80, 'h', () => socket.end('x'))"]);
  });
});

describe('hand-out methods called with their callback', () => {
  const head = `import knex from 'knex';\nconst db = knex({ client: 'pg' });\n`;
  const entityOf = (code: string, name: string): string | undefined => factsOf(code).values.bindings.find((binding) => binding.name === name)?.entity.id;

  it('returns what the callback returns: the result is no transaction, the parameter is', () => {
    const code = `${head}const id = await db.transaction(async (trx) => { await trx('t').insert({}); return 1; });`;
    expect(entityOf(code, 'id')).toBeUndefined();
    expect(entityOf(code, 'trx')).toBe('knex.Transaction');
  });

  it('also with the callback passed by name, and still hands out without one', () => {
    expect(entityOf(`${head}async function work(trx) { return 1; }\nconst id = await db.transaction(work);`, 'id')).toBeUndefined();
    expect(entityOf(`${head}const trx = await db.transaction();`, 'trx')).toBe('knex.Transaction');
  });

  it('binds the callback parameter of the callback form of MongoClient.connect', () => {
    expect(entityOf(`import { MongoClient } from 'mongodb';\nMongoClient.connect('u', (err, client) => client.db());`, 'client')).toBe('mongodb.MongoClient');
  });

  it('binds the transaction manager of a TypeORM manager.transaction callback', () => {
    const code = `import { DataSource } from 'typeorm';\nconst source = new DataSource({});\nconst n = await source.manager.transaction(async (m) => 1);`;
    expect(entityOf(code, 'm')).toBe('typeorm.EntityManager');
    expect(entityOf(code, 'n')).toBeUndefined();
  });
});
