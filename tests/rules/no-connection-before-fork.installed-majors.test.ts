/**
 * no-connection-before-fork with the major the project has installed: node-redis 3 and
 * earlier connect in `createClient()` (4 and later wait for `connect()`), so a module-scope
 * client that only workers use is a socket the primary holds for nothing, and the report
 * names the major.
 */
import rule from '../../rules/no-connection-before-fork.js';
import type { InstalledVersion } from '../../src/analysis/project-view.js';
import { withProject } from '../helpers/mock-project.js';
import { cjsTester, esmTester, tsTester } from '../setup-rule-tester.js';

vi.mock('../../src/project/get-facts.js', () => import('../helpers/mock-project.js'));

const version = (text: string): InstalledVersion => ({ version: text, major: Number(text.split('.')[0]), from: 'package.json' });
const REDIS_3 = withProject({ versions: { redis: version('3.1.2') } });
const REDIS_4 = withProject({ versions: { redis: version('4.6.0') } });

// The shape of real code (node-redis examples): the callback API of node-redis 3.
const VISITOR_COUNT = `var cluster = require('cluster');
var http = require('http');
var redis = require('redis').createClient();
if (cluster.isMaster) {
  for (var i = 0; i < 2; i++) { cluster.fork(); }
} else {
  http.createServer(function (req, res) {
    redis.incr('counter', function (error, data) {
      res.end(JSON.stringify({ counter: data, pid: process.pid }));
    });
  }).listen(9999);
}`;

const POSITIONAL = VISITOR_COUNT.replace("require('redis').createClient()", "require('redis').createClient(6379, 'cache')");

/** The fix's output: the declaration on line 3 moved to the top of the worker branch. */
function onWorkerPath(code: string): string {
  const lines = code.split('\n');
  const [declaration] = lines.splice(2, 1);
  const branch = lines.findIndex((line) => line.startsWith('} else {'));
  lines.splice(branch + 1, 0, `  ${declaration}`);
  return lines.join('\n');
}

const workerOnly = (name: string, library: string, line: number, forkSite = 'cluster.fork()') =>
  [{ messageId: 'workerOnly' as const, line, data: { name, library, noun: 'client', forkSite }, suggestions: [] }];

cjsTester.run('no-connection-before-fork: node-redis 3 connects in createClient()', rule, {
  valid: [
    // node-redis 4 (and with no version known, today's majors): nothing opens until `connect()`.
    { code: VISITOR_COUNT, settings: REDIS_4 },
    VISITOR_COUNT,
    // Made on the worker path: each worker opens its own.
    {
      code: `const cluster = require('node:cluster');
const redis = require('redis');
if (cluster.isMaster) {
  cluster.fork();
} else {
  const client = redis.createClient();
  client.incr('counter');
}`,
      settings: REDIS_3,
    },
  ],
  invalid: [
    { code: VISITOR_COUNT, settings: REDIS_3, output: onWorkerPath(VISITOR_COUNT), errors: workerOnly('redis', 'redis 3', 3) },
    // `createClient(port, host)` is a node-redis 3 form (4 takes one options object): eager whatever the project says.
    {
      code: POSITIONAL,
      output: onWorkerPath(POSITIONAL),
      errors: workerOnly('redis', 'redis ≤3', 3),
    },
  ],
});

const ESM_CLIENT = `import cluster from 'node:cluster';
import { createClient } from 'redis';
const client = createClient({ url: process.env.REDIS_URL });
if (cluster.isPrimary) {
  cluster.fork();
} else {
  client.incr('counter');
}`;

esmTester.run('no-connection-before-fork: node-redis 3 (ESM)', rule, {
  valid: [
    {
      code: `import cluster from 'node:cluster';
import { createClient } from 'redis';
const client = createClient({ url: process.env.REDIS_URL });
if (cluster.isPrimary) {
  cluster.fork();
} else {
  await client.connect();
  await client.incr('counter');
}`,
      settings: REDIS_4,
    },
  ],
  invalid: [
    {
      code: ESM_CLIENT,
      settings: REDIS_3,
      output: onWorkerPath(ESM_CLIENT),
      errors: workerOnly('client', 'redis 3', 3),
    },
  ],
});

// Here the rule offers the move as a suggestion.
const TYPED = `import cluster from 'node:cluster';
import * as redis from 'redis';
const client: redis.RedisClient = redis.createClient(Number(process.env.REDIS_PORT), 'cache');
if (cluster.isPrimary) {
  cluster.fork();
} else {
  client.incr('counter');
}`;

tsTester.run('no-connection-before-fork: node-redis 3 (TypeScript)', rule, {
  valid: [],
  invalid: [
    {
      code: TYPED,
      output: null,
      errors: [{ ...workerOnly('client', 'redis ≤3', 3)[0]!, suggestions: [{ messageId: 'moveToWorker', output: onWorkerPath(TYPED) }] }],
    },
  ],
});
