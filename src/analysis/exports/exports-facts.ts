/**
 * What each export of a module is, for the files that import it (`Facts.exports`): a
 * connection the module holds, a factory wrapper, a connect or close wrapper, a class
 * whose instances make one, or a library or another module's export passed on. Read from
 * the module's own values, found by the same stages as for the file being linted; what it
 * passes on from another project module is asked of its own project view, so a wrapper of a
 * wrapper in a third module is a wrapper too.
 */
import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import { holderName, type Knowledge, type ModuleRow, type PoolSizeFact } from '../../knowledge/index.js';
import { isAncestor, isFunction, outermostValue, requiredSpecifier, skipValueWrappers, type FunctionNode, type Node } from '../../util/ast.js';
import { constantInit, variableOf } from '../../util/variables.js';
import { writtenExports, type ExportTarget } from './exports.js';
import { enclosingFunction } from '../functions.js';
import { runsOnLoad } from '../file-summary.js';
import { accessKind, opensAtCreation } from '../lifecycle.js';
import { isRelative } from '../module-loads.js';
import { NO_EXPORTS, type ExportFact, type HeldConnection, type MadeConnection, type ModuleExports } from './module-exports.js';
import { sizeSetting } from '../pool-sizes.js';
import type { ProjectView } from '../project-view.js';
import { WORKER, type Roles } from '../roles.js';
import type { TrackedNode } from '../imports.js';
import type { Access, Binding, Origin, ValueSite, Values } from '../values.js';

type Source = Readonly<TSESLint.SourceCode>;
type Variable = TSESLint.Scope.Variable;
type ClassNode = TSESTree.ClassDeclaration | TSESTree.ClassExpression;

interface ExportsInput {
  readonly sourceCode: Source;
  readonly values: Values;
  /** The module's roles, asked only of a function that holds a fork site. */
  readonly roles: () => Roles;
  readonly tracked: readonly TrackedNode[];
  readonly knowledge: Knowledge;
  /** This module relative to the project root, with `/` (`src/db.js`): how its holders and places are named. */
  readonly module: string;
  readonly project: ProjectView;
}

interface ExportsContext extends ExportsInput {
  readonly libraries: ReadonlySet<string>;
}

/** How far same-file helpers of a wrapper are followed. */
const MAX_HELPER_DEPTH = 3;

function place(context: ExportsContext, node: Node): HeldConnection['place'] {
  return { module: context.module, line: node.loc.start.line };
}

/** The pool size its factory call sets, as plain data. */
function sizeOf(origin: Origin, sourceCode: Source): PoolSizeFact | undefined {
  const poolSize = origin.entity.connection?.poolSize;
  const call = origin.node;
  if (!poolSize || (call.type !== 'CallExpression' && call.type !== 'NewExpression')) return undefined;
  const size = sizeSetting(call, poolSize, sourceCode);
  if (size.kind === 'unknown') return { kind: 'unknown' };
  return size.kind === 'set' ? { kind: 'set', value: size.value } : size;
}

/** The accesses on the connection of `origin`, directly or through what it hands out. */
function accessesOn(values: Values, origin: Origin): Access[] {
  return values.accesses.filter((access) => {
    for (let current: Origin | undefined = access.site.origin; current; current = current.from) if (current === origin) return true;
    return false;
  });
}

/** Loading the module opens it: an eager factory at its top level, or a connect step there. */
function opensOnLoad(context: ExportsContext, origin: Origin): boolean {
  if (origin.held?.opensOnLoad) return true;
  if (!origin.held && runsOnLoad(origin.node) && opensAtCreation(origin, context.sourceCode)) return true;
  return accessesOn(context.values, origin).some((access) => access.call && accessKind(access) === 'connect' && runsOnLoad(access.call));
}

/** A connection held once per process: a library's default one, or one this module keeps in a module-scope variable. */
function heldConnection(context: ExportsContext, origin: Origin, holder: Binding | undefined, at: Node): HeldConnection | undefined {
  if (origin.held) {
    return { holder: origin.held.holder, entity: origin.held.entity, opensOnLoad: opensOnLoad(context, origin), place: origin.held.place ?? place(context, at) };
  }
  if (!holder?.variable || !isModuleScope(holder.variable)) return undefined;
  return {
    holder: holderName(context.module, holder.name), entity: holder.entity.id, opensOnLoad: opensOnLoad(context, origin),
    place: place(context, origin.node), size: sizeOf(origin, context.sourceCode),
  };
}

