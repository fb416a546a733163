/**
 * The project layer's module summaries, with a stand-in for the per-file analysis: a
 * module says its exports in a comment (`// exports: {...}`) and passes on another
 * module's with `// passes on: ./db` (asked through the view it is analysed with, as the
 * exports stage does). What is tested is the project side: which modules are read at
 * all, resolution, the depth bound and cycles, the cache per lint run and its validity,
 * what a linted file keeps of itself, and the project's dependencies.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { ModuleExports } from '../../src/analysis/exports/module-exports.js';
import type { ProjectView } from '../../src/analysis/project-view.js';
import { FileTable } from '../../src/project/file-table.js';
import { MAX_EXPORT_DEPTH, MAX_SUMMARY_BYTES, ModuleSummaries } from '../../src/project/module-summaries.js';
import { newRecorder } from '../../src/project/recorder.js';
import type { ModuleAnalysis, ParseContext } from '../../src/project/parse.js';
import { knowledgeOf, textFactsOf } from '../../src/project/text-facts.js';
import { lintEnded, lintStarted, projectNow, REFRESH_MS } from '../../src/project/clock.js';
import { exportReach } from '../../src/project/export-reach.js';

const parse: ParseContext = { settings: {} };
const knowledge = knowledgeOf({});
const fact = (holder: string): ModuleExports => ({
  db: { kind: 'connection', connection: { holder, entity: 'pg.Pool', opensOnLoad: false, place: { module: holder.split('#')[0]!, line: 1 } } },
});

let root: string;
let analysed: string[];

/** The stand-in analysis: exports from the comment, plus what the modules it passes on export. */
function analyser(file: string, text: string, _root: string, _context: ParseContext, project: ProjectView): ModuleAnalysis {
  analysed.push(path.relative(root, file).split(path.sep).join('/'));
  const own = /\/\/ exports: (.*)/.exec(text)?.[1];
  const exports: Record<string, unknown> = own ? JSON.parse(own) : {};
  for (const [, specifier] of text.matchAll(/\/\/ passes on: (\S+)/g)) Object.assign(exports, project.importedModule(specifier!)?.exports());
  return { summary: { targets: [], imports: [] }, exports: exports as ModuleExports };
}

function write(file: string, text: string): string {
  const full = path.join(root, file);
  fs.mkdirSync(path.dirname(full), { recursive: true });
  fs.writeFileSync(full, text);
  return full;
}

/** A db module: it imports a driver, and says what it exports. */
function dbModule(holder: string): string {
  return `const { Pool } = require('pg');\n// exports: ${JSON.stringify(fact(holder))}\n`;
}

function summaries(): ModuleSummaries {
  return new ModuleSummaries(new FileTable(root, root), knowledge, analyser);
}

function exportsOf(from: ModuleSummaries, file: string, depth = 1): ModuleExports {
  return from.exportsOf(path.join(root, file), depth, newRecorder(), parse);
}

/**
 * Holds the project clock still, in a batch of the test's own (linting one file twice
 * starts one): a batch an earlier test left open would stop the clock at its own time.
 */
const holdClock = (): void => {
  vi.useFakeTimers({ toFake: ['performance'] });
  const marker = path.join(root, 'src/own-batch.js');
  lintStarted(marker);
  lintStarted(marker);
  lintEnded();
};
/** Moves the project clock past REFRESH_MS, so the next ask looks at the disk again. */
const passRefresh = (): void => {
  vi.advanceTimersByTime(REFRESH_MS + 100);
};

beforeEach(() => {
  root = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'fork-safe-summaries-')));
  fs.writeFileSync(path.join(root, 'package.json'), '{ "dependencies": { "pg": "^8.0.0" } }');
  analysed = [];
});

afterEach(() => {
  fs.rmSync(root, { recursive: true, force: true });
});

