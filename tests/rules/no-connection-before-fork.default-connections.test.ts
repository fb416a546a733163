/**
 * no-connection-before-fork on a library's default connection (mongoose, mssql's global
 * pool): the imported module is the connection, its connect step opens it, and a
 * connection this file opens but never uses is the workers' when the primary only forks.
 */
import rule from '../../rules/no-connection-before-fork.js';
import { checkFixedOutputs } from '../helpers/fixed-outputs.js';
import { cjsTester, esmTester, tsTester } from '../setup-rule-tester.js';

const UNUSED = { name: 'mongoose.connect()', where: 'mongoose', noun: 'default connection', forkSite: 'cluster.fork()' };

const esmCases = {
  valid: [
    // The primary defines a model through the named export; only the workers connect.
    `import cluster from 'node:cluster';
import mongoose, { model, Schema } from 'mongoose';
const User = model('User', new Schema({ name: String }));
if (cluster.isPrimary) cluster.fork();
else {
  await mongoose.connect(process.env.MONGO_URL);
  await User.findOne();
}`,
    // The primary serves too: the models behind `app` may be its uses.
    `import cluster from 'node:cluster';
import mongoose from 'mongoose';
import app from './app.js';
await mongoose.connect(process.env.MONGO_URL);
if (cluster.isPrimary) {
  cluster.fork();
  app.listen(3000);
}`,
    // The primary runs a scheduler of another module: it may query through it.
    `import cluster from 'node:cluster';
import mongoose from 'mongoose';
import { startScheduler } from './scheduler.js';
await mongoose.connect(process.env.MONGO_URL);
if (cluster.isPrimary) {
  startScheduler();
  cluster.fork();
}`,
    // Connected on the worker path only.
    `import cluster from 'node:cluster';
import mongoose from 'mongoose';
import app from './app.js';
if (cluster.isPrimary) {
  cluster.fork();
} else {
  await mongoose.connect(process.env.MONGO_URL);
  app.listen(3000);
}`,
    // Only models are defined: nothing opens the default connection here.
    `import cluster from 'node:cluster';
import mongoose from 'mongoose';
export const User = mongoose.model('User', new mongoose.Schema({ name: String }));
if (cluster.isPrimary) cluster.fork();`,
    // The primary keeps using it after forking (a dispatcher), and the workers run the app.
    `import cluster from 'node:cluster';
import mongoose from 'mongoose';
import app from './app.js';
await mongoose.connect(process.env.MONGO_URL);
if (cluster.isPrimary) {
  cluster.fork();
  cluster.on('exit', () => mongoose.model('Restart').create({}));
} else {
  app.listen(3000);
}`,
    // Both roles query it at module scope, the primary after it forks.
    `import cluster from 'node:cluster';
import mongoose from 'mongoose';
await mongoose.connect(process.env.MONGO_URL);
if (cluster.isPrimary) cluster.fork();
await mongoose.model('Boot').create({ pid: process.pid });`,
    // A module that forks another file keeps its own connection.
    `import { fork } from 'node:child_process';
import mongoose from 'mongoose';
await mongoose.connect(process.env.MONGO_URL);
fork('./child.js');`,
  ],
  invalid: [
    {
      // No use in the file, the primary only forks: the app's models are the workers'.
      code: `import cluster from 'node:cluster';
import mongoose from 'mongoose';
import app from './app.js';
await mongoose.connect(process.env.MONGO_URL);
if (cluster.isPrimary) {
  for (let i = 0; i < 4; i++) cluster.fork();
  cluster.on('exit', (worker) => { console.log(\`worker \${worker.id} died\`); cluster.fork(); });
} else {
  app.listen(3000);
}`,
      output: `import cluster from 'node:cluster';
import mongoose from 'mongoose';
import app from './app.js';
if (cluster.isPrimary) {
  for (let i = 0; i < 4; i++) cluster.fork();
  cluster.on('exit', (worker) => { console.log(\`worker \${worker.id} died\`); cluster.fork(); });
} else {
  await mongoose.connect(process.env.MONGO_URL);
  app.listen(3000);
}`,
      errors: [{ messageId: 'connectUnusedHere', data: UNUSED, line: 4, column: 7, suggestions: [] }],
    },
    {
      // Its only uses are on the worker path.
      code: `import cluster from 'node:cluster';
import sql from 'mssql';
await sql.connect(process.env.MSSQL_URL);
if (cluster.isPrimary) {
  cluster.fork();
} else {
  await sql.query\`select 1\`;
}`,
      output: `import cluster from 'node:cluster';
import sql from 'mssql';
if (cluster.isPrimary) {
  cluster.fork();
} else {
  await sql.connect(process.env.MSSQL_URL);
  await sql.query\`select 1\`;
}`,
      errors: [{ messageId: 'connectWorkerOnly', data: { name: 'sql.connect()', where: 'mssql', noun: 'pool', forkSite: 'cluster.fork()' }, line: 3, column: 7, suggestions: [] }],
    },
    {
      // The workers run nothing that could use it; only the primary does.
      code: `import cluster from 'node:cluster';
import mongoose from 'mongoose';
await mongoose.connect(process.env.MONGO_URL);
if (cluster.isPrimary) {
  cluster.fork();
  cluster.on('exit', () => mongoose.model('Restart').create({}));
}`,
      output: null,
      errors: [
        {
          messageId: 'connectPrimaryOnly',
          data: UNUSED,
          line: 3,
          column: 7,
          suggestions: [
            {
              messageId: 'moveConnectToPrimary',
              data: { name: 'mongoose.connect()' },
              output: `import cluster from 'node:cluster';
import mongoose from 'mongoose';
if (cluster.isPrimary) {
  await mongoose.connect(process.env.MONGO_URL);
  cluster.fork();
  cluster.on('exit', () => mongoose.model('Restart').create({}));
}`,
            },
          ],
        },
      ],
    },
    {
      // The primary queries it once before forking, then leaves it open.
      code: `import cluster from 'node:cluster';
import mongoose from 'mongoose';
if (cluster.isPrimary) {
  await mongoose.connect(process.env.MONGO_URL);
  await mongoose.model('Job').deleteMany({});
  cluster.fork();
}`,
      output: null,
      errors: [
        {
          messageId: 'idleAfterFork',
          data: { name: 'mongoose', library: 'mongoose', noun: 'default connection', forkSite: 'cluster.fork()' },
          line: 4,
          column: 9,
          suggestions: [
            {
              messageId: 'closeBeforeFork',
              data: { name: 'mongoose', close: 'disconnect' },
              output: `import cluster from 'node:cluster';
import mongoose from 'mongoose';
if (cluster.isPrimary) {
  await mongoose.connect(process.env.MONGO_URL);
  await mongoose.model('Job').deleteMany({});
  await mongoose.disconnect();
  cluster.fork();
}`,
            },
          ],
        },
      ],
    },
    {
      // Any module-scope connection this file opens and never uses, when the primary only forks.
      code: `import cluster from 'node:cluster';
import Redis from 'ioredis';
import { startServer } from './server.js';
const redis = new Redis(process.env.REDIS_URL);
if (cluster.isPrimary) {
  for (let i = 0; i < 4; i++) cluster.fork();
} else {
  startServer();
}`,
      output: `import cluster from 'node:cluster';
import Redis from 'ioredis';
import { startServer } from './server.js';
if (cluster.isPrimary) {
  for (let i = 0; i < 4; i++) cluster.fork();
} else {
  const redis = new Redis(process.env.REDIS_URL);
  startServer();
}`,
      errors: [{ messageId: 'unusedHere', data: { name: 'redis', library: 'ioredis', noun: 'client', forkSite: 'cluster.fork()' }, line: 4, column: 15, suggestions: [] }],
    },
  ],
};

