/** Role masks: the roles a node runs in, and where a condition may be truthy or falsy. */
import type { ForkRole } from '../../knowledge/index.js';

/** Bit set of the roles a node runs in. */
export type RoleMask = 0 | 1 | 2 | 3;
export const PRIMARY: RoleMask = 1;
export const WORKER: RoleMask = 2;
export const BOTH: RoleMask = 3;

export const roleBit = (role: ForkRole): RoleMask => (role === 'primary' ? PRIMARY : WORKER);

export const intersection = (a: number, b: number): RoleMask => (a & b) as RoleMask;
export const union = (a: number, b: number): RoleMask => (a | b) as RoleMask;

/** Truthiness of a condition: the roles where it may be truthy, and where it may be falsy. */
export interface Truth {
  readonly truthy: RoleMask;
  readonly falsy: RoleMask;
}

/** Nothing known: the one object `truth()` answers when it cannot tell (compared by identity). */
export const UNKNOWN: Truth = { truthy: BOTH, falsy: BOTH };

export function negated(truth: Truth): Truth {
  return { truthy: truth.falsy, falsy: truth.truthy };
}

/** A role test: truthy in its role, falsy in the other. */
export function truthOfTest(role: ForkRole): Truth {
  return { truthy: roleBit(role), falsy: (BOTH ^ roleBit(role)) as RoleMask };
}
