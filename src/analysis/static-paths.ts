/**
 * The file a fork site names, when the source says it without running anything: string
 * literals, template literals of constants, `path.join()` / `path.resolve()` with
 * `__dirname`, `path.dirname(__filename)`, `new URL('./w.js', import.meta.url)` (and its
 * `href` / `pathname`), `fileURLToPath()`, `require.resolve()`, `import.meta.dirname`,
 * `process.cwd()`.
 * `path` and `url` count only when they come from the Node modules of those names.
 */
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { getStringIfConstant } from '@eslint-community/eslint-utils';
import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import { memberName, skipTypeWrappers, type Node } from '../util/ast.js';
import { constantInit, variableOf as variableIn } from '../util/variables.js';
import { withoutNodePrefix } from '../util/paths.js';

type Variable = TSESLint.Scope.Variable;

export interface PathScope {
  readonly sourceCode: Readonly<TSESLint.SourceCode>;
  /** The absolute path of the file the expression is in. */
  readonly filename: string;
  /** What `process.cwd()` is taken to be: the project root. */
  readonly cwd: string;
}

const MAX_DEPTH = 6;

function variableOf(identifier: TSESTree.Identifier, scope: PathScope): Variable | undefined {
  return variableIn(identifier, scope.sourceCode);
}

/** An undeclared name: the Node global of that name (`__dirname`, `require`, `process`). */
function isGlobal(identifier: TSESTree.Identifier, scope: PathScope): boolean {
  const variable = variableOf(identifier, scope);
  return !variable || variable.defs.length === 0;
}

/** The module `require('os')` loads, with `require` the global. */
function requiredModule(expression: Node, scope: PathScope): string | undefined {
  const call = skipTypeWrappers(expression);
  if (call.type !== 'CallExpression' || call.callee.type !== 'Identifier' || call.callee.name !== 'require' || !isGlobal(call.callee, scope)) return undefined;
  return (call.arguments[0] && getStringIfConstant(call.arguments[0] as never)) ?? undefined;
}

/** The module and export a name is bound to by `import` or `require()`, e.g. `['node:path', 'join']`. */
export function importedName(identifier: TSESTree.Identifier, scope: PathScope): { module: string; name: string } | undefined {
  const variable = variableOf(identifier, scope);
  const def = variable?.defs.length === 1 ? variable.defs[0] : undefined;
  if (!def) return undefined;
  const node = def.node as Node;
  if (node.type === 'ImportDefaultSpecifier' || node.type === 'ImportNamespaceSpecifier') {
    return { module: String(node.parent.source?.value), name: '' };
  }
  if (node.type === 'ImportSpecifier') {
    const imported = node.imported.type === 'Identifier' ? node.imported.name : String(node.imported.value);
    return { module: String(node.parent.source?.value), name: imported === 'default' ? '' : imported };
  }
  if (node.type === 'VariableDeclarator' && node.init) {
    const module = requiredModule(node.init, scope);
    if (module === undefined) return undefined;
    if (node.id.type === 'Identifier') return { module, name: '' };
    if (node.id.type === 'ObjectPattern') {
      for (const property of node.id.properties) {
        if (property.type === 'Property' && property.value === def.name && property.key.type === 'Identifier') return { module, name: property.key.name };
      }
    }
  }
  return undefined;
}


/** `path.join`, `join` from 'path', `path.posix.join`: the function of a Node module the callee is. */
export function calleeOf(callee: Node, scope: PathScope): { module: string; name: string } | undefined {
  const node = skipTypeWrappers(callee);
  if (node.type === 'Identifier') {
    const imported = importedName(node, scope);
    return imported && imported.name ? { module: withoutNodePrefix(imported.module), name: imported.name } : undefined;
  }
  if (node.type !== 'MemberExpression') return undefined;
  const name = memberName(node);
  if (!name) return undefined;
  let object = skipTypeWrappers(node.object);
  // `path.posix.join`, `path.win32.resolve`
  if (object.type === 'MemberExpression' && (memberName(object) === 'posix' || memberName(object) === 'win32')) object = skipTypeWrappers(object.object);
  // `require('os').cpus`, `require('dotenv').config`
  const required = requiredModule(object, scope);
  if (required !== undefined) return { module: withoutNodePrefix(required), name };
  if (object.type !== 'Identifier') return undefined;
  const imported = importedName(object, scope);
  if (imported && !imported.name) return { module: withoutNodePrefix(imported.module), name };
  return undefined;
}

