// bull's in-process processor, `queue.process([name], [concurrency], fn)`: the function runs in
// this process for every job, and the process lives on for the next one. The queue may be made
// here or imported from the module that makes it.
import rule from '../../rules/no-connection-per-task.js';
import { QUEUE_MODULES } from '../helpers/db-exports.js';
import { withProject } from '../helpers/mock-project.js';
import { lines, type Cases } from '../helpers/rule-cases.js';
import { checkFixedOutputs } from '../helpers/fixed-outputs.js';
import { cjsTester } from '../setup-rule-tester.js';

vi.mock('../../src/project/get-facts.js', () => import('../helpers/mock-project.js'));

const QUEUES = withProject({ modules: QUEUE_MODULES });

interface Hoisted {
  readonly messageId: string;
  readonly name: string;
  readonly library: string;
  readonly noun: string;
  readonly task: string;
  readonly head: readonly string[];
  readonly registration: string;
  /** The statement of the processor that makes the connection, and the one that uses it. */
  readonly made: string;
  readonly use: string;
}

/** A connection made in a processor of the queue `mail` of this file, and the suggestion that makes it once at module scope. */
function hoisted(c: Hoisted): Cases['invalid'][number] {
  const queue = [`const Queue = require('bull');`, ...c.head, `const mail = new Queue('mail', process.env.REDIS_URL);`];
  return {
    code: lines(...queue, c.registration, `  ${c.made}`, `  ${c.use}`, `});`),
    output: null,
    errors: [
      {
        messageId: c.messageId,
        line: queue.length + 2,
        data: { name: c.name, library: c.library, noun: c.noun, task: c.task },
        suggestions: [{ messageId: 'hoist', data: { name: c.name }, output: lines(...queue, c.made, ``, c.registration, `  ${c.use}`, `});`) }],
      },
    ],
  };
}

const cjs: Cases = {
  valid: [
    // One pool for the process, closed when it shuts down.
    lines(
      `const Queue = require('bull');`,
      `const { Pool } = require('pg');`,
      `const pool = new Pool();`,
      `const mail = new Queue('mail', process.env.REDIS_URL);`,
      `mail.process(async (job) => pool.query('insert into sent values ($1)', [job.data.to]));`,
      `process.once('SIGTERM', () => pool.end());`,
    ),
    // The file form runs in forked children: nothing of this file runs per job.
    lines(
      `const path = require('path');`,
      `const Queue = require('bull');`,
      `const mail = new Queue('mail', process.env.REDIS_URL);`,
      `mail.process(4, path.join(__dirname, 'processors/mail.js'));`,
    ),
    // A method named process of an object no row tracks.
    lines(
      `const { Pool } = require('pg');`,
      `const pipeline = require('./pipeline');`,
      `pipeline.process(async (rows) => {`,
      `  const pool = new Pool();`,
      `  await pool.query('select 1');`,
      `});`,
    ),
  ],
  invalid: [
    hoisted({
      messageId: 'poolPerTask', name: 'pool', library: 'pg', noun: 'pool', task: "the processor of bull jobs 'welcome'",
      head: [`const { Pool } = require('pg');`], registration: `mail.process('welcome', 5, async (job) => {`,
      made: `const pool = new Pool();`, use: `await pool.query('insert into sent values ($1)', [job.data.to]);`,
    }),
    // A concurrency alone before the processor is no job name.
    hoisted({
      messageId: 'clientPerTask', name: 'redis', library: 'ioredis', noun: 'client', task: 'the bull processor',
      head: [`const Redis = require('ioredis');`], registration: `mail.process(5, async (job) => {`,
      made: `const redis = new Redis(process.env.CACHE_URL);`, use: `await redis.set(job.id, 'sent');`,
    }),
    {
      // The queue is imported from the module that makes it.
      code: lines(
        `const { mail } = require('./queues');`,
        `const mysql = require('mysql2/promise');`,
        `mail.process(async function send(job) {`,
        `  const db = await mysql.createConnection(process.env.MYSQL_URL);`,
        `  await db.execute('insert into sent values (?)', [job.data.to]);`,
        `});`,
      ),
      settings: QUEUES,
      output: null,
      errors: [{ messageId: 'clientPerTask', line: 4, data: { name: 'db', library: 'mysql2', noun: 'connection', task: 'the bull processor' }, suggestions: [] }],
    },
  ],
};

cjsTester.run('no-connection-per-task: bull processors (CommonJS)', rule, cjs as never);
checkFixedOutputs('no-connection-per-task: bull processors', rule as never, { cjs: cjs as never });
