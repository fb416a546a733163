/** Small AST helpers that @eslint-community/eslint-utils does not already offer. */
import type { TSESTree } from '@typescript-eslint/utils';
import { shorten } from './text.js';

export type Node = TSESTree.Node;
export type FunctionNode = TSESTree.ArrowFunctionExpression | TSESTree.FunctionDeclaration | TSESTree.FunctionExpression;

const TRANSPARENT = new Set<string>([
  'TSAsExpression',
  'TSSatisfiesExpression',
  'TSTypeAssertion',
  'TSNonNullExpression',
  'TSInstantiationExpression',
  'ChainExpression',
]);

/**
 * `(x as Pool)!` → `x`: wrappers whose value is the wrapped expression's. Type assertions
 * and `!` change only the type; a ChainExpression only marks where an optional chain
 * (`a?.b`) ends.
 */
export function skipTypeWrappers(node: Node): Node {
  let current = node;
  while (TRANSPARENT.has(current.type)) current = (current as { expression: Node }).expression;
  return current;
}

/**
 * Wrappers whose value is the wrapped value, or what its promise resolves to: type
 * wrappers, optional chains and `await`. Every stage unwraps through this one set.
 */
const VALUE_WRAPPERS = new Set<string>([...TRANSPARENT, 'AwaitExpression']);

export function isValueWrapper(node: Node): node is TSESTree.AwaitExpression | TSESTree.ChainExpression | TSESTree.TSAsExpression | TSESTree.TSSatisfiesExpression | TSESTree.TSTypeAssertion | TSESTree.TSNonNullExpression | TSESTree.TSInstantiationExpression {
  return VALUE_WRAPPERS.has(node.type);
}

/** `await (x as Pool)!` → `x`. */
export function skipValueWrappers(node: Node): Node {
  let current = node;
  while (VALUE_WRAPPERS.has(current.type)) current = current.type === 'AwaitExpression' ? current.argument : (current as { expression: Node }).expression;
  return current;
}

/** The outermost expression around `node` that has the same value: `node` in `await (node as T)`. */
export function outermostValue(node: Node): Node {
  let current = node;
  while (current.parent && VALUE_WRAPPERS.has(current.parent.type)) current = current.parent;
  return current;
}

/** An `await` is among the value wrappers around `node`: `await (node as T)`, `(await node)!`. */
export function isAwaited(node: Node): boolean {
  for (let current = node; current.parent && VALUE_WRAPPERS.has(current.parent.type); current = current.parent) {
    if (current.parent.type === 'AwaitExpression') return true;
  }
  return false;
}

/** The methods of a promise that take a callback: what chains work onto it. */
export const PROMISE_CHAIN_METHODS: ReadonlySet<string> = new Set(['then', 'catch', 'finally']);

const LOOPS = new Set<string>(['ForStatement', 'ForInStatement', 'ForOfStatement', 'WhileStatement', 'DoWhileStatement']);

export function isLoop(node: Node): boolean {
  return LOOPS.has(node.type);
}

/** A report location on the node's first line only: a multi-line options object is not underlined. */
export function firstLineLoc(node: Node, lines: readonly string[]): TSESTree.SourceLocation {
  const { start, end } = node.loc;
  return start.line === end.line ? node.loc : { start, end: { line: start.line, column: lines[start.line - 1]!.length } };
}

/** How reports name a call: `new Worker()`, `cluster.fork()`. */
export function callLabel(call: TSESTree.CallExpression | TSESTree.NewExpression, text: string): string {
  const callee = text.replace(/\s+/g, ' ');
  return shorten(call.type === 'NewExpression' ? `new ${callee}()` : `${callee}()`);
}

export function isFunction(node: Node | null | undefined): node is FunctionNode {
  return (
    node?.type === 'ArrowFunctionExpression' || node?.type === 'FunctionExpression' || node?.type === 'FunctionDeclaration'
  );
}

/** The callback given to a call: the last function-valued argument. */
export function callbackArgument(call: TSESTree.CallExpression | TSESTree.NewExpression): FunctionNode | undefined {
  for (let i = call.arguments.length - 1; i >= 0; i--) {
    const arg = call.arguments[i];
    if (isFunction(arg)) return arg;
  }
  return undefined;
}

/** The argument at `index`, or for -1 the last object literal (an options argument). */
export function argumentAt(call: TSESTree.CallExpression | TSESTree.NewExpression, index: number): Node | undefined {
  if (index >= 0) {
    const arg = call.arguments[index];
    return arg && arg.type !== 'SpreadElement' ? arg : undefined;
  }
  for (let i = call.arguments.length - 1; i >= 0; i--) {
    const arg = call.arguments[i];
    if (arg?.type === 'ObjectExpression') return arg;
  }
  return undefined;
}

/** The name of a non-computed key or a string-literal key, as written. */
export function staticKeyName(key: Node, computed: boolean): string | undefined {
  if (!computed && key.type === 'Identifier') return key.name;
  if (key.type === 'PrivateIdentifier') return `#${key.name}`;
  if (key.type === 'Literal' && (typeof key.value === 'string' || typeof key.value === 'number')) return String(key.value);
  if (key.type === 'TemplateLiteral' && key.expressions.length === 0) return key.quasis[0]?.value.cooked ?? undefined;
  return undefined;
}

export function memberName(member: TSESTree.MemberExpression): string | undefined {
  return staticKeyName(member.property, member.computed);
}

/** The function whose `this` a node sees: the nearest enclosing non-arrow function, or a class field/static block. */
export function thisOwner(node: Node): Node | undefined {
  for (let current = node.parent; current; current = current.parent) {
    if (current.type === 'FunctionDeclaration' || current.type === 'FunctionExpression') return current;
    if (current.type === 'PropertyDefinition' && current.value && isAncestor(current.value, node)) return current;
    if (current.type === 'StaticBlock') return current;
    if (current.type === 'Program') return undefined;
  }
  return undefined;
}

export function isAncestor(ancestor: Node, node: Node): boolean {
  for (let current: Node | undefined = node; current; current = current.parent) {
    if (current === ancestor) return true;
  }
  return false;
}

type VisitorKeys = Readonly<Record<string, readonly string[] | undefined>>;

/** Visits `root` and every node below it, parents first. */
export function walk(root: Node, visitorKeys: VisitorKeys, visit: (node: Node) => void): void {
  const stack: Node[] = [root];
  while (stack.length > 0) {
    const node = stack.pop()!;
    visit(node);
    const keys = visitorKeys[node.type] ?? [];
    for (let k = keys.length - 1; k >= 0; k--) {
      const child = (node as unknown as Record<string, unknown>)[keys[k]!];
      if (Array.isArray(child)) {
        for (let i = child.length - 1; i >= 0; i--) {
          const item = child[i] as Node | null;
          if (item && typeof item.type === 'string') stack.push(item);
        }
      } else if (child && typeof (child as Node).type === 'string') {
        stack.push(child as Node);
      }
    }
  }
}

/** `require('x')` with a literal specifier → `'x'`; undefined for anything else. */
export function requiredSpecifier(node: Node | null | undefined): string | undefined {
  if (node?.type !== 'CallExpression' || node.callee.type !== 'Identifier' || node.callee.name !== 'require') return undefined;
  const first = node.arguments[0];
  return first?.type === 'Literal' ? String(first.value) : undefined;
}
