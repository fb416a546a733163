// Issue 11: runners that run a processor file in another process, read by the project
// index from the file that names it (node-cron background tasks, agenda fork mode), and
// cluster workers started by a fork site handed over by reference.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { summarizeFile } from '../../src/project/parse.js';
import { factsOf } from '../helpers/facts.js';

let root: string;
const parse = { settings: {} };

beforeAll(() => {
  root = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'fork-safe-s11b-')));
  fs.writeFileSync(path.join(root, 'package.json'), '{}');
  fs.mkdirSync(path.join(root, 'src', 'tasks'), { recursive: true });
});

afterAll(() => {
  fs.rmSync(root, { recursive: true, force: true });
});

function targets(code: string, file = 'src/parent.js') {
  return summarizeFile(path.join(root, file), code, root, parse)?.targets.map((target) => ({
    candidates: target.candidates.map((candidate) => path.relative(root, candidate)),
    runner: target.runner,
    count: target.count,
  }));
}

const ONE = { kind: 'known', value: 1 };

describe('processor files run in another process', () => {
  it.each([
    // node-cron resolves a relative task path against the calling file.
    // One child process per background task.
    ['node-cron schedule()', `import cron from 'node-cron';\ncron.schedule('*/5 * * * *', './tasks/report.js');`, ['src/tasks/report.js'], 'exports', ONE],
    ['node-cron createTask(), named', `import { createTask } from 'node-cron';\ncreateTask('0 * * * *', './tasks/report.js').start();`, ['src/tasks/report.js'], 'exports', ONE],
    ['node-cron in CommonJS', `const cron = require('node-cron');\nconst path = require('path');\ncron.schedule('* * * * *', path.join(__dirname, 'tasks', 'report.js'));`, ['src/tasks/report.js'], 'exports', ONE],
    [
      'agenda forkHelper, with maxConcurrency',
      `import { Agenda } from 'agenda';\nnew Agenda({ forkHelper: { path: 'src/tasks/child-worker.js' }, maxConcurrency: 4 });`,
      ['src/tasks/child-worker.js', 'src/src/tasks/child-worker.js'], 'child_process', { kind: 'known', value: 4 },
    ],
    // Unwritten, agenda's own default (20) is not assumed.
    ['agenda in CommonJS, default concurrency', `const Agenda = require('agenda');\nnew Agenda({ forkHelper: { path: 'workers/child.js' } });`, ['workers/child.js', 'src/workers/child.js'], 'child_process', undefined],
  ])('%s', (_name, code, candidates, runner, count) => {
    const found = targets(code)!;
    expect(found.map((target) => target.runner)).toEqual([runner]);
    expect(found[0]!.count).toEqual(count);
    expect(found[0]!.candidates).toEqual(candidates);
  });

  it('names nothing for an inline function or a path it cannot read', () => {
    expect(targets(`import cron from 'node-cron';\ncron.schedule('* * * * *', async () => {});\ncron.schedule('* * * * *', taskFile);`)).toEqual([]);
    expect(targets(`import { Agenda } from 'agenda';\nnew Agenda({ db: { address: 'mongodb://db/agenda' } });`)).toEqual([]);
    // A `schedule` that is not node-cron's.
    expect(targets(`import { schedule } from 'node-schedule';\nschedule('* * * * *', './tasks/report.js');`)).toEqual([]);
  });

  it('counts cluster workers started by a fork site handed over by reference', () => {
    const code = `import cluster from 'node:cluster';\nimport os from 'node:os';\ncluster.setupPrimary({ exec: '/abs/worker.js' });\nos.cpus().forEach(cluster.fork);\ncluster.on('exit', cluster.fork);`;
    expect(targets(code)).toEqual([expect.objectContaining({ runner: 'child_process', count: { kind: 'per-cpu' } })]);
  });

  it("makes a node-cron task file's exported task a task function", () => {
    const task = `import pg from 'pg';\nconst pool = new pg.Pool();\nexport async function task() {\n  await pool.query('SELECT 1');\n}\n`;
    fs.writeFileSync(path.join(root, 'src', 'scheduler.js'), `import cron from 'node-cron';\ncron.schedule('* * * * *', './tasks/report.js');\n`);
    fs.writeFileSync(path.join(root, 'src', 'tasks', 'report.js'), task);
    const facts = factsOf(task, {
      cwd: root,
      filename: 'src/tasks/report.js',
    });
    expect(facts.workers.entries.map((entry) => [entry.source, entry.runner])).toEqual([['project-index', 'exports']]);
    expect(facts.workers.tasks.map((task) => task.label)).toEqual([expect.stringContaining('task')]);
  });
});