describe('which modules are read', () => {
  it('reads no module whose text imports no connection library and no project module', () => {
    write('src/config.js', `module.exports = { url: process.env.DATABASE_URL, pg: 'pg' };\n// exports: ${JSON.stringify(fact('src/config.js#x'))}\n`);
    write('src/util.js', `const cp = require('child_process');\nmodule.exports = () => cp.execSync('git log');\n`);
    const from = summaries();
    expect(exportsOf(from, 'src/config.js')).toEqual({});
    expect(exportsOf(from, 'src/util.js')).toEqual({});
    expect(analysed).toEqual([]);
  });

  it('reads no module that imports a connection library only for its types or untracked names', () => {
    write('src/users.ts', `import type { PoolClient } from 'pg';\nimport { DatabaseError } from 'pg';\nexport const find = (client: PoolClient) => client.query('select 1');\n// exports: ${JSON.stringify(fact('src/users.ts#x'))}\n`);
    write('src/orders.ts', `import { DatabaseError, Pool } from 'pg';\n// exports: ${JSON.stringify(fact('src/orders.ts#x'))}\n`);
    const from = summaries();
    expect(exportsOf(from, 'src/users.ts')).toEqual({});
    expect(exportsOf(from, 'src/orders.ts')).toEqual(fact('src/orders.ts#x'));
    expect(analysed).toEqual(['src/orders.ts']);
  });

  it('reads a module that imports a connection library once per lint run', () => {
    write('src/db.js', dbModule('src/db.js#db'));
    const from = summaries();
    expect(exportsOf(from, 'src/db.js')).toEqual(fact('src/db.js#db'));
    expect(exportsOf(from, 'src/db.js', 2)).toEqual(fact('src/db.js#db'));
    expect(analysed).toEqual(['src/db.js']);
  });

  it('reads a module that only imports project modules when one of them exports something, and passes it on', () => {
    write('src/db/pool.js', dbModule('src/db/pool.js#db'));
    write('src/db/index.js', `// passes on: ./pool.js\nexport * from './pool.js';\n`);
    write('src/plain/index.js', `export * from './helpers.js';\n`);
    write('src/plain/helpers.js', `export const add = (a, b) => a + b;\n`);
    const from = summaries();
    expect(exportsOf(from, 'src/db/index.js')).toEqual(fact('src/db/pool.js#db'));
    expect(exportsOf(from, 'src/plain/index.js')).toEqual({});
    expect(analysed.sort()).toEqual(['src/db/index.js', 'src/db/pool.js']);
  });

  it('reads no module of a project whose package.json names no connection library', () => {
    fs.writeFileSync(path.join(root, 'package.json'), '{ "dependencies": { "lodash": "^4.0.0" } }');
    write('src/db.js', dbModule('src/db.js#db'));
    expect(exportsOf(summaries(), 'src/db.js')).toEqual({});
    expect(analysed).toEqual([]);
  });

  it('reads them when package.json lists no dependencies and no version (it says nothing either way)', () => {
    fs.writeFileSync(path.join(root, 'package.json'), '{ "name": "copied-service" }');
    write('src/db.js', dbModule('src/db.js#db'));
    expect(exportsOf(summaries(), 'src/db.js')).toEqual(fact('src/db.js#db'));
  });

  it('does not parse a module over the size bound', () => {
    write('src/big.js', `${dbModule('src/big.js#db')}${'// padding\n'.repeat(Math.ceil(MAX_SUMMARY_BYTES / 11))}`);
    expect(exportsOf(summaries(), 'src/big.js')).toEqual({});
    expect(analysed).toEqual([]);
  });

  it('keeps nothing for its importers of a module over the size bound that was linted: the same as when it was not', () => {
    const file = write('src/big.js', `${dbModule('src/big.js#db')}${'// padding\n'.repeat(Math.ceil(MAX_SUMMARY_BYTES / 11))}`);
    const from = summaries();
    from.remember(file, { text: fs.readFileSync(file, 'utf8'), hasBOM: false, summary: { targets: [], imports: [] }, exports: fact('src/big.js#linted'), recorder: newRecorder() });
    expect(exportsOf(from, 'src/big.js')).toEqual({});
    write('src/small.js', dbModule('src/small.js#db'));
    const small = path.join(root, 'src/small.js');
    from.remember(small, { text: fs.readFileSync(small, 'utf8'), hasBOM: false, summary: { targets: [], imports: [] }, exports: fact('src/small.js#linted'), recorder: newRecorder() });
    expect(exportsOf(from, 'src/small.js')).toEqual(fact('src/small.js#linted'));
    expect(analysed).toEqual([]);
  });
});

