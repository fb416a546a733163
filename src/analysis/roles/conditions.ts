/**
 * The truth of a condition per role: `cluster.isPrimary`, `!isMainThread`,
 * `isPrimary && x`, `typeof process.send === 'function'`, `switch (true) { case isPrimary: }`.
 */
import type { TSESTree } from '@typescript-eslint/utils';
import { skipTypeWrappers, type Node } from '../../util/ast.js';
import { UNKNOWN, intersection, negated, union, type Truth } from './masks.js';
import type { RoleTests } from './role-tests.js';

function isLooseNullish(node: Node): boolean {
  return (node.type === 'Literal' && node.value === null) || (node.type === 'Identifier' && node.name === 'undefined');
}

function logical(node: TSESTree.LogicalExpression, tests: RoleTests): Truth {
  const left = truth(node.left, tests);
  const right = truth(node.right, tests);
  if (node.operator === '&&') return { truthy: intersection(left.truthy, right.truthy), falsy: union(left.falsy, left.truthy & right.falsy) };
  if (node.operator === '||') return { truthy: union(left.truthy, left.falsy & right.truthy), falsy: intersection(left.falsy, right.falsy) };
  return UNKNOWN;
}

/** One side of a comparison against a constant (`subject === other`), or undefined when it tells nothing. */
function compared(subject: Node, other: Node, tests: RoleTests): Truth | undefined {
  const value = skipTypeWrappers(other);
  if (subject.type === 'UnaryExpression' && subject.operator === 'typeof' && value.type === 'Literal' && typeof value.value === 'string') {
    const inner = truth(subject.argument, tests);
    if (inner === UNKNOWN) return undefined;
    return value.value === 'undefined' ? negated(inner) : inner;
  }
  if (value.type === 'Literal' && typeof value.value === 'boolean') {
    const inner = truth(subject, tests);
    if (inner === UNKNOWN) return undefined;
    return value.value ? inner : negated(inner);
  }
  if (isLooseNullish(value)) {
    const inner = truth(subject, tests);
    return inner === UNKNOWN ? undefined : negated(inner);
  }
  return undefined;
}

/** `isPrimary === false`, `typeof process.send === 'function'`, `process.send !== undefined`. */
function comparison(node: TSESTree.BinaryExpression, tests: RoleTests): Truth {
  const negatedOperator = node.operator === '!==' || node.operator === '!=';
  if (!negatedOperator && node.operator !== '===' && node.operator !== '==') return UNKNOWN;
  const result = compared(node.left, node.right, tests) ?? compared(node.right, node.left, tests);
  if (!result) return UNKNOWN;
  return negatedOperator ? negated(result) : result;
}

export function truth(expression: Node, tests: RoleTests): Truth {
  const node = skipTypeWrappers(expression);
  const known = tests.get(node);
  if (known) return known;
  switch (node.type) {
    case 'UnaryExpression':
      return node.operator === '!' ? negated(truth(node.argument, tests)) : UNKNOWN;
    case 'LogicalExpression':
      return logical(node, tests);
    case 'BinaryExpression':
      return comparison(node, tests);
    case 'CallExpression':
      // `Boolean(isPrimary)`
      if (node.callee.type === 'Identifier' && node.callee.name === 'Boolean' && node.arguments.length === 1) return truth(node.arguments[0]!, tests);
      return UNKNOWN;
    default:
      return UNKNOWN;
  }
}

/** Where a `case` of a switch matches: `switch (true) { case isPrimary: }`, `switch (isWorker) { case false: }`. */
export function caseMatch(switchNode: TSESTree.SwitchStatement, test: Node, tests: RoleTests): Truth {
  const discriminant = skipTypeWrappers(switchNode.discriminant);
  if (discriminant.type === 'Literal' && discriminant.value === true) return truth(test, tests);
  const value = skipTypeWrappers(test);
  // `switch (process.env.ROLE) { case 'worker': }`: the case's own test (roles/markers).
  const marked = tests.get(value);
  if (marked) return marked;
  if (value.type !== 'Literal' || typeof value.value !== 'boolean') return UNKNOWN;
  const inner = truth(discriminant, tests);
  return value.value ? inner : negated(inner);
}
