/**
 * Connections in a self-forking module, seen by role: which roles create each one, use it,
 * connect it and close it, and whether the primary is done with it before it forks. Feeds
 * `no-connection-before-fork` and `require-reconnect-after-fork`.
 */
import { getStringIfConstant } from '@eslint-community/eslint-utils';
import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import { CONNECTION_STATE_EVENTS } from '../knowledge/connections.js';
import type { Entity } from '../knowledge/index.js';
import { argumentAt, type Node } from '../util/ast.js';
import { enclosingFunction } from './functions.js';
import { accessKind, opensAtCreation } from './lifecycle.js';
import { staticOptionValue } from '../util/options.js';
import { BOTH, PRIMARY, WORKER, type ForkSite, type RoleMask, type Roles } from './roles.js';
import { isHandOver, valueParent } from './hand-over.js';
import { createTiming, type Timing } from './timing.js';
import { CALLED, type Access, type Binding, type Origin, type Values } from './values.js';

type Variable = TSESLint.Scope.Variable;

/** Something done to a connection, and the roles it runs in. */
export interface RoleEvent {
  readonly node: Node;
  readonly role: RoleMask;
  readonly access?: Access;
  /** Handed to code this file does not follow: it may run at any later time. */
  readonly handOver?: boolean;
}

export interface ForkConnection {
  readonly origin: Origin;
  readonly entity: Entity;
  /** Its holders, in source order; reports name the first. */
  readonly bindings: readonly Binding[];
  /** Roles that run the code creating it. */
  readonly created: RoleMask;
  /** Created by module-scope code, outside any function (so by both roles unless a branch says otherwise). */
  readonly atModuleScope: boolean;
  /** Other modules can reach it (`export`, `module.exports`): its uses are not all in this file. */
  readonly exported: boolean;
  /** Roles in which it is open without any use: eager at creation, or a connect step runs there. */
  readonly opensIn: RoleMask;
  /** Calls and member accesses that talk to the server, and hand-overs to other code. */
  readonly uses: readonly RoleEvent[];
  readonly closes: readonly RoleEvent[];
  /** The primary keeps idle connections open (a client, or a pool that does not close idle ones). */
  readonly keepsIdle: boolean;
  /** Set when the primary uses it before its fork sites, never after, and does not close it first. */
  readonly idleAfterFork?: { readonly forkSite: ForkSite; readonly lastUse: Node };
}

/** A worker-path use of a connection that only the primary sets up. */
export interface MissingReconnect {
  readonly binding: Binding;
  readonly variable: Variable;
  /** The first worker-path call or member access. */
  readonly use: Access;
  /** `assigned`: only the primary assigns it; `connect`: only the primary runs its connect step. */
  readonly reason: 'assigned' | 'connect';
  /** The primary-path assignments of a tracked connection (`db = await mongoose.connect(uri)`). */
  readonly assignments: readonly TSESTree.AssignmentExpression[];
  /** The primary-path connect steps (`await dataSource.initialize()`). */
  readonly connectSteps: readonly Access[];
}

export interface ForkFacts {
  readonly connections: readonly ForkConnection[];
  readonly reconnects: readonly MissingReconnect[];
  /** The self-forking fork site reports name. */
  readonly forkSite?: ForkSite;
}

interface ForkInput {
  readonly sourceCode: Readonly<TSESLint.SourceCode>;
  readonly values: Values;
  readonly roles: Roles;
}

const EMPTY: ForkFacts = { connections: [], reconnects: [] };

/** The object itself rather than something it hands out (a checkout, a `Db` handle). */
function isRoot(origin: Origin): boolean {
  const facts = origin.entity.connection;
  if (!facts || facts.checkedOut) return false;
  if (!origin.from || origin.via === CALLED) return true;
  return !origin.from.entity.connection || origin.from.entity === origin.entity;
}