describe('resolving what a module imports', () => {
  it.each([
    ['./db.js naming db.ts', 'src/db.ts', './db.js'],
    ['a folder naming its index', 'src/db/index.ts', './db'],
    ['an extension left out', 'src/db.mjs', './db'],
    ['a parent folder', 'lib/db.cjs', '../lib/db.cjs'],
  ])('%s', (_name, file, specifier) => {
    write(file, dbModule(`${file}#db`));
    const from = summaries();
    const resolved = from.resolveImport(path.join(root, 'src/user.js'), specifier);
    expect(resolved).toBe(path.join(root, file));
    expect(from.exportsOf(resolved!, 1, newRecorder(), parse)).toEqual(fact(`${file}#db`));
  });

  it('resolves nothing outside the project', () => {
    expect(summaries().resolveImport(path.join(root, 'src/user.js'), '../../elsewhere/db.js')).toBeUndefined();
  });
});

describe('depth and cycles', () => {
  /** a0 → a1 → … → a<n>, each passing the next one on; the last one holds the connection. */
  function chain(n: number): void {
    for (let i = 0; i < n; i++) write(`src/a${i}.js`, `// passes on: ./a${i + 1}.js\nexport * from './a${i + 1}.js';\n`);
    write(`src/a${n}.js`, dbModule(`src/a${n}.js#db`));
  }

  it(`follows ${MAX_EXPORT_DEPTH} modules down from the file being linted, no further`, () => {
    chain(MAX_EXPORT_DEPTH - 1);
    expect(exportsOf(summaries(), 'src/a0.js')).toEqual(fact(`src/a${MAX_EXPORT_DEPTH - 1}.js#db`));
    chain(MAX_EXPORT_DEPTH);
    const from = summaries();
    expect(exportsOf(from, 'src/a0.js')).toEqual({});
    // Asked from closer, the same module finds it: a result cut by the bound is not kept for a larger budget.
    expect(exportsOf(from, 'src/a1.js')).toEqual(fact(`src/a${MAX_EXPORT_DEPTH}.js#db`));
  });

  it('breaks an import cycle: a module being summarised answers nothing to itself', () => {
    write('src/a.js', `const { Pool } = require('pg');\n// exports: ${JSON.stringify(fact('src/a.js#db'))}\n// passes on: ./b.js\n`);
    write('src/b.js', `// passes on: ./a.js\nexport * from './a.js';\n`);
    const from = summaries();
    expect(exportsOf(from, 'src/a.js')).toEqual(fact('src/a.js#db'));
    expect(analysed).toEqual(['src/a.js']);
  });

  it('keeps what was worked out across a cycle whose cut module exports nothing, for whoever asks next', () => {
    write('src/a.js', `const { Pool } = require('pg');\n// passes on: ./b.js\n`);
    write('src/b.js', `const { Pool } = require('pg');\n// passes on: ./a.js\n`);
    write('src/c.js', `const { Pool } = require('pg');\n// passes on: ./b.js\n`);
    const from = summaries();
    expect(exportsOf(from, 'src/a.js')).toEqual({});
    expect(exportsOf(from, 'src/b.js')).toEqual({});
    expect(exportsOf(from, 'src/c.js')).toEqual({});
    expect(analysed).toEqual(['src/a.js', 'src/b.js', 'src/c.js']);
  });

  it('keeps short what rests on a cut module whose own nothing rests on a cut above it', () => {
    // c > a > b, where b imports a back and a imports c back: a exports nothing only while c is cut.
    write('src/c.js', `const { Pool } = require('pg');\n// exports: ${JSON.stringify(fact('src/c.js#db'))}\n// passes on: ./a.js\n`);
    write('src/a.js', `const { Pool } = require('pg');\n// passes on: ./b.js\n// passes on: ./c.js\n`);
    write('src/b.js', `const { Pool } = require('pg');\n// passes on: ./a.js\n`);
    const from = summaries();
    expect(exportsOf(from, 'src/c.js')).toEqual(fact('src/c.js#db'));
    expect(exportsOf(from, 'src/a.js')).toEqual(fact('src/c.js#db'));
    expect(exportsOf(from, 'src/b.js')).toEqual(fact('src/c.js#db'));
  });

  it('works out again, for a shallower ask, what rests on a cut module that exports something', () => {
    write('src/a.js', `const { Pool } = require('pg');\n// exports: ${JSON.stringify(fact('src/a.js#db'))}\n// passes on: ./b.js\n`);
    write('src/b.js', `const { Pool } = require('pg');\n// passes on: ./a.js\n`);
    const from = summaries();
    expect(exportsOf(from, 'src/a.js')).toEqual(fact('src/a.js#db'));
    // Worked out below a, b was told a exports nothing: asked itself, it passes a's pool on.
    expect(exportsOf(from, 'src/b.js')).toEqual(fact('src/a.js#db'));
    expect(analysed).toEqual(['src/a.js', 'src/b.js', 'src/b.js']);
  });
});

