/**
 * Pools made once per worker, with the number of workers that make them: in the worker
 * path (or module scope) of a self-forking module, at the module scope of a worker entry
 * whose fork sites the project index read, or in a task its runner runs several at once
 * (bullmq's `concurrency`). With each, the pool's size as the source sets it (or its driver's
 * default). `pool-size-per-worker` weighs the product against its budget.
 */
import { getStaticValue } from '@eslint-community/eslint-utils';
import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import type { Entity, PoolSize, PoolSizeFact, SourcePlace } from '../knowledge/index.js';
import { argumentAt, callLabel, type Node } from '../util/ast.js';
import { enclosingFunction } from './functions.js';
import { asCount, sumInstances, type Count } from './file-summary.js';
import { WORKER, type Roles } from './roles.js';
import { staticString } from './static-paths.js';
import { accessKind } from './lifecycle.js';
import type { Origin, Values } from './values.js';
import { lookupOption, objectOf, optionNode } from '../util/options.js';
import { countOf, forkSiteCount, type WorkerCount } from './worker-counts.js';
import type { TaskFunction, WorkerEntry, Workers } from './workers.js';

type Call = TSESTree.CallExpression | TSESTree.NewExpression;

/** Why a pool's size is not knowable from the source. */
type UnknownSize =
  /** The option (or the connection string's parameter, `?maxPoolSize=`) is computed at run time. */
  | { readonly kind: 'unknown'; readonly reason: 'computed'; readonly option: string }
  /** The options are out of view (a parameter, a spread), or not set and there is no fixed default. */
  | { readonly kind: 'unknown'; readonly reason: 'hidden' | 'no-default' };

/** The pool's size as its factory call writes it: a number, unset (the driver's default applies), or not known and why. */
type SizeSetting =
  /** `option`: the option path read (`pool.max`, or `?maxPoolSize=` in the connection string); `node`: its value, where a fix may change it. */
  | { readonly kind: 'set'; readonly value: number; readonly option: string; readonly node: Node }
  | { readonly kind: 'unset'; readonly default: number }
  | UnknownSize;

/** A size the source fixes, as a per-worker pool carries it; `node` is missing for a size another module sets. */
type KnownSize = { readonly kind: 'set'; readonly value: number; readonly node?: Node } | { readonly kind: 'unset'; readonly default: number };

export interface PerWorkerPool {
  /** Where the report stands: the factory call, or the import of a project module that makes the pool. */
  readonly node: Node;
  /** The factory call whose options set the size, when it is in this file. */
  readonly call?: Call;
  /** Where a project module makes it, when it is not made here. */
  readonly madeIn?: SourcePlace;
  readonly name: string;
  readonly entity: Entity;
  readonly size: KnownSize;
  readonly poolSize: PoolSize;
  readonly count: Count;
  /** The count's expression in this file, when there is one (`WORKERS`). */
  readonly countNode?: Node;
  /** How reports name what starts the workers. */
  readonly site: string;
}

interface PoolSizesInput {
  readonly sourceCode: Readonly<TSESLint.SourceCode>;
  readonly values: Values;
  readonly roles: Roles;
  readonly workers: Workers;
}

type Source = Readonly<TSESLint.SourceCode>;

const HIDDEN: UnknownSize = { kind: 'unknown', reason: 'hidden' };
const NO_DEFAULT: UnknownSize = { kind: 'unknown', reason: 'no-default' };

/** A written size option: its static number, or computed. */
function writtenSize(value: Node, option: string, sourceCode: Source): SizeSetting {
  const number = getStaticValue(value as never, sourceCode.getScope(value) as never)?.value;
  return typeof number === 'number' && number >= 0 ? { kind: 'set', value: number, option, node: value } : { kind: 'unknown', reason: 'computed', option };
}

/** What the connection string's size parameter says (mongodb `?maxPoolSize=`); undefined when it does not name it. */
function uriSize(call: Call, poolSize: PoolSize, sourceCode: Source): SizeSetting | undefined {
  if (!poolSize.uriParam) return undefined;
  const uri = argumentAt(call, poolSize.uriParam.arg);
  if (!uri) return undefined;
  const option = `?${poolSize.uriParam.name}=`;
  const text = staticString(uri, { sourceCode, filename: '', cwd: '' });
  if (text === undefined) return { kind: 'unknown', reason: 'computed', option };
  const match = new RegExp(`[?&]${poolSize.uriParam.name}=(\\d+)`, 'i').exec(text);
  return match ? { kind: 'set', value: Number(match[1]), option, node: uri } : undefined;
}

