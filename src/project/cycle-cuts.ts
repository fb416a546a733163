/**
 * Results worked out across an import cycle. A module being summarised (or linted)
 * answers "nothing" to a module below it that imports it back, and whatever is worked out
 * above that cut rests on the answer: such a result may be short, and a shallower ask
 * works it out again. When the cut module's own exports come out empty, the answer was
 * exact (what exports grow from only grows with what imports export), and the results
 * resting on it hold for whoever asks. Without this, one cycle low in a project (two
 * constants modules that import each other) left every module above it to be parsed
 * again by each file that asked.
 */
import { pushTo } from '../util/collections.js';
import type { ExportsResult } from './file-table.js';

/** Results kept in all: past this, the oldest are no longer settled (they stay short, and are worked out again). */
const MAX_RESTING = 20_000;

export class CycleCuts {
  /** Cut module → the results that rest on its answer. */
  private readonly resting = new Map<string, ExportsResult[]>();
  private count = 0;

  /** Keeps a result that rests on cut modules, to settle it when they are known. */
  rest(result: ExportsResult): void {
    if (result.cut.size === 0) return;
    if (this.count >= MAX_RESTING) {
      this.resting.clear();
      this.count = 0;
    }
    for (const file of result.cut) pushTo(this.resting, file, result);
    this.count += result.cut.size;
  }

  private restOn(file: string, result: ExportsResult): void {
    if (result.cut.has(file)) return;
    result.cut.add(file);
    pushTo(this.resting, file, result);
    this.count++;
  }

  /**
   * `file`'s exports are known now (`result`): when empty, what rests on its cut rests on
   * what its own result still rests on (cuts of modules above it), and on nothing else.
   */
  settle(file: string, result: ExportsResult): void {
    if (Object.keys(result.exports).length > 0) return;
    result.cut.delete(file);
    const resting = this.resting.get(file) ?? [];
    this.resting.delete(file);
    this.count -= resting.length;
    for (const other of resting) {
      other.cut.delete(file);
      for (const above of result.cut) this.restOn(above, other);
    }
  }
}

/** The result may be short: the depth bound left a module out, or it rests on a cut not settled. */
export function isShort(result: ExportsResult): boolean {
  return result.deep || result.cut.size > 0;
}
