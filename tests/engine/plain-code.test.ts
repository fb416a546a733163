/**
 * Whether some rule may report in a file (`mayReport`): only where the file's code can
 * have a role. A file that uses a connection but names no API that forks, starts, runs or
 * feeds workers, and that no other file starts, runs as plain code wherever it is loaded.
 * Each way code gets a role must keep the file in; the common plain shapes must leave it
 * out without being tracked.
 */
import { trackImports } from '../../src/analysis/imports.js';
import type { ModuleExports } from '../../src/analysis/exports/module-exports.js';
import type { ExternalEntry } from '../../src/analysis/workers.js';
import { DB_MODULES } from '../helpers/db-exports.js';
import { factsWith, type DoubleOptions, type ProjectDouble } from '../helpers/project-double.js';

vi.mock('../../src/analysis/imports.js', async (importOriginal) => {
  const actual = await importOriginal<typeof import('../../src/analysis/imports.js')>();
  return { ...actual, trackImports: vi.fn(actual.trackImports) };
});

const QUEUE: ModuleExports = {
  queue: { kind: 'connection', connection: { holder: 'src/queue#queue', entity: 'bullmq.Queue', opensOnLoad: true, place: { module: 'src/queue.js', line: 2 } } },
};
const FORK_HELPER: ModuleExports = { startCluster: { kind: 'fork', workerArgs: [] } };
const ENTRY: ExternalEntry = { source: 'project-index', runner: 'piscina', site: '`new Piscina()` in src/pool.js' };

/** Whether some rule may report in `code` (as src/handler.js), and whether finding that out tracked it. */
function mayReport(code: string, double: ProjectDouble = { modules: DB_MODULES }, options: Omit<DoubleOptions, 'read' | 'filename'> = {}): { mayReport: boolean; tracked: boolean } {
  vi.mocked(trackImports).mockClear();
  const filename = options.typescript ? 'src/handler.ts' : 'src/handler.js';
  const facts = factsWith(code, double, { ...options, filename, read: (found) => void found.mayReport });
  return { mayReport: facts.mayReport, tracked: vi.mocked(trackImports).mock.calls.length > 0 };
}

const HANDLER = `import { pool } from './db.js';
export async function load(id) {
  const { rows } = await pool.query('select * from jobs where id = $1', [id]);
  return rows;
}
`;

describe('plain code: nothing to report, and not tracked for it', () => {
  it.each([
    ['a route handler that queries an imported pool', HANDLER],
    ['a module that makes its own pool', `import pg from 'pg';\nexport const pool = new pg.Pool({ max: 5 });\n`],
    ['process.env, process.cwd() and process.memoryUsage()', `import pg from 'pg';\nexport const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, application_name: process.env?.APP });\nconsole.log(process.cwd(), process.memoryUsage().rss);\n`],
    ['what a parent hands a child, and an exit: they mean something only beside a fork site or in a started file', `import mongoose from 'mongoose';\nmongoose.connect(process.argv[2] ?? process.env.MONGO_URL).catch(() => process.exit(1));\n`],
    ['a string that names a runner but is no import', `import { pool } from './db.js';\nexport const label = 'cluster worker pool';\nexport const run = () => pool.query('select 1');\n`],
  ])('%s', (_name, code) => {
    expect(mayReport(code)).toEqual({ mayReport: false, tracked: false });
  });

  it.each([
    ['the word in a comment and in a string', `${HANDLER}// process the rows in batches\nconsole.log('process started', \`process \${1}\`);\n`],
    ['a property of another object named process', `${HANDLER}export const run = (pipeline) => pipeline.process(load);\n`],
    ['process.env written back whole, from a spread of itself (dotenv)', `${HANDLER}process.env = { ...process.env, ...loadEnv() };\n`],
    ['a test of whether process exists', `${HANDLER}export const onNode = typeof process !== 'undefined' && process !== null;\n`],
    ['a parameter named process, which is no global', `${HANDLER}export function reply(process, rows) { process.send(rows); }\n`],
    ['a member of the global object that is no role API', `${HANDLER}globalThis.fetchRows = load;\nif (typeof window === 'undefined') console.log(globalThis.process.env.PORT);\n`],
  ])('names process in code or text only where no reference can reach a role API: %s', (_name, code) => {
    expect(mayReport(code)).toEqual({ mayReport: false, tracked: false });
  });

  it.each([
    ['exec of child_process: no row tracks it, it starts no Node code', `import { exec } from 'node:child_process';\n${HANDLER}export const restart = () => exec('pm2 restart api');\n`],
    ['a type of bullmq', `import { Job } from 'bullmq';\n${HANDLER}export const payload = (job = new Job()) => job.data;\n`],
  ])('imports a role library only for names no row tracks: %s', (_name, code) => {
    expect(mayReport(code)).toEqual({ mayReport: false, tracked: false });
  });

  it('a script that declares its own process: its references are no global, even where the global one would be a role API', () => {
    const script = `var pool = require('./db.js').pool;\nvar process = { send: function (rows) { console.log(rows); } };\nprocess.send({ pool: pool });\n`;
    expect(mayReport(script, { modules: DB_MODULES }, { sourceType: 'script' })).toEqual({ mayReport: false, tracked: false });
  });

  it('leaves a require of a role library to the tracker, whatever it takes from it', () => {
    expect(mayReport(`const { exec } = require('child_process');\n${HANDLER}export const restart = () => exec('pm2 restart api');\n`)).toEqual({ mayReport: false, tracked: true });
  });

  it('TypeScript: a type query of process, and an assertion that leaves the tracked paths', () => {
    const code = `${HANDLER}type Env = typeof process.env;\nexport const port = (process as NodeJS.Process).env.PORT as Env[string];\n`;
    expect(mayReport(code, { modules: DB_MODULES }, { typescript: true })).toEqual({ mayReport: false, tracked: false });
  });

  it('TypeScript: an imported pool with types', () => {
    const code = `import { pool } from './db.js';\nexport async function load(id: string): Promise<unknown[]> {\n  const { rows } = await pool.query<{ id: string }>('select 1', [id]);\n  return rows;\n}\n`;
    expect(mayReport(code, { modules: DB_MODULES }, { typescript: true })).toEqual({ mayReport: false, tracked: false });
  });

  it.each([
    ['an alias of process.env', `import pg from 'pg';\nconst env = process.env;\nexport const pool = new pg.Pool({ connectionString: env.DATABASE_URL });\n`],
    ['a process.exit() through a destructured name', `import pg from 'pg';\nexport const pool = new pg.Pool();\nconst { exit } = process;\npool.on('error', () => exit(1));\n`],
  ])('names `process` in a way the tracker might follow, and the tracked nodes then show no role: %s', (_name, code) => {
    expect(mayReport(code)).toEqual({ mayReport: false, tracked: true });
  });
});

