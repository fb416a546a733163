/**
 * pool-size-per-worker with the major the project has installed: mongoose 5 and mongodb 3
 * size their pool with `poolSize`, 5 by default (10 under `useUnifiedTopology: true`), not
 * 6+'s `maxPoolSize` of 100, and the report names the major its number is of.
 */
import rule from '../../rules/pool-size-per-worker.js';
import type { InstalledVersion } from '../../src/analysis/project-view.js';
import { withProject } from '../helpers/mock-project.js';
import { cjsTester, esmTester, tsTester } from '../setup-rule-tester.js';

vi.mock('../../src/project/get-facts.js', () => import('../helpers/mock-project.js'));

const version = (text: string): InstalledVersion => ({ version: text, major: Number(text.split('.')[0]), from: 'package.json' });
const MONGOOSE_5 = withProject({ versions: { mongoose: version('5.13.0') } });
const MONGOOSE_8 = withProject({ versions: { mongoose: version('8.1.0') } });
const MONGODB_3 = withProject({ versions: { mongodb: version('3.7.4') } });

/** The `setSize` suggestion's output: a budget constant before the fork branch, and the call sized from it. */
function budgeted(code: string, call: string, sized: string): string {
  return code.replace(/^(if \(cluster)/m, 'const CONNECTION_BUDGET = 100;\n$1').replace(call, sized);
}
const share = (workers: number): string => `Math.max(1, Math.floor(CONNECTION_BUDGET / ${workers}))`;
const setSize = (workers: number, output: string) => [{ messageId: 'setSize' as const, data: { budget: 'CONNECTION_BUDGET', workers: String(workers) }, output }];

function mongooseCluster(workers: number, options: string): string {
  return `import cluster from 'node:cluster';
import mongoose from 'mongoose';
if (cluster.isPrimary) {
  for (let i = 0; i < ${workers}; i++) cluster.fork();
} else {
  await mongoose.connect('mongodb://db/app'${options});
  await mongoose.model('User').findOne();
}`;
}

esmTester.run('pool-size-per-worker: mongoose by installed major', rule, {
  valid: [
    // mongoose 5's default of 5: 16 × 5 = 80 is within the budget (mongoose 8's 100 would not be).
    { code: mongooseCluster(16, ''), settings: MONGOOSE_5 },
    // `maxPoolSize` is mongoose 6's option; mongoose 5 sizes with `poolSize`: 4 × 20.
    { code: mongooseCluster(4, ', { poolSize: 20 }'), settings: MONGOOSE_5 },
    // A topology option that is not a static value leaves the default unknown.
    { code: mongooseCluster(24, ', { useUnifiedTopology: process.env.UNIFIED === "1" }'), settings: MONGOOSE_5 },
    // mongodb 4+ and mongoose 6+ reject `poolSize`: code that sets it is mongoose 5 code, and 4 × 10 is its size.
    mongooseCluster(4, ', { poolSize: 10 }'),
    // The size in the connection string: 16 × 5.
    { code: mongooseCluster(16, '').replace('mongodb://db/app', 'mongodb://db/app?maxPoolSize=5'), settings: MONGOOSE_8 },
  ],
  invalid: [
    {
      code: mongooseCluster(24, ''),
      settings: MONGOOSE_5,
      output: null,
      errors: [{
        messageId: 'unsetOverBudget',
        data: { name: 'mongoose', library: 'mongoose 5', noun: 'default connection', site: '`cluster.fork()`', size: 5, max: 100, count: 24, total: 120 },
        line: 6,
        suggestions: setSize(24, budgeted(mongooseCluster(24, ''), `'mongodb://db/app')`, `'mongodb://db/app', { poolSize: ${share(24)} })`)),
      }],
    },
    // Under the unified topology mongoose 5's driver keeps up to 10.
    {
      code: mongooseCluster(16, ', { useUnifiedTopology: true }'),
      settings: MONGOOSE_5,
      output: null,
      errors: [{
        messageId: 'unsetOverBudget',
        data: { name: 'mongoose', library: 'mongoose 5', noun: 'default connection', site: '`cluster.fork()`', size: 10, max: 100, count: 16, total: 160 },
        line: 6,
        suggestions: setSize(16, budgeted(mongooseCluster(16, ', { useUnifiedTopology: true }'), 'useUnifiedTopology: true }', `useUnifiedTopology: true, poolSize: ${share(16)} }`)),
      }],
    },
    // With no version known, `poolSize` is still the size it sets.
    {
      code: mongooseCluster(4, ', { poolSize: 50 }'),
      output: null,
      errors: [{
        messageId: 'overBudget',
        data: { name: 'mongoose', library: 'mongoose', noun: 'default connection', site: '`cluster.fork()`', size: 50, max: 100, count: 4, total: 200 },
        line: 6,
        suggestions: setSize(4, budgeted(mongooseCluster(4, ', { poolSize: 50 }'), 'poolSize: 50', `poolSize: ${share(4)}`)),
      }],
    },
    // mongoose 8, named as today: its default of 100.
    {
      code: mongooseCluster(2, ''),
      settings: MONGOOSE_8,
      output: null,
      errors: [{
        messageId: 'unsetOverBudget',
        data: { name: 'mongoose', library: 'mongoose', noun: 'default connection', site: '`cluster.fork()`', size: 100, max: 100, count: 2, total: 200 },
        line: 6,
        suggestions: setSize(2, budgeted(mongooseCluster(2, ''), `'mongodb://db/app')`, `'mongodb://db/app', { maxPoolSize: ${share(2)} })`)),
      }],
    },
  ],
});

const mongodbCluster = (workers: number, options: string): string => `const cluster = require('node:cluster');
const { MongoClient } = require('mongodb');
if (cluster.isMaster) {
  for (let i = 0; i < ${workers}; i++) cluster.fork();
} else {
  const client = new MongoClient('mongodb://db/app'${options});
  client.connect().then(() => client.db().collection('jobs').findOne());
}`;

cjsTester.run('pool-size-per-worker: mongodb 3', rule, {
  valid: [
    { code: mongodbCluster(16, ''), settings: MONGODB_3 },
    { code: mongodbCluster(8, ', { useUnifiedTopology: true }'), settings: MONGODB_3 },
  ],
  invalid: [
    {
      code: mongodbCluster(8, ', { poolSize: 20 }'),
      settings: MONGODB_3,
      output: null,
      errors: [{
        messageId: 'overBudget',
        data: { name: 'client', library: 'mongodb 3', noun: 'client', site: '`cluster.fork()`', size: 20, max: 100, count: 8, total: 160 },
        line: 6,
        suggestions: setSize(8, budgeted(mongodbCluster(8, ', { poolSize: 20 }'), 'poolSize: 20', `poolSize: ${share(8)}`)),
      }],
    },
    {
      code: mongodbCluster(24, ''),
      settings: MONGODB_3,
      output: null,
      errors: [{
        messageId: 'unsetOverBudget',
        data: { name: 'client', library: 'mongodb 3', noun: 'client', site: '`cluster.fork()`', size: 5, max: 100, count: 24, total: 120 },
        line: 6,
        suggestions: setSize(24, budgeted(mongodbCluster(24, ''), `'mongodb://db/app')`, `'mongodb://db/app', { poolSize: ${share(24)} })`)),
      }],
    },
  ],
});

const PER_32 = `import cluster from 'node:cluster';
import mongoose from 'mongoose';
if (cluster.isPrimary) {
  for (let i = 0; i < 32; i++) cluster.fork();
} else {
  const db = mongoose.createConnection('mongodb://db/app');
  await db.model('User').findOne();
}`;

tsTester.run('pool-size-per-worker: mongoose 5 connection (TypeScript)', rule, {
  valid: [
    {
      code: `import cluster from 'node:cluster';
import mongoose from 'mongoose';
if (cluster.isPrimary) {
  for (let i = 0; i < 16; i++) cluster.fork();
} else {
  const db = mongoose.createConnection('mongodb://db/app');
  await db.model('User').findOne();
}`,
      settings: MONGOOSE_5,
    },
  ],
  invalid: [
    {
      code: PER_32,
      settings: MONGOOSE_5,
      output: null,
      errors: [{
        messageId: 'unsetOverBudget',
        data: { name: 'db', library: 'mongoose 5', noun: 'connection', site: '`cluster.fork()`', size: 5, max: 100, count: 32, total: 160 },
        line: 6,
        suggestions: setSize(32, budgeted(PER_32, `'mongodb://db/app')`, `'mongodb://db/app', { poolSize: ${share(32)} })`)),
      }],
    },
  ],
});
