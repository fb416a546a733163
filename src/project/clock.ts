/**
 * The project layer's time: what every "looked at less than REFRESH_MS ago" test reads.
 * It stands still while ESLint lints a batch of files: distinct files, each started soon
 * after the one before ended (a CLI run, an editor's pass over its open files). Nothing a
 * batch reads changes under it the way an edit does, and a long run would otherwise walk
 * the project and stat its files again every second (a sixth of the plugin's time on a
 * project of 600 files). The time moves on when a lint starts after a pause, when a file
 * is linted again (the editor's next keystroke, a fix pass), and whenever no lint has
 * been seen for a moment (code that reads the project outside a lint).
 */

/** A look at the disk (a listing, a file's stat) younger than this is trusted without looking again. */
export const REFRESH_MS = 1000;
/** A lint that starts later than this after the last one ended starts a new batch. */
export const BATCH_GAP_MS = 500;
/** A batch holds at most this many files; the next one starts a new batch (memory stays bounded). */
const MAX_BATCH_FILES = 50_000;

interface Batch {
  /** The real time the batch started: the project layer's time while it lasts. */
  readonly startedAt: number;
  readonly files: Set<string>;
  /** The real time a lint of the batch last started or ended. */
  lastSeen: number;
}

let batch: Batch | undefined;

function inBatch(current: Batch | undefined, real: number): current is Batch {
  return current !== undefined && real - current.lastSeen <= BATCH_GAP_MS;
}

/** The time every freshness test of the project layer compares with. */
export function projectNow(): number {
  const real = performance.now();
  const current = batch;
  return inBatch(current, real) ? current.startedAt : real;
}

/** A lint of `file` starts: it continues the batch, or starts a new one (see the module comment). */
export function lintStarted(file: string): void {
  const real = performance.now();
  let current = batch;
  if (!inBatch(current, real) || current.files.has(file) || current.files.size >= MAX_BATCH_FILES) {
    current = { startedAt: real, files: new Set(), lastSeen: real };
    batch = current;
  }
  current.files.add(file);
  current.lastSeen = real;
}

/** The lint that started last has ended: the pause before the next one counts from now. */
export function lintEnded(): void {
  if (batch) batch.lastSeen = performance.now();
}
