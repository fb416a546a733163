/**
 * Runs a scenario's files as a real program, and applies the plugin's own fixes to code
 * through ESLint's Linter, so each runtime test shows a defect failing and its fix working.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { Linter } from 'eslint';
import plugin from '../../src/index.js';

const root = path.resolve(import.meta.dirname, '../..');
const workRoot = path.join(root, 'tests/runtime/.work');

export interface RunResult {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Writes the files in a fresh directory inside the project (so packages resolve) and runs `entry` with node. */
export async function runProgram(files: Record<string, string>, entry: string, env: Record<string, string>, timeoutMs = 20_000): Promise<RunResult> {
  fs.mkdirSync(workRoot, { recursive: true });
  const dir = fs.mkdtempSync(path.join(workRoot, 'scenario-'));
  for (const [name, text] of Object.entries(files)) fs.writeFileSync(path.join(dir, name), text);
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, [entry], { cwd: dir, env: { ...process.env, ...env }, timeout: timeoutMs });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code?: number | string; stdout?: string; stderr?: string; killed?: boolean };
    return { code: typeof failed.code === 'number' ? failed.code : null, stdout: failed.stdout ?? '', stderr: failed.stderr ?? '' };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** `settings['fork-safe']` for the lint, e.g. `{ workerFiles: ['*-worker.mjs'] }` for piscina's task files. */
export type ForkSafeSettings = Record<string, unknown>;

/** The plugin's rules (names without the `fork-safe/` prefix). */
export const RULES: readonly string[] = Object.keys(plugin.rules);

/** A flat config that turns on `rules`: `.js` and `.mjs` files are ES modules, `.cjs` files CommonJS. */
export function lintConfig(rules: readonly string[], settings: ForkSafeSettings = {}): Linter.Config[] {
  const shared = {
    plugins: { 'fork-safe': plugin },
    rules: Object.fromEntries(rules.map((rule) => [`fork-safe/${rule}`, 'error' as const])),
    settings: { 'fork-safe': settings },
  };
  return [
    { files: ['**/*.js', '**/*.mjs'], languageOptions: { ecmaVersion: 'latest', sourceType: 'module' }, ...shared },
    { files: ['**/*.cjs'], languageOptions: { ecmaVersion: 'latest', sourceType: 'commonjs' }, ...shared },
  ];
}

function lint(code: string, rule: string, filename: string, settings: ForkSafeSettings = {}) {
  const linter = new Linter();
  const config = lintConfig([rule], settings);
  return { linter, config, messages: linter.verify(code, config, filename) };
}

/** The code after the rule's autofix, or after the first suggestion of each report. */
export function applyPluginFix(code: string, rule: string, filename = 'main.mjs', settings?: ForkSafeSettings): { output: string; reports: number } {
  const { linter, config, messages } = lint(code, rule, filename, settings);
  const reports = messages.filter((m) => m.ruleId === `fork-safe/${rule}`);
  if (reports.some((m) => m.fix)) return { output: linter.verifyAndFix(code, config, filename).output, reports: reports.length };
  // Suggestions are applied from the end of the file backwards so earlier ranges stay valid.
  const fixes = reports.map((m) => m.suggestions?.[0]?.fix).filter((fix) => fix !== undefined).sort((a, b) => b.range[0] - a.range[0]);
  let output = code;
  for (const fix of fixes) output = output.slice(0, fix.range[0]) + fix.text + output.slice(fix.range[1]);
  return { output, reports: reports.length };
}

/** Whether the rule's reports carry an autofix (what `--fix` applies), not only suggestions. */
export function hasAutofix(code: string, rule: string, filename = 'main.mjs', settings?: ForkSafeSettings): boolean {
  return lint(code, rule, filename, settings).messages.some((m) => m.ruleId === `fork-safe/${rule}` && m.fix);
}

/** How many times the rule reports the code. */
export function reportCount(code: string, rule: string, filename = 'main.mjs', settings?: ForkSafeSettings): number {
  return lint(code, rule, filename, settings).messages.filter((m) => m.ruleId === `fork-safe/${rule}`).length;
}

function examples(rule: string, from: string, to: string): string[] {
  const doc = fs.readFileSync(path.join(root, 'docs/rules', `${rule}.md`), 'utf8');
  const section = doc.slice(doc.indexOf(from), doc.indexOf(to));
  return [...section.matchAll(/^```js\n([\s\S]*?)^```$/gm)].map((match) => match[1]!);
}

/** The ❌ examples of a rule's docs page, in order. */
export function incorrectExamples(rule: string): string[] {
  return examples(rule, '❌ Incorrect', '✅ Correct');
}

/** The ✅ examples of a rule's docs page, in order (for defects the plugin has no fix for). */
export function correctExamples(rule: string): string[] {
  return examples(rule, '✅ Correct', '## Options');
}

/**
 * `probe.mjs`, for scenarios to import: counts the connections the server sees, from a
 * connection of its own that it leaves out of the count. PostgreSQL counts only clients
 * with the scenario's `PGAPPNAME` (see `scenarioEnv`), so nothing else on the server counts.
 */
export const PROBE = `
import pg from 'pg';
import Redis from 'ioredis';
import mysql from 'mysql2/promise';

// Connections open and close asynchronously: read a count once it has held for half a second (at most 5 s).
export async function settled(read) {
  let value = await read();
  for (let steady = 0, waited = 0; steady < 5 && waited < 5000; waited += 100) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    const now = await read();
    steady = now === value ? steady + 1 : 0;
    value = now;
  }
  return value;
}

export async function pgClients() {
  const client = new pg.Client({ connectionString: process.env.DATABASE_URL, application_name: 'probe' });
  await client.connect();
  const { rows } = await client.query(
    "select count(*)::int as n from pg_stat_activity where backend_type = 'client backend' and application_name = $1 and pid <> pg_backend_pid()",
    [process.env.PGAPPNAME],
  );
  await client.end();
  return rows[0].n;
}

export async function redisClients() {
  const redis = new Redis(process.env.REDIS_URL);
  const list = await redis.client('LIST');
  await redis.quit();
  return list.trim().split('\\n').length - 1;
}

export async function mysqlThreads() {
  const connection = await mysql.createConnection(process.env.MYSQL_URL);
  const [rows] = await connection.query("SHOW STATUS LIKE 'Threads_connected'");
  await connection.end();
  return Number(rows[0].Value) - 1;
}
`;

let scenarioCount = 0;

/** The environment of a scenario: the servers' addresses under the names the examples read. */
export function scenarioEnv(servers: { postgres: string; redis: string; mariadbApp: string }): Record<string, string> {
  const postgres = new URL(servers.postgres);
  return {
    DATABASE_URL: servers.postgres,
    REDIS_URL: servers.redis,
    MYSQL_URL: servers.mariadbApp,
    // `new Pool()` with no configuration reads libpq's variables, as in production.
    PGHOST: postgres.hostname,
    PGPORT: postgres.port,
    PGUSER: postgres.username,
    PGDATABASE: postgres.pathname.slice(1),
    // Tags the scenario's PostgreSQL connections, which `pgClients()` of PROBE counts.
    PGAPPNAME: `scenario-${process.pid}-${++scenarioCount}`,
  };
}
