/**
 * Connections behind the project's own modules, end to end: fixture projects (ESM,
 * CommonJS, TypeScript) whose db modules export connections, factory, connect and close
 * wrappers, through barrels, `export *`, renamed re-exports and `.js` specifiers naming
 * `.ts` files, linted through the real ESLint class of both majors with no settings.
 * Every "// ❌ fork-safe/<rule>" marker is a report, and nothing else is: each project
 * also holds every look-alike that must stay silent (a worker's own db module, a lazy
 * wrapper, an idempotent connect per task, a db module loaded by `await import()` on the
 * worker path, a configuration module, a module named `pool` holding a thread pool, a
 * run-once worker that connects and closes through wrappers, a primary that keeps using
 * its connection after forking). One is laid out as real services are (routes →
 * controllers → models, an Express app class, a `cluster` entry that loads the server in
 * its workers, bullmq workers reaching the database through plain service modules).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as eslint10 from 'eslint';
import * as eslint9 from 'eslint9';

const projects = path.resolve(import.meta.dirname, '../fixtures/projects');
const configFile = path.join(projects, 'modules.eslint.config.js');
const PROJECTS = ['modules-esm', 'modules-cjs', 'modules-ts', 'modules-mvc'];
const MARKER = /\/\/ ❌ (fork-safe\/[a-z-]+)\s*$/;
const SOURCE = /\.(?:[cm]?js|ts)$/;

type ESLintClass = typeof eslint10.ESLint;

function sourceFiles(directory: string): string[] {
  return fs.readdirSync(directory, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(directory, entry.name);
    if (entry.isDirectory()) return sourceFiles(full);
    return SOURCE.test(entry.name) ? [full] : [];
  });
}

const relative = (cwd: string, file: string): string => path.relative(cwd, file).split(path.sep).join('/');

function markers(cwd: string): string[] {
  const found: string[] = [];
  for (const file of sourceFiles(cwd)) {
    fs.readFileSync(file, 'utf8').split('\n').forEach((line, i) => {
      const match = MARKER.exec(line);
      if (match) found.push(`${relative(cwd, file)}:${i + 1} ${match[1]}`);
    });
  }
  return found.sort();
}

async function lint(ESLint: ESLintClass, cwd: string, patterns: string[] = ['**/*.{js,mjs,cjs,ts}'], extra: Record<string, unknown> = {}): Promise<eslint10.ESLint.LintResult[]> {
  return new ESLint({ cwd, overrideConfigFile: configFile, ...extra }).lintFiles(patterns);
}

function reportsOf(cwd: string, results: eslint10.ESLint.LintResult[]): string[] {
  const reports: string[] = [];
  for (const result of results) {
    for (const message of result.messages) {
      expect(message.fatal, message.message).toBeFalsy();
      reports.push(`${relative(cwd, result.filePath)}:${message.line} ${message.ruleId}`);
    }
  }
  return reports.sort();
}

describe.each([
  ['ESLint 10', eslint10.ESLint],
  ['ESLint 9', eslint9.ESLint as unknown as ESLintClass],
])('%s', (_name, ESLint) => {
  it.each(PROJECTS)('%s: reports exactly the marked defects, with no settings', async (project) => {
    const cwd = path.join(projects, project);
    const expected = markers(cwd);
    expect(expected.length).toBeGreaterThan(0);
    expect(reportsOf(cwd, await lint(ESLint, cwd))).toEqual(expected);
  });

  it.each(PROJECTS)('%s: gives the same findings with several threads', async (project) => {
    const cwd = path.join(projects, project);
    expect(reportsOf(cwd, await lint(ESLint, cwd, undefined, { concurrency: 2 }))).toEqual(markers(cwd));
  });
});

describe('whatever the order files are linted in', () => {
  it.each(PROJECTS)('%s: each file linted alone gives what the whole project gives', async (project) => {
    const cwd = path.join(projects, project);
    const alone: string[] = [];
    for (const file of sourceFiles(cwd)) alone.push(...reportsOf(cwd, await lint(eslint10.ESLint, cwd, [relative(cwd, file)])));
    expect(alone.sort()).toEqual(markers(cwd));
  });
});

