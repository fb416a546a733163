/**
 * no-connection-transfer through the project's own db module: an imported connection
 * (or what it hands out) in data sent to another process or thread is a transfer; its
 * configuration is in the other module, so the other side must import it and connect.
 */
import rule from '../../rules/no-connection-transfer.js';
import { DB_MODULES } from '../helpers/db-exports.js';
import { withProject } from '../helpers/mock-project.js';
import { cjsTester, esmTester, tsTester } from '../setup-rule-tester.js';

vi.mock('../../src/project/get-facts.js', () => import('../helpers/mock-project.js'));

const settings = withProject({ modules: DB_MODULES });
const CLONE = 'it throws "could not be cloned" (DataCloneError) or delivers a copy without methods';
const JSON_FAILURE = 'it fails on circular references or arrives as inert data without methods';

function held(name: string, boundary: string, failure: string, line: number, column: number, noun = 'pool') {
  return { messageId: 'heldElsewhere', data: { name, library: 'pg', noun, place: 'src/db.js', boundary, failure }, line, column, suggestions: [] };
}

const esmCases = {
  valid: [
    // What the connection returns is plain data.
    { code: `import { Worker } from 'node:worker_threads';
import { pool } from './db.js';
const { rows } = await pool.query('select * from jobs');
new Worker('./w.js', { workerData: { rows } });`, settings },
    // A function of the module is not the connection.
    { code: `import { Worker } from 'node:worker_threads';
import { getPool } from './db.js';
new Worker('./w.js', { workerData: { factory: getPool.name } });`, settings },
  ],
  invalid: [
    {
      code: `import { Worker } from 'node:worker_threads';
import { pool } from './db.js';
new Worker('./w.js', { workerData: { pool } });`,
      settings,
      output: null,
      errors: [held('pool', '`workerData`', CLONE, 3, 38)],
    },
    {
      // What it hands out is live too.
      code: `import { Worker } from 'node:worker_threads';
import { pool } from './db.js';
const client = await pool.connect();
const worker = new Worker('./w.js');
worker.postMessage({ client });`,
      settings,
      output: null,
      errors: [held('client', '`worker.postMessage()`', CLONE, 5, 22, 'checked-out client')],
    },
  ],
};

const cjsCases = {
  valid: [],
  invalid: [
    {
      code: `const { fork } = require('child_process');
const { pool } = require('./db');
const child = fork('./child.js');
child.send({ pool });`,
      settings,
      output: null,
      errors: [held('pool', '`child.send()`', JSON_FAILURE, 4, 14)],
    },
  ],
};

const tsCases = {
  valid: [],
  invalid: [
    {
      code: `import Piscina from 'piscina';
import { pool } from './db.js';
const piscina = new Piscina({ filename: './task.js' });
await piscina.run({ db: pool as unknown });`,
      settings,
      output: null,
      errors: [held('pool', '`piscina.run()`', CLONE, 4, 25)],
    },
  ],
};

esmTester.run('no-connection-transfer: project modules (ESM)', rule, esmCases as never);
cjsTester.run('no-connection-transfer: project modules (CommonJS)', rule, cjsCases as never);
tsTester.run('no-connection-transfer: project modules (TypeScript)', rule, tsCases as never);
