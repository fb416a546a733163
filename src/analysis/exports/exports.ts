/**
 * The exports of a module, as written: ESM named and default exports, `export { x as y }`,
 * re-exports (`export … from`, `export *`), and CommonJS `module.exports = …`,
 * `module.exports.x = …`, `exports.x = …` and object literals of them. Each export is the
 * expression, declaration or variable behind it, or the module it is re-exported from;
 * `exports-facts.ts` says what each one is.
 */
import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import { memberName, requiredSpecifier, skipTypeWrappers, type Node } from '../../util/ast.js';
import { variableOf } from '../../util/variables.js';

/** What an export is written as. */
export type ExportTarget =
  /** An expression or declaration (`export default new Pool()`, `export function connectDB() {}`). */
  | { readonly kind: 'node'; readonly node: Node }
  /** A name of this file (`export { pool }`, `module.exports = { connectDB }`). */
  | { readonly kind: 'name'; readonly identifier: TSESTree.Identifier }
  /** Another module's export (`export { default as db } from './db'`); `*` for all of them. */
  | { readonly kind: 'from'; readonly specifier: string; readonly imported: string };

interface WrittenExport {
  /** `default` for `export default` and `module.exports = …`. */
  readonly name: string;
  readonly target: ExportTarget;
}

type Source = Readonly<TSESLint.SourceCode>;

const DEFAULT = 'default';

function nameOf(node: TSESTree.Identifier | TSESTree.StringLiteral): string {
  return node.type === 'Identifier' ? node.name : node.value;
}

function declarationExports(declaration: TSESTree.NamedExportDeclarations): WrittenExport[] {
  if (declaration.type === 'VariableDeclaration') {
    return declaration.declarations.flatMap((declarator) => (declarator.id.type === 'Identifier' ? [{ name: declarator.id.name, target: { kind: 'name', identifier: declarator.id } as const }] : []));
  }
  if ((declaration.type === 'FunctionDeclaration' || declaration.type === 'ClassDeclaration') && declaration.id) {
    return [{ name: declaration.id.name, target: { kind: 'node', node: declaration } }];
  }
  return [];
}

/** `export default { connectDB, closeDB }`, `module.exports = { pool }`: each property is an export of its own. */
function objectExports(object: TSESTree.ObjectExpression): WrittenExport[] {
  return object.properties.flatMap((property): WrittenExport[] => {
    if (property.type !== 'Property' || property.computed) return [];
    const key = property.key.type === 'Identifier' ? property.key.name : property.key.type === 'Literal' ? String(property.key.value) : undefined;
    if (!key) return [];
    const value = skipTypeWrappers(property.value);
    return [{ name: key, target: value.type === 'Identifier' ? { kind: 'name', identifier: value } : { kind: 'node', node: value } }];
  });
}

/** `module.exports = require('./db')`: the other module's exports, all of them. */
function valueExports(name: string, value: Node): WrittenExport[] {
  const node = skipTypeWrappers(value);
  if (name === DEFAULT && node.type === 'ObjectExpression') return objectExports(node);
  const specifier = requiredSpecifier(node);
  if (specifier !== undefined) {
    return [{ name: '*', target: { kind: 'from', specifier, imported: '*' } }, { name: DEFAULT, target: { kind: 'from', specifier, imported: DEFAULT } }];
  }
  return [{ name, target: node.type === 'Identifier' ? { kind: 'name', identifier: node } : { kind: 'node', node } }];
}

function esmExports(program: TSESTree.Program): WrittenExport[] {
  const found: WrittenExport[] = [];
  for (const statement of program.body) {
    if (statement.type === 'ExportNamedDeclaration' && statement.exportKind !== 'type') {
      if (statement.declaration) found.push(...declarationExports(statement.declaration));
      for (const specifier of statement.specifiers) {
        if (specifier.exportKind === 'type') continue;
        const name = nameOf(specifier.exported);
        if (statement.source) found.push({ name, target: { kind: 'from', specifier: statement.source.value, imported: nameOf(specifier.local) } });
        else if (specifier.local.type === 'Identifier') found.push({ name, target: { kind: 'name', identifier: specifier.local } });
      }
    } else if (statement.type === 'ExportAllDeclaration' && !statement.exported && statement.exportKind !== 'type') {
      found.push({ name: '*', target: { kind: 'from', specifier: statement.source.value, imported: '*' } });
    } else if (statement.type === 'ExportDefaultDeclaration') {
      const declaration = statement.declaration;
      if (declaration.type === 'FunctionDeclaration' || declaration.type === 'ClassDeclaration') found.push({ name: DEFAULT, target: { kind: 'node', node: declaration } });
      else found.push(...valueExports(DEFAULT, declaration));
    } else if (statement.type === 'TSExportAssignment') {
      found.push(...valueExports(DEFAULT, statement.expression));
    }
  }
  return found;
}

/** `module.exports`, `exports`: the CommonJS globals, not variables of the file. */
function isExportsObject(node: Node, sourceCode: Source): boolean {
  if (node.type === 'Identifier') return node.name === 'exports' && !variableOf(node, sourceCode)?.defs.length;
  return node.type === 'MemberExpression' && memberName(node) === 'exports' && node.object.type === 'Identifier' && node.object.name === 'module' && !variableOf(node.object, sourceCode)?.defs.length;
}

/** The export an assignment writes: `module.exports = …` (default) or `exports.x = …` / `module.exports.x = …`. */
function assignedExport(left: Node, sourceCode: Source): string | undefined {
  if (isExportsObject(left, sourceCode)) return left.type === 'Identifier' ? undefined : DEFAULT;
  if (left.type !== 'MemberExpression' || !isExportsObject(left.object, sourceCode)) return undefined;
  return memberName(left);
}

function cjsExports(program: TSESTree.Program, sourceCode: Source): WrittenExport[] {
  const found: WrittenExport[] = [];
  for (const statement of program.body) {
    if (statement.type !== 'ExpressionStatement') continue;
    // `module.exports = exports = …`, `exports.a = exports.b = …`: every name gets the last value.
    const names = new Set<string>();
    let value: Node = statement.expression;
    while (value.type === 'AssignmentExpression' && value.operator === '=') {
      const name = assignedExport(value.left, sourceCode);
      if (name) names.add(name);
      value = value.right;
    }
    for (const name of names) found.push(...valueExports(name, value));
  }
  return found;
}

/** Every export of the module, in source order; an empty list for most files, found from the top-level statements only. */
export function writtenExports(sourceCode: Source): WrittenExport[] {
  const program = sourceCode.ast as TSESTree.Program;
  const esm = esmExports(program);
  // A module that names `module` or `exports` at all may export through them.
  const cjs = /\b(?:module\.)?exports\b/.test(sourceCode.text) ? cjsExports(program, sourceCode) : [];
  return [...esm, ...cjs];
}
