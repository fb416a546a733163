/**
 * A file linted in a batch whose export reach (export-reach.ts) left it out is told at once
 * that none of its imports exports anything: its relevance asks no module. That holds only
 * for the imports its text was judged by: an editor's buffer that imports a connection
 * module the file on disk does not is asked the long way, and is relevant. A relevant file
 * that no project file imports, and that starts no worker, keeps nothing for others: no one
 * in the batch would read it, and a later batch that imports it reads it again. A module
 * already read for a file that imports it is not analysed again when it is linted, unless a
 * rule may report on it.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Facts } from '../../src/analysis/facts.js';
import { lintEnded, lintStarted, REFRESH_MS } from '../../src/project/clock.js';
import { ModuleSummaries } from '../../src/project/module-summaries.js';
import { newRecorder } from '../../src/project/recorder.js';
import type { ParseContext } from '../../src/project/parse.js';
import { projectIndexFor } from '../../src/project/project-index.js';
import { factsOf } from '../helpers/facts.js';

let root: string;

function write(file: string, text: string): string {
  const full = path.join(root, file);
  fs.mkdirSync(path.dirname(full), { recursive: true });
  fs.writeFileSync(full, text);
  return full;
}

const PLAIN = `import { twice } from './util.js';\nexport const run = (x) => twice(x);\n`;
/** Hands on the pool of src/db.js; no file imports it. */
const SHARED = `import { pool } from './db.js';\nexport const shared = pool;\n`;

const onDisk = (file: string): string => fs.readFileSync(path.join(root, file), 'utf8');

/** The facts of `code` linted as `file` of the project, through the rules' own entry point. */
const lint = (file: string, code: string): Facts => factsOf(code, { filename: file, cwd: root });

/** Lints `src/plain.js` as on disk: whether it is relevant, and whether its relevance asked any module's exports. */
function lintPlain(): { readonly relevant: boolean; readonly askedExports: boolean } {
  const asked = vi.spyOn(ModuleSummaries.prototype, 'exportsOf');
  const { relevant } = lint('src/plain.js', PLAIN);
  return { relevant, askedExports: asked.mock.calls.length > 0 };
}

/** Has the index look at the whole project, as the first file of a batch that asks who starts it does. */
function askWhoStartsTask(): void {
  const parse: ParseContext = { settings: {}, cwd: root };
  projectIndexFor(path.join(root, 'src/start.js'), parse)!.targetsOf(path.join(root, 'src/task.js'), parse);
}

/** Starts a batch of its own, whatever an earlier test left (a file linted again always starts one), and reads the project. */
function readWholeProject(): void {
  lintStarted(path.join(root, 'src/start.js'));
  lintStarted(path.join(root, 'src/start.js'));
  askWhoStartsTask();
}

/** The batch ends; a lint after the project's look at the disk has gone stale starts the next one. */
function laterBatch(): void {
  lintEnded();
  vi.advanceTimersByTime(REFRESH_MS + 1);
  lintStarted(path.join(root, 'src/start.js'));
}

beforeEach(() => {
  // The project clock reads performance.now(): held still, a batch lasts however slow the machine is.
  vi.useFakeTimers({ toFake: ['performance'] });
  root = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'fork-safe-linted-reach-')));
  write('package.json', JSON.stringify({ type: 'module', dependencies: { pg: '^8.0.0' } }));
  write('src/db.js', `import pg from 'pg';\nexport const pool = new pg.Pool();\n`);
  write('src/util.js', `export const twice = (x) => x * 2;\n`);
  write('src/plain.js', PLAIN);
  write('src/start.js', `import { Worker } from 'node:worker_threads';\nnew Worker(new URL('./task.js', import.meta.url));\n`);
  write('src/task.js', `import { pool } from './db.js';\nexport default (id) => pool.query('SELECT $1', [id]);\n`);
  write('src/shared.js', SHARED);
});

afterEach(() => {
  lintEnded();
  vi.useRealTimers();
  vi.restoreAllMocks();
  fs.rmSync(root, { recursive: true, force: true });
});

