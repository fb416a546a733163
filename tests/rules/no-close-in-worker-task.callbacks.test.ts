/**
 * no-close-in-worker-task with callback-form connections: the callback's parameter is the
 * binding. One a task closes is the worker's when it was connected once, outside the task;
 * one a task's helper connects and closes in its own callbacks is the task's own.
 */
import rule from '../../rules/no-close-in-worker-task.js';
import { cjsTester, esmTester, tsTester } from '../setup-rule-tester.js';

const lines = (...parts: string[]): string => parts.join('\n');

const MONGO_AFTER_CLOSE = 'the next task on this worker fails with "Client must be connected before running operations"';

const esmCases = {
  valid: [
    // A helper the task calls connects in callback form and closes in its own callback.
    lines(
      `import { parentPort } from 'node:worker_threads';`,
      `import { MongoClient } from 'mongodb';`,
      `function store(doc) {`,
      `  MongoClient.connect(process.env.MONGO_URL, (err, client) => {`,
      `    if (err) throw err;`,
      `    client.db('app').collection('docs').insertOne(doc, () => client.close());`,
      `  });`,
      `}`,
      `parentPort.on('message', (doc) => store(doc));`,
    ),
  ],
  invalid: [
    // Connected once per worker, in callback form; a task closes it.
    {
      code: lines(
        `import { parentPort } from 'node:worker_threads';`,
        `import { MongoClient } from 'mongodb';`,
        `MongoClient.connect(process.env.MONGO_URL, (err, client) => {`,
        `  if (err) throw err;`,
        `  parentPort.on('message', (doc) => {`,
        `    client.db('app').collection('docs').insertOne(doc, () => {`,
        `      parentPort.postMessage('stored');`,
        `      client.close();`,
        `    });`,
        `  });`,
        `});`,
      ),
      output: null,
      errors: [
        {
          messageId: 'close',
          line: 8,
          data: {
            name: 'client', library: 'mongodb', noun: 'client', task: 'the `parentPort` message handler', method: 'close', helper: '', consequence: MONGO_AFTER_CLOSE,
          },
          suggestions: [
            {
              messageId: 'removeClose',
              data: { method: 'close' },
              output: lines(
                `import { parentPort } from 'node:worker_threads';`,
                `import { MongoClient } from 'mongodb';`,
                `MongoClient.connect(process.env.MONGO_URL, (err, client) => {`,
                `  if (err) throw err;`,
                `  parentPort.on('message', (doc) => {`,
                `    client.db('app').collection('docs').insertOne(doc, () => {`,
                `      parentPort.postMessage('stored');`,
                `    });`,
                `  });`,
                `});`,
              ),
            },
          ],
        },
      ],
    },
  ],
};
esmTester.run('no-close-in-worker-task, callback forms (ESM)', rule, esmCases as never);

const cjsCases = {
  valid: [
    lines(
      `const { parentPort } = require('worker_threads');`,
      `const { MongoClient } = require('mongodb');`,
      `parentPort.on('message', (doc) => {`,
      `  MongoClient.connect(process.env.MONGO_URL, (err, client) => {`,
      `    if (err) return parentPort.postMessage('failed');`,
      `    client.db('app').collection('docs').insertOne(doc, () => { client.close(); parentPort.postMessage('stored'); });`,
      `  });`,
      `});`,
    ),
  ],
  invalid: [],
};
cjsTester.run('no-close-in-worker-task, callback forms (CommonJS)', rule, cjsCases as never);

const tsCases = {
  valid: [
    lines(
      `import { parentPort } from 'node:worker_threads';`,
      `import { MongoClient } from 'mongodb';`,
      `function store(doc: object): void {`,
      `  MongoClient.connect(process.env.MONGO_URL!, (err?: Error, client?: MongoClient) => {`,
      `    if (err || !client) throw err;`,
      `    void client.db('app').collection('docs').insertOne(doc).finally(() => client.close());`,
      `  });`,
      `}`,
      `parentPort?.on('message', (doc: object) => store(doc));`,
    ),
  ],
  invalid: [],
};
tsTester.run('no-close-in-worker-task, callback forms (TypeScript)', rule, tsCases as never);
