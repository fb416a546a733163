/**
 * Connections in a self-forking module, seen by role: which roles create each one, use it,
 * connect it and close it, and whether the primary is done with it before it forks. Feeds
 * `no-connection-before-fork` and `require-reconnect-after-fork`.
 */
import { getStringIfConstant } from '@eslint-community/eslint-utils';
import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import { CONNECTION_STATE_EVENTS } from '../knowledge/connections.js';
import type { Entity, HeldRow } from '../knowledge/index.js';
import { argumentAt, type Node } from '../util/ast.js';
import { enclosingFunction } from './functions.js';
import { isRelative, moduleLoads } from './module-loads.js';
import { accessKind, opensAtCreation } from './lifecycle.js';
import { staticOptionValue } from '../util/options.js';
import { BOTH, PRIMARY, WORKER, type ForkSite, type RoleMask, type Roles } from './roles.js';
import { connectSteps, declaredByLoad, firstWorkerStatement, heldMissingReconnect, openerLabel, openingStep, opensAtModuleScope } from './fork-held.js';
import { isHandOver, valueParent } from './hand-over.js';
import { primaryOnlyForks, roleOnlyKeepsBooks } from './primary-work.js';
import { createTiming, type Timing } from './timing.js';
import { CALLED, undeclaredNamed, type Access, type Binding, type Origin, type Values } from './values.js';

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
  /** How reports name it: its first holder (of a held one, else the import that reaches it), else the call that opens it. */
  readonly name: string;
  /** The variable behind `name`, when there is one: what a close before the fork calls on. */
  readonly holder?: Binding;
  /** A held connection no variable of this file declares: its opening call as written (`connectDB()`), which reports name instead. */
  readonly opener?: string;
  /**
   * Where reports stand and what a fix moves: the factory call, or for a held connection
   * the connect step that opens it (`mongoose.connect()`, `connectDB()`).
   */
  readonly at: Node;
  /**
   * Its holders, in source order. Of a held connection, those this file declares for it
   * (`const db = await mongoose.connect()`), not the import that reaches it.
   */
  readonly bindings: readonly Binding[];
  /** Set for a connection held once per process: a library's default one, a project module's own. */
  readonly held?: HeldRow;
  /** Roles that run the code creating it. */
  readonly created: RoleMask;
  /**
   * Created by module-scope code, outside any function (so by both roles unless a branch
   * says otherwise); for a held connection, its opening step runs in both roles, once.
   */
  readonly atModuleScope: boolean;
  /** Other modules can reach it (`export`, `module.exports`): its uses are not all in this file. */
  readonly exported: boolean;
  /** Roles in which it is open without any use: eager at creation, or a connect step runs there. */
  readonly opensIn: RoleMask;
  /**
   * A role holding it unopened would open it by touching it (a lazy pool's first query);
   * false when nothing opens it but a connect step (node-redis, TypeORM).
   */
  readonly opensWhenTouched: boolean;
  /** Calls and member accesses that talk to the server, and hand-overs to other code. */
  readonly uses: readonly RoleEvent[];
  readonly closes: readonly RoleEvent[];
  /** The primary keeps idle connections open (a client, or a pool that does not close idle ones). */
  readonly keepsIdle: boolean;
  /** Set when the primary uses it before its fork sites, never after, and does not close it first. */
  readonly idleAfterFork?: { readonly forkSite: ForkSite; readonly lastUse: Node };
  /**
   * Opened at module scope in the primary, used nowhere in this file, and the primary only
   * forks: its uses are in the modules the workers run (models, queries), so only they use it.
   */
  readonly onlyWorkersUse: boolean;
  /**
   * For a held connection: the workers run nothing here that could use it through another
   * module (its uses here being the primary's). Other connections cannot be used elsewhere.
   */
  readonly workersIdle: boolean;
}

/** A worker-path use of a connection that only the primary sets up. */
export interface MissingReconnect {
  /** How reports name it: its holder, or for a held connection no variable holds here, its name as imported. */
  readonly name: string;
  readonly entity: Entity;
  /** The holder, when a variable of this file holds it (not for `connectDB()` of another module). */
  readonly binding?: Binding;
  readonly variable?: Variable;
  /** The first worker-path call or member access. */
  readonly use: Access;
  /** `assigned`: only the primary assigns it; `connect`: only the primary runs its connect step. */
  readonly reason: 'assigned' | 'connect';
  /** The holder is an undeclared global (sloppy `con = mysql.createConnection()`): in a worker the name does not exist. */
  readonly undeclared?: boolean;
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
  /** Where the worker path starts, found when a connection only the workers' modules use must move there. */
  readonly workerStart?: Node;
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
  readonly roles: Roles;
  readonly roleOf: (node: Node) => RoleMask;
}

