/**
 * Calls of a fork method on a tracked object (FORK_METHODS: bull's `queue.process(…)`), the
 * object made in the file or imported: what the project index reads for the file it names,
 * and what the workers stage reads for a function given there instead.
 */
import type { TSESTree } from '@typescript-eslint/utils';
import { FORK_METHODS, type ForkMethodRow } from '../knowledge/index.js';
import type { Access } from './values.js';

/** The fork-method call an access makes, with its row: `queue.process('./processor.js')`, `queue.process(fn)`. */
export function forkMethodCall(access: Access): { readonly call: TSESTree.CallExpression; readonly row: ForkMethodRow } | undefined {
  if (!access.call || access.call.callee !== access.member || !access.name) return undefined;
  const row = FORK_METHODS.find((candidate) => candidate.entity === access.site.entity.id && candidate.method === access.name);
  return row && { call: access.call, row };
}
