/**
 * Stage 2: where tracked objects go. Starting from the tracked API nodes, follows each
 * value into variables, class fields, `this.x` properties, aliases, destructuring,
 * `await`, `.then()` callbacks, wrapper functions that return it, and the objects it
 * hands out (`pool.connect()`, `client.db()`), until every place that holds it is known.
 *
 * The parts, in `values/`: `seeds` (where objects start), `follow` (where a value goes
 * next), `holders` and `class-members` (what receives it), all working on one `graph`.
 */
import type { TSESLint } from '@typescript-eslint/utils';
import type { Knowledge } from '../knowledge/index.js';
import type { TrackedNode } from './imports.js';
import { follow } from './values/follow.js';
import { createGraph, valuesOf } from './values/graph.js';
import { seedTracked } from './values/seeds.js';
import type { Values } from './values/types.js';

export { CALLED, type Access, type Binding, type Origin, type ValueSite, type Values } from './values/types.js';
export { undeclaredNamed } from './values/holders.js';

interface ValuesInput {
  readonly sourceCode: Readonly<TSESLint.SourceCode>;
  readonly knowledge: Knowledge;
  readonly tracked: readonly TrackedNode[];
}

export function analyzeValues(input: ValuesInput): Values {
  const graph = createGraph(input.sourceCode, input.knowledge);
  seedTracked(graph, input.tracked);
  // Breadth first, in the order sites are found: the first finding of a node decides its origin.
  while (graph.queue.length > 0) follow(graph, graph.queue.shift()!);
  return valuesOf(graph);
}
