/**
 * `--format text`: the process tree, each process with the connections one instance of
 * it holds (amount, what it is, where it is made, the rule report there), then the
 * totals per database server against the limit.
 */
import { amountText, connectionText, countText, LEGEND, plural, processTitle, serverName, sumsText } from './words.js';
import type { ConnectionJson, ProcessJson, ReportJson, ServerJson } from './model.js';

const INDENT = '  ';

const LIMIT_SOURCES: Readonly<Record<ReportJson['maxConnections']['from'], string>> = {
  flag: '--max-connections',
  config: "pool-size-per-worker's maxConnections",
  default: 'the default',
};

const STOPS: Readonly<Record<NonNullable<ProcessJson['stop']>, string>> = {
  cycle: 'the same file in the same role as a process above it, which starts it again and again: not followed further',
  'not-linted': 'its file was not linted',
  'unknown-file': 'the source does not say which file it runs',
};

function linksText(connection: ConnectionJson): string {
  return connection.reports
    .map((report) => {
      const elsewhere = report.file !== connection.file || report.line !== connection.line;
      return `  ← ${report.ruleId}${elsewhere ? ` (${report.file}:${report.line})` : ''}`;
    })
    .join('');
}

function connectionLines(node: ProcessJson, indent: string): string[] {
  if (node.connections.length === 0) return node.stop ? [] : [`${indent}no connections`];
  const amounts = node.connections.map((connection) => countText(connection.each));
  const width = Math.max(...amounts.map((amount) => amount.length));
  const lines = node.connections.map((connection, i) =>
    `${indent}${amounts[i]!.padStart(width)}  ${connectionText(connection)}  ${connection.file}:${connection.line}${linksText(connection)}`,
  );
  // Nothing counted when all it holds runs through connections counted elsewhere.
  if (node.perInstance.length > 0) lines.push(`${indent}each ${node.kind}: ${sumsText(node.perInstance)}`);
  return lines;
}

function processLines(node: ProcessJson, depth: number): string[] {
  const indent = INDENT.repeat(depth);
  const started = node.startedBy ? `, started by \`${node.startedBy.label}\` at ${node.startedBy.file}:${node.startedBy.line}` : '';
  const stop = node.stop ? `: ${STOPS[node.stop]}` : '';
  const lines = [`${indent}${processTitle(node)}${started}${stop}`, ...connectionLines(node, indent + INDENT + INDENT)];
  for (const child of node.children) lines.push(...processLines(child, depth + 1));
  return lines;
}

function status(server: ServerJson): string {
  if (server.server === null) return 'no limit applies: the server is not known';
  if (server.limit === null) return 'no limit applies';
  const { known, perCpu } = server.amount;
  if (server.over) return `over the limit of ${server.limit} by ${known + perCpu - server.limit}`;
  if (server.overFromCpus !== null) return `over the limit of ${server.limit} from ${server.overFromCpus} CPUs on`;
  return `within the limit of ${server.limit}${server.amount.unknown > 0 ? ', as far as known' : ''}`;
}

function serverLines(servers: readonly ServerJson[]): string[] {
  const names = servers.map(serverName);
  const totals = servers.map((server) => amountText(server.amount));
  const nameWidth = Math.max(...names.map((name) => name.length));
  const totalWidth = Math.max(...totals.map((total) => total.length));
  const lines: string[] = [];
  servers.forEach((server, i) => {
    lines.push(`${INDENT}${names[i]!.padEnd(nameWidth)}  ${totals[i]!.padEnd(totalWidth)}  ${status(server)}`);
    const unknown = server.unknown.map((entry) => `\`${entry.name}\` (${entry.file}:${entry.line})`).join(', ');
    if (unknown) lines.push(`${INDENT}${' '.repeat(nameWidth)}  not known: ${unknown}`);
  });
  return lines;
}

/** Processes whose connections are not known at all: their file is not known, or was not linted. */
function uncounted(processes: readonly ProcessJson[]): number {
  return processes.reduce((total, node) => total + (node.stop === 'unknown-file' || node.stop === 'not-linted' ? 1 : 0) + uncounted(node.children), 0);
}

function verdict(report: ReportJson): string {
  const over = report.servers.filter((server) => server.over).map((server) => server.server);
  if (over.length > 0) return `Over the limit of ${report.maxConnections.value} connections: ${over.join(', ')}.`;
  return `Within the limit of ${report.maxConnections.value} connections for every server, as far as the source says.`;
}

export function formatText(report: ReportJson): string {
  const { files, maxConnections } = report;
  const lines = [`fork-safe report: ${plural(files, 'file')}, limit ${maxConnections.value} connections per database server (${LIMIT_SOURCES[maxConnections.from]})`, ''];
  if (report.processes.length === 0) return [...lines, `No connection found, and no process started, in ${plural(files, 'file')}.`, ''].join('\n');
  for (const node of report.processes) lines.push(...processLines(node, 0), '');
  const missing = uncounted(report.processes);
  const notCounted = `Not counted: the connections of ${plural(missing, 'process')} whose file is not known or was not linted.`;
  if (report.servers.length === 0) {
    return [...lines, 'No connection found: none of these processes opens a connection.', ...(missing > 0 ? [notCounted] : []), ''].join('\n');
  }
  lines.push('Connections per database server, all processes together:', ...serverLines(report.servers), '', verdict(report));
  if (missing > 0) lines.push(notCounted);
  lines.push(LEGEND, '');
  return lines.join('\n');
}
