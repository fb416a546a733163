/**
 * The roles that reach a node from its parent: the branch of an `if`, a ternary, `&&` /
 * `||`, a `case` it sits in, and the statements after an early exit of one role
 * (`if (cluster.isPrimary) return;`).
 */
import type { TSESTree } from '@typescript-eslint/utils';
import { PROCESS_EXITS } from '../../knowledge/forks.js';
import type { Node } from '../../util/ast.js';
import { statementsOf, type StatementList } from '../../util/statements.js';
import { isApi } from '../api-refs.js';
import type { TrackedNode } from '../imports.js';
import { caseMatch, truth } from './conditions.js';
import { BOTH, intersection, union, type RoleMask } from './masks.js';
import type { RoleTests } from './role-tests.js';

export interface PathContext {
  readonly tests: RoleTests;
  /** `process.exit()` however `process` is reached: the global, `node:process`, `const { exit } = process`. */
  readonly exitCalls: ReadonlySet<Node>;
  /** Per statement list, what `prefixMasks` found. */
  readonly prefixCache: Map<Node, readonly RoleMask[]>;
}

export function findExitCalls(tracked: readonly TrackedNode[]): Set<Node> {
  return new Set(tracked.filter((node) => PROCESS_EXITS.some((ref) => isApi(node, ref))).map((node) => node.node));
}

/** Nothing after the statement runs: it returns, throws or ends the process on every path. */
function exits(statement: Node | null | undefined, context: PathContext): boolean {
  if (!statement) return false;
  switch (statement.type) {
    case 'ReturnStatement':
    case 'ThrowStatement':
      return true;
    case 'BlockStatement':
      return statement.body.some((child) => exits(child, context));
    case 'IfStatement':
      return exits(statement.consequent, context) && exits(statement.alternate, context);
    default:
      return statement.type === 'ExpressionStatement' && context.exitCalls.has(statement.expression);
  }
}

/** For each statement of a list, the roles that still reach it after the early exits before it. */
export function prefixMasks(list: StatementList, context: PathContext): readonly RoleMask[] {
  const cached = context.prefixCache.get(list);
  if (cached) return cached;
  const masks: RoleMask[] = [];
  let current: RoleMask = BOTH;
  for (const statement of statementsOf(list)) {
    masks.push(current);
    if (statement.type !== 'IfStatement') continue;
    const consequentExits = exits(statement.consequent, context);
    const alternateExits = exits(statement.alternate, context);
    if (consequentExits === alternateExits) continue;
    const condition = truth(statement.test, context.tests);
    current = intersection(current, consequentExits ? condition.falsy : condition.truthy);
  }
  context.prefixCache.set(list, masks);
  return masks;
}

function endsCase(switchCase: TSESTree.SwitchCase, context: PathContext): boolean {
  const last = switchCase.consequent.at(-1);
  if (!last) return false;
  return last.type === 'BreakStatement' || last.type === 'ContinueStatement' || exits(last, context);
}

/** Where a case matches by itself; `default` where no other case does. */
function ownMatch(entry: TSESTree.SwitchCase, context: PathContext): RoleMask {
  const switchNode = entry.parent;
  if (entry.test) return caseMatch(switchNode, entry.test, context.tests).truthy;
  let mask: RoleMask = BOTH;
  for (const other of switchNode.cases) if (other.test) mask = intersection(mask, caseMatch(switchNode, other.test, context.tests).falsy);
  return mask;
}

/** The roles that run a case's statements: its own match, and the cases above that fall through into it. */
function caseMask(switchCase: TSESTree.SwitchCase, context: PathContext): RoleMask {
  const cases = switchCase.parent.cases;
  let mask = ownMatch(switchCase, context);
  for (let i = cases.indexOf(switchCase) - 1; i >= 0 && !endsCase(cases[i]!, context); i--) mask = union(mask, ownMatch(cases[i]!, context));
  return mask;
}

/** The roles in which `parent` runs its child `child`, given that `parent` runs. */
export function edgeMask(parent: Node, child: Node, context: PathContext): RoleMask {
  switch (parent.type) {
    case 'IfStatement':
    case 'ConditionalExpression':
      if (child === parent.consequent) return truth(parent.test, context.tests).truthy;
      if (child === parent.alternate) return truth(parent.test, context.tests).falsy;
      return BOTH;
    case 'LogicalExpression':
      if (child !== parent.right) return BOTH;
      if (parent.operator === '&&') return truth(parent.left, context.tests).truthy;
      if (parent.operator === '||') return truth(parent.left, context.tests).falsy;
      return BOTH;
    case 'SwitchCase':
      return child === parent.test ? BOTH : caseMask(parent, context);
    default:
      return BOTH;
  }
}
