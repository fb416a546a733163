/**
 * The connections a file makes, as plain data: each factory call of a pool or client
 * (not a client checked out of a pool, not a view a connection hands out), with its size
 * as the source sets it, how many of it one process holds, and the server it talks to.
 */
import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import type { Facts } from '../analysis/facts.js';
import { enclosingFunction } from '../analysis/functions.js';
import { accessKind } from '../analysis/lifecycle.js';
import { sizeSetting } from '../analysis/pool-sizes.js';
import { CALLED, type Origin, type ValueSite, type Values } from '../analysis/values.js';
import { serverRow } from '../knowledge/deployment.js';
import { writtenExports } from '../analysis/exports/exports.js';
import { declaredOutside } from '../analysis/exports/exports-facts.js';
import { argumentAt, callLabel, skipTypeWrappers, type FunctionNode, type Node } from '../util/ast.js';
import { variableOf } from '../util/variables.js';
import { staticOptionValue } from '../util/options.js';
import { tasksInFlight } from './counts.js';
import type { ConnectionRecord, PerRecord, Roles, SizeRecord } from './records.js';

type Call = TSESTree.CallExpression | TSESTree.NewExpression;
type Source = Readonly<TSESLint.SourceCode>;

const ONE: SizeRecord = { kind: 'one' };
const NO_DEFAULT: SizeRecord = { kind: 'unknown', reason: 'no-default' };
const PROCESS: PerRecord = { kind: 'process' };
const FIRST_USE: PerRecord = { kind: 'process', firstUse: true };

/**
 * The factory call when `site` is where a new connection is made: a module API, a handout
 * that opens a connection of its own (`redis.duplicate()`), or a call of a tracked value
 * that makes one (`pgp(cn)`).
 */
function factoryCall(site: ValueSite): Call | undefined {
  const { origin } = site;
  const facts = origin.entity.connection;
  const node = origin.node;
  if (site.node !== node || !facts || facts.checkedOut) return undefined;
  if (node.type !== 'CallExpression' && node.type !== 'NewExpression') return undefined;
  if (origin.api) return origin.api.via === 'read' ? undefined : node;
  const via = origin.via;
  return via !== undefined && (via === CALLED || origin.from?.entity.freshHandouts?.includes(via)) ? node : undefined;
}

function sizeOf(call: Call, origin: Origin, sourceCode: Source): SizeRecord {
  const facts = origin.entity.connection!;
  if (facts.kind === 'client') return ONE;
  const poolSize = facts.poolSize;
  if (!poolSize) return NO_DEFAULT;
  const setting = sizeSetting(call, poolSize, sourceCode);
  if (setting.kind === 'unset') return { kind: 'default', value: setting.default };
  return setting.kind === 'set' ? { kind: 'set', value: setting.value, option: setting.option } : setting;
}

/** An argument (or a property of an object argument) is a connection the file tracks: `drizzle(pool)`, `drizzle({ client })`. */
function runsThroughConnection(call: Call, values: Values): boolean {
  const holds = (node: Node): boolean => values.siteAt(skipTypeWrappers(node))?.entity.connection !== undefined;
  return call.arguments.some((arg) => {
    if (arg.type === 'SpreadElement') return false;
    if (holds(arg)) return true;
    return arg.type === 'ObjectExpression' && arg.properties.some((property) => property.type === 'Property' && holds(property.value));
  });
}

/** The server kind it talks to: fixed by its library, or by a dialect option the source states. */
function serverOf(call: Call, library: string, sourceCode: Source): Pick<ConnectionRecord, 'server' | 'noServer'> {
  const row = serverRow(library);
  if (!row?.dialect) return { server: row?.server, ...(row?.noServer ? { noServer: true } : {}) };
  const { arg, option, servers } = row.dialect;
  const value = staticOptionValue(argumentAt(call, arg), option, sourceCode);
  return { server: typeof value === 'string' && Object.hasOwn(servers, value) ? servers[value] : undefined };
}

/** How reports name the function a connection is made in. */
function functionName(fn: Node | undefined): string {
  if (!fn) return 'a function';
  if (fn.type === 'FunctionDeclaration' && fn.id) return `\`${fn.id.name}()\``;
  const parent = fn.parent;
  if (parent?.type === 'VariableDeclarator' && parent.id.type === 'Identifier') return `\`${parent.id.name}()\``;
  if ((parent?.type === 'Property' || parent?.type === 'MethodDefinition') && parent.key.type === 'Identifier') return `\`${parent.key.name}()\``;
  return `the function at line ${fn.loc.start.line}`;
}

/** Kept in a variable declared outside the function that makes it (`shared ??= new Pool()`): one at a time per process. */
function keptBeyondCall(origin: Origin, fn: FunctionNode, values: Values): boolean {
  return values.bindings.some((binding) => binding.origin === origin && declaredOutside(binding, fn));
}

