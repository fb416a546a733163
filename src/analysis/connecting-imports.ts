/**
 * In a self-forking module, the imports the primary evaluates (static imports, `export
 * … from`, and `require()` or `import()` on the primary path) of project modules that open
 * a connection as they load, as the project view tells. The primary then holds a
 * connection it never uses; an import whose bindings the primary itself uses is not one.
 */
import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import type { Node } from '../util/ast.js';
import { isRelative, moduleLoads, type ModuleLoad } from './module-loads.js';
import type { ModuleConnection, ProjectView } from './project-view.js';
import { PRIMARY, type Roles } from './roles.js';

/** An import or `require` of a project module that opens a connection when it loads. */
export interface ConnectingImport extends ModuleConnection {
  readonly node: TSESTree.Node;
  readonly specifier: string;
  /** How the file loads it: an `import`, a `require()` or an `import()`. */
  readonly kind: ModuleLoad['kind'];
}

interface ConnectingImportsInput {
  readonly sourceCode: Readonly<TSESLint.SourceCode>;
  readonly roles: Roles;
  readonly project: ProjectView;
}

type Variable = TSESLint.Scope.Variable;

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
  const { sourceCode, roles, project } = input;
  if (!roles.selfForking) return [];
  const candidates: { load: ModuleLoad; variables: Variable[] }[] = [];

  for (const load of moduleLoads(sourceCode)) {
    if (!isRelative(load.specifier)) continue;
    if (load.kind === 'static') {
      const variables = load.node.type === 'ImportDeclaration' ? (sourceCode.getDeclaredVariables(load.node) as Variable[]) : [];
      candidates.push({ load, variables });
    } else if (roles.roleOf(load.node) & PRIMARY) {
      candidates.push({ load, variables: receivingVariables(load.node, sourceCode) });
    }
  }

  const found: ConnectingImport[] = [];
  for (const candidate of candidates) {
    // The primary uses what it imported: it needs the connection too.
    const primaryUse = candidate.variables.some((variable) =>
      variable.references.some((reference) => !reference.init && reference.isRead() && (reference as { isValueReference?: boolean }).isValueReference !== false && roles.roleOf(reference.identifier as Node) & PRIMARY));
    if (primaryUse) continue;
    const { node, specifier, kind } = candidate.load;
    const connection = project.importedModule(specifier)?.connectionOnLoad();
    if (connection) found.push({ node, specifier, kind, ...connection });
  }
  return found.sort((a, b) => a.node.range[0] - b.node.range[0]);
}
