/**
 * Pools made once per worker, with the number of workers that make them: in the worker
 * path (or module scope) of a self-forking module, at the module scope of a worker entry
 * whose fork sites the project index read, or in a bullmq processor run `concurrency`
 * times at once. With each, the pool's size as the source sets it (or its driver's
 * default). `pool-size-per-worker` weighs the product against its budget.
 */
import { getStaticValue } from '@eslint-community/eslint-utils';
import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import type { Entity, PoolSize } from '../knowledge/index.js';
import { argumentAt, callLabel, type Node } from '../util/ast.js';
import { enclosingFunction } from './functions.js';
import { asCount, sumInstances, type Count } from './file-summary.js';
import { WORKER, type Roles } from './roles.js';
import { staticString } from './static-paths.js';
import type { Values } from './values.js';
import { lookupOption, objectOf, optionNode } from '../util/options.js';
import { countOf, instancesOf, type WorkerCount } from './worker-counts.js';
import type { Workers } from './workers.js';

type Call = TSESTree.CallExpression | TSESTree.NewExpression;

/** The pool's size as written: a number, unset (the driver's default applies), or not known. */
export type SizeSetting =
  | { readonly kind: 'set'; readonly value: number; readonly node: Node }
  | { readonly kind: 'unset'; readonly default: number };

export interface PerWorkerPool {
  readonly call: Call;
  readonly name: string;
  readonly entity: Entity;
  readonly size: SizeSetting;
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

const THRONG_COUNT_OPTIONS = ['count', 'workers'];

/** What the factory call sets as the pool's size. Undefined: not knowable from the source. */
export function sizeSetting(call: Call, poolSize: PoolSize, sourceCode: Readonly<TSESLint.SourceCode>): SizeSetting | undefined {
  if (call.arguments.some((arg) => arg.type === 'SpreadElement')) return undefined;
  const options = argumentAt(call, poolSize.arg);
  const object = objectOf(options, sourceCode);
  if (options && !object) return undefined;
  // `new Sequelize(uri)` has no options; `new MongoClient(uri, opts)` with opts missing neither.
  if (!options && poolSize.arg >= 0 && call.arguments.length > poolSize.arg) return undefined;
  for (const keys of poolSize.options) {
    const found = object ? lookupOption(object, keys, sourceCode) : { kind: 'absent' as const };
    if (found.kind === 'hidden') return undefined;
    if (found.kind === 'absent') continue;
    const value = found.node;
    const number = getStaticValue(value as never, sourceCode.getScope(value) as never)?.value;
    return typeof number === 'number' && number >= 0 ? { kind: 'set', value: number, node: value } : undefined;
  }
  if (poolSize.uriParam) {
    const uri = argumentAt(call, poolSize.uriParam.arg);
    const text = uri ? staticString(uri, { sourceCode, filename: '', cwd: '' }) : undefined;
    if (uri && text === undefined) return undefined;
    const match = text ? new RegExp(`[?&]${poolSize.uriParam.name}=(\\d+)`, 'i').exec(text) : null;
    if (match) return { kind: 'set', value: Number(match[1]), node: uri! };
  }
  return poolSize.default === undefined ? undefined : { kind: 'unset', default: poolSize.default };
}

/** Workers a self-forking module starts: its fork calls, their loops, throng's `count`. */
function selfForkCount(roles: Roles, sourceCode: Readonly<TSESLint.SourceCode>): { count?: WorkerCount; site?: string } {
  const sites = roles.forkSites.filter((site) => site.self && roles.roleOf(site.node) !== WORKER);
  if (sites.length === 0) return {};
  const counts = sites.map((site) => {
    if (!site.row.roleFunctions) return instancesOf(site.node, sourceCode, (node) => roles.runsOnce(node));
    // throng(4, start), throng({ count: 4, worker })
    const [first, second] = site.node.arguments;
    if (first && second && first.type !== 'SpreadElement' && first.type !== 'ObjectExpression') return countOf(first, sourceCode);
    for (const option of THRONG_COUNT_OPTIONS) {
      const value = optionNode(first, option, sourceCode);
      if (value) return countOf(value, sourceCode);
    }
    return undefined; // throng's default: unknown
  });
  return { count: sumInstances(counts), site: `\`${sites[0]!.label}\`` };
}

export function findPerWorkerPools(input: PoolSizesInput): PerWorkerPool[] {
  const { sourceCode, values, roles, workers } = input;
  const indexed = workers.entries.filter((entry) => entry.source === 'project-index');
  let self: { count?: WorkerCount; site?: string } | undefined;
  const found: PerWorkerPool[] = [];
  const seen = new Set<Node>();

  for (const site of values.sites) {
    const origin = site.origin;
    const facts = origin.entity.connection;
    const call = origin.node;
    if (site.node !== call || seen.has(call) || !origin.api || !facts?.poolSize || facts.kind !== 'pool' || facts.checkedOut) continue;
    if (call.type !== 'CallExpression' && call.type !== 'NewExpression') continue;
    seen.add(call);
    let count: WorkerCount | Count | undefined;
    let label: string | undefined;
    const role = workers.roleOf(call);
    if (role?.kind === 'task' && role.task.runner === 'bullmq' && role.task.registration.type === 'NewExpression') {
      // A pool per job, `concurrency` jobs at a time.
      const concurrency = optionNode(argumentAt(role.task.registration, 2), 'concurrency', sourceCode);
      count = concurrency ? countOf(concurrency, sourceCode) : undefined;
      label = `${role.task.label} (\`concurrency\`)`;
    } else if (!role && roles.runsOnce(call)) {
      if (roles.selfForking && roles.roleOf(call) & WORKER) {
        self ??= selfForkCount(roles, sourceCode);
        count = self.count;
        label = self.site;
      } else if (indexed.length > 0 && !enclosingFunction(call) && !workers.freshPerTask && workers.isEntry) {
        const counts = indexed.map((entry) => entry.count);
        count = counts.every((c) => c) ? sumCounts(counts as Count[]) : undefined;
        label = indexed.map((entry) => entry.site).join(' and ');
      }
    }
    if (!count || !label) continue;
    const size = sizeSetting(call, facts.poolSize, sourceCode);
    if (!size) continue;
    const bindingName = values.bindings.find((binding) => binding.origin === origin)?.name ?? callLabel(call, sourceCode.getText(call.callee));
    found.push({
      call,
      name: bindingName,
      entity: origin.entity,
      size,
      poolSize: facts.poolSize,
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

