/**
 * Relevance and worker entries as the analysis asks the project view: a file that names
 * no tracked module is analysed when a project module it imports exports something; a
 * worker entry is attached from the index even when the entry makes no connection
 * itself, as long as it reaches one through its project modules. The view is a stand-in
 * that counts what it is asked.
 */
import { Linter } from 'eslint';
import tsParser from '@typescript-eslint/parser';
import { analyzeFile, type Facts } from '../../src/analysis/facts.js';
import { NO_EXPORTS, type ModuleExports } from '../../src/analysis/exports/module-exports.js';
import { NO_PROJECT, type ProjectView } from '../../src/analysis/project-view.js';
import { moduleSpecifiers, relativeSpecifiers } from '../../src/analysis/relevance.js';
import type { ExternalEntry } from '../../src/analysis/workers.js';

const CLOSE_WRAPPER: ModuleExports = {
  closeDB: { kind: 'close', connection: { holder: 'library:mongoose', entity: 'mongoose.Mongoose', opensOnLoad: false, place: { module: 'src/db.js', line: 3 } } },
};
const ENTRY: ExternalEntry = { source: 'project-index', runner: 'piscina', site: '`new Piscina()` in src/pool.js' };

interface Asked {
  imported: string[];
  entries: number;
}

function view(exports: Readonly<Record<string, ModuleExports>>, asked: Asked, connecting: readonly string[] = []): ProjectView {
  return {
    ...NO_PROJECT,
    // Nothing is known of the imports' text: what they export is asked.
    importsThatMayGiveRole: () => undefined,
    entriesOfThisFile: () => {
      asked.entries++;
      return [ENTRY];
    },
    importedModule: (specifier) => {
      asked.imported.push(specifier);
      const found = () => exports[specifier] ?? NO_EXPORTS;
      return { connectionOnLoad: () => undefined, mayConnectOnLoad: () => connecting.includes(specifier), exports: found, roleExports: found };
    },
  };
}

function factsOf(code: string, project: ProjectView, options: { sourceType?: 'module' | 'commonjs'; typescript?: boolean } = {}): Facts {
  let facts: Facts | undefined;
  const plugin = {
    rules: {
      facts: {
        meta: { schema: [] },
        create(context: never) {
          const { sourceCode, filename, cwd, settings } = context as unknown as { sourceCode: never; filename: string; cwd: string; settings: Record<string, unknown> };
          facts = analyzeFile({ sourceCode, filename, cwd, settings, project });
          void facts.workers;
          return {};
        },
      },
    },
  };
  const messages = new Linter({ cwd: '/project' }).verify(code, [{
    files: ['**/*.{js,ts}'],
    languageOptions: { ecmaVersion: 'latest', sourceType: options.sourceType ?? 'module', ...(options.typescript ? { parser: tsParser as never } : {}) },
    plugins: { p: plugin as never },
    rules: { 'p/facts': 'error' },
  }], options.typescript ? '/project/src/task.ts' : '/project/src/task.js');
  expect(messages.filter((message) => message.fatal)).toEqual([]);
  return facts!;
}

const WORKER = {
  esm: `import { closeDB } from './db.js';\nexport default async function task(job) {\n  await closeDB();\n  return job;\n}\n`,
  cjs: `const { closeDB } = require('./db');\nmodule.exports = async (job) => {\n  await closeDB();\n  return job;\n};\n`,
  ts: `import { closeDB } from './db.js';\nexport default async function task(job: { id: string }): Promise<string> {\n  await closeDB();\n  return job.id;\n}\n`,
};