/** The connections the file creates (see `isRoot`) and the held ones it reaches, each with the bindings that hold it. */
function holdersByConnection(values: Values): Map<Origin, Binding[]> {
  const byOrigin = new Map<Origin, Binding[]>();
  for (const origin of values.held) if (isRoot(origin)) byOrigin.set(origin, []);
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
    else if (kind === 'connect') {
      opensIn = (opensIn | event.role) as RoleMask;
      // The worker path connecting it for itself is a use of it there: not a copy opened for nothing.
      if (event.role === WORKER) uses.push(event);
    }
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

/** Where it is made and what names it: the factory; for a held connection, its opening step and the holders declared here. */
function creationOf(origin: Origin, bindings: readonly Binding[], accesses: readonly Access[], context: ForkContext): Pick<ForkConnection, 'name' | 'holder' | 'opener' | 'at' | 'bindings' | 'atModuleScope'> {
  if (!origin.held) {
    const atModuleScope = enclosingFunction(origin.node) === undefined && context.roleOf(origin.node) === BOTH;
    return { name: bindings[0]!.name, holder: bindings[0], at: origin.node, bindings, atModuleScope };
  }
  const declared = bindings.filter((binding) => !declaredByLoad(binding, origin.node));
  // `mongoose.connect(url).then((res) => …)`: a callback's parameter names it only inside the callback.
  const named = declared.filter((binding) => binding.variable?.defs[0]?.type !== 'Parameter');
  const holder = named[0] ?? bindings.find((binding) => !declared.includes(binding)) ?? declared[0];
  const at = openingStep(origin, connectSteps(accesses, origin), context.roleOf);
  const opener = named.length === 0 ? openerLabel(at, context.sourceCode) : undefined;
  const name = holder?.name ?? opener ?? context.sourceCode.getText(at);
  return { name, holder, opener, at, bindings: declared, atModuleScope: opensAtModuleScope(at, context.roles) };
}

type ForkConnectionFacts = Omit<ForkConnection, 'idleAfterFork' | 'onlyWorkersUse' | 'workersIdle'>;

function forkConnection(origin: Origin, bindings: Binding[], accesses: readonly Access[], context: ForkContext): ForkConnectionFacts {
  const events = accessEvents(origin, accesses, context);
  const made = creationOf(origin, bindings, accesses, context);
  const holders = holderEvents(made.bindings, context.roleOf);
  const uses = [...events.uses, ...holders.handOvers].sort((a, b) => a.node.range[0] - b.node.range[0]);
  return {
    origin,
    entity: origin.entity,
    ...made,
    held: origin.held,
    created: context.roleOf(origin.node),
    exported: holders.exported,
    opensIn: events.opensIn,
    opensWhenTouched: !origin.entity.connection?.requiresConnect && !origin.entity.connection?.borrowsConnection,
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

function idleAfterFork(connection: ForkConnectionFacts, forks: OrderedForks): ForkConnection['idleAfterFork'] {
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

/**
 * The assignments of an undeclared global a binding holds (`con = mysql.createConnection()`
 * in sloppy code). Any module the file loads may assign the same global in a worker, so a
 * file that loads one of the project's modules is not judged.
 */
function globalWrites(binding: Binding, sourceCode: ForkContext['sourceCode']): TSESLint.Scope.Reference[] {
  if (binding.target.type !== 'Identifier' || moduleLoads(sourceCode).some((load) => isRelative(load.specifier))) return [];
  return undeclaredNamed(sourceCode, binding.name).filter((reference) => reference.isWrite());
}

/** Where the holder is written: a declared variable's writes, or an undeclared global's assignments. */
function writesOf(binding: Binding, sourceCode: ForkContext['sourceCode']): TSESLint.Scope.Reference[] | undefined {
  const variable = binding.variable;
  if (!variable) return globalWrites(binding, sourceCode);
  return variable.defs[0]?.type === 'Variable' ? variable.references.filter((reference) => reference.isWrite()) : undefined;
}

/** A connection the workers use but only the primary assigns or connects. */
function missingReconnect(binding: Binding, context: ForkContext): MissingReconnect | undefined {
  const { values, roleOf } = context;
  const variable = binding.variable;
  const facts = binding.entity.connection;
  // Other modules may set up an exported connection themselves.
  if (!facts || facts.checkedOut || isExportedTarget(binding)) return undefined;
  const writes = writesOf(binding, context.sourceCode);
  if (!writes || writes.length === 0) return undefined;
  const { name, entity } = binding;
  const own = values.accesses.filter((access) => access.site.binding === binding);
  const use = own.find((access) => roleOf(access.node) === WORKER);
  if (!use) return undefined;
  const writeRoles = writes.map((reference) => roleOf(reference.identifier as Node));
  const connects = own.filter((access) => access.call && accessKind(access) === 'connect');
  const primaryConnects = connects.filter((access) => roleOf(access.node) === PRIMARY);
  if (writes.length > 0 && writeRoles.every((role) => role === PRIMARY)) {
    const assignments = primaryAssignments(writes, context);
    return {
      name, entity, binding, variable, use, reason: 'assigned', assignments, connectSteps: facts.requiresConnect ? primaryConnects : [], ...(variable ? {} : { undeclared: true }),
    };
  }
  // Declared with its factory at module scope, but connected by the primary alone (a held one: see heldMissingReconnect).
  const declared = writes.find((reference) => reference.init);
  if (
    !binding.origin.held &&
    facts.requiresConnect && declared && writes.length === 1 && roleOf(declared.identifier as Node) === BOTH &&
    !connectedAtCreation(binding.origin, context.sourceCode) && connects.length > 0 && primaryConnects.length === connects.length
  ) {
    return { name, entity, binding, variable, use, reason: 'connect', assignments: [], connectSteps: primaryConnects };
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

/** What the roles do besides their connections, asked only when a connection needs to know (it walks the file). */
function lazyWork(input: ForkInput): { primaryOnlyForks(): boolean; workersKeepBooks(): boolean } {
  let primary: boolean | undefined;
  let workers: boolean | undefined;
  return {
    primaryOnlyForks: () => (primary ??= primaryOnlyForks(input)),
    workersKeepBooks: () => (workers ??= roleOnlyKeepsBooks(input, WORKER)),
  };
}

export function analyzeForkConnections(input: ForkInput): ForkFacts {
  const { sourceCode, values, roles } = input;
  if (!roles.selfForking) return EMPTY;
  const context: ForkContext = { sourceCode, values, roles, roleOf: roles.roleOf };
  const timing = createTiming(sourceCode, roles);

  const selfSites = roles.forkSites.filter((site) => site.self);
  const forkSite = selfSites.find((site) => roles.roleOf(site.node) & PRIMARY) ?? selfSites[0];
  const forks: OrderedForks = { sites: selfSites.filter((site) => roles.roleOf(site.node) & PRIMARY && timing.known(site.node)), timing };

  const holders = holdersByConnection(values);
  const accessesOf = accessesByConnection(values, holders);
  const work = lazyWork({ sourceCode, roles, values });
  const connections = [...holders].map(([origin, bindings]): ForkConnection => {
    const connection = forkConnection(origin, bindings, accessesOf.get(origin) ?? [], context);
    const unused = connection.atModuleScope && connection.uses.length === 0 && (connection.opensIn & PRIMARY) !== 0;
    const primaryOnlyUses = connection.uses.length > 0 && connection.uses.every((use) => use.role === PRIMARY);
    return {
      ...connection,
      idleAfterFork: idleAfterFork(connection, forks),
      onlyWorkersUse: unused && !connection.exported && work.primaryOnlyForks(),
      workersIdle: !connection.held || (connection.atModuleScope && primaryOnlyUses && work.workersKeepBooks()),
    };
  });
  const reconnects = values.bindings.map((binding) => missingReconnect(binding, context)).filter((found) => found !== undefined);
  for (const origin of values.held) {
    // One report per connection: a holder only the primary assigns is reported as such.
    if (reconnects.some((missing) => missing.binding?.origin === origin)) continue;
    const missing = heldMissingReconnect(origin, accessesOf.get(origin) ?? [], context);
    if (missing) reconnects.push(missing);
  }
  const workerStart = connections.some((connection) => connection.onlyWorkersUse) ? firstWorkerStatement(roles, sourceCode) : undefined;
  return { connections, reconnects, forkSite, workerStart };
}