function isModuleScope(variable: Variable): boolean {
  return variable.scope.type === 'module' || variable.scope.type === 'global' || (variable.scope.type === 'function' && variable.scope.block.type === 'Program');
}

function isLiveConnection(entity: ValueSite['entity']): boolean {
  return entity.connection !== undefined && !entity.connection.checkedOut;
}

/** The connection in a value the module exports: `export const pool = new Pool()`, `module.exports = mongoist(url)`. */
function connectionFact(context: ExportsContext, site: ValueSite, exportName: string): ExportFact | undefined {
  if (!isLiveConnection(site.entity)) return undefined;
  const { origin } = site;
  if (origin.held) {
    // What another module's view gives (`export { User } from './models'`) stays a view.
    const kind = origin.held.entity === site.entity.id ? 'connection' : 'view';
    return { kind, connection: heldConnection(context, origin, undefined, site.node)! };
  }
  // A module-scope expression (`export default new PrismaClient()`) is held by the export itself.
  if (!site.binding && !runsOnLoad(origin.node)) return undefined;
  const holder = site.binding;
  const connection = holder ? heldConnection(context, origin, holder, site.node) : {
    holder: holderName(context.module, exportName), entity: site.entity.id, opensOnLoad: opensOnLoad(context, origin),
    place: place(context, origin.node), size: sizeOf(origin, context.sourceCode),
  };
  return connection && { kind: 'connection', connection };
}

/**
 * A definition that a held connection hands out, talking through it: `mongoose.model('User', schema)`,
 * `conn.model('User')` of a connection this module keeps at module scope.
 */
function viewFact(context: ExportsContext, value: Node): ExportFact | undefined {
  const call = skipValueWrappers(value);
  if (call.type !== 'CallExpression' || context.values.siteAt(call)) return undefined;
  const access = context.values.accesses.find((candidate) => candidate.call === call && accessKind(candidate) === 'definition');
  // Only what the row names a definition: the rest of a module object's API (`mongoose.isValidObjectId()`) gives plain values.
  if (!access?.name || !access.site.entity.connection?.definitions?.includes(access.name)) return undefined;
  const { origin } = access.site;
  const connection = heldConnection(context, origin, moduleHolder(context, origin), call);
  return connection && { kind: 'view', connection };
}

/**
 * `node` runs when `fn` is called: in its body, or in a callback written in it
 * (`new Promise((resolve) => mongoose.connect(url, resolve))`), not in a function it only defines.
 */
function runsWithin(node: Node, fn: FunctionNode): boolean {
  for (let current = node.parent; current; current = current.parent) {
    if (current === fn) return true;
    if (isFunction(current) && !(current.parent && (current.parent.type === 'CallExpression' || current.parent.type === 'NewExpression') && current.parent.callee !== current)) return false;
  }
  return false;
}

/** The first holder of a connection that this module keeps at module scope. */
function moduleHolder(context: ExportsContext, origin: Origin): Binding | undefined {
  return context.values.bindings.find((binding) => binding.origin === origin && binding.variable !== undefined && isModuleScope(binding.variable));
}

/** The connect step (else a close) a function runs on a held connection: `mongoose.connect(url)`, `pool.end()`. */
function stepFact(context: ExportsContext, fn: FunctionNode): ExportFact | undefined {
  let close: ExportFact | undefined;
  for (const access of context.values.accesses) {
    const kind = accessKind(access);
    if (!access.call || (kind !== 'connect' && kind !== 'close') || !runsWithin(access.call, fn)) continue;
    const { origin } = access.site;
    if (!origin.held && isAncestor(fn, origin.node)) continue; // a connection the function makes itself
    const connection = heldConnection(context, origin, moduleHolder(context, origin), access.call);
    if (!connection) continue;
    if (kind === 'connect') return { kind: 'connect', connection };
    close ??= { kind: 'close', connection };
  }
  return close;
}

