/**
 * Lazy clients in a self-forking module, opened by their first query through what they
 * hand out: the primary that queries `client.db().collection()` before forking holds the
 * client's connections; one it never queries holds nothing.
 */
import rule from '../../rules/no-connection-before-fork.js';
import { esmTester } from '../setup-rule-tester.js';

esmTester.run('no-connection-before-fork: first use through hand-outs', rule, {
  valid: [
    // Never queried by the primary: it opens nothing there.
    `import cluster from 'node:cluster';
import { MongoClient } from 'mongodb';
const client = new MongoClient(process.env.MONGO_URL);
if (cluster.isPrimary) {
  cluster.fork();
} else {
  await client.db('shop').collection('orders').find().toArray();
}`,
  ],
  invalid: [
    {
      code: `import cluster from 'node:cluster';
import { MongoClient } from 'mongodb';
const client = new MongoClient(process.env.MONGO_URL);
if (cluster.isPrimary) {
  await client.db('shop').collection('jobs').deleteMany({});
  cluster.fork();
}`,
      output: null,
      errors: [
        {
          messageId: 'idleAfterFork',
          data: { name: 'client', library: 'mongodb', noun: 'client', forkSite: 'cluster.fork()' },
          line: 3,
          column: 16,
          suggestions: [
            {
              messageId: 'closeBeforeFork',
              data: { name: 'client', close: 'close' },
              output: `import cluster from 'node:cluster';
import { MongoClient } from 'mongodb';
const client = new MongoClient(process.env.MONGO_URL);
if (cluster.isPrimary) {
  await client.db('shop').collection('jobs').deleteMany({});
  await client.close();
  cluster.fork();
}`,
            },
          ],
        },
      ],
    },
  ],
});
