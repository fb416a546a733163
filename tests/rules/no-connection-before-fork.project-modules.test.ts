/**
 * no-connection-before-fork through the project's own db module: a connect wrapper run
 * at module scope of a self-forking file opens the module's connection in both roles;
 * with no use in the file and a primary that only forks, its uses are the workers'.
 */
import rule from '../../rules/no-connection-before-fork.js';
import { DB_MODULES, POOL } from '../helpers/db-exports.js';
import { checkFixedOutputs } from '../helpers/fixed-outputs.js';
import { withProject } from '../helpers/mock-project.js';
import { cjsTester, esmTester, tsTester } from '../setup-rule-tester.js';

vi.mock('../../src/project/get-facts.js', () => import('../helpers/mock-project.js'));

const settings = withProject({ modules: DB_MODULES });
const MONGOOSE = { name: 'connectDB()', where: 'mongoose, src/db.js', noun: 'default connection', forkSite: 'cluster.fork()' };

const esmCases = {
  valid: [
    // The primary connects through the wrapper and keeps using the connection after forking.
    { code: `import cluster from 'node:cluster';
import { connectDB, pool } from './db.js';
if (cluster.isPrimary) {
  await connectDB();
  cluster.fork();
  cluster.on('exit', () => pool.query('insert into restarts default values'));
}`, settings },
    // The db module is loaded only on the worker path.
    { code: `import cluster from 'node:cluster';
if (cluster.isPrimary) {
  cluster.fork();
} else {
  const { connectDB } = await import('./db.js');
  await connectDB();
}`, settings },
    // The primary runs the app too.
    { code: `import cluster from 'node:cluster';
import { connectDB } from './db.js';
import app from './app.js';
await connectDB();
if (cluster.isPrimary) cluster.fork();
app.listen(3000);`, settings },
    // A module of the project that exports only configuration, or a worker pool named like a connection.
    { code: `import cluster from 'node:cluster';
import { dbConfig } from './config.js';
import { pool } from './pool.js';
if (cluster.isPrimary) { cluster.fork(); await pool.exec('warm', [dbConfig]); }`, settings },
  ],
  invalid: [
    {
      code: `import cluster from 'node:cluster';
import { connectDB } from './db.js';
import app from './app.js';
await connectDB();
if (cluster.isPrimary) {
  cluster.fork();
} else {
  app.listen(3000);
}`,
      settings,
      output: `import cluster from 'node:cluster';
import { connectDB } from './db.js';
import app from './app.js';
if (cluster.isPrimary) {
  cluster.fork();
} else {
  await connectDB();
  app.listen(3000);
}`,
      errors: [{ messageId: 'connectUnusedHere', data: MONGOOSE, line: 4, column: 7, suggestions: [] }],
    },
    {
      // Its uses here are all on the worker path.
      code: `import cluster from 'node:cluster';
import { connectClient, client } from './db.js';
await connectClient();
if (cluster.isPrimary) {
  cluster.fork();
} else {
  await client.query('select 1');
}`,
      settings,
      output: `import cluster from 'node:cluster';
import { connectClient, client } from './db.js';
if (cluster.isPrimary) {
  cluster.fork();
} else {
  await connectClient();
  await client.query('select 1');
}`,
      errors: [{ messageId: 'connectWorkerOnly', data: { name: 'connectClient()', where: 'pg, src/db.js', noun: 'client', forkSite: 'cluster.fork()' }, line: 3, column: 7, suggestions: [] }],
    },
    {
      // An imported connection that opens as its module loads: one report, at the import.
      code: `import cluster from 'node:cluster';
import { pool } from './db.js';
if (cluster.isPrimary) {
  cluster.fork();
} else {
  await pool.query('select 1');
}`,
      settings: withProject({
        modules: { './db.js': { pool: { kind: 'connection', connection: { ...POOL, opensOnLoad: true } } } },
        onLoad: { './db.js': { library: 'pg', module: 'src/db.js' } },
      }),
      output: null,
      errors: [{ messageId: 'importConnects', data: { specifier: './db.js', library: 'pg', module: 'src/db.js', forkSite: 'cluster.fork()' }, line: 2, column: 1 }],
    },
  ],
};

const cjsCases = {
  valid: [],
  invalid: [
    {
      // The same in CommonJS: the fix is a require() on the worker path (no top-level await there).
      code: `const cluster = require('cluster');
const { pool } = require('./db');
if (cluster.isMaster) {
  cluster.fork();
} else {
  pool.query('select 1');
}`,
      settings: withProject({
        modules: { './db': { pool: { kind: 'connection', connection: { ...POOL, opensOnLoad: true } } } },
        onLoad: { './db': { library: 'pg', module: 'src/db.js' } },
      }),
      output: null,
      errors: [{ messageId: 'requireConnects', data: { specifier: './db', library: 'pg', module: 'src/db.js', forkSite: 'cluster.fork()' }, line: 2, column: 18 }],
    },
    {
      // Through the module object, and the wrapper's promise callbacks are no uses.
      code: `const cluster = require('cluster');
const db = require('./db');
db.connectDB().then(() => console.log('connected'));
if (cluster.isMaster) {
  cluster.fork();
} else {
  require('./server');
}`,
      settings,
      output: null,
      errors: [
        {
          messageId: 'connectUnusedHere',
          data: { ...MONGOOSE, name: 'db.connectDB()' },
          line: 3,
          column: 1,
          suggestions: [
            {
              messageId: 'moveConnectToWorker',
              data: { name: 'db.connectDB()' },
              output: `const cluster = require('cluster');
const db = require('./db');
if (cluster.isMaster) {
  cluster.fork();
} else {
  db.connectDB().then(() => console.log('connected'));
  require('./server');
}`,
            },
          ],
        },
      ],
    },
  ],
};

const tsCases = {
  valid: [],
  invalid: [
    {
      // Connected in main(), which both roles run; the primary only forks, once per CPU.
      code: `import cluster from 'node:cluster';
import os from 'node:os';
import app, { connectDB } from './db.js';
async function main(): Promise<void> {
  try {
    await connectDB();
  } catch (err) {
    process.stderr.write(\`Failed to connect: \${String(err)}\\n\`);
    process.exit(-1);
  }
  if (cluster.isPrimary) {
    for (const _cpu of os.cpus()) cluster.fork();
  } else {
    app.listen(process.env.PORT ?? 3000);
  }
}
main();`,
      settings,
      output: null,
      errors: [{ messageId: 'connectUnusedHere', data: MONGOOSE, line: 6, column: 11, suggestions: [] }],
    },
  ],
};

esmTester.run('no-connection-before-fork: project modules (ESM)', rule, esmCases as never);
cjsTester.run('no-connection-before-fork: project modules (CommonJS)', rule, cjsCases as never);
tsTester.run('no-connection-before-fork: project modules (TypeScript)', rule, tsCases as never);
checkFixedOutputs('no-connection-before-fork: project modules', rule as never, { esm: esmCases as never, cjs: cjsCases as never });
