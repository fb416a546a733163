// The reconnect plan makes the worker's function async only when its set-up awaits: read
// from the set-up's nodes, so a word "await" inside a string does not count.
import type { InvalidTestCase } from '@typescript-eslint/rule-tester';
import rule from '../../rules/require-reconnect-after-fork.js';
import { checkFixedOutputs } from '../helpers/fixed-outputs.js';
import { cjsTester } from '../setup-rule-tester.js';

const lines = (...parts: string[]): string => parts.join('\n') + '\n';

const invalid: InvalidTestCase<string, readonly unknown[]>[] = [
  {
    code: lines(
      `const throng = require('throng');`,
      `const mysql = require('mysql2');`,
      `let conn;`,
      `throng({`,
      `  master() {`,
      `    conn = mysql.createConnection('mysql://await@db/app');`,
      `  },`,
      `  worker: function start() {`,
      `    conn.query('select 1');`,
      `  },`,
      `});`,
    ),
    // A set-up that means the same on the worker path and needs no async function: an autofix.
    output: lines(
      `const throng = require('throng');`,
      `const mysql = require('mysql2');`,
      `let conn;`,
      `throng({`,
      `  master() {`,
      `    conn = mysql.createConnection('mysql://await@db/app');`,
      `  },`,
      `  worker: function start() {`,
      `    conn = mysql.createConnection('mysql://await@db/app');`,
      `    conn.query('select 1');`,
      `  },`,
      `});`,
    ),
    errors: [{ messageId: 'assignedInPrimary', line: 9, suggestions: [] }],
  },
];

cjsTester.run('require-reconnect-after-fork: a set-up that does not await (CommonJS)', rule, { valid: [], invalid } as never);
checkFixedOutputs('require-reconnect-after-fork: a set-up that does not await', rule as never, { cjs: { valid: [], invalid } as never });