describe('messages that say where the connection is', () => {
  it.each([
    ['modules-esm', 'src/jobs/report-task.js', 'src/db/mongo.js'],
    ['modules-esm', 'src/jobs/sync-task.js', 'src/db/pg.js'],
    ['modules-esm', 'src/server.js', 'src/db/mongo.js'],
    ['modules-cjs', 'lib/invoice-processor.js', 'lib/db.js'],
    ['modules-cjs', 'lib/math-worker.js', 'lib/db.js'],
    ['modules-ts', 'src/workers/invoice-task.ts', 'src/db/pool.ts'],
    ['modules-ts', 'src/workers/ledger-task.ts', 'src/prisma.ts'],
    ['modules-mvc', 'src/jobs/report-worker.ts', 'src/db/pg.ts'],
  ])('%s %s names %s', async (project, file, module) => {
    const cwd = path.join(projects, project);
    const [result] = await lint(eslint10.ESLint, cwd, [file]);
    expect(result!.messages).toHaveLength(1);
    expect(result!.messages[0]!.message).toContain(module);
  });
});

describe('a long-lived process (an editor)', () => {
  let root: string;

  beforeEach(() => {
    root = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'fork-safe-modules-')), 'modules-esm');
    fs.cpSync(path.join(projects, 'modules-esm'), root, { recursive: true });
  });

  afterEach(() => {
    fs.rmSync(path.dirname(root), { recursive: true, force: true });
  });

  const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

  it('sees a db module whose factory becomes a kept connection, through the barrel', async () => {
    const eslint = new eslint10.ESLint({ cwd: root, overrideConfigFile: configFile });
    const task = async () => reportsOf(root, await eslint.lintFiles(['src/jobs/sync-task.js']));
    expect(await task()).toEqual(['src/jobs/sync-task.js:4 fork-safe/no-connection-per-task']);
    const db = path.join(root, 'src/db/pg.js');
    const made = [
      'export async function openClient() {',
      '  const client = new pg.Client({ connectionString: process.env.DATABASE_URL });',
      '  await client.connect();',
      '  return client;',
      '}',
    ].join('\n');
    const kept = ['let kept;', 'export async function openClient() {', '  kept ??= new pg.Pool({ connectionString: process.env.DATABASE_URL, max: 2 });', '  return kept;', '}'].join('\n');
    const text = fs.readFileSync(db, 'utf8');
    expect(text).toContain(made);
    fs.writeFileSync(db, text.replace(made, kept));
    await wait(1100);
    expect(await task()).toEqual([]);
  });

  // The project clock stands still only while files are linted back to back: after a pause, a file linted for the first time sees the edit.
  it('sees an edit from a file it lints for the first time after a pause', async () => {
    const eslint = new eslint10.ESLint({ cwd: root, overrideConfigFile: configFile });
    // Reads the barrel, and through it the pg module, before the edit.
    expect(reportsOf(root, await eslint.lintFiles(['src/jobs/report-task.js']))).toEqual(['src/jobs/report-task.js:9 fork-safe/no-close-in-worker-task']);
    const db = path.join(root, 'src/db/pg.js');
    const text = fs.readFileSync(db, 'utf8');
    const made = '  const client = new pg.Client({ connectionString: process.env.DATABASE_URL });\n  await client.connect();\n  return client;';
    expect(text).toContain(made);
    fs.writeFileSync(db, text.replace(made, '  return { query: async () => [] };'));
    await wait(1100);
    expect(reportsOf(root, await eslint.lintFiles(['src/jobs/sync-task.js']))).toEqual([]);
  });

  it('sees a barrel that stops passing the close wrapper on', async () => {
    const eslint = new eslint10.ESLint({ cwd: root, overrideConfigFile: configFile });
    const task = async () => reportsOf(root, await eslint.lintFiles(['src/jobs/report-task.js']));
    expect(await task()).toEqual(['src/jobs/report-task.js:9 fork-safe/no-close-in-worker-task']);
    fs.writeFileSync(path.join(root, 'src/db/mongo.js'), `import mongoose from 'mongoose';\n\nexport const connectDB = () => mongoose.connect(process.env.MONGO_URL);\nexport const closeDB = () => console.log('kept open');\n`);
    await wait(1100);
    expect(await task()).toEqual([]);
  });
});
