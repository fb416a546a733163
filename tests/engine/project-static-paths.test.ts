/**
 * Fork targets written against the file's own location, as real services write them:
 * `path.join(__dirname, …)`, `path.resolve(__dirname, …)`, `path.dirname(__filename) +
 * '/x.js'`, `new URL('./x.js', import.meta.url)`, and the ESM `__dirname` made of
 * `dirname(fileURLToPath(import.meta.url))`. Each resolves in JavaScript (ESM and
 * CommonJS) and TypeScript, and the worker it names gets the fork site as its entry.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { summarizeFile } from '../../src/project/parse.js';
import { projectIndexFor } from '../../src/project/project-index.js';

let root: string;
const parse = { settings: {} };

beforeAll(() => {
  root = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'fork-safe-paths-')));
  fs.writeFileSync(path.join(root, 'package.json'), '{}');
  fs.mkdirSync(path.join(root, 'src/workers'), { recursive: true });
});

afterAll(() => {
  fs.rmSync(root, { recursive: true, force: true });
});

function candidates(code: string, file = 'src/parent.js'): string[][] | undefined {
  return summarizeFile(path.join(root, file), code, root, parse)?.targets.map((target) => target.candidates.map((c) => path.relative(root, c).split(path.sep).join('/')));
}

describe('a worker path written against the file\'s own location', () => {
  it.each([
    ['CommonJS path.join(__dirname, …)', `const { fork } = require('child_process');\nconst path = require('path');\nfork(path.join(__dirname, 'workers', 'x.js'));`, 'src/parent.cjs'],
    ['CommonJS require(\'path\').join(__dirname, …), the module required where it is used', `const { fork } = require('child_process');\nfork(require('path').join(__dirname, 'workers', 'x.js'));`, 'src/parent.cjs'],
    ['CommonJS path.resolve(__dirname, …)', `const { Worker } = require('worker_threads');\nconst path = require('node:path');\nnew Worker(path.resolve(__dirname, 'workers/x.js'));`, 'src/parent.cjs'],
    ['CommonJS path.dirname(__filename) + …', `const { fork } = require('child_process');\nconst path = require('path');\nfork(path.dirname(__filename) + '/workers/x.js');`, 'src/parent.cjs'],
    ['CommonJS destructured dirname', `const { fork } = require('child_process');\nconst { dirname, join } = require('path');\nfork(join(dirname(__filename), 'workers', 'x.js'));`, 'src/parent.cjs'],
    ['ESM new URL(…, import.meta.url)', `import { Worker } from 'node:worker_threads';\nnew Worker(new URL('./workers/x.js', import.meta.url));`, 'src/parent.mjs'],
    ['ESM __dirname from fileURLToPath', `import { fork } from 'node:child_process';\nimport path from 'node:path';\nimport { fileURLToPath } from 'node:url';\nconst __dirname = path.dirname(fileURLToPath(import.meta.url));\nfork(path.join(__dirname, 'workers/x.js'));`, 'src/parent.mjs'],
    ['ESM dirname(fileURLToPath(import.meta.url)) inline', `import { Worker } from 'node:worker_threads';\nimport { dirname, resolve } from 'node:path';\nimport { fileURLToPath } from 'node:url';\nnew Worker(resolve(dirname(fileURLToPath(import.meta.url)), 'workers', 'x.js'));`, 'src/parent.mjs'],
    ['cluster.setupPrimary({ exec: path.join(__dirname, …) })', `const cluster = require('cluster');\nconst path = require('path');\ncluster.setupPrimary({ exec: path.join(__dirname, 'workers/x.js') });\ncluster.fork();`, 'src/parent.cjs'],
    ['TypeScript path.resolve(__dirname, …)', `import path from 'node:path';\nimport { Worker } from 'node:worker_threads';\nconst file: string = path.resolve(__dirname, 'workers', 'x.js');\nnew Worker(file);`, 'src/parent.ts'],
    ['TypeScript path.dirname(__filename) + …', `import * as path from 'path';\nimport { fork } from 'child_process';\nfork(\`\${path.dirname(__filename)}/workers/x.js\`);`, 'src/parent.ts'],
  ])('%s', (_name, code, file) => {
    expect(candidates(code, file)).toEqual([['src/workers/x.js']]);
  });

  it('names nothing it cannot know: a dirname of a run-time value, a dirname from another module', () => {
    expect(candidates(`const { fork } = require('child_process');\nconst path = require('path');\nfork(path.dirname(process.argv[1]) + '/x.js');`, 'src/parent.cjs')).toEqual([]);
    expect(candidates(`const { fork } = require('child_process');\nconst { dirname } = require('./paths');\nfork(dirname(__filename) + '/x.js');`, 'src/parent.cjs')).toEqual([]);
  });

  it('gives the worker it names its fork site, for each form', () => {
    const forms: Record<string, string> = {
      'src/a.cjs': `const { fork } = require('child_process');\nconst path = require('path');\nfork(path.dirname(__filename) + '/workers/a-worker.js');\n`,
      'src/b.mjs': `import { Worker } from 'node:worker_threads';\nnew Worker(new URL('./workers/b-worker.js', import.meta.url));\n`,
      'src/c.cjs': `const { Worker } = require('worker_threads');\nconst path = require('path');\nnew Worker(path.resolve(__dirname, 'workers', 'c-worker.js'));\n`,
      'src/d.ts': `import path from 'node:path';\nimport { fork } from 'node:child_process';\nfork(path.join(__dirname, 'workers', 'd-worker.js'));\n`,
    };
    for (const [file, code] of Object.entries(forms)) fs.writeFileSync(path.join(root, file), code);
    for (const name of ['a-worker.js', 'b-worker.js', 'c-worker.js', 'd-worker.ts']) fs.writeFileSync(path.join(root, 'src/workers', name), 'export {};\n');
    const expected: Record<string, string> = { 'a-worker.js': 'src/a.cjs', 'b-worker.js': 'src/b.mjs', 'c-worker.js': 'src/c.cjs', 'd-worker.ts': 'src/d.ts' };
    for (const [worker, parent] of Object.entries(expected)) {
      const file = path.join(root, 'src/workers', worker);
      const index = projectIndexFor(file, parse)!;
      expect(index.targetsOf(file, parse).map((target) => path.relative(root, target.parent).split(path.sep).join('/'))).toEqual([parent]);
    }
  });
});
