/**
 * What each access on a connection does to it, from the knowledge tables: opens it,
 * closes it, gives it back to its pool, registers a listener, makes a definition that
 * talks to no server, or uses it (a wrapper's row may say it instead: `closeDB()`). Also
 * whether a factory call opens it at once.
 */
import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import { listenerAction } from '../knowledge/emitters.js';
import { PROMISE_CHAIN_METHODS, argumentAt } from '../util/ast.js';
import { staticOptionValue } from '../util/options.js';
import type { Access, Origin } from './values.js';

export type AccessKind = 'close' | 'release' | 'connect' | 'listener' | 'definition' | 'use';

/** How one access on a connection acts on it. Accesses on non-connections are `use`. */
export function accessKind(access: Access): AccessKind {
  if (access.act) return access.act;
  const facts = access.site.entity.connection;
  const name = access.name;
  if (!facts || name === undefined) return 'use';
  if (access.call) {
    if (facts.release?.includes(name)) return 'release';
    if (facts.close.includes(name)) return 'close';
    if (facts.connect?.includes(name)) return 'connect';
    if (listenerAction(name) !== undefined || PROMISE_CHAIN_METHODS.has(name)) return 'listener';
  }
  if (facts.definitions?.includes(name)) return 'definition';
  // A module object that is also a default connection: its API is not a use.
  if (facts.onlyUses && !facts.onlyUses.includes(name)) return 'definition';
  return 'use';
}

/**
 * A use that talks to the server: a method call, or a property whose value is queried in
 * turn (mongoist's `db.books.insert()`), not a property read that stops there (`pool.options`).
 */
export function isQuery(access: Access): boolean {
  if (accessKind(access) !== 'use') return false;
  if (access.call) return true;
  const parent = access.member?.parent;
  return parent?.type === 'MemberExpression' && parent.object === access.member && parent.parent?.type === 'CallExpression' && parent.parent.callee === parent;
}

/**
 * Whether creating the object opens its connection (or the awaited factory resolves
 * connected), as opposed to waiting for a first query or a connect step.
 */
export function opensAtCreation(origin: Origin, sourceCode: Readonly<TSESLint.SourceCode>): boolean {
  const facts = origin.entity.connection;
  if (!facts) return false;
  // One per process: open once its module has loaded, if loading it opens it.
  if (origin.held) return origin.held.opensOnLoad === true;
  const eager = origin.api?.eager ?? facts.eager;
  if (!eager || !facts.lazyOption) return eager;
  const call = origin.node;
  if (call.type !== 'CallExpression' && call.type !== 'NewExpression') return eager;
  const options = argumentAt(call as TSESTree.CallExpression | TSESTree.NewExpression, facts.lazyOption.arg);
  return staticOptionValue(options, facts.lazyOption.name, sourceCode) !== true;
}
