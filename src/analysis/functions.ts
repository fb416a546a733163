/**
 * Functions as the analysis sees them: which function a node runs in, and where a
 * function is called or handed over (`parentPort.on('message', handle)`) in the file.
 */
import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import { isFunction, type FunctionNode, type Node } from '../util/ast.js';
import { variableOf } from '../util/variables.js';

type Variable = TSESLint.Scope.Variable;

/** The innermost function that contains `node`, or undefined at module scope. */
export function enclosingFunction(node: Node): FunctionNode | undefined {
  for (let current = node.parent; current; current = current.parent) {
    if (isFunction(current)) return current;
  }
  return undefined;
}

/** `export function f`, `export const f = () => {}`, `export default function`: other modules may call it. */
export function isExportedFunction(fn: FunctionNode): boolean {
  let holder: Node | undefined = fn.parent;
  if (holder?.type === 'VariableDeclarator') holder = holder.parent?.parent;
  return holder?.type === 'ExportNamedDeclaration' || holder?.type === 'ExportDefaultDeclaration';
}

/** The variable a function is known by: `function f() {}`, `const f = () => {}`. */
export function functionVariable(fn: FunctionNode, sourceCode: Readonly<TSESLint.SourceCode>): Variable | undefined {
  let name: TSESTree.Identifier | undefined;
  if (fn.type === 'FunctionDeclaration' && fn.id) name = fn.id;
  else if (fn.parent?.type === 'VariableDeclarator' && fn.parent.init === fn && fn.parent.id.type === 'Identifier') name = fn.parent.id;
  return name ? variableOf(name, sourceCode) : undefined;
}

export interface FunctionReferences {
  /** `f(...)`: calls of the function by name. */
  readonly calls: TSESTree.CallExpression[];
  /** Every other read of its name: passed as a callback, exported, stored. */
  readonly passed: TSESTree.Identifier[];
}

/** Where a named function is called and where it is handed to other code, in this file. */
export function functionReferences(fn: FunctionNode, sourceCode: Readonly<TSESLint.SourceCode>): FunctionReferences {
  const result: FunctionReferences = { calls: [], passed: [] };
  const variable = functionVariable(fn, sourceCode);
  for (const reference of variable?.references ?? []) {
    if (!reference.isRead()) continue;
    const identifier = reference.identifier as TSESTree.Identifier;
    const parent = identifier.parent;
    if (parent?.type === 'CallExpression' && parent.callee === identifier) result.calls.push(parent);
    else result.passed.push(identifier);
  }
  return result;
}
