/**
 * no-connection-per-task with a model another module exports: its queries talk through
 * mongoose's default connection, which only its connect step opens, so a run-once worker
 * leaks it only when it connects and does not close.
 */
import rule from '../../rules/no-connection-per-task.js';
import type { HeldConnection, ModuleExports } from '../../src/analysis/exports/module-exports.js';
import { withProject } from '../helpers/mock-project.js';
import { cjsTester, esmTester, tsTester } from '../setup-rule-tester.js';

vi.mock('../../src/project/get-facts.js', () => import('../helpers/mock-project.js'));

const DEFAULT: HeldConnection = { holder: 'library:mongoose', entity: 'mongoose.Mongoose', opensOnLoad: false, place: { module: 'src/mongo.js', line: 3 } };
const MONGO: ModuleExports = { connectDB: { kind: 'connect', connection: DEFAULT }, closeDB: { kind: 'close', connection: DEFAULT } };
const ORDER: ModuleExports = { Order: { kind: 'view', connection: { ...DEFAULT, place: { module: 'src/models/order.js', line: 8 } } } };
const settings = withProject({ modules: { './mongo.js': MONGO, './mongo': MONGO, './models/order.js': ORDER, './models/order': ORDER } });
const LEAK = { name: 'Order', library: 'mongoose', noun: 'default connection', place: ' of src/mongo.js', how: 'with `connectDB()`' };

const esmCases = {
  valid: [
    // Connected and closed through the wrappers.
    { code: `import { parentPort } from 'node:worker_threads';
import { connectDB, closeDB } from './mongo.js';
import { Order } from './models/order.js';
await connectDB();
try {
  parentPort.postMessage(await Order.countDocuments());
} finally {
  await closeDB();
}`, settings },
    // A query on a model with no connect step opens nothing (mongoose buffers it): no open connection to leak.
    { code: `import { parentPort } from 'node:worker_threads';
import { Order } from './models/order.js';
parentPort.postMessage(await Order.countDocuments());`, settings },
    // A task that queries a model of the worker's one connection.
    { code: `import { parentPort } from 'node:worker_threads';
import { connectDB } from './mongo.js';
import { Order } from './models/order.js';
await connectDB();
parentPort.on('message', async (id) => parentPort.postMessage(await Order.findById(id)));`, settings },
  ],
  invalid: [
    {
      code: `import { parentPort } from 'node:worker_threads';
import { connectDB } from './mongo.js';
import { Order } from './models/order.js';
await connectDB();
parentPort.postMessage(await Order.countDocuments());`,
      settings,
      output: null,
      errors: [{ messageId: 'heldRunOnceLeak', data: LEAK, line: 4, column: 7, suggestions: [] }],
    },
  ],
};

const cjsCases = {
  valid: [
    { code: `const { Order } = require('./models/order');
Order.countDocuments().then((n) => process.send(n));`, settings },
  ],
  invalid: [],
};

const tsCases = {
  valid: [
    { code: `import { parentPort } from 'node:worker_threads';
import { Order } from './models/order.js';
const total: number = await Order.countDocuments();
parentPort?.postMessage(total);`, settings },
  ],
  invalid: [],
};

esmTester.run('no-connection-per-task: exported models (ESM)', rule, esmCases as never);
cjsTester.run('no-connection-per-task: exported models (CommonJS)', rule, cjsCases as never);
tsTester.run('no-connection-per-task: exported models (TypeScript)', rule, tsCases as never);
