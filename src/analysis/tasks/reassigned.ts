/**
 * A variable that two factories assign (`redis = new Redis()` in the primary's branch and
 * again in the worker's) has one binding, whose origin is the first assignment's. An access
 * after the later assignment, in the statement list that assignment stands in, is on the
 * connection that assignment made: the one a run-once worker closes in its `finally` is
 * its own, not the primary's.
 */
import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import { isAncestor, outermostValue, type Node } from '../../util/ast.js';
import type { Access, Origin, Values } from '../values.js';

type Variable = TSESLint.Scope.Variable;

/** A plain `x = <factory>` statement and the connection it makes. */
interface Assignment {
  readonly statement: Node;
  readonly origin: Origin;
}

/** The origin of the connection `access` is on: its binding's, unless a later assignment of the holder reaches it. */
export function reachingOrigin(values: Values, access: Access, cache: Map<Variable, readonly Assignment[]>): Origin {
  const { binding, origin } = access.site;
  if (!binding?.variable || binding.origin !== origin) return origin;
  let assignments = cache.get(binding.variable);
  if (!assignments) cache.set(binding.variable, (assignments = factoryAssignments(values, binding.variable)));
  let reaching: Assignment | undefined;
  for (const assignment of assignments) {
    const list = assignment.statement.parent;
    if (list && isAncestor(list, access.node) && assignment.statement.range[1] <= access.node.range[0]) reaching = assignment;
  }
  return reaching?.origin ?? origin;
}

/** The holder's assignments from tracked factories that stand as statements of their own, in source order. */
function factoryAssignments(values: Values, variable: Variable): Assignment[] {
  const found: Assignment[] = [];
  for (const reference of variable.references) {
    const assignment = reference.identifier.parent as Node | undefined;
    if (!reference.isWrite() || assignment?.type !== 'AssignmentExpression' || assignment.operator !== '=') continue;
    const origin = values.siteAt(assignment.right)?.origin ?? values.siteAt(unwrapped(assignment.right))?.origin;
    const statement = outermostValue(assignment).parent;
    if (origin && statement?.type === 'ExpressionStatement') found.push({ statement, origin });
  }
  return found.sort((a, b) => a.statement.range[0] - b.statement.range[0]);
}

/** `await factory()`: the factory call whose site the values stage records. */
function unwrapped(node: TSESTree.Expression): Node {
  return node.type === 'AwaitExpression' ? node.argument : node;
}
