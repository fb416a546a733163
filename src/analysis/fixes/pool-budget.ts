/**
 * The edit that sizes a per-worker pool to its share of a connection budget: a module-scope
 * constant for the budget before the statement that makes the pool, and the pool's size
 * option set to `Math.max(1, Math.floor(BUDGET / workers))`, written where the driver reads
 * it (nested options objects are created as far as they are missing, and an options
 * object a `const` holds is written where it is declared).
 */
import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import { argumentAt, type Node } from '../../util/ast.js';
import { lookupOption, objectOf } from '../../util/options.js';
import { isPortable } from '../../util/portable.js';
import { appendProperty, canEvaluateAt, insertion, lineIndentOf, lineStartOf, moduleScopeHas, replacement, type TextEdit } from './placement.js';
import type { PerWorkerPool } from '../pool-sizes.js';

type Source = Readonly<TSESLint.SourceCode>;
type Call = TSESTree.CallExpression | TSESTree.NewExpression;
/** A pool whose factory call, and so whose size option, is in this file. */
type SizedHere = PerWorkerPool & { readonly call: Call };

interface BudgetEdits {
  /** The worker count as written in the size expression. */
  readonly workers: string;
  readonly edits: readonly TextEdit[];
}

/** Where the size is written: an option's value replaced, a property added to an options object, or an options argument added. */
type SizePlace =
  | { readonly kind: 'replace'; readonly node: Node }
  /** `depth`: how many keys of the size's path lead to `object` (`pool: { … }` is 1 of `pool.max`). */
  | { readonly kind: 'append'; readonly object: TSESTree.ObjectExpression; readonly depth: number }
  | { readonly kind: 'argument' };

/** The node the edit touches, which the budget and the count must be readable at. */
function placeNode(place: SizePlace, pool: SizedHere): Node {
  return place.kind === 'replace' ? place.node : place.kind === 'append' ? place.object : pool.call;
}

/** The count as code that means the same where the size is written, or undefined. */
function workersText(pool: SizedHere, at: Node, sourceCode: Source): string | undefined {
  const { countNode } = pool;
  if (countNode && isPortable(countNode, at, sourceCode) && canEvaluateAt(countNode, at, sourceCode)) return sourceCode.getText(countNode);
  return pool.count.kind === 'known' ? String(pool.count.value) : undefined;
}

/** The module-scope statement that holds the first node the edit touches: the pool's call, or the options it writes to. */
function statementOfPool(pool: SizedHere, at: Node, sourceCode: Source): TSESTree.ProgramStatement | undefined {
  const first = at.range[0] < pool.call.range[0] ? at : pool.call;
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
  const place = sizePlace(pool, sourceCode);
  if (!place || moduleScopeHas(budget.name, sourceCode)) return undefined;
  const at = placeNode(place, pool);
  const workers = workersText(pool, at, sourceCode);
  const statement = statementOfPool(pool, at, sourceCode);
  if (!workers || !statement) return undefined;
  const expression = `Math.max(1, Math.floor(${budget.name} / ${/^[\w.$]+(?:\(\))?$/.test(workers) ? workers : `(${workers})`}))`;
  const edit = sizeEdit(place, pool, expression, sourceCode);
  if (!edit) return undefined;
  const declaration = `${lineIndentOf(statement, sourceCode)}const ${budget.name} = ${budget.value};\n`;
  return { workers, edits: [insertion(lineStartOf(statement, sourceCode), declaration), edit] };
}

/** Where the row's first size option goes: the value as written, else the innermost options object on its path, else a new options argument. */
function sizePlace(pool: SizedHere, sourceCode: Source): SizePlace | undefined {
  if (pool.size.kind === 'set') {
    const node = pool.size.node;
    // A size inside a connection string is not an option to rewrite.
    return node?.parent?.type === 'Property' && node.parent.value === node ? { kind: 'replace', node } : undefined;
  }
  const options = argumentAt(pool.call, pool.poolSize.arg);
  return options ? innermostOptions(options, pool.poolSize.options[0]!, sourceCode) : { kind: 'argument' };
}

/**
 * Walk into `pool: { … }` one key at a time, through `const` holders, as far as the path is
 * written: the innermost object. Undefined when a key on the path holds something else.
 */
function innermostOptions(options: Node, keys: readonly string[], sourceCode: Source): SizePlace | undefined {
  let object = objectOf(options, sourceCode);
  let depth = 0;
  while (object && depth < keys.length - 1) {
    const found = lookupOption(object, keys[depth]!, sourceCode);
    if (found.kind === 'absent') break;
    object = found.kind === 'set' ? objectOf(found.node, sourceCode) : undefined;
    depth++;
  }
  return object && { kind: 'append', object, depth };
}

/** Sets the row's first size option to `expression` at `place`. */
function sizeEdit(place: SizePlace, pool: SizedHere, expression: string, sourceCode: Source): TextEdit | undefined {
  if (place.kind === 'replace') return replacement(place.node, expression);
  const keys = pool.poolSize.options[0]!;
  // `{ pool: { max: … } }` without its outer braces, from key `from` on.
  const nested = (from: number): string => keys.slice(from).reduceRight((inner, key) => `{ ${key}: ${inner} }`, expression).slice(2, -2);
  if (place.kind === 'argument') return newOptionsArgument(pool, `{ ${nested(0)} }`, sourceCode);
  return appendProperty(place.object, nested(place.depth), sourceCode);
}

/** An options object added to a call that has none: `new Pool()` → `new Pool({ max: … })`. */
function newOptionsArgument(pool: SizedHere, object: string, sourceCode: Source): TextEdit | undefined {
  const { arg } = pool.poolSize;
  const args = pool.call.arguments;
  if (arg >= 0 && args.length !== arg) return undefined;
  const last = args.at(-1);
  if (last) return insertion(last.range[1], `, ${object}`);
  const closing = sourceCode.getLastToken(pool.call)!;
  return closing.value === ')' ? insertion(closing.range[0], object) : undefined;
}
