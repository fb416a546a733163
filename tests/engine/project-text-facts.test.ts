/**
 * What the project layer reads from a file's text before parsing it, and the walk of a
 * project: which modules can export something, which fork files may name a worker file,
 * and which folders the walk leaves out.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { covers, listProject, mayBeStarted } from '../../src/project/listing.js';
import { knowledgeOf, mayName, namesOf, textFactsOf } from '../../src/project/text-facts.js';

const knowledge = knowledgeOf({});
const facts = (text: string) => textFactsOf(text, '/p/src/x.js', '/p', knowledge);

describe('a module that may export something', () => {
  it.each([
    [`const { Pool } = require('pg');`, true],
    [`import mongoose from 'mongoose';`, true],
    [`const { PrismaClient } = await import('@prisma/client');`, true],
    [`import net from 'node:net';`, true],
    [`import { Redis } from 'ioredis';\nexport const redis = new Redis();`, true],
    // Another tracked library passed on as it is.
    [`module.exports = require('cluster');`, true],
    [`export { Worker } from 'node:worker_threads';`, true],
    // A tracked library used, not passed on: no connection to export.
    [`const { fork } = require('child_process');\nmodule.exports = () => fork('x.js');`, false],
    // Named in a string or a comment only.
    [`const driver = 'pg'; // mongoose, as the docs say`, false],
    // A driver imported for its types only: a repository handed its database by its caller.
    [`import { Db, Collection } from 'mongodb';\nexport class Users { constructor(db: Db) { this.users = db.collection('users'); } }`, false],
    [`import type { Knex } from 'knex';\nexport const findUser = (db: Knex, id: string) => db('users').where({ id });`, false],
    [`import { Knex } from 'knex';\nexport const findUser = (db: Knex, id: string) => db('users').where({ id });`, false],
    [`import { Pool, type PoolClient } from 'pg';\nexport const pool = new Pool();`, true],
    [`module.exports = { url: process.env.DATABASE_URL };`, false],
  ])('%s: %s', (text, mayExport) => {
    expect(facts(text).mayExport).toBe(mayExport);
  });

  it.each([
    [`import { Queue } from 'bullmq';\nexport const queue = new Queue('mail');`, true],
    [`import cluster from 'node:cluster';\nexport function start(run) { if (cluster.isPrimary) cluster.fork(); else run(); }`, true],
    [`const throng = require('throng');\nmodule.exports = (start) => throng(start);`, true],
    [`const { fork } = require('child_process');\nconst { Pool } = require('pg');\nmodule.exports = () => fork(process.argv[1]);`, true],
    [`export { Worker } from 'node:worker_threads';`, true],
    // Uses a role library without calling its fork API or passing it on: a cache keyed by the cluster.
    [`const cluster = require('cluster');\nconst cache = require('cluster-node-cache')(cluster);\nconst mysql = require('mysql');\nmodule.exports = mysql.createPool({});`, false],
    [`const { spawn } = require('child_process');\nconst { Pool } = require('pg');\nmodule.exports = () => spawn('ls');`, false],
    [`import pg from 'pg';\nexport const pool = new pg.Pool();`, false],
    // A job's type from bullmq, beside a real pool: no queue can be exported.
    [`import { SandboxedJob } from 'bullmq';\nimport pg from 'pg';\nexport const pool = new pg.Pool();\nexport default async (job: SandboxedJob) => pool.query(job.data.sql);`, false],
    [`import { Queue, type Job } from 'bullmq';\nimport pg from 'pg';\nexport const pool = new pg.Pool();`, true],
    // A fork API with nothing to export: what exports nothing exports no role.
    [`const { fork } = require('child_process');\nfork('./worker.js');`, false],
  ])('may give a role through its exports: %s: %s', (text, mayGiveRole) => {
    expect(facts(text).mayGiveRole).toBe(mayGiveRole);
  });

  it('counts a project module that settings declare as a connection factory', () => {
    const own = knowledgeOf({ 'fork-safe': { connections: [{ module: './src/db', export: 'createPool', kind: 'pool' }] } });
    expect(textFactsOf(`const { createPool } = require('./db');`, '/p/src/x.js', '/p', own).mayExport).toBe(true);
    expect(textFactsOf(`const { other } = require('./other');`, '/p/src/x.js', '/p', own).mayExport).toBe(false);
  });
});

describe('the worker files a fork file may name', () => {
  const parent = facts(`import { Worker } from 'node:worker_threads';\nimport { helper } from './helpers.js';\n// don't mind this apostrophe\nnew Worker(new URL('./jobs/resize-worker.js', import.meta.url));\nnew Worker(path.join(__dirname, 'workers'));\n`);

  it('keeps the file names its strings write, not its import specifiers', () => {
    expect(parent.fileNames?.has('resize-worker')).toBe(true);
    expect(parent.fileNames?.has('helpers')).toBe(false);
  });

  it.each([
    ['/p/src/jobs/resize-worker.ts', true],
    ['/p/src/jobs/resize-worker.js', true],
    ['/p/src/workers/index.js', true],
    ['/p/src/helpers.js', false],
    ['/p/src/jobs/other.js', false],
  ])('%s: %s', (file, named) => {
    expect(mayName(parent, namesOf(file))).toBe(named);
  });

  it('keeps no name written with the code of a template literal, and keeps those of its text and of a string in it', () => {
    const text = facts(`import { Worker } from 'node:worker_threads';\nlog(\`run #\${decision.index + 1} of \${total}\`);\nnew Worker(\`\${dir}/resize-worker.js\`);\nnew Worker(\`\${path.join(base, 'jobs', 'thumbnail.js')}\`);\n`);
    expect(text.fileNames?.has('index')).toBe(false);
    expect(text.fileNames?.has('decision')).toBe(false);
    expect(text.fileNames?.has('run')).toBe(false);
    expect(text.fileNames?.has('resize-worker')).toBe(true);
    expect(text.fileNames?.has('thumbnail')).toBe(true);
    expect(mayName(text, namesOf('/p/src/index.js'))).toBe(false);
    expect(mayName(text, namesOf('/p/src/jobs/thumbnail.ts'))).toBe(true);
  });

  it.each([
    // A log line's prose names no file, though a word of it is a file's name.
    ['/p/src/cron/bundle.ts', `logger.info("bundle posted", id);`, false],
    ['/p/src/cron/bundle.ts', `new Worker(path.join(__dirname, 'cron', "bundle"));`, true],
    ['/p/src/jobs/exec/handler.ts', `new Worker(q, path.resolve("./build/src/jobs/exec/handler"));`, true],
    ['/p/src/jobs/exec/index.ts', `new Worker(q, path.resolve("./build/src/jobs/exec"));`, true],
    ['/p/src/resize.worker.ts', `new Worker('./resize.worker.js');`, true],
    ['/p/src/resize.ts', `new Worker('./resize.worker.js');`, false],
    ['/p/src/resize.ts', `new Worker(\`./resize.\${ext}\`);`, true],
    ['/p/src/resize.ts', `new Worker(\`./\${name}.js\`);`, false],
    ['/p/src/resize.ts', `new Worker('.\\\\workers\\\\resize.js');`, true],
    ['/p/src/resize.ts', `spawn('node', ['./resize.js', '--size', '10']);`, true],
  ])('%s named by %s: %s', (file, line, named) => {
    const text = facts(`import { Worker } from 'node:worker_threads';\n${line}\n`);
    expect(mayName(text, namesOf(file))).toBe(named);
  });

  it.each([
    ['bullmq, a processor passed by name', `import { Worker } from 'bullmq';\nimport { sendWelcome } from './processors/welcome.js';\nnew Worker('outbox', sendWelcome, { connection });\n`, true],
    ['bull, a processor passed by name after a name and a concurrency', `const { mail } = require('./queues');\nconst send = require('./send');\nmail.process('outbox', 5, send);\n`, true],
    ['bullmq, a processor that is a member of a namespace import', `import { Worker } from 'bullmq';\nimport * as processors from './processors/welcome.js';\nnew Worker('outbox', processors.sendWelcome);\n`, true],
    ['bullmq, a processor written in the call', `import { Worker } from 'bullmq';\nimport { User } from './models/user.js';\nnew Worker('outbox', async (job) => User.findById(job.data.id));\n`, false],
    ['a worker thread given a path from a module', `import { Worker } from 'node:worker_threads';\nimport { file } from './paths.js';\nnew Worker(file);\n`, false],
  ])('names its relative imports among the files it may start only when it may hand a consumer an imported processor: %s', (_name, text, named) => {
    const fileNames = facts(text).fileNames!;
    const imported = text.includes('./processors/welcome.js') ? 'welcome' : text.includes('./send') ? 'send' : text.includes('./models/user.js') ? 'user' : 'paths';
    expect(fileNames.has(imported)).toBe(named);
  });

  it('keeps no names of a file that imports no fork API', () => {
    expect(facts(`new Worker('./resize-worker.js');`).fileNames).toBeUndefined();
  });

  it.each([
    ['reads the cluster worker id', `import cluster from 'cluster';\nif (cluster.worker?.id === 1) log('index');\n`, false],
    ['uses cluster.fork() only (it names no file)', `import cluster from 'cluster';\nif (cluster.isPrimary) cluster.fork();\n`, false],
    ['sets the file cluster workers run', `import cluster from 'cluster';\ncluster.setupPrimary({ exec: 'worker.js' });\n`, true],
    ['is a worker thread itself', `import { parentPort, workerData } from 'node:worker_threads';\nparentPort.postMessage(workerData);\n`, false],
    ['starts a worker thread', `const { Worker } = require('worker_threads');\nnew Worker('./w.js');\n`, true],
    ['spawns a command', `const cp = require('child_process');\ncp.spawn('ls', ['-l']);\n`, false],
    ['forks a child', `const cp = require('child_process');\ncp.fork('child.js');\n`, true],
    ['makes a pool of the default export, under any name', `import Pool from 'piscina';\nexport const pool = new Pool({ filename: 'task.js' });\n`, true],
    ['hands a bull queue its processor file', `const Queue = require('bull');\nnew Queue('q').process(4, 'processor.js');\n`, true],
    ['hands a queue of a project module its processor file', `const { storage } = require('./queue');\nstorage.process(10, 'processor.js');\n`, true],
    ['reads process.env beside a project import', `const { storage } = require('./queue');\nconst url = process.env.REDIS_URL;\nstorage.add({ url }, 'processor.js');\n`, false],
    ['calls a method named process of a package', `const pipeline = require('image-pipeline');\npipeline.process(4, 'thumb.js');\n`, false],
  ])('keeps the file names of a file that %s only when it may start a worker file: %s', (_name, text, kept) => {
    expect(facts(text).fileNames !== undefined).toBe(kept);
  });
});

describe('the walk of a project', () => {
  let root: string;

  beforeAll(() => {
    root = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'fork-safe-walk-')));
    const files = ['package.json', 'src/a.js', 'src/b.ts', 'src/types.d.ts', 'dist/a.js', 'node_modules/pg/index.js', '.cache/x.js', 'packages/inner/package.json', 'packages/inner/i.js', 'README.md'];
    for (const file of files) {
      fs.mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
      fs.writeFileSync(path.join(root, file), file.endsWith('.json') ? '{}' : '');
    }
    fs.symlinkSync(path.join(root, 'src'), path.join(root, 'linked'));
  });

  afterAll(() => {
    fs.rmSync(root, { recursive: true, force: true });
  });

  it('lists sources, build output apart, and leaves out dependencies, hidden folders, nested packages and links', () => {
    const listing = listProject(root);
    const listed = [...listing.files].map(([file, stat]) => `${path.relative(root, file)}${stat.output ? ' (output)' : ''}`).sort();
    expect(listed).toEqual(['dist/a.js (output)', 'src/a.js', 'src/b.ts']);
    expect(listing.complete).toBe(true);
    expect([...listing.skipped].map((folder) => path.relative(root, folder)).sort()).toEqual(['.cache', 'linked', 'node_modules', 'packages/inner']);
  });

  it('knows what exists only where it walked', () => {
    const listing = listProject(root);
    expect(covers(listing, root, path.join(root, 'src/missing.js'))).toBe(true);
    expect(covers(listing, root, path.join(root, 'packages/inner/i.js'))).toBe(false);
    expect(covers(listing, root, path.join(root, 'linked/a.js'))).toBe(false);
    expect(covers(listing, root, path.join(path.dirname(root), 'elsewhere.js'))).toBe(false);
  });

  it('starts no file of build output or dependencies as a worker of the project', () => {
    expect(mayBeStarted(path.join(root, 'src/a.js'), root)).toBe(true);
    expect(mayBeStarted(path.join(root, 'dist/a.js'), root)).toBe(false);
    expect(mayBeStarted(path.join(root, 'node_modules/pg/index.js'), root)).toBe(false);
  });
});
