/**
 * Connections per database server kind: per instance of each process, and for the whole
 * deployment (each process's connections times how many of it run), against the limit.
 * The limit applies to each server kind with a known name; a local file (SQLite) and
 * connections whose server is not known have none.
 */
import { add, atLeast, connectionTerm, overFromCpus, termOf, times, ZERO, type Amount, type Term } from './amounts.js';
import type { ConnectionRecord } from './records.js';
import type { ProcessNode } from './tree.js';

interface ServerSum {
  /** Undefined when the server kind is not known. */
  readonly server?: string;
  readonly noServer: boolean;
  readonly amount: Amount;
}

export interface ServerTotal extends ServerSum {
  /** The connections whose contribution is not known, in the order found. */
  readonly unknown: readonly ConnectionRecord[];
  /** Undefined where no limit applies. */
  readonly limit?: number;
  /** The known part, every per-CPU part counted at one CPU, is over the limit. */
  readonly over: boolean;
  /** Under the limit, but over it from this many CPUs on. */
  readonly overFromCpus?: number;
}

interface Bucket {
  server?: string;
  noServer: boolean;
  amount: Amount;
  unknown: ConnectionRecord[];
}

function bucketOf(buckets: Map<string, Bucket>, connection: ConnectionRecord): Bucket {
  const key = connection.server ?? '';
  let bucket = buckets.get(key);
  if (!bucket) {
    bucket = { server: connection.server, noServer: connection.noServer === true, amount: ZERO, unknown: [] };
    buckets.set(key, bucket);
  }
  return bucket;
}

function addHeld(buckets: Map<string, Bucket>, held: readonly ConnectionRecord[], instances: Term): void {
  for (const connection of held) {
    if (connection.size.kind === 'through') continue;
    const bucket = bucketOf(buckets, connection);
    const term = times(instances, connectionTerm(connection));
    bucket.amount = add(bucket.amount, term);
    if (term.kind === 'unknown' && !bucket.unknown.includes(connection)) bucket.unknown.push(connection);
  }
}

/** Known server kinds by name, then the connections whose server is not known. */
function sorted(buckets: Map<string, Bucket>): Bucket[] {
  return [...buckets.values()].sort((a, b) => (a.server === undefined ? 1 : b.server === undefined ? -1 : a.server.localeCompare(b.server)));
}

/** What one instance of the process holds, per server kind. */
export function perInstance(node: ProcessNode): ServerSum[] {
  const buckets = new Map<string, Bucket>();
  addHeld(buckets, node.held, { kind: 'known', value: 1 });
  return sorted(buckets).map(({ server, noServer, amount }) => ({ ...(server ? { server } : {}), noServer, amount }));
}

/** The number of instances of each process in the whole deployment: the product of the counts above it. */
export function instancesOf(node: ProcessNode, parents: Term): Term {
  return times(parents, termOf(node.count));
}

function visit(node: ProcessNode, parents: Term, buckets: Map<string, Bucket>): void {
  const instances = instancesOf(node, parents);
  addHeld(buckets, node.held, instances);
  for (const child of node.children) visit(child, instances, buckets);
}

export function serverTotals(roots: readonly ProcessNode[], limit: number): ServerTotal[] {
  const buckets = new Map<string, Bucket>();
  for (const root of roots) visit(root, { kind: 'known', value: 1 }, buckets);
  return sorted(buckets).map(({ server, noServer, amount, unknown }) => {
    const limited = server !== undefined && !noServer;
    const from = limited ? overFromCpus(amount, limit) : undefined;
    return {
      ...(server ? { server } : {}),
      noServer,
      amount,
      unknown,
      ...(limited ? { limit } : {}),
      over: limited && atLeast(amount) > limit,
      ...(from !== undefined ? { overFromCpus: from } : {}),
    };
  });
}
