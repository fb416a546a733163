/**
 * The edit that sizes a per-worker pool to its share of a connection budget: a module-scope
 * constant for the budget before the statement that makes the pool, and the pool's size
 * option set to `Math.max(1, Math.floor(BUDGET / workers))`, written where the driver reads
 * it (nested options objects are created as far as they are missing).
 */
import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import { skipTypeWrappers, staticKeyName, type Node } from '../util/ast.js';
import { isPortable } from '../util/portable.js';
import { insertion, moduleScopeHas, replacement, type TextEdit } from './placement.js';
import type { PerWorkerPool } from './pool-sizes.js';

type Source = Readonly<TSESLint.SourceCode>;
type Call = TSESTree.CallExpression | TSESTree.NewExpression;
/** A pool whose factory call, and so whose size option, is in this file. */
type SizedHere = PerWorkerPool & { readonly call: Call };

export interface BudgetEdits {
  /** The worker count as written in the size expression. */
  readonly workers: string;
  readonly edits: readonly TextEdit[];
}

/** The count as code that means the same where the pool is made, or undefined. */
function workersText(pool: PerWorkerPool & { call: Call }, sourceCode: Source): string | undefined {
  if (pool.countNode && isPortable(pool.countNode, pool.call, sourceCode)) return sourceCode.getText(pool.countNode);
  return pool.count.kind === 'known' ? String(pool.count.value) : undefined;
}

/** The module-scope statement that holds the first node the edit touches: the pool's call, or its size option. */
function statementOfPool(pool: SizedHere, sourceCode: Source): TSESTree.ProgramStatement | undefined {
  const edited = pool.size.kind === 'set' ? (pool.size.node ?? pool.call) : pool.call;
  const first = edited.range[0] < pool.call.range[0] ? edited : pool.call;
  const program = sourceCode.ast as TSESTree.Program;
  return program.body.find((candidate) => candidate.range[0] <= first.range[0] && first.range[1] <= candidate.range[1]);
}

/**
 * Sizes the pool to a share of `budget.name`, declared as `budget.value` before the first
 * statement that reads it. Undefined when the count cannot be written there, the name is
 * taken, or the size cannot be set in the call as written.
 */
export function budgetEdits(found: PerWorkerPool, budget: { readonly name: string; readonly value: number }, sourceCode: Source): BudgetEdits | undefined {
  // A pool another module makes is sized there.
  if (!found.call) return undefined;
  const pool = found as SizedHere;
  const workers = workersText(pool, sourceCode);
  const statement = statementOfPool(pool, sourceCode);
  if (!workers || !statement || moduleScopeHas(budget.name, sourceCode)) return undefined;
  const expression = `Math.max(1, Math.floor(${budget.name} / ${/^[\w.$]+(?:\(\))?$/.test(workers) ? workers : `(${workers})`}))`;
  const edit = sizeEdit(pool, expression, sourceCode);
  if (!edit) return undefined;
  const line = sourceCode.lines[statement.loc.start.line - 1]!;
  const indent = /^\s*/.exec(line)![0];
  const lineStart = sourceCode.getIndexFromLoc({ line: statement.loc.start.line, column: 0 });
  return { workers, edits: [insertion(lineStart, `${indent}const ${budget.name} = ${budget.value};\n`), edit] };
}

/** Sets the first size option of the row to `expression`. */
function sizeEdit(pool: SizedHere, expression: string, sourceCode: Source): TextEdit | undefined {
  if (pool.size.kind === 'set') {
    const node = pool.size.node;
    // A size inside a connection string is not an option to rewrite.
    if (node?.parent?.type !== 'Property' || node.parent.value !== node) return undefined;
    return replacement(node, expression);
  }
  const keys = pool.poolSize.options[0]!;
  const { arg } = pool.poolSize;
  const args = pool.call.arguments;
  const options = arg >= 0 ? args[arg] : [...args].reverse().find((candidate) => candidate.type === 'ObjectExpression');
  // `{ pool: { max: … } }` without its outer braces, from key `from` on.
  const nested = (from: number): string => keys.slice(from).reduceRight((inner, key) => `{ ${key}: ${inner} }`, expression).slice(2, -2);
  if (!options) return newOptionsArgument(pool, arg, `{ ${nested(0)} }`, sourceCode);
  const { object, depth } = innermostOptions(skipTypeWrappers(options), keys);
  if (object.type !== 'ObjectExpression') return undefined;
  return appendProperty(object, nested(depth), sourceCode);
}

/** An options object added to a call that has none: `new Pool()` → `new Pool({ max: … })`. */
function newOptionsArgument(pool: SizedHere, arg: number, object: string, sourceCode: Source): TextEdit | undefined {
  const args = pool.call.arguments;
  if (arg >= 0 && args.length !== arg) return undefined;
  const last = args.at(-1);
  if (last) return insertion(last.range[1], `, ${object}`);
  const closing = sourceCode.getLastToken(pool.call)!;
  return closing.value === ')' ? insertion(closing.range[0], object) : undefined;
}

/** Walk into `pool: { … }` as far as it exists: the innermost object, and how many keys lead to it. */
function innermostOptions(options: Node, keys: readonly string[]): { object: Node; depth: number } {
  let object = options;
  let depth = 0;
  while (object.type === 'ObjectExpression' && depth < keys.length - 1) {
    const inner = object.properties.find((property) => property.type === 'Property' && staticKeyName(property.key, property.computed) === keys[depth]);
    if (inner?.type !== 'Property' || skipTypeWrappers(inner.value).type !== 'ObjectExpression') break;
    object = skipTypeWrappers(inner.value);
    depth++;
  }
  return { object, depth };
}

/** `text` as the last property of `object`, on a line of its own when the object spans lines. */
export function appendProperty(object: TSESTree.ObjectExpression, text: string, sourceCode: Source): TextEdit {
  const last = object.properties.at(-1);
  if (!last) return replacement(object, `{ ${text} }`);
  const multiline = last.loc.start.line !== object.loc.start.line;
  const after = sourceCode.getTokenAfter(last);
  const comma = after?.value === ',' ? after : undefined;
  const indent = /^\s*/.exec(sourceCode.lines[last.loc.start.line - 1]!)![0];
  if (comma) return insertion(comma.range[1], multiline ? `\n${indent}${text},` : ` ${text}`);
  return insertion(last.range[1], multiline ? `,\n${indent}${text}` : `, ${text}`);
}
