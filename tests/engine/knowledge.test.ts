/**
 * Every factory row of the knowledge base is recognised in every way code reaches it:
 * ESM named, default and namespace imports, CommonJS require (whole, destructured,
 * member), TypeScript `import x = require()`, `node:` prefixes, and aliases.
 */
import { BUILTIN_KNOWLEDGE, BUILTIN_MODULES } from '../../src/knowledge/index.js';
import type { ApiRow, ModuleRow } from '../../src/knowledge/types.js';
import { entityOfBinding, factsOf, type FactsOptions } from '../helpers/facts.js';

function invoke(callee: string, api: ApiRow): string {
  const args = '(...args)';
  return api.via === 'new' || api.via === 'both' ? `new ${callee}${args}` : `${callee}${args}`;
}

interface Form {
  readonly name: string;
  readonly options: FactsOptions;
  code(specifier: string, api: ApiRow): string;
}

const memberPath = (root: string, api: ApiRow): string => [root, ...api.path].join('.');

const FORMS: readonly Form[] = [
  {
    name: 'ESM default import',
    options: {},
    code: (specifier, api) => `import lib from '${specifier}';\nconst subject = ${invoke(memberPath('lib', api), api)};`,
  },
  {
    name: 'ESM namespace import',
    options: {},
    code: (specifier, api) => `import * as lib from '${specifier}';\nconst subject = ${invoke(memberPath(api.path.length ? 'lib' : 'lib.default', api), api)};`,
  },
  {
    name: 'CommonJS require',
    options: { sourceType: 'commonjs' },
    code: (specifier, api) => `const lib = require('${specifier}');\nconst subject = ${invoke(memberPath('lib', api), api)};`,
  },
  {
    name: 'require() in an ESM file with no globals configured',
    options: {},
    code: (specifier, api) => `const lib = require('${specifier}');\nconst subject = ${invoke(memberPath('lib', api), api)};`,
  },
  {
    name: 'TypeScript import = require()',
    options: { typescript: true },
    code: (specifier, api) => `import lib = require('${specifier}');\nconst subject = ${invoke(memberPath('lib', api), api)};`,
  },
  {
    name: 'an alias of the factory',
    options: { sourceType: 'commonjs' },
    code: (specifier, api) => `const lib = require('${specifier}');\nconst Factory = ${memberPath('lib', api)};\nconst subject = ${invoke('Factory', api)};`,
  },
];

const NAMED_FORMS: readonly Form[] = [
  {
    name: 'ESM named import',
    options: {},
    code: (specifier, api) => `import { ${api.path[0]} as first } from '${specifier}';\nconst subject = ${invoke(['first', ...api.path.slice(1)].join('.'), api)};`,
  },
  {
    name: 'CommonJS destructuring',
    options: { sourceType: 'commonjs' },
    code: (specifier, api) => `const { ${api.path[0]}: first } = require('${specifier}');\nconst subject = ${invoke(['first', ...api.path.slice(1)].join('.'), api)};`,
  },
  {
    name: 'awaited dynamic import',
    options: {},
    code: (specifier, api) => `const { ${api.path[0]}: first } = await import('${specifier}');\nconst subject = ${invoke(['first', ...api.path.slice(1)].join('.'), api)};`,
  },
];

interface Case {
  readonly title: string;
  readonly code: string;
  readonly options: FactsOptions;
  readonly entity: string;
}

function casesFor(module: ModuleRow): Case[] {
  const cases: Case[] = [];
  for (const api of module.apis) {
    if (!api.produces || api.via === 'read') continue;
    const specifiers = module.builtin ? [...module.specifiers, ...module.specifiers.map((s) => `node:${s}`)] : module.specifiers;
    for (const specifier of specifiers) {
      // A row reached only by its own name (mongoose's `model`): as a member of the module object it is that object's definition.
      const forms = api.namedOnly ? NAMED_FORMS : api.path.length > 0 ? [...FORMS, ...NAMED_FORMS] : FORMS;
      for (const form of forms) {
        cases.push({
          title: `${module.library}: ${api.via === 'call' ? '' : 'new '}${[specifier, ...api.path].join('.')}() via ${form.name}`,
          code: form.code(specifier, api),
          options: form.options,
          entity: api.produces,
        });
      }
    }
  }
  return cases;
}

const cases = BUILTIN_MODULES.flatMap(casesFor);

