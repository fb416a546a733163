/**
 * Lints the project the way its own `eslint` run would: the `ESLint` class of the
 * project's own ESLint (resolved from the working directory; else the one the plugin is
 * installed with), its configuration, parsers and settings, with the report's collector
 * rule added on top. What comes back is plain data: the file records and the fork-safe
 * rule reports.
 */
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { collectorConfig, type RecordStore } from './collector.js';
import type { RuleReport } from './links.js';
import type { FileRecord } from './records.js';

/** What the report uses of an `ESLint` instance (ESLint 9 and 10 alike). */
interface ESLintLike {
  lintFiles(patterns: string[]): Promise<LintResult[]>;
  calculateConfigForFile(file: string): Promise<{ rules?: Record<string, unknown> } | undefined>;
}

interface LintResult {
  readonly filePath: string;
  readonly messages: readonly { readonly ruleId: string | null; readonly line: number; readonly column: number; readonly message: string; readonly fatal?: boolean }[];
}

export type ESLintClass = new (options: Record<string, unknown>) => ESLintLike;

interface LintOptions {
  readonly cwd: string;
  readonly patterns: readonly string[];
  readonly config?: string;
  /** The ESLint class to use; by default the project's own. */
  readonly ESLint?: ESLintClass;
  readonly onFile?: (count: number) => void;
}

interface LintOutcome {
  readonly records: ReadonlyMap<string, FileRecord>;
  readonly reports: readonly RuleReport[];
  /** Files ESLint could not parse: `file:line message`. */
  readonly parseErrors: readonly string[];
  /** `maxConnections` of `fork-safe/pool-size-per-worker` where the configuration enables it. */
  readonly configLimit?: number;
}

const POOL_SIZE_RULE = 'fork-safe/pool-size-per-worker';
/** How many files' configurations are asked for the pool-size option before giving up. */
const CONFIG_PROBES = 50;

/** The project's own `eslint`, else the plugin's peer. */
export async function loadESLint(cwd: string): Promise<ESLintClass> {
  let module: { ESLint?: ESLintClass; default?: { ESLint?: ESLintClass } };
  try {
    const resolved = createRequire(path.join(cwd, 'package.json')).resolve('eslint');
    module = (await import(pathToFileURL(resolved).href)) as typeof module;
  } catch {
    module = (await import('eslint')) as unknown as typeof module;
  }
  const ESLint = module.ESLint ?? module.default?.ESLint;
  if (!ESLint) throw new Error('the ESLint class could not be loaded.');
  return ESLint;
}

function enabledLimit(entry: unknown): number | undefined {
  const [severity, options] = Array.isArray(entry) ? entry : [entry];
  if (severity === undefined || severity === 0 || severity === 'off') return undefined;
  const limit = (options as { maxConnections?: unknown } | undefined)?.maxConnections;
  return typeof limit === 'number' ? limit : undefined;
}

async function configLimit(eslint: ESLintLike, files: readonly string[]): Promise<number | undefined> {
  for (const file of files.slice(0, CONFIG_PROBES)) {
    const limit = enabledLimit((await eslint.calculateConfigForFile(file))?.rules?.[POOL_SIZE_RULE]);
    if (limit !== undefined) return limit;
  }
  return undefined;
}

function reportsOf(results: readonly LintResult[]): { reports: RuleReport[]; parseErrors: string[] } {
  const reports: RuleReport[] = [];
  const parseErrors: string[] = [];
  for (const result of results) {
    for (const message of result.messages) {
      if (message.fatal) parseErrors.push(`${result.filePath}:${message.line} ${message.message}`);
      else if (message.ruleId?.startsWith('fork-safe/')) {
        reports.push({ ruleId: message.ruleId, file: result.filePath, line: message.line, column: message.column, message: message.message });
      }
    }
  }
  return { reports, parseErrors };
}

export async function lintProject(options: LintOptions): Promise<LintOutcome> {
  const store: RecordStore = { records: new Map(), onFile: options.onFile };
  const ESLint = options.ESLint ?? (await loadESLint(options.cwd));
  const eslint = new ESLint({
    cwd: options.cwd,
    overrideConfig: [collectorConfig(store)],
    ...(options.config ? { overrideConfigFile: path.resolve(options.cwd, options.config) } : {}),
  });
  const results = await eslint.lintFiles([...options.patterns]);
  const limit = await configLimit(eslint, results.map((result) => result.filePath));
  return { records: store.records, ...reportsOf(results), ...(limit !== undefined ? { configLimit: limit } : {}) };
}
