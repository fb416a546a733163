/**
 * require-reconnect-after-fork through the project's own db module: a connection of the
 * module whose connect wrapper runs only on the primary path is never connected in the
 * workers that use it.
 */
import rule from '../../rules/require-reconnect-after-fork.js';
import { DB_MODULES } from '../helpers/db-exports.js';
import { checkFixedOutputs } from '../helpers/fixed-outputs.js';
import { withProject } from '../helpers/mock-project.js';
import { cjsTester, esmTester, tsTester } from '../setup-rule-tester.js';

vi.mock('../../src/project/get-facts.js', () => import('../helpers/mock-project.js'));

const settings = withProject({ modules: DB_MODULES });
const CLIENT = { name: 'client', library: 'pg', noun: 'client', forkSite: 'cluster.fork()', connect: 'connectClient' };

const esmCases = {
  valid: [
    // The workers connect it themselves.
    { code: `import cluster from 'node:cluster';
import { connectClient, client } from './db.js';
if (cluster.isPrimary) {
  await connectClient();
  cluster.fork();
} else {
  await connectClient();
  await client.query('select 1');
}`, settings },
    // Connected at module scope: in both roles.
    { code: `import cluster from 'node:cluster';
import { connectClient, client } from './db.js';
await connectClient();
if (cluster.isPrimary) cluster.fork();
else await client.query('select 1');`, settings },
  ],
  invalid: [
    {
      code: `import cluster from 'node:cluster';
import { connectClient, client } from './db.js';
if (cluster.isPrimary) {
  await connectClient();
  cluster.fork();
} else {
  await client.query('select 1');
}`,
      settings,
      output: `import cluster from 'node:cluster';
import { connectClient, client } from './db.js';
if (cluster.isPrimary) {
  await connectClient();
  cluster.fork();
} else {
  await connectClient();
  await client.query('select 1');
}`,
      errors: [{ messageId: 'connectedInPrimary', data: CLIENT, line: 7, column: 9, suggestions: [] }],
    },
  ],
};

const cjsCases = {
  valid: [],
  invalid: [
    {
      code: `const cluster = require('cluster');
const db = require('./db');
if (cluster.isMaster) {
  db.connectClient().then(() => cluster.fork());
} else {
  db.client.query('select 1');
}`,
      settings,
      output: null,
      // Copying the connect step would copy its `.then(() => cluster.fork())` too: nothing is offered.
      errors: [{ messageId: 'connectedInPrimary', data: { ...CLIENT, name: 'db.client' }, line: 6, column: 3, suggestions: [] }],
    },
  ],
};

const tsCases = {
  valid: [],
  invalid: [
    {
      code: `import cluster from 'node:cluster';
import { connectClient, client } from './db.js';
if (cluster.isPrimary) {
  await connectClient();
  cluster.fork();
} else {
  const { rows } = await client.query<{ id: number }>('select 1 as id');
  console.log(rows);
}`,
      settings,
      output: `import cluster from 'node:cluster';
import { connectClient, client } from './db.js';
if (cluster.isPrimary) {
  await connectClient();
  cluster.fork();
} else {
  await connectClient();
  const { rows } = await client.query<{ id: number }>('select 1 as id');
  console.log(rows);
}`,
      errors: [{ messageId: 'connectedInPrimary', data: CLIENT, line: 7, column: 26, suggestions: [] }],
    },
  ],
};

esmTester.run('require-reconnect-after-fork: project modules (ESM)', rule, esmCases as never);
cjsTester.run('require-reconnect-after-fork: project modules (CommonJS)', rule, cjsCases as never);
tsTester.run('require-reconnect-after-fork: project modules (TypeScript)', rule, tsCases as never);
checkFixedOutputs('require-reconnect-after-fork: project modules', rule as never, { esm: esmCases as never, cjs: cjsCases as never, ts: tsCases as never });