describe('knowledge base: every factory row in every import form', () => {
  it('has rows for every library the specification lists', () => {
    const listed = [
      'pg', 'mysql', 'mysql2', 'mongodb', 'mongoose', 'ioredis', 'redis', 'knex', 'sequelize', 'typeorm', '@prisma/client',
      'postgres', 'kysely', 'drizzle-orm', 'oracledb', 'mssql', 'tedious', 'better-sqlite3', 'sqlite3', 'amqplib', 'kafkajs',
      'nats', 'cassandra-driver', '@elastic/elasticsearch', '@neondatabase/serverless', 'pg-promise', 'slonik', 'generic-pool',
      'undici', 'bullmq', 'net', 'tls', 'mongoist', 'kafka-node', 'async-redis',
    ];
    const libraries = new Set(BUILTIN_MODULES.map((row) => row.library));
    expect(listed.filter((library) => !libraries.has(library))).toEqual([]);
  });

  it('names only entities that exist', () => {
    const missing: string[] = [];
    for (const row of BUILTIN_MODULES) {
      for (const api of row.apis) {
        for (const id of [api.produces, api.producesElements]) if (id && !BUILTIN_KNOWLEDGE.entities.has(id)) missing.push(id);
      }
    }
    for (const entity of BUILTIN_KNOWLEDGE.entities.values()) {
      const referenced = [
        ...Object.values(entity.handsOut ?? {}),
        ...Object.values(entity.properties ?? {}),
        ...Object.values(entity.callbacks ?? {}).map((callback) => callback.entity),
        ...(entity.callable ? [entity.callable] : []),
      ];
      for (const id of referenced) if (!BUILTIN_KNOWLEDGE.entities.has(id)) missing.push(`${entity.id} → ${id}`);
    }
    expect(missing).toEqual([]);
  });

  it('marks as opening a fresh connection only methods the entity hands out', () => {
    const wrong: string[] = [];
    for (const entity of BUILTIN_KNOWLEDGE.entities.values()) {
      for (const method of entity.freshHandouts ?? []) if (!Object.hasOwn(entity.handsOut ?? {}, method)) wrong.push(`${entity.id}.${method}`);
    }
    expect(wrong).toEqual([]);
  });

  it.each(cases.map((c) => [c.title, c] as const))('%s', (_title, testCase) => {
    const facts = factsOf(testCase.code, testCase.options);
    expect(facts.relevant).toBe(true);
    expect(entityOfBinding(facts, 'subject')).toBe(testCase.entity);
  });
});

