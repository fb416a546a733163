/**
 * Connection amounts as the report adds them up. One contribution (a pool's size times
 * how many of it a process holds, times how many of that process run) is a term: a known
 * number, a number per CPU, or unknown. A total is a known part, a per-CPU part, and the
 * number of unknown contributions, which are never guessed and never added in.
 */
import type { ConnectionRecord, CountRecord, PerRecord, SizeRecord } from './records.js';

export type Term =
  | { readonly kind: 'known'; readonly value: number }
  | { readonly kind: 'per-cpu'; readonly factor: number }
  | { readonly kind: 'unknown' };

export interface Amount {
  readonly known: number;
  /** Connections per CPU of the machine: `perCpu × CPUs`. */
  readonly perCpu: number;
  /** Contributions of unknown size or count. */
  readonly unknown: number;
}

export const ZERO: Amount = { known: 0, perCpu: 0, unknown: 0 };
const ONE: Term = { kind: 'known', value: 1 };
const UNKNOWN: Term = { kind: 'unknown' };

export function termOf(count: CountRecord): Term {
  return count.kind === 'per-cpu' ? { kind: 'per-cpu', factor: 1 } : count;
}

const isZero = (term: Term): boolean => term.kind === 'known' && term.value === 0;

/** a × b. Per CPU times per CPU grows with the square of the CPUs: not added up, unknown. */
export function times(a: Term, b: Term): Term {
  if (isZero(a) || isZero(b)) return { kind: 'known', value: 0 };
  if (a.kind === 'unknown' || b.kind === 'unknown') return UNKNOWN;
  if (a.kind === 'known' && b.kind === 'known') return { kind: 'known', value: a.value * b.value };
  if (a.kind === 'per-cpu' && b.kind === 'per-cpu') return UNKNOWN;
  const value = a.kind === 'known' ? a.value : (b as { value: number }).value;
  const factor = a.kind === 'per-cpu' ? a.factor : (b as { factor: number }).factor;
  return { kind: 'per-cpu', factor: value * factor };
}

export function add(amount: Amount, term: Term): Amount {
  if (term.kind === 'known') return { ...amount, known: amount.known + term.value };
  if (term.kind === 'per-cpu') return { ...amount, perCpu: amount.perCpu + term.factor };
  return { ...amount, unknown: amount.unknown + 1 };
}

function sizeTerm(size: SizeRecord): Term {
  switch (size.kind) {
    case 'one':
      return ONE;
    case 'set':
    case 'default':
      return { kind: 'known', value: size.value };
    case 'through':
      return { kind: 'known', value: 0 };
    default:
      return UNKNOWN;
  }
}

function perTerm(per: PerRecord): Term {
  if (per.kind === 'process') return ONE;
  return per.kind === 'task' ? termOf(per.inFlight) : UNKNOWN;
}

/** The connections one instance of a process holds through this pool or client. */
export function connectionTerm(connection: ConnectionRecord): Term {
  return times(sizeTerm(connection.size), perTerm(connection.per));
}

/** The amount with every per-CPU part at one CPU, the fewest a machine has: what is known for sure. */
export function atLeast(amount: Amount): number {
  return amount.known + amount.perCpu;
}

/** The CPU count from which `amount` goes over `limit`, when only its per-CPU part takes it there. */
export function overFromCpus(amount: Amount, limit: number): number | undefined {
  if (amount.perCpu === 0 || atLeast(amount) > limit) return undefined;
  return Math.floor((limit - amount.known) / amount.perCpu) + 1;
}
