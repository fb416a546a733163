/**
 * The one question every fix that inserts a statement asks before it does: does code at
 * this place run in the role it is meant for? In a module that forks itself, a statement
 * the primary runs too (a shutdown hook on `parentPort`, which is null there) fails or does
 * its work in the wrong process; in other modules every place has both roles.
 */
import type { Node } from '../../util/ast.js';
import { isStatementList, statementsOf, type Statement } from '../../util/statements.js';
import { WORKER, type RoleMask, type Roles } from '../roles.js';

/**
 * Code placed at `node` runs in `role` only, or the module has no roles. Judged where the
 * code lands: beside `function work() {}` that is where the declaration stands, not where
 * `work()` is called.
 */
export function runsOnlyIn(node: Node, role: RoleMask, roles: Roles): boolean {
  return !roles.selfForking || roles.roleOfPlace(node) === role;
}

/** Code meant for the worker runs at `node` once per worker: in the worker's role only, and not once per call of a function. */
export function runsOncePerWorker(node: Node, roles: Roles): boolean {
  return runsOnlyIn(node, WORKER, roles) && roles.runsOnce(node);
}

/**
 * The statements that hold `node`, one per statement list around it, innermost first:
 * the places where a statement can be inserted next to it.
 */
export function statementsAround(node: Node): Statement[] {
  const found: Statement[] = [];
  for (let child: Node = node, parent = node.parent; parent; child = parent, parent = parent.parent) {
    if (isStatementList(parent) && (statementsOf(parent) as readonly Node[]).includes(child)) found.push(child as Statement);
  }
  return found;
}
