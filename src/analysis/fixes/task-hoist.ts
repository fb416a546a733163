/**
 * Where no-connection-per-task's suggestion moves a connection a task makes, so that the
 * worker makes it once: before the module-scope statement that holds the task, or, in a
 * module that forks itself, at the start of the region that runs in the task's role only
 * (the worker branch), so that the primary does not open the worker's connection.
 */
import { findVariable } from '@eslint-community/eslint-utils';
import type { TSESLint } from '@typescript-eslint/utils';
import type { Statement } from '../../util/statements.js';
import { canEvaluateAt, indentOf, insertion, reindent, removal, type TextEdit } from './placement.js';
import { runsOnlyIn } from './role-placement.js';
import type { Roles } from '../roles.js';
import type { TaskConnection } from '../tasks.js';
import type { TaskFunction } from '../workers.js';

type SourceCode = Readonly<TSESLint.SourceCode>;
type Hoist = NonNullable<TaskConnection['hoist']>;

export interface HoistContext {
  readonly sourceCode: SourceCode;
  readonly roles: Roles;
}

/**
 * Before the module-scope statement that holds the task, where it runs in the task's roles
 * only; else the start of the region in the task's one role.
 */
function destinationOf(hoist: Hoist, task: TaskFunction, connection: TaskConnection, context: HoistContext): Statement | undefined {
  const { roles, sourceCode } = context;
  const role = roles.roleOf(task.node);
  if (runsOnlyIn(hoist.before, role, roles)) return hoist.before;
  const start = roles.regionStart(task.node, role);
  if (!start || !roles.runsOnce(start) || !canEvaluateAt(connection.node, start, sourceCode)) return undefined;
  // The name must be free there, or the moved declaration would shadow (or clash with) another.
  const name = hoist.declaration.declarations[0]!.id;
  return name.type === 'Identifier' && !findVariable(sourceCode.getScope(start) as never, name.name) ? start : undefined;
}

/** Take the declaration out of the task (its whole line when it stands alone) and declare it before the destination. */
export function hoistEdits(connection: TaskConnection, context: HoistContext): readonly TextEdit[] | undefined {
  const { sourceCode } = context;
  const { hoist, task } = connection;
  const destination = hoist && task && destinationOf(hoist, task, connection, context);
  if (!hoist || !destination) return undefined;
  const { declaration } = hoist;
  const { start, end } = declaration.loc;
  const after = (sourceCode.lines[end.line - 1] ?? '').slice(end.column);
  const alone = start.line > 1 && indentOf(declaration, sourceCode) !== undefined && after.trim() === '';
  const from = alone ? sourceCode.getIndexFromLoc({ line: start.line, column: 0 }) - 1 : declaration.range[0];
  const indent = indentOf(destination, sourceCode) ?? '';
  // The first line lands after the destination's indentation; the others follow it.
  const text = reindent(sourceCode.getText(declaration), indentOf(declaration, sourceCode) ?? '', indent).trimStart();
  return [removal([from, declaration.range[1]]), insertion(destination.range[0], `${text}\n\n${indent}`)];
}
