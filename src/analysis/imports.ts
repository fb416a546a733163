/**
 * Stage 1: which nodes of a file are tracked library APIs. One ReferenceTracker pass over
 * a trace map built from the knowledge tables, plus the forms the tracker does not reach
 * by itself (an undeclared `require`, `createRequire`, TypeScript `import x = require()`,
 * `await import()`, `require('sqlite3').verbose()`).
 */
import path from 'node:path';
import { CALL, CONSTRUCT, READ, ReferenceTracker, getStringIfConstant } from '@eslint-community/eslint-utils';
import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import type { ApiRow, Knowledge, ModuleRow } from '../knowledge/index.js';
import { connectionSpecifiers } from '../knowledge/makes-connections.js';
import { skipValueWrappers, type Node } from '../util/ast.js';
import { pushTo } from '../util/collections.js';
import { alternativesOf } from '../util/patterns.js';
import { dynamicImports, isRelative } from './module-loads.js';

interface ApiInfo {
  readonly api: ApiRow;
  readonly module: ModuleRow;
}

export interface TrackedNode extends ApiInfo {
  /** The call, `new` expression or member read that the API row describes. */
  readonly node: Node;
  readonly type: 'read' | 'call' | 'new';
}

interface TraceNode {
  [key: string]: TraceNode;
  [READ]?: ApiInfo;
  [CALL]?: ApiInfo;
  [CONSTRUCT]?: ApiInfo;
}
type TraceMap = Record<string, TraceNode>;
type Scope = TSESLint.Scope.Scope;

/** What a row says about its API beyond naming it: what it yields, what it sends. */
function carriesMeaning(api: ApiRow): boolean {
  return Object.keys(api).some((key) => key !== 'path' && key !== 'via');
}

/**
 * Several tables may name the same API (a fork site is also a transfer sink): keep the row
 * that says what it does. Two rows that both do are a knowledge-base error.
 */
function merged(existing: ApiInfo | undefined, next: ApiInfo): ApiInfo {
  if (!existing || existing.api === next.api) return next;
  if (carriesMeaning(existing.api) && carriesMeaning(next.api)) {
    throw new Error(`knowledge base: two rows describe ${existing.module.library}.${existing.api.path.join('.')}`);
  }
  return carriesMeaning(next.api) ? next : existing;
}

/** One trace tree for every API row reachable through the same module specifier. */
function moduleTrace(rows: readonly ModuleRow[]): TraceNode {
  const root: TraceNode = {};
  // `require('x').default` and `import x from 'x'` reach the same object as `require('x')`.
  root.default = root;
  for (const module of rows) {
    for (const api of module.apis) {
      let node = root;
      for (const key of api.path) {
        if (!Object.hasOwn(node, key) || node[key] === root) node[key] = {};
        node = node[key]!;
      }
      const info: ApiInfo = { api, module };
      if (api.via === 'read') node[READ] = merged(node[READ], info);
      if (api.via === 'call' || api.via === 'both') node[CALL] = merged(node[CALL], info);
      if (api.via === 'new' || api.via === 'both') node[CONSTRUCT] = merged(node[CONSTRUCT], info);
    }
  }
  return root;
}

interface TraceMaps {
  readonly modules: TraceMap;
  readonly globals: TraceMap;
  /** A quoted specifier of any tracked module, the specifier (without `node:`) captured: the cheap relevance test. */
  readonly mention: RegExp;
}

/** By the module table: a file's own knowledge (its imported project modules) shares the built-in trace maps. */
const traceCache = new WeakMap<readonly ModuleRow[], TraceMaps>();

/**
 * A quoted specifier of one of `specifiers`, with or without `node:`, captured. Global, and
 * shared by every file (no copy per file): each use starts it at 0, and nothing else runs in between.
 */
function mentionOf(specifiers: Iterable<string>): RegExp {
  return new RegExp(`['"\`](?:node:)?(${alternativesOf(specifiers)})['"\`]`, 'g');
}

