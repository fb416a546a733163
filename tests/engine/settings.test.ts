import { ForkSafeSettingsError, readSettings } from '../../src/settings.js';
import { entityOfBinding, factsOf } from '../helpers/facts.js';

const db = { module: './src/db', export: 'createDb', kind: 'pool' };

describe('settings validation', () => {
  it('accepts no settings and an empty object', () => {
    expect(readSettings(undefined).connections).toEqual([]);
    expect(readSettings({ 'fork-safe': {} }).connections).toEqual([]);
  });

  it('fills defaults for optional connection keys', () => {
    expect(readSettings({ 'fork-safe': { connections: [db] } }).connections).toEqual([
      { ...db, is: 'factory', eager: false, close: [], release: [], connect: [], construct: 'both' },
    ]);
  });

  it.each([
    [{ 'fork-safe': 'yes' }, `settings['fork-safe'] must be an object (got "yes").`],
    [{ 'fork-safe': { workers: [] } }, `settings['fork-safe'].workers is not a known setting; this version supports: connections, workerFiles.`],
    [{ 'fork-safe': { connections: {} } }, `settings['fork-safe'].connections must be an array (got object {}).`],
    [{ 'fork-safe': { connections: ['./db'] } }, `settings['fork-safe'].connections[0] must be an object (got "./db").`],
    [{ 'fork-safe': { connections: [{ ...db, kind: 'poool' }] } }, `settings['fork-safe'].connections[0].kind must be one of "pool", "client" (got "poool").`],
    [{ 'fork-safe': { connections: [{ ...db, eager: 'yes' }] } }, `settings['fork-safe'].connections[0].eager must be true or false (got "yes").`],
    [{ 'fork-safe': { connections: [{ ...db, close: 'end' }] } }, `settings['fork-safe'].connections[0].close must be an array of method names (got "end").`],
    [{ 'fork-safe': { connections: [{ ...db, closes: ['end'] }] } }, `settings['fork-safe'].connections[0].closes is not a known key; use one of: module, export, kind, eager, close, release, connect, construct, is, of.`],
    [{ 'fork-safe': { connections: [{ export: 'x', kind: 'pool' }] } }, `settings['fork-safe'].connections[0].module is required.`],
    [{ 'fork-safe': { connections: [db, { ...db, module: '' }] } }, `settings['fork-safe'].connections[1].module must be a non-empty string (got "").`],
    [{ 'fork-safe': { connections: [{ ...db, construct: 'invoke' }] } }, `settings['fork-safe'].connections[0].construct must be one of "call", "new", "both" (got "invoke").`],
  ])('rejects %j', (settings, message) => {
    expect(() => readSettings(settings)).toThrow(ForkSafeSettingsError);
    expect(() => readSettings(settings)).toThrow(`eslint-plugin-fork-safe: ${message}`);
  });

  it('refuses a connection row for a package the plugin already knows, naming the key', () => {
    expect(() => factsOf(`import { Pool } from 'pg';`, { settings: { 'fork-safe': { connections: [db, { module: 'pg', export: 'Pool', kind: 'pool' }] } } })).toThrow(
      `settings['fork-safe'].connections[1].module is "pg", a package the plugin already knows; declare only your project's own wrappers around it.`,
    );
  });

  it('raises the error when a rule runs, naming the key', () => {
    expect(() => factsOf(`import { Pool } from 'pg';`, { settings: { 'fork-safe': { connection: [] } } })).toThrow(
      `settings['fork-safe'].connection is not a known setting`,
    );
  });
});

