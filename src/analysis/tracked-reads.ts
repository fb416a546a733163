/** Where the value of a tracked API read is read in turn: the read itself, or the reads of the name it is bound to. */
import type { TSESLint } from '@typescript-eslint/utils';
import type { Node } from '../util/ast.js';
import { variableOf } from '../util/variables.js';
import type { TrackedNode } from './imports.js';

type Variable = TSESLint.Scope.Variable;

function readsOf(variable: Variable | undefined): Node[] {
  return (variable?.references ?? []).filter((reference) => reference.isRead()).map((reference) => reference.identifier as Node);
}

/**
 * The nodes that read the value a tracked read yields: the read itself, or every read of
 * the name it is bound to (`import { isPrimary }`, `const { isPrimary } = cluster`,
 * `const primary = cluster.isPrimary` when never assigned again).
 */
export function valueReads(tracked: TrackedNode, sourceCode: Readonly<TSESLint.SourceCode>): Node[] {
  const node = tracked.node;
  if (node.type === 'ImportSpecifier') return readsOf(sourceCode.getDeclaredVariables(node)[0] as Variable | undefined);
  if (node.type === 'Property' && node.parent.type === 'ObjectPattern') {
    return node.value.type === 'Identifier' ? readsOf(variableOf(node.value, sourceCode)) : [];
  }
  return constAliasReads(node, sourceCode) ?? [node];
}

/**
 * The reads of the variable `node` initialises (`const primary = cluster.isPrimary`): all of
 * them when it is never assigned again, none when it is; undefined when `node` initialises
 * no variable.
 */
export function constAliasReads(node: Node, sourceCode: Readonly<TSESLint.SourceCode>): Node[] | undefined {
  const declarator = node.parent;
  if (declarator?.type !== 'VariableDeclarator' || declarator.init !== node || declarator.id.type !== 'Identifier') return undefined;
  const variable = variableOf(declarator.id, sourceCode);
  const reassigned = variable?.references.some((reference) => reference.isWrite() && !reference.init);
  return variable && !reassigned ? readsOf(variable) : [];
}
