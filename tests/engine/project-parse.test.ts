/**
 * A project module read without a Linter (its SourceCode built directly) gives the same
 * summary as one read through ESLint's Linter and a probe rule: for every file of the
 * examples and the fixture projects, and for the forms where the two could differ
 * (CommonJS globals, `/* global *\/` comments, a BOM, TypeScript, a syntax error).
 */
import fs from 'node:fs';
import path from 'node:path';
import tsParser from '@typescript-eslint/parser';
import { NO_PROJECT } from '../../src/analysis/project-view.js';
import { analyzeModule, analyzeWithLinter } from '../../src/project/parse.js';

const repository = path.resolve(import.meta.dirname, '../..');
const parse = { settings: {} };

function sourceFiles(directory: string): string[] {
  return fs.readdirSync(directory, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(directory, entry.name);
    if (entry.isDirectory()) return entry.name === 'node_modules' ? [] : sourceFiles(full);
    return /\.(?:[cm]?[jt]s)$/.test(entry.name) ? [full] : [];
  });
}

function both(file: string, text: string) {
  const root = path.dirname(file);
  return {
    direct: analyzeModule(file, text, root, parse, NO_PROJECT),
    linter: analyzeWithLinter(file, text, root, parse, NO_PROJECT, /\.[cm]?ts$/.test(file) ? tsParser : undefined),
  };
}

const files = [...sourceFiles(path.join(repository, 'examples')), ...sourceFiles(path.join(repository, 'tests/fixtures/projects'))];

describe('the same summary with and without a Linter', () => {
  it.each(files.map((file) => [path.relative(repository, file), file]))('%s', (_name, file) => {
    const { direct, linter } = both(file, fs.readFileSync(file, 'utf8'));
    expect(direct).toBeDefined();
    expect(direct).toEqual(linter);
  });

  it.each([
    ['a CommonJS require the config does not declare', 'lib/db.cjs', `const { Pool } = require('pg');\nconst pool = new Pool();\npool.query('select 1');\nmodule.exports = pool;\n`],
    ['a /* global */ comment', 'lib/server.js', `/* global process */\nconst cluster = require('cluster');\nconst { Pool } = require('pg');\nconst pool = new Pool();\nif (cluster.isPrimary) cluster.fork(); else pool.query('x');\n`],
    ['a BOM', 'lib/bom.js', `\uFEFFconst { fork } = require('child_process');\nfork(__dirname + '/child.js');\n`],
    ['TypeScript', 'lib/worker.ts', `import { Worker } from 'node:worker_threads';\nconst count: number = 4;\nfor (let i = 0; i < count; i++) new Worker(new URL('./w.js', import.meta.url));\n`],
    ['ESM that CommonJS cannot parse', 'lib/esm.js', `import { Worker } from 'node:worker_threads';\nexport const w = new Worker(new URL('./w.js', import.meta.url));\n`],
  ])('%s', (_name, file, text) => {
    const { direct, linter } = both(path.join(repository, 'tests/fixtures/projects/typescript', file), text);
    expect(direct).toBeDefined();
    expect(direct).toEqual(linter);
  });

  // Parsed without JSX first (as ESLint parses a .js file by default), then with it.
  it('reads a .js module that holds JSX', () => {
    const file = path.join(repository, 'tests/fixtures/projects/typescript/lib/view.js');
    const text = `import pg from 'pg';\nexport const pool = new pg.Pool();\nexport const View = () => <p>{pool.totalCount}</p>;\n`;
    const direct = analyzeModule(file, text, path.dirname(file), parse, NO_PROJECT);
    expect(direct?.exports.pool).toMatchObject({ kind: 'connection' });
    expect(Object.keys(direct?.exports ?? {})).toEqual(['pool']);
  });

  it('reads nothing from a file that does not parse', () => {
    const { direct, linter } = both(path.join(repository, 'lib/broken.js'), 'const = ;');
    expect(direct).toBeUndefined();
    expect(linter).toBeUndefined();
  });
});
