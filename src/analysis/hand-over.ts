/**
 * Where a read of a connection's holder takes the connection: on to code the analysis does
 * not follow (an argument, an object property, a return value), or nowhere new (a member
 * access, an alias, a truthiness test).
 */
import type { Node } from '../util/ast.js';

/** Where a read of the holder ends up, through `await`, type wrappers and `a ?? b`. */
export function valueParent(node: Node): { node: Node; parent: Node | undefined } {
  let current = node;
  for (;;) {
    const parent = current.parent;
    if (!parent) return { node: current, parent };
    const passes =
      parent.type === 'AwaitExpression' || parent.type === 'ChainExpression' || parent.type === 'TSAsExpression' ||
      parent.type === 'TSNonNullExpression' || parent.type === 'TSSatisfiesExpression' || parent.type === 'TSTypeAssertion' ||
      (parent.type === 'LogicalExpression' && parent.right === current) ||
      (parent.type === 'ConditionalExpression' && parent.test !== current);
    if (!passes) return { node: current, parent };
    current = parent;
  }
}

/**
 * A read that hands the connection to code this analysis does not follow: an argument,
 * a property of an object, a return value, an export. Aliases, member accesses and
 * truthiness tests are not.
 */
export function isHandOver(reference: Node): boolean {
  const { node, parent } = valueParent(reference);
  if (!parent) return false;
  switch (parent.type) {
    case 'MemberExpression':
      return parent.object !== node;
    case 'VariableDeclarator':
      return parent.id.type !== 'Identifier';
    case 'AssignmentExpression':
      return parent.left === node ? false : !(parent.left.type === 'Identifier' || (parent.left.type === 'MemberExpression' && parent.left.object.type === 'ThisExpression'));
    case 'ExpressionStatement':
    case 'IfStatement':
    case 'ConditionalExpression':
    case 'LogicalExpression':
    case 'UnaryExpression':
    case 'BinaryExpression':
    case 'WhileStatement':
    case 'DoWhileStatement':
    case 'ForStatement':
      return false;
    default:
      return true;
  }
}
