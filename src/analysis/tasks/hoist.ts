/**
 * Whether a connection made in a task can move to the module scope as it is written, for
 * the fix of `no-connection-per-task`: one declaration of it, evaluable before the task's
 * top-level statement, its name free there, and no task step that opens or closes it.
 */
import { findVariable } from '@eslint-community/eslint-utils';
import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import { isAncestor, outermostValue, type Node } from '../../util/ast.js';
import { accessKind } from '../lifecycle.js';
import { canEvaluateAt } from '../fixes/placement.js';
import type { Access } from '../values.js';
import type { TaskFunction } from '../workers.js';
import type { TaskContext } from './context.js';
import type { TaskConnection } from './types.js';

/** Access kinds that would act on the one shared connection once it is hoisted. */
const PER_TASK_STEPS = new Set(['close', 'connect', 'release']);

export function hoistOf(context: TaskContext, node: Node, task: TaskFunction, taskAccesses: readonly Access[]): TaskConnection['hoist'] {
  const { sourceCode, program } = context;
  const value = outermostValue(node);
  const declarator = value.parent;
  if (declarator?.type !== 'VariableDeclarator' || declarator.init !== value || declarator.id.type !== 'Identifier') return undefined;
  const declaration = declarator.parent;
  if (declaration.declarations.length !== 1 || declaration.kind === 'using' || declaration.kind === 'await using') return undefined;
  // A task that connects or closes it would now do so on the shared one.
  if (taskAccesses.some((access) => PER_TASK_STEPS.has(accessKind(access)))) return undefined;
  if (value.type === 'AwaitExpression' && !isModule(program)) return undefined; // top-level await needs ESM
  const before = program.body.find((statement) => isAncestor(statement, task.node));
  if (!before || !canEvaluateAt(node, before, sourceCode)) return undefined;
  if (findVariable(moduleScope(sourceCode, program) as never, declarator.id.name)) return undefined;
  return { declaration, before };
}

/** Plainly ESM: it imports or exports (parsers disagree on `sourceType` for CommonJS). */
function isModule(program: TSESTree.Program): boolean {
  return program.sourceType === 'module' && program.body.some((statement) => /^(?:Import|Export)/.test(statement.type));
}

/** The scope of the file's top-level declarations (module, CommonJS wrapper, or global). */
function moduleScope(sourceCode: Readonly<TSESLint.SourceCode>, program: TSESTree.Program): TSESLint.Scope.Scope {
  const global = sourceCode.scopeManager!.globalScope! as TSESLint.Scope.Scope;
  return global.childScopes.find((scope) => scope.block === program) ?? global;
}
