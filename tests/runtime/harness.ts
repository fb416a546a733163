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

function lint(code: string, rule: string, filename: string) {
  const linter = new Linter();
  const config = [{
    files: ['**/*.js', '**/*.mjs'],
    languageOptions: { ecmaVersion: 'latest' as const, sourceType: 'module' as const },
    plugins: { 'fork-safe': plugin },
    rules: { [`fork-safe/${rule}`]: 'error' as const },
  }];
  return { linter, config, messages: linter.verify(code, config, filename) };
}

/** The code after the rule's autofix, or after the first suggestion of each report. */
export function applyPluginFix(code: string, rule: string, filename = 'main.mjs'): { output: string; reports: number } {
  const { linter, config, messages } = lint(code, rule, filename);
  const reports = messages.filter((m) => m.ruleId === `fork-safe/${rule}`);
  if (reports.some((m) => m.fix)) return { output: linter.verifyAndFix(code, config, filename).output, reports: reports.length };
  // Suggestions are applied from the end of the file backwards so earlier ranges stay valid.
  const fixes = reports.map((m) => m.suggestions?.[0]?.fix).filter((fix) => fix !== undefined).sort((a, b) => b.range[0] - a.range[0]);
  let output = code;
  for (const fix of fixes) output = output.slice(0, fix.range[0]) + fix.text + output.slice(fix.range[1]);
  return { output, reports: reports.length };
}

/** How many times the rule reports the code. */
export function reportCount(code: string, rule: string, filename = 'main.mjs'): number {
  return lint(code, rule, filename).messages.filter((m) => m.ruleId === `fork-safe/${rule}`).length;
}

/** The ❌ examples of a rule's docs page, in order. */
export function incorrectExamples(rule: string): string[] {
  const doc = fs.readFileSync(path.join(root, 'docs/rules', `${rule}.md`), 'utf8');
  const section = doc.slice(doc.indexOf('❌ Incorrect'), doc.indexOf('✅ Correct'));
  return [...section.matchAll(/^```js\n([\s\S]*?)^```$/gm)].map((match) => match[1]!);
}
