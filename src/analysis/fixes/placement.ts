/**
 * Moving and copying statements for the fixes of the fork rules: whether an expression
 * means the same thing at another place, what a name means there, whole-line ranges with
 * their comments, and the indentation of the destination. Fixes are planned as text edits
 * (data); a rule only turns them into a fix.
 */
import { findVariable } from '@eslint-community/eslint-utils';
import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import { isFunction, walk, type FunctionNode, type Node } from '../../util/ast.js';
import { enclosingFunction } from '../functions.js';

type SourceCode = Readonly<TSESLint.SourceCode>;
type Scope = TSESLint.Scope.Scope;
type Variable = TSESLint.Scope.Variable;

const MAX_NODES = 200;

function lookup(scope: Scope | null, name: string): Variable | undefined {
  return (scope && (findVariable(scope as never, name) as Variable | null)) ?? undefined;
}

/**
 * The references `expression` makes to names declared outside it: its own, and the free
 * names of the functions it holds (a callback's `console`, `url`).
 */
function outsideReferences(expression: Node, sourceCode: SourceCode): TSESLint.Scope.Reference[] {
  const scope = sourceCode.getScope(expression) as Scope;
  const inside = (node: Node): boolean => node.range[0] >= expression.range[0] && node.range[1] <= expression.range[1];
  const references = scope.references.filter((reference) => inside(reference.identifier as Node));
  walk(expression, sourceCode.visitorKeys, (node) => {
    const own = isFunction(node) ? (sourceCode.scopeManager?.acquire(node as never) as Scope | null) : null;
    if (own && enclosingFunctionWithin(node, expression) === undefined) references.push(...own.through);
  });
  return references;
}

/**
 * Whether `expression`, evaluated at the start of `destination` instead of where it is
 * written, reads the same variables with the same values: no `this` or `arguments`; every
 * name it (or a callback in it) reads resolves to the same variable there, declared before
 * it and never reassigned.
 */
export function canEvaluateAt(expression: Node, destination: Node, sourceCode: SourceCode): boolean {
  let budget = MAX_NODES;
  let ok = true;
  walk(expression, sourceCode.visitorKeys, (node) => {
    if (--budget < 0 || node.type === 'ThisExpression' || node.type === 'Super' || node.type === 'YieldExpression' || node.type === 'ClassExpression') ok = false;
  });
  if (!ok) return false;
  const destinationScope = sourceCode.getScope(destination) as Scope;
  for (const reference of outsideReferences(expression, sourceCode)) {
    const name = (reference.identifier as TSESTree.Identifier).name;
    if (name === 'arguments') return false;
    const here = (reference.resolved as Variable | null) ?? lookup(reference.from as Scope, name);
    const there = lookup(destinationScope, name);
    if (here !== there) return false;
    if (!here || here.defs.length === 0) continue;
    const def = here.defs[0]!;
    if (def.type === 'Variable' && here.references.some((other) => other.isWrite() && !other.init)) return false;
    if ((def.type === 'Variable' || def.type === 'ClassName') && def.name.range[0] > destination.range[0]) return false;
  }
  return true;
}

export function containsAwait(node: Node, sourceCode: SourceCode): boolean {
  let found = false;
  walk(node, sourceCode.visitorKeys, (child) => {
    // An `await` inside a nested async function does not need the outer one to be async.
    if (child.type === 'AwaitExpression' && !isFunction(enclosingFunctionWithin(child, node))) found = true;
  });
  return found;
}

function enclosingFunctionWithin(node: Node, root: Node): FunctionNode | undefined {
  if (node === root) return undefined;
  for (let current = node.parent; current && current !== root; current = current.parent) if (isFunction(current)) return current;
  return undefined;
}

/** The whitespace that starts the line `node` starts on, whatever precedes `node` there. */
export function lineIndentOf(node: Node | TSESTree.Comment, sourceCode: SourceCode): string {
  const line = sourceCode.lines[node.loc.start.line - 1] ?? '';
  return line.slice(0, line.length - line.trimStart().length);
}

/** The whitespace before `node` on its line, or undefined when code precedes it there. */
export function indentOf(node: Node | TSESTree.Comment, sourceCode: SourceCode): string | undefined {
  const indent = lineIndentOf(node, sourceCode);
  return indent.length === node.loc.start.column ? indent : undefined;
}

function lineStart(line: number, sourceCode: SourceCode): number {
  return sourceCode.getIndexFromLoc({ line, column: 0 });
}

/** Nothing but whitespace before `first` on its line, and after `last` on its line. */
function aloneOnLines(first: Node | TSESTree.Comment, last: Node | TSESTree.Comment, sourceCode: SourceCode): boolean {
  const rest = (sourceCode.lines[last.loc.end.line - 1] ?? '').slice(last.loc.end.column);
  return indentOf(first, sourceCode) !== undefined && rest.trim() === '';
}

/**
 * Taking `statement` out: its whole lines, from the end of the line before it, when it
 * stands alone on its lines (so that no empty line is left behind); else its own text.
 */
export function statementRemoval(statement: Node, sourceCode: SourceCode): TextEdit {
  const { line } = statement.loc.start;
  const alone = line > 1 && aloneOnLines(statement, statement, sourceCode);
  return removal([alone ? lineStart(line, sourceCode) - 1 : statement.range[0], statement.range[1]]);
}