describe('the cache of a lint run', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('reads a module again when its size or time changed, and what passes it on too', () => {
    holdClock();
    write('src/db.js', dbModule('src/db.js#one'));
    write('src/index.js', `// passes on: ./db.js\nexport * from './db.js';\n`);
    const from = summaries();
    expect(exportsOf(from, 'src/index.js')).toEqual(fact('src/db.js#one'));
    write('src/db.js', dbModule('src/db.js#second'));
    passRefresh();
    expect(exportsOf(from, 'src/index.js')).toEqual(fact('src/db.js#second'));
    expect(analysed.filter((file) => file === 'src/index.js')).toHaveLength(2);
  });

  it('keeps what a linted file found about itself: no second parse', () => {
    const file = write('src/db.js', dbModule('src/db.js#db'));
    const from = summaries();
    const text = fs.readFileSync(file, 'utf8');
    from.remember(file, { text, hasBOM: false, summary: { targets: [], imports: [] }, exports: fact('src/db.js#linted'), recorder: newRecorder() });
    expect(exportsOf(from, 'src/db.js')).toEqual(fact('src/db.js#linted'));
    expect(analysed).toEqual([]);
  });

  it('keeps nothing of a linted text that is not the file on disk (an editor buffer)', () => {
    const file = write('src/db.js', dbModule('src/db.js#db'));
    const from = summaries();
    from.remember(file, { text: `${dbModule('src/db.js#db')}// unsaved\n`, hasBOM: false, exports: fact('src/db.js#unsaved'), recorder: newRecorder() });
    expect(exportsOf(from, 'src/db.js')).toEqual(fact('src/db.js#db'));
  });
});

