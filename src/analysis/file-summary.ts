/**
 * What the project index keeps of a file it read: the worker files its fork sites name
 * (with the runner, the worker count and the options that change what a worker is), the
 * first connection it opens at its top level, and the project modules it imports there.
 * Plain data: no AST node outlives the lint of the file.
 */
import path from 'node:path';
import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import { FORK_TARGETS, takesProcessorFunction, type ArgRef, type ForkTargetRow } from '../knowledge/index.js';
import type { RunnerKind } from '../knowledge/workers.js';
import { argumentAt, callLabel, isAncestor, isFunction, memberName, skipTypeWrappers, type Node } from '../util/ast.js';
import { slashRelative } from '../util/paths.js';
import { variableOf } from '../util/variables.js';
import { LISTENER_REGISTRATIONS } from '../knowledge/emitters.js';
import { findApiRow } from './api-refs.js';
import type { TrackedNode } from './imports.js';
import { forkMethodCall } from './fork-methods.js';
import { importedProcessor } from './imported-processors.js';
import { isRelative, moduleLoads } from './module-loads.js';
import { accessKind, opensAtCreation } from './lifecycle.js';
import type { Roles } from './roles.js';
import { staticPath, staticString, type PathScope } from './static-paths.js';
import type { Access, Values } from './values.js';
import { optionNode } from '../util/options.js';
import { countOf, instancesOf, multiply, sum, type Instances, type WorkerCount } from './worker-counts.js';
import { getStaticValue } from '@eslint-community/eslint-utils';

/** A worker count as data: a number, or one per CPU. */
export type Count = { readonly kind: 'known'; readonly value: number } | { readonly kind: 'per-cpu' };

export interface ForkTarget {
  /** Where the named file may be (the first that exists is it). */
  readonly candidates: readonly string[];
  readonly runner: RunnerKind;
  /** How reports name the fork site: "`new Piscina()` in src/jobs/pool.js". */
  readonly site: string;
  /** Workers this site starts; undefined when unknown. */
  readonly count?: Count;
  /** A fresh worker for every task (tinypool `isolateWorkers: true`). */
  readonly isolate?: boolean;
  /** The parent loads the module too (jest-worker without `exposedMethods`). */
  readonly parentLoads?: boolean;
  /** The parent ends the worker from a listener of its messages (`worker.terminate()` there). */
  readonly endedOnMessage?: boolean;
  /** Only these exports of the file are tasks (a processor imported by name, see imported-processors.ts). */
  readonly taskExports?: readonly string[];
}

export interface FileSummary {
  readonly targets: readonly ForkTarget[];
  /** The library of the first connection the module opens when it is loaded. */
  readonly connects?: string;
  /** Relative specifiers the module imports (or requires) when it is loaded. */
  readonly imports: readonly string[];
}

interface SummaryInput {
  readonly sourceCode: Readonly<TSESLint.SourceCode>;
  readonly filename: string;
  readonly root: string;
  readonly tracked: readonly TrackedNode[];
  readonly values: Values;
  readonly roles: Roles;
}

type Call = TSESTree.CallExpression | TSESTree.NewExpression;



export function asCount(count: WorkerCount | undefined): Count | undefined {
  if (!count) return undefined;
  return count.kind === 'known' ? { kind: 'known', value: count.value } : { kind: 'per-cpu' };
}

/** Ignores workers restarted from an `exit` listener: they replace one, they add none. */
export function sumInstances(instances: readonly Instances[]): WorkerCount | undefined {
  const starts = instances.filter((instance) => instance !== 'restart');
  return starts.length === 0 ? undefined : sum(starts as (WorkerCount | undefined)[]);
}

/** Top-level code that runs whenever the module is loaded: no function, class or branch around it. */
export function runsOnLoad(node: Node): boolean {
  for (let child: Node = node, parent = node.parent; parent; child = parent, parent = parent.parent) {
    if (isFunction(parent) || parent.type === 'ClassBody' || parent.type === 'IfStatement' || parent.type === 'SwitchCase' || parent.type === 'ConditionalExpression') {
      return false;
    }
    if (parent.type === 'LogicalExpression' && child === parent.right) return false;
    if ((parent.type === 'TryStatement' && child !== parent.block) || parent.type === 'CatchClause') return false;
  }
  return true;
}

function valueAt(call: Call, ref: ArgRef, sourceCode: Readonly<TSESLint.SourceCode>): Node | undefined {
  const arg = argumentAt(call, ref.arg);
  return ref.option ? optionNode(arg, ref.option, sourceCode) : arg;
}

function isTrue(node: Node | undefined, sourceCode: Readonly<TSESLint.SourceCode>): boolean {
  return node !== undefined && getStaticValue(node as never, sourceCode.getScope(node) as never)?.value === true;
}