describe('code that may have a role', () => {
  it.each([
    ['process.send()', `${HANDLER}process.send({ pool });\n`],
    ['process.send() through an alias', `${HANDLER}const parent = process;\nparent.send({ pool });\n`],
    ['a destructured process.send', `${HANDLER}const { send } = process;\nsend({ pool });\n`],
    ['a computed process member', `${HANDLER}process['send']({ pool });\n`],
    ['a listener for messages from the parent', `${HANDLER}process.on('message', async (job) => { await pool.end(); });\n`],
    ['the cluster worker marker', `${HANDLER}if (process.env.NODE_UNIQUE_ID) console.log('worker');\n`],
    ['the cluster worker marker through an alias of process.env', `${HANDLER}const env = process.env;\nif (env.NODE_UNIQUE_ID) console.log('worker');\n`],
    ['an import of node:cluster', `import cluster from 'node:cluster';\n${HANDLER}if (cluster.isPrimary) cluster.fork();\n`],
    ['fork of child_process, renamed', `import { fork as start } from 'node:child_process';\n${HANDLER}start('./job.js').send({ pool });\n`],
    ['a require of worker_threads', `const { parentPort } = require('worker_threads');\n${HANDLER}parentPort.on('message', () => pool.end());\n`],
    ['process.send() under the global object', `${HANDLER}globalThis.process.send({ pool });\n`],
    ['process.send() through an alias of the global object', `${HANDLER}const g = globalThis;\ng.process.send({ pool });\n`],
    ['the cluster worker marker, destructured from process.env', `${HANDLER}const { NODE_UNIQUE_ID } = process.env;\nif (NODE_UNIQUE_ID) console.log('worker');\n`],
    ['an optional call of process.send()', `${HANDLER}process.send?.({ pool });\n`],
    ['a dynamic import of piscina', `${HANDLER}const { default: Piscina } = await import('piscina');\nnew Piscina({ filename: './task.js' }).run({ pool });\n`],
  ])('%s', (_name, code) => {
    expect(mayReport(code).mayReport).toBe(true);
  });

  it('a queue from a project module, whose add() carries data to its workers', () => {
    const code = `import { queue } from './queue.js';\nimport { pool } from './db.js';\nawait queue.add('job', { pool });\n`;
    expect(mayReport(code, { modules: { ...DB_MODULES, './queue.js': QUEUE } }).mayReport).toBe(true);
  });

  it('a fork helper from a project module', () => {
    const code = `import { startCluster } from './cluster.js';\nimport { pool } from './db.js';\nawait pool.query('select 1');\nstartCluster();\n`;
    expect(mayReport(code, { modules: { ...DB_MODULES, './cluster.js': FORK_HELPER } }).mayReport).toBe(true);
  });

  it('a file a fork site elsewhere starts', () => {
    expect(mayReport(HANDLER, { modules: DB_MODULES, entries: [ENTRY] }).mayReport).toBe(true);
  });

  it('a file settings name as a worker file', () => {
    expect(mayReport(HANDLER, { modules: DB_MODULES }, { settings: { 'fork-safe': { workerFiles: ['src/handler.js'] } } }).mayReport).toBe(true);
  });
});