/** Open once created: an eager factory, or a connect step in the creating chain (`createClient().connect()`). */
function connectedAtCreation(origin: Origin, sourceCode: Readonly<TSESLint.SourceCode>): boolean {
  let current = origin;
  while (current.from && current.from.entity === current.entity && current.via !== CALLED) {
    if (current.via && current.entity.connection?.connect?.includes(current.via)) return true;
    current = current.from;
  }
  return opensAtCreation(current, sourceCode);
}

function keepsIdle(origin: Origin, sourceCode: Readonly<TSESLint.SourceCode>): boolean {
  const facts = origin.entity.connection!;
  if (facts.kind === 'client' || facts.closesIdle === false) return true;
  if (!facts.closesIdle || !facts.keepIdleOption) return false;
  let creator = origin;
  while (creator.from && creator.from.entity === creator.entity) creator = creator.from;
  const call = creator.node;
  if (call.type !== 'CallExpression' && call.type !== 'NewExpression') return false;
  return staticOptionValue(argumentAt(call, facts.keepIdleOption.arg), facts.keepIdleOption.name, sourceCode) === 0;
}

/** `sub.on('message', …)`: a listener for what the connection delivers, not for its own state. */
function deliversData(call: TSESTree.CallExpression): boolean {
  const event = call.arguments[0] ? getStringIfConstant(call.arguments[0] as never) : null;
  return event !== null && !CONNECTION_STATE_EVENTS.has(event);
}

function isExportedTarget(binding: Binding): boolean {
  const target = binding.target;
  const declaration = target.parent?.type === 'VariableDeclarator' ? target.parent.parent : undefined;
  return declaration?.parent?.type === 'ExportNamedDeclaration';
}

function isExportReference(reference: Node): boolean {
  const { node, parent } = valueParent(reference);
  if (parent?.type === 'ExportSpecifier' || parent?.type === 'ExportDefaultDeclaration') return true;
  // `module.exports = db`, `exports.db = db`, `module.exports = { db }`
  let holder: Node | undefined = parent?.type === 'Property' ? parent.parent?.parent : parent;
  if (holder?.type !== 'AssignmentExpression' || (parent?.type !== 'Property' && holder.right !== node)) return false;
  let left: Node = holder.left;
  while (left.type === 'MemberExpression') left = left.object;
  holder = left;
  return holder.type === 'Identifier' && (holder.name === 'module' || holder.name === 'exports');
}

interface ForkContext {
  readonly sourceCode: Readonly<TSESLint.SourceCode>;
  readonly values: Values;
  readonly roleOf: (node: Node) => RoleMask;
}

/** The connections the file creates (see `isRoot`), each with the bindings that hold it. */
function holdersByConnection(values: Values): Map<Origin, Binding[]> {
  const byOrigin = new Map<Origin, Binding[]>();
  for (const binding of values.bindings) {
    if (!isRoot(binding.origin)) continue;
    byOrigin.set(binding.origin, [...(byOrigin.get(binding.origin) ?? []), binding]);
  }
  return byOrigin;
}

/** The accesses on each connection, directly or on something it handed out. */
function accessesByConnection(values: Values, holders: ReadonlyMap<Origin, readonly Binding[]>): Map<Origin, Access[]> {
  const accessesOf = new Map<Origin, Access[]>();
  for (const access of values.accesses) {
    let origin: Origin | undefined = access.site.origin;
    while (origin && !holders.has(origin)) origin = origin.from;
    if (origin) accessesOf.set(origin, [...(accessesOf.get(origin) ?? []), access]);
  }
  return accessesOf;
}

/**
 * A definition talks to no server, but what it returns does: `conn.model('User').find()`,
 * or `const User = conn.model('User')` and then `User.find()` anywhere.
 */
function usesOfDefinition(call: TSESTree.CallExpression, context: ForkContext): RoleEvent[] {
  const { roleOf } = context;
  const { node, parent } = valueParent(call);
  if (parent?.type === 'MemberExpression' && parent.object === node) return [{ node: parent, role: roleOf(parent) }];
  if (parent?.type === 'VariableDeclarator' && parent.init === node && parent.id.type === 'Identifier') {
    const [variable] = context.sourceCode.getDeclaredVariables(parent) as Variable[];
    return (variable?.references ?? [])
      .filter((reference) => reference.isRead())
      .map((reference) => ({ node: reference.identifier as Node, role: roleOf(reference.identifier as Node) }));
  }
  if (parent?.type === 'ExpressionStatement') return [];
  return [{ node: call, role: roleOf(call), handOver: true }];
}

