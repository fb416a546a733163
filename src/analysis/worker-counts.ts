/**
 * How many workers a fork site starts, when the source says it: a number (literals,
 * constants, arithmetic on them), "one per CPU" (`os.cpus().length`,
 * `os.availableParallelism()`, arithmetic on them), or unknown (`env.X || 4`, a library
 * default, a call inside a request handler). Also how many times a fork call runs: the
 * bound of the `for` loop around it, `os.cpus().forEach(...)`, `Array.from({ length })`.
 * The CPU functions come from knowledge rows (CPU_APIS); `Math`, `Array.from`, `forEach`,
 * `map` and `length` are JavaScript built-ins, not library names.
 */
import { getStaticValue } from '@eslint-community/eslint-utils';
import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import { CPU_APIS } from '../knowledge/forks.js';
import type { CpuApiRow } from '../knowledge/index.js';
import { LISTENER_REGISTRATIONS } from '../knowledge/emitters.js';
import { argumentAt, isFunction, memberName, outermostValue, skipTypeWrappers, type Node } from '../util/ast.js';
import type { ForkSite } from './roles.js';
import { calleeOf } from './static-paths.js';
import { optionNode } from '../util/options.js';
import { constantInit } from '../util/variables.js';

export type WorkerCount =
  | { readonly kind: 'known'; readonly value: number; readonly node?: Node }
  | { readonly kind: 'per-cpu'; readonly node?: Node };

type Source = Readonly<TSESLint.SourceCode>;

const MAX_DEPTH = 6;
/** Counts above this are not worker counts anyone plans with. */
const MAX_COUNT = 100_000;

const known = (value: number, node?: Node): WorkerCount | undefined =>
  Number.isInteger(value) && value >= 1 && value <= MAX_COUNT ? { kind: 'known', value, node } : undefined;

function scopeFor(sourceCode: Source) {
  return { sourceCode, filename: '', cwd: '' };
}

/** What a call gives when it is a CPU API (`os.cpus()`, `os.availableParallelism()`), from the import it comes from. */
function cpuApi(node: Node, sourceCode: Source): CpuApiRow['gives'] | undefined {
  if (node.type !== 'CallExpression') return undefined;
  const fn = calleeOf(node.callee, scopeFor(sourceCode));
  return fn && CPU_APIS.find((row) => row.module === fn.module && row.name === fn.name)?.gives;
}

/** An expression whose value is the array `os.cpus()` returns. */
export function isCpuList(expression: Node, sourceCode: Source, depth = 0): boolean {
  const node = skipTypeWrappers(expression);
  if (cpuApi(node, sourceCode) === 'list') return true;
  if (node.type === 'Identifier' && depth < MAX_DEPTH) {
    const init = constantInit(node, sourceCode);
    return init !== undefined && isCpuList(init, sourceCode, depth + 1);
  }
  return false;
}

/** The worker count an expression gives. */
export function countOf(expression: Node | undefined, sourceCode: Source, depth = 0): WorkerCount | undefined {
  if (!expression || depth > MAX_DEPTH) return undefined;
  const node = skipTypeWrappers(expression);
  const result = evaluate(node, sourceCode, depth);
  return result && { ...result, node: expression };
}

