/**
 * The state the parts of the tasks stage share, as one value: the file, the earlier
 * stages' results, and indexes built once per file (or on first use).
 */
import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import type { Node } from '../../util/ast.js';
import type { Access, Binding, Origin, Values } from '../values.js';
import type { Workers } from '../workers.js';

export interface TasksInput {
  readonly sourceCode: Readonly<TSESLint.SourceCode>;
  readonly values: Values;
  readonly workers: Workers;
}

/** Where a connection comes into being, seen from the code that holds it. */
export interface Creation {
  readonly node: Node;
  /** A new connection (a factory), as opposed to one handed out by another (a checkout). */
  readonly fresh: boolean;
}

export interface TaskContext extends TasksInput {
  readonly program: TSESTree.Program;
  /** Every holder of each tracked object. */
  readonly bindingsByOrigin: ReadonlyMap<Origin, readonly Binding[]>;
  /** Answers of `creation`, filled as they are asked; null where there is none. */
  readonly creations: Map<Origin, Creation | null>;
  /** The accesses on each created connection, built on first use: most files never ask. */
  readonly accesses: { byCreation?: ReadonlyMap<Node, readonly Access[]> };
}

export function taskContext(input: TasksInput): TaskContext {
  return {
    ...input,
    program: input.sourceCode.ast as TSESTree.Program,
    bindingsByOrigin: groupBy(input.values.bindings, (binding) => binding.origin),
    creations: new Map(),
    accesses: {},
  };
}

export function groupBy<K, V>(items: Iterable<V>, keyOf: (item: V) => K | undefined): Map<K, V[]> {
  const groups = new Map<K, V[]>();
  for (const item of items) {
    const key = keyOf(item);
    if (key === undefined) continue;
    const list = groups.get(key);
    if (list) list.push(item);
    else groups.set(key, [item]);
  }
  return groups;
}

export function bindingsOf(context: TaskContext, origin: Origin): readonly Binding[] {
  return context.bindingsByOrigin.get(origin) ?? [];
}

export function referencesOf(context: TaskContext, origin: Origin): Node[] {
  return bindingsOf(context, origin).flatMap((binding) => binding.references);
}
