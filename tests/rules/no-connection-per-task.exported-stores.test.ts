/**
 * no-connection-per-task on a whole module that is a connection (`module.exports =
 * mongoist(url)` in `./store`): a child process forked for one report opens it with its
 * first query and, left open, keeps the child alive after its work. Also where the file
 * is parsed as a module but written in CommonJS (ESLint's default for `.js`), whose
 * `require('./store')` is an undeclared global call.
 */
import rule from '../../rules/no-connection-per-task.js';
import type { ModuleExports } from '../../src/analysis/exports/module-exports.js';
import { withProject } from '../helpers/mock-project.js';
import { cjsTester, esmTester, tsTester } from '../setup-rule-tester.js';

vi.mock('../../src/project/get-facts.js', () => import('../helpers/mock-project.js'));

/** lib/store.js: `module.exports = mongoist(process.env.MONGO_URL)`, opened by its first query. */
const STORE: ModuleExports = {
  default: { kind: 'connection', connection: { holder: 'lib/store#default', entity: 'mongoist.Database', opensOnLoad: false, place: { module: 'lib/store.js', line: 3 } } },
};
const settings = withProject({ modules: { './store': STORE, './store.js': STORE } });
const LEAK = { name: 'db', library: 'mongoist', noun: 'database', place: ' of lib/store.js', how: 'with its first query' };

function leak(line: number, column: number) {
  return { messageId: 'heldRunOnceLeak', data: LEAK, line, column, suggestions: [] };
}

const CHILD = `// One report, then nothing: the store stays open and the child never exits.
const db = require('./store');
db.reports.find({ day: process.argv[2] }).then((rows) => process.send(rows));`;

const CLOSED_CHILD = `const db = require('./store');
db.reports.find({ day: process.argv[2] })
  .then((rows) => process.send(rows))
  .finally(() => db.close());`;

const cases = {
  valid: [
    // Closed once the report is sent.
    { code: CLOSED_CHILD, settings },
    { code: `const db = require('./store');
async function main() {
  try {
    process.send(await db.reports.find({ day: process.argv[2] }));
  } finally {
    await db.close();
  }
}
main();`, settings },
    // A module that is no connection.
    { code: `const config = require('./config');
process.send(config.reportDays);`, settings },
  ],
  invalid: [
    { code: CHILD, settings, output: null, errors: [leak(3, 1)] },
  ],
};

const tsCases = {
  valid: [
    { code: `import db from './store.js';
try {
  process.send?.(await db.reports.find({ day: process.argv[2] }));
} finally {
  await db.close();
}`, settings },
  ],
  invalid: [
    {
      code: `import db from './store.js';
const rows: unknown[] = await db.reports.find({ day: process.argv[2] });
process.send?.(rows);`,
      settings,
      output: null,
      errors: [leak(2, 31)],
    },
  ],
};

cjsTester.run('no-connection-per-task: an exported store (CommonJS)', rule, cases as never);
esmTester.run('no-connection-per-task: an exported store (CommonJS parsed as a module)', rule, cases as never);
tsTester.run('no-connection-per-task: an exported store (TypeScript)', rule, tsCases as never);