function evaluate(node: Node, sourceCode: Source, depth: number): WorkerCount | undefined {
  const inner = (child: Node): WorkerCount | undefined => countOf(child, sourceCode, depth + 1);
  if (cpuApi(node, sourceCode) === 'count') return { kind: 'per-cpu' };
  if (node.type === 'MemberExpression' && memberName(node) === 'length' && isCpuList(node.object, sourceCode)) return { kind: 'per-cpu' };
  switch (node.type) {
    case 'Literal':
      return typeof node.value === 'number' ? known(node.value) : undefined;
    case 'Identifier': {
      const init = constantInit(node, sourceCode);
      return init ? inner(init) : undefined;
    }
    case 'BinaryExpression': {
      if (node.left.type === 'PrivateIdentifier' || !['+', '-', '*', '/'].includes(node.operator)) return undefined;
      const left = inner(node.left);
      const right = inner(node.right);
      if (left?.kind === 'per-cpu' || right?.kind === 'per-cpu') {
        // `cpus - 1`, `cpus * 2`: still one (or a few) per CPU. `4 - cpus` is no count at all.
        const other = left?.kind === 'per-cpu' ? right : left;
        const cpuOnLeft = left?.kind === 'per-cpu';
        if (other?.kind !== 'known' || (!cpuOnLeft && node.operator !== '+' && node.operator !== '*')) return undefined;
        return { kind: 'per-cpu' };
      }
      break;
    }
    case 'CallExpression': {
      const callee = skipTypeWrappers(node.callee);
      const isMath = callee.type === 'MemberExpression' && callee.object.type === 'Identifier' && callee.object.name === 'Math';
      const name = callee.type === 'MemberExpression' ? memberName(callee) : undefined;
      if (isMath && (name === 'max' || name === 'min')) {
        const parts = node.arguments.map((arg) => (arg.type === 'SpreadElement' ? undefined : inner(arg)));
        if (parts.some((part) => part === undefined)) return undefined;
        const numbers = parts.filter((part) => part!.kind === 'known').map((part) => (part as { value: number }).value);
        const perCpu = parts.some((part) => part!.kind === 'per-cpu');
        // Math.min(4, cpus) is at most 4; Math.max(1, cpus - 1) grows with the CPUs.
        if (name === 'min' && numbers.length > 0) return known(Math.min(...numbers));
        if (perCpu) return { kind: 'per-cpu' };
        return numbers.length > 0 ? known(Math.max(...numbers)) : undefined;
      }
      if (isMath && (name === 'floor' || name === 'ceil' || name === 'round' || name === 'trunc') && node.arguments[0]?.type !== 'SpreadElement') {
        const part = node.arguments[0] ? inner(node.arguments[0]) : undefined;
        if (part?.kind === 'per-cpu') return part;
      }
      break;
    }
    default:
      break;
  }
  const value = getStaticValue(node as never, sourceCode.getScope(node) as never)?.value;
  return typeof value === 'number' ? known(Math.floor(value)) : undefined;
}

/** a × b, when both are known or one is per CPU. */
export function multiply(a: WorkerCount | undefined, b: WorkerCount | undefined): WorkerCount | undefined {
  if (!a || !b) return undefined;
  // Keep the expression a count came from when the other factor is one.
  if (a.kind === 'known' && a.value === 1) return b;
  if (b.kind === 'known' && b.value === 1) return a;
  if (a.kind === 'known' && b.kind === 'known') return known(a.value * b.value);
  return { kind: 'per-cpu' };
}

/** The sum of several sites' counts: unknown if any is, per CPU if any is. */
export function sum(counts: readonly (WorkerCount | undefined)[]): WorkerCount | undefined {
  if (counts.length === 0 || counts.some((count) => count === undefined)) return undefined;
  if (counts.length === 1) return counts[0];
  if (counts.some((count) => count!.kind === 'per-cpu')) return { kind: 'per-cpu' };
  return known(counts.reduce((total, count) => total + (count as { value: number }).value, 0));
}

export type Instances = WorkerCount | 'restart' | undefined;

/** `i < N` (from 0): N; `i <= N`: N + 1. */
function forLoopCount(loop: TSESTree.ForStatement, sourceCode: Source): WorkerCount | undefined {
  const init = loop.init;
  const declarator = init?.type === 'VariableDeclaration' && init.declarations.length === 1 ? init.declarations[0] : undefined;
  const start = declarator?.init ?? (init?.type === 'AssignmentExpression' ? init.right : undefined);
  const name = declarator?.id.type === 'Identifier' ? declarator.id.name : init?.type === 'AssignmentExpression' && init.left.type === 'Identifier' ? init.left.name : undefined;
  const from = start ? getStaticValue(start as never, sourceCode.getScope(start) as never)?.value : undefined;
  const test = loop.test;
  if (from !== 0 || !name || test?.type !== 'BinaryExpression' || test.left.type !== 'Identifier' || test.left.name !== name) return undefined;
  const update = loop.update;
  const increments =
    (update?.type === 'UpdateExpression' && update.operator === '++') ||
    (update?.type === 'AssignmentExpression' && update.operator === '+=' && update.right.type === 'Literal' && update.right.value === 1);
  if (!increments) return undefined;
  const bound = countOf(test.right, sourceCode);
  if (test.operator === '<') return bound;
  if (test.operator === '<=') return bound?.kind === 'known' ? known(bound.value + 1) : bound;
  return undefined;
}

