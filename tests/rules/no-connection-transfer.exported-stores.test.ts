/**
 * no-connection-transfer of a whole module that is a connection: `module.exports =
 * mongoist(url)` in `./store`, required as `db` and sent in `workerData`. The store is
 * lazy (it opens with its first query) and is still a live object that cannot cross.
 */
import rule from '../../rules/no-connection-transfer.js';
import { withProject } from '../helpers/mock-project.js';
import type { ModuleExports } from '../../src/analysis/exports/module-exports.js';
import { cjsTester, esmTester, tsTester } from '../setup-rule-tester.js';

vi.mock('../../src/project/get-facts.js', () => import('../helpers/mock-project.js'));

/** lib/store.js: `module.exports = mongoist(process.env.MONGO_URL)`. */
const STORE: ModuleExports = {
  default: { kind: 'connection', connection: { holder: 'lib/store#default', entity: 'mongoist.Database', opensOnLoad: false, place: { module: 'lib/store.js', line: 3 } } },
};
/** lib/config.js: configuration only, nothing the project layer reports. */
const settings = withProject({ modules: { './store': STORE, './store.js': STORE } });
const CLONE = 'it throws "could not be cloned" (DataCloneError) or delivers a copy without methods';

function held(name: string, boundary: string, line: number, column: number) {
  return { messageId: 'heldElsewhere', data: { name, library: 'mongoist', noun: 'database', place: 'lib/store.js', boundary, failure: CLONE }, line, column, suggestions: [] };
}

const cjsCases = {
  valid: [
    // A value of another module that is no connection, sent in workerData.
    { code: `const path = require('node:path');
const { Worker } = require('node:worker_threads');
const config = require('./config');
exports.startExport = (id) =>
  new Worker(path.join(__dirname, 'export-worker.js'), {
    workerData: { id, config },
  });`, settings },
    // What the store returns is plain data.
    { code: `const { Worker } = require('node:worker_threads');
const db = require('./store');
db.reports.find({}).then((rows) => new Worker('./w.js', { workerData: { rows } }));`, settings },
  ],
  invalid: [
    {
      code: `const path = require('node:path');
const { Worker } = require('node:worker_threads');
const db = require('./store');
exports.startExport = (id) =>
  new Worker(path.join(__dirname, 'export-worker.js'), {
    workerData: { id, db },
  });`,
      settings,
      output: null,
      errors: [held('db', '`workerData`', 6, 23)],
    },
  ],
};

/** src/models/order.js: `export const Order = mongoose.model('Order', schema)`, a view of mongoose's default connection. */
const ORDER: ModuleExports = {
  Order: { kind: 'view', connection: { holder: 'library:mongoose', entity: 'mongoose.Mongoose', opensOnLoad: false, place: { module: 'src/models/order.js', line: 8 } } },
};
const models = withProject({ modules: { './models/order.js': ORDER } });

const esmCases = {
  valid: [
    { code: `import { Worker } from 'node:worker_threads';
import config from './config.js';
new Worker('./w.js', { workerData: { config } });`, settings },
    // What a model's query returns is plain data.
    { code: `import { Worker } from 'node:worker_threads';
import { Order } from './models/order.js';
const orders = await Order.find().lean();
new Worker('./w.js', { workerData: { orders } });`, settings: models },
  ],
  invalid: [
    {
      // A model is a function bound to the connection: it cannot be cloned.
      code: `import { Worker } from 'node:worker_threads';
import { Order } from './models/order.js';
new Worker('./w.js', { workerData: { Order } });`,
      settings: models,
      output: null,
      errors: [{ messageId: 'heldElsewhere', data: { name: 'Order', library: 'mongoose', noun: 'definition of the default connection', place: 'src/models/order.js', boundary: '`workerData`', failure: CLONE }, line: 3, column: 38, suggestions: [] }],
    },
    {
      // The same for a model this file makes through mongoose's named export.
      code: `import { Worker } from 'node:worker_threads';
import { connect, model } from 'mongoose';
const User = model('User');
await connect(process.env.MONGO_URL);
new Worker('./w.js', { workerData: { User } });`,
      output: null,
      errors: [{ messageId: 'clone', data: { name: 'User', library: 'mongoose', noun: 'definition of the default connection', boundary: '`workerData`' }, line: 5, column: 38, suggestions: [] }],
    },
    {
      code: `import { Worker } from 'node:worker_threads';
import db from './store.js';
export const startExport = (id) => new Worker('./w.js', { workerData: { id, db } });`,
      settings,
      output: null,
      errors: [held('db', '`workerData`', 3, 77)],
    },
  ],
};

const tsCases = {
  valid: [
    { code: `import { Worker } from 'node:worker_threads';
import config from './config.js';
new Worker('./w.js', { workerData: { config: config as unknown } });`, settings },
  ],
  invalid: [
    {
      code: `import { Worker } from 'node:worker_threads';
import db from './store.js';
export const startExport = (id: string): Worker => new Worker('./w.js', { workerData: { id, db: db as unknown } });`,
      settings,
      output: null,
      errors: [held('db', '`workerData`', 3, 97)],
    },
  ],
};

cjsTester.run('no-connection-transfer: an exported store (CommonJS)', rule, cjsCases as never);
esmTester.run('no-connection-transfer: an exported store (ESM)', rule, esmCases as never);
tsTester.run('no-connection-transfer: an exported store (TypeScript)', rule, tsCases as never);
