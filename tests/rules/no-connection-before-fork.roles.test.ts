// Issue 12: the close-before-fork suggestion lands only where the primary alone runs it; before an
// unbraced `if (cluster.isPrimary) cluster.fork()` at the top level the workers would close their own copy.
import type { InvalidTestCase, ValidTestCase } from '@typescript-eslint/rule-tester';
import rule from '../../rules/no-connection-before-fork.js';
import { checkFixedOutputs } from '../helpers/fixed-outputs.js';
import { cjsTester, esmTester } from '../setup-rule-tester.js';

type Options = readonly unknown[];
interface Cases {
  readonly valid: (ValidTestCase<Options> | string)[];
  readonly invalid: InvalidTestCase<string, Options>[];
}

const lines = (...parts: string[]): string => parts.join('\n') + '\n';

const idle = (name: string) => ({ messageId: 'idleAfterFork', data: { name, library: 'ioredis', noun: 'client', forkSite: 'cluster.fork()' } });

const esm: Cases = {
  valid: [
    // Closed by the primary before it forks, in its own branch.
    lines(
      `import cluster from 'node:cluster';`,
      `import Redis from 'ioredis';`,
      `const redis = new Redis();`,
      `if (cluster.isPrimary) {`,
      `  await redis.get('a');`,
      `  await redis.quit();`,
      `  cluster.fork();`,
      `} else {`,
      `  await redis.get('b');`,
      `}`,
    ),
  ],
  invalid: [
    // The statement that forks runs in both roles: a close before it would end the workers' client too.
    {
      code: lines(
        `import cluster from 'node:cluster';`,
        `import Redis from 'ioredis';`,
        `const redis = new Redis();`,
        `if (cluster.isPrimary) await redis.get('a');`,
        `if (cluster.isPrimary) cluster.fork();`,
        `else await redis.get('b');`,
      ),
      output: null,
      errors: [{ ...idle('redis'), line: 3, suggestions: [] }],
    },
    // In the primary's own branch: the close goes right before the fork.
    {
      code: lines(
        `import cluster from 'node:cluster';`,
        `import Redis from 'ioredis';`,
        `const redis = new Redis();`,
        `if (cluster.isPrimary) {`,
        `  await redis.get('a');`,
        `  cluster.fork();`,
        `} else {`,
        `  await redis.get('b');`,
        `}`,
      ),
      output: null,
      errors: [{
        ...idle('redis'),
        line: 3,
        suggestions: [{ messageId: 'closeBeforeFork', data: { name: 'redis', close: 'quit' }, output: lines(
          `import cluster from 'node:cluster';`,
          `import Redis from 'ioredis';`,
          `const redis = new Redis();`,
          `if (cluster.isPrimary) {`,
          `  await redis.get('a');`,
          `  await redis.quit();`,
          `  cluster.fork();`,
          `} else {`,
          `  await redis.get('b');`,
          `}`,
        ) }],
      }],
    },
  ],
};

const cjs: Cases = {
  valid: [],
  invalid: [
    // Before the loop that forks, in the primary's branch; no `await` in CommonJS.
    {
      code: lines(
        `const cluster = require('node:cluster');`,
        `const Redis = require('ioredis');`,
        `const redis = new Redis();`,
        `if (cluster.isPrimary) {`,
        `  redis.set('started', Date.now());`,
        `  for (let i = 0; i < 2; i++) cluster.fork();`,
        `} else {`,
        `  redis.incr('workers');`,
        `}`,
      ),
      output: null,
      errors: [{
        ...idle('redis'),
        line: 3,
        suggestions: [{ messageId: 'closeBeforeFork', data: { name: 'redis', close: 'quit' }, output: lines(
          `const cluster = require('node:cluster');`,
          `const Redis = require('ioredis');`,
          `const redis = new Redis();`,
          `if (cluster.isPrimary) {`,
          `  redis.set('started', Date.now());`,
          `  redis.quit();`,
          `  for (let i = 0; i < 2; i++) cluster.fork();`,
          `} else {`,
          `  redis.incr('workers');`,
          `}`,
        ) }],
      }],
    },
  ],
};

esmTester.run('no-connection-before-fork: closes where the primary alone runs them (ESM)', rule, esm as never);
cjsTester.run('no-connection-before-fork: closes where the primary alone runs them (CommonJS)', rule, cjs as never);

checkFixedOutputs('no-connection-before-fork: closes where the primary alone runs them', rule as never, { esm: esm as never, cjs: cjs as never });