/** What the factory call sets as the pool's size: the first option path written, else the connection string, else the default. */
export function sizeSetting(call: Call, poolSize: PoolSize, sourceCode: Source): SizeSetting {
  if (call.arguments.some((arg) => arg.type === 'SpreadElement')) return HIDDEN;
  const options = argumentAt(call, poolSize.arg);
  const object = objectOf(options, sourceCode);
  if (options && !object) return HIDDEN;
  for (const keys of object ? poolSize.options : []) {
    const found = lookupOption(object, keys, sourceCode);
    if (found.kind === 'hidden') return HIDDEN;
    if (found.kind === 'set') return writtenSize(found.node, keys.join('.'), sourceCode);
  }
  const fromUri = uriSize(call, poolSize, sourceCode);
  if (fromUri) return fromUri;
  return defaultSize(object, poolSize, sourceCode);
}

/** The driver's default, as another option of the call may change it (mongodb 3's `useUnifiedTopology`). */
function defaultSize(object: TSESTree.ObjectExpression | undefined, poolSize: PoolSize, sourceCode: Source): SizeSetting {
  const { defaultIf } = poolSize;
  if (defaultIf && object) {
    const found = lookupOption(object, [defaultIf.option], sourceCode);
    if (found.kind === 'hidden') return HIDDEN;
    if (found.kind === 'set') {
      const value = getStaticValue(found.node as never, sourceCode.getScope(found.node) as never);
      if (!value) return NO_DEFAULT;
      if (value.value === defaultIf.equals) return { kind: 'unset', default: defaultIf.default };
    }
  }
  return poolSize.default === undefined ? NO_DEFAULT : { kind: 'unset', default: poolSize.default };
}

/** What starts the workers, and how many of them there are. */
interface PoolCount {
  readonly count?: WorkerCount | Count;
  readonly label?: string;
}

/** Workers a self-forking module starts: its fork sites outside the worker path, each with its count. */
function selfForkCount(roles: Roles, sourceCode: Source): PoolCount {
  const sites = roles.forkSites.filter((site) => site.self && roles.roleOf(site.node) !== WORKER);
  if (sites.length === 0) return {};
  return { count: sumInstances(sites.map((site) => forkSiteCount(site, sourceCode, (node) => roles.runsOnce(node)))), label: `\`${sites[0]!.label}\`` };
}

/** A pool per task, as many tasks at once as the registration's concurrency option says (bullmq `concurrency`). */
function concurrentTasks(task: TaskFunction, sourceCode: Source): PoolCount | undefined {
  const option = task.concurrencyOption;
  const registration = task.registration;
  if (!option || (registration.type !== 'NewExpression' && registration.type !== 'CallExpression')) return undefined;
  const value = optionNode(argumentAt(registration, option.arg), option.name, sourceCode);
  return { count: value ? countOf(value, sourceCode) : undefined, label: `${task.label} (\`${option.name}\`)` };
}

interface CountContext extends PoolSizesInput {
  /** Entries the project index found fork sites for. */
  readonly indexed: readonly WorkerEntry[];
  /** The self-forking module's count, computed once on first need. */
  readonly selfCount: () => PoolCount;
}

/** How many workers make the pool created at `call`, and what starts them; empty when it is not made once per worker. */
function poolCount(call: Node, context: CountContext): PoolCount {
  const { roles, workers } = context;
  const role = workers.roleOf(call);
  if (role?.kind === 'task') return concurrentTasks(role.task, context.sourceCode) ?? {};
  // Nothing else starts workers that each make it: no role question need be asked.
  if (!roles.selfForking && context.indexed.length === 0) return {};
  if (role || !roles.runsOnce(call)) return {};
  if (roles.selfForking && roles.roleOf(call) & WORKER) return context.selfCount();
  const { indexed } = context;
  if (indexed.length === 0 || enclosingFunction(call) || workers.freshPerTask || !workers.isEntry) return {};
  const counts = indexed.map((entry) => entry.count);
  return { count: counts.every((c) => c) ? sumCounts(counts as Count[]) : undefined, label: indexed.map((entry) => entry.site).join(' and ') };
}