/** The workers a fork-target call starts: from the row's count option, or the sum of the file's fork sites that start them. */
function workerCountOf(call: Call, row: ForkTargetRow, roles: Roles, sourceCode: Readonly<TSESLint.SourceCode>): WorkerCount | undefined {
  const runsOnce = (node: Node): boolean => roles.runsOnce(node);
  if (row.countedByForkSites) {
    const forks = roles.forkSites.filter((fork) => fork.row.library === row.library);
    return sumInstances(forks.map((fork) => instancesOf(fork.node, sourceCode, runsOnce)));
  }
  const instances = instancesOf(call, sourceCode, runsOnce);
  if (instances === 'restart') return undefined;
  return row.count ? multiply(instances, countOf(valueAt(call, row.count, sourceCode), sourceCode)) : instances;
}

export function summarize(input: SummaryInput): FileSummary {
  const { sourceCode, values } = input;
  const targets = [...trackedTargets(input), ...forkMethodTargets(input)];
  return { targets, connects: topLevelConnection(values, sourceCode), imports: topLevelImports(sourceCode) };
}

/** The files the file's fork-target calls (FORK_TARGETS) among `tracked` run. */
export function trackedTargets(input: SummaryInput): ForkTarget[] {
  const { sourceCode, filename, root, tracked, roles } = input;
  const scope: PathScope = { sourceCode, filename, cwd: root };
  const targets: ForkTarget[] = [];

  for (const node of tracked) {
    const row = findApiRow(FORK_TARGETS, node);
    const call = node.node;
    if (!row || (call.type !== 'CallExpression' && call.type !== 'NewExpression')) continue;
    const site = `\`${callLabel(call, sourceCode.getText(call.callee))}\` in ${slashRelative(root, filename)}`;
    const count = workerCountOf(call, row, roles, sourceCode);
    const isolate = row.isolateOption ? isTrue(valueAt(call, row.isolateOption, sourceCode), sourceCode) : undefined;
    const parentLoads = row.parentLoadsUnless ? valueAt(call, row.parentLoadsUnless, sourceCode) === undefined : undefined;
    const endedOnMessage = row.endedBy ? endsOnItsMessage(call, row.endedBy, sourceCode) : undefined;
    const base = {
      runner: row.runner, site, count: asCount(count), ...(isolate ? { isolate } : {}), ...(parentLoads ? { parentLoads } : {}), ...(endedOnMessage ? { endedOnMessage } : {}),
    };
    if (row.jobs) {
      targets.push(...breeJobs(call, row, scope).map((candidates) => ({ ...base, candidates })));
      continue;
    }
    const entry = valueAt(call, row.entry, sourceCode);
    if (entry && isFunction(skipTypeWrappers(entry))) continue;
    const candidates = staticPath(entry, scope, row.relativeTo);
    if (candidates.length > 0) targets.push({ ...base, candidates });
    else if (takesProcessorFunction(row)) pushImportedProcessor(targets, entry, scope, site);
  }

  return targets;
}

/** How many run at once: a number right before the file (bull's `concurrency`), else one; unknown when not a literal count. */
function methodCount(call: TSESTree.CallExpression, sourceCode: Readonly<TSESLint.SourceCode>): WorkerCount | undefined {
  if (call.arguments.some((arg) => arg.type === 'SpreadElement')) return undefined;
  const before = call.arguments.length >= 2 ? call.arguments[call.arguments.length - 2] : undefined;
  if (!before) return { kind: 'known', value: 1 };
  const value = getStaticValue(before as never, sourceCode.getScope(before) as never)?.value;
  if (typeof value === 'string') return { kind: 'known', value: 1 };
  return countOf(before, sourceCode);
}

/** The files the file's fork-method calls run (FORK_METHODS), or those of one access. */
export function forkMethodTargets(input: SummaryInput, only?: Access): ForkTarget[] {
  const { sourceCode, filename, root, values, roles } = input;
  const scope: PathScope = { sourceCode, filename, cwd: root };
  const targets: ForkTarget[] = [];
  for (const access of only ? [only] : values.accesses) {
    const found = forkMethodCall(access);
    const entry = found?.call.arguments.at(-1);
    if (!found || !entry || entry.type === 'SpreadElement' || isFunction(skipTypeWrappers(entry))) continue;
    const candidates = staticPath(entry, scope, found.row.relativeTo);
    const site = `\`${callLabel(found.call, sourceCode.getText(found.call.callee))}\` in ${slashRelative(root, filename)}`;
    if (candidates.length === 0) {
      if (found.row.inProcess) pushImportedProcessor(targets, entry, scope, site);
      continue;
    }
    const instances = instancesOf(found.call, sourceCode, (node) => roles.runsOnce(node));
    const count = instances === 'restart' ? undefined : multiply(instances, methodCount(found.call, sourceCode));
    targets.push({ candidates, runner: found.row.runner, site, count: asCount(count) });
  }
  return targets;
}

/** The module of a processor imported by name runs its export here for every job; how many processes do so is not known. */
function pushImportedProcessor(targets: ForkTarget[], entry: Node | undefined, scope: PathScope, site: string): void {
  const processor = importedProcessor(entry, scope);
  if (processor) targets.push({ ...processor, runner: 'imported-processor', site });
}

