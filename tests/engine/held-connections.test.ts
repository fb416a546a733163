/**
 * Held connections in the values stage: one origin per process-wide connection, however
 * the file reaches it, with the wrapper calls that act on it as accesses of their kind.
 */
import { accessKind } from '../../src/analysis/lifecycle.js';
import { primaryOnlyForks } from '../../src/analysis/primary-work.js';
import { factsOf } from '../helpers/facts.js';

describe('held connections', () => {
  it('gives mongoose one origin: the module, `mongoose.connection` and what `connect()` resolves to', () => {
    const facts = factsOf(`
      import mongoose from 'mongoose';
      const db = await mongoose.connect(process.env.MONGO_URL);
      const conn = mongoose.connection;
      const other = mongoose.createConnection(process.env.OTHER_URL);`);
    expect(facts.values.held.map((origin) => origin.held?.holder)).toEqual(['library:mongoose']);
    const [held] = facts.values.held;
    const bindings = Object.fromEntries(facts.values.bindings.map((binding) => [binding.name, binding]));
    expect(bindings.mongoose?.origin).toBe(held);
    expect(bindings.db?.origin).toBe(held);
    expect(bindings.conn?.origin).toBe(held);
    expect(bindings.conn?.entity.id).toBe('mongoose.Connection');
    expect(bindings.other?.origin).not.toBe(held);
    // Where the file loads the module: its import declaration.
    expect(held?.node.type).toBe('ImportDeclaration');
  });

  it('records connect and close steps as acts, and the module API as definitions', () => {
    const facts = factsOf(`
      const { connect, disconnect } = require('mongoose');
      const mongoose = require('mongoose');
      connect(process.env.MONGO_URL);
      const User = mongoose.model('User', new mongoose.Schema({ id: mongoose.Types.ObjectId }));
      mongoose.set('strictQuery', true);
      const session = mongoose.startSession();
      disconnect();`, { sourceType: 'commonjs' });
    expect(facts.values.accesses.map((access) => `${access.name}:${accessKind(access)}${access.act ? ' (act)' : ''}`)).toEqual([
      'connect:connect (act)', 'model:definition', 'Schema:definition', 'Types:definition', 'set:definition', 'startSession:use', 'disconnect:close (act)',
    ]);
    expect(new Set(facts.values.accesses.map((access) => access.site.origin))).toEqual(new Set(facts.values.held));
  });

  it("treats mssql's module object as its global pool", () => {
    const facts = factsOf(`
      import sql from 'mssql';
      const pool = await sql.connect(process.env.MSSQL_URL);
      await sql.query\`select 1\`;
      const request = new sql.Request();
      const own = new sql.ConnectionPool({ server: 'db' });
      await sql.close();`);
    expect(facts.values.held.map((origin) => origin.held?.holder)).toEqual(['library:mssql']);
    expect(facts.values.accesses.map((access) => `${access.name}:${accessKind(access)}`)).toEqual([
      'connect:connect', 'query:use', 'Request:use', 'close:close',
    ]);
    expect(facts.values.bindings.find((binding) => binding.name === 'pool')?.origin).toBe(facts.values.held[0]);
    expect(facts.values.bindings.find((binding) => binding.name === 'own')?.origin.held).toBeUndefined();
  });

  it("finds no task or per-task connection in a held one: it is the worker's by construction", () => {
    const facts = factsOf(`
      import { parentPort } from 'node:worker_threads';
      import mongoose from 'mongoose';
      parentPort.on('message', async (url) => { await mongoose.connect(url); parentPort.postMessage(await mongoose.model('A').countDocuments()); });`);
    expect(facts.tasks.connections).toEqual([]);
    expect(facts.tasks.closes).toEqual([]);
  });
});

describe('a primary that only forks', () => {
  const only = (code: string, sourceType: 'module' | 'commonjs' = 'module'): boolean => {
    const facts = factsOf(code, { sourceType });
    return primaryOnlyForks({ sourceCode: facts.sourceCode, roles: facts.roles, values: facts.values });
  };

  it('holds when the primary forks, logs, registers listeners and connects', () => {
    expect(only(`
      import cluster from 'node:cluster';
      import os from 'node:os';
      import mongoose from 'mongoose';
      mongoose.connect(process.env.URL).then(() => console.log('ok'));
      if (cluster.isPrimary) {
        for (const _ of os.cpus()) cluster.fork();
        cluster.on('exit', () => { console.warn('restart'); cluster.fork(); });
      } else {
        startServer();
      }`)).toBe(true);
    expect(only(`
      require('dotenv').config();
      const cluster = require('cluster');
      const mongoose = require('mongoose');
      async function main() {
        try { await mongoose.connect(process.env.URL); } catch (error) { report(error); process.exit(1); }
        if (cluster.isMaster) cluster.fork();
      }
      main().catch(console.error);`, 'commonjs')).toBe(true);
  });

  it('does not hold when the primary does other work, or forks nothing', () => {
    expect(only(`
      import cluster from 'node:cluster';
      import app from './app.js';
      if (cluster.isPrimary) cluster.fork();
      app.listen(3000);`)).toBe(false);
    expect(only(`
      import cluster from 'node:cluster';
      if (cluster.isPrimary) { startScheduler(); cluster.fork(); }`)).toBe(false);
    expect(only(`
      import cluster from 'node:cluster';
      if (cluster.isWorker) cluster.fork();`)).toBe(false);
  });
});
