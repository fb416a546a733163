/**
 * What the rules report does not depend on the order ESLint lints a project's files in,
 * which follows the file system and changes from run to run. A piscina task closes the
 * pool through a chain of six close wrappers, deeper than the old bound of four modules:
 * whether a module was linted before (and kept what its own analysis found) or is read as
 * an import, each module's exports are worked out the same. The service also reads two
 * configuration modules that import each other (and the driver, for its type parsers):
 * a cycle whose modules export nothing, below the modules a task reads.
 */
import { lintProjectFile } from '../helpers/lint-project-file.js';
import { projectPerTest } from '../helpers/temp-project.js';

vi.mock('../../src/project/parse.js', async (importOriginal) => {
  const actual = await importOriginal<typeof import('../../src/project/parse.js')>();
  return { ...actual, analyzeModule: vi.fn(actual.analyzeModule) };
});

const WRAPPERS = 6;

function wrappers(): Record<string, string> {
  const files: Record<string, string> = {};
  for (let level = 1; level <= WRAPPERS; level++) {
    const below = level === 1 ? './base.js' : `./wrap-${level - 1}.js`;
    files[`src/db/wrap-${level}.js`] = `import { closePool as closeBelow } from '${below}';\nexport { pool } from '${below}';\nexport const closePool = () => closeBelow();\n`;
  }
  return files;
}

const FILES: Readonly<Record<string, string>> = {
  'package.json': JSON.stringify({ type: 'module', dependencies: { pg: '^8.0.0', piscina: '^4.0.0' } }),
  'src/db/base.js': `import pg from 'pg';\nexport const pool = new pg.Pool({ max: 4 });\nexport const closePool = () => pool.end();\n`,
  ...wrappers(),
  'src/config/limits.js': `import pg from 'pg';\nimport { currencies } from './currency.js';\nexport const limits = { rows: 100, currencies, parse: pg.types.getTypeParser(20) };\n`,
  'src/config/currency.js': `import pg from 'pg';\nimport { limits } from './limits.js';\nexport const currencies = ['usd'];\nexport const rowsOf = () => limits.rows;\nexport const parser = pg.types;\n`,
  'src/services/orders.js': `import { pool } from '../db/wrap-${WRAPPERS}.js';\nimport { limits } from '../config/limits.js';\nexport const pageSize = limits.rows;\nexport async function loadOrder(id) {\n  const { rows } = await pool.query('select * from orders where id = $1', [id]);\n  return rows[0];\n}\n`,
  'src/tasks/close-order.js': `import { loadOrder } from '../services/orders.js';\nimport { closePool } from '../db/wrap-${WRAPPERS}.js';\nexport default async function closeOrder({ id }) {\n  const order = await loadOrder(id);\n  await closePool();\n  return order;\n}\n`,
  'src/tasks/read-order.js': `import { loadOrder } from '../services/orders.js';\nexport default async function readOrder({ id }) {\n  return loadOrder(id);\n}\n`,
  'src/pools.js': `import Piscina from 'piscina';\nexport const closing = new Piscina({ filename: new URL('./tasks/close-order.js', import.meta.url).href });\nexport const reading = new Piscina({ filename: new URL('./tasks/read-order.js', import.meta.url).href });\n`,
};

const SOURCES = Object.keys(FILES).filter((file) => file.endsWith('.js')).sort();

/** Every fork-safe rule on `file` of the project: the rule ids reported. */
const lint = (file: string): string[] => lintProjectFile(project.root, file);

/** The files that got a report, each with its rule ids, after linting the project in `order`. */
function reportsIn(order: readonly string[]): Record<string, string[]> {
  const found: Record<string, string[]> = {};
  for (const file of order) {
    const ids = lint(file);
    if (ids.length > 0) found[file] = ids;
  }
  return found;
}

/** A fixed permutation of `files` for `seed` (a small linear congruential generator). */
function shuffled(files: readonly string[], seed: number): string[] {
  const out = [...files];
  let state = seed;
  for (let i = out.length - 1; i > 0; i--) {
    state = (state * 1103515245 + 12345) % 2147483648;
    const j = state % (i + 1);
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

const project = projectPerTest('fork-safe-lint-order-', 'src/pools.js', FILES);
const EXPECTED = { 'src/tasks/close-order.js': ['fork-safe/no-close-in-worker-task'] };

describe('the same reports in any lint order', () => {
  const importersFirst = ['src/tasks/close-order.js', 'src/tasks/read-order.js', 'src/services/orders.js', 'src/config/limits.js', 'src/config/currency.js', ...SOURCES.filter((file) => file.startsWith('src/db/wrap-')).reverse(), 'src/db/base.js', 'src/pools.js'];
  const tasksFirst = [...importersFirst.slice(0, 2), ...SOURCES.filter((file) => !importersFirst.slice(0, 2).includes(file) && file !== 'src/pools.js'), 'src/pools.js'];
  const orders: [string, readonly string[]][] = [
    ['sorted', SOURCES],
    ['reversed', [...SOURCES].reverse()],
    ['importers before what they import', importersFirst],
    ['the pool file last, its tasks first', tasksFirst],
    ...[1, 2, 3, 4, 5, 6].map((seed): [string, readonly string[]] => [`shuffled (seed ${seed})`, shuffled(SOURCES, seed)]),
  ];
  it.each(orders)('%s', (_name, order) => {
    expect([...order].sort()).toEqual(SOURCES);
    expect(reportsIn(order)).toEqual(EXPECTED);
  });
});