type Variable = TSESLint.Scope.Variable;
type EndedBy = NonNullable<ForkTargetRow['endedBy']>;

/** The variable the fork call's result is kept in: `const worker = new Worker(file)`, `worker = fork(file)`. */
function workerHolder(call: Call, sourceCode: Readonly<TSESLint.SourceCode>): Variable | undefined {
  const parent = call.parent;
  if (parent?.type === 'VariableDeclarator' && parent.init === call && parent.id.type === 'Identifier') return sourceCode.getDeclaredVariables(parent)[0] as Variable | undefined;
  if (parent?.type === 'AssignmentExpression' && parent.right === call && parent.left.type === 'Identifier') return variableOf(parent.left, sourceCode);
  return undefined;
}

/** The method called on the holder at this reference (`worker.terminate()` gives `terminate`). */
function calledMethod(reference: Node): { readonly name: string; readonly call: TSESTree.CallExpression } | undefined {
  const member = reference.parent;
  if (member?.type !== 'MemberExpression' || member.object !== reference || member.parent?.type !== 'CallExpression' || member.parent.callee !== member) return undefined;
  const name = memberName(member);
  return name ? { name, call: member.parent } : undefined;
}

/** The listeners of the worker's own `event` that the parent registers: `worker.on('message', fn)`. */
function ownEventListeners(references: readonly Node[], event: string): Node[] {
  const listeners: Node[] = [];
  for (const reference of references) {
    const method = calledMethod(reference);
    const [name, listener] = method?.call.arguments ?? [];
    if (!method || !LISTENER_REGISTRATIONS.has(method.name) || name?.type !== 'Literal' || name.value !== event) continue;
    if (listener && isFunction(listener)) listeners.push(listener);
  }
  return listeners;
}

/**
 * The parent ends this worker from a listener of its messages, so the worker's run ends
 * when it reports, with its connections: `thread.on('message', () => thread.terminate())`.
 */
function endsOnItsMessage(call: Call, endedBy: EndedBy, sourceCode: Readonly<TSESLint.SourceCode>): boolean {
  const holder = workerHolder(call, sourceCode);
  if (!holder) return false;
  const references = holder.references.map((reference) => reference.identifier as Node);
  const listeners = ownEventListeners(references, endedBy.event);
  if (listeners.length === 0) return false;
  return references.some((reference) => {
    const method = calledMethod(reference);
    return method !== undefined && endedBy.methods.includes(method.name) && listeners.some((listener) => isAncestor(listener, reference));
  });
}

/** Bree: `jobs: ['name', { name, path }]` under `root` (default `<cwd>/jobs`). */
function breeJobs(call: Call, row: ForkTargetRow, scope: PathScope): string[][] {
  const jobs = row.jobs!;
  const { sourceCode } = scope;
  const options = argumentAt(call, jobs.arg);
  const rootNode = optionNode(options, jobs.root, sourceCode);
  const rootDir = rootNode ? staticPath(rootNode, scope, 'cwd')[0] : path.join(scope.cwd, jobs.defaultRoot);
  const list = optionNode(options, jobs.list, sourceCode);
  if (!rootDir || list?.type !== 'ArrayExpression') return [];
  const found: string[][] = [];
  for (const element of list.elements) {
    if (!element || element.type === 'SpreadElement') continue;
    const job = skipTypeWrappers(element);
    const explicit = job.type === 'ObjectExpression' ? optionNode(job, 'path', sourceCode) : undefined;
    if (explicit) {
      if (!isFunction(skipTypeWrappers(explicit))) found.push(staticPath(explicit, scope, 'cwd'));
      continue;
    }
    const name = staticString(job.type === 'ObjectExpression' ? optionNode(job, 'name', sourceCode) : job, scope);
    if (name) found.push([path.join(rootDir, /\.[cm]?[jt]s$/.test(name) ? name : `${name}${jobs.extension}`)]);
  }
  return found.filter((candidates) => candidates.length > 0);
}

/** The first connection opened as the module loads: an eager factory, or a connect step, at its top level. */
function topLevelConnection(values: Values, sourceCode: Readonly<TSESLint.SourceCode>): string | undefined {
  for (const site of values.sites) {
    const origin = site.origin;
    const facts = origin.entity.connection;
    if (site.node !== origin.node || !origin.api || !facts || facts.checkedOut) continue;
    if (runsOnLoad(origin.node) && opensAtCreation(origin, sourceCode)) return origin.entity.library;
  }
  for (const access of values.accesses) {
    if (access.call && accessKind(access) === 'connect' && access.site.origin.api && runsOnLoad(access.call)) return access.site.entity.library;
  }
  return undefined;
}

/** Relative `import` / `export … from` and `require()` evaluated when the module loads. */
function topLevelImports(sourceCode: Readonly<TSESLint.SourceCode>): string[] {
  return moduleLoads(sourceCode)
    .filter((load) => isRelative(load.specifier) && (load.kind === 'static' || (load.kind === 'require' && runsOnLoad(load.node))))
    .map((load) => load.specifier);
}
