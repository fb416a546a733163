/**
 * require-reconnect-after-fork through a model another module exports (`export const
 * Order = mongoose.model(…)`): its queries talk through mongoose's default connection, so
 * a worker that uses it while only the primary ran `connectDB()` waits forever for a
 * connection that its process never opens.
 */
import rule from '../../rules/require-reconnect-after-fork.js';
import type { HeldConnection, ModuleExports } from '../../src/analysis/exports/module-exports.js';
import { checkFixedOutputs } from '../helpers/fixed-outputs.js';
import { withProject } from '../helpers/mock-project.js';
import { cjsTester, esmTester, tsTester } from '../setup-rule-tester.js';

vi.mock('../../src/project/get-facts.js', () => import('../helpers/mock-project.js'));

const DEFAULT: HeldConnection = { holder: 'library:mongoose', entity: 'mongoose.Mongoose', opensOnLoad: false, place: { module: 'src/mongo.js', line: 3 } };
const MONGO: ModuleExports = { connectDB: { kind: 'connect', connection: DEFAULT }, closeDB: { kind: 'close', connection: DEFAULT } };
/** src/models/order.js: the model, and a plain list of its fields. */
const ORDER: ModuleExports = { Order: { kind: 'view', connection: { ...DEFAULT, place: { module: 'src/models/order.js', line: 8 } } } };
const settings = withProject({ modules: { './mongo.js': MONGO, './mongo': MONGO, './models/order.js': ORDER, './models/order': ORDER } });
const ORDER_DATA = { name: 'Order', library: 'mongoose', noun: 'default connection', forkSite: 'cluster.fork()', connect: 'connectDB' };

const esmCases = {
  valid: [
    // The model is used only on the primary, which connected.
    { code: `import cluster from 'node:cluster';
import { connectDB } from './mongo.js';
import { Order } from './models/order.js';
if (cluster.isPrimary) {
  await connectDB();
  console.log(await Order.countDocuments());
  cluster.fork();
} else {
  console.log('worker', process.pid);
}`, settings },
    // Each role connects.
    { code: `import cluster from 'node:cluster';
import { connectDB } from './mongo.js';
import { Order } from './models/order.js';
if (cluster.isPrimary) {
  await connectDB();
  cluster.fork();
} else {
  await connectDB();
  await Order.find({ archived: false });
}`, settings },
    // What the worker uses of the models module is no connection.
    { code: `import cluster from 'node:cluster';
import { connectDB } from './mongo.js';
import { orderFields } from './models/order.js';
if (cluster.isPrimary) {
  await connectDB();
  cluster.fork();
} else {
  console.log(orderFields.join(','));
}`, settings },
  ],
  invalid: [
    {
      code: `import cluster from 'node:cluster';
import { connectDB } from './mongo.js';
import { Order } from './models/order.js';
if (cluster.isPrimary) {
  await connectDB();
  cluster.fork();
} else {
  const orders = await Order.find({ archived: false });
  console.log(orders.length);
}`,
      settings,
      output: `import cluster from 'node:cluster';
import { connectDB } from './mongo.js';
import { Order } from './models/order.js';
if (cluster.isPrimary) {
  await connectDB();
  cluster.fork();
} else {
  await connectDB();
  const orders = await Order.find({ archived: false });
  console.log(orders.length);
}`,
      errors: [{ messageId: 'connectedInPrimary', data: ORDER_DATA, line: 8, column: 24, suggestions: [] }],
    },
  ],
};

const cjsCases = {
  valid: [
    { code: `const cluster = require('cluster');
const { connectDB } = require('./mongo');
const { Order } = require('./models/order');
if (cluster.isMaster) {
  connectDB().then(() => Order.countDocuments()).then(() => cluster.fork());
}`, settings },
  ],
  invalid: [
    {
      code: `const cluster = require('cluster');
const { connectDB } = require('./mongo');
const { Order } = require('./models/order');
if (cluster.isMaster) {
  connectDB().then(() => cluster.fork());
} else {
  Order.find({ archived: false }).then((orders) => console.log(orders.length));
}`,
      settings,
      output: null,
      errors: [{ messageId: 'connectedInPrimary', data: ORDER_DATA, line: 7, column: 3, suggestions: [] }],
    },
  ],
};

const tsCases = {
  valid: [
    { code: `import cluster from 'node:cluster';
import { connectDB } from './mongo.js';
import { Order } from './models/order.js';
if (cluster.isPrimary) {
  connectDB().then(() => {
    cluster.fork();
  });
} else {
  connectDB().then(() => Order.find({ archived: false })).then((orders: unknown[]) => console.log(orders.length));
}`, settings },
  ],
  invalid: [
    {
      code: `import cluster from 'node:cluster';
import { connectDB } from './mongo.js';
import { Order } from './models/order.js';
if (cluster.isPrimary) {
  connectDB().then(() => {
    cluster.fork();
  });
} else {
  Order.find({ archived: false }).then((orders: unknown[]) => console.log(orders.length));
}`,
      settings,
      output: `import cluster from 'node:cluster';
import { connectDB } from './mongo.js';
import { Order } from './models/order.js';
if (cluster.isPrimary) {
  connectDB().then(() => {
    cluster.fork();
  });
} else {
  await connectDB();
  Order.find({ archived: false }).then((orders: unknown[]) => console.log(orders.length));
}`,
      errors: [{ messageId: 'connectedInPrimary', data: ORDER_DATA, line: 9, column: 3, suggestions: [] }],
    },
  ],
};

esmTester.run('require-reconnect-after-fork: exported models (ESM)', rule, esmCases as never);
cjsTester.run('require-reconnect-after-fork: exported models (CommonJS)', rule, cjsCases as never);
tsTester.run('require-reconnect-after-fork: exported models (TypeScript)', rule, tsCases as never);
checkFixedOutputs('require-reconnect-after-fork: exported models', rule as never, { esm: esmCases as never, cjs: cjsCases as never, ts: tsCases as never });
