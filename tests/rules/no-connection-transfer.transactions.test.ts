/**
 * no-connection-transfer and transactions: a transaction method called with its callback
 * returns what the callback returns (`const id = await db.transaction(async (trx) => …)`),
 * a plain value to send; only the callback's parameter is the live transaction.
 */
import rule from '../../rules/no-connection-transfer.js';
import { cjsTester, esmTester, tsTester } from '../setup-rule-tester.js';
import { checkFixedOutputs } from '../helpers/fixed-outputs.js';

const lines = (...parts: string[]): string => parts.join('\n');

const esmCases = {
  valid: [
    // knex: the id the transaction returns goes to a worker.
    lines(
      `import { Worker } from 'node:worker_threads';`,
      `import knex from 'knex';`,
      `const db = knex({ client: 'pg', connection: process.env.DATABASE_URL });`,
      `const orderId = await db.transaction(async (trx) => {`,
      `  const [order] = await trx('orders').insert({ total: 10 }).returning('id');`,
      `  await trx('audit').insert({ order: order.id });`,
      `  return order.id;`,
      `});`,
      `new Worker('./ship.js', { workerData: { orderId } });`,
    ),
    // knex: a transaction handler passed by name.
    lines(
      `import { Queue } from 'bullmq';`,
      `import knex from 'knex';`,
      `const db = knex({ client: 'pg' });`,
      `const queue = new Queue('ship', { connection: {} });`,
      `async function placeOrder(trx) { return (await trx('orders').insert({}).returning('id'))[0].id; }`,
      `const id = await db.transaction(placeOrder);`,
      `await queue.add('ship', { id });`,
    ),
    // Sequelize: a managed transaction's result in job data.
    lines(
      `import { Queue } from 'bullmq';`,
      `import { Sequelize } from 'sequelize';`,
      `const sequelize = new Sequelize(process.env.DATABASE_URL);`,
      `const queue = new Queue('mail', { connection: {} });`,
      `const user = await sequelize.transaction(async (t) => sequelize.models.User.create({ name: 'a' }, { transaction: t }));`,
      `await queue.add('welcome', { userId: user.id });`,
    ),
    // TypeORM: the data source's and the manager's transaction.
    lines(
      `import { Worker } from 'node:worker_threads';`,
      `import { DataSource } from 'typeorm';`,
      `const source = new DataSource({ type: 'postgres' });`,
      `await source.initialize();`,
      `const saved = await source.manager.transaction(async (manager) => manager.save({ total: 1 }));`,
      `const count = await source.transaction(async (manager) => manager.count('Order'));`,
      `new Worker('./w.js', { workerData: { saved: saved.id, count } });`,
    ),
    // mongoose and mongodb sessions: withTransaction resolves to the callback's result.
    lines(
      `import { fork } from 'node:child_process';`,
      `import mongoose from 'mongoose';`,
      `import { MongoClient } from 'mongodb';`,
      `const session = await mongoose.startSession();`,
      `const total = await session.withTransaction(async () => 42);`,
      `const client = new MongoClient(process.env.MONGO_URL);`,
      `const other = client.startSession();`,
      `const moved = await other.withTransaction(async () => ({ moved: 3 }));`,
      `fork('./report.js').send({ total, moved });`,
    ),
    // pg-promise: db.tx resolves to the callback's result.
    lines(
      `import { Worker } from 'node:worker_threads';`,
      `import pgPromise from 'pg-promise';`,
      `const db = pgPromise()(process.env.DATABASE_URL);`,
      `const id = await db.tx(async (t) => (await t.one('insert into orders default values returning id')).id);`,
      `new Worker('./w.js', { workerData: { id } });`,
    ),
  ],
  invalid: [
    // The live transaction itself, sent from inside the callback.
    {
      code: lines(
        `import { Queue } from 'bullmq';`,
        `import { Sequelize } from 'sequelize';`,
        `const sequelize = new Sequelize(process.env.DATABASE_URL);`,
        `const queue = new Queue('mail', { connection: {} });`,
        `await sequelize.transaction(async (t) => {`,
        `  await queue.add('welcome', { transaction: t });`,
        `});`,
      ),
      output: null,
      errors: [
        {
          messageId: 'json',
          data: { name: 't', library: 'sequelize', noun: 'transaction', boundary: '`queue.add()`' },
          suggestions: [
            {
              messageId: 'sendConfig',
              output: lines(
                `import { Queue } from 'bullmq';`,
                `import { Sequelize } from 'sequelize';`,
                `const sequelize = new Sequelize(process.env.DATABASE_URL);`,
                `const queue = new Queue('mail', { connection: {} });`,
                `await sequelize.transaction(async (t) => {`,
                `  await queue.add('welcome', { transaction: process.env.DATABASE_URL });`,
                `});`,
              ),
            },
          ],
        },
      ],
    },
    // A transaction made without a callback is the handle.
    {
      code: lines(
        `import { Worker } from 'node:worker_threads';`,
        `import knex from 'knex';`,
        `const db = knex({ client: 'pg' });`,
        `const trx = await db.transaction();`,
        `new Worker('./w.js', { workerData: { trx } });`,
      ),
      output: null,
      errors: [
        {
          messageId: 'clone',
          data: { name: 'trx', library: 'knex', noun: 'transaction', boundary: '`workerData`' },
          suggestions: [
            {
              messageId: 'sendConfig',
              output: lines(
                `import { Worker } from 'node:worker_threads';`,
                `import knex from 'knex';`,
                `const db = knex({ client: 'pg' });`,
                `const trx = await db.transaction();`,
                `new Worker('./w.js', { workerData: { trx: { client: 'pg' } } });`,
              ),
            },
          ],
        },
      ],
    },
  ],
};
esmTester.run('no-connection-transfer, transactions (ESM)', rule, esmCases as never);

