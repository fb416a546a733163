/**
 * The project index end to end: fixture projects under tests/fixtures/projects/, linted
 * through the real ESLint class (both majors) with the built package and no settings.
 * Worker files are found from the files that name them, imports of modules that connect
 * are seen through other files, and a long-lived process sees files change.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as eslint10 from 'eslint';
import * as eslint9 from 'eslint9';

const projects = path.resolve(import.meta.dirname, '../fixtures/projects');
type ESLintClass = typeof eslint10.ESLint;

const configFile = path.resolve(import.meta.dirname, '../fixtures/projects.eslint.config.js');

async function lint(ESLint: ESLintClass, cwd: string, extra: Record<string, unknown> = {}): Promise<string[]> {
  const eslint = new ESLint({ cwd, overrideConfigFile: configFile, ...extra });
  return reportsOf(cwd, await eslint.lintFiles(['**/*.{js,mjs,ts}']));
}

function reportsOf(cwd: string, results: eslint10.ESLint.LintResult[]): string[] {
  const reports: string[] = [];
  for (const result of results) {
    for (const message of result.messages) {
      expect(message.fatal, message.message).toBeFalsy();
      reports.push(`${path.relative(cwd, result.filePath).split(path.sep).join('/')}:${message.line} ${message.ruleId}`);
    }
  }
  return reports.sort();
}

const EXPECTED: Record<string, string[]> = {
  'piscina-esm': ['src/resize-worker.js:4 fork-safe/pool-size-per-worker', 'src/resize-worker.js:8 fork-safe/no-close-in-worker-task'],
  'tinypool-isolate': ['src/task.mjs:4 fork-safe/no-connection-per-task'],
  typescript: ['src/worker.ts:3 fork-safe/pool-size-per-worker', 'src/worker.ts:7 fork-safe/no-close-in-worker-task'],
  'runners-cjs': [
    'jobs/cleanup.js:9 fork-safe/no-connection-per-task',
    'lib/child.js:4 fork-safe/no-connection-per-task',
    'lib/farm-worker.js:7 fork-safe/no-close-in-worker-task',
    'lib/image-worker.js:4 fork-safe/pool-size-per-worker',
    'lib/math-worker.js:4 fork-safe/pool-size-per-worker',
    'lib/processor.js:3 fork-safe/pool-size-per-worker',
    'lib/processor.js:7 fork-safe/no-close-in-worker-task',
  ],
  'cluster-imports': ['src/server.js:11 fork-safe/pool-size-per-worker', 'src/server.js:4 fork-safe/no-connection-before-fork'],
  // bull's queue.process(file): the file's export is the task, run in forked children; a handler given as a function is not.
  // A queue imported from the module that makes it, given a processor file by another one, runs that file too.
  'bull-sandboxed': ['src/processors/mail.js:7 fork-safe/no-close-in-worker-task', 'src/processors/monthly.js:4 fork-safe/no-connection-per-task', 'src/processors/weekly.js:5 fork-safe/no-connection-per-task'],
  // Processors imported by name by in-process consumers (bullmq, bull): only the exports registered are tasks.
  'imported-processors': ['src/processors/archive.js:7 fork-safe/no-close-in-worker-task', 'src/processors/welcome.js:6 fork-safe/no-connection-per-task'],
  // Run-once workers whose parent ends them from their own message listener leak nothing; the look-alikes do.
  'ended-by-parent': ['src/archive.js:4 fork-safe/no-connection-per-task', 'src/count-visits.js:4 fork-safe/no-connection-per-task'],
  // A primary that names no driver still imports one that connects two modules down; its twin imports none.
  'side-effect-imports': ['src/primary.js:2 fork-safe/no-connection-before-fork'],
};

describe.each([
  ['ESLint 10', eslint10.ESLint],
  ['ESLint 9', eslint9.ESLint as unknown as ESLintClass],
])('%s', (_name, ESLint) => {
  it.each(Object.entries(EXPECTED))('%s: reports what only other files reveal, with no settings', async (project, reports) => {
    expect(await lint(ESLint, path.join(projects, project))).toEqual(reports);
  });
});

