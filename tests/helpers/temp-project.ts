/**
 * A project on disk for each test of a file, linted as one batch: the project clock
 * (performance.now()) is held still and the batch starts as if `entry` were linted first.
 * `parsed()` counts the modules parsed for their summaries: the test file must mock
 * parse.js's analyzeModule with vi.fn, as vi.mock applies to every module it loads.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { lintEnded, lintStarted } from '../../src/project/clock.js';
import { analyzeModule } from '../../src/project/parse.js';

export interface TempProject {
  readonly root: string;
  write(file: string, text: string): void;
  /** The project files parsed for their summaries since the test began, relative to the root, sorted. */
  parsed(): string[];
}

export function projectPerTest(prefix: string, entry: string, files: Readonly<Record<string, string>>): TempProject {
  let root = '';
  const project: TempProject = {
    get root() {
      return root;
    },
    write(file, text) {
      const full = path.join(root, file);
      fs.mkdirSync(path.dirname(full), { recursive: true });
      fs.writeFileSync(full, text);
    },
    parsed: () => vi.mocked(analyzeModule).mock.calls.map(([file]) => path.relative(root, file).split(path.sep).join('/')).sort(),
  };
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['performance'] });
    root = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), prefix)));
    for (const [file, text] of Object.entries(files)) project.write(file, text);
    vi.mocked(analyzeModule).mockClear();
    lintStarted(path.join(root, entry));
  });
  afterEach(() => {
    lintEnded();
    vi.useRealTimers();
    fs.rmSync(root, { recursive: true, force: true });
  });
  return project;
}