/** The functions of this file that `fn` calls by name when it runs: `init()` calling `connect()`. */
function calledHelpers(context: ExportsContext, fn: FunctionNode): FunctionNode[] {
  const scope = context.sourceCode.scopeManager?.acquire(fn as never, true) as TSESLint.Scope.Scope | null | undefined;
  const helpers: FunctionNode[] = [];
  for (const reference of scope?.through ?? []) {
    const identifier = reference.identifier as Node;
    const call = identifier.parent;
    if (call?.type !== 'CallExpression' || call.callee !== identifier || !runsWithin(call, fn)) continue;
    const helper = functionOf(reference.resolved as Variable | null);
    if (helper && helper !== fn) helpers.push(helper);
  }
  return helpers;
}

function functionOf(variable: Variable | null | undefined): FunctionNode | undefined {
  const definition = variable?.defs[0];
  if (definition?.type === 'FunctionName') return definition.node as FunctionNode;
  const init = definition?.node.type === 'VariableDeclarator' ? definition.node.init : undefined;
  return init && isFunction(init) ? init : undefined;
}

/** What `fn` returns, as sites: `return pool`, an arrow's body. */
function returnedSites(context: ExportsContext, fn: FunctionNode): ValueSite[] {
  const { values } = context;
  if (fn.body.type !== 'BlockStatement') {
    const site = values.siteAt(skipValueWrappers(fn.body));
    return site ? [site] : [];
  }
  return values.sites.filter((site) => {
    const value = outermostValue(site.node);
    return value.parent?.type === 'ReturnStatement' && enclosingFunction(value.parent) === fn;
  });
}

/** Past the same-file wrappers that only pass it on: the origin that made the connection. */
function madeBy(origin: Origin): Origin {
  let current = origin;
  while (current.from && current.node.type === 'CallExpression' && current.node.callee.type === 'Identifier' && current.via === current.node.callee.name) current = current.from;
  return current;
}

/** A variable declared outside `fn`: it outlives the call (`let db; … db ??= new MongoClient()`). */
export function declaredOutside(binding: Binding, fn: FunctionNode): boolean {
  const declaration = binding.variable?.defs[0]?.name as Node | undefined;
  return declaration !== undefined && !isAncestor(fn, declaration);
}

/**
 * The connection kept beyond one call that handed out what `made` is: `return client.db('shop')`
 * on a client the module keeps (`if (!client) client = new MongoClient(url)`) hands out a
 * view of that one connection, not a new one.
 */
function keptBehind(context: ExportsContext, made: Origin, fn: FunctionNode, at: Node): ExportFact | undefined {
  for (let current = made.from; current; current = current.from) {
    const kept = current.held ? undefined : context.values.bindings.find((binding) => binding.origin === current && declaredOutside(binding, fn));
    if (!current.held && !kept && isAncestor(fn, current.node)) continue;
    const connection = heldConnection(context, current, kept ?? moduleHolder(context, current), at);
    return connection && { kind: 'connection', connection, getter: true };
  }
  return undefined;
}

/** A function that returns a connection: one it makes for each call (a factory), or the one it keeps (a getter). */
function returnFact(context: ExportsContext, fn: FunctionNode): ExportFact | undefined {
  for (const site of returnedSites(context, fn)) {
    if (!isLiveConnection(site.entity)) continue;
    const made = madeBy(site.origin);
    const behind = keptBehind(context, made, fn, site.node);
    if (behind) return behind;
    const kept = made.held ? undefined : context.values.bindings.find((binding) => binding.origin === made && declaredOutside(binding, fn));
    if (made.held || kept || !isAncestor(fn, made.node)) {
      const connection = heldConnection(context, made, kept ?? moduleHolder(context, made), site.node);
      if (connection) return { kind: 'connection', connection, getter: true };
      continue;
    }
    const eager = opensAtCreation(made, context.sourceCode) || accessesOn(context.values, made).some((access) => runsWithin(access.node, fn) && ['connect', 'use'].includes(accessKind(access)));
    // Another module's factory: made, and sized, where that one makes it.
    const inner = made.api?.madeIn ? { place: made.api.madeIn, size: made.api.size } : { place: place(context, made.node), size: sizeOf(made, context.sourceCode) };
    const madeConnection: MadeConnection = { entity: site.entity.id, eager, place: inner.place, ...(inner.size ? { size: inner.size } : {}) };
    return { kind: 'factory', made: madeConnection };
  }
  return undefined;
}

