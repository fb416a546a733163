/** Variables as the fixes and counts read them: what a name resolves to, and a constant's value. */
import { findVariable } from '@eslint-community/eslint-utils';
import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import type { Node } from './ast.js';

type Variable = TSESLint.Scope.Variable;

export function variableOf(identifier: TSESTree.Identifier, sourceCode: Readonly<TSESLint.SourceCode>): Variable | undefined {
  return (findVariable(sourceCode.getScope(identifier) as never, identifier as never) as Variable | null) ?? undefined;
}

/** Declared once and never assigned again: a `const`, or a `let` or `var` that no code writes after its declaration. */
export function neverReassigned(variable: Variable): boolean {
  return variable.defs.length === 1 && variable.references.every((reference) => !reference.isWrite() || reference.init === true);
}

/** The initial value of a variable declared once and never assigned again: `const options = {…}`. */
export function constantInit(identifier: TSESTree.Identifier, sourceCode: Readonly<TSESLint.SourceCode>): Node | undefined {
  const variable = variableOf(identifier, sourceCode);
  if (!variable || !neverReassigned(variable)) return undefined;
  const def = variable.defs[0]!.node as Node;
  if (def.type !== 'VariableDeclarator' || def.id.type !== 'Identifier' || !def.init) return undefined;
  return def.init;
}

/**
 * The references to the global `name`: those no scope of the file resolves, and those of a
 * global the configuration declares (a variable with no definition in the file). A
 * variable the file declares itself (`var process = …` in a script) is not the global.
 */
export function globalReferences(sourceCode: Readonly<TSESLint.SourceCode>, name: string): TSESLint.Scope.Reference[] {
  const global = sourceCode.scopeManager?.globalScope;
  if (!global) return [];
  const references = global.through.filter((reference) => reference.identifier.name === name);
  const declared = global.set.get(name);
  if (declared && declared.defs.length === 0) references.push(...declared.references);
  return references as TSESLint.Scope.Reference[];
}
