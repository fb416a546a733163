// bull's sandboxed processors: `queue.process([name], [concurrency], file)` runs the file in
// forked children, read by the project index from the parent as a method of a bull queue.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { summarizeFile } from '../../src/project/parse.js';

let root: string;

beforeAll(() => {
  root = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'fork-safe-bull-')));
  fs.writeFileSync(path.join(root, 'package.json'), '{}');
});

afterAll(() => {
  fs.rmSync(root, { recursive: true, force: true });
});

function targets(code: string) {
  return summarizeFile(path.join(root, 'src/queues.js'), code, root, { settings: {} })?.targets.map((target) => ({
    candidates: target.candidates.map((candidate) => path.relative(root, candidate)),
    runner: target.runner,
    count: target.count,
    site: target.site,
  }));
}

const CJS = `const Queue = require('bull');\nconst path = require('path');\nconst queue = new Queue('reports');\n`;
const one = (count: unknown, site = '`queue.process()` in src/queues.js') => [{ candidates: ['src/processors/report.js'], runner: 'bull-sandboxed', count, site }];

describe('bull queue.process(file)', () => {
  it.each([
    ['a name, a concurrency and the file', `${CJS}queue.process('monthly', 4, path.join(__dirname, 'processors/report.js'));`, { kind: 'known', value: 4 }],
    ['the file alone: one at a time', `${CJS}queue.process(path.join(__dirname, 'processors/report.js'));`, { kind: 'known', value: 1 }],
    ['a name and the file: one at a time', `${CJS}queue.process('monthly', path.resolve(__dirname, 'processors', 'report.js'));`, { kind: 'known', value: 1 }],
    ['a concurrency from a constant', `${CJS}const CONCURRENCY = 3;\nqueue.process(CONCURRENCY, path.join(__dirname, 'processors/report.js'));`, { kind: 'known', value: 3 }],
    ['a concurrency from the environment: not known', `${CJS}queue.process(Number(process.env.C), path.join(__dirname, 'processors/report.js'));`, undefined],
    ['arguments spread before the file: not known', `${CJS}const args = ['monthly', 2];\nqueue.process(...args, path.join(__dirname, 'processors/report.js'));`, undefined],
  ])('%s', (_name, code, count) => {
    expect(targets(code)).toEqual(one(count));
  });

  it('in ESM, with the file as a URL path and the queue made without new', () => {
    const code = `import Queue from 'bull';\nimport { fileURLToPath } from 'node:url';\nconst queue = Queue('reports');\nqueue.process(2, fileURLToPath(new URL('./processors/report.js', import.meta.url)));`;
    expect(targets(code)).toEqual(one({ kind: 'known', value: 2 }));
  });

  it('names nothing for a handler function, another library, or an object of its own', () => {
    expect(targets(`${CJS}queue.process(async (job) => job.data);\nqueue.process('inline', 2, function (job, done) { done(); });`)).toEqual([]);
    expect(targets(`const { Queue } = require('bullmq');\nconst q = new Queue('x');\nq.process(__dirname + '/processors/report.js');`)).toEqual([]);
    expect(targets(`const jobs = { process(file) { return file; } };\njobs.process(__dirname + '/processors/report.js');`)).toEqual([]);
  });
});

describe('a processor function imported by name', () => {
  const tasksOf = (code: string) => summarizeFile(path.join(root, 'src/queues.js'), code, root, { settings: {} })?.targets.map((target) => ({
    candidates: target.candidates.map((candidate) => path.relative(root, candidate)),
    runner: target.runner,
    taskExports: target.taskExports,
  }));

  it.each([
    ['bull, a whole require', `${CJS}const sendReport = require('./processors/report');\nqueue.process('monthly', 2, sendReport);`, ['default', 'module.exports']],
    ['bull, a destructured require', `${CJS}const { sendReport } = require('./processors/report');\nqueue.process(sendReport);`, ['sendReport']],
    ['bullmq, a named import', `import { Worker } from 'bullmq';\nimport { sendReport } from './processors/report.js';\nnew Worker('reports', sendReport, { connection: {} });`, ['sendReport']],
    ['bullmq, a default import', `import { Worker } from 'bullmq';\nimport sendReport from './processors/report.js';\nnew Worker('reports', sendReport);`, ['default', 'module.exports']],
    ['bullmq, a member of a namespace import', `import { Worker } from 'bullmq';\nimport * as processors from './processors/report.js';\nnew Worker('reports', processors.sendReport);`, ['sendReport']],
    ['bull, a member of a whole require', `${CJS}const processors = require('./processors/report');\nqueue.process(processors.sendReport);`, ['sendReport']],
  ])('names its module and export: %s', (_name, code, taskExports) => {
    const candidate = code.includes("'./processors/report.js'") ? 'src/processors/report.js' : 'src/processors/report';
    expect(tasksOf(code)).toEqual([{ candidates: [candidate], runner: 'imported-processor', taskExports }]);
  });

  it('names nothing for a function of this file, a package export, or an argument that is no processor', () => {
    expect(tasksOf(`${CJS}function sendReport(job) { return job.data; }\nqueue.process(sendReport);`)).toEqual([]);
    expect(tasksOf(`${CJS}const { sendReport } = require('report-kit');\nqueue.process(sendReport);`)).toEqual([]);
    expect(tasksOf(`${CJS}const { processors } = require('./processors/report');\nqueue.process(processors.sendReport);`)).toEqual([]);
    expect(tasksOf(`${CJS}const processors = require('./processors/report');\nqueue.process(processors[name]);`)).toEqual([]);
    expect(tasksOf(`import { Worker } from 'node:worker_threads';\nimport { file } from './paths.js';\nnew Worker(file, { workerData: {} });`)).toEqual([]);
  });
});