/** What the accesses on one connection do to it, and in which roles. */
interface AccessEvents {
  readonly uses: RoleEvent[];
  readonly closes: RoleEvent[];
  readonly opensIn: RoleMask;
  /** The primary listens for data it delivers (a subscriber). */
  readonly primaryListens: boolean;
}

function accessEvents(origin: Origin, accesses: readonly Access[], context: ForkContext): AccessEvents {
  const uses: RoleEvent[] = [];
  const closes: RoleEvent[] = [];
  let opensIn: RoleMask = connectedAtCreation(origin, context.sourceCode) ? context.roleOf(origin.node) : 0;
  let primaryListens = false;
  for (const access of accesses) {
    // Accesses on what it handed out (a checkout, a collection) use the connection too,
    // but closing or releasing one of those does not close the connection.
    const own = access.site.origin === origin;
    const kind = accessKind(access);
    const event: RoleEvent = { node: access.call ?? access.node, role: context.roleOf(access.node), access };
    if (kind === 'listener' && access.call && deliversData(access.call) && event.role & PRIMARY) primaryListens = true;
    if (kind === 'use' || (!own && (kind === 'close' || kind === 'release' || kind === 'connect'))) uses.push(event);
    else if (kind === 'close') closes.push(event);
    else if (kind === 'connect') opensIn = (opensIn | event.role) as RoleMask;
    else if (kind === 'definition' && access.call && !context.values.siteAt(access.call)) uses.push(...usesOfDefinition(access.call, context));
  }
  return { uses, closes, opensIn, primaryListens };
}

/** Whether another module can reach the connection, and where its holders hand it to code this file does not follow. */
function holderEvents(bindings: readonly Binding[], roleOf: ForkContext['roleOf']): { exported: boolean; handOvers: RoleEvent[] } {
  let exported = false;
  const handOvers: RoleEvent[] = [];
  for (const binding of bindings) {
    if (isExportedTarget(binding)) exported = true;
    for (const reference of binding.references) {
      if (isExportReference(reference)) exported = true;
      else if (isHandOver(reference)) handOvers.push({ node: reference, role: roleOf(reference), handOver: true });
    }
  }
  return { exported, handOvers };
}

function forkConnection(origin: Origin, bindings: Binding[], accesses: readonly Access[], context: ForkContext): Omit<ForkConnection, 'idleAfterFork'> {
  const events = accessEvents(origin, accesses, context);
  const holders = holderEvents(bindings, context.roleOf);
  const uses = [...events.uses, ...holders.handOvers].sort((a, b) => a.node.range[0] - b.node.range[0]);
  const created = context.roleOf(origin.node);
  return {
    origin,
    entity: origin.entity,
    bindings,
    created,
    atModuleScope: enclosingFunction(origin.node) === undefined && created === BOTH,
    exported: holders.exported,
    opensIn: events.opensIn,
    uses,
    closes: events.closes,
    // A subscriber the primary listens to is not idle, whatever else it does.
    keepsIdle: keepsIdle(origin, context.sourceCode) && !events.primaryListens,
  };
}

/** The primary's fork sites that the file can order against other code. */
interface OrderedForks {
  readonly sites: readonly ForkSite[];
  readonly timing: Timing;
}

