/** The functions an argument stands for: itself, a named function, or an object of methods. */
import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import { isFunction, staticKeyName, type FunctionNode, type Node } from '../../util/ast.js';
import { variableOf } from '../../util/variables.js';

interface FunctionValue {
  readonly fn: FunctionNode;
  /** Its key, when it is a method of an object of functions. */
  readonly name?: string;
}

const MAX_DEPTH = 4;

export function functionsOf(node: Node | undefined, sourceCode: Readonly<TSESLint.SourceCode>, depth = 0): FunctionValue[] {
  if (!node || depth > MAX_DEPTH) return [];
  if (isFunction(node)) return [{ fn: node }];
  if (node.type === 'Identifier') return namedFunctions(node, sourceCode, depth);
  if (node.type === 'ObjectExpression') return methodsOf(node, sourceCode, depth);
  return [];
}

/** `function handle() {}` or `const handle = …`, declared once. */
function namedFunctions(identifier: TSESTree.Identifier, sourceCode: Readonly<TSESLint.SourceCode>, depth: number): FunctionValue[] {
  const variable = variableOf(identifier, sourceCode);
  const definition = variable?.defs.length === 1 ? (variable.defs[0]!.node as Node) : undefined;
  if (definition?.type === 'FunctionDeclaration') return [{ fn: definition }];
  if (definition?.type === 'VariableDeclarator' && definition.init && definition.parent.kind === 'const') {
    return functionsOf(definition.init, sourceCode, depth + 1);
  }
  return [];
}

/** `{ resize() {}, crop: crop }`: each function with its key. */
function methodsOf(object: TSESTree.ObjectExpression, sourceCode: Readonly<TSESLint.SourceCode>, depth: number): FunctionValue[] {
  const found: FunctionValue[] = [];
  for (const property of object.properties) {
    if (property.type !== 'Property') continue;
    const name = staticKeyName(property.key, property.computed);
    for (const { fn } of functionsOf(property.value, sourceCode, depth + 1)) found.push({ fn, name });
  }
  return found;
}
