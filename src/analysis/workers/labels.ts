/** How reports name a task: from the row of the API that registered it, or from what the module exports. */
import { getStaticValue } from '@eslint-community/eslint-utils';
import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import { DEFAULT_TASK_LABEL, type TaskLabel } from '../../knowledge/workers.js';
import type { Node } from '../../util/ast.js';

/** `{name}` in a row's label; a function replacement, so `$` in a name stays as written. */
function fill(template: string, placeholder: string, value: string): string {
  return template.replace(placeholder, () => value);
}

/** A task of a runner API: "workerpool task `resize`", "the processor of bullmq queue 'q'". */
export function registeredTaskLabel(
  label: TaskLabel | undefined,
  method: string | undefined,
  call: TSESTree.CallExpression | TSESTree.NewExpression,
  sourceCode: Readonly<TSESLint.SourceCode>,
): string {
  const row = label ?? DEFAULT_TASK_LABEL;
  if (row.nameArg !== undefined) {
    const name = argumentString(call, row.nameArg, sourceCode);
    return name === undefined ? row.unnamed : fill(row.named, '{name}', name);
  }
  return method ? fill(row.named, '{name}', method) : row.unnamed;
}

/** A string written at the argument: bull's `process(5, fn)` has its concurrency there, no name. */
function argumentString(call: TSESTree.CallExpression | TSESTree.NewExpression, index: number, sourceCode: Readonly<TSESLint.SourceCode>): string | undefined {
  const arg = call.arguments[index];
  const found = arg ? getStaticValue(arg as never, sourceCode.getScope(call) as never) : null;
  return typeof found?.value === 'string' ? found.value : undefined;
}

/** A message handler: "the `parentPort` message handler". */
export function messageHandlerLabel(template: string, receiver: Node, sourceCode: Readonly<TSESLint.SourceCode>): string {
  return fill(template, '{receiver}', sourceCode.getText(receiver));
}

/** An exported task function, by its export name (`default`, `module.exports`, or its own). */
export function exportedTaskLabel(name: string): string {
  if (name === 'default') return "the worker's default export";
  if (name === 'module.exports') return "the worker's exported function";
  return `exported task \`${name}\``;
}
