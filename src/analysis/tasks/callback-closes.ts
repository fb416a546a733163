/**
 * Closes written in callbacks. A callback that runs once for the connection settles the
 * paths it runs on: the callback of its factory or connect step (`MongoClient.connect(url,
 * (err, client) => …)`, `net.connect(port, () => …)`), of a query or other call on it or
 * on what it hands out (`conn.query(sql, (err, rows) => …)`), and the handlers of a
 * promise chain (`.then(…).catch(…)`). Such a callback that closes the connection on every
 * path of its own makes the call it is passed to a close of the code around it; closes
 * climb that way out of nested callbacks, up to the function the connection is made in.
 *
 * On the paths of a callback: a `return` before the close leaves the connection open; a
 * `throw` in a Node-style callback ends the process (in a promise handler it rejects,
 * and the chain decides). In a callback that opens the connection, the error branch
 * (`if (err) throw err`, `if (err) return …`) holds no connection.
 */
import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import { PROMISE_CHAIN_METHODS, callbackArgument, isFunction, isValueWrapper, memberName, skipValueWrappers, walk, type FunctionNode, type Node } from '../../util/ast.js';
import { variableOf } from '../../util/variables.js';
import { enclosingFunction } from '../functions.js';
import { statementOf } from './paths.js';

/** How a call's callback relates to the connection: it runs once the connection opened (or failed to), or once a use of it is done. */
export type Settling = 'opening' | 'use';

type SourceCode = Readonly<TSESLint.SourceCode>;
type Variable = TSESLint.Scope.Variable;
type Call = TSESTree.CallExpression | TSESTree.NewExpression;


/** How paths through a statement end: all closed (or ended), some leave the function with it open, or some go on with it open. */
type Outcome = 'closed' | 'leaks' | 'open';

/** A call that may close the connection through its callbacks: one that settles it, or a promise chain. */
type Candidate = { readonly node: Call; readonly kind: Settling } | { readonly node: TSESTree.CallExpression; readonly kind: 'chain' };

interface CloseWalk {
  readonly sourceCode: SourceCode;
  readonly settling: ReadonlyMap<Node, Settling>;
  readonly closes: ReadonlySet<Node>;
  /** Same-file helpers that close it (helper-closes): a handler named by one closes. */
  readonly helpers: ReadonlySet<Variable>;
  readonly candidates: Map<Node, Candidate>;
  /** Closes and candidates by the function they are written in. */
  readonly byFunction: Map<FunctionNode | undefined, Node[]>;
  /** Whether each candidate closes, once asked; false while it is being asked. */
  readonly answers: Map<Node, boolean>;
}

/** The paths of one callback body, as `listOutcome` walks them. */
interface Body {
  readonly walk: CloseWalk;
  readonly fn: FunctionNode;
  readonly kind: Settling | 'handler';
  /** The error parameter of a callback that opens the connection: its branch holds no connection. */
  readonly errorName?: string;
}

/**
 * The calls written in `home` (the function the connection is made in; undefined at the
 * top level) that close the connection through their callbacks on every path they settle.
 * `closes` includes the calls of closing helpers, whose variables are `helpers`.
 */
export function callbackCloses(
  sourceCode: SourceCode,
  closes: readonly TSESTree.CallExpression[],
  settling: ReadonlyMap<Node, Settling>,
  home: FunctionNode | undefined,
  helpers: ReadonlySet<Variable> = new Set(),
): Call[] {
  const walk: CloseWalk = { sourceCode, settling, closes: new Set(closes), helpers, candidates: new Map(), byFunction: new Map(), answers: new Map() };
  for (const close of closes) {
    index(walk, close);
    climb(walk, close, home);
  }
  for (const chain of chainsHandedHelpers(helpers)) {
    if (walk.candidates.has(chain)) continue;
    walk.candidates.set(chain, { node: chain, kind: 'chain' });
    index(walk, chain);
    climb(walk, chain, home);
  }
  return [...walk.candidates.values()].filter((candidate) => enclosingFunction(candidate.node) === home && closing(walk, candidate.node)).map((candidate) => candidate.node);
}

function index(walk: CloseWalk, node: Node): void {
  const fn = enclosingFunction(node);
  const list = walk.byFunction.get(fn);
  if (!list) walk.byFunction.set(fn, [node]);
  else if (!list.includes(node)) list.push(node);
}

/** From a close, each call whose callback it sits in, out to `home`. */
function climb(walk: CloseWalk, close: Node, home: FunctionNode | undefined): void {
  for (let fn = enclosingFunction(close); fn && fn !== home; ) {
    const candidate = candidateOf(walk, fn);
    if (!candidate) return;
    if (!walk.candidates.has(candidate.node)) {
      walk.candidates.set(candidate.node, candidate);
      index(walk, candidate.node);
    }
    fn = enclosingFunction(candidate.node);
  }
}