/** The variable a function is declared as: `function openClient()`, `const openClient = () => …`. */
function functionVariable(fn: Node, sourceCode: Source): TSESLint.Scope.Variable | undefined {
  const declared = fn.type === 'FunctionDeclaration' ? fn : fn.parent?.type === 'VariableDeclarator' && fn.parent.init === fn ? fn.parent : undefined;
  return declared ? (sourceCode.getDeclaredVariables(declared)[0] as TSESLint.Scope.Variable | undefined) : undefined;
}

/**
 * A factory this module exports and never calls itself: what it makes is counted where it
 * is called, in the modules that import it (the exports facet turns it into their factory).
 */
function countedByCallers(fn: Node, facts: Facts): boolean {
  const variable = functionVariable(fn, facts.sourceCode);
  if (!variable || variable.references.some((reference) => reference.identifier.parent?.type === 'CallExpression' && reference.identifier.parent.callee === reference.identifier)) return false;
  return writtenExports(facts.sourceCode).some((written) => {
    const target = written.target;
    const exported = target.kind === 'node' ? target.node === fn : target.kind === 'name' && variableOf(target.identifier, facts.sourceCode) === variable;
    return exported && facts.exports[written.name]?.kind === 'factory';
  });
}

/** How many of the connection made by `call` one process holds; undefined when its callers count it. */
function perOf(call: Call, origin: Origin, facts: Facts): PerRecord | undefined {
  const role = facts.workers.roleOf(call);
  if (role?.kind === 'task') return tasksInFlight(role.task, facts.sourceCode);
  // What `no-connection-per-task` reports of a module loaded afresh for every task.
  if (facts.tasks.connections.some((found) => found.kind === 'fresh-per-task' && found.node === call)) {
    return { kind: 'task', task: 'a fresh worker for every task', inFlight: { kind: 'unknown' } };
  }
  if (role || facts.roles.runsOnce(call)) return PROCESS;
  const fn = enclosingFunction(call);
  if (fn && keptBeyondCall(origin, fn, facts.values)) return FIRST_USE;
  if (fn && countedByCallers(fn, facts)) return undefined;
  return { kind: 'call', where: functionName(fn) };
}

function recordOf(call: Call, origin: Origin, facts: Facts, file: string, per: PerRecord): ConnectionRecord {
  const { sourceCode, values } = facts;
  const { library, noun } = origin.entity;
  const connection = origin.entity.connection!;
  // The package's server facts, when the library names its installed major too (`mongoose 5`).
  const packageName = origin.entity.package ?? library;
  // A pool whose size no row knows, given a connection the file tracks, is a query layer over it.
  const through = serverRow(packageName)?.through === true || (connection.kind === 'pool' && !connection.poolSize && runsThroughConnection(call, values));
  return {
    file,
    line: call.loc.start.line,
    column: call.loc.start.column + 1,
    library,
    noun,
    name: values.bindings.find((binding) => binding.origin === origin)?.name ?? callLabel(call, sourceCode.getText(call.callee)),
    size: through ? { kind: 'through' } : sizeOf(call, origin, sourceCode),
    per,
    ...serverOf(call, packageName, sourceCode),
    roles: facts.roles.roleOf(call) as Roles,
  };
}

/**
 * A library's default connection opened here: its connect step (`mongoose.connect(url)`),
 * also through a wrapper. A project module's own held connection is counted where its
 * module makes it, so only holders without a place in the project are recorded here.
 */
function heldOpenings(facts: Facts, file: string): ConnectionRecord[] {
  const found: ConnectionRecord[] = [];
  for (const access of facts.values.accesses) {
    const held = access.site.origin.held;
    if (!held || held.place || !access.call || accessKind(access) !== 'connect') continue;
    // Connecting again hands back the same connection: one per process, wherever it is called.
    const record = recordOf(access.call, access.site.origin, facts, file, PROCESS);
    found.push({ ...record, name: callLabel(access.call, facts.sourceCode.getText(access.call.callee)), holder: held.holder });
  }
  return found;
}

export function connectionsOf(facts: Facts, file: string): ConnectionRecord[] {
  if (!facts.relevant) return [];
  const found: ConnectionRecord[] = [];
  const seen = new Set<Node>();
  for (const site of facts.values.sites) {
    const call = factoryCall(site);
    if (!call || seen.has(call)) continue;
    seen.add(call);
    const per = perOf(call, site.origin, facts);
    if (per) found.push(recordOf(call, site.origin, facts, file, per));
  }
  found.push(...heldOpenings(facts, file));
  return found.sort((a, b) => a.line - b.line || a.column - b.column);
}
