/**
 * Closes through helpers of the same file: `const done = () => redis.quit()` closes the
 * connection wherever it is called (`return done()` in both callbacks of a `.then()`), or
 * handed to a promise chain as its handler (`.finally(done)`). A helper counts when its own
 * body closes on every path: the close is its expression body, or a statement of its body
 * that nothing before it can return or throw past. Helpers that call such a helper count
 * too, a few levels deep.
 */
import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import { skipValueWrappers, walk, type FunctionNode, type Node } from '../../util/ast.js';
import { enclosingFunction, functionReferences, functionVariable } from '../functions.js';
import { statementOf } from './paths.js';

type SourceCode = Readonly<TSESLint.SourceCode>;
type Variable = TSESLint.Scope.Variable;

/** How many helpers deep a close is followed (a helper calling a helper that closes). */
const MAX_HELPER_DEPTH = 3;

export interface HelperCloses {
  /** Calls of helpers that close the connection: closes of the code around them. */
  readonly calls: readonly TSESTree.CallExpression[];
  /** The helpers' variables: a handler named by one of them closes it (`.finally(done)`). */
  readonly helpers: ReadonlySet<Variable>;
}

export function helperCloses(sourceCode: SourceCode, closes: readonly TSESTree.CallExpression[]): HelperCloses {
  const calls: TSESTree.CallExpression[] = [];
  const helpers = new Set<Variable>();
  let level: readonly TSESTree.CallExpression[] = closes;
  for (let depth = 0; depth < MAX_HELPER_DEPTH && level.length > 0; depth++) {
    const next: TSESTree.CallExpression[] = [];
    for (const fn of new Set(level.map(enclosingFunction))) {
      const variable = fn && functionVariable(fn, sourceCode);
      if (!fn || !variable || helpers.has(variable) || !closesOnEveryPathOf(fn, level, sourceCode)) continue;
      helpers.add(variable);
      next.push(...functionReferences(fn, sourceCode).calls);
    }
    calls.push(...next);
    level = next;
  }
  return { calls, helpers };
}

/** One of `closes` runs whenever `fn` runs to its end or returns. */
function closesOnEveryPathOf(fn: FunctionNode, closes: readonly Node[], sourceCode: SourceCode): boolean {
  const own = closes.filter((call) => enclosingFunction(call) === fn);
  const body = fn.body;
  if (body.type !== 'BlockStatement') return own.some((call) => skipValueWrappers(body) === call);
  const index = body.body.findIndex((statement) => own.some((call) => statementOf(call) === statement));
  return index >= 0 && body.body.slice(0, index).every((statement) => !leavesIn(statement, fn, sourceCode));
}

/** A `return` or `throw` of `fn` itself inside `statement`. */
function leavesIn(statement: Node, fn: FunctionNode, sourceCode: SourceCode): boolean {
  let found = false;
  walk(statement, sourceCode.visitorKeys, (child) => {
    if ((child.type === 'ReturnStatement' || child.type === 'ThrowStatement') && enclosingFunction(child) === fn) found = true;
  });
  return found;
}