/** The call `fn` is handed to, when that call settles the connection through it. */
function candidateOf(walk: CloseWalk, fn: FunctionNode): Candidate | undefined {
  const call = fn.parent;
  if ((call?.type !== 'CallExpression' && call?.type !== 'NewExpression') || !call.arguments.includes(fn as never)) return undefined;
  if (call.type === 'CallExpression' && isChainStep(call)) return { node: outermostChain(call), kind: 'chain' };
  const kind = walk.settling.get(call);
  return kind && callbackArgument(call) === fn ? { node: call, kind } : undefined;
}

/** The promise chains a closing helper is handed to as a handler: `.finally(done)`, `.then(report, report)`. */
function chainsHandedHelpers(helpers: ReadonlySet<Variable>): TSESTree.CallExpression[] {
  const chains: TSESTree.CallExpression[] = [];
  for (const variable of helpers) {
    for (const reference of variable.references) {
      const step = reference.identifier.parent as Node | undefined;
      if (step && isChainStep(step) && step.arguments.includes(reference.identifier as never)) chains.push(outermostChain(step));
    }
  }
  return chains;
}

function isChainStep(call: Node): call is TSESTree.CallExpression & { callee: TSESTree.MemberExpression } {
  if (call.type !== 'CallExpression' || call.callee.type !== 'MemberExpression') return false;
  const name = memberName(call.callee);
  return name !== undefined && PROMISE_CHAIN_METHODS.has(name);
}

/** `a.then(f).catch(g)`: the last call of the chain that `step` is part of. */
function outermostChain(step: TSESTree.CallExpression): TSESTree.CallExpression {
  let outer = step;
  for (;;) {
    const member = outer.parent;
    const next = member?.type === 'MemberExpression' && member.object === outer ? member.parent : undefined;
    if (!next || next.type !== 'CallExpression' || next.callee !== member || !isChainStep(next)) return outer;
    outer = next;
  }
}

/** The node is a close, or a candidate whose callbacks close on every path they settle. */
function closing(walk: CloseWalk, node: Node): boolean {
  if (walk.closes.has(node)) return true;
  const candidate = walk.candidates.get(node);
  if (!candidate) return false;
  const known = walk.answers.get(node);
  if (known !== undefined) return known;
  walk.answers.set(node, false);
  const answer = candidate.kind === 'chain' ? chainCloses(walk, candidate.node) : settlingCloses(walk, candidate.node, candidate.kind);
  walk.answers.set(node, answer);
  return answer;
}

function settlingCloses(walk: CloseWalk, call: Call, kind: Settling): boolean {
  const callback = callbackArgument(call);
  return callback !== undefined && bodyCloses(walk, callback, kind);
}

function chainCloses(walk: CloseWalk, outer: TSESTree.CallExpression): boolean {
  return chainSettles(outer, (handler) => handlerCloses(walk, handler));
}

/** The promise chain whose first step is called on `call`'s result: `main().then(…).catch(…)`. */
export function chainAfter(call: Node): TSESTree.CallExpression | undefined {
  const member = call.parent;
  const step = member?.type === 'MemberExpression' && member.object === call ? member.parent : undefined;
  return step && step.type === 'CallExpression' && step.callee === member && isChainStep(step) ? outermostChain(step) : undefined;
}

/**
 * Whatever way a promise chain settles, one of its handlers did the thing (`done`: closed
 * the connection, ended the process). Two states flow through the chain, fulfilled and
 * rejected, each done or not: a handler that does it does it for whatever it hands on, a
 * state no handler of a step takes passes through as it was.
 */
export function chainSettles(outer: TSESTree.CallExpression, done: (handler: Node | undefined) => boolean): boolean {
  let fulfilled = false;
  let rejected = false;
  for (const step of chainSteps(outer)) {
    const method = memberName(step.callee);
    const [first, second] = step.arguments;
    if (method === 'finally') {
      const closes = done(first);
      fulfilled ||= closes;
      rejected ||= closes;
      continue;
    }
    const onFulfilled = method === 'then' ? first : undefined;
    const onRejected = method === 'then' ? second : first;
    const afterFulfilled = fulfilled || done(onFulfilled);
    const afterRejected = rejected || done(onRejected);
    if (onFulfilled && onRejected) {
      fulfilled = rejected = afterFulfilled && afterRejected;
    } else if (onFulfilled) {
      rejected = afterFulfilled && rejected;
      fulfilled = afterFulfilled;
    } else if (onRejected) {
      fulfilled = fulfilled && afterRejected;
      rejected = afterRejected;
    }
  }
  return fulfilled && rejected;
}

/** The steps of a chain, first step first. */
function chainSteps(outer: TSESTree.CallExpression): (TSESTree.CallExpression & { callee: TSESTree.MemberExpression })[] {
  const steps: (TSESTree.CallExpression & { callee: TSESTree.MemberExpression })[] = [];
  for (let node: Node = outer; isChainStep(node); node = skipValueWrappers(node.callee.object)) steps.unshift(node);
  return steps;
}

