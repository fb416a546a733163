/**
 * The exported functions of a module whose runner calls its exports as tasks (piscina,
 * tinypool, sandboxed bullmq processors, jest-worker): `export default`, named exports,
 * `module.exports` and `exports.x`.
 */
import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import type { RunnerKind } from '../../knowledge/workers.js';
import { memberName, type Node } from '../../util/ast.js';
import { functionsOf } from './function-values.js';
import { exportedTaskLabel } from './labels.js';
import { addTask, type TaskSet } from './task-set.js';

/** One exported value: what it is, the name it is exported as, and the statement that exports it. */
interface ExportedValue {
  readonly value: Node | null | undefined;
  readonly name: string;
  readonly at: Node;
}

interface ModuleExports {
  readonly values: readonly ExportedValue[];
  /** Anything at all is exported, values or declarations (a class, a type). */
  readonly exportsSomething: boolean;
}

/** Adds the exported task functions when `runner` calls the exports; tells whether the module exports anything. */
export function collectExportedTasks(
  tasks: TaskSet,
  program: TSESTree.Program,
  runs: { readonly runner: RunnerKind; readonly only?: ReadonlySet<string> } | undefined,
  sourceCode: Readonly<TSESLint.SourceCode>,
): boolean {
  const { values, exportsSomething } = moduleExports(program);
  if (!runs) return exportsSomething;
  const { runner, only } = runs;
  for (const { value, name, at } of values) {
    if (!value) continue;
    for (const { fn, name: method } of functionsOf(value, sourceCode)) {
      // `module.exports = { send }` exports `send` too: a registration of it names that.
      if (only && !only.has(name) && !(method !== undefined && only.has(method))) continue;
      addTask(tasks, fn, runner, exportedTaskLabel(method ?? name), at);
    }
  }
  return exportsSomething;
}

function moduleExports(program: TSESTree.Program): ModuleExports {
  const values: ExportedValue[] = [];
  let otherDeclaration = false;
  for (const statement of program.body) {
    if (statement.type === 'ExportDefaultDeclaration') {
      values.push({ value: statement.declaration as Node, name: 'default', at: statement });
    } else if (statement.type === 'ExportNamedDeclaration') {
      if (!namedExports(statement, values)) otherDeclaration = true;
    } else if (statement.type === 'TSExportAssignment') {
      values.push({ value: statement.expression, name: 'module.exports', at: statement });
    } else if (statement.type === 'ExpressionStatement' && statement.expression.type === 'AssignmentExpression') {
      const target = commonJsExport(statement.expression.left);
      if (target) values.push({ value: statement.expression.right, name: target, at: statement });
    }
  }
  return { values, exportsSomething: values.length > 0 || otherDeclaration };
}

/** `export function f`, `export const f = …`, `export { f as g }`; false for another declaration (a class, a type). */
function namedExports(statement: TSESTree.ExportNamedDeclaration, values: ExportedValue[]): boolean {
  const declaration = statement.declaration;
  let valueDeclaration = true;
  if (declaration?.type === 'FunctionDeclaration' && declaration.id) {
    values.push({ value: declaration, name: declaration.id.name, at: statement });
  } else if (declaration?.type === 'VariableDeclaration') {
    for (const declarator of declaration.declarations) {
      if (declarator.id.type === 'Identifier') values.push({ value: declarator.init, name: declarator.id.name, at: statement });
    }
  } else if (declaration) {
    valueDeclaration = false;
  }
  for (const specifier of statement.specifiers) {
    if (specifier.local.type === 'Identifier' && specifier.exported.type === 'Identifier') {
      values.push({ value: specifier.local, name: specifier.exported.name, at: statement });
    }
  }
  return valueDeclaration;
}

/** `module.exports = …`, `module.exports.x = …`, `exports.x = …`: the exported name. */
export function commonJsExport(left: Node): string | undefined {
  if (left.type !== 'MemberExpression') return undefined;
  const object = left.object;
  if (object.type === 'Identifier' && object.name === 'module' && memberName(left) === 'exports') return 'module.exports';
  if (object.type === 'Identifier' && object.name === 'exports') return memberName(left);
  if (object.type === 'MemberExpression' && object.object.type === 'Identifier' && object.object.name === 'module' && memberName(object) === 'exports') {
    return memberName(left);
  }
  return undefined;
}
