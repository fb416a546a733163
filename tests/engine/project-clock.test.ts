/**
 * The project layer's time stands still while distinct files are linted back to back (a
 * CLI run reads the project once however long it lasts), and moves on when a file is
 * linted again, after a pause, and outside any lint. The real time is a stand-in here.
 */
import { BATCH_GAP_MS, lintEnded, lintStarted, projectNow, REFRESH_MS } from '../../src/project/clock.js';

let real = 0;

beforeEach(() => {
  // Far from the last test's time: no batch of an earlier test goes on into this one.
  real += 1_000_000;
  vi.spyOn(performance, 'now').mockImplementation(() => real);
});

afterEach(() => {
  vi.restoreAllMocks();
});

/** Lints `count` distinct files, each taking `takes` ms and the next starting `gap` ms later; the project time seen at each start. */
function lintInTurn(prefix: string, count: number, takes: number, gap: number): number[] {
  const seen: number[] = [];
  for (let i = 0; i < count; i++) {
    lintStarted(`/project/src/${prefix}-${i}.js`);
    seen.push(projectNow());
    real += takes;
    lintEnded();
    real += gap;
  }
  return seen;
}

describe('the project clock', () => {
  it('stands still for a batch of distinct files that lasts longer than REFRESH_MS', () => {
    const started = real;
    const seen = lintInTurn('batch', 40, 60, BATCH_GAP_MS - 1);
    expect(real - started).toBeGreaterThan(10 * REFRESH_MS);
    expect(new Set(seen)).toEqual(new Set([started]));
  });

  it('stands still while one long lint runs, up to the pause bound', () => {
    lintStarted('/project/src/long.js');
    const started = projectNow();
    real += BATCH_GAP_MS;
    expect(projectNow()).toBe(started);
    real += 1;
    expect(projectNow()).toBe(real);
  });

  it('moves on when a file of the batch is linted again (the next keystroke, a fix pass)', () => {
    const [first] = lintInTurn('again', 3, 10, 10);
    lintStarted('/project/src/again-0.js');
    expect(projectNow()).toBe(real);
    expect(real).toBeGreaterThan(first!);
  });

  it('moves on when a lint starts after a pause', () => {
    lintInTurn('pause', 2, 10, BATCH_GAP_MS + 1);
    lintStarted('/project/src/after-pause.js');
    expect(projectNow()).toBe(real);
  });

  it('is the real time outside any lint', () => {
    lintInTurn('outside', 1, 10, BATCH_GAP_MS + 1);
    expect(projectNow()).toBe(real);
    real += 5;
    expect(projectNow()).toBe(real);
  });
});