describe('what the whole project\'s text says', () => {
  /** A reach that judged `file` by text facts that say it exports nothing, at the project time now. */
  function saysNothing(from: ModuleSummaries, file: string): void {
    from.useReach(exportReach([{ file: path.join(root, file), text: { mayExport: false, mayConnect: false, mayGiveRole: false, relative: [] } }], () => undefined, projectNow()));
  }

  // The project clock reads performance.now(): held still, a batch lasts however slow the machine is.
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['performance'] });
  });

  afterEach(() => {
    lintEnded();
    vi.useRealTimers();
  });

  it('answers nothing for a module the reach of this batch leaves out, without reading it', () => {
    write('src/db.js', dbModule('src/db.js#db'));
    const from = summaries();
    lintStarted(path.join(root, 'src/linted.js'));
    saysNothing(from, 'src/db.js');
    expect(exportsOf(from, 'src/db.js')).toEqual({});
    expect(analysed).toEqual([]);
  });

  it('keeps what a linted file found about itself over what the reach says', () => {
    const file = write('src/db.js', dbModule('src/db.js#db'));
    const from = summaries();
    lintStarted(path.join(root, 'src/linted.js'));
    from.remember(file, { text: fs.readFileSync(file, 'utf8'), hasBOM: false, exports: fact('src/db.js#linted'), recorder: newRecorder() });
    saysNothing(from, 'src/db.js');
    expect(exportsOf(from, 'src/db.js')).toEqual(fact('src/db.js#linted'));
  });

  it('tells a linted file it left out that none of the imports its text was judged by exports', () => {
    const from = summaries();
    lintStarted(path.join(root, 'src/linted.js'));
    from.useReach(exportReach([{ file: path.join(root, 'src/plain.js'), text: { mayExport: false, mayConnect: false, mayGiveRole: false, relative: ['./util.js'] } }], () => undefined, projectNow()));
    expect(from.importsExportNothing(path.join(root, 'src/plain.js'), ['./util.js'])).toBe(true);
    expect(from.importsExportNothing(path.join(root, 'src/plain.js'), ['./util.js', './db.js'])).toBe(false);
  });

  it('no longer holds once a linted file finds exports its text facts did not show', () => {
    const file = write('src/db.js', dbModule('src/db.js#db'));
    const from = summaries();
    lintStarted(path.join(root, 'src/linted.js'));
    from.useReach(exportReach([
      { file, text: { mayExport: false, mayConnect: false, mayGiveRole: false, relative: [] } },
      { file: path.join(root, 'src/plain.js'), text: { mayExport: false, mayConnect: false, mayGiveRole: false, relative: [] } },
    ], () => undefined, projectNow()));
    expect(from.importsExportNothing(path.join(root, 'src/plain.js'), [])).toBe(true);
    from.remember(file, { text: fs.readFileSync(file, 'utf8'), hasBOM: false, exports: fact('src/db.js#linted'), recorder: newRecorder() });
    expect(from.importsExportNothing(path.join(root, 'src/plain.js'), [])).toBe(false);
  });

  it('reads the module as before once the batch is over (the reach held for its time only)', () => {
    write('src/db.js', dbModule('src/db.js#db'));
    const from = summaries();
    lintStarted(path.join(root, 'src/linted.js'));
    saysNothing(from, 'src/db.js');
    lintEnded();
    vi.advanceTimersByTime(600);
    expect(exportsOf(from, 'src/db.js')).toEqual(fact('src/db.js#db'));
    expect(analysed).toEqual(['src/db.js']);
  });
});

