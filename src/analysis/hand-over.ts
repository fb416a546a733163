/**
 * Where a read of a connection's holder takes the connection: on to code the analysis does
 * not follow (an argument, an object property, a return value), or nowhere new (a member
 * access, an alias, a truthiness test).
 */
import { isValueWrapper, type Node } from '../util/ast.js';

/**
 * A parent that passes the read's value on: the shared value wrappers, the right side of
 * `a ?? b` / `a || b` (the left side is a test as well as a value), and either branch of a
 * conditional (not its test).
 */
function passesOn(parent: Node, child: Node): boolean {
  if (isValueWrapper(parent)) return true;
  if (parent.type === 'LogicalExpression') return parent.right === child;
  return parent.type === 'ConditionalExpression' && parent.test !== child;
}

/** Where a read of the holder ends up, through `await`, type wrappers and `a ?? b`. */
export function valueParent(node: Node): { node: Node; parent: Node | undefined } {
  let current = node;
  while (current.parent && passesOn(current.parent, current)) current = current.parent;
  return { node: current, parent: current.parent };
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
