/**
 * Whether a module's text may bind a tracked name from a package: the test that spares
 * the parse of the many TypeScript modules that import a driver only for its types.
 */
import { mayBindTracked } from '../../src/analysis/import-bindings.js';

const MONGODB_ROOTS = new Set(['MongoClient']);
const binds = (text: string) => mayBindTracked(text, 'mongodb', MONGODB_ROOTS);

describe('a load of the package that binds only types or untracked names', () => {
  it.each([
    `import { Db, Collection, ObjectId } from 'mongodb';`,
    `import {\n  Db,\n  Collection,\n} from "mongodb";`,
    `import type { MongoClient } from 'mongodb';`,
    `import type MongoDefault from 'mongodb';`,
    `import { type MongoClient, Db } from 'mongodb';`,
    `import { type MongoClient as Client } from 'mongodb';`,
    `export { ObjectId } from 'mongodb';`,
    `export type { MongoClient } from 'mongodb';`,
    `export interface Doc { _id?: import('mongodb').ObjectId }`,
    `import { Db } from 'mongodb';\nimport { ObjectId as Id } from 'mongodb';\nlet id: import("mongodb").ObjectId;`,
  ])('%s binds nothing tracked', (text) => {
    expect(binds(text)).toBe(false);
  });
});

describe('a load of the package that may bind a tracked name', () => {
  it.each([
    `import { MongoClient } from 'mongodb';`,
    `import { Db, MongoClient as Client } from 'mongodb';`,
    `import { default as mongodb } from 'mongodb';`,
    `import mongodb from 'mongodb';`,
    `import mongodb, { Db } from 'mongodb';`,
    `import * as mongodb from 'mongodb';`,
    // A default import named `type`.
    `import type from 'mongodb';`,
    `export * from 'mongodb';`,
    `export { MongoClient } from 'mongodb';`,
    `const { Db } = require('mongodb');`,
    `const mongodb = await import('mongodb');`,
    `import('mongodb').then(({ MongoClient }) => new MongoClient(url));`,
    `const client = new (import('mongodb').MongoClient)(url);`,
    `import mongodb = require('mongodb');`,
    // A clause not read in full: a comment in it.
    `import {\n  Db, // the database\n  Collection,\n} from 'mongodb';`,
    `import { 'Db' as Db } from 'mongodb';`,
    // One untracked import, one that binds the package.
    `import { Db } from 'mongodb';\nconst { MongoClient } = require('mongodb');`,
    // A look-alike in a string does not hide the real load.
    `const doc = "import { Db } from 'mongodb'";\nconst driver = require('mongodb');`,
  ])('%s may', (text) => {
    expect(binds(text)).toBe(true);
  });

  it('reads the node: prefix as the same module', () => {
    const net = (text: string) => mayBindTracked(text, 'net', new Set(['createConnection', 'connect', 'Socket']));
    expect(net(`import { isIP } from 'node:net';`)).toBe(false);
    expect(net(`import { connect } from 'node:net';`)).toBe(true);
    expect(net(`import net from 'node:net';`)).toBe(true);
  });
});
