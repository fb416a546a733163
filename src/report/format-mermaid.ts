/**
 * `--format mermaid`: a flowchart that renders in a GitHub README or pull request. Each
 * process is a box, linked to the processes it starts; each database server kind is a
 * cylinder with its total against the limit, linked from every process that holds
 * connections to it by what all instances of that process hold together.
 */
import type { ProcessJson, ReportJson, ServerJson } from './model.js';
import { amountText, countText, plural, serverName } from './words.js';

/** A Mermaid label of one or more lines: no quotes, angle brackets or backticks (a backtick would start a Markdown label). */
function label(...lines: string[]): string {
  const escape = (text: string): string => text.replace(/"/g, '#quot;').replace(/`/g, '').replace(/</g, '#lt;').replace(/>/g, '#gt;');
  return `"${lines.map(escape).join('<br/>')}"`;
}

function serverIds(servers: readonly ServerJson[]): Map<string | null, string> {
  return new Map(servers.map((server, i) => [server.server, `s${i + 1}`]));
}

function processBox(node: ProcessJson): string {
  return `  ${node.id}[${label(`${countText(node.count)} × ${node.kind}`, node.file ?? 'file not known')}]`;
}

function processLines(node: ProcessJson, servers: Map<string | null, string>): string[] {
  const lines = [processBox(node)];
  const instances = countText(node.instances);
  for (const sum of node.perInstance) {
    const target = servers.get(sum.server);
    const each = amountText(sum.amount);
    const times = each.includes(' + ') ? `${instances} × (${each})` : `${instances} × ${each}`;
    if (target && each !== '0') lines.push(`  ${node.id} -.->|${label(instances === '1' ? each : times)}| ${target}`);
  }
  for (const child of node.children) {
    lines.push(...processLines(child, servers));
    lines.push(`  ${node.id} -->|${label(child.startedBy?.label ?? 'starts')}| ${child.id}`);
  }
  return lines;
}

function serverBox(server: ServerJson, id: string): string {
  const from = server.overFromCpus === null ? '' : `, over it from ${server.overFromCpus} CPUs on`;
  const limit = server.limit === null ? 'no limit' : server.over ? `over the limit of ${server.limit}` : `limit ${server.limit}${from}`;
  return `  ${id}[(${label(serverName(server), `${amountText(server.amount)}, ${limit}`)})]`;
}

export function formatMermaid(report: ReportJson): string {
  const lines = ['flowchart TD'];
  if (report.processes.length === 0) return [...lines, `  none[${label(`No connection found in ${plural(report.files, 'file')}`)}]`, ''].join('\n');
  const servers = serverIds(report.servers);
  for (const node of report.processes) lines.push(...processLines(node, servers));
  for (const server of report.servers) lines.push(serverBox(server, servers.get(server.server)!));
  const over = report.servers.filter((server) => server.over).map((server) => servers.get(server.server)!);
  if (over.length > 0) lines.push('  classDef over stroke:#d00,stroke-width:3px,color:#d00', `  class ${over.join(',')} over`);
  return `${lines.join('\n')}\n`;
}
