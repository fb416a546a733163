/**
 * Whether one node surely runs before another, for "used before the fork and never after":
 * both are lifted out of named functions to the places those are called from, until they
 * sit in one function body (or module scope), where straight-line order decides. Anything
 * the file cannot order (callbacks, exported functions, loops around both) is unknown.
 */
import type { TSESLint } from '@typescript-eslint/utils';
import { isAncestor, isFunction, isLoop, type Node } from '../util/ast.js';
import { enclosingFunction, functionReferences, isExportedFunction } from './functions.js';
import type { Roles } from './roles.js';

/** A place in a chain; `bias` orders two points at the same node (throng's `master` runs before its forks). */
interface Point {
  readonly node: Node;
  readonly bias: number;
}
/** Innermost point first; the last one sits at module scope. */
type Chain = readonly Point[];

type Order = 'before' | 'after' | 'unknown';

const MAX_DEPTH = 4;
const MAX_CHAINS = 8;

export interface Timing {
  order(a: Node, b: Node): Order;
  /** Every chain of `node` is known. */
  known(node: Node): boolean;
}

/** What ordering needs: the source, the roles (throng's `master` runs before its forks), and the chains found so far. */
interface TimingState {
  readonly sourceCode: Readonly<TSESLint.SourceCode>;
  readonly roles: Roles;
  /** Chains of the nodes asked about directly (depth 0); null: not knowable. */
  readonly cache: Map<Node, Chain[] | null>;
}

function chainsOf(state: TimingState, node: Node, depth = 0): Chain[] | null {
  const cached = depth === 0 ? state.cache.get(node) : undefined;
  if (cached !== undefined) return cached;
  const result = computeChains(state, node, depth);
  if (depth === 0) state.cache.set(node, result);
  return result;
}

/** Every chain from `node` out to module scope, through the calls of the named functions around it. */
function computeChains(state: TimingState, node: Node, depth: number): Chain[] | null {
  const here: Point = { node, bias: 0 };
  const fn = enclosingFunction(node);
  if (!fn) return [[here]];
  const throngCall = state.roles.primaryBeforeFork(fn);
  if (throngCall) return [[here, { node: throngCall, bias: -1 }]];
  if (depth >= MAX_DEPTH || isExportedFunction(fn)) return null;
  // An immediately invoked function runs where it is written.
  const calls = fn.parent?.type === 'CallExpression' && fn.parent.callee === fn ? [fn.parent] : undefined;
  const references = calls ? { calls, passed: [] } : functionReferences(fn, state.sourceCode);
  if (references.passed.length > 0 || references.calls.length === 0) return null;
  const chains: Chain[] = [];
  for (const call of references.calls) {
    if (isAncestor(fn, call)) return null;
    const outer = chainsOf(state, call, depth + 1);
    if (!outer) return null;
    for (const chain of outer) chains.push([here, ...chain]);
    if (chains.length > MAX_CHAINS) return null;
  }
  return chains;
}

/** The order of two chains: where they part, straight-line order decides. */
function compareChains(a: Chain, b: Chain): Order {
  const ra = [...a].reverse();
  const rb = [...b].reverse();
  let i = 0;
  while (i < ra.length && i < rb.length && ra[i]!.node === rb[i]!.node && ra[i]!.bias === rb[i]!.bias) i++;
  if (i >= ra.length || i >= rb.length) return 'unknown';
  const x = ra[i]!;
  const y = rb[i]!;
  if (x.node === y.node) return x.bias < y.bias ? 'before' : 'after';
  if (sharedLoop(x.node, y.node)) return 'unknown';
  if (x.node.range[1] <= y.node.range[0]) return 'before';
  if (y.node.range[1] <= x.node.range[0]) return 'after';
  return 'unknown';
}

/** The order every pair of chains agrees on, else unknown. */
function order(state: TimingState, a: Node, b: Node): Order {
  const chainsA = chainsOf(state, a);
  const chainsB = chainsOf(state, b);
  if (!chainsA || !chainsB) return 'unknown';
  let result: Order | undefined;
  for (const ca of chainsA) {
    for (const cb of chainsB) {
      const found = compareChains(ca, cb);
      if (result !== undefined && found !== result) return 'unknown';
      result = found;
    }
  }
  return result ?? 'unknown';
}

export function createTiming(sourceCode: Readonly<TSESLint.SourceCode>, roles: Roles): Timing {
  const state: TimingState = { sourceCode, roles, cache: new Map() };
  return {
    order: (a, b) => order(state, a, b),
    known: (node) => chainsOf(state, node) !== null,
  };
}

/** A loop of the same function body that contains both nodes: each runs again after the other. */
function sharedLoop(a: Node, b: Node): boolean {
  for (let current = a.parent; current && !isFunction(current); current = current.parent) {
    if (isLoop(current) && isAncestor(current, b)) return true;
  }
  return false;
}
