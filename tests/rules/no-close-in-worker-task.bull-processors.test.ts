// bull's in-process processor, `queue.process([name], [concurrency], fn)`: the process lives on
// to run the next job, so a processor that closes the process's own connection breaks that job.
import rule from '../../rules/no-close-in-worker-task.js';
import { QUEUE_MODULES } from '../helpers/db-exports.js';
import { withProject } from '../helpers/mock-project.js';
import { lines, type Cases } from '../helpers/rule-cases.js';
import { checkFixedOutputs } from '../helpers/fixed-outputs.js';
import { cjsTester } from '../setup-rule-tester.js';

vi.mock('../../src/project/get-facts.js', () => import('../helpers/mock-project.js'));

const QUEUES = withProject({ modules: QUEUE_MODULES });

const REMOVED = lines(
  `const { mail } = require('./queues');`,
  `const { Pool } = require('pg');`,
  `const pool = new Pool();`,
  `mail.process(async (job) => {`,
  `  await pool.query('insert into sent values ($1)', [job.data.to]);`,
  `});`,
);

const cjs: Cases = {
  valid: [
    // Closed when the process shuts down.
    {
      code: lines(
        `const { mail } = require('./queues');`,
        `const { Pool } = require('pg');`,
        `const pool = new Pool();`,
        `mail.process(async (job) => pool.query('insert into sent values ($1)', [job.data.to]));`,
        `process.once('SIGTERM', async () => { await mail.close(); await pool.end(); });`,
      ),
      settings: QUEUES,
    },
    // A connection the processor opens itself, closed at its end: no other job shares it.
    lines(
      `const Queue = require('bull');`,
      `const { Client } = require('pg');`,
      `const mail = new Queue('mail', process.env.REDIS_URL);`,
      `mail.process(async (job) => {`,
      `  const client = new Client();`,
      `  await client.connect();`,
      `  try { await client.query('select 1'); } finally { await client.end(); }`,
      `});`,
    ),
  ],
  invalid: [
    {
      code: lines(
        `const { mail } = require('./queues');`,
        `const { Pool } = require('pg');`,
        `const pool = new Pool();`,
        `mail.process(async (job) => {`,
        `  await pool.query('insert into sent values ($1)', [job.data.to]);`,
        `  await pool.end();`,
        `});`,
      ),
      settings: QUEUES,
      output: null,
      errors: [
        {
          messageId: 'close',
          line: 6,
          data: {
            name: 'pool', library: 'pg', noun: 'pool', task: 'the bull processor', method: 'end', helper: '',
            consequence: 'the next task on this worker fails with "Cannot use a pool after calling end on the pool"',
          },
          suggestions: [
            { messageId: 'removeClose', data: { method: 'end' }, output: REMOVED },
            {
              messageId: 'moveToHook',
              data: { hook: "process.once('beforeExit')", covers: 'when the event loop runs empty, not on `process.exit()` or a signal' },
              output: `${REMOVED}\nprocess.once('beforeExit', () => pool.end());\n`,
            },
          ],
        },
      ],
    },
  ],
};

cjsTester.run('no-close-in-worker-task: bull processors (CommonJS)', rule, cjs as never);
checkFixedOutputs('no-close-in-worker-task: bull processors', rule as never, { cjs: cjs as never });
