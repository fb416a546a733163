/**
 * The project index's pieces: the path each form of fork site names, the worker count
 * it gives, TypeScript source mapping, and the bounds of what is read.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { summarizeFile } from '../../src/project/parse.js';
import { projectIndexFor } from '../../src/project/project-index.js';
import { resolveSource, statInside, MAX_FILE_BYTES } from '../../src/project/files.js';

let root: string;
const parse = { settings: {} };

beforeAll(() => {
  root = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'fork-safe-engine-')));
  fs.writeFileSync(path.join(root, 'package.json'), '{}');
  fs.mkdirSync(path.join(root, 'src'));
});

afterAll(() => {
  fs.rmSync(root, { recursive: true, force: true });
});

function targets(code: string, file = 'src/parent.js') {
  const full = path.join(root, file);
  return summarizeFile(full, code, root, parse)?.targets.map((target) => ({ candidates: target.candidates.map((c) => path.relative(root, c)), runner: target.runner, count: target.count, isolate: target.isolate, parentLoads: target.parentLoads }));
}

describe('the file a fork site names', () => {
  it.each([
    [`import Piscina from 'piscina';\nnew Piscina({ filename: new URL('./w.js', import.meta.url).href });`, ['src/w.js'], 'piscina'],
    [`import { Tinypool } from 'tinypool';\nimport { fileURLToPath } from 'node:url';\nnew Tinypool({ filename: fileURLToPath(new URL('./w.mjs', import.meta.url)) });`, ['src/w.mjs'], 'tinypool'],
    [`import { Worker } from 'node:worker_threads';\nnew Worker(new URL('./w.js', import.meta.url));`, ['src/w.js'], 'worker_threads'],
    [`const { fork } = require('child_process');\nconst path = require('path');\nfork(path.join(__dirname, 'jobs', 'child.js'));`, ['src/jobs/child.js'], 'child_process'],
    [`const workerpool = require('workerpool');\nworkerpool.pool(__dirname + '/w.js');`, ['src/w.js'], 'workerpool'],
    [`const { Worker } = require('bullmq');\nconst { resolve } = require('node:path');\nnew Worker('q', resolve(__dirname, '../processor.js'), { connection: {} });`, ['processor.js'], 'bullmq-sandboxed'],
    [`const { Worker } = require('jest-worker');\nnew Worker(require.resolve('./w'));`, ['src/w'], 'jest-worker'],
    [`import path from 'node:path';\nimport { FixedThreadPool } from 'poolifier';\nconst DIR = import.meta.dirname;\nnew FixedThreadPool(4, path.join(DIR, \`w.js\`));`, ['src/w.js'], 'poolifier'],
    [`import { spawn, Worker } from 'threads';\nawait spawn(new Worker('./w'));`, ['src/w'], 'worker_threads'],
    // Node resolves a relative string against the working directory: the project root, or (as often meant) the file's folder.
    [`import { Worker } from 'node:worker_threads';\nnew Worker('./workers/w.js');`, ['workers/w.js', 'src/workers/w.js'], 'worker_threads'],
    [`import cluster from 'node:cluster';\ncluster.setupPrimary({ exec: \`\${process.cwd()}/src/app.js\` });`, ['src/app.js'], 'child_process'],
  ])('%s', (code, candidates, runner) => {
    expect(targets(code)).toEqual([expect.objectContaining({ candidates, runner })]);
  });

  it('reads Bree jobs under their root', () => {
    const code = `const Bree = require('bree');\nconst path = require('path');\nnew Bree({ root: path.join(__dirname, 'jobs'), jobs: ['a', { name: 'b' }, { name: 'c', path: path.join(__dirname, 'other.js') }] });`;
    expect(targets(code)?.map((target) => target.candidates)).toEqual([['src/jobs/a.js'], ['src/jobs/b.js'], ['src/other.js']]);
  });

  it('names nothing it cannot know: run-time paths, functions, names from other modules', () => {
    expect(targets(`import { Worker } from 'node:worker_threads';\nnew Worker(process.argv[2]);\nnew Worker(getPath());`)).toEqual([]);
    expect(targets(`import { Worker } from 'bullmq';\nnew Worker('q', async (job) => job.data, { connection: {} });`)).toEqual([]);
    // `join` from a module that is not Node's `path`.
    expect(targets(`import { Worker } from 'node:worker_threads';\nimport { join } from './paths.js';\nnew Worker(join(__dirname, 'w.js'));`)).toEqual([]);
    // A `Worker` that is not worker_threads'.
    expect(targets(`class Worker {}\nnew Worker('./w.js');`)).toEqual([]);
  });
});

describe('the worker count and options kept with it', () => {
  it.each([
    [`import Piscina from 'piscina';\nnew Piscina({ filename: '/abs/w.js', maxThreads: 4 });`, { kind: 'known', value: 4 }],
    [`import Piscina from 'piscina';\nimport os from 'node:os';\nnew Piscina({ filename: '/abs/w.js', maxThreads: os.availableParallelism() });`, { kind: 'per-cpu' }],
    [`import Piscina from 'piscina';\nnew Piscina({ filename: '/abs/w.js', maxThreads: Number(process.env.T) || 4 });`, undefined],
    [`import Piscina from 'piscina';\nnew Piscina({ filename: '/abs/w.js' });`, undefined],
    [`import Piscina from 'piscina';\nfor (let i = 0; i < 3; i++) new Piscina({ filename: '/abs/w.js', maxThreads: 2 });`, { kind: 'known', value: 6 }],
    [`import { Worker } from 'node:worker_threads';\nfor (let i = 0; i < 5; i++) new Worker('/abs/w.js');`, { kind: 'known', value: 5 }],
    [`import { Worker } from 'node:worker_threads';\nexport function onRequest() { new Worker('/abs/w.js'); }`, undefined],
    [`const { Worker } = require('bullmq');\nnew Worker('q', '/abs/p.js', { connection: {}, concurrency: 16 });`, { kind: 'known', value: 16 }],
  ])('%s', (code, count) => {
    expect(targets(code)?.[0]?.count).toEqual(count);
  });

  it('keeps tinypool isolateWorkers and jest-worker without exposedMethods', () => {
    expect(targets(`import Tinypool from 'tinypool';\nnew Tinypool({ filename: '/abs/w.js', isolateWorkers: true });`)?.[0]?.isolate).toBe(true);
    expect(targets(`import Tinypool from 'tinypool';\nnew Tinypool({ filename: '/abs/w.js' });`)?.[0]?.isolate).toBeUndefined();
    expect(targets(`import { Worker } from 'jest-worker';\nnew Worker('/abs/w.js');`)?.[0]?.parentLoads).toBe(true);
    expect(targets(`import { Worker } from 'jest-worker';\nnew Worker('/abs/w.js', { exposedMethods: ['run'] });`)?.[0]?.parentLoads).toBeUndefined();
  });

  it('parses TypeScript parents with the project parser', () => {
    const code = `import path from 'node:path';\nimport { Piscina } from 'piscina';\nconst options: { maxThreads: number } = { maxThreads: 2 };\nexport const pool = new Piscina({ filename: path.resolve(__dirname, 'w.js'), maxThreads: options.maxThreads as number });`;
    expect(targets(code, 'src/parent.ts')).toEqual([expect.objectContaining({ candidates: ['src/w.js'], runner: 'piscina', count: { kind: 'known', value: 2 } })]);
  });
});

describe('files the index reads', () => {
  it('maps a compiled .js path to its TypeScript source, and adds extensions', () => {
    fs.writeFileSync(path.join(root, 'src/task.ts'), 'export default 1;');
    fs.writeFileSync(path.join(root, 'src/plain.js'), 'module.exports = 1;');
    expect(resolveSource(path.join(root, 'src/task.js'), root, root)).toBe(path.join(root, 'src/task.ts'));
    expect(resolveSource(path.join(root, 'src/plain'), root, root)).toBe(path.join(root, 'src/plain.js'));
    expect(resolveSource(path.join(root, 'src/missing.js'), root, root)).toBeUndefined();
  });

  it('reads nothing outside the project, through a link, or over the size bound', () => {
    const outside = fs.mkdtempSync(path.join(os.tmpdir(), 'fork-safe-out-'));
    try {
      fs.writeFileSync(path.join(outside, 'w.js'), '');
      fs.symlinkSync(path.join(outside, 'w.js'), path.join(root, 'src/linked.js'));
      fs.writeFileSync(path.join(root, 'src/big.js'), 'x'.repeat(MAX_FILE_BYTES + 1));
      expect(statInside(path.join(outside, 'w.js'), root, root)).toBeUndefined();
      expect(statInside(path.join(root, 'src/linked.js'), root, root)).toBeUndefined();
      expect(statInside(path.join(root, 'src/big.js'), root, root)).toBeUndefined();
      expect(statInside(path.join(root, 'src/plain.js'), root, root)).toBeDefined();
    } finally {
      fs.rmSync(outside, { recursive: true, force: true });
    }
  });

  it('finds the parent of a worker, and has no project for a file outside any package', () => {
    fs.writeFileSync(path.join(root, 'src/pool.js'), `import Piscina from 'piscina';\nexport default new Piscina({ filename: new URL('./task.js', import.meta.url).href, maxThreads: 3 });\n`);
    const index = projectIndexFor(path.join(root, 'src/task.ts'), parse)!;
    expect(index.targetsOf(path.join(root, 'src/task.ts'), parse)).toEqual([
      expect.objectContaining({ runner: 'piscina', count: { kind: 'known', value: 3 }, site: '`new Piscina()` in src/pool.js', parent: path.join(root, 'src/pool.js') }),
    ]);
    expect(projectIndexFor('/no-such-folder/file.js', parse)).toBeUndefined();
    expect(projectIndexFor('relative.js', parse)).toBeUndefined();
  });
});

describe('the modules a file loads as it loads', () => {
  it('leaves out the imports TypeScript erases', () => {
    const code = [
      `import { type Config } from './db.js';`,
      `import type { Other } from './other.js';`,
      `import { type A, b } from './kept.js';`,
      `import './side.js';`,
      `export type { T } from './types.js';`,
      `export const config: Config = { n: 1 };`,
    ].join('\n');
    expect(summarizeFile(path.join(root, 'src/config.ts'), code, root, parse)?.imports).toEqual(['./kept.js', './side.js']);
  });

  it('keeps require() at load time and leaves out what runs later', () => {
    const code = `const db = require('./db');\nfunction later() { return require('./later'); }\nmodule.exports = { db, later };`;
    expect(summarizeFile(path.join(root, 'src/index.cjs'), code, root, parse)?.imports).toEqual(['./db']);
  });
});
