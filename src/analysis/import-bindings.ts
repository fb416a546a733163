/**
 * Whether a file's text may bind, from one package, a name the knowledge tracks, judged
 * from the text alone before anything parses it. Real TypeScript modules import a driver
 * for its types far more often than for its values (`import { Db, Collection } from
 * 'mongodb'` in every repository), and such a module can neither make a connection with
 * it nor export one. Only an `import … from` or `export … from` whose clause is read in
 * full counts as binding nothing tracked; any other load of the package (a `require()`, an
 * `import()`, `import x = require()`, a clause not understood) may bind anything, except
 * `import('mongodb').ObjectId` of a name no row starts from: a type, in any real code.
 */
import { withoutNodePrefix } from '../util/paths.js';
import { timesQuoted } from './relevance.js';

/** The named exports of a package the trace tree tracks (imports.ts trackedNamesOf). */
export type TrackedRoots = ReadonlySet<string>;

const FROM_STATEMENT = /\b(import|export)(\s+type)?\s+([^;'"`]*?)\s*\bfrom\s*(['"])([^'"\n]+)\4/g;
/** `import('mongodb').ObjectId`: TypeScript's import type, or a member read of a promise, never a binding. */
const IMPORT_TYPE = /\bimport\s*\(\s*(['"`])([^'"`\n]+)\1\s*\)\s*\.\s*([\w$]+)/g;
const PROMISE_METHODS = new Set(['then', 'catch', 'finally']);
const NAMED = /^\{([^{}]*)\}$/;
const ELEMENT = /^(type\s+)?([\w$]+)(?:\s+as\s+[\w$]+)?$/;

/** One element of a `{ … }` list binds a tracked name: `MongoClient`, `default as db`; never `type Db`. */
function elementBindsTracked(element: string, roots: TrackedRoots): boolean {
  const match = ELEMENT.exec(element);
  // A string name (`'a-b' as c`) or anything else not read: it may be anything.
  if (!match) return true;
  if (match[1] !== undefined) return false;
  // The default export of a CommonJS package is the package itself.
  return match[2] === 'default' || roots.has(match[2]!);
}

/** The `{ … }` list of a clause binds a tracked name (`type` before an element makes it a type only). */
function namedBindTracked(list: string, roots: TrackedRoots): boolean {
  return list.split(',').map((element) => element.trim()).filter((element) => element !== '').some((element) => elementBindsTracked(element, roots));
}

/**
 * The clause of an `import … from` or `export … from` (without a leading `type`) may bind
 * a tracked name. A default or namespace binding holds the package itself, from which
 * every tracked path starts.
 */
function clauseBindsTracked(clause: string, roots: TrackedRoots): boolean {
  const named = NAMED.exec(clause);
  // `db`, `db, { x }`, `* as db`, `export *`, or a clause not read (a comment in it): anything may be bound.
  return named ? namedBindTracked(named[1]!, roots) : true;
}

/**
 * The text may bind from `specifier` a name that `roots` tracks: some load of it is
 * anything else than an `import`/`export … from` whose clause binds only untracked names
 * or types (`import type { Knex } from 'knex'`, `import { Db, ObjectId } from 'mongodb'`),
 * or an import type of an untracked name.
 */
export function mayBindTracked(text: string, specifier: string, roots: TrackedRoots): boolean {
  let untracked = 0;
  for (const match of text.matchAll(FROM_STATEMENT)) {
    if (withoutNodePrefix(match[5]!) !== specifier) continue;
    const typeOnly = match[2] !== undefined && match[3] !== '';
    if (typeOnly || !clauseBindsTracked(match[3]!.trim(), roots)) untracked++;
  }
  for (const match of text.matchAll(IMPORT_TYPE)) {
    if (withoutNodePrefix(match[2]!) === specifier && !PROMISE_METHODS.has(match[3]!) && !roots.has(match[3]!)) untracked++;
  }
  return untracked < timesQuoted(text, specifier) + timesQuoted(text, `node:${specifier}`);
}