describe('knowledge base: objects reached by reading, handing out and calling', () => {
  it.each([
    ['worker_threads parentPort', `import { parentPort } from 'node:worker_threads';\nconst subject = parentPort;`, 'worker_threads.MessagePort'],
    ['mongoose.connection', `import mongoose from 'mongoose';\nconst subject = mongoose.connection;`, 'mongoose.Connection'],
    ['cluster.workers[id]', `import cluster from 'node:cluster';\nconst subject = cluster.workers[1];`, 'cluster.Worker'],
    ['pg pool.connect()', `import { Pool } from 'pg';\nconst pool = new Pool();\nconst subject = await pool.connect();`, 'pg.PoolClient'],
    ['pg pool.connect().then()', `import { Pool } from 'pg';\nnew Pool().connect().then((subject) => subject.release());`, 'pg.PoolClient'],
    ['pg pool.connect(callback)', `import { Pool } from 'pg';\nnew Pool().connect((err, subject, done) => done());`, 'pg.PoolClient'],
    ['mysql2 getConnection()', `import mysql from 'mysql2/promise';\nconst subject = await mysql.createPool({}).getConnection();`, 'mysql2.PoolConnection'],
    ['mongodb client.db().collection()', `import { MongoClient } from 'mongodb';\nconst subject = new MongoClient('u').db('d').collection('c');`, 'mongodb.Collection'],
    ['amqplib createChannel()', `import amqp from 'amqplib';\nconst conn = await amqp.connect('amqp://x');\nconst subject = await conn.createChannel();`, 'amqplib.Channel'],
    ['amqplib callback API', `const amqp = require('amqplib/callback_api');\namqp.connect('amqp://x', (err, subject) => {});`, 'amqplib.Connection'],
    ['knex transaction callback', `import knex from 'knex';\nknex({}).transaction(async (subject) => {});`, 'knex.Transaction'],
    ['kafkajs producer()', `import { Kafka } from 'kafkajs';\nconst subject = new Kafka({ brokers: [] }).producer();`, 'kafkajs.Producer'],
    ['pg-promise pgp(cn)', `const pgp = require('pg-promise')();\nconst subject = pgp('postgres://x');`, 'pg-promise.Database'],
    ['sqlite3 verbose()', `const sqlite3 = require('sqlite3').verbose();\nconst subject = new sqlite3.Database(':memory:');`, 'sqlite3.Database'],
    ['mysql2 pool.promise()', `const mysql = require('mysql2');\nconst subject = mysql.createPool({}).promise();`, 'mysql2.Pool'],
    ['createRequire in ESM', `import { createRequire } from 'node:module';\nconst require = createRequire(import.meta.url);\nconst { Pool } = require('pg');\nconst subject = new Pool();`, 'pg.Pool'],
    ['a wrapper that returns a factory call', `import Redis from 'ioredis';\nfunction connect() { return new Redis(); }\nconst subject = connect();`, 'ioredis.Redis'],
    ['an arrow wrapper', `import Redis from 'ioredis';\nconst connect = () => new Redis();\nconst subject = connect();`, 'ioredis.Redis'],
    ['an alias of a binding', `import Redis from 'ioredis';\nconst redis = new Redis();\nconst subject = redis;`, 'ioredis.Redis'],
    ['a let assigned later', `import Redis from 'ioredis';\nlet subject;\nsubject = new Redis();`, 'ioredis.Redis'],
    ['lazy singleton ??=', `import { Pool } from 'pg';\nlet subject;\nexport const get = () => (subject ??= new Pool());`, 'pg.Pool'],
  ])('%s', (_title, code, entity) => {
    const facts = factsOf(code, code.includes('require(') && !code.includes('import ') ? { sourceType: 'commonjs' } : {});
    expect(entityOfBinding(facts, 'subject')).toBe(entity);
  });

  it('binds class fields, static fields and this.x set in methods', () => {
    const facts = factsOf(`
      import { Pool } from 'pg';
      import Redis from 'ioredis';
      class Repo {
        pool = new Pool();
        static shared = new Redis();
        #secret = new Pool();
        init() { this.cache = new Redis(); }
      }`);
    expect(entityOfBinding(facts, 'this.pool')).toBe('pg.Pool');
    expect(entityOfBinding(facts, 'Repo.shared')).toBe('ioredis.Redis');
    expect(entityOfBinding(facts, 'this.#secret')).toBe('pg.Pool');
    expect(entityOfBinding(facts, 'this.cache')).toBe('ioredis.Redis');
  });

  it('follows a static field read from outside its class', () => {
    const facts = factsOf(`
      import { Pool } from 'pg';
      class Store { static pool = new Pool(); }
      export async function stop() { await Store.pool.end(); }`);
    expect(facts.values.bindings.find((b) => b.name === 'Store.pool')?.references).toHaveLength(1);
    expect(facts.values.accesses.map((a) => a.name)).toEqual(['end']);
  });

  it('counts every read of a this.x binding inside the class, and none outside', () => {
    const facts = factsOf(`
      import { Pool } from 'pg';
      class Repo {
        constructor() { this.pool = new Pool(); }
        a() { return this.pool.query('1'); }
        b = () => this.pool.end();
        c() { function inner() { return this.pool; } return inner; }
      }
      class Other { d() { return this.pool; } }`);
    const binding = facts.values.bindings.find((b) => b.name === 'this.pool');
    expect(binding?.references).toHaveLength(2);
  });
});

describe('knowledge base: names that only look like connections', () => {
  it.each([
    ['a local class named Pool', `class Pool {}\nconst subject = new Pool();`],
    ['a Pool from another package', `import { Pool } from 'undici-pool-lookalike';\nconst subject = new Pool();`],
    ['a project module named pg', `import { Pool } from './pg';\nconst subject = new Pool();`],
    ['a shadowed import', `import { Pool } from 'pg';\nfunction f(Pool) { const subject = new Pool(); }`],
    ['a reassigned require', `let require = () => ({});\nconst { Pool } = require('pg');\nconst subject = new Pool();`],
    ['workerpool.pool()', `import workerpool from 'workerpool';\nconst subject = workerpool.pool();`],
    ['a piscina instance', `import Piscina from 'piscina';\nconst subject = new Piscina();`],
  ])('%s is not a connection', (_title, code) => {
    const facts = factsOf(code);
    const bound = facts.values.bindings.find((binding) => binding.name === 'subject');
    expect(bound?.entity.connection).toBeUndefined();
  });

  it('skips a file that names no tracked module without computing anything', () => {
    const facts = factsOf(`const pool = new Pool(); pool.end(); process.send(pool);`);
    expect(facts.relevant).toBe(false);
    expect(facts.tracked).toEqual([]);
  });
});
