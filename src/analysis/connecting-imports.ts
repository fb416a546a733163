/**
 * In a self-forking module, the imports the primary evaluates (static imports, `export
 * … from`, and `require()` or `import()` on the primary path) of project modules that open
 * a connection as they load, found by the project index. The primary then holds a
 * connection it never uses; an import whose bindings the primary itself uses is not one.
 */
import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import { getStringIfConstant } from '@eslint-community/eslint-utils';
import type { Node } from '../util/ast.js';
import { requireReferences } from './file-summary.js';
import type { ProjectIndex } from './project-index.js';
import type { ParseContext } from './project-parse.js';
import { PRIMARY, type Roles } from './roles.js';

/** An import or `require` of a project module that opens a connection when it loads. */
export interface ConnectingImport {
  readonly node: TSESTree.Node;
  readonly specifier: string;
  /** The connection's library, as the imported module's own facts name it. */
  readonly library: string;
  /** The module that opens it (the imported one, or one it imports), relative to the project. */
  readonly module: string;
}

interface ConnectingImportsInput {
  readonly sourceCode: Readonly<TSESLint.SourceCode>;
  readonly filename: string;
  readonly roles: Roles;
  readonly index: ProjectIndex | undefined;
  readonly parse: ParseContext;
}

type Variable = TSESLint.Scope.Variable;

function isRelative(specifier: string): boolean {
  return specifier.startsWith('./') || specifier.startsWith('../');
}

/** The declaration that receives what the import or call gives: `const x = require('./x')`. */
function receivingVariables(node: Node, sourceCode: Readonly<TSESLint.SourceCode>): Variable[] {
  let value: Node = node;
  while (value.parent?.type === 'AwaitExpression' || value.parent?.type === 'ChainExpression' || (value.parent?.type === 'MemberExpression' && value.parent.object === value)) {
    value = value.parent;
  }
  const parent = value.parent;
  if (parent?.type === 'VariableDeclarator' && parent.init === value) return sourceCode.getDeclaredVariables(parent) as Variable[];
  return [];
}

export function findConnectingImports(input: ConnectingImportsInput): ConnectingImport[] {
  const { sourceCode, filename, roles, index, parse } = input;
  if (!roles.selfForking || !index) return [];
  const program = sourceCode.ast as TSESTree.Program;
  const candidates: { node: Node; specifier: string; variables: Variable[] }[] = [];

  for (const statement of program.body) {
    if (statement.type === 'ImportDeclaration' && statement.importKind !== 'type') {
      const specifier = statement.source.value;
      // `import type`, and imports whose every name is a type, are erased.
      const values = statement.specifiers.filter((specifier) => !(specifier.type === 'ImportSpecifier' && specifier.importKind === 'type'));
      if (statement.specifiers.length > 0 && values.length === 0) continue;
      if (isRelative(specifier)) candidates.push({ node: statement, specifier, variables: sourceCode.getDeclaredVariables(statement) as Variable[] });
    } else if ((statement.type === 'ExportAllDeclaration' || statement.type === 'ExportNamedDeclaration') && statement.source && statement.exportKind !== 'type') {
      if (isRelative(statement.source.value)) candidates.push({ node: statement, specifier: statement.source.value, variables: [] });
    }
  }
  for (const reference of requireReferences(sourceCode)) {
    const call = (reference.identifier as Node).parent;
    if (call?.type !== 'CallExpression' || call.callee !== reference.identifier || !call.arguments[0]) continue;
    const specifier = getStringIfConstant(call.arguments[0] as never);
    if (specifier && isRelative(specifier) && roles.roleOf(call) & PRIMARY) candidates.push({ node: call, specifier, variables: receivingVariables(call, sourceCode) });
  }
  for (const match of sourceCode.text.matchAll(/\bimport\s*\(/g)) {
    const node = sourceCode.getNodeByRangeIndex(match.index) as Node | null;
    if (node?.type !== 'ImportExpression') continue;
    const specifier = getStringIfConstant(node.source as never);
    if (specifier && isRelative(specifier) && roles.roleOf(node) & PRIMARY) candidates.push({ node, specifier, variables: receivingVariables(node, sourceCode) });
  }

  const found: ConnectingImport[] = [];
  for (const candidate of candidates) {
    // The primary uses what it imported: it needs the connection too.
    const primaryUse = candidate.variables.some((variable) =>
      variable.references.some((reference) => !reference.init && reference.isRead() && (reference as { isValueReference?: boolean }).isValueReference !== false && roles.roleOf(reference.identifier as Node) & PRIMARY));
    if (primaryUse) continue;
    const connection = index.connectionOnImport(filename, candidate.specifier, parse);
    if (connection) found.push({ node: candidate.node, specifier: candidate.specifier, ...connection });
  }
  return found.sort((a, b) => a.node.range[0] - b.node.range[0]);
}
