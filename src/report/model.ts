/**
 * The report as data: what `--format json` prints (its schema is in docs/report.md) and
 * what the text and Mermaid formatters draw. Paths are relative to the working directory.
 */
import type { Amount, Term } from './amounts.js';
import { connectionTerm } from './amounts.js';
import type { Links } from './links.js';
import type { ConnectionRecord, CountRecord, PerRecord, SizeRecord } from './records.js';
import { instancesOf, perInstance, type ServerTotal } from './totals.js';
import { slashRelative } from '../util/paths.js';
import type { ProcessNode, Stop } from './tree.js';

const SCHEMA_VERSION = 1;

export type LimitSource = 'flag' | 'config' | 'default';

interface ReportLink {
  readonly ruleId: string;
  readonly file: string;
  readonly line: number;
  readonly message: string;
}

export interface ConnectionJson {
  readonly library: string;
  readonly noun: string;
  readonly name: string;
  readonly file: string;
  readonly line: number;
  readonly column: number;
  readonly server: string | null;
  readonly noServer: boolean;
  readonly size: SizeRecord;
  readonly per: PerRecord;
  /** The connections one instance of the process holds through it. */
  readonly each: Term;
  readonly reports: readonly ReportLink[];
}

export interface ServerAmount {
  readonly server: string | null;
  readonly noServer: boolean;
  readonly amount: Amount;
}

export interface ProcessJson {
  readonly id: string;
  readonly kind: string;
  readonly file: string | null;
  readonly count: CountRecord;
  /** How many run in the whole deployment: the product of the counts from the root. */
  readonly instances: Term;
  readonly startedBy: { readonly label: string; readonly file: string; readonly line: number } | null;
  readonly stop: Stop | null;
  readonly connections: readonly ConnectionJson[];
  readonly perInstance: readonly ServerAmount[];
  readonly children: readonly ProcessJson[];
}

export interface ServerJson extends ServerAmount {
  readonly limit: number | null;
  readonly over: boolean;
  readonly overFromCpus: number | null;
  readonly unknown: readonly { readonly name: string; readonly file: string; readonly line: number }[];
}

export interface ReportJson {
  readonly schemaVersion: typeof SCHEMA_VERSION;
  readonly files: number;
  readonly maxConnections: { readonly value: number; readonly from: LimitSource };
  readonly processes: readonly ProcessJson[];
  readonly servers: readonly ServerJson[];
  readonly overLimit: boolean;
}

interface ModelInput {
  readonly cwd: string;
  readonly files: number;
  readonly limit: { readonly value: number; readonly from: LimitSource };
  readonly roots: readonly ProcessNode[];
  readonly totals: readonly ServerTotal[];
  readonly links: Links;
}

interface Context {
  readonly cwd: string;
  readonly links: Links;
  next: number;
}


/** The connection as one process holds it, with the rule reports in the modules that process loads. */
function connectionJson(connection: ConnectionRecord, modules: readonly string[], context: Context): ConnectionJson {
  const { library, noun, name, line, column, size, per } = connection;
  const linked = (context.links.get(connection) ?? []).filter((report) => modules.includes(report.file));
  const reports = linked.map(({ ruleId, file, line: at, message }) => ({ ruleId, file: slashRelative(context.cwd, file), line: at, message }));
  const server = { server: connection.server ?? null, noServer: connection.noServer === true };
  return { library, noun, name, file: slashRelative(context.cwd, connection.file), line, column, ...server, size, per, each: connectionTerm(connection), reports };
}

function processJson(node: ProcessNode, parents: Term, context: Context): ProcessJson {
  const id = `p${++context.next}`;
  const instances = instancesOf(node, parents);
  const startedBy = node.startedBy ? { label: node.startedBy.label, file: slashRelative(context.cwd, node.startedBy.file), line: node.startedBy.line } : null;
  return {
    id,
    kind: node.noun,
    file: node.file ? slashRelative(context.cwd, node.file) : null,
    count: node.count,
    instances,
    startedBy,
    stop: node.stop ?? null,
    connections: node.held.map((connection) => connectionJson(connection, node.modules, context)),
    perInstance: perInstance(node).map(({ server, noServer, amount }) => ({ server: server ?? null, noServer, amount })),
    children: node.children.map((child) => processJson(child, instances, context)),
  };
}

function serverJson(total: ServerTotal, cwd: string): ServerJson {
  return {
    server: total.server ?? null,
    noServer: total.noServer,
    amount: total.amount,
    limit: total.limit ?? null,
    over: total.over,
    overFromCpus: total.overFromCpus ?? null,
    unknown: total.unknown.map(({ name, file, line }) => ({ name, file: slashRelative(cwd, file), line })),
  };
}

export function reportModel(input: ModelInput): ReportJson {
  const context: Context = { cwd: input.cwd, links: input.links, next: 0 };
  const processes = input.roots.map((root) => processJson(root, { kind: 'known', value: 1 }, context));
  const servers = input.totals.map((total) => serverJson(total, input.cwd));
  return { schemaVersion: SCHEMA_VERSION, files: input.files, maxConnections: input.limit, processes, servers, overLimit: servers.some((server) => server.over) };
}