/** A handler that closes on every path: written in place, or a closing helper named (`.finally(done)`). */
function handlerCloses(walk: CloseWalk, handler: Node | undefined): boolean {
  if (handler?.type === 'Identifier') {
    const variable = variableOf(handler, walk.sourceCode);
    return variable !== undefined && walk.helpers.has(variable);
  }
  return isFunction(handler) && bodyCloses(walk, handler, 'handler');
}

/** Every path through the callback closes the connection (or, in a Node-style callback, ends the process). */
function bodyCloses(walk: CloseWalk, fn: FunctionNode, kind: Settling | 'handler'): boolean {
  if (fn.body.type !== 'BlockStatement') return (walk.byFunction.get(fn) ?? []).some((node) => valueOf(node) === fn.body && closing(walk, node));
  const first = fn.params[0];
  const errorName = kind === 'opening' && first?.type === 'Identifier' ? first.name : undefined;
  return listOutcome({ walk, fn, kind, errorName }, fn.body.body) === 'closed';
}

/** The expression whose value `node` is: through `await`, type wrappers and `void`. */
function valueOf(node: Node): Node {
  let current = node;
  for (let parent = current.parent; parent && (isValueWrapper(parent) || (parent.type === 'UnaryExpression' && parent.operator === 'void')); parent = current.parent) {
    current = parent;
  }
  return current;
}

function listOutcome(body: Body, statements: readonly Node[]): Outcome {
  for (const statement of statements) {
    const outcome = statementOutcome(body, statement);
    if (outcome !== 'open') return outcome;
  }
  return 'open';
}

function statementOutcome(body: Body, statement: Node): Outcome {
  if (closesAt(body, statement)) return 'closed';
  switch (statement.type) {
    case 'ThrowStatement':
      return body.kind === 'handler' ? 'leaks' : 'closed';
    case 'ReturnStatement':
      return 'leaks';
    case 'BlockStatement':
      return listOutcome(body, statement.body);
    case 'IfStatement':
      return ifOutcome(body, statement);
    case 'TryStatement':
      return tryOutcome(body, statement);
    default:
      return returnsIn(body, statement) ? 'leaks' : 'open';
  }
}

/** A close, or a candidate that closes, runs as this statement. */
function closesAt(body: Body, statement: Node): boolean {
  return (body.walk.byFunction.get(body.fn) ?? []).some((node) => statementOf(node) === statement && closing(body.walk, node));
}

function ifOutcome(body: Body, statement: TSESTree.IfStatement): Outcome {
  const errorSide = body.errorName === undefined ? undefined : errorBranch(statement.test, body.errorName);
  const consequent = errorSide === 'consequent' ? 'closed' : statementOutcome(body, statement.consequent);
  const alternate = errorSide === 'alternate' ? 'closed' : statement.alternate ? statementOutcome(body, statement.alternate) : 'open';
  return both(consequent, alternate);
}

function tryOutcome(body: Body, statement: TSESTree.TryStatement): Outcome {
  if (statement.finalizer && listOutcome(body, statement.finalizer.body) === 'closed') return 'closed';
  const block = listOutcome(body, statement.block.body);
  return statement.handler ? both(block, listOutcome(body, statement.handler.body.body)) : block;
}

/** Two ways through: closed only when both close, leaking when either leaks. */
function both(a: Outcome, b: Outcome): Outcome {
  if (a === 'leaks' || b === 'leaks') return 'leaks';
  return a === 'closed' && b === 'closed' ? 'closed' : 'open';
}

/** Which branch of `if (test)` runs when the error parameter is set: `err`, `err != null`; `!err`, `err == null`. */
function errorBranch(test: Node, errorName: string): 'consequent' | 'alternate' | undefined {
  const isError = (node: Node): boolean => node.type === 'Identifier' && node.name === errorName;
  const isEmpty = (node: Node): boolean => (node.type === 'Literal' && node.value === null) || (node.type === 'Identifier' && node.name === 'undefined');
  if (isError(test)) return 'consequent';
  if (test.type === 'UnaryExpression' && test.operator === '!' && isError(test.argument)) return 'alternate';
  if (test.type !== 'BinaryExpression' || test.left.type === 'PrivateIdentifier') return undefined;
  const comparesEmpty = (isError(test.left) && isEmpty(test.right)) || (isEmpty(test.left) && isError(test.right));
  if (!comparesEmpty) return undefined;
  if (test.operator === '!=' || test.operator === '!==') return 'consequent';
  return test.operator === '==' || test.operator === '===' ? 'alternate' : undefined;
}

/** A `return` of the callback itself (not of a function declared in it) inside `statement`. */
function returnsIn(body: Body, statement: Node): boolean {
  let found = false;
  walk(statement, body.walk.sourceCode.visitorKeys, (child) => {
    if (child.type === 'ReturnStatement' && enclosingFunction(child) === body.fn) found = true;
  });
  return found;
}
