/**
 * The fork files of a project, found by the words of their strings: every parent that
 * names a file (by its stem, or an `index` file by its folder) and only those, in the
 * order of the walk, and again after a walk that finds a parent changed or added.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { REFRESH_MS } from '../../src/project/clock.js';
import { projectIndexFor } from '../../src/project/project-index.js';

let root: string;
const parse = { settings: {} };
/** Moves the project clock past REFRESH_MS, so the next ask looks at the disk again. */
const passRefresh = (): void => {
  vi.advanceTimersByTime(REFRESH_MS + 100);
};

function write(file: string, text: string): void {
  fs.mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
  fs.writeFileSync(path.join(root, file), text);
}

const parentsOf = (file: string): string[] =>
  projectIndexFor(path.join(root, file), parse)!.targetsOf(path.join(root, file), parse).map((target) => path.relative(root, target.parent).split(path.sep).join('/'));

const workerOf = (target: string): string => `import { Worker } from 'node:worker_threads';\nnew Worker(new URL('${target}', import.meta.url));\n`;

beforeAll(() => {
  root = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'fork-safe-fork-files-')));
  write('package.json', '{}');
  write('src/a-parent.js', workerOf('./resize-worker.js'));
  write('src/b-parent.js', workerOf('./jobs/index.js'));
  write('src/c-parent.js', workerOf('./jobs'));
  // Names the words of the worker in other strings: a candidate that its summary turns down.
  write('src/d-parent.js', `${workerOf('./other.js')}const label = 'resize' + '-' + 'worker';\n`);
  write('src/resize-worker.js', `export default () => 1;\n`);
  write('src/jobs/index.js', `export default () => 2;\n`);
});

// The project clock reads performance.now(): held still, a walk is as fresh as the test says, however slow the machine.
beforeEach(() => {
  vi.useFakeTimers({ toFake: ['performance'] });
});

afterEach(() => {
  vi.useRealTimers();
});

afterAll(() => {
  fs.rmSync(root, { recursive: true, force: true });
});

describe('the parents of a file', () => {
  it('are the fork files that name it, by its stem or by its folder, in the order of the walk', () => {
    expect(parentsOf('src/resize-worker.js')).toEqual(['src/a-parent.js']);
    expect(parentsOf('src/jobs/index.js')).toEqual(['src/b-parent.js', 'src/c-parent.js']);
    expect(parentsOf('src/other.js')).toEqual([]);
    // A second ask, from the same walk or from one that finds the same files, gives the same answer.
    expect(parentsOf('src/jobs/index.js')).toEqual(['src/b-parent.js', 'src/c-parent.js']);
  });

  it('follow a walk that finds a parent changed or added', () => {
    expect(parentsOf('src/resize-worker.js')).toEqual(['src/a-parent.js']);
    write('src/a-parent.js', workerOf('./jobs/index.js'));
    write('src/e-parent.js', workerOf('./resize-worker.js'));
    passRefresh();
    expect(parentsOf('src/resize-worker.js')).toEqual(['src/e-parent.js']);
    expect(parentsOf('src/jobs/index.js')).toEqual(['src/a-parent.js', 'src/b-parent.js', 'src/c-parent.js']);
  });
});