/** The factory call of a pool whose size the row describes, once per call. */
function poolFactory(site: Values['sites'][number]): Call | undefined {
  const { origin } = site;
  const facts = origin.entity.connection;
  const call = origin.node;
  if (site.node !== call || !origin.api || origin.held || !facts?.poolSize || facts.kind !== 'pool' || facts.checkedOut) return undefined;
  return call.type === 'CallExpression' || call.type === 'NewExpression' ? call : undefined;
}

/** A size a project module's own code sets, as this file's pools carry it. */
function sizeOfFact(fact: PoolSizeFact | undefined): KnownSize | undefined {
  if (fact?.kind === 'set') return { kind: 'set', value: fact.value };
  return fact?.kind === 'unset' ? { kind: 'unset', default: fact.default } : undefined;
}

/** A pool made where it is found here: its node, the call whose options may be edited, its size. */
interface PoolMade {
  readonly node: Node;
  readonly call?: Call;
  readonly origin: Origin;
  readonly size: SizeSetting | KnownSize | undefined;
  readonly madeIn?: SourcePlace;
}

/**
 * The pools held once per process: a project module's own, made where its import loads it
 * (sized by that module); a library's default one, made by its connect step (`mongoose.connect(url, { maxPoolSize })`).
 */
function heldPools(values: Values, sourceCode: Source): PoolMade[] {
  const found: PoolMade[] = [];
  for (const origin of values.held) {
    const poolSize = origin.entity.connection?.poolSize;
    if (!poolSize || origin.entity.connection?.kind !== 'pool') continue;
    if (origin.held?.place) {
      found.push({ node: origin.node, origin, size: sizeOfFact(origin.held.size), madeIn: origin.held.place });
      continue;
    }
    const step = values.accesses.find((access) => access.call && access.site.origin === origin && accessKind(access) === 'connect');
    if (step?.call) found.push({ node: step.call, call: step.call, origin, size: sizeSetting(step.call, poolSize, sourceCode) });
  }
  return found;
}

/** The pools this file makes or gets from a factory: at each factory call, sized by its options or by the wrapper's module. */
function madePools(values: Values, sourceCode: Source): PoolMade[] {
  const found: PoolMade[] = [];
  const seen = new Set<Node>();
  for (const site of values.sites) {
    const call = poolFactory(site);
    if (!call || seen.has(call)) continue;
    seen.add(call);
    const { origin } = site;
    // A factory wrapper of another module: the size its own call sets, not this call's arguments.
    const size = origin.api?.madeIn ? sizeOfFact(origin.api.size) : sizeSetting(call, origin.entity.connection!.poolSize!, sourceCode);
    found.push({ node: call, call: origin.api?.madeIn ? undefined : call, origin, size, madeIn: origin.api?.madeIn });
  }
  return found;
}

export function findPerWorkerPools(input: PoolSizesInput): PerWorkerPool[] {
  const { sourceCode, values, roles } = input;
  let self: PoolCount | undefined;
  const context: CountContext = {
    ...input,
    indexed: input.workers.entries.filter((entry) => entry.source === 'project-index'),
    selfCount: () => (self ??= selfForkCount(roles, sourceCode)),
  };
  const found: PerWorkerPool[] = [];
  for (const made of [...madePools(values, sourceCode), ...heldPools(values, sourceCode)]) {
    const { node, origin, size } = made;
    if (!size || size.kind === 'unknown') continue;
    const { count, label } = poolCount(node, context);
    if (!count || !label) continue;
    const bindingName = values.bindings.find((binding) => binding.origin === origin)?.name;
    found.push({
      node,
      call: made.call,
      madeIn: made.madeIn,
      name: bindingName ?? (made.call ? callLabel(made.call, sourceCode.getText(made.call.callee)) : sourceCode.getText(node)),
      entity: origin.entity,
      size,
      poolSize: origin.entity.connection!.poolSize!,
      count: asCount(count as WorkerCount)!,
      countNode: 'node' in count ? count.node : undefined,
      site: label,
    });
  }
  return found;
}

function sumCounts(counts: readonly Count[]): Count {
  if (counts.some((count) => count.kind === 'per-cpu')) return { kind: 'per-cpu' };
  return { kind: 'known', value: counts.reduce((total, count) => total + (count as { value: number }).value, 0) };
}
