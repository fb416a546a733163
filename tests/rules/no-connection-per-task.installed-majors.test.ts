/**
 * no-connection-per-task with node-redis 3, which connects in `createClient()`: a run-once
 * worker that makes a client and never quits it keeps its thread alive on the socket. The
 * major comes from the project (`redis@3`) or from a call form only 3 and earlier accept
 * (`createClient(6379, host)`); with node-redis 4 nothing opens until `connect()`.
 */
import rule from '../../rules/no-connection-per-task.js';
import type { InstalledVersion } from '../../src/analysis/project-view.js';
import { withProject } from '../helpers/mock-project.js';
import { cjsTester, esmTester, tsTester } from '../setup-rule-tester.js';

vi.mock('../../src/project/get-facts.js', () => import('../helpers/mock-project.js'));

const version = (text: string): InstalledVersion => ({ version: text, major: Number(text.split('.')[0]), from: 'lockfile' });
const REDIS_3 = withProject({ versions: { redis: version('3.1.2') } });
const REDIS_4 = withProject({ versions: { redis: version('4.6.0') } });

// The shape of real code (a FaaS worker_threads service): an empty `connect` listener, no quit().
const REDIS_SERVICE = `const { workerData, parentPort } = require('worker_threads');
var redis = require('redis');
var client = redis.createClient(6379, 'redis-master.default.svc.cluster.local');
client.on('connect', function () {});
client.on('error', function (err) { console.log('Something went wrong ' + err); });
client.set('key', 'Hello');
client.get('key', function () {});
parentPort.postMessage({ hello: workerData });`;

const PLAIN = `const { parentPort } = require('worker_threads');
const redis = require('redis');
const client = redis.createClient();
client.set('job', 'done');
parentPort.postMessage('done');`;

const leak = (library: string) => [{ messageId: 'runOnceLeak' as const, line: 3, data: { name: 'client', library, noun: 'client' }, suggestions: [] }];

cjsTester.run('no-connection-per-task: node-redis 3 in a run-once worker', rule, {
  valid: [
    // node-redis 4, and no version known: `createClient()` opens nothing without `connect()`.
    { code: PLAIN, settings: REDIS_4 },
    PLAIN,
    // Quit in the callback of its last command: closed on the only path.
    {
      code: `const { parentPort } = require('worker_threads');
const redis = require('redis');
const client = redis.createClient(6379, 'cache');
client.set('job', 'done', function () {
  client.quit();
  parentPort.postMessage('done');
});`,
    },
    // The work runs in a listener that is not empty: the worker is not judged as run-once.
    {
      code: `const { parentPort } = require('worker_threads');
const redis = require('redis');
const client = redis.createClient(6379, 'cache');
client.on('ready', function () {
  client.set('job', 'done', function () {
    client.quit();
    parentPort.postMessage('done');
  });
});`,
      settings: REDIS_3,
    },
    // An empty listener for data still keeps its stream, and the worker, running.
    { code: PLAIN.replace("client.set('job', 'done');", "client.set('job', 'done');\nprocess.stdin.on('data', function () {});"), settings: REDIS_3 },
  ],
  invalid: [
    { code: REDIS_SERVICE, output: null, errors: leak('redis ≤3') },
    { code: REDIS_SERVICE, settings: REDIS_3, output: null, errors: leak('redis 3') },
    { code: PLAIN, settings: REDIS_3, output: null, errors: leak('redis 3') },
    { code: PLAIN.replace('createClient()', "createClient('redis://cache:6379')"), output: null, errors: leak('redis ≤3') },
  ],
});

esmTester.run('no-connection-per-task: node-redis 3 (ESM)', rule, {
  valid: [
    // An options object is every major's form: with no version known, today's lazy client.
    `import { parentPort } from 'node:worker_threads';
import { createClient } from 'redis';
const client = createClient({ url: process.env.REDIS_URL });
client.set('job', 'done');
parentPort.postMessage('done');`,
  ],
  invalid: [
    {
      code: `import { parentPort } from 'node:worker_threads';
import { createClient } from 'redis';
const client = createClient({ url: process.env.REDIS_URL });
client.set('job', 'done');
parentPort.postMessage('done');`,
      settings: REDIS_3,
      output: null,
      errors: leak('redis 3'),
    },
  ],
});

tsTester.run('no-connection-per-task: node-redis 3 (TypeScript)', rule, {
  valid: [],
  invalid: [
    {
      code: `import { parentPort } from 'node:worker_threads';
import * as redis from 'redis';
const client = redis.createClient(Number(process.env.REDIS_PORT), process.env.REDIS_HOST as string);
client.set('job', 'done');
parentPort.postMessage('done');`,
      output: null,
      errors: leak('redis ≤3'),
    },
  ],
});
