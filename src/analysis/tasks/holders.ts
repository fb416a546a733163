/**
 * Lazily filled per-worker holders: `pool ??= new Pool()` inside a task makes the
 * connection once per worker, not once per task, when the holder outlives the task.
 */
import type { TSESLint } from '@typescript-eslint/utils';
import { isAncestor, memberName, outermostValue, walk, type FunctionNode, type Node } from '../../util/ast.js';
import { variableOf } from '../../util/variables.js';
import { enclosingFunction } from '../functions.js';
import type { Values } from '../values.js';

type SourceCode = Readonly<TSESLint.SourceCode>;

/** What the holder questions read: the file, and the tracked values (what a connection's connect step is). */
export interface HolderContext {
  readonly sourceCode: SourceCode;
  readonly values: Values;
}

/**
 * The connection made at `node` goes into a holder declared outside `fn`, filled only when
 * empty; also as the promise of its connect step (`connecting ||= new MongoClient(url).connect()`).
 */
export function lazilyKept(context: HolderContext, node: Node, fn: FunctionNode): boolean {
  const { sourceCode } = context;
  const value = connectedValue(context, node);
  const parent = value.parent;
  if (!parent) return false;
  if (parent.type === 'AssignmentExpression' && parent.right === value) {
    if (!holdsOutside(sourceCode, parent.left, fn)) return false;
    if (parent.operator === '??=' || parent.operator === '||=') return true;
    return guardedBy(sourceCode, parent, parent.left, fn);
  }
  // `pool = pool ?? new Pool()`, `return pool || (pool = new Pool())`
  if (parent.type === 'LogicalExpression' && parent.right === value && (parent.operator === '??' || parent.operator === '||')) {
    return holdsOutside(sourceCode, parent.left, fn);
  }
  return false;
}

/**
 * The outermost expression that holds the connection made at `node`: through value
 * wrappers and the connect steps chained on it, which resolve to the connection itself.
 */
function connectedValue(context: HolderContext, node: Node): Node {
  const connect = context.values.siteAt(node)?.entity.connection?.connect ?? [];
  let value = outermostValue(node);
  for (;;) {
    const member = value.parent;
    const call = member?.type === 'MemberExpression' && member.object === value ? member.parent : undefined;
    const method = member?.type === 'MemberExpression' ? memberName(member) : undefined;
    if (call?.type !== 'CallExpression' || call.callee !== member || method === undefined || !connect.includes(method)) return value;
    value = outermostValue(call);
  }
}

/** The variable a lazily filled holder is (`pool` of `pool ??= new Pool()`) is set to `undefined` or `null` in the function of `call`. */
export function holderResetWith(context: HolderContext, created: Node, call: Node): boolean {
  const { sourceCode } = context;
  let assignment: Node | undefined = connectedValue(context, created).parent;
  if (assignment?.type === 'LogicalExpression') assignment = assignment.parent;
  if (assignment?.type !== 'AssignmentExpression' || assignment.left.type !== 'Identifier') return false;
  const holder = variableOf(assignment.left, sourceCode);
  const where = enclosingFunction(call);
  return (holder?.references ?? []).some((reference) => {
    const write = (reference.identifier as Node).parent;
    if (!reference.isWrite() || write?.type !== 'AssignmentExpression' || write.operator !== '=' || enclosingFunction(write) !== where) return false;
    return isEmptyValue(write.right);
  });
}

/** `undefined`, `null` or `void …`. */
function isEmptyValue(value: Node): boolean {
  return (value.type === 'Identifier' && value.name === 'undefined') || (value.type === 'Literal' && value.value === null) || (value.type === 'UnaryExpression' && value.operator === 'void');
}

function holdsOutside(sourceCode: SourceCode, target: Node, fn: FunctionNode): boolean {
  if (target.type === 'MemberExpression') return true;
  if (target.type !== 'Identifier') return false;
  const variable = variableOf(target, sourceCode);
  // An undeclared global (sloppy code) lives as long as the process, like a module variable.
  if (!variable || variable.defs.length === 0) return true;
  const declaration = variable.defs[0]!.name as Node;
  return !isAncestor(fn, declaration);
}

/**
 * An enclosing test inside `fn` reads the holder: `if (!pool) pool = new Pool()`, or the
 * assignment is what runs when the holder is empty (`pool || (pool = new Pool())`).
 */
function guardedBy(sourceCode: SourceCode, node: Node, holder: Node, fn: FunctionNode): boolean {
  const text = sourceCode.getText(holder);
  for (let child = node, current = node.parent; current && current !== fn; child = current, current = current.parent) {
    if ((current.type === 'IfStatement' || current.type === 'ConditionalExpression') && mentions(sourceCode, current.test, text)) return true;
    if (current.type === 'LogicalExpression' && current.operator !== '&&' && current.right === child && mentions(sourceCode, current.left, text)) return true;
  }
  return false;
}

/** `test` reads the holder written as `text`. */
function mentions(sourceCode: SourceCode, test: Node, text: string): boolean {
  let found = false;
  walk(test, sourceCode.visitorKeys, (child) => {
    if ((child.type === 'Identifier' || child.type === 'MemberExpression') && sourceCode.getText(child) === text) found = true;
  });
  return found;
}
