// Review round 1, item 13: a name the transfer suggestion introduces in the receiver must be free
// there: not declared around it, and not declared or read as a global by the module
// (placement's moduleScopeHas), which a new binding of that name would capture.
import type { InvalidTestCase, ValidTestCase } from '@typescript-eslint/rule-tester';
import rule from '../../rules/no-connection-transfer.js';
import { checkFixedOutputs } from '../helpers/fixed-outputs.js';
import { esmTester } from '../setup-rule-tester.js';

type Options = readonly unknown[];
interface Cases {
  readonly valid: (ValidTestCase<Options> | string)[];
  readonly invalid: InvalidTestCase<string, Options>[];
}

const lines = (...parts: string[]): string => parts.join('\n') + '\n';

const json = (name: string, library: string, noun: string, boundary: string) => ({ messageId: 'json', data: { name, library, noun, boundary } });

const esm: Cases = {
  valid: [],
  invalid: [
    // The file reads `redisConfig` as a global: a parameter of that name would capture the read, so the receiver is left as written and the text says so.
    {
      code: lines(
        `import cluster from 'node:cluster';`,
        `import Redis from 'ioredis';`,
        ``,
        `if (cluster.isPrimary) {`,
        `  const redis = new Redis(process.env.REDIS_URL);`,
        `  const worker = cluster.fork();`,
        `  worker.send({ job: 1, redis });`,
        `} else {`,
        `  process.on('message', async ({ job, redis }) => {`,
        `    await redis.set('job:' + job, JSON.stringify(redisConfig));`,
        `    process.send(job);`,
        `  });`,
        `}`,
      ),
      output: null,
      errors: [{
        ...json('redis', 'ioredis', 'client', '`worker.send()`'),
        line: 7,
        suggestions: [
          { messageId: 'sendConfig', data: { config: 'process.env.REDIS_URL' }, output: lines(
            `import cluster from 'node:cluster';`,
            `import Redis from 'ioredis';`,
            ``,
            `if (cluster.isPrimary) {`,
            `  const redis = new Redis(process.env.REDIS_URL);`,
            `  const worker = cluster.fork();`,
            `  worker.send({ job: 1, redis: process.env.REDIS_URL });`,
            `} else {`,
            `  process.on('message', async ({ job, redis }) => {`,
            `    await redis.set('job:' + job, JSON.stringify(redisConfig));`,
            `    process.send(job);`,
            `  });`,
            `}`,
          ) },
        ],
      }],
    },
  ],
};

esmTester.run('no-connection-transfer: names free in the receiver (ESM)', rule, esm as never);

checkFixedOutputs('no-connection-transfer: names free in the receiver', rule as never, { esm: esm as never });
