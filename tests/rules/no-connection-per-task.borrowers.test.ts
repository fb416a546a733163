/**
 * no-connection-per-task: closing what borrows a connection closes the connection. A
 * kafka-node `Producer` or `Consumer` talks through the client it is given, and its
 * `close()` closes that client, so a task that closes its producer in a `finally` leaks
 * nothing. Closing a producer of another client, or closing on one path only, still does.
 */
import type { InvalidTestCase } from '@typescript-eslint/rule-tester';
import rule from '../../rules/no-connection-per-task.js';
import { cjsTester, esmTester, tsTester } from '../setup-rule-tester.js';

const lines = (...parts: string[]): string => parts.join('\n');
const TASK = 'the `parentPort` message handler';

function perTask(code: string, line: number): InvalidTestCase<'clientPerTask', []> {
  return {
    code,
    output: null,
    errors: [{ messageId: 'clientPerTask', line, data: { name: 'client', library: 'kafka-node', noun: 'client', task: TASK }, suggestions: [] }],
  };
}

const cjs = {
  valid: [
    lines(
      `const { parentPort } = require('worker_threads');`,
      `const { KafkaClient, Producer } = require('kafka-node');`,
      `const { promisify } = require('util');`,
      `parentPort.on('message', async (events) => {`,
      `  const client = new KafkaClient({ kafkaHost: process.env.KAFKA });`,
      `  const producer = new Producer(client);`,
      `  try {`,
      `    await promisify(producer.send.bind(producer))([{ topic: 'events', messages: events }]);`,
      `  } finally {`,
      `    producer.close();`,
      `  }`,
      `});`,
    ),
    lines(
      `const { parentPort } = require('worker_threads');`,
      `const kafka = require('kafka-node');`,
      `parentPort.on('message', async (topic) => {`,
      `  const client = new kafka.KafkaClient();`,
      `  const consumer = new kafka.Consumer(client, [{ topic }], { autoCommit: false });`,
      `  try {`,
      `    await new Promise((resolve) => consumer.once('message', resolve));`,
      `  } finally {`,
      `    consumer.close(true, () => {});`,
      `  }`,
      `});`,
    ),
  ],
  invalid: [
    // The producer closed is another client's.
    perTask(
      lines(
        `const { parentPort } = require('worker_threads');`,
        `const { KafkaClient, Producer } = require('kafka-node');`,
        `const shared = new Producer(new KafkaClient());`,
        `parentPort.on('message', async ({ host, events }) => {`,
        `  const client = new KafkaClient({ kafkaHost: host });`,
        `  const producer = new Producer(client);`,
        `  try {`,
        `    producer.send([{ topic: 'events', messages: events }], () => {});`,
        `  } finally {`,
        `    shared.close();`,
        `  }`,
        `});`,
      ),
      5,
    ),
    // Closed only when the send succeeds.
    perTask(
      lines(
        `const { parentPort } = require('worker_threads');`,
        `const { KafkaClient, HighLevelProducer } = require('kafka-node');`,
        `const { promisify } = require('util');`,
        `parentPort.on('message', async (events) => {`,
        `  const client = new KafkaClient();`,
        `  const producer = new HighLevelProducer(client);`,
        `  await promisify(producer.send.bind(producer))([{ topic: 'events', messages: events }]);`,
        `  producer.close();`,
        `});`,
      ),
      5,
    ),
  ],
};

const esm = {
  valid: [
    // The client made in place, inside the producer: closing the producer closes it.
    lines(
      `import { parentPort } from 'node:worker_threads';`,
      `import kafka from 'kafka-node';`,
      `parentPort.on('message', async ({ host, events }) => {`,
      `  const producer = new kafka.Producer(new kafka.KafkaClient({ kafkaHost: host }));`,
      `  try {`,
      `    await new Promise((resolve) => producer.send([{ topic: 'events', messages: events }], resolve));`,
      `  } finally {`,
      `    producer.close();`,
      `  }`,
      `});`,
    ),
    lines(
      `import { parentPort } from 'node:worker_threads';`,
      `import { KafkaClient, Producer } from 'kafka-node';`,
      `parentPort.on('message', async (events) => {`,
      `  const client = new KafkaClient();`,
      `  const producer = new Producer(client);`,
      `  try {`,
      `    await new Promise((resolve, reject) => producer.send([{ topic: 'events', messages: events }], (error) => (error ? reject(error) : resolve())));`,
      `  } finally {`,
      `    producer.close();`,
      `  }`,
      `});`,
    ),
  ],
  invalid: [],
};

const ts = {
  valid: [
    lines(
      `import { parentPort } from 'node:worker_threads';`,
      `import { KafkaClient, Producer } from 'kafka-node';`,
      `parentPort!.on('message', async (events: string[]) => {`,
      `  const client: KafkaClient = new KafkaClient();`,
      `  const producer = new Producer(client as KafkaClient);`,
      `  try {`,
      `    await new Promise<void>((resolve) => producer.send([{ topic: 'events', messages: events }], () => resolve()));`,
      `  } finally {`,
      `    producer.close();`,
      `  }`,
      `});`,
    ),
  ],
  invalid: [],
};

cjsTester.run('no-connection-per-task: borrowers closed (CommonJS)', rule, cjs as never);
esmTester.run('no-connection-per-task: borrowers closed (ESM)', rule, esm as never);
tsTester.run('no-connection-per-task: borrowers closed (TypeScript)', rule, ts as never);
