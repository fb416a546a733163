/** Whether a tracked node is the API a knowledge row names (by library, export path and how it is reached). */
import type { ApiRef } from '../knowledge/index.js';
import type { TrackedNode } from './imports.js';

export function sameApi(a: ApiRef, b: ApiRef): boolean {
  return a.library === b.library && a.via === b.via && a.path.length === b.path.length && a.path.every((key, i) => key === b.path[i]);
}

/** The tracked node is the API `ref` names. */
export function isApi(tracked: TrackedNode, ref: ApiRef): boolean {
  // Asked for every tracked node against every row of a table: no object made per ask.
  const path = tracked.api.path;
  return tracked.module.library === ref.library && tracked.type === ref.via && path.length === ref.path.length && path.every((key, i) => key === ref.path[i]);
}