describe('what a module exports that may give a role (a file that names no role API asks only that)', () => {
  const queueFact = (holder: string): ModuleExports => ({
    queue: { kind: 'connection', connection: { holder, entity: 'bullmq.Queue', opensOnLoad: true, place: { module: holder.split('#')[0]!, line: 1 } } },
  });

  /** A server whose router passes on two routes: one reaches a bullmq queue, the other only the pg pool. */
  function serverProject(): ModuleSummaries {
    write('src/queue.js', `const { Queue } = require('bullmq');\n// exports: ${JSON.stringify(queueFact('src/queue.js#queue'))}\n`);
    write('src/db.js', dbModule('src/db.js#db'));
    write('src/routes/jobs.js', `const { queue } = require('../queue.js');\n// passes on: ../queue.js\n`);
    write('src/routes/users.js', `const { db } = require('../db.js');\n// passes on: ../db.js\n`);
    write('src/router.js', `require('./routes/jobs.js');\nrequire('./routes/users.js');\n// passes on: ./routes/jobs.js\n// passes on: ./routes/users.js\n`);
    write('src/server.js', `const router = require('./router.js');\n// passes on: ./router.js\n`);
    return withReach(summaries());
  }

  /** The reach of this batch, from the real text facts of every file written. */
  function withReach(from: ModuleSummaries): ModuleSummaries {
    const files = fs.readdirSync(root, { recursive: true, encoding: 'utf8' }).filter((name) => name.endsWith('.js')).map((name) => path.join(root, name));
    const judged = files.map((file) => ({ file, text: textFactsOf(fs.readFileSync(file, 'utf8'), file, root, knowledge) }));
    from.useReach(exportReach(judged, (importer, specifier) => from.resolveImport(importer, specifier), projectNow()));
    return from;
  }

  const roleExportsOf = (from: ModuleSummaries, file: string): ModuleExports => from.roleExportsOf(path.join(root, file), 1, newRecorder(), parse);

  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['performance'] });
    lintStarted(path.join(root, 'src/index.js'));
  });

  afterEach(() => {
    lintEnded();
    vi.useRealTimers();
  });

  it('follows only the imports that may give a role: the route that reaches no queue is not read', () => {
    const from = serverProject();
    expect(roleExportsOf(from, 'src/server.js')).toEqual(queueFact('src/queue.js#queue'));
    expect(analysed).toEqual(['src/server.js', 'src/router.js', 'src/routes/jobs.js', 'src/queue.js']);
  });

  it('answers nothing, without a read, for a module whose imports reach no role', () => {
    const from = serverProject();
    expect(roleExportsOf(from, 'src/routes/users.js')).toEqual({});
    expect(analysed).toEqual([]);
  });

  it('never serves a full ask with what it found of a module it narrowed, and keeps in full what it did not narrow', () => {
    const from = serverProject();
    roleExportsOf(from, 'src/server.js');
    analysed = [];
    expect(exportsOf(from, 'src/server.js')).toEqual({ ...queueFact('src/queue.js#queue'), ...fact('src/db.js#db') });
    // The route to the queue and the queue left nothing out: their role answer was their full one.
    expect(analysed).toEqual(['src/server.js', 'src/router.js', 'src/routes/users.js', 'src/db.js']);
  });

  it('answers a role ask from a full answer kept already', () => {
    const from = serverProject();
    exportsOf(from, 'src/server.js');
    analysed = [];
    expect(roleExportsOf(from, 'src/server.js')).toEqual({ ...queueFact('src/queue.js#queue'), ...fact('src/db.js#db') });
    expect(analysed).toEqual([]);
  });

  it('drops what it kept in full once a module the reach ruled out changes, after the batch', () => {
    write('src/queue.js', `const { Queue } = require('bullmq');\n// exports: ${JSON.stringify(queueFact('src/queue.js#queue'))}\n`);
    const util = write('src/util.js', `module.exports = { sleep: (ms) => new Promise((done) => setTimeout(done, ms)) };\n`);
    write('src/jobs.js', `require('./util.js');\nrequire('./queue.js');\n// passes on: ./util.js\n// passes on: ./queue.js\n`);
    const from = withReach(summaries());
    expect(roleExportsOf(from, 'src/jobs.js')).toEqual(queueFact('src/queue.js#queue'));
    lintEnded();
    passRefresh();
    fs.writeFileSync(util, dbModule('src/util.js#db'));
    analysed = [];
    expect(exportsOf(from, 'src/jobs.js')).toEqual({ ...fact('src/util.js#db'), ...queueFact('src/queue.js#queue') });
    expect(analysed).toEqual(['src/util.js', 'src/jobs.js']);
  });

  it('reads each module of an import cycle once, however many files ask', () => {
    write('src/a.js', `const { Queue } = require('bullmq');\nrequire('./b.js');\n// exports: ${JSON.stringify(queueFact('src/a.js#queue'))}\n// passes on: ./b.js\n`);
    write('src/b.js', `const { Worker } = require('bullmq');\nrequire('./a.js');\n// passes on: ./a.js\n`);
    const from = withReach(summaries());
    for (let ask = 0; ask < 3; ask++) expect(roleExportsOf(from, 'src/b.js')).toEqual(queueFact('src/a.js#queue'));
    expect(analysed).toEqual(['src/b.js', 'src/a.js']);
  });
});