describe('settings: the project’s own connection factories', () => {
  const settings = { 'fork-safe': { connections: [{ ...db, eager: true, close: ['shutdown'] }] } };

  it('tracks a wrapper imported by a relative path from another directory', () => {
    const facts = factsOf(`import { createDb } from '../db.js';\nconst subject = createDb();`, {
      settings, cwd: '/project', filename: 'src/jobs/run.js',
    });
    expect(facts.relevant).toBe(true);
    expect(entityOfBinding(facts, 'subject')).toBe('./src/db.createDb');
    expect(facts.values.bindings[0]?.entity.connection).toMatchObject({ kind: 'pool', eager: true, close: ['shutdown'] });
  });

  it('tracks it through require() and an index file', () => {
    const facts = factsOf(`const { createDb } = require('./db');\nconst subject = createDb();`, {
      settings: { 'fork-safe': { connections: [{ ...db, module: './src/db/index.ts' }] } },
      cwd: '/project', filename: 'src/server.js', sourceType: 'commonjs',
    });
    expect(entityOfBinding(facts, 'subject')).toBe('./src/db/index.ts.createDb');
  });

  it('matches a package name exactly, with a default export', () => {
    const facts = factsOf(`import connect from '@acme/db';\nconst subject = connect();`, {
      settings: { 'fork-safe': { connections: [{ module: '@acme/db', export: 'default', kind: 'client' }] } },
    });
    expect(entityOfBinding(facts, 'subject')).toBe('@acme/db.default');
  });

  it('does not match a module of the same name elsewhere', () => {
    const facts = factsOf(`import { createDb } from './db.js';\nconst subject = createDb();`, {
      settings, cwd: '/project', filename: 'lib/other.js',
    });
    expect(entityOfBinding(facts, 'subject')).toBeUndefined();
  });
});

describe('settings: workerFiles', () => {
  it.each([
    [{ workerFiles: 'src/workers/*.js' }, `settings['fork-safe'].workerFiles must be an array of glob patterns (got "src/workers/*.js").`],
    [{ workerFiles: ['src/**', ''] }, `settings['fork-safe'].workerFiles[1] must be a non-empty glob pattern (got "").`],
    [{ workerFiles: [42] }, `settings['fork-safe'].workerFiles[0] must be a non-empty glob pattern (got number 42).`],
    [{ workerFiles: ['src/{a,b'] }, `settings['fork-safe'].workerFiles[0] is not a valid glob: "src/{a,b" has an unclosed \`{\`.`],
    [{ workerFiles: ['src/[ab'] }, `settings['fork-safe'].workerFiles[0] is not a valid glob: "src/[ab" has an unclosed \`[\`.`],
    [{ workerFiles: ['src/a**b.js'] }, `settings['fork-safe'].workerFiles[0] is not a valid glob: "src/a**b.js" uses \`**\` inside a path segment.`],
    [{ workerFiles: ['/abs/*.js'] }, `settings['fork-safe'].workerFiles[0] is not a valid glob: "/abs/*.js" must be a relative path pattern.`],
  ])('rejects %j', (value, message) => {
    expect(() => readSettings({ 'fork-safe': value })).toThrow(`eslint-plugin-fork-safe: ${message}`);
  });

  it.each([
    ['src/workers/*.js', 'src/workers/resize.js', true],
    ['src/workers/*.js', 'src/workers/deep/resize.js', false],
    ['src/**/*-worker.{js,ts}', 'src/jobs/resize-worker.ts', true],
    ['src/**/*-worker.{js,ts}', 'src/resize-worker.js', true],
    ['src/**/*-worker.{js,ts}', 'src/resize-worker.mjs', false],
    ['./workers/**', 'workers/a/b/c.js', true],
    ['workers/job-?.js', 'workers/job-1.js', true],
    ['workers/job-[!0-9].js', 'workers/job-1.js', false],
    ['workers/job.js', 'workers/jobXjs', false],
  ])('matches %s against %s: %s', (glob, file, expected) => {
    const [pattern] = readSettings({ 'fork-safe': { workerFiles: [glob] } }).workerFiles;
    expect(pattern!.test(file)).toBe(expected);
  });

  it('makes a matching file a worker entry whose exports are tasks', () => {
    const settings = { 'fork-safe': { workerFiles: ['src/workers/**'] } };
    const code = `import pg from 'pg';\nconst pool = new pg.Pool();\nexport default async () => pool.query('select 1');`;
    const inside = factsOf(code, { settings, cwd: '/project', filename: 'src/workers/a.js' });
    expect(inside.workers.entries).toEqual([{ source: 'settings', runner: 'exports' }]);
    expect(inside.workers.tasks.map((task) => task.label)).toEqual(["the worker's default export"]);
    const outside = factsOf(code, { settings, cwd: '/project', filename: 'src/a.js' });
    expect(outside.workers.entries).toEqual([]);
    expect(outside.workers.tasks).toEqual([]);
  });
});
