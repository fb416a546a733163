/**
 * `settings['fork-safe'].connections` rows that say what inference finds in a project
 * module: the connection itself, a factory, a connect or close wrapper of one of its
 * connections or of a library's default connection. They are the override for what
 * inference cannot see, and win over an inferred row for the same export.
 */
import { accessKind } from '../../src/analysis/lifecycle.js';
import { ForkSafeSettingsError, readSettings } from '../../src/settings.js';
import { factsOf } from '../helpers/facts.js';
import { factsWith } from '../helpers/project-double.js';

const rows = (...connections: object[]) => ({ 'fork-safe': { connections } });
const pool = { module: './src/db', export: 'pool', is: 'connection', kind: 'pool', close: ['end'] };

describe('settings: rows for every shape of an export', () => {
  it('reads connection, connect and close rows', () => {
    const settings = readSettings(rows(pool, { module: './src/db', export: 'connectDB', is: 'connect', of: 'mongoose' }, { module: './src/db', export: 'closePool', is: 'close', of: 'pool' }));
    expect(settings.connections).toEqual([
      { ...pool, eager: false, release: [], connect: [], construct: 'both' },
      { module: './src/db', export: 'connectDB', is: 'connect', of: 'mongoose', kind: 'client', eager: false, close: [], release: [], connect: [], construct: 'both' },
      { module: './src/db', export: 'closePool', is: 'close', of: 'pool', kind: 'client', eager: false, close: [], release: [], connect: [], construct: 'both' },
    ]);
  });

  it.each([
    [{ module: './db', export: 'x', is: 'pool' }, `.connections[0].is must be one of "factory", "connection", "connect", "close" (got "pool").`],
    [{ module: './db', export: 'connectDB', is: 'connect' }, `.connections[0].of is required for "is": "connect": name the connection it acts on (another export of "./db", or a library such as "mongoose").`],
    [{ module: './db', export: 'closeDB', is: 'close', of: 'pool', kind: 'pool' }, `.connections[0].kind is not used by "is": "close": the connection named by "of" says it.`],
    [{ module: './db', export: 'getPool', kind: 'pool', of: 'mongoose' }, `.connections[0].of is used only by "is": "connect" or "close" (this row is "factory").`],
    [{ module: './db', export: 'pool', is: 'connection' }, `.connections[0].kind is required.`],
    [{ module: './db', export: 'pool', is: 'connection', kind: 'pool', construct: 'new' }, `.connections[0].construct is not used by "is": "connection": the export is the connection, not a factory.`],
    [{ module: './db', export: 'connectDB', is: 'connect', of: '' }, `.connections[0].of must be a non-empty string (got "").`],
  ])('rejects %j, naming the key', (row, message) => {
    expect(() => readSettings(rows(row))).toThrow(ForkSafeSettingsError);
    expect(() => readSettings(rows(row))).toThrow(`eslint-plugin-fork-safe: settings['fork-safe']${message}`);
  });

  it('rejects an `of` that names neither a connection of the module nor a library with a default connection', () => {
    expect(() => factsOf(`import { closeDB } from './db';`, { settings: rows({ module: './src/db', export: 'closeDB', is: 'close', of: 'pg' }), cwd: '/project', filename: 'src/app.js' })).toThrow(
      `settings['fork-safe'].connections[0].of is "pg", which is neither an export of "./src/db" declared with "is": "connection" nor a library with a default connection (mongoose, mssql).`,
    );
  });
});

describe('settings: what the rows make of an import', () => {
  const settings = rows(
    pool,
    { module: './src/db', export: 'closePool', is: 'close', of: 'pool' },
    { module: './src/db', export: 'connectDB', is: 'connect', of: 'mongoose' },
  );

  it('makes the exported connection one held connection, acted on by its wrappers', () => {
    const facts = factsOf(`import { pool, closePool, connectDB } from './db.js';
import mongoose from 'mongoose';
await connectDB();
await pool.query('select 1');
await closePool();
await mongoose.disconnect();`, { settings, cwd: '/project', filename: 'src/app.js' });
    expect(facts.values.held.map((origin) => origin.held?.holder)).toEqual(['src/db#pool', 'library:mongoose']);
    expect(facts.values.accesses.map((access) => `${access.name}:${accessKind(access)}:${access.site.origin.held?.holder}`)).toEqual([
      'connectDB:connect:library:mongoose', 'query:use:src/db#pool', 'closePool:close:src/db#pool', 'disconnect:close:library:mongoose',
    ]);
  });

  it('wins over what inference finds for the same export, and leaves the others', () => {
    const inferred = {
      closePool: { kind: 'connect', connection: { holder: 'src/db#other', entity: 'pg.Pool', opensOnLoad: false, place: { module: 'src/db.js', line: 9 } } },
      getPool: { kind: 'factory', made: { entity: 'pg.Pool', eager: false, place: { module: 'src/db.js', line: 3 } } },
    } as const;
    const facts = factsWith(`import { closePool, getPool } from './db.js';
const fresh = getPool();
await closePool();`, { modules: { './db.js': inferred } }, { settings, filename: 'src/app.js' });
    expect(facts.values.accesses.map((access) => `${access.name}:${accessKind(access)}:${access.site.origin.held?.holder}`)).toEqual(['closePool:close:src/db#pool']);
    expect(facts.values.bindings.find((binding) => binding.name === 'fresh')?.origin.api?.madeIn).toEqual({ module: 'src/db.js', line: 3 });
  });
});
