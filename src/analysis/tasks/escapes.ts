/** Where a connection goes that the tasks stage stops following: returned, stored in a property, passed to a call. */
import { outermostValue, type Node } from '../../util/ast.js';
import type { TaskContext } from './context.js';

/** Handed to code the analysis cannot follow: returned, stored, passed to a call. */
export function escapes(context: TaskContext, reference: Node): boolean {
  const value = outermostValue(reference);
  const parent = value.parent;
  if (!parent) return false;
  switch (parent.type) {
    case 'ReturnStatement':
    case 'YieldExpression':
    case 'ArrayExpression':
    case 'Property':
      return true;
    case 'ArrowFunctionExpression':
      return parent.body === value;
    case 'AssignmentExpression':
      // A plain variable is a holder the analysis follows; a property is somewhere else.
      return parent.right === value && parent.left.type !== 'Identifier';
    case 'CallExpression':
    case 'NewExpression':
      // An argument of another tracked factory (`drizzle(pool)`) stays in view.
      return parent.callee !== value && !context.values.siteAt(parent);
    default:
      return false;
  }
}