describe('messages that name the other file', () => {
  it('names the parent fork site, its worker count and the module that connects', async () => {
    const cwd = path.join(projects, 'cluster-imports');
    const eslint = new eslint10.ESLint({ cwd, overrideConfigFile: configFile });
    const [result] = await eslint.lintFiles(['src/server.js']);
    expect(result!.messages.map((message) => message.message)).toEqual([
      '`./routes` opens a connection (ioredis) as `src/events.js` loads, and the primary requires it before `cluster.fork()` for nothing; require it on the worker path.',
      "`db` (pg pool) sets no size, so one worker per CPU of `cluster.fork()` opens pg's default 10 each: over the budget of 100 from 11 CPUs on; set its size from the budget.",
    ]);
  });

  it('gives the same findings with several threads and with the cache', async () => {
    const cwd = path.join(projects, 'runners-cjs');
    const single = await lint(eslint10.ESLint, cwd);
    expect(single.length).toBeGreaterThan(0);
    expect(await lint(eslint10.ESLint, cwd, { concurrency: 2 })).toEqual(single);
    const cacheDirectory = fs.mkdtempSync(path.join(os.tmpdir(), 'fork-safe-cache-'));
    const cacheLocation = path.join(cacheDirectory, '.eslintcache');
    try {
      expect(await lint(eslint10.ESLint, cwd, { cache: true, cacheLocation })).toEqual(single);
      expect(await lint(eslint10.ESLint, cwd, { cache: true, cacheLocation })).toEqual(single);
    } finally {
      fs.rmSync(cacheDirectory, { recursive: true, force: true });
    }
  });
});

describe('a long-lived process (an editor)', () => {
  /** The fresh folder of one test; `root` is the project copied into it. */
  let folder: string;
  let root: string;

  beforeEach(() => {
    folder = fs.mkdtempSync(path.join(os.tmpdir(), 'fork-safe-index-'));
    root = folder;
  });

  afterEach(() => {
    fs.rmSync(folder, { recursive: true, force: true });
  });

  /** A copy of a fixture project in a fresh folder, with the fixtures' config. */
  function copy(project: string): void {
    fs.cpSync(path.join(projects, project), path.join(root, project), { recursive: true });
    root = path.join(root, project);
  }

  const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

  it('sees a parent that changes, and a parent that goes away', async () => {
    copy('piscina-esm');
    const eslint = new eslint10.ESLint({ cwd: root, overrideConfigFile: configFile });
    const worker = async () => reportsOf(root, await eslint.lintFiles(['src/resize-worker.js']));
    expect(await worker()).toEqual(['src/resize-worker.js:4 fork-safe/pool-size-per-worker', 'src/resize-worker.js:8 fork-safe/no-close-in-worker-task']);

    const parent = path.join(root, 'src/resize.js');
    fs.writeFileSync(parent, fs.readFileSync(parent, 'utf8').replace('maxThreads: 4', 'maxThreads: 2'));
    await wait(1100);
    expect(await worker()).toEqual(['src/resize-worker.js:8 fork-safe/no-close-in-worker-task']);

    fs.rmSync(parent);
    await wait(1100);
    expect(await worker()).toEqual([]);
  });

  it('sees an imported module that stops connecting', async () => {
    copy('cluster-imports');
    const eslint = new eslint10.ESLint({ cwd: root, overrideConfigFile: configFile });
    const server = async () => reportsOf(root, await eslint.lintFiles(['src/server.js']));
    expect(await server()).toContain('src/server.js:4 fork-safe/no-connection-before-fork');
    const events = path.join(root, 'src/events.js');
    fs.writeFileSync(events, fs.readFileSync(events, 'utf8').replace('new Redis(process.env.REDIS_URL)', 'new Redis(process.env.REDIS_URL, { lazyConnect: true })'));
    expect(await server()).not.toContain('src/server.js:4 fork-safe/no-connection-before-fork');
  });

  it('does not follow a symbolic link out of the project, nor read a file over the size bound', async () => {
    copy('piscina-esm');
    const parent = path.join(root, 'src/resize.js');
    const outside = fs.mkdtempSync(path.join(os.tmpdir(), 'fork-safe-outside-'));
    try {
      // The only parent lives outside the project and is linked in.
      fs.renameSync(parent, path.join(outside, 'resize.js'));
      fs.writeFileSync(path.join(outside, 'resize.js'), fs.readFileSync(path.join(outside, 'resize.js'), 'utf8').replace("'./resize-worker.js'", `'${pathToUrl(path.join(root, 'src/resize-worker.js'))}'`));
      fs.symlinkSync(path.join(outside, 'resize.js'), parent);
      fs.symlinkSync(outside, path.join(root, 'linked'));
      const eslint = new eslint10.ESLint({ cwd: root, overrideConfigFile: configFile });
      expect(reportsOf(root, await eslint.lintFiles(['src/resize-worker.js']))).toEqual([]);

      // A real parent, but padded past the size bound.
      fs.rmSync(parent);
      fs.writeFileSync(parent, `${fs.readFileSync(path.join(projects, 'piscina-esm/src/resize.js'), 'utf8')}\n${'// padding\n'.repeat(60_000)}`);
      const fresh = new eslint10.ESLint({ cwd: root, overrideConfigFile: configFile });
      await wait(1100);
      expect(reportsOf(root, await fresh.lintFiles(['src/resize-worker.js']))).toEqual([]);
    } finally {
      fs.rmSync(outside, { recursive: true, force: true });
    }
  });
});

function pathToUrl(file: string): string {
  return new URL(`file://${file}`).href;
}