const fileUrls = new Map<string, string>();

/** `import.meta.url` of a file: asked for each fork site of it, and twice more by namesOwnFile. */
function fileUrlOf(filename: string): string {
  let url = fileUrls.get(filename);
  if (url === undefined) {
    if (fileUrls.size > 1000) fileUrls.clear();
    url = pathToFileURL(filename).href;
    fileUrls.set(filename, url);
  }
  return url;
}

function isImportMeta(node: Node): boolean {
  return node.type === 'MetaProperty' && node.meta.name === 'import' && node.property.name === 'meta';
}

/** The string an expression evaluates to, with the file's own location filled in; undefined when unknown. */
export function staticString(expression: Node | undefined, scope: PathScope, depth = 0): string | undefined {
  if (!expression || depth > MAX_DEPTH) return undefined;
  const node = skipTypeWrappers(expression);
  const next = (child: Node | undefined): string | undefined => staticString(child, scope, depth + 1);
  switch (node.type) {
    case 'Literal':
      return typeof node.value === 'string' ? node.value : undefined;
    case 'TemplateLiteral': {
      let text = node.quasis[0]?.value.cooked ?? '';
      for (let i = 0; i < node.expressions.length; i++) {
        const part = next(node.expressions[i]);
        const quasi = node.quasis[i + 1]?.value.cooked;
        if (part === undefined || quasi == null) return undefined;
        text += part + quasi;
      }
      return text;
    }
    case 'Identifier':
      if (node.name === '__dirname' && isGlobal(node, scope)) return path.dirname(scope.filename);
      if (node.name === '__filename' && isGlobal(node, scope)) return scope.filename;
      return next(constantInit(node, scope.sourceCode));
    case 'BinaryExpression': {
      if (node.operator !== '+') return undefined;
      const left = next(node.left);
      const right = left === undefined ? undefined : next(node.right);
      return left === undefined || right === undefined ? undefined : left + right;
    }
    case 'MemberExpression': {
      const name = memberName(node);
      if (isImportMeta(node.object)) {
        if (name === 'url') return fileUrlOf(scope.filename);
        if (name === 'dirname') return path.dirname(scope.filename);
        if (name === 'filename') return scope.filename;
        return undefined;
      }
      if (name === 'href' || name === 'pathname') {
        const url = next(node.object);
        if (url === undefined) return undefined;
        try {
          return name === 'href' ? new URL(url).href : decodeURIComponent(new URL(url).pathname);
        } catch {
          return undefined;
        }
      }
      return undefined;
    }
    case 'NewExpression': {
      if (node.callee.type !== 'Identifier' || node.callee.name !== 'URL' || !isGlobal(node.callee, scope)) return undefined;
      const [input, base] = node.arguments;
      const text = input?.type === 'SpreadElement' ? undefined : next(input);
      if (text === undefined) return undefined;
      const baseText = base === undefined ? undefined : base.type === 'SpreadElement' ? null : next(base);
      if (baseText === null || (base !== undefined && baseText === undefined)) return undefined;
      try {
        return new URL(text, baseText).href;
      } catch {
        return undefined;
      }
    }
    case 'CallExpression':
      return callString(node, scope, depth);
    default:
      return undefined;
  }
}