const cjsCases = {
  valid: [
    // The primary serves a health check through the app.
    `const cluster = require('cluster');
const mongoose = require('mongoose');
const app = require('./app');
mongoose.connect(process.env.MONGO_URL);
if (cluster.isMaster) cluster.fork();
app.listen(3000);`,
  ],
  invalid: [
    {
      // Callback form, no use in the file: the callback moves with it, so a suggestion.
      code: `const app = require('./app');
const mongoose = require('mongoose');
const cluster = require('cluster');
const os = require('os');
const cpuCount = os.cpus().length;
mongoose.connect(process.env.DB_CONNECTION_STRING, () =>
  console.log('Connected to DB!')
);
if (cluster.isMaster) {
  for (let i = 0; i < cpuCount; i++) {
    cluster.fork();
  }
} else {
  app.listen(process.env.PORT || 3000);
}`,
      output: null,
      errors: [
        {
          messageId: 'connectUnusedHere',
          data: UNUSED,
          line: 6,
          column: 1,
          suggestions: [
            {
              messageId: 'moveConnectToWorker',
              data: { name: 'mongoose.connect()' },
              output: `const app = require('./app');
const mongoose = require('mongoose');
const cluster = require('cluster');
const os = require('os');
const cpuCount = os.cpus().length;
if (cluster.isMaster) {
  for (let i = 0; i < cpuCount; i++) {
    cluster.fork();
  }
} else {
  mongoose.connect(process.env.DB_CONNECTION_STRING, () =>
    console.log('Connected to DB!')
  );
  app.listen(process.env.PORT || 3000);
}`,
            },
          ],
        },
      ],
    },
    {
      // `.then()` and `.catch()` on the connect step are no uses; `dotenv` only prepares the process.
      code: `require('dotenv').config();
const cluster = require('cluster');
const mongoose = require('mongoose');
mongoose.connect(process.env.MONGO_URL).then(() => console.log('connected')).catch((err) => console.error(err));
if (cluster.isMaster) {
  cluster.fork();
} else {
  require('./server');
}`,
      output: null,
      errors: [
        {
          messageId: 'connectUnusedHere',
          data: UNUSED,
          line: 4,
          column: 1,
          suggestions: [
            {
              messageId: 'moveConnectToWorker',
              data: { name: 'mongoose.connect()' },
              output: `require('dotenv').config();
const cluster = require('cluster');
const mongoose = require('mongoose');
if (cluster.isMaster) {
  cluster.fork();
} else {
  mongoose.connect(process.env.MONGO_URL).then(() => console.log('connected')).catch((err) => console.error(err));
  require('./server');
}`,
            },
          ],
        },
      ],
    },
    {
      // The connect step's result taken by a callback (`res`) is named by the connect step; `require('os').cpus()` is a CPU count, no work of the primary.
      code: `const cluster = require('cluster');
const mongoose = require('mongoose');
mongoose.connect(process.env.MONGO_URL).then((res) => console.log('connected')).catch((err) => console.log(err));
if (cluster.isMaster) {
  const cpuCount = require('os').cpus().length;
  for (let i = 0; i < cpuCount / 2; i += 1) cluster.fork();
} else {
  require('./app').listen(3000);
}`,
      output: null,
      errors: [
        {
          messageId: 'connectUnusedHere',
          data: UNUSED,
          line: 3,
          column: 1,
          suggestions: [
            {
              messageId: 'moveConnectToWorker',
              data: { name: 'mongoose.connect()' },
              output: `const cluster = require('cluster');
const mongoose = require('mongoose');
if (cluster.isMaster) {
  const cpuCount = require('os').cpus().length;
  for (let i = 0; i < cpuCount / 2; i += 1) cluster.fork();
} else {
  mongoose.connect(process.env.MONGO_URL).then((res) => console.log('connected')).catch((err) => console.log(err));
  require('./app').listen(3000);
}`,
            },
          ],
        },
      ],
    },
  ],
};