function traceMapsFor(knowledge: Knowledge): TraceMaps {
  const cached = traceCache.get(knowledge.modules);
  if (cached) return cached;
  const rowsBySpecifier = new Map<string, ModuleRow[]>();
  const rowsByGlobal = new Map<string, ModuleRow[]>();
  for (const row of knowledge.modules) {
    for (const specifier of row.specifiers) {
      pushTo(rowsBySpecifier, specifier, row);
      if (row.builtin) pushTo(rowsBySpecifier, `node:${specifier}`, row);
    }
    if (row.global) pushTo(rowsByGlobal, row.global, row);
  }
  const modules: TraceMap = {};
  const globals: TraceMap = {};
  for (const [specifier, rows] of rowsBySpecifier) modules[specifier] = moduleTrace(rows);
  for (const [name, rows] of rowsByGlobal) globals[name] = moduleTrace(rows);
  const specifiers = [...rowsBySpecifier.keys()].filter((specifier) => !specifier.startsWith('node:'));
  const maps: TraceMaps = { modules, globals, mention: mentionOf(specifiers) };
  traceCache.set(knowledge.modules, maps);
  return maps;
}

const SOURCE_EXTENSION = /\.(?:[cm]?[jt]s|[jt]sx)$/;

/** `/repo/src/db/index.ts` and `./src/db` name the same module. */
function moduleKey(absolute: string): string {
  return absolute.replace(SOURCE_EXTENSION, '').replace(/[\\/]index$/, '');
}

interface FileInput {
  readonly sourceCode: Readonly<TSESLint.SourceCode>;
  readonly filename: string;
  readonly cwd: string;
  readonly knowledge: Knowledge;
}

