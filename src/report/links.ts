/**
 * The plugin's own reports on the connections in the report: a rule report about the
 * connection itself (its count per worker, per task, or held before a fork) sits where
 * the connection is made, or, for an import that connects as it loads, at the import.
 */
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

function addLinks(links: Map<ConnectionRecord, RuleReport[]>, connection: ConnectionRecord, found: readonly RuleReport[]): void {
  if (found.length === 0) return;
  const list = links.get(connection) ?? [];
  for (const report of found) if (!list.includes(report)) list.push(report);
  links.set(connection, list);
}

export function linkReports(records: ReadonlyMap<string, FileRecord>, allReports: readonly RuleReport[]): Links {
  const reports = allReports.filter((report) => COUNTING_RULES.has(report.ruleId));
  const links = new Map<ConnectionRecord, RuleReport[]>();
  for (const record of records.values()) {
    for (const connection of record.connections) addLinks(links, connection, reportsAt(reports, record.file, connection.line, connection.column));
    for (const connecting of record.connectingImports) {
      const opened = records.get(connecting.module)?.connections.find((connection) => connection.library === connecting.library && connection.per.kind === 'process');
      if (opened) addLinks(links, opened, reportsAt(reports, record.file, connecting.line));
    }
  }
  return links;
}
