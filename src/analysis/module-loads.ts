/**
 * What a file loads: static imports (less the type-only ones TypeScript erases),
 * re-exports, `require()` calls and `import()` expressions, each with its specifier.
 */
import { getStringIfConstant } from '@eslint-community/eslint-utils';
import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import type { Node } from '../util/ast.js';
import { globalReferences } from '../util/variables.js';

export interface ModuleLoad {
  /** The import or export declaration, or the `require()` / `import()` call. */
  readonly node: Node;
  readonly specifier: string;
  readonly kind: 'static' | 'require' | 'dynamic';
}

export function isRelative(specifier: string): boolean {
  return specifier.startsWith('./') || specifier.startsWith('../') || specifier === '.' || specifier === '..';
}

/** `import x from`, `import { type X }` (erased when every name is a type), and `import type`. */
function loadsAtRunTime(statement: TSESTree.ImportDeclaration): boolean {
  if (statement.importKind === 'type') return false;
  if (statement.specifiers.length === 0) return true;
  return statement.specifiers.some((specifier) => !(specifier.type === 'ImportSpecifier' && specifier.importKind === 'type'));
}

export function moduleLoads(sourceCode: Readonly<TSESLint.SourceCode>): ModuleLoad[] {
  const loads: ModuleLoad[] = [];
  for (const statement of (sourceCode.ast as TSESTree.Program).body) {
    if (statement.type === 'ImportDeclaration' && loadsAtRunTime(statement)) {
      loads.push({ node: statement, specifier: statement.source.value, kind: 'static' });
    } else if ((statement.type === 'ExportAllDeclaration' || statement.type === 'ExportNamedDeclaration') && statement.source && statement.exportKind !== 'type') {
      loads.push({ node: statement, specifier: statement.source.value, kind: 'static' });
    }
  }
  for (const reference of globalReferences(sourceCode, 'require')) {
    const call = (reference.identifier as Node).parent;
    if (call?.type !== 'CallExpression' || call.callee !== reference.identifier || !call.arguments[0]) continue;
    const specifier = getStringIfConstant(call.arguments[0] as never);
    if (specifier != null) loads.push({ node: call, specifier, kind: 'require' });
  }
  for (const node of dynamicImports(sourceCode)) {
    const specifier = getStringIfConstant(node.source as never);
    if (specifier != null) loads.push({ node, specifier, kind: 'dynamic' });
  }
  return loads;
}

/** The `import()` expressions of the file, found from its text without a walk. */
export function dynamicImports(sourceCode: Readonly<TSESLint.SourceCode>): TSESTree.ImportExpression[] {
  const found: TSESTree.ImportExpression[] = [];
  for (const match of sourceCode.text.matchAll(/\bimport\s*\(/g)) {
    const node = sourceCode.getNodeByRangeIndex(match.index) as Node | null;
    if (node?.type === 'ImportExpression') found.push(node);
  }
  return found;
}