describe('listeners for events that are no worker\'s task', () => {
  it.each([
    ['uncaughtException', `${HANDLER}process.on('uncaughtException', (error) => { console.error(error); process.exit(1); });\n`],
    ['unhandledRejection, with double quotes', `${HANDLER}process.on("unhandledRejection", (reason) => console.error(reason));\n`],
    ['warning, through once', `${HANDLER}process.once('warning', (warning) => console.warn(warning));\n`],
    ['a shutdown hook: it means something only in a started file or beside a fork site', `${HANDLER}process.once('SIGTERM', () => pool.end());\nprocess.on('SIGINT', async () => { await pool.end(); process.exit(0); });\n`],
  ])('are plain code, without tracking: %s', (_name, code) => {
    expect(mayReport(code)).toEqual({ mayReport: false, tracked: false });
  });

  it('are plain code when the tracker follows an alias of process to them', () => {
    expect(mayReport(`${HANDLER}const proc = process;\nproc.on('uncaughtException', () => proc.exit(1));\n`)).toEqual({ mayReport: false, tracked: true });
  });

  it.each([
    ['a message handler', `${HANDLER}process.on('message', (job) => load(job.id));\n`],
    ['an event named by a variable', `${HANDLER}const event = pick();\nprocess.on(event, () => pool.end());\n`],
  ])('still give a role where the event may be a task: %s', (_name, code) => {
    expect(mayReport(code).mayReport).toBe(true);
  });

  it('a shutdown hook in a file a fork site elsewhere starts may report', () => {
    expect(mayReport(`${HANDLER}process.once('SIGTERM', () => pool.end());\n`, { modules: DB_MODULES, entries: [ENTRY] }).mayReport).toBe(true);
  });
});

describe('plain code known from the project text, before its imports are asked', () => {
  const CONTROLLER = `import { User } from './models/user.js';\nimport { queue } from './queue.js';\nexport const list = async (req, res) => res.json(await User.find());\n`;

  it('asks no import when the project says none may give a role, and no file starts it', () => {
    const asked: string[] = [];
    const facts = factsWith(CONTROLLER, { modules: { ...DB_MODULES, './queue.js': QUEUE }, mayGiveRole: [], asked }, { filename: 'src/controller.js', read: (found) => void found.mayReport });
    expect({ plainCode: facts.plainCode, mayReport: facts.mayReport, asked }).toEqual({ plainCode: true, mayReport: false, asked: [] });
  });

  it('asks only the imports that may give a role, and is plain when none does', () => {
    const asked: string[] = [];
    const facts = factsWith(CONTROLLER, { modules: DB_MODULES, mayGiveRole: ['./queue.js'], asked }, { filename: 'src/controller.js', read: (found) => void found.mayReport });
    expect({ plainCode: facts.plainCode, mayReport: facts.mayReport, asked }).toEqual({ plainCode: true, mayReport: false, asked: ['./queue.js'] });
  });

  it('is not plain when an import that may give a role does: the queue whose add() carries data', () => {
    const code = `import { queue } from './queue.js';\nimport { pool } from './db.js';\nawait queue.add('job', { pool });\n`;
    const facts = factsWith(code, { modules: { ...DB_MODULES, './queue.js': QUEUE }, mayGiveRole: ['./queue.js'] }, { filename: 'src/controller.js', read: (found) => void found.mayReport });
    expect({ plainCode: facts.plainCode, mayReport: facts.mayReport }).toEqual({ plainCode: false, mayReport: true });
  });

  it('is not plain when a fork site elsewhere starts it', () => {
    const facts = factsWith(HANDLER, { modules: DB_MODULES, mayGiveRole: [], entries: [ENTRY] }, { filename: 'src/handler.js', read: (found) => void found.mayReport });
    expect({ plainCode: facts.plainCode, mayReport: facts.mayReport }).toEqual({ plainCode: false, mayReport: true });
  });

  it('is not plain when the project cannot tell: each import is asked, as before', () => {
    const asked: string[] = [];
    const facts = factsWith(CONTROLLER, { modules: DB_MODULES, asked }, { filename: 'src/controller.js', read: (found) => void found.mayReport });
    expect({ plainCode: facts.plainCode, mayReport: facts.mayReport, asked: asked.sort() }).toEqual({ plainCode: false, mayReport: false, asked: ['./models/user.js', './queue.js'] });
  });

  it('still knows its connections when asked (the report reads them): a plain file is only spared the asking', () => {
    const facts = factsWith(HANDLER, { modules: DB_MODULES, mayGiveRole: [] }, { filename: 'src/handler.js', read: (found) => void found.mayReport });
    expect({ plainCode: facts.plainCode, relevant: facts.relevant }).toEqual({ plainCode: true, relevant: true });
  });
});

describe('a file that reaches no connection', () => {
  it('has nothing to report, however it forks', () => {
    expect(mayReport(`import cluster from 'node:cluster';\nif (cluster.isPrimary) cluster.fork();\n`, {}).mayReport).toBe(false);
  });
});
