/**
 * Close on every path: whether the code that made a connection closes it whichever way
 * it runs: `using`, `finally` (also a promise's `.finally()`), a close after it in the
 * same block with no `return` before it, and, when paths that throw count, `try { …;
 * close } catch { close }`.
 */
import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import { isAncestor, isFunction, isValueWrapper, memberName, outermostValue, skipValueWrappers, walk, type Node } from '../../util/ast.js';
import { enclosingFunction } from '../functions.js';

type SourceCode = Readonly<TSESLint.SourceCode>;

/** A connection's creation and the statement list it is made in. */
interface Made {
  readonly node: Node;
  readonly statement: Node;
  readonly home: Node;
}

/**
 * The connection made at `created` is closed on every path of the code that made it.
 * `withErrors`: paths that throw count too (a task that throws lives on in its worker).
 * `settledBy`: calls whose callbacks close it on every path they settle (callback-closes).
 */
export function closedOnEveryPath(
  sourceCode: SourceCode, created: Node, closes: readonly TSESTree.CallExpression[], withErrors: boolean, settledBy: readonly Node[] = [],
): boolean {
  if (disposedByUsing(created) || settledBy.includes(created)) return true;
  // An import that connects as it loads is a statement of its own.
  const statement = statementOf(created) ?? (created.parent?.type === 'Program' ? created : outermostValue(created).parent?.parent);
  const home = statement?.parent;
  if (!statement || !home) return false;
  const made: Made = { node: created, statement, home };
  return closes.some((call) => closesOnEveryPath(sourceCode, made, call, closes, withErrors)) || settledBy.some((call) => settlesAfter(sourceCode, made, call));
}

/**
 * A call that closes through its callbacks: like the promise form of `finally`, it counts
 * when it runs after the creation (errors reach its callbacks rather than skip them).
 */
function settlesAfter(sourceCode: SourceCode, made: Made, call: Node): boolean {
  const statement = statementOf(call);
  return statement !== undefined && (runsAfter(sourceCode, made, statement) || inFinally(call, made.node));
}

/** `using pool = …` / `await using`: disposed when the block ends, however it ends. */
function disposedByUsing(created: Node): boolean {
  const declaration = outermostValue(created).parent?.parent;
  return declaration?.type === 'VariableDeclaration' && (declaration.kind === 'using' || declaration.kind === 'await using');
}

function closesOnEveryPath(sourceCode: SourceCode, made: Made, call: TSESTree.CallExpression, closes: readonly TSESTree.CallExpression[], withErrors: boolean): boolean {
  if (inFinally(call, made.node)) return true;
  // `client.connect().then(…).finally(() => client.end())`: the promise form of `finally`;
  // when only the paths that do not throw count, `work().then(() => { …; client.end(); })` too.
  const chain = promiseFinallyOf(call) ?? (withErrors ? undefined : promiseThenOf(call));
  if (chain && chain.callee.type === 'MemberExpression' && isAncestor(chain.callee.object, made.node)) return true; // `db.find().then(…).finally(() => db.close())`
  const chainStatement = chain && statementOf(chain);
  if (chainStatement && runsAfter(sourceCode, made, chainStatement)) return true;
  const statement = statementOf(call);
  if (!statement || statement.range[0] < made.node.range[1]) return false;
  if (!withErrors) return runsAfter(sourceCode, made, statement);
  return closedByTryAndCatch(sourceCode, made, statement, closes);
}

/** `statement` comes after the creation in its statement list and runs whenever the creation did. */
function runsAfter(sourceCode: SourceCode, made: Made, statement: Node): boolean {
  return statement.range[0] >= made.node.range[1] && unconditionalIn(statement, made.home, true) && !returnsBetween(sourceCode, listOf(made.home), made.statement, statement);
}

/** try { …; close } catch { close }: both ways out close it. */
function closedByTryAndCatch(sourceCode: SourceCode, made: Made, statement: Node, closes: readonly TSESTree.CallExpression[]): boolean {
  const tryStatement = statement.parent?.parent;
  if (tryStatement?.type !== 'TryStatement' || tryStatement.block !== statement.parent || !tryStatement.handler) return false;
  if (!(isAncestor(tryStatement.block, made.node) || tryStatement.range[0] > made.node.range[0])) return false;
  if (returnsBetween(sourceCode, listOf(tryStatement.block), made.statement, statement)) return false;
  const handler = tryStatement.handler.body;
  return closes.some((other) => statementOf(other)?.parent === handler);
}

/** The statement a call runs as, through `await`, `Promise.all([...])` and the like. */
export function statementOf(call: Node): Node | undefined {
  let current: Node = call;
  for (let parent = current.parent; parent; current = parent, parent = parent.parent) {
    if (isValueWrapper(parent)) continue;
    switch (parent.type) {
      case 'ArrayExpression':
      case 'SequenceExpression':
        continue;
      case 'UnaryExpression':
        if (parent.operator === 'void') continue;
        return undefined;
      case 'CallExpression':
        if (parent.callee !== current) continue; // Promise.all([...]), allSettled
        return undefined;
      case 'VariableDeclarator':
        return parent.parent;
      case 'ExpressionStatement':
      case 'ReturnStatement':
        return parent;
      default:
        return undefined;
    }
  }
  return undefined;
}