function callString(node: TSESTree.CallExpression, scope: PathScope, depth: number): string | undefined {
  const args: string[] = [];
  for (const arg of node.arguments) {
    if (arg.type === 'SpreadElement') return undefined;
    const value = staticString(arg, scope, depth + 1);
    if (value === undefined) return undefined;
    args.push(value);
  }
  const callee = skipTypeWrappers(node.callee);
  // `require.resolve('./w')` resolves against this file.
  if (
    callee.type === 'MemberExpression' && memberName(callee) === 'resolve' && callee.object.type === 'Identifier' &&
    callee.object.name === 'require' && isGlobal(callee.object, scope)
  ) {
    return args.length >= 1 && /^\.\.?\//.test(args[0]!) ? path.resolve(path.dirname(scope.filename), args[0]!) : undefined;
  }
  if (
    callee.type === 'MemberExpression' && memberName(callee) === 'cwd' && callee.object.type === 'Identifier' &&
    callee.object.name === 'process' && isGlobal(callee.object, scope) && args.length === 0
  ) {
    return scope.cwd;
  }
  if (callee.type === 'Identifier' && callee.name === 'String' && isGlobal(callee, scope) && args.length === 1) return args[0];
  if (callee.type === 'MemberExpression' && memberName(callee) === 'toString' && node.arguments.length === 0) {
    return staticString(callee.object, scope, depth + 1);
  }
  const fn = calleeOf(callee, scope);
  if (fn?.module === 'path' && (fn.name === 'join' || fn.name === 'resolve') && args.length > 0) {
    return fn.name === 'join' ? path.join(...args) : path.resolve(scope.cwd, ...args);
  }
  // `path.dirname(__filename)`, `dirname(fileURLToPath(import.meta.url))`: the folder of a known path.
  if (fn?.module === 'path' && fn.name === 'dirname' && args.length === 1) return path.dirname(args[0]!);
  if (fn?.module === 'url' && fn.name === 'fileURLToPath' && args.length === 1) {
    try {
      return fileURLToPath(args[0]!);
    } catch {
      return undefined;
    }
  }
  return undefined;
}

/**
 * The absolute path an expression names, or undefined. A relative string is resolved
 * against `relativeTo` (the working directory, taken to be the project root, or this file).
 */
export function staticPath(expression: Node | undefined, scope: PathScope, relativeTo: 'cwd' | 'file'): string[] {
  const text = staticString(expression, scope);
  if (text === undefined || text === '') return [];
  if (text.startsWith('file:')) {
    try {
      return [fileURLToPath(text)];
    } catch {
      return [];
    }
  }
  if (/^[a-z][a-z0-9+.-]*:/i.test(text) && !path.isAbsolute(text)) return []; // data:, http:
  if (path.isAbsolute(text)) return [path.normalize(text)];
  const here = path.resolve(path.dirname(scope.filename), text);
  // Scripts usually run from the project root; code written against its own folder is common too.
  return relativeTo === 'file' ? [here] : [...new Set([path.resolve(scope.cwd, text), here])];
}

/**
 * Two places no project file is at. An expression that names the file it sits in at both
 * is built from that file's own location (`__filename`, `import.meta.url`, what is made of
 * them), whatever the file is; a spelled-out name (`'./main.js'`) is not, since the file a
 * literal names depends on the working directory at run time.
 */
const ELSEWHERE = [path.resolve('/fork-safe-self-a/one.js'), path.resolve('/fork-safe-self-b/two.mjs')];

/** The reads of a file's own location (`__dirname` alone names a folder, never the file itself). */
export const OWN_LOCATION_SOURCE = String.raw`\b__filename\b|\bimport\.meta\.(?:url|filename)\b`;
const OWN_LOCATION = new RegExp(OWN_LOCATION_SOURCE);
const ownLocationReads = new WeakMap<object, boolean>();

/** The file reads its own location somewhere (`__dirname` alone names a folder, never the file itself). */
function readsOwnLocation(sourceCode: Readonly<TSESLint.SourceCode>): boolean {
  let reads = ownLocationReads.get(sourceCode);
  if (reads === undefined) {
    reads = OWN_LOCATION.test(sourceCode.text);
    ownLocationReads.set(sourceCode, reads);
  }
  return reads;
}

/** The expression names the file it is written in by that file's own location: `__filename`, `fileURLToPath(import.meta.url)`. */
export function namesOwnFile(expression: Node | undefined, sourceCode: Readonly<TSESLint.SourceCode>): boolean {
  return expression !== undefined && readsOwnLocation(sourceCode) && ELSEWHERE.every((filename) =>
    staticPath(expression, { sourceCode, filename, cwd: path.dirname(filename) }, 'file').includes(filename),
  );
}
