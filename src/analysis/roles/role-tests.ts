/**
 * Role tests: reads whose value is truthy in one role only (`cluster.isPrimary`,
 * `isMainThread`, `process.send`), found among the tracked nodes, with their aliases.
 */
import type { TSESLint } from '@typescript-eslint/utils';
import { ROLE_TESTS } from '../../knowledge/forks.js';
import type { ForkRole } from '../../knowledge/index.js';
import type { Node } from '../../util/ast.js';
import type { TrackedNode } from '../imports.js';
import { matches, valueReads } from './tracked-reads.js';

/** Every read of a role test, and the role it is truthy in. */
export type RoleTests = ReadonlyMap<Node, ForkRole>;

export function findRoleTests(tracked: readonly TrackedNode[], sourceCode: Readonly<TSESLint.SourceCode>): RoleTests {
  const tests = new Map<Node, ForkRole>();
  for (const node of tracked) {
    const test = ROLE_TESTS.find((row) => matches(node, row));
    if (!test) continue;
    for (const read of valueReads(node, sourceCode)) tests.set(read, test.truthyIn);
  }
  return tests;
}
