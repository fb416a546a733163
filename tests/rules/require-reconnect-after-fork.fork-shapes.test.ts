// Issue 11 shapes: workers started by a fork site handed over by reference, and told apart by a marker the
// fork call passes, that use a connection only the primary sets up.
import type { InvalidTestCase, ValidTestCase } from '@typescript-eslint/rule-tester';
import rule from '../../rules/require-reconnect-after-fork.js';
import { checkFixedOutputs } from '../helpers/fixed-outputs.js';
import { cjsTester, esmTester, tsTester } from '../setup-rule-tester.js';

type Options = readonly unknown[];
interface Cases {
  readonly valid: (ValidTestCase<Options> | string)[];
  readonly invalid: InvalidTestCase<string, Options>[];
}

const lines = (...parts: string[]): string => parts.join('\n') + '\n';

const esm: Cases = {
  valid: [
    // Handed over by reference, and every worker connects for itself.
    lines(
      `import cluster from 'node:cluster';`,
      `import os from 'node:os';`,
      `import { DataSource } from 'typeorm';`,
      `const dataSource = new DataSource({ type: 'postgres' });`,
      `if (cluster.isPrimary) {`,
      `  os.cpus().forEach(cluster.fork);`,
      `} else {`,
      `  await dataSource.initialize();`,
      `  await dataSource.query('SELECT 1');`,
      `}`,
    ),
  ],
  invalid: [
    {
      code: lines(
        `import cluster from 'node:cluster';`,
        `import os from 'node:os';`,
        `import { DataSource } from 'typeorm';`,
        `const dataSource = new DataSource({ type: 'postgres' });`,
        `if (cluster.isPrimary) {`,
        `  await dataSource.initialize();`,
        `  os.cpus().forEach(cluster.fork);`,
        `} else {`,
        `  await dataSource.query('SELECT 1');`,
        `}`,
      ),
      output: lines(
        `import cluster from 'node:cluster';`,
        `import os from 'node:os';`,
        `import { DataSource } from 'typeorm';`,
        `const dataSource = new DataSource({ type: 'postgres' });`,
        `if (cluster.isPrimary) {`,
        `  await dataSource.initialize();`,
        `  os.cpus().forEach(cluster.fork);`,
        `} else {`,
        `  await dataSource.initialize();`,
        `  await dataSource.query('SELECT 1');`,
        `}`,
      ),
      errors: [
        {
          messageId: 'connectedInPrimary',
          line: 9,
          data: { name: 'dataSource', library: 'typeorm', noun: 'data source', forkSite: 'cluster.fork', connect: 'initialize' },
          suggestions: [],
        },
      ],
    },
  ],
};

const cjs: Cases = {
  valid: [
    // The fork passes no marker: `process.argv[2] !== 'child'` tells no role.
    lines(
      `const { fork } = require('child_process');`,
      `const { Pool } = require('pg');`,
      `let pool;`,
      `if (process.argv[2] !== 'child') {`,
      `  pool = new Pool({ max: 2 });`,
      `  fork(__filename);`,
      `} else {`,
      `  pool.query('SELECT 1');`,
      `}`,
    ),
  ],
  invalid: [
    {
      code: lines(
        `const { fork } = require('child_process');`,
        `const { Pool } = require('pg');`,
        `let pool;`,
        `if (process.argv[2] !== 'child') {`,
        `  pool = new Pool({ max: 2 });`,
        `  fork(__filename, ['child']);`,
        `} else {`,
        `  pool.query('SELECT 1');`,
        `}`,
      ),
      output: lines(
        `const { fork } = require('child_process');`,
        `const { Pool } = require('pg');`,
        `let pool;`,
        `if (process.argv[2] !== 'child') {`,
        `  pool = new Pool({ max: 2 });`,
        `  fork(__filename, ['child']);`,
        `} else {`,
        `  pool = new Pool({ max: 2 });`,
        `  pool.query('SELECT 1');`,
        `}`,
      ),
      errors: [
        {
          messageId: 'assignedInPrimary',
          line: 8,
          data: { name: 'pool', library: 'pg', noun: 'pool', forkSite: 'fork()' },
          suggestions: [],
        },
      ],
    },
  ],
};

const ts: Cases = {
  valid: [
    // The child told apart by its env marker makes its own client.
    lines(
      `import cluster from 'node:cluster';`,
      `import Redis from 'ioredis';`,
      `let redis: Redis | undefined;`,
      `if (process.env.KIND === 'mailer') {`,
      `  redis = new Redis();`,
      `  await redis.get('x');`,
      `} else {`,
      `  cluster.fork({ KIND: 'mailer' });`,
      `}`,
    ),
  ],
  invalid: [
    {
      code: lines(
        `import cluster from 'node:cluster';`,
        `import Redis from 'ioredis';`,
        `let redis: Redis | undefined;`,
        `if (process.env.KIND === 'mailer') {`,
        `  await redis!.get('x');`,
        `} else {`,
        `  redis = new Redis();`,
        `  cluster.fork({ KIND: 'mailer' });`,
        `}`,
      ),
      output: lines(
        `import cluster from 'node:cluster';`,
        `import Redis from 'ioredis';`,
        `let redis: Redis | undefined;`,
        `if (process.env.KIND === 'mailer') {`,
        `  redis = new Redis();`,
        `  await redis!.get('x');`,
        `} else {`,
        `  redis = new Redis();`,
        `  cluster.fork({ KIND: 'mailer' });`,
        `}`,
      ),
      errors: [
        {
          messageId: 'assignedInPrimary',
          line: 5,
          data: { name: 'redis', library: 'ioredis', noun: 'client', forkSite: 'cluster.fork()' },
          suggestions: [],
        },
      ],
    },
  ],
};

esmTester.run('require-reconnect-after-fork: issue 11 shapes (ESM)', rule, esm as never);
cjsTester.run('require-reconnect-after-fork: issue 11 shapes (CommonJS)', rule, cjs as never);
tsTester.run('require-reconnect-after-fork: issue 11 shapes (TypeScript)', rule, ts as never);

checkFixedOutputs('require-reconnect-after-fork: issue 11 shapes', rule as never, { esm: esm as never, cjs: cjs as never, ts: ts as never });
