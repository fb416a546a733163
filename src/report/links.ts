/**
 * The plugin's own reports on the connections in the report: a rule report about the
 * connection itself (its count per worker, per task, or held before a fork) sits where
 * the connection is made, or, for an import that connects as it loads, at the import.
 */
import { groupBy } from '../util/collections.js';
import type { ConnectionRecord, FileRecord } from './records.js';

/** A message of a fork-safe rule, as the lint results give it. */
export interface RuleReport {
  readonly ruleId: string;
  readonly file: string;
  readonly line: number;
  readonly column: number;
  readonly message: string;
}

/** The rules whose reports are about how many connections a pool or client makes, and where. */
const COUNTING_RULES: ReadonlySet<string> = new Set([
  'fork-safe/pool-size-per-worker',
  'fork-safe/no-connection-per-task',
  'fork-safe/no-connection-before-fork',
]);

export type Links = ReadonlyMap<ConnectionRecord, readonly RuleReport[]>;

function reportsAt(reports: readonly RuleReport[], file: string, line: number, column?: number): RuleReport[] {
  return reports.filter((report) => report.file === file && report.line === line && (column === undefined || report.column === column));
}

/** A report, and the connection it is about. */
interface Link {
  readonly connection: ConnectionRecord;
  readonly report: RuleReport;
}

/** The reports at each connection a file makes, and at each import of it that connects as it loads. */
function linksOf(record: FileRecord, records: ReadonlyMap<string, FileRecord>, reports: readonly RuleReport[]): Link[] {
  const links = record.connections.flatMap((connection) =>
    reportsAt(reports, record.file, connection.line, connection.column).map((report) => ({ connection, report })),
  );
  for (const connecting of record.connectingImports) {
    const opened = records.get(connecting.module)?.connections.find((connection) => connection.library === connecting.library && connection.per.kind === 'process');
    if (opened) links.push(...reportsAt(reports, record.file, connecting.line).map((report) => ({ connection: opened, report })));
  }
  return links;
}

export function linkReports(records: ReadonlyMap<string, FileRecord>, allReports: readonly RuleReport[]): Links {
  const reports = allReports.filter((report) => COUNTING_RULES.has(report.ruleId));
  const links = groupBy([...records.values()].flatMap((record) => linksOf(record, records, reports)), (link) => link.connection);
  return new Map([...links].map(([connection, found]) => [connection, [...new Set(found.map((link) => link.report))]]));
}
