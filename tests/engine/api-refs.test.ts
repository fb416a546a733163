/**
 * Finding the row of a knowledge table that names a tracked node's API: by library,
 * export path and how it is reached, the first such row in table order, whatever other
 * libraries' rows the table holds.
 */
import type { ApiRef, ModuleRow } from '../../src/knowledge/index.js';
import { findApiRow, isApi } from '../../src/analysis/api-refs.js';
import type { TrackedNode } from '../../src/analysis/imports.js';

/** A tracked node of `library`'s API at `path`, reached by `type`. */
function tracked(library: string, path: string[], type: TrackedNode['type']): TrackedNode {
  const module: ModuleRow = { library, specifiers: [library], apis: [] };
  return { node: { type: 'Identifier', name: 'x' } as never, type, module, api: { path, via: type } as never };
}

interface Row extends ApiRef {
  readonly label: string;
}

const table: readonly Row[] = [
  { label: 'cluster fork', library: 'cluster', path: ['fork'], via: 'call' },
  { label: 'worker', library: 'worker_threads', path: ['Worker'], via: 'new' },
  { label: 'first isPrimary', library: 'cluster', path: ['isPrimary'], via: 'read' },
  { label: 'second isPrimary', library: 'cluster', path: ['isPrimary'], via: 'read' },
];

describe('findApiRow', () => {
  it('finds the first row of the node\'s library, path and way of reaching it', () => {
    expect(findApiRow(table, tracked('cluster', ['isPrimary'], 'read'))?.label).toBe('first isPrimary');
    expect(findApiRow(table, tracked('worker_threads', ['Worker'], 'new'))?.label).toBe('worker');
  });

  it('finds nothing for another library, another path or another way of reaching it', () => {
    expect(findApiRow(table, tracked('pg', ['fork'], 'call'))).toBeUndefined();
    expect(findApiRow(table, tracked('cluster', ['isWorker'], 'read'))).toBeUndefined();
    expect(findApiRow(table, tracked('worker_threads', ['Worker'], 'call'))).toBeUndefined();
  });

  it('answers as a search of the whole table does, for every row and node', () => {
    const nodes = [...table.map((row) => tracked(row.library, [...row.path], row.via)), tracked('mongoose', ['connect'], 'call')];
    for (const node of nodes) expect(findApiRow(table, node)).toBe(table.find((row) => isApi(node, row)));
  });
});
