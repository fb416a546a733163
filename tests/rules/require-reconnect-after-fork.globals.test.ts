// Sloppy code that keeps its connection in an undeclared global (`con = mysql.createConnection()`):
// assigned only on the primary path, the name does not exist in a worker, and reading it throws.
import type { InvalidTestCase } from '@typescript-eslint/rule-tester';
import rule from '../../rules/require-reconnect-after-fork.js';
import { checkFixedOutputs } from '../helpers/fixed-outputs.js';
import { cjsTester } from '../setup-rule-tester.js';

const lines = (...parts: string[]): string => parts.join('\n') + '\n';

const valid = [
  // Assigned before the branch: every process runs it.
  lines(
    `const cluster = require('cluster');`,
    `const mysql = require('mysql');`,
    `con = mysql.createConnection({ host: 'db' });`,
    `if (cluster.isMaster) {`,
    `  cluster.fork();`,
    `} else {`,
    `  con.query('select 1');`,
    `}`,
  ),
  // Assigned on the worker path too.
  lines(
    `const cluster = require('cluster');`,
    `const mysql = require('mysql');`,
    `if (cluster.isMaster) {`,
    `  con = mysql.createConnection({ host: 'db' });`,
    `  cluster.fork();`,
    `} else {`,
    `  con = mysql.createConnection({ host: 'db' });`,
    `  con.query('select 1');`,
    `}`,
  ),
  // A module the file loads may set the same global in every process.
  lines(
    `const cluster = require('cluster');`,
    `const mysql = require('mysql');`,
    `if (cluster.isMaster) {`,
    `  con = mysql.createConnection({ host: 'db' });`,
    `  cluster.fork();`,
    `} else {`,
    `  require('./db-setup');`,
    `  con.query('select 1');`,
    `}`,
  ),
  // Used only by the primary.
  lines(
    `const cluster = require('cluster');`,
    `const mysql = require('mysql');`,
    `if (cluster.isMaster) {`,
    `  con = mysql.createConnection({ host: 'db' });`,
    `  con.query('delete from sessions');`,
    `  cluster.fork();`,
    `}`,
  ),
];

const invalid: InvalidTestCase<string, readonly unknown[]>[] = [
  {
    code: lines(
      `const cluster = require('cluster');`,
      `const mysql = require('mysql');`,
      `if (cluster.isMaster) {`,
      `  con = mysql.createConnection({ host: 'db' });`,
      `  for (let i = 0; i < 4; i++) cluster.fork();`,
      `} else {`,
      `  require('http').createServer((req, res) => {`,
      `    con.query('select 1', (err, rows) => res.end(JSON.stringify(rows)));`,
      `  }).listen(3000);`,
      `}`,
    ),
    output: lines(
      `const cluster = require('cluster');`,
      `const mysql = require('mysql');`,
      `if (cluster.isMaster) {`,
      `  con = mysql.createConnection({ host: 'db' });`,
      `  for (let i = 0; i < 4; i++) cluster.fork();`,
      `} else {`,
      `  con = mysql.createConnection({ host: 'db' });`,
      `  require('http').createServer((req, res) => {`,
      `    con.query('select 1', (err, rows) => res.end(JSON.stringify(rows)));`,
      `  }).listen(3000);`,
      `}`,
    ),
    errors: [{ messageId: 'globalInPrimary', line: 8, data: { name: 'con', library: 'mysql', noun: 'connection', forkSite: 'cluster.fork()' }, suggestions: [] }],
  },
];

cjsTester.run('require-reconnect-after-fork: undeclared globals (CommonJS)', rule, { valid, invalid } as never);
checkFixedOutputs('require-reconnect-after-fork: undeclared globals', rule as never, { cjs: { valid, invalid } as never });