const tsCases = {
  valid: [
    // Connected inside main(), but the primary also starts a job queue of another module.
    `import cluster from 'node:cluster';
import mongoose from 'mongoose';
import { startQueue } from './queue';
async function main(): Promise<void> {
  await mongoose.connect(process.env.MONGO_URL as string);
  if (cluster.isPrimary) {
    startQueue();
    cluster.fork();
  }
}
void main();`,
  ],
  invalid: [
    {
      // Its only use is on the worker path.
      code: `import cluster from 'node:cluster';
import mongoose from 'mongoose';
mongoose.connect(process.env.MONGO_URL as string);
if (cluster.isPrimary) {
  cluster.fork();
} else {
  await mongoose.model('User').find();
}`,
      output: null,
      errors: [
        {
          messageId: 'connectWorkerOnly',
          data: UNUSED,
          line: 3,
          column: 1,
          suggestions: [
            {
              messageId: 'moveConnectToWorker',
              data: { name: 'mongoose.connect()' },
              output: `import cluster from 'node:cluster';
import mongoose from 'mongoose';
if (cluster.isPrimary) {
  cluster.fork();
} else {
  mongoose.connect(process.env.MONGO_URL as string);
  await mongoose.model('User').find();
}`,
            },
          ],
        },
      ],
    },
    {
      // Connected in main(), which both roles run; the failure path only reports and exits.
      code: `import cluster from 'node:cluster';
import os from 'node:os';
import mongoose from 'mongoose';
import app from './app';
async function main(): Promise<void> {
  try {
    await mongoose.connect(process.env.MONGO_URL as string);
  } catch (err) {
    process.stderr.write(\`Failed: \${String(err)}\\n\`);
    process.exit(1);
  }
  if (cluster.isPrimary) {
    for (const _cpu of os.cpus()) cluster.fork();
  } else {
    app.listen(3000);
  }
}
main();`,
      output: null,
      errors: [{ messageId: 'connectUnusedHere', data: UNUSED, line: 7, column: 11, suggestions: [] }],
    },
  ],
};

esmTester.run('no-connection-before-fork: default connections (ESM)', rule, esmCases as never);
cjsTester.run('no-connection-before-fork: default connections (CommonJS)', rule, cjsCases as never);
tsTester.run('no-connection-before-fork: default connections (TypeScript)', rule, tsCases as never);
checkFixedOutputs('no-connection-before-fork: default connections', rule as never, { esm: esmCases as never, cjs: cjsCases as never, ts: tsCases as never });