describe('a linted file the reach of its batch left out', () => {
  it('is irrelevant without a look at the exports of any module it imports', () => {
    readWholeProject();
    expect(lintPlain()).toEqual({ relevant: false, askedExports: false });
  });

  it('is asked the long way, and is relevant, when its buffer imports a connection module its file on disk does not', () => {
    readWholeProject();
    const buffer = `import { pool } from './db.js';\n${PLAIN}export const count = () => pool.query('SELECT 1');\n`;
    expect(lint('src/plain.js', buffer).relevant).toBe(true);
  });
});

describe('the reach in a later batch', () => {
  it('does not hold before the index has looked at the project again', () => {
    readWholeProject();
    laterBatch();
    const { summaries } = projectIndexFor(path.join(root, 'src/start.js'), { settings: {}, cwd: root })!;
    expect(summaries.importsExportNothing(path.join(root, 'src/plain.js'), ['./util.js'])).toBe(false);
  });

  it('is not trusted by the first file linted in the later batch: the file is read as before', () => {
    readWholeProject();
    laterBatch();
    expect(lintPlain()).toEqual({ relevant: false, askedExports: true });
  });

  it('holds again once the index finds that no file changed, came or went', () => {
    readWholeProject();
    laterBatch();
    askWhoStartsTask();
    expect(lintPlain()).toEqual({ relevant: false, askedExports: false });
  });

  it('is worked out again from the new text when a file changed', () => {
    readWholeProject();
    write('src/util.js', `import pg from 'pg';\nexport const twice = new pg.Pool();\n`);
    laterBatch();
    askWhoStartsTask();
    expect(lint('src/plain.js', PLAIN).relevant).toBe(true);
  });
});

describe('a relevant file no project file imports', () => {
  it('keeps nothing for others in its batch; one that others import keeps what it found', () => {
    readWholeProject();
    const kept = vi.spyOn(ModuleSummaries.prototype, 'remember');
    lint('src/db.js', onDisk('src/db.js'));
    expect(kept).toHaveBeenCalledTimes(1);
    expect(lint('src/shared.js', SHARED).reachesConnections).toBe(true);
    expect(kept).toHaveBeenCalledTimes(1);
  });

  it('is read again for a file of a later batch that imports it', () => {
    readWholeProject();
    lint('src/shared.js', SHARED);
    laterBatch();
    const buffer = `import { shared } from './shared.js';\nexport const count = () => shared.query('SELECT 1');\n`;
    const facts = lint('src/util.js', buffer);
    expect(facts.relevant).toBe(true);
    expect(facts.values.sites.some((site) => site.entity.connection)).toBe(true);
  });
});

describe('a module read for a file that imports it, then linted', () => {
  const heldOf = (file: string) => {
    const parse: ParseContext = { settings: {}, cwd: root };
    return projectIndexFor(path.join(root, file), parse)!.summaries.exportsOf(path.join(root, file), 1, newRecorder(), parse);
  };

  it('is not analysed again when no rule can report on it: what its importer read of it stands', () => {
    readWholeProject();
    lint('src/shared.js', SHARED);
    const read = heldOf('src/db.js');
    expect(read.pool).toMatchObject({ kind: 'connection' });
    const kept = vi.spyOn(ModuleSummaries.prototype, 'remember');
    const facts = lint('src/db.js', onDisk('src/db.js'));
    expect(facts.reachesConnections).toBe(true);
    expect(facts.mayReport).toBe(false);
    expect(kept).not.toHaveBeenCalled();
    expect(heldOf('src/db.js')).toBe(read);
  });

  it('is analysed again when a rule may report on it (a worker a fork site starts): its own analysis wins', () => {
    write('src/uses-task.js', `import run from './task.js';\nexport const go = () => run(1);\n`);
    readWholeProject();
    lint('src/uses-task.js', onDisk('src/uses-task.js'));
    const kept = vi.spyOn(ModuleSummaries.prototype, 'remember');
    expect(lint('src/task.js', onDisk('src/task.js')).mayReport).toBe(true);
    expect(kept).toHaveBeenCalledTimes(1);
  });
});