/**
 * The whole lines of a statement that stands alone on its lines, with the comments directly
 * above it and at the end of its last line: what a move takes away.
 */
export function statementLines(statement: Node, sourceCode: SourceCode): { range: [number, number]; text: string; indent: string } | undefined {
  const indent = indentOf(statement, sourceCode);
  if (indent === undefined) return undefined;
  const first = leadingCommentsStart(statement, sourceCode);
  let last: Node | TSESTree.Comment = statement;
  for (const comment of sourceCode.getCommentsAfter(statement)) {
    if (comment.loc.start.line !== statement.loc.end.line) break;
    last = comment;
  }
  if (!aloneOnLines(statement, last, sourceCode)) return undefined;
  const start = lineStart(first.loc.start.line, sourceCode);
  let end = last.loc.end.line < sourceCode.lines.length ? lineStart(last.loc.end.line + 1, sourceCode) : sourceCode.text.length;
  // Take one of the blank lines around it too, so that no double blank line is left.
  const blank = (line: number): boolean => (sourceCode.lines[line - 1] ?? 'x').trim() === '';
  if (blank(first.loc.start.line - 1) && blank(last.loc.end.line + 1) && last.loc.end.line + 1 < sourceCode.lines.length) {
    end = lineStart(last.loc.end.line + 2, sourceCode);
  }
  return { range: [start, end], text: sourceCode.text.slice(start, end).replace(/\n?$/, '\n'), indent };
}

/** `text`'s lines moved from one indentation to another. */
export function reindent(text: string, from: string, to: string): string {
  return text
    .split('\n')
    .map((line) => (line === '' ? line : line.startsWith(from) ? to + line.slice(from.length) : to + line.trimStart()))
    .join('\n');
}

/** The first of the comments that lead `statement` on the lines directly above it, each on its own line; else the statement. */
function leadingCommentsStart(statement: Node, sourceCode: SourceCode): Node | TSESTree.Comment {
  let first: Node | TSESTree.Comment = statement;
  for (const comment of [...sourceCode.getCommentsBefore(statement)].reverse()) {
    if (comment.loc.end.line !== first.loc.start.line - 1 || indentOf(comment, sourceCode) === undefined) break;
    first = comment;
  }
  return first;
}

/** Where lines can be inserted before `statement`: the start of its line, above the comments that lead it. */
export function lineStartOf(statement: Node, sourceCode: SourceCode): number {
  return lineStart(leadingCommentsStart(statement, sourceCode).loc.start.line, sourceCode);
}

/** `text` as the last property of `object`, on a line of its own when the object spans lines. */
export function appendProperty(object: TSESTree.ObjectExpression, text: string, sourceCode: SourceCode): TextEdit {
  const last = object.properties.at(-1);
  if (!last) return replacement(object, `{ ${text} }`);
  const multiline = last.loc.start.line !== object.loc.start.line;
  const after = sourceCode.getTokenAfter(last);
  const comma = after?.value === ',' ? after : undefined;
  const indent = lineIndentOf(last, sourceCode);
  if (comma) return insertion(comma.range[1], multiline ? `\n${indent}${text},` : ` ${text}`);
  return insertion(last.range[1], multiline ? `,\n${indent}${text}` : `, ${text}`);
}

/** Whether `await` may be written at `node`: in an async function, or at the top of an ES module. */
export function awaitAllowed(node: Node, context: { readonly languageOptions: { readonly sourceType?: string } }): boolean {
  for (let current = node.parent; current; current = current.parent) {
    if (isFunction(current)) return current.async;
  }
  // The configured source type, not the AST's: @typescript-eslint/parser reports CommonJS as a module.
  return context.languageOptions.sourceType === 'module';
}

/** The function whose body `statement` is in, when `async` can be added to it. */
export function asyncableFunction(statement: Node): FunctionNode | undefined {
  const fn = enclosingFunction(statement);
  if (!fn || fn.async || fn.generator) return undefined;
  if (fn.parent?.type === 'MethodDefinition' || (fn.parent?.type === 'Property' && (fn.parent.method || fn.parent.kind !== 'init'))) return undefined;
  return fn;
}

/** `async` before `fn`. */
export function asyncEdit(fn: FunctionNode): TextEdit {
  return insertion(fn.range[0], 'async ');
}

/** Whether a module-scope name `name` is taken: declared at module scope, or read there as a global. */
export function moduleScopeHas(name: string, sourceCode: SourceCode): boolean {
  const global = sourceCode.scopeManager!.globalScope!;
  const scopes = [global, ...global.childScopes.filter((scope) => scope.type === 'module')];
  return scopes.some((scope) => scope.set.has(name)) || global.through.some((reference) => reference.identifier.name === name);
}

/** One change to the source text, as data: the analysis plans the edits, a rule turns them into a fix. */
export interface TextEdit {
  readonly range: readonly [number, number];
  readonly text: string;
}

export function insertion(at: number, text: string): TextEdit {
  return { range: [at, at], text };
}

export function replacement(node: { readonly range: readonly [number, number] }, text: string): TextEdit {
  return { range: node.range, text };
}

export function removal(range: readonly [number, number]): TextEdit {
  return { range, text: '' };
}

/** The fix that applies `edits`. */
export function editsFix(edits: readonly TextEdit[]): TSESLint.ReportFixFunction {
  return (fixer) => edits.map((edit) => fixer.replaceTextRange(edit.range, edit.text));
}