/** The statement a call of a parameter runs as: `callback();`. */
function callStatement(identifier: Node): Node | undefined {
  const call = identifier.parent;
  if (call?.type !== 'CallExpression' || call.callee !== identifier) return undefined;
  const value = outermostValue(call);
  return value.parent?.type === 'ExpressionStatement' ? value.parent : undefined;
}

/** `if (single) { …; start(); return; }` of `fn`, with no fork in it: a path that returns before any fork. */
function returnsBeforeFork(statement: Node, fn: FunctionNode, forks: readonly Node[]): boolean {
  const block = statement.parent;
  if (block?.type !== 'BlockStatement' || block.parent?.type !== 'IfStatement' || enclosingFunction(block) !== fn) return false;
  const last = block.body.at(-1);
  return last?.type === 'ReturnStatement' && !last.argument && !forks.some((fork) => isAncestor(block, fork));
}

/** Every use of the parameter is a call, each in the copies or on a path that returns before any fork. */
function runsOnlyInCopies(context: ExportsContext, fn: FunctionNode, param: TSESTree.Identifier, roles: Roles, forks: readonly Node[]): boolean {
  const variable = context.sourceCode.getDeclaredVariables(fn).find((candidate) => candidate.name === param.name);
  const reads = variable?.references.filter((reference) => reference.identifier !== param) ?? [];
  return reads.length > 0 && reads.every((reference) => {
    const statement = callStatement(reference.identifier as Node);
    return statement !== undefined && (roles.roleOf(statement) === WORKER || returnsBeforeFork(statement, fn, forks));
  });
}

/** A function that forks this process and runs what it is given only in the copies: `setupCluster(start)`. */
function forkFact(context: ExportsContext, fn: FunctionNode): ExportFact | undefined {
  if (!context.tracked.some((node) => isAncestor(fn, node.node))) return undefined;
  const roles = context.roles();
  const forks = roles.forkSites.filter((site) => site.self && !site.reference && isAncestor(fn, site.node)).map((site) => site.node as Node);
  if (forks.length === 0) return undefined;
  const workerArgs = fn.params.flatMap((param, index) => (param.type === 'Identifier' && runsOnlyInCopies(context, fn, param, roles, forks) ? [index] : []));
  return workerArgs.length > 0 ? { kind: 'fork', workerArgs } : undefined;
}

function functionFact(context: ExportsContext, fn: FunctionNode, depth = 0): ExportFact | undefined {
  const step = stepFact(context, fn);
  if (step?.kind === 'connect') return step;
  if (depth < MAX_HELPER_DEPTH) {
    for (const helper of calledHelpers(context, fn)) {
      const inner = functionFact(context, helper, depth + 1);
      if (inner?.kind === 'connect' || inner?.kind === 'close') return inner;
    }
  }
  return step ?? returnFact(context, fn) ?? forkFact(context, fn);
}

/** `export class Db { pool = new Pool() }`: the connections its instances make, by member. */
function classFact(context: ExportsContext, classNode: ClassNode): ExportFact | undefined {
  const members: Record<string, MadeConnection> = {};
  for (const binding of context.values.bindings) {
    const { origin } = binding;
    if (binding.variable || !binding.name.startsWith('this.') || !isAncestor(classNode, origin.node) || !isLiveConnection(binding.entity)) continue;
    members[binding.name.slice('this.'.length)] ??= {
      entity: binding.entity.id, eager: opensAtCreation(origin, context.sourceCode), place: place(context, origin.node), size: sizeOf(origin, context.sourceCode),
    };
  }
  return Object.keys(members).length > 0 ? { kind: 'class', members } : undefined;
}

/** Another module's export, or a library's: `export { default as db } from './db'`, `export { Pool } from 'pg'`. */
function importedFact(context: ExportsContext, specifier: string, imported: string): ExportFact | undefined {
  if (isRelative(specifier)) return context.project.importedModule(specifier)?.exports()[imported];
  if (!context.libraries.has(specifier.replace(/^node:/, ''))) return undefined;
  return { kind: 'library', specifier, path: imported === 'default' || imported === '*' ? [] : [imported] };
}

