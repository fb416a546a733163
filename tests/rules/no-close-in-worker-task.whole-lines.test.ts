// Review round 2, item 13: taking a close out of a task takes its whole lines when it stands
// alone on them, also when it spans several lines (placement's statementRemoval), so that no
// line of indentation alone is left behind.
import type { InvalidTestCase, ValidTestCase } from '@typescript-eslint/rule-tester';
import rule from '../../rules/no-close-in-worker-task.js';
import { checkFixedOutputs } from '../helpers/fixed-outputs.js';
import { cjsTester, esmTester, tsTester } from '../setup-rule-tester.js';

type Options = readonly unknown[];
interface Cases {
  readonly valid: (ValidTestCase<Options> | string)[];
  readonly invalid: InvalidTestCase<string, Options>[];
}

const lines = (...parts: string[]): string => parts.join('\n') + '\n';

const PG_POOL_END = 'the next task on this worker fails with "Cannot use a pool after calling end on the pool"';
const TASK = 'the `parentPort` message handler';
const pgClose = { messageId: 'close', data: { name: 'pool', library: 'pg', noun: 'pool', task: TASK, method: 'end', helper: '', consequence: PG_POOL_END } };

/** A worker entry whose message handler runs `close` (lines) after its query. */
function entry(imports: readonly string[], close: readonly string[]): string {
  return lines(
    ...imports,
    ``,
    `const pool = new pg.Pool();`,
    ``,
    `parentPort.on('message', async (id) => {`,
    `  parentPort.postMessage((await pool.query('select $1', [id])).rows);`,
    ...close.map((line) => `  ${line}`),
    `});`,
  );
}

/** The close over several lines: its callback is no code a hook can copy, so removing it is the one suggestion. */
const MULTILINE_CLOSE = [`await pool.end(`, `  () => console.log('pool closed'),`, `);`];

function invalid(imports: readonly string[]): InvalidTestCase<string, Options> {
  return {
    code: entry(imports, MULTILINE_CLOSE),
    output: null,
    errors: [{ ...pgClose, line: 8, suggestions: [{ messageId: 'removeClose', data: { method: 'end' }, output: entry(imports, []) }] }],
  };
}

const ESM = [`import { parentPort } from 'node:worker_threads';`, `import pg from 'pg';`];
const CJS = [`const { parentPort } = require('node:worker_threads');`, `const pg = require('pg');`];

const esm: Cases = { valid: [], invalid: [invalid(ESM)] };
const cjs: Cases = { valid: [], invalid: [invalid(CJS)] };
const ts: Cases = { valid: [], invalid: [invalid([`import { parentPort } from 'node:worker_threads';`, `import * as pg from 'pg';`])] };

esmTester.run('no-close-in-worker-task, whole lines (ESM)', rule, esm as never);
cjsTester.run('no-close-in-worker-task, whole lines (CommonJS)', rule, cjs as never);
tsTester.run('no-close-in-worker-task, whole lines (TypeScript)', rule, ts as never);

checkFixedOutputs('no-close-in-worker-task (whole lines)', rule as never, { esm: esm as never, cjs: cjs as never, ts: ts as never });
