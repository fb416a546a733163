/**
 * What an analysis read of other modules, and the result it makes: the modules its answer
 * rests on (for its validity), whether the depth bound left one out, and the modules of an
 * import cycle that answered nothing while they were being worked out (cycle-cuts.ts).
 */
import type { ModuleExports } from '../analysis/exports/module-exports.js';
import { projectNow } from './clock.js';
import type { Dependency, ExportsResult } from './file-table.js';

/** What an analysis read of other modules: for the validity of what it found. */
export interface Recorder {
  readonly deps: Dependency[];
  /** The depth bound left a module out. */
  deep: boolean;
  /** Modules being worked out that answered nothing (an import cycle). */
  readonly cut: Set<string>;
  /** An import was left out as giving no role (roleExportsOf): what was found is a part of the module's exports. */
  narrowed: boolean;
}

export function newRecorder(): Recorder {
  return { deps: [], deep: false, cut: new Set(), narrowed: false };
}

/** What `result` rests on, passed on to the analysis that read it. */
export function passOn(result: ExportsResult, asker: Recorder): void {
  if (result.deep) asker.deep = true;
  if (result.narrowed) asker.narrowed = true;
  for (const file of result.cut) asker.cut.add(file);
}

/** The result of an analysis that `recorder` recorded (its cuts copied: the result's are settled on their own). */
export function resultOf(exports: ModuleExports, budget: number, recorder: Recorder): ExportsResult {
  return { exports, budget, deep: recorder.deep, cut: new Set(recorder.cut), narrowed: recorder.narrowed, deps: recorder.deps, validatedAt: projectNow() };
}
