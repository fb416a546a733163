/**
 * A service laid out as real ones are (routes → controllers → models, an Express app, a
 * `cluster` entry, a bullmq worker), linted file by file in the order that costs most:
 * importers before what they import. Plain code (no role of its own, no import that may
 * give one, started by no file) asks nothing of its imports, so no model is parsed for a
 * controller and no controller for a route. Only what a file that may report needs is
 * read, and only as far as its exports can come from it. A defect reached through a plain
 * module linted before it is still reported.
 */
import { lintProjectFile } from '../helpers/lint-project-file.js';
import { projectPerTest } from '../helpers/temp-project.js';

vi.mock('../../src/project/parse.js', async (importOriginal) => {
  const actual = await importOriginal<typeof import('../../src/project/parse.js')>();
  return { ...actual, analyzeModule: vi.fn(actual.analyzeModule) };
});

const FILES: Readonly<Record<string, string>> = {
  'package.json': JSON.stringify({ type: 'module', dependencies: { express: '^4.0.0', mongoose: '^8.0.0', bullmq: '^5.0.0', pg: '^8.0.0' } }),
  'src/models/user.js': `import mongoose from 'mongoose';\nexport const User = mongoose.model('User', new mongoose.Schema({ name: String }));\n`,
  'src/controllers/users.js': `import { User } from '../models/user.js';\nexport const list = async (req, res) => res.json(await User.find());\nexport const show = async (req, res) => res.json(await User.findById(req.params.id));\n`,
  'src/routes/users.js': `import express from 'express';\nimport * as users from '../controllers/users.js';\nconst router = express.Router();\nrouter.get('/', users.list);\nrouter.get('/:id', [users.show]);\nexport default router;\n`,
  'src/app.js': `import express from 'express';\nimport users from './routes/users.js';\nconst app = express();\napp.use('/users', users);\nprocess.on('uncaughtException', (error) => { console.error(error); process.exit(1); });\nexport default app;\n`,
  'src/server.js': `import mongoose from 'mongoose';\nimport app from './app.js';\nawait mongoose.connect(process.env.MONGO_URL);\nconst server = app.listen(3000);\nprocess.once('SIGTERM', () => { server.close(); mongoose.disconnect(); });\n`,
  'src/index.js': `import cluster from 'node:cluster';\nimport os from 'node:os';\nif (cluster.isPrimary) {\n  for (const _ of os.cpus()) cluster.fork();\n} else {\n  await import('./server.js');\n}\n`,
  'src/db.js': `import pg from 'pg';\nexport async function openClient() {\n  const client = new pg.Client({ connectionString: process.env.DATABASE_URL });\n  await client.connect();\n  return client;\n}\n`,
  'src/services/reports.js': `import { openClient } from '../db.js';\nexport const reportsClient = () => openClient();\n`,
  'src/jobs/worker.js': `import { Worker } from 'bullmq';\nimport { User } from '../models/user.js';\nimport { reportsClient } from '../services/reports.js';\nnew Worker('monthly', async (job) => {\n  const client = await reportsClient();\n  const found = await User.findById(job.data.id);\n  await client.query('insert into monthly_stats values ($1)', [found.name]);\n});\n`,
  // A server entry as real ones write it: dotenv copied into process.env, then a boot module that wires a queue into the app.
  'src/queues.js': `import { Queue } from 'bullmq';\nexport const reports = new Queue('reports', { connection: { host: 'redis' } });\n`,
  'src/boot.js': `import app from './app.js';\nimport { reports } from './queues.js';\nexport async function runServer() {\n  app.set('reports', reports);\n  return app.listen(3000);\n}\n`,
  'src/primary.js': `import cluster from 'node:cluster';\nimport app from './app.js';\nif (cluster.isPrimary) cluster.fork();\nelse app.listen(3000);\n`,
  'src/start.js': `import { config } from 'dotenv';\nimport { runServer } from './boot.js';\nprocess.env = { ...process.env, ...config().parsed };\nawait runServer();\n`,
};

/** Every fork-safe rule on `file` of the project: the rule ids reported. */
const lint = (file: string): string[] => lintProjectFile(project.root, file);

const project = projectPerTest('fork-safe-plain-project-', 'src/index.js', FILES);

describe('a service linted importers first', () => {
  it('parses no model for its controllers, no controller for its routes, and nothing for the app', () => {
    for (const file of ['src/controllers/users.js', 'src/routes/users.js', 'src/app.js', 'src/services/reports.js']) expect(lint(file)).toEqual([]);
    expect(project.parsed()).toEqual([]);
  });

  it('reads for the files that may report only what their imports\' exports can come from', () => {
    for (const file of ['src/controllers/users.js', 'src/routes/users.js', 'src/app.js', 'src/services/reports.js', 'src/models/user.js', 'src/db.js']) lint(file);
    expect(lint('src/server.js')).toEqual([]);
    expect(lint('src/index.js')).toEqual([]);
    // The server connects, but only its shutdown hook could give it a role: plain code, it asks nothing of the app.
    // The wrapper module, linted before the db module it imports, is read for the worker that calls it.
    expect(lint('src/jobs/worker.js')).toEqual(['fork-safe/no-connection-per-task']);
    expect(project.parsed()).toEqual(['src/services/reports.js']);
  });

  it('reports the same when each module is linted before its importers', () => {
    const order = ['src/models/user.js', 'src/db.js', 'src/services/reports.js', 'src/controllers/users.js', 'src/routes/users.js', 'src/app.js', 'src/server.js', 'src/index.js'];
    for (const file of order) expect(lint(file)).toEqual([]);
    expect(lint('src/jobs/worker.js')).toEqual(['fork-safe/no-connection-per-task']);
    expect(project.parsed()).toEqual([]);
  });
});

describe('a server entry that names no role API, over a boot module that wires a queue into the app', () => {
  it('reads, to learn that its imports give it no role, only the modules on the way to the queue: not the app and its routes', () => {
    expect(lint('src/start.js')).toEqual([]);
    expect(project.parsed()).toEqual(['src/boot.js', 'src/queues.js']);
  });

  it('reads the app in full when a file that may report asks for it after, and not its routes', () => {
    lint('src/start.js');
    expect(lint('src/primary.js')).toEqual([]);
    expect(project.parsed()).toEqual(['src/app.js', 'src/boot.js', 'src/queues.js']);
  });
});