const cjsCases = {
  valid: [
    lines(
      `const { Worker } = require('worker_threads');`,
      `const knex = require('knex');`,
      `const db = knex({ client: 'mysql2' });`,
      `db.transaction((trx) => trx('jobs').insert({ state: 'new' }).then(([id]) => id))`,
      `  .then((id) => new Worker('./w.js', { workerData: { id } }));`,
    ),
  ],
  invalid: [
    // TypeORM: the transaction's own manager handed to a child.
    {
      code: lines(
        `const { fork } = require('child_process');`,
        `const { DataSource } = require('typeorm');`,
        `const source = new DataSource({ type: 'postgres' });`,
        `const child = fork('./c.js');`,
        `source.manager.transaction(async (manager) => { child.send({ manager }); });`,
      ),
      output: null,
      errors: [
        {
          messageId: 'json',
          data: { name: 'manager', library: 'typeorm', noun: 'entity manager', boundary: '`child.send()`' },
          suggestions: [
            {
              messageId: 'sendConfig',
              output: lines(
                `const { fork } = require('child_process');`,
                `const { DataSource } = require('typeorm');`,
                `const source = new DataSource({ type: 'postgres' });`,
                `const child = fork('./c.js');`,
                `source.manager.transaction(async (manager) => { child.send({ manager: { type: 'postgres' } }); });`,
              ),
            },
          ],
        },
      ],
    },
  ],
};
cjsTester.run('no-connection-transfer, transactions (CommonJS)', rule, cjsCases as never);

const tsCases = {
  valid: [
    lines(
      `import { Worker } from 'node:worker_threads';`,
      `import knex, { type Knex } from 'knex';`,
      `const db: Knex = knex({ client: 'pg' });`,
      `const id = await db.transaction<number>(async (trx: Knex.Transaction) => (await trx('orders').insert({}).returning('id'))[0].id as number);`,
      `new Worker('./w.js', { workerData: { id } as const });`,
    ),
    lines(
      `import { Worker } from 'node:worker_threads';`,
      `import { Sequelize, type Transaction } from 'sequelize';`,
      `const sequelize = new Sequelize(process.env.DATABASE_URL!);`,
      `const rows = await sequelize.transaction(async (t: Transaction) => sequelize.query('select 1', { transaction: t }));`,
      `new Worker('./w.js', { workerData: { rows } });`,
    ),
  ],
  invalid: [],
};
tsTester.run('no-connection-transfer, transactions (TypeScript)', rule, tsCases as never);

checkFixedOutputs('no-connection-transfer, transactions', rule as never, { esm: esmCases as never, cjs: cjsCases as never });
