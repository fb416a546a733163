/**
 * pool-size-per-worker on a library's default connection: the pool is made by its connect
 * step, once per worker, and sized by that call's options.
 */
import rule from '../../rules/pool-size-per-worker.js';
import { esmTester } from '../setup-rule-tester.js';

const head = `import cluster from 'node:cluster';
import mongoose from 'mongoose';
if (cluster.isPrimary) {
  for (let i = 0; i < 4; i++) cluster.fork();
} else {`;

esmTester.run('pool-size-per-worker: default connections', rule, {
  valid: [
    // 4 × 20 is within the budget.
    `${head}
  await mongoose.connect(process.env.MONGO_URL, { maxPoolSize: 20 });
  await mongoose.model('User').findOne();
}`,
    // Only models: no pool is made here.
    `${head}
  await mongoose.model('User').findOne();
}`,
  ],
  invalid: [
    {
      code: `${head}
  await mongoose.connect(process.env.MONGO_URL, { maxPoolSize: 50 });
  await mongoose.model('User').findOne();
}`,
      output: null,
      errors: [
        {
          messageId: 'overBudget',
          data: { name: 'mongoose', library: 'mongoose', noun: 'default connection', site: '`cluster.fork()`', size: 50, max: 100, count: 4, total: 200 },
          line: 6,
          column: 9,
          suggestions: [
            {
              messageId: 'setSize',
              data: { budget: 'CONNECTION_BUDGET', workers: '4' },
              output: `import cluster from 'node:cluster';
import mongoose from 'mongoose';
const CONNECTION_BUDGET = 100;
if (cluster.isPrimary) {
  for (let i = 0; i < 4; i++) cluster.fork();
} else {
  await mongoose.connect(process.env.MONGO_URL, { maxPoolSize: Math.max(1, Math.floor(CONNECTION_BUDGET / 4)) });
  await mongoose.model('User').findOne();
}`,
            },
          ],
        },
      ],
    },
  ],
});