/** What a variable of this file that is imported holds: `import { pool } from './db'`, `const { Pool } = require('pg')`. */
function importedVariableFact(context: ExportsContext, variable: Variable): ExportFact | undefined {
  const definition = variable.defs[0];
  if (definition?.type === 'ImportBinding') {
    const specifier = definition.node;
    const source = (definition.parent as TSESTree.ImportDeclaration | null)?.source.value;
    if (!source || (specifier.type !== 'ImportSpecifier' && specifier.type !== 'ImportDefaultSpecifier')) return undefined;
    const imported = specifier.type === 'ImportDefaultSpecifier' ? 'default' : specifier.imported.type === 'Identifier' ? specifier.imported.name : specifier.imported.value;
    return importedFact(context, source, imported);
  }
  const declarator = definition?.node.type === 'VariableDeclarator' ? definition.node : undefined;
  const init = declarator?.init ? skipValueWrappers(declarator.init) : undefined;
  const required = requiredSpecifier(init);
  if (!required || !declarator) return undefined;
  if (declarator.id.type === 'Identifier') return importedFact(context, required, 'default');
  const property = declarator.id.type === 'ObjectPattern' ? declarator.id.properties.find((candidate) => candidate.type === 'Property' && candidate.value === definition!.name) : undefined;
  return property?.type === 'Property' && property.key.type === 'Identifier' ? importedFact(context, required, property.key.name) : undefined;
}

function nameFact(context: ExportsContext, identifier: TSESTree.Identifier, exportName: string): ExportFact | undefined {
  const variable = variableOf(identifier, context.sourceCode);
  if (!variable) return undefined;
  const imported = importedVariableFact(context, variable);
  if (imported) return imported;
  const definition = variable.defs[0];
  const fn = functionOf(variable);
  if (fn) return functionFact(context, fn);
  if (definition?.type === 'ClassName') return classFact(context, definition.node as ClassNode);
  const binding = context.values.bindings.find((candidate) => candidate.variable === variable);
  if (binding) return connectionFact(context, { node: binding.target, entity: binding.entity, origin: binding.origin, binding }, exportName);
  const init = constantInit(identifier, context.sourceCode);
  return init ? viewFact(context, init) : undefined;
}

function nodeFact(context: ExportsContext, node: Node, exportName: string): ExportFact | undefined {
  if (isFunction(node)) return functionFact(context, node);
  if (node.type === 'ClassDeclaration' || node.type === 'ClassExpression') return classFact(context, node);
  const site = context.values.siteAt(skipValueWrappers(node));
  return site ? connectionFact(context, site, exportName) : viewFact(context, node);
}

function targetFact(context: ExportsContext, name: string, target: ExportTarget): ExportFact | undefined {
  switch (target.kind) {
    case 'from':
      return importedFact(context, target.specifier, target.imported);
    case 'name':
      return nameFact(context, target.identifier, name);
    default:
      return nodeFact(context, target.node, name);
  }
}

/** `export * from './db'`: every export of that module but its default. */
function starFacts(context: ExportsContext, target: ExportTarget): Record<string, ExportFact> {
  if (target.kind !== 'from' || !isRelative(target.specifier)) return {};
  const { default: _default, ...named } = context.project.importedModule(target.specifier)?.exports() ?? NO_EXPORTS;
  return named;
}

const librariesByTable = new WeakMap<readonly ModuleRow[], ReadonlySet<string>>();

/** The specifiers of every tracked library, once per module table (every module with exports asks). */
function librariesOf(modules: readonly ModuleRow[]): ReadonlySet<string> {
  let libraries = librariesByTable.get(modules);
  if (!libraries) {
    libraries = new Set(modules.flatMap((row) => row.specifiers));
    librariesByTable.set(modules, libraries);
  }
  return libraries;
}

export function moduleExports(input: ExportsInput): ModuleExports {
  const written = writtenExports(input.sourceCode);
  if (written.length === 0) return NO_EXPORTS;
  const context: ExportsContext = { ...input, libraries: librariesOf(input.knowledge.modules) };
  const stars: Record<string, ExportFact> = {};
  const own: Record<string, ExportFact> = {};
  for (const entry of written) {
    if (entry.name === '*') Object.assign(stars, starFacts(context, entry.target));
    else {
      const fact = targetFact(context, entry.name, entry.target);
      if (fact) own[entry.name] = fact;
    }
  }
  // What the module names itself wins over what `export *` passes on.
  const all = { ...stars, ...own };
  return Object.keys(all).length > 0 ? Object.freeze(all) : NO_EXPORTS;
}
