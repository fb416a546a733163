/**
 * Which relative imports a file asks the project about (import-uses.ts). An import that
 * binds nothing is never asked. A module read only for its exports and summary does not
 * ask an import whose values only go into dropped calls on an untracked package's object
 * (a router, an Express app); any other use of it asks it, and a file being linted asks
 * every import that binds a value.
 */
import { importsToAsk } from '../../src/analysis/import-uses.js';
import { relativeSpecifiers } from '../../src/analysis/relevance.js';
import { BUILTIN_KNOWLEDGE, type Knowledge } from '../../src/knowledge/index.js';
import { knowledgeOf } from '../../src/project/text-facts.js';
import { factsWith } from '../helpers/project-double.js';

interface Options {
  readonly forExports: boolean;
  readonly typescript?: boolean;
  readonly sourceType?: 'module' | 'commonjs';
  readonly knowledge?: Knowledge;
}

/** The specifiers `code` (as src/app.js) asks about, sorted. */
function asked(code: string, options: Options): string[] {
  let found: string[] = [];
  factsWith(code, {}, {
    filename: options.typescript ? 'src/app.ts' : 'src/app.js',
    ...(options.typescript ? { typescript: true } : {}),
    ...(options.sourceType ? { sourceType: options.sourceType } : {}),
    read: (facts) => {
      found = [...importsToAsk(facts.sourceCode, options.knowledge ?? BUILTIN_KNOWLEDGE, options.forExports, relativeSpecifiers(facts.sourceCode.text))];
    },
  });
  return found.sort();
}

const ROUTES = `import express from 'express';
import auth from './auth.js';
import * as users from './users.js';
const router = express.Router();
router.get('/users', auth, users.list);
router.route('/users/:id').get(users.show).put([auth, users.update]);
export default router;
`;

describe('an import that binds nothing', () => {
  it.each([
    ['a side-effect import', `import './db.js';\nexport const x = 1;\n`, 'module'],
    ['a require whose value is dropped', `require('./server.js');\n`, 'commonjs'],
    ['a require in a branch', `const cluster = require('cluster');\nif (cluster.isPrimary) cluster.fork();\nelse require('./server.js');\n`, 'commonjs'],
    ['an import() whose value is dropped', `await import('./server.js');\n`, 'module'],
  ] as const)('is asked neither when linted nor when read for exports: %s', (_name, code, sourceType) => {
    expect(asked(code, { forExports: false, sourceType })).toEqual([]);
    expect(asked(code, { forExports: true, sourceType })).toEqual([]);
  });
});

describe('a specifier the text also writes where no load of it is seen', () => {
  it.each([
    ['a require made by createRequire', `import { createRequire } from 'node:module';\nimport './db.js';\nconst require = createRequire(import.meta.url);\nexport const db = require('./db.js');\n`, false, './db.js'],
    ['TypeScript import-equals', `import './db';\nimport db = require('./db');\nexport const pool = db.pool;\n`, true, './db'],
  ] as const)('is asked: %s', (_name, code, typescript, specifier) => {
    expect(asked(code, { forExports: true, typescript })).toEqual([specifier]);
  });
});

describe('a module read for its exports', () => {
  it('does not ask what a router only hands its handlers to, alone, as a member or in a list', () => {
    expect(asked(ROUTES, { forExports: true })).toEqual([]);
  });

  it('does not ask what an Express app mounts (CommonJS, an app made by calling the package)', () => {
    const code = `const express = require('express');\nconst routes = require('./routes');\nconst app = express();\napp.use('/api', routes);\nmodule.exports = app;\n`;
    expect(asked(code, { forExports: true, sourceType: 'commonjs' })).toEqual([]);
  });

  it('does not ask what an app held in var or let mounts, when nothing assigns them again (older CommonJS)', () => {
    const code = `var express = require('express');\nvar app = express();\nlet routes = require('./routes'),\n  users = require('./users');\napp.use('/', routes);\napp.use('/', users);\nmodule.exports = app;\n`;
    expect(asked(code, { forExports: true, sourceType: 'commonjs' })).toEqual([]);
  });

  it('asks what an app mounts when the variable holding the app is assigned again', () => {
    const code = `var express = require('express');\nvar app = express();\nvar routes = require('./routes');\nif (process.env.API) app = require('./api-app');\napp.use('/', routes);\nmodule.exports = app;\n`;
    expect(asked(code, { forExports: true, sourceType: 'commonjs' })).toEqual(['./api-app', './routes']);
  });

  it('does not ask an import used only as a type (TypeScript)', () => {
    const code = `import express from 'express';\nimport { User } from './models/user';\nexport function name(user: User): string { return String(user); }\nexport default express();\n`;
    expect(asked(code, { forExports: true, typescript: true })).toEqual([]);
  });

  it.each([
    ['re-exported by name', `import { pool } from './db.js';\nexport { pool };\n`],
    ['re-exported from', `export { pool } from './db.js';\n`],
    ['passed on in an object', `import { pool } from './db.js';\nexport default { pool };\n`],
    ['called in an exported function', `import { connectDB } from './db.js';\nexport const start = () => connectDB();\n`],
    ['called at module scope', `import { connectDB } from './db.js';\nconnectDB();\n`],
    ['handed to a call whose result is kept', `import express from 'express';\nimport routes from './routes.js';\nexport const mounted = express().use(routes);\n`],
    ['handed to a tracked library', `import pg from 'pg';\nimport { config } from './config.js';\nexport const pool = new pg.Pool(config);\npool.on('error', config.onError);\n`],
    ['handed to a function of the module', `import { pool } from './db.js';\nfunction keep(p) { globalThis.db = p; }\nkeep(pool);\nexport const db = () => globalThis.db;\n`],
    ['handed to a global', `import { pool } from './db.js';\nsetImmediate(pool.end);\n`],
    ['used inside a handler written in the call', `import express from 'express';\nimport { pool } from './db.js';\nconst router = express.Router();\nrouter.get('/', (req, res) => pool.query('select 1'));\nexport default router;\n`],
  ])('asks an import %s', (_name, code) => {
    expect(asked(code, { forExports: true }).length).toBe(1);
  });

  it('asks an import handed to an object of a package settings declare, after a lint without those settings', () => {
    const code = `import { connect } from '@acme/db';\nimport { config } from './config.js';\nconst db = connect();\ndb.configure(config);\nexport default db;\n`;
    expect(asked(code, { forExports: true })).toEqual([]);
    const declared = knowledgeOf({ 'fork-safe': { connections: [{ module: '@acme/db', export: 'connect', kind: 'client' }] } });
    expect(asked(code, { forExports: true, knowledge: declared })).toEqual(['./config.js']);
  });

  it('asks an import handed to an object of a project module', () => {
    const code = `import { registry } from './registry.js';\nimport { pool } from './db.js';\nregistry.add(pool);\n`;
    expect(asked(code, { forExports: true })).toEqual(['./db.js', './registry.js']);
  });
});

describe('a file being linted', () => {
  it('asks every import that binds a value: a connection handed to a library is a use the rules judge', () => {
    expect(asked(ROUTES, { forExports: false })).toEqual(['./auth.js', './users.js']);
  });
});