/**
 * From `statement` up to `container`, every step runs unconditionally: plain blocks and
 * (when `throughTry`) the block of a try statement.
 */
function unconditionalIn(statement: Node, container: Node, throughTry: boolean): boolean {
  let current = statement;
  for (;;) {
    const parent = current.parent;
    if (!parent) return false;
    if (parent === container) return true;
    if (parent.type === 'LabeledStatement') {
      current = parent;
    } else if (parent.type === 'BlockStatement') {
      const grand = parent.parent;
      if (grand?.type === 'BlockStatement' || grand?.type === 'Program' || grand?.type === 'LabeledStatement' || grand === container) current = parent;
      else if (grand?.type === 'TryStatement' && grand.block === parent && throughTry) current = grand;
      else return false;
    } else {
      return false;
    }
  }
}

/** Like unconditionalIn, but a null check of the connection is fine: `if (client) await client.end()`. */
function unconditionalOrGuarded(statement: Node, container: Node): boolean {
  let current = statement;
  while (current !== container) {
    const parent = current.parent;
    if (!parent) return false;
    if (parent.type === 'BlockStatement' || parent.type === 'TryStatement' || parent.type === 'IfStatement') current = parent;
    else return false;
  }
  return true;
}

/** A statement of `list` between `from` and `to` returns from the function `from` runs in. */
function returnsBetween(sourceCode: SourceCode, list: readonly Node[], from: Node, to: Node): boolean {
  return list.some((statement) => statement.range[0] >= from.range[1] && statement.range[0] < to.range[0] && returnsIn(sourceCode, statement, from));
}

function returnsIn(sourceCode: SourceCode, statement: Node, from: Node): boolean {
  let found = false;
  walk(statement, sourceCode.visitorKeys, (child) => {
    if (child.type === 'ReturnStatement' && enclosingFunction(child) === enclosingFunction(from)) found = true;
  });
  return found;
}

function listOf(block: Node): readonly Node[] {
  if (block.type === 'Program' || block.type === 'BlockStatement' || block.type === 'StaticBlock') return block.body;
  return [];
}

/** `call` runs in the `finally` of a try statement that holds (or follows) the creation. */
function inFinally(call: Node, created: Node): boolean {
  for (let current = call.parent; current && !isFunction(current); current = current.parent) {
    const parent = current.parent;
    if (parent?.type === 'TryStatement' && parent.finalizer === current) {
      const statement = statementOf(call);
      return statement !== undefined && unconditionalOrGuarded(statement, current) && (isAncestor(parent.block, created) || parent.range[0] > created.range[0]);
    }
  }
  return false;
}

/** The `.finally(cb)` call whose callback is (or only awaits) `call`. */
function promiseFinallyOf(call: Node): TSESTree.CallExpression | undefined {
  const callback = enclosingFunction(call);
  if (callback?.type !== 'ArrowFunctionExpression' && callback?.type !== 'FunctionExpression') return undefined;
  if (onlyValueOf(callback) !== call) return undefined;
  const chain = callback.parent;
  const isFinally = chain?.type === 'CallExpression' && chain.arguments[0] === callback && chain.callee.type === 'MemberExpression' && memberName(chain.callee) === 'finally';
  return isFinally ? chain : undefined;
}

/** The `.then(cb)` call whose callback runs `call` as one of its own statements, whatever else it does. */
function promiseThenOf(call: Node): TSESTree.CallExpression | undefined {
  const callback = enclosingFunction(call);
  if (callback?.type !== 'ArrowFunctionExpression' && callback?.type !== 'FunctionExpression') return undefined;
  const statement = statementOf(call);
  const direct = callback.body.type === 'BlockStatement' ? statement?.parent === callback.body : onlyValueOf(callback) === call;
  const chain = callback.parent;
  const isThen = chain?.type === 'CallExpression' && chain.arguments[0] === callback && chain.callee.type === 'MemberExpression' && memberName(chain.callee) === 'then';
  return direct && isThen ? chain : undefined;
}

/** What a callback of one expression (or one statement) evaluates, through `await` and type wrappers. */
function onlyValueOf(callback: TSESTree.ArrowFunctionExpression | TSESTree.FunctionExpression): Node | undefined {
  const body = callback.body;
  const only = body.type === 'BlockStatement' ? (body.body.length === 1 ? body.body[0] : undefined) : body;
  const expression = only?.type === 'ExpressionStatement' ? only.expression : only?.type === 'ReturnStatement' ? only.argument : only;
  return expression ? skipValueWrappers(expression) : undefined;
}
