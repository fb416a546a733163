/**
 * `fork-safe report`: parses the flags, lints, builds the process tree and the totals,
 * and prints the chosen format. Returns the exit code: 0 within the limit, 1 when a
 * server's known total is over it, 2 on a usage error or when the lint fails.
 */
import { createRequire } from 'node:module';
import { DEFAULT_MAX_CONNECTIONS } from '../knowledge/deployment.js';
import { parseArgs, USAGE, UsageError, type Parsed, type ReportArgs } from './args.js';
import { formatMermaid } from './format-mermaid.js';
import { formatText } from './format-text.js';
import { lintProject, type ESLintClass } from './lint.js';
import { linkReports } from './links.js';
import { reportModel, type LimitSource, type ReportJson } from './model.js';
import { serverTotals } from './totals.js';
import { buildTree } from './tree.js';

export interface Io {
  readonly cwd: string;
  readonly stdout: { write(text: string): unknown };
  readonly stderr: { write(text: string): unknown; readonly isTTY?: boolean };
  /** The ESLint class to lint with; by default the project's own. */
  readonly ESLint?: ESLintClass;
}

/** Projects with more files than this get a progress line on stderr. */
const PROGRESS_FROM = 300;
const PROGRESS_EVERY = 100;

function version(): string {
  return (createRequire(import.meta.url)('eslint-plugin-fork-safe/package.json') as { version: string }).version;
}

function progress(io: Io): (count: number) => void {
  return (count) => {
    if (count < PROGRESS_FROM || count % PROGRESS_EVERY !== 0) return;
    io.stderr.write(io.stderr.isTTY ? `\rfork-safe report: ${count} files read…` : `fork-safe report: ${count} files read…\n`);
  };
}

function limitOf(args: ReportArgs, configLimit: number | undefined): { value: number; from: LimitSource } {
  if (args.maxConnections !== undefined) return { value: args.maxConnections, from: 'flag' };
  return configLimit !== undefined ? { value: configLimit, from: 'config' } : { value: DEFAULT_MAX_CONNECTIONS, from: 'default' };
}

async function buildReport(args: ReportArgs, io: Io): Promise<ReportJson> {
  const outcome = await lintProject({ cwd: io.cwd, patterns: args.patterns, config: args.config, ESLint: io.ESLint, onFile: progress(io) });
  if (io.stderr.isTTY && outcome.records.size >= PROGRESS_FROM) io.stderr.write('\n');
  for (const error of outcome.parseErrors) io.stderr.write(`fork-safe report: not read, ESLint cannot parse it: ${error}\n`);
  const limit = limitOf(args, outcome.configLimit);
  const roots = buildTree(outcome.records);
  const totals = serverTotals(roots, limit.value);
  return reportModel({ cwd: io.cwd, files: outcome.records.size, limit, roots, totals, links: linkReports(outcome.records, outcome.reports) });
}

function formatted(report: ReportJson, format: ReportArgs['format']): string {
  if (format === 'json') return `${JSON.stringify(report, null, 2)}\n`;
  return format === 'mermaid' ? formatMermaid(report) : formatText(report);
}

/** The parsed command line, or undefined after writing the usage error. */
function parsed(argv: readonly string[], io: Io): Parsed | undefined {
  try {
    return parseArgs(argv);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    io.stderr.write(`fork-safe: ${error.message}\nRun \`fork-safe --help\` for the options.\n`);
    return undefined;
  }
}

/** `--help`, `--version`, or no command at all (a usage error: the usage goes to stderr). */
function info(command: Exclude<Parsed['command'], 'report'>, io: Io): number {
  if (command === 'version') io.stdout.write(`${version()}\n`);
  else (command === 'usage' ? io.stderr : io.stdout).write(`${USAGE}\n`);
  return command === 'usage' ? 2 : 0;
}

export async function main(argv: readonly string[], io: Io): Promise<number> {
  const args = parsed(argv, io);
  if (!args) return 2;
  if (args.command !== 'report') return info(args.command, io);
  let report;
  try {
    report = await buildReport(args, io);
  } catch (error) {
    io.stderr.write(`fork-safe report: ${error instanceof Error ? error.message : String(error)}\n`);
    return 2;
  }
  io.stdout.write(formatted(report, args.format));
  return report.overLimit ? 1 : 0;
}
