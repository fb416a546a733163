/** Whether code ends the process or thread on every path: `process.exit()` in each branch. */
import type { TSESLint } from '@typescript-eslint/utils';
import { isFunction, walk, type Node } from '../../util/ast.js';
import { enclosingFunction } from '../functions.js';
import { skipWrappersAndVoid } from './unwrap.js';

export interface ExitContext {
  /** The calls that end the process or thread. */
  readonly exitCalls: ReadonlySet<Node>;
  readonly visitorKeys: Readonly<TSESLint.SourceCode>['visitorKeys'];
}

/** A program, function or block ends the process or thread on every path. */
export function endsOnEveryPath(body: Node, context: ExitContext): boolean {
  if (body.type === 'Program') return listEnds(body.body, context);
  if (isFunction(body)) return body.body.type === 'BlockStatement' ? listEnds(body.body.body, context) : isExitExpression(body.body, context);
  if (body.type === 'BlockStatement') return listEnds(body.body, context);
  return false;
}

function isExitExpression(node: Node, context: ExitContext): boolean {
  return context.exitCalls.has(skipWrappersAndVoid(node));
}

/** A statement list ends when one of its statements does before any of them may return. */
function listEnds(statements: readonly Node[], context: ExitContext): boolean {
  for (const statement of statements) {
    if (statementEnds(statement, context)) return true;
    if (containsReturn(statement, context)) return false;
  }
  return false;
}

function statementEnds(statement: Node, context: ExitContext): boolean {
  switch (statement.type) {
    case 'ExpressionStatement':
      return isExitExpression(statement.expression, context);
    case 'BlockStatement':
      return listEnds(statement.body, context);
    case 'IfStatement':
      return statement.alternate != null && statementEnds(statement.consequent, context) && statementEnds(statement.alternate, context);
    case 'TryStatement':
      return (
        (statement.finalizer != null && listEnds(statement.finalizer.body, context)) ||
        (listEnds(statement.block.body, context) && (statement.handler == null || listEnds(statement.handler.body.body, context)))
      );
    default:
      return false;
  }
}

function containsReturn(node: Node, context: ExitContext): boolean {
  let found = false;
  walk(node, context.visitorKeys, (child) => {
    // Only returns of the function `node` is in, not of functions declared inside it.
    if (child.type === 'ReturnStatement' && enclosingFunction(child) === enclosingFunction(node)) found = true;
  });
  return found;
}