function idleAfterFork(connection: Omit<ForkConnection, 'idleAfterFork'>, forks: OrderedForks): ForkConnection['idleAfterFork'] {
  const { sites, timing } = forks;
  if (!connection.keepsIdle || !(connection.created & PRIMARY) || sites.length === 0) return undefined;
  const before = (a: Node, b: Node): boolean => timing.order(a, b) === 'before';
  const primaryUses = connection.uses.filter((use) => use.role & PRIMARY);
  const beforeAll = (node: Node): boolean => sites.every((site) => before(node, site.node));
  if (!primaryUses.some((use) => beforeAll(use.node))) return undefined;
  if (!primaryUses.every((use) => !use.handOver && beforeAll(use.node))) return undefined;
  if (connection.closes.some((close) => close.role & PRIMARY && beforeAll(close.node))) return undefined;
  const first = sites.find((site) => sites.every((other) => other === site || !before(other.node, site.node)))!;
  return { forkSite: first, lastUse: primaryUses.at(-1)!.node };
}

// ---- require-reconnect-after-fork ---------------------------------------------------

/** A connection the workers use but only the primary assigns or connects. */
function missingReconnect(binding: Binding, context: ForkContext): MissingReconnect | undefined {
  const { values, roleOf } = context;
  const variable = binding.variable;
  const facts = binding.entity.connection;
  // Other modules may set up an exported connection themselves.
  if (!variable || !facts || facts.checkedOut || variable.defs[0]?.type !== 'Variable' || isExportedTarget(binding)) return undefined;
  const own = values.accesses.filter((access) => access.site.binding === binding);
  const use = own.find((access) => roleOf(access.node) === WORKER);
  if (!use) return undefined;
  const writes = variable.references.filter((reference) => reference.isWrite());
  const writeRoles = writes.map((reference) => roleOf(reference.identifier as Node));
  const connects = own.filter((access) => access.call && accessKind(access) === 'connect');
  const primaryConnects = connects.filter((access) => roleOf(access.node) === PRIMARY);
  if (writes.length > 0 && writeRoles.every((role) => role === PRIMARY)) {
    const assignments = primaryAssignments(writes, context);
    return { binding, variable, use, reason: 'assigned', assignments, connectSteps: facts.requiresConnect ? primaryConnects : [] };
  }
  // Declared with its factory at module scope, but connected by the primary alone.
  const declared = writes.find((reference) => reference.init);
  if (
    facts.requiresConnect && declared && writes.length === 1 && roleOf(declared.identifier as Node) === BOTH &&
    !connectedAtCreation(binding.origin, context.sourceCode) && connects.length > 0 && primaryConnects.length === connects.length
  ) {
    return { binding, variable, use, reason: 'connect', assignments: [], connectSteps: primaryConnects };
  }
  return undefined;
}

/** `db = await mongoose.connect(uri)` on the primary path: plain assignments of a tracked connection. */
function primaryAssignments(writes: readonly TSESLint.Scope.Reference[], context: ForkContext): TSESTree.AssignmentExpression[] {
  return writes
    .filter((reference) => context.roleOf(reference.identifier as Node) === PRIMARY)
    .map((reference) => (reference.identifier as Node).parent)
    .filter((parent): parent is TSESTree.AssignmentExpression =>
      parent?.type === 'AssignmentExpression' && parent.operator === '=' && context.values.siteAt(parent.right) !== undefined);
}

export function analyzeForkConnections(input: ForkInput): ForkFacts {
  const { sourceCode, values, roles } = input;
  if (!roles.selfForking) return EMPTY;
  const context: ForkContext = { sourceCode, values, roleOf: roles.roleOf };
  const timing = createTiming(sourceCode, roles);

  const selfSites = roles.forkSites.filter((site) => site.self);
  const forkSite = selfSites.find((site) => roles.roleOf(site.node) & PRIMARY) ?? selfSites[0];
  const forks: OrderedForks = { sites: selfSites.filter((site) => roles.roleOf(site.node) & PRIMARY && timing.known(site.node)), timing };

  const holders = holdersByConnection(values);
  const accessesOf = accessesByConnection(values, holders);
  const connections = [...holders].map(([origin, bindings]): ForkConnection => {
    const connection = forkConnection(origin, bindings, accessesOf.get(origin) ?? [], context);
    return { ...connection, idleAfterFork: idleAfterFork(connection, forks) };
  });
  const reconnects = values.bindings.map((binding) => missingReconnect(binding, context)).filter((found) => found !== undefined);
  return { connections, reconnects, forkSite };
}
