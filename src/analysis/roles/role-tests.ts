/**
 * Role tests: reads whose value is truthy in one role only (`cluster.isPrimary`,
 * `isMainThread`, `process.send`), found among the tracked nodes, with their aliases; and
 * the tests of a marker the module's own fork calls pass (`process.argv[2] === 'child'`).
 */
import type { TSESLint } from '@typescript-eslint/utils';
import { ROLE_TESTS } from '../../knowledge/forks.js';
import type { Node } from '../../util/ast.js';
import { findApiRow } from '../api-refs.js';
import type { TrackedNode } from '../imports.js';
import { valueReads } from '../tracked-reads.js';
import type { ForkSite } from './fork-sites.js';
import { addMarkerTests, type MaskUnder } from './markers.js';
import { truthOfTest, type Truth } from './masks.js';

/** Every node whose truth tells the roles apart, and where it is truthy and falsy. */
export type RoleTests = ReadonlyMap<Node, Truth>;

export function findRoleTests(
  tracked: readonly TrackedNode[],
  forkSites: readonly ForkSite[],
  sourceCode: Readonly<TSESLint.SourceCode>,
  maskUnder: MaskUnder,
): RoleTests {
  const tests = new Map<Node, Truth>();
  for (const node of tracked) {
    const test = findApiRow(ROLE_TESTS, node);
    if (!test) continue;
    for (const read of valueReads(node, sourceCode)) tests.set(read, truthOfTest(test.truthyIn));
  }
  return addMarkerTests(tests, tracked, forkSites, sourceCode, maskUnder);
}
