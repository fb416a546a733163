// A parent that ends the worker it started from a listener of that worker's own messages
// (`worker.terminate()`, a child's `kill()`): the project index says so of the fork site,
// and a run-once worker it runs then leaks nothing when it leaves a connection open.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { summarizeFile } from '../../src/project/parse.js';

let root: string;

beforeAll(() => {
  root = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'fork-safe-ended-')));
  fs.writeFileSync(path.join(root, 'package.json'), '{}');
});

afterAll(() => {
  fs.rmSync(root, { recursive: true, force: true });
});

function endedOnMessage(code: string, file = 'parent.js'): (boolean | undefined)[] | undefined {
  return summarizeFile(path.join(root, file), code, root, { settings: {} })?.targets.map((target) => target.endedOnMessage);
}

const THREADS = `import { Worker } from 'node:worker_threads';\n`;

describe('a parent that ends the worker when it reports', () => {
  it.each([
    ['terminate() in its message listener', `${THREADS}const w = new Worker('./w.js');\nw.on('message', () => w.terminate());`],
    ['in a branch of the listener, with once()', `${THREADS}const w = new Worker('./w.js');\nw.once('message', (m) => { if (m === 'done') w.terminate(); });`],
    ['kept in an assigned variable', `${THREADS}let w;\nw = new Worker('./w.js');\nw.addListener('message', function () { void w.terminate(); });`],
    ['a child killed on its message', `import { fork } from 'node:child_process';\nconst child = fork('./c.js');\nchild.on('message', () => child.kill());`],
    ['in CommonJS, inside a promise', `const { Worker } = require('worker_threads');\nmodule.exports = () => new Promise((resolve) => {\n  const w = new Worker(__dirname + '/w.js');\n  w.on('message', (m) => { resolve(m); w.terminate(); });\n});`],
  ])('%s', (_name, code) => {
    expect(endedOnMessage(code)).toEqual([true]);
  });

  it.each([
    ['no listener at all', `${THREADS}const w = new Worker('./w.js');\nw.on('exit', () => {});`],
    ['terminate() only on an error', `${THREADS}const w = new Worker('./w.js');\nw.on('error', () => w.terminate());`],
    ['terminate() outside the listener', `${THREADS}const w = new Worker('./w.js');\nw.on('message', console.log);\nsetTimeout(() => w.terminate(), 1000);`],
    ['another worker ended in the listener', `${THREADS}export function start(other) {\n  const w = new Worker('./w.js');\n  w.on('message', () => other.terminate());\n}`],
    ['a method that does not end it', `${THREADS}const w = new Worker('./w.js');\nw.on('message', () => w.postMessage('again'));`],
    ['a child only disconnected, which keeps running', `import { fork } from 'node:child_process';\nconst child = fork('./c.js');\nchild.on('message', () => child.disconnect());`],
    ['a worker not kept in a variable', `${THREADS}new Worker('./w.js').on('message', function () { this.terminate(); });`],
  ])('not when: %s', (_name, code) => {
    expect(endedOnMessage(code)).toEqual([undefined]);
  });
});