describe('a file that names no tracked module', () => {
  it.each([
    ['ESM', WORKER.esm, './db.js', {}],
    ['CommonJS', WORKER.cjs, './db', { sourceType: 'commonjs' as const }],
    ['TypeScript', WORKER.ts, './db.js', { typescript: true }],
  ])('%s: is relevant when an imported project module exports something, and gets its entries from the index', (_name, code, specifier, options) => {
    const asked: Asked = { imported: [], entries: 0 };
    const facts = factsOf(code, view({ [specifier]: CLOSE_WRAPPER }, asked), options);
    expect(facts.relevant).toBe(true);
    expect(asked.imported).toContain(specifier);
    expect(asked.entries).toBe(1);
    expect(facts.workers.entries.some((entry) => entry.source === 'project-index')).toBe(true);
  });

  it.each([
    ['ESM', WORKER.esm, {}],
    ['CommonJS', WORKER.cjs, { sourceType: 'commonjs' as const }],
    ['TypeScript', WORKER.ts, { typescript: true }],
  ])('%s: is not relevant when what it imports exports nothing, and asks for no entries', (_name, code, options) => {
    const asked: Asked = { imported: [], entries: 0 };
    const facts = factsOf(code, view({}, asked), options);
    expect(facts.relevant).toBe(false);
    expect(asked.entries).toBe(0);
  });

  it('with no relative import, asks nothing of its project', () => {
    const asked: Asked = { imported: [], entries: 0 };
    const facts = factsOf(`import path from 'node:path';\nimport { chunk } from 'lodash';\nexport const here = chunk([path.resolve('.')], 1);\n`, view({}, asked));
    expect(facts.relevant).toBe(false);
    expect(asked).toEqual({ imported: [], entries: 0 });
  });
});

describe('a worker that makes no connection itself', () => {
  it('gets no entries from the index when it reaches no connection either', () => {
    const asked: Asked = { imported: [], entries: 0 };
    const facts = factsOf(`import { Worker } from 'node:worker_threads';\nimport { format } from './format.js';\nexport const log = (line) => console.log(format(line));\n`, view({}, asked));
    expect(facts.relevant).toBe(true);
    void facts.workers;
    expect(asked.entries).toBe(0);
  });
});

describe('a file that only starts workers', () => {
  const PRIMARY = `import cluster from 'node:cluster';\nimport { banner } from './format.js';\nif (cluster.isPrimary) cluster.fork();\nelse console.log(banner());\n`;

  it('is relevant (the fork tree reads it) but reaches no connection: the rules stop there', () => {
    const facts = factsOf(PRIMARY, view({}, { imported: [], entries: 0 }));
    expect(facts.relevant).toBe(true);
    expect(facts.reachesConnections).toBe(false);
  });

  it('reaches one when it forks itself and a module it imports may connect as it loads', () => {
    const facts = factsOf(PRIMARY, view({}, { imported: [], entries: 0 }, ['./format.js']));
    expect(facts.reachesConnections).toBe(true);
  });

  it('reaches none when such a module is imported by a file that starts another file', () => {
    const code = `import { Worker } from 'node:worker_threads';\nimport { banner } from './format.js';\nexport const start = () => new Worker(new URL('./worker.js', import.meta.url), { workerData: banner() });\n`;
    const facts = factsOf(code, view({}, { imported: [], entries: 0 }, ['./format.js']));
    expect([facts.relevant, facts.reachesConnections]).toEqual([true, false]);
  });

  it('reaches one when it names a driver, or imports a module that exports a connection', () => {
    expect(factsOf(`import { Worker } from 'node:worker_threads';\nimport pg from 'pg';\nexport const pool = new pg.Pool();\n`, view({}, { imported: [], entries: 0 })).reachesConnections).toBe(true);
    expect(factsOf(`import { Worker } from 'node:worker_threads';\n${WORKER.esm}`, view({ './db.js': CLOSE_WRAPPER }, { imported: [], entries: 0 })).reachesConnections).toBe(true);
  });

  it('a worker runner alone (piscina, no driver) reaches none', () => {
    const facts = factsOf(`import Piscina from 'piscina';\nexport const pool = new Piscina({ filename: new URL('./task.js', import.meta.url).href });\n`, view({}, { imported: [], entries: 0 }));
    expect([facts.relevant, facts.reachesConnections]).toEqual([true, false]);
  });
});

describe('the specifiers a text names', () => {
  it('finds import, export … from, require and import(), and only after those words', () => {
    const text = [
      `import a from './a.js';`,
      `import {b} from "../b";`,
      `const c = require( './c' );`,
      `import('./d').then(() => {});`,
      `import './e';`,
      `export * from './f';`,
      'const g = await import(`./g`);',
      `import x = require('mysql2');`,
      `foo.require('./not-a-require');`,
      `const fromX = './not-after-from';`,
      `require.resolve('./not-a-load');`,
      `const pg = require('pg');`,
    ].join('\n');
    expect(moduleSpecifiers(text).sort()).toEqual(['../b', './a.js', './c', './d', './e', './f', './g', 'mysql2', 'pg']);
    expect(relativeSpecifiers(text).sort()).toEqual(['../b', './a.js', './c', './d', './e', './f', './g']);
  });
});
