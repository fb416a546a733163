/**
 * Whether an expression's source text can be copied to another place and still mean the
 * same value there: literals, and names that resolve to the same variable at both places.
 */
import { findVariable } from '@eslint-community/eslint-utils';
import type { TSESLint } from '@typescript-eslint/utils';
import type { TSESTree } from '@typescript-eslint/utils';
import type { Node } from './ast.js';

const MAX_NODES = 64;

export function isPortable(expression: Node, destination: Node, sourceCode: Readonly<TSESLint.SourceCode>): boolean {
  let budget = MAX_NODES;
  const sourceScope = sourceCode.getScope(expression);
  const destinationScope = sourceCode.getScope(destination);

  const sameName = (identifier: TSESTree.Identifier): boolean => {
    const here = findVariable(sourceScope as never, identifier.name);
    const there = findVariable(destinationScope as never, identifier.name);
    // Both undefined: the same global (`process`), unless shadowed at the destination.
    return here === there;
  };

  const check = (node: Node): boolean => {
    if (--budget < 0) return false;
    switch (node.type) {
      case 'Literal':
        return true;
      case 'TemplateLiteral':
        return node.expressions.every(check);
      case 'Identifier':
        return sameName(node);
      case 'MemberExpression':
        return check(node.object) && (!node.computed || check(node.property));
      case 'ObjectExpression':
        return node.properties.every((property) =>
          property.type === 'Property'
            ? !property.method && (!property.computed || check(property.key)) && check(property.value)
            : check(property.argument),
        );
      case 'ArrayExpression':
        return node.elements.every((element) => element === null || check(element.type === 'SpreadElement' ? element.argument : element));
      case 'UnaryExpression':
        return check(node.argument);
      case 'BinaryExpression':
        return node.left.type !== 'PrivateIdentifier' && check(node.left) && check(node.right);
      case 'LogicalExpression':
        return check(node.left) && check(node.right);
      case 'ConditionalExpression':
        return check(node.test) && check(node.consequent) && check(node.alternate);
      default:
        return false;
    }
  };
  return check(expression);
}
