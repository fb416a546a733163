/**
 * A connection set up at the start of the worker path of a run-once child (require-
 * reconnect-after-fork's fix) keeps the child alive after its work unless something closes
 * it. Where the work is plainly the rest of the worker's block and every use of the
 * connection there is awaited (so the work is done when the block ends), the set-up and
 * the rest of the block become `<set-up>; try { <rest> } finally { <close> }`. Elsewhere
 * no close can be placed safely: a use left running (`redis.get(k)` not awaited, a
 * callback, a listener) could be cut off by a close that comes too early.
 */
import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import type { Entity } from '../../knowledge/index.js';
import { isAwaited, isValueWrapper, walk, type Node } from '../../util/ast.js';
import type { Statement } from '../../util/statements.js';
import { enclosingFunction } from '../functions.js';
import { indentOf, lineStartOf, type TextEdit } from './placement.js';
import { WORKER, type Roles } from '../roles.js';

type SourceCode = Readonly<TSESLint.SourceCode>;
type Variable = TSESLint.Scope.Variable;

export interface CloseAfterWork {
  /** The close method the `finally` calls. */
  readonly close: string;
  /** The set-up, `try {`, the rest of the block re-indented, and the `finally`, in place of the rest of the block. */
  readonly edit: TextEdit;
}

export interface WrapInput {
  readonly name: string;
  readonly variable: Variable;
  readonly entity: Entity;
  /** Where the set-up goes: the first statement of the worker path. */
  readonly first: Statement;
  /** The set-up statements, one per line, unindented. */
  readonly setup: readonly string[];
  /** `await` may be written in the `finally`. */
  readonly awaits: boolean;
}

/** A connection a run-once worker holds keeps it alive: all but a pool that closes its idle connections itself. */
export function keepsWorkerAlive(entity: Entity): boolean {
  return entity.connection?.closesIdle !== true;
}

export function closeAfterWork(input: WrapInput, roles: Roles, sourceCode: SourceCode): CloseAfterWork | undefined {
  const close = input.entity.connection?.close[0];
  const block = input.first.parent;
  if (!close || block?.type !== 'BlockStatement') return undefined;
  const rest = block.body.slice(block.body.indexOf(input.first as TSESTree.Statement));
  if (!wrappable(rest, sourceCode) || !workDoneInside(input.variable, rest, roles)) return undefined;
  const lines = restLines(rest, sourceCode);
  const indent = indentOf(input.first, sourceCode);
  const outer = /^\s*/.exec(sourceCode.lines[block.loc.start.line - 1] ?? '')![0];
  if (!lines || indent === undefined || !indent.startsWith(outer)) return undefined;
  const step = indent.slice(outer.length) || '  ';
  const text = [
    ...input.setup.map((line) => indent + line),
    `${indent}try {`,
    ...lines.text.map((line) => (line.trim() === '' ? line : step + line)),
    `${indent}} finally {`,
    `${indent}${step}${input.awaits ? 'await ' : ''}${input.name}.${close}();`,
    `${indent}}`,
  ];
  return { close, edit: { range: lines.range, text: `${text.join('\n')}\n` } };
}

/** Statements that can move into a `try` block as they are: no declarations other code hoists or imports. */
function wrappable(statements: readonly TSESTree.Statement[], sourceCode: SourceCode): boolean {
  let multilineText = false;
  for (const statement of statements) {
    if (statement.type === 'FunctionDeclaration' || statement.type === 'ClassDeclaration') return false;
    walk(statement, sourceCode.visitorKeys, (node) => {
      multilineText ||= (node.type === 'TemplateLiteral' || node.type === 'Literal') && node.loc.start.line !== node.loc.end.line;
    });
  }
  return !multilineText;
}

/**
 * Every use the worker path makes of the connection is an awaited call written in
 * `statements` themselves (not in a callback or listener), so nothing of it runs after them.
 */
function workDoneInside(variable: Variable, statements: readonly TSESTree.Statement[], roles: Roles): boolean {
  const first = statements[0]!;
  const last = statements.at(-1)!;
  const home = enclosingFunction(first);
  return variable.references.every((reference) => {
    const node = reference.identifier as Node;
    // The declaration itself (`const dataSource = new DataSource(…)` at module scope) is no use.
    if (reference.init || !(roles.roleOf(node) & WORKER)) return true;
    const inside = node.range[0] >= first.range[0] && node.range[1] <= last.range[1];
    return inside && enclosingFunction(node) === home && !reference.isWrite() && awaitedCall(node);
  });
}

/**
 * `await client.query(…)`, `await db('orders').count('id')`: the calls and member reads
 * chained on the reference (through type wrappers) end in a call whose promise is awaited.
 */
function awaitedCall(reference: Node): boolean {
  let current = reference;
  for (let parent = current.parent; parent; current = parent, parent = current.parent) {
    const chained =
      (parent.type === 'MemberExpression' && parent.object === current) ||
      (parent.type === 'CallExpression' && parent.callee === current) ||
      (isValueWrapper(parent) && parent.type !== 'AwaitExpression'); // `redis!.incr()`
    if (!chained) break;
  }
  return current !== reference && current.type === 'CallExpression' && isAwaited(current);
}

/** The whole lines of the statements (the first from its line start), when nothing else shares them. */
function restLines(statements: readonly TSESTree.Statement[], sourceCode: SourceCode): { range: [number, number]; text: string[] } | undefined {
  const first = statements[0]!;
  const last = statements.at(-1)!;
  const after = (sourceCode.lines[last.loc.end.line - 1] ?? '').slice(last.loc.end.column);
  if (after.trim() !== '' || last.loc.end.line >= sourceCode.lines.length) return undefined;
  const start = lineStartOf(first, sourceCode);
  const end = sourceCode.getIndexFromLoc({ line: last.loc.end.line + 1, column: 0 });
  return { range: [start, end], text: sourceCode.text.slice(start, end - 1).split('\n') };
}