/** How often a loop statement runs its body; `null` when it is a loop the source does not bound. */
function loopCount(loop: Node, child: Node, sourceCode: Source): WorkerCount | undefined | null {
  if (loop.type === 'ForStatement' && child === loop.body) return forLoopCount(loop, sourceCode) ?? null;
  if (loop.type === 'ForOfStatement' && child === loop.body) {
    const list = skipTypeWrappers(loop.right);
    if (isCpuList(list, sourceCode)) return { kind: 'per-cpu' };
    return list.type === 'ArrayExpression' ? (known(list.elements.length) ?? null) : null;
  }
  if (loop.type === 'WhileStatement' || loop.type === 'DoWhileStatement' || loop.type === 'ForInStatement') return null;
  return undefined;
}

/** What a call does with a function it is given: calls it once per element or per index, or on every event. */
type Repeats = { readonly kind: 'restart' } | { readonly kind: 'times'; readonly count: WorkerCount | undefined } | undefined;

/**
 * `os.cpus().forEach(f)`, `Array.from({ length: N }, f)`, `worker.on('exit', f)`: how often
 * `holder` calls its argument `fn`. Undefined for any other call, which may call it any
 * number of times (or once: `setTimeout(f)`).
 */
function repeatsOf(holder: Node, fn: Node, sourceCode: Source): Repeats {
  if (holder.type !== 'CallExpression' || !(holder.arguments as readonly Node[]).includes(fn)) return undefined;
  const callee = skipTypeWrappers(holder.callee);
  if (callee.type !== 'MemberExpression') return undefined;
  const method = memberName(callee);
  if (method && LISTENER_REGISTRATIONS.has(method)) return { kind: 'restart' };
  if ((method === 'forEach' || method === 'map') && isCpuList(callee.object, sourceCode)) return { kind: 'times', count: { kind: 'per-cpu' } };
  const isArray = callee.object.type === 'Identifier' && callee.object.name === 'Array';
  if (isArray && method === 'from' && (holder.arguments[1] as Node | undefined) === fn) {
    return { kind: 'times', count: countOf(optionNode(holder.arguments[0], 'length', sourceCode), sourceCode) };
  }
  return undefined;
}

/**
 * How many times a fork call (or a fork API handed to a call) runs in one run of its
 * module: the loops around it, up to the module scope or a function that runs once. A
 * call in an event listener replaces a worker that exited ('restart'); anywhere else it is
 * unknown.
 */
export function instancesOf(site: Node, sourceCode: Source, runsOnce: (node: Node) => boolean): Instances {
  let count: WorkerCount | undefined = { kind: 'known', value: 1 };
  let child: Node = site;
  let parent = site.parent;
  // A fork API handed to a call (`forEach(cluster.fork)`) runs as often as that call runs it.
  if (site.type !== 'CallExpression' && site.type !== 'NewExpression') {
    child = outermostValue(site);
    parent = child.parent;
    const repeats = parent ? repeatsOf(parent, child, sourceCode) : undefined;
    if (!repeats) return undefined;
    if (repeats.kind === 'restart') return 'restart';
    count = repeats.count;
  }
  for (; parent; child = parent, parent = parent.parent) {
    const loop = loopCount(parent, child, sourceCode);
    if (loop === null) return undefined;
    if (loop) count = multiply(count, loop);
    if (isFunction(parent)) {
      const holder = parent.parent;
      const repeats = holder ? repeatsOf(holder, parent, sourceCode) : undefined;
      if (repeats?.kind === 'restart') return 'restart';
      if (!repeats) return count && runsOnce(parent.body) ? count : undefined;
      count = multiply(count, repeats.count);
      child = holder!;
      parent = holder!;
    }
    if (!count) return undefined;
  }
  return count;
}

/** How many workers one fork site starts: the count its row says the call gives (throng), else the loops around it. */
export function forkSiteCount(site: ForkSite, sourceCode: Source, runsOnce: (node: Node) => boolean): Instances {
  const where = site.row.workerCount;
  if (!where || site.reference) return instancesOf(site.node, sourceCode, runsOnce);
  // throng(4, start), throng({ count: 4, worker })
  const value = argumentAt(site.node, where.arg);
  if (value && value.type !== 'ObjectExpression' && site.node.arguments.length > where.arg + 1) return countOf(value, sourceCode);
  for (const option of where.options) {
    const node = optionNode(value, option, sourceCode);
    if (node) return countOf(node, sourceCode);
  }
  return undefined;
}
