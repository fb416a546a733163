/**
 * require-reconnect-after-fork on a library's default connection: mongoose and mssql's
 * global pool wait for their connect step, so a primary-only connect leaves every worker
 * with a module that queues or fails each query.
 */
import rule from '../../rules/require-reconnect-after-fork.js';
import { checkFixedOutputs } from '../helpers/fixed-outputs.js';
import { cjsTester, esmTester, tsTester } from '../setup-rule-tester.js';

const MONGOOSE = { name: 'mongoose', library: 'mongoose', noun: 'default connection', forkSite: 'cluster.fork()', connect: 'connect' };

/** A TypeScript cluster entry with mongoose's named exports only; `worker` starts the worker path. */
const namedModelCluster = (worker: string): string => `import cluster from 'node:cluster';
import { connect, model, Schema } from 'mongoose';
interface UserDoc { name: string }
const User = model<UserDoc>('User', new Schema<UserDoc>({ name: String }));
if (cluster.isPrimary) {
  await connect(process.env.MONGO_URL!);
  cluster.fork();
} else {
${worker}  await User.findOne();
}`;

const esmCases = {
  valid: [
    // Each role connects.
    `import cluster from 'node:cluster';
import mongoose from 'mongoose';
if (cluster.isPrimary) {
  await mongoose.connect(process.env.MONGO_URL);
  cluster.fork();
} else {
  await mongoose.connect(process.env.MONGO_URL);
  await mongoose.model('User').findOne();
}`,
    // Connected at module scope: both roles run it.
    `import cluster from 'node:cluster';
import mongoose from 'mongoose';
await mongoose.connect(process.env.MONGO_URL);
if (cluster.isPrimary) cluster.fork();
else await mongoose.model('User').findOne();`,
    // A model the named export makes, used only where the primary connected.
    `import cluster from 'node:cluster';
import mongoose, { model } from 'mongoose';
const User = model('User');
if (cluster.isPrimary) {
  await mongoose.connect(process.env.MONGO_URL);
  console.log(await User.countDocuments());
  cluster.fork();
}`,
    // The workers only register a listener and define models.
    `import cluster from 'node:cluster';
import mongoose from 'mongoose';
if (cluster.isPrimary) {
  await mongoose.connect(process.env.MONGO_URL);
  cluster.fork();
} else {
  mongoose.connection.on('error', console.error);
}`,
  ],
  invalid: [
    {
      code: `import cluster from 'node:cluster';
import mongoose from 'mongoose';
if (cluster.isPrimary) {
  await mongoose.connect(process.env.MONGO_URL);
  cluster.fork();
} else {
  await mongoose.model('User').findOne();
}`,
      output: `import cluster from 'node:cluster';
import mongoose from 'mongoose';
if (cluster.isPrimary) {
  await mongoose.connect(process.env.MONGO_URL);
  cluster.fork();
} else {
  await mongoose.connect(process.env.MONGO_URL);
  await mongoose.model('User').findOne();
}`,
      errors: [{ messageId: 'connectedInPrimary', data: MONGOOSE, line: 7, column: 9, suggestions: [] }],
    },
    {
      // A model the named export makes talks through the default connection too.
      code: `import cluster from 'node:cluster';
import mongoose, { model, Schema } from 'mongoose';
const User = model('User', new Schema({ name: String }));
if (cluster.isPrimary) {
  await mongoose.connect(process.env.MONGO_URL);
  cluster.fork();
} else {
  await User.findOne();
}`,
      output: `import cluster from 'node:cluster';
import mongoose, { model, Schema } from 'mongoose';
const User = model('User', new Schema({ name: String }));
if (cluster.isPrimary) {
  await mongoose.connect(process.env.MONGO_URL);
  cluster.fork();
} else {
  await mongoose.connect(process.env.MONGO_URL);
  await User.findOne();
}`,
      errors: [{ messageId: 'connectedInPrimary', data: { ...MONGOOSE, name: 'User' }, line: 8, column: 9, suggestions: [] }],
    },
  ],
};

const cjsCases = {
  valid: [],
  invalid: [
    {
      code: `const cluster = require('cluster');
const mongoose = require('mongoose');
if (cluster.isMaster) {
  mongoose.connect(process.env.MONGO_URL);
  cluster.fork();
} else {
  const User = mongoose.model('User');
  User.find().then(console.log);
}`,
      output: `const cluster = require('cluster');
const mongoose = require('mongoose');
if (cluster.isMaster) {
  mongoose.connect(process.env.MONGO_URL);
  cluster.fork();
} else {
  mongoose.connect(process.env.MONGO_URL);
  const User = mongoose.model('User');
  User.find().then(console.log);
}`,
      errors: [{ messageId: 'connectedInPrimary', data: MONGOOSE, line: 7, column: 16, suggestions: [] }],
    },
  ],
};

const tsCases = {
  valid: [],
  invalid: [
    {
      // Named exports only, as TypeScript services write them.
      code: namedModelCluster(''),
      output: null,
      errors: [
        {
          messageId: 'connectedInPrimary',
          data: { ...MONGOOSE, name: 'User' },
          line: 9,
          column: 9,
          suggestions: [
            {
              messageId: 'reconnect',
              data: { name: 'User' },
              output: namedModelCluster('  await connect(process.env.MONGO_URL!);\n'),
            },
          ],
        },
      ],
    },
    {
      // `as string` is not copied blindly: a suggestion.
      code: `import cluster from 'node:cluster';
import sql from 'mssql';
if (cluster.isPrimary) {
  await sql.connect(process.env.MSSQL_URL as string);
  cluster.fork();
} else {
  const result = await sql.query\`select 1\`;
  console.log(result.recordset);
}`,
      output: null,
      errors: [
        {
          messageId: 'connectedInPrimary',
          data: { name: 'sql', library: 'mssql', noun: 'pool', forkSite: 'cluster.fork()', connect: 'connect' },
          line: 7,
          column: 24,
          suggestions: [
            {
              messageId: 'reconnect',
              data: { name: 'sql' },
              output: `import cluster from 'node:cluster';
import sql from 'mssql';
if (cluster.isPrimary) {
  await sql.connect(process.env.MSSQL_URL as string);
  cluster.fork();
} else {
  await sql.connect(process.env.MSSQL_URL as string);
  const result = await sql.query\`select 1\`;
  console.log(result.recordset);
}`,
            },
          ],
        },
      ],
    },
  ],
};

esmTester.run('require-reconnect-after-fork: default connections (ESM)', rule, esmCases as never);
cjsTester.run('require-reconnect-after-fork: default connections (CommonJS)', rule, cjsCases as never);
tsTester.run('require-reconnect-after-fork: default connections (TypeScript)', rule, tsCases as never);
checkFixedOutputs('require-reconnect-after-fork: default connections', rule as never, { esm: esmCases as never, cjs: cjsCases as never, ts: tsCases as never });
