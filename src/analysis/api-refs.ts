/** Whether a tracked node is the API a knowledge row names (by library, export path and how it is reached). */
import type { ApiRef } from '../knowledge/index.js';
import type { TrackedNode } from './imports.js';
import { pushTo } from '../util/collections.js';

export function sameApi(a: ApiRef, b: ApiRef): boolean {
  return a.library === b.library && a.via === b.via && a.path.length === b.path.length && a.path.every((key, i) => key === b.path[i]);
}

/** The tracked node is the API `ref` names. */
export function isApi(tracked: TrackedNode, ref: ApiRef): boolean {
  // Asked for every tracked node against every row of a table: no object made per ask.
  const path = tracked.api.path;
  return tracked.module.library === ref.library && tracked.type === ref.via && path.length === ref.path.length && path.every((key, i) => key === ref.path[i]);
}

/** A table's rows by library, in table order: most tracked nodes are of a library a table has no row for. */
const byLibrary = new WeakMap<readonly ApiRef[], ReadonlyMap<string, readonly ApiRef[]>>();

function rowsByLibrary(table: readonly ApiRef[]): ReadonlyMap<string, readonly ApiRef[]> {
  let index = byLibrary.get(table);
  if (!index) {
    const rows = new Map<string, ApiRef[]>();
    for (const row of table) pushTo(rows, row.library, row);
    index = rows;
    byLibrary.set(table, index);
  }
  return index;
}

/** The first row of `table` that names the tracked node's API: `table.find((row) => isApi(tracked, row))`, asked of the node's library only. */
export function findApiRow<Row extends ApiRef>(table: readonly Row[], tracked: TrackedNode): Row | undefined {
  const rows = rowsByLibrary(table).get(tracked.module.library) as readonly Row[] | undefined;
  return rows?.find((row) => isApi(tracked, row));
}
