/** How the text and Mermaid formats word counts, amounts, sizes and processes. */
import type { Amount, Term } from './amounts.js';
import type { ConnectionJson, ProcessJson, ServerAmount } from './model.js';
import type { CountRecord, PerRecord, SizeRecord } from './records.js';

/** `8`, `CPUs` (one per CPU), `?` (not known from the source). */
export function countText(count: CountRecord | Term): string {
  if (count.kind === 'known') return String(count.value);
  if (count.kind === 'unknown') return '?';
  const factor = 'factor' in count ? count.factor : 1;
  return factor === 1 ? 'CPUs' : `${factor} × CPUs`;
}

/** `73`, `73 + 2 × CPUs`, `73 + ?`. */
export function amountText(amount: Amount): string {
  const parts: string[] = [];
  if (amount.known > 0 || (amount.perCpu === 0 && amount.unknown === 0)) parts.push(String(amount.known));
  if (amount.perCpu > 0) parts.push(amount.perCpu === 1 ? 'CPUs' : `${amount.perCpu} × CPUs`);
  if (amount.unknown > 0) parts.push('?');
  return parts.join(' + ');
}

export function serverName(server: { readonly server: string | null; readonly noServer: boolean }): string {
  if (server.server === null) return 'server not known';
  return server.noServer ? `${server.server} (a local file)` : server.server;
}

/** `PostgreSQL 7, Redis 3`. */
export function sumsText(sums: readonly ServerAmount[]): string {
  return sums.map((sum) => `${serverName(sum)} ${amountText(sum.amount)}`).join(', ');
}

function sizeText(size: SizeRecord, library: string): string | undefined {
  switch (size.kind) {
    case 'one':
      return undefined;
    case 'set':
      return size.option.startsWith('?') ? `${size.option.slice(1)}${size.value} in its connection string` : `${size.option} ${size.value}`;
    case 'default':
      return `no size set: ${library}'s default ${size.value}`;
    case 'through':
      return 'runs through a connection counted on its own';
    default:
      if (size.reason === 'computed' && size.option.startsWith('?')) return `its connection string, which may set \`${size.option.slice(1, -1)}\`, not known from the source`;
      if (size.reason === 'computed') return `\`${size.option}\` not known from the source`;
      return size.reason === 'hidden' ? 'size not known: its options are not in view' : `no size set, and ${library}'s default is not a fixed number`;
  }
}

function perText(per: PerRecord): string | undefined {
  if (per.kind === 'process') return per.firstUse ? 'made on first use' : undefined;
  if (per.kind === 'call') return `one per call of ${per.where}, calls at once not known`;
  const option = per.option ? ` (\`${per.option}\`)` : '';
  const inFlight = per.inFlight.kind === 'unknown' ? `not known${option}` : `${countText(per.inFlight)}${option}`;
  return `one per task (${per.task}), × tasks in flight: ${inFlight}`;
}

/** `mysql2 pool \`inventory\`, connectionLimit 30`. */
export function connectionText(connection: ConnectionJson): string {
  const parts = [`${connection.library} ${connection.noun} \`${connection.name}\``];
  const size = sizeText(connection.size, connection.library);
  const per = perText(connection.per);
  if (size) parts.push(size);
  if (per) parts.push(per);
  return parts.join(', ');
}

/** `8 × cluster worker (src/server.js)`. */
export function processTitle(node: ProcessJson): string {
  return `${countText(node.count)} × ${node.kind} (${node.file ?? 'file not known'})`;
}

/** `1 file`, `4 files`, `2 processes`. */
export function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : noun.endsWith('s') ? 'es' : 's'}`;
}

export const LEGEND = 'CPUs: one per CPU of the machine. ?: not known from the source (never guessed, never added in).';