const QUOTED_SPECIFIER = /(?:from|import|require)\s*\(?\s*(['"`])([^'"`\n]+)\1/g;

/** The settings rows, keyed as `moduleKey` keys a specifier. */
function settingsRowsByKey(knowledge: Knowledge, cwd: string): Map<string, ModuleRow> {
  const byKey = new Map<string, ModuleRow>();
  for (const row of knowledge.userModules) {
    const declared = row.specifiers[0]!;
    byKey.set(isRelative(declared) ? moduleKey(path.resolve(cwd, declared)) : declared, row);
  }
  return byKey;
}

/** The inferred rows of a module, less the exports a settings row declares: the user's word wins. */
function mergedRows(declared: ModuleRow | undefined, inferred: readonly ModuleRow[] | undefined): ModuleRow[] {
  if (!inferred) return declared ? [declared] : [];
  if (!declared) return [...inferred];
  const isDeclared = (api: ApiRow): boolean => declared.apis.some((other) => other.path.length === api.path.length && other.path.every((key, i) => key === api.path[i]));
  const rest = inferred.map((row) => ({ ...row, apis: row.apis.filter((api) => !isDeclared(api)) })).filter((row) => row.apis.length > 0);
  return [declared, ...rest];
}

/**
 * The trace trees of the project modules a file imports that settings declare, or whose
 * exports are known, keyed by the specifier it uses. Worked out once per file by its facts
 * and handed to the relevance tests and to the tracking.
 */
/**
 * The named exports of `specifier` a named import can take that the trace tree tracks
 * (`default`, the package itself, aside): the text test of an import (import-bindings.ts,
 * for a module's text facts and a file's own role APIs) reads the same tree the tracking does.
 */
export function trackedNamesOf(knowledge: Knowledge, specifier: string): ReadonlySet<string> {
  return new Set(Object.keys(traceMapsFor(knowledge).modules[specifier] ?? {}).filter((name) => name !== 'default'));
}

export type ProjectModuleTraces = Readonly<TraceMap>;

export function projectModuleTraces(input: FileInput): ProjectModuleTraces {
  const { knowledge, sourceCode, filename, cwd } = input;
  if (knowledge.userModules.length === 0 && !knowledge.importedModules) return {};
  const found: TraceMap = {};
  const byKey = settingsRowsByKey(knowledge, cwd);
  const directory = path.dirname(filename);
  for (const match of sourceCode.text.matchAll(QUOTED_SPECIFIER)) {
    const specifier = match[2]!;
    const key = isRelative(specifier) ? moduleKey(path.resolve(directory, specifier)) : specifier;
    const rows = mergedRows(byKey.get(key), knowledge.importedModules?.get(specifier));
    if (rows.length > 0) found[specifier] = moduleTrace(rows);
  }
  return found;
}

/** True when the file names a tracked module at all, or a project module whose settings row or exports the knowledge holds. */
export function mentionsTrackedModule(input: FileInput, projectModules?: ProjectModuleTraces): boolean {
  const { mention } = traceMapsFor(input.knowledge);
  mention.lastIndex = 0;
  if (mention.test(input.sourceCode.text)) return true;
  return Object.keys(projectModules ?? projectModuleTraces(input)).length > 0;
}

/**
 * The tracked modules whose quoted specifier the text writes, without `node:`: the
 * relevance test's one pass over a file's text, kept for the questions asked after it
 * (does it name a library that makes connections, one that gives code a role?).
 */
export function mentionedModules(text: string, knowledge: Knowledge): ReadonlySet<string> {
  const found = new Set<string>();
  const { mention } = traceMapsFor(knowledge);
  mention.lastIndex = 0;
  for (let match = mention.exec(text); match; match = mention.exec(text)) found.add(match[1]!);
  return found;
}

/** Of `mentioned`, one makes connections: a file that names only fork APIs and runners does not. */
export function mentionsConnectionIn(mentioned: ReadonlySet<string>, knowledge: Knowledge): boolean {
  const connections = connectionSpecifiers(knowledge);
  for (const specifier of mentioned) if (connections.has(specifier)) return true;
  return false;
}

/** `const require = createRequire(import.meta.url)` or `module.createRequire(...)`. */
function isCreateRequireCall(declarator: Node): boolean {
  if (declarator.type !== 'VariableDeclarator' || declarator.init?.type !== 'CallExpression') return false;
  const callee = declarator.init.callee;
  const name = callee.type === 'Identifier' ? callee.name : callee.type === 'MemberExpression' && callee.property.type === 'Identifier' ? callee.property.name : '';
  return name === 'createRequire';
}

function toTracked(reference: TrackerReference): TrackedNode {
  const type = reference.type === READ ? 'read' : reference.type === CALL ? 'call' : 'new';
  return { node: reference.node as Node, type, api: reference.info.api, module: reference.info.module };
}

type TrackerReference = { node: unknown; type: symbol; info: ApiInfo };

/** One file's tracking: the tracker, the module trace maps it may use, and what it found so far. */
interface Collector {
  readonly tracker: ReferenceTracker;
  /** The tracked modules, and the project modules from settings, by specifier. */
  readonly modules: TraceMap;
  readonly results: TrackedNode[];
  readonly seen: Set<Node>;
}

/** A call of a row reached only by its own name, written as a member of the module object: that object's definition instead. */
function calledAsMember(tracked: TrackedNode): boolean {
  if (tracked.node.type !== 'CallExpression') return false;
  return skipValueWrappers(tracked.node.callee).type === 'MemberExpression';
}

function add(collector: Collector, reference: TrackerReference): void {
  const tracked = toTracked(reference);
  if (tracked.api.namedOnly && calledAsMember(tracked)) return;
  if (collector.seen.has(tracked.node)) return;
  collector.seen.add(tracked.node);
  collector.results.push(tracked);
  // `require('sqlite3').verbose()` hands back the module: follow it as the module again.
  if (tracked.api.returnsModule) fromExpression(collector, tracked.node, moduleTrace([tracked.module]));
}

function fromExpression(collector: Collector, node: Node, trace: TraceNode): void {
  for (const reference of collector.tracker.iteratePropertyReferences(node as never, trace as never)) add(collector, reference as never);
}

/** `require('pg')`, through a `require` the tracker does not know. */
function fromRequireCall(collector: Collector, call: Node): void {
  if (call.type !== 'CallExpression' || call.arguments.length === 0) return;
  const specifier = getStringIfConstant(call.arguments[0] as never);
  if (specifier == null || !Object.hasOwn(collector.modules, specifier)) return;
  const trace = collector.modules[specifier]!;
  // The module object itself (`module.exports = mongoist(url)` required whole), as the tracker's own CommonJS pass reports it.
  if (trace[READ]) add(collector, { node: call, type: READ, info: trace[READ] });
  fromExpression(collector, call, trace);
}

function isCalled(identifier: Node): boolean {
  return identifier.parent?.type === 'CallExpression' && identifier.parent.callee === identifier;
}

/**
 * Names that no configuration declared (no `globals.node`, or an ESM file): the tracker
 * skips undeclared globals, but `require(...)` and `process.send(...)` still run.
 */
function fromUndeclaredGlobals(collector: Collector, globalScope: Scope, globals: TraceMap): void {
  for (const reference of globalScope.through) {
    const identifier = reference.identifier as Node;
    const name = (identifier as TSESTree.Identifier).name;
    if (name === 'require' && isCalled(identifier)) fromRequireCall(collector, identifier.parent!);
    else if (Object.hasOwn(globals, name)) fromExpression(collector, identifier, globals[name]!);
  }
}

/** `const require = createRequire(import.meta.url)` in ESM. */
function fromCreatedRequire(collector: Collector, globalScope: Scope): void {
  for (const scope of [globalScope, ...globalScope.childScopes.filter((s) => s.type === 'module')]) {
    const local = scope.set.get('require');
    if (!local || local.defs.length !== 1 || !isCreateRequireCall(local.defs[0]!.node as Node)) continue;
    for (const reference of local.references) {
      const identifier = reference.identifier as Node;
      if (isCalled(identifier)) fromRequireCall(collector, identifier.parent!);
    }
  }
}

/** TypeScript `import pg = require('pg')`. */
function fromImportEquals(collector: Collector, sourceCode: Readonly<TSESLint.SourceCode>): void {
  for (const statement of (sourceCode.ast as TSESTree.Program).body) {
    if (statement.type !== 'TSImportEqualsDeclaration' || statement.moduleReference.type !== 'TSExternalModuleReference') continue;
    const specifier = getStringIfConstant(statement.moduleReference.expression as never);
    if (specifier == null || !Object.hasOwn(collector.modules, specifier)) continue;
    for (const variable of sourceCode.getDeclaredVariables(statement)) {
      for (const reference of variable.references) {
        if (reference.isRead()) fromExpression(collector, reference.identifier as Node, collector.modules[specifier]!);
      }
    }
  }
}

/** `const { Pool } = await import('pg')`. */
function fromDynamicImports(collector: Collector, sourceCode: Readonly<TSESLint.SourceCode>): void {
  for (const node of dynamicImports(sourceCode)) {
    const specifier = getStringIfConstant(node.source as never);
    if (specifier == null || !Object.hasOwn(collector.modules, specifier)) continue;
    if (node.parent?.type === 'AwaitExpression') fromExpression(collector, node.parent, collector.modules[specifier]!);
  }
}

/**
 * The trace map for one file. Most files import no project module the knowledge knows:
 * the shared map. Otherwise the project modules' rows and the tracked modules the text
 * names (a few keys, not a copy of the whole table per file).
 */
function modulesOf(maps: TraceMaps, projectModules: ProjectModuleTraces, text: string): TraceMap {
  if (Object.keys(projectModules).length === 0) return maps.modules;
  const modules: TraceMap = { ...projectModules };
  for (const match of text.matchAll(QUOTED_SPECIFIER)) {
    const specifier = match[2]!;
    if (!Object.hasOwn(modules, specifier) && Object.hasOwn(maps.modules, specifier)) modules[specifier] = maps.modules[specifier]!;
  }
  return modules;
}

/** Every tracked API node of the file, each once. */
export function trackImports(input: FileInput, projectModules: ProjectModuleTraces = projectModuleTraces(input)): TrackedNode[] {
  const { sourceCode } = input;
  const maps = traceMapsFor(input.knowledge);
  const modules = modulesOf(maps, projectModules, sourceCode.text);
  const globalScope = sourceCode.scopeManager!.globalScope! as Scope;
  const tracker = new ReferenceTracker(globalScope as never, { mode: 'legacy' });
  const collector: Collector = { tracker, modules, results: [], seen: new Set() };
  for (const reference of tracker.iterateEsmReferences(modules as never)) add(collector, reference as never);
  for (const reference of tracker.iterateCjsReferences(modules as never)) add(collector, reference as never);
  for (const reference of tracker.iterateGlobalReferences(maps.globals as never)) add(collector, reference as never);
  fromUndeclaredGlobals(collector, globalScope, maps.globals);
  fromCreatedRequire(collector, globalScope);
  fromImportEquals(collector, sourceCode);
  fromDynamicImports(collector, sourceCode);
  return collector.results;
}
