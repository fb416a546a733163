/**
 * oxlint as a host: the built package loaded through oxlint's `jsPlugins` (by its own
 * name, from tests/fixtures/oxlint/.oxlintrc.json), run on the cross-file fixture projects
 * and on examples/, must find exactly what ESLint finds, with the same messages, and its
 * `--fix` must write what ESLint's fixes write.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ESLint } from 'eslint';
import plugin from 'eslint-plugin-fork-safe';

const root = path.resolve(import.meta.dirname, '../..');
const oxlintBin = path.join(root, 'node_modules/oxlint/bin/oxlint');
const oxlintConfig = path.join(root, 'tests/fixtures/oxlint/.oxlintrc.json');

interface OxlintDiagnostic {
  message: string;
  code: string;
  filename: string;
  labels: { span: { line: number; column: number } }[];
}

const TARGETS = [
  { name: 'the cross-file fixture projects', cwd: path.join(root, 'tests/fixtures/projects'), config: 'tests/fixtures/projects.eslint.config.js', files: ['**/*.{js,mjs,ts}'] },
  { name: 'examples/', cwd: path.join(root, 'examples'), config: 'tests/fixtures/examples.eslint.config.js', files: ['src/**/*.js'] },
];

function oxlint(cwd: string, args: readonly string[]): OxlintDiagnostic[] {
  const run = spawnSync(process.execPath, [oxlintBin, '-c', oxlintConfig, '-f', 'json', ...args], { cwd, encoding: 'utf8' });
  expect(run.stderr).toBe('');
  return (JSON.parse(run.stdout) as { diagnostics: OxlintDiagnostic[] }).diagnostics;
}

const oxlintRuns = new Map<string, string[]>();

/** `file:line:column rule message` (oxlint's `plugin(rule)` code written as ESLint's `plugin/rule`), one run per folder. */
function oxlintFindings(cwd: string): string[] {
  if (!oxlintRuns.has(cwd)) oxlintRuns.set(cwd, findingsOf(oxlint(cwd, ['.'])));
  return oxlintRuns.get(cwd)!;
}

function findingsOf(diagnostics: readonly OxlintDiagnostic[]): string[] {
  return diagnostics
    .map((d) => `${d.filename}:${d.labels[0]!.span.line}:${d.labels[0]!.span.column} ${d.code.replace(/^(.+)\((.+)\)$/, '$1/$2')} ${d.message}`)
    .sort();
}

async function eslintFindings(cwd: string, config: string, files: string[]): Promise<string[]> {
  const eslint = new ESLint({ cwd, overrideConfigFile: path.join(root, config) });
  const results = await eslint.lintFiles(files);
  return results
    .flatMap((result) => result.messages.map((m) => `${path.relative(cwd, result.filePath).split(path.sep).join('/')}:${m.line}:${m.column} ${m.ruleId} ${m.message}`))
    .sort();
}

function sources(directory: string): string[] {
  return fs.readdirSync(directory, { recursive: true, encoding: 'utf8' }).filter((file) => file.endsWith('.js')).map((file) => path.join(directory, file));
}

it('enables every rule, as the all preset does', () => {
  const config = JSON.parse(fs.readFileSync(oxlintConfig, 'utf8')) as { jsPlugins: string[]; rules: Record<string, unknown> };
  expect(config.jsPlugins).toEqual(['eslint-plugin-fork-safe']);
  expect(config.rules).toEqual(plugin.configs.all.rules);
});

it("is what the README's oxlint section shows, with the recommended rules", () => {
  const readme = fs.readFileSync(path.join(root, 'README.md'), 'utf8');
  const section = readme.slice(readme.indexOf('### oxlint'));
  const shown = JSON.parse(/```json\n([\s\S]*?)```/.exec(section)![1]!) as { jsPlugins: string[]; rules: Record<string, unknown> };
  expect(shown.jsPlugins).toEqual(['eslint-plugin-fork-safe']);
  expect(shown.rules).toEqual(plugin.configs.recommended.rules);
});

describe.each(TARGETS)('$name', ({ cwd, config, files }) => {
  it('gives the same findings, locations and messages as ESLint', async () => {
    const expected = await eslintFindings(cwd, config, files);
    expect(expected.length).toBeGreaterThan(0);
    expect(oxlintFindings(cwd)).toEqual(expected);
  });
});

it('covers all six rules between the two targets', async () => {
  const seen = new Set<string>();
  for (const { cwd } of TARGETS) for (const finding of oxlintFindings(cwd)) seen.add(finding.split(' ')[1]!);
  expect([...seen].sort()).toEqual(Object.keys(plugin.rules).map((name) => `fork-safe/${name}`).sort());
});

it('fixes what ESLint fixes, to the same text', async () => {
  const copy = fs.mkdtempSync(path.join(os.tmpdir(), 'fork-safe-oxlint-'));
  try {
    fs.cpSync(path.join(root, 'examples'), copy, { recursive: true });
    const eslint = new ESLint({ cwd: copy, overrideConfigFile: path.join(root, 'tests/fixtures/examples.eslint.config.js'), fix: true });
    const fixed = (await eslint.lintFiles(['src/**/*.js'])).filter((result) => result.output !== undefined);
    expect(fixed.length).toBeGreaterThan(0);
    const before = new Map(sources(copy).map((file) => [file, fs.readFileSync(file, 'utf8')]));
    oxlint(copy, ['--fix', '.']);
    for (const [file, text] of before) {
      const expected = fixed.find((result) => result.filePath === file)?.output ?? text;
      expect(fs.readFileSync(file, 'utf8'), file).toBe(expected);
    }
  } finally {
    fs.rmSync(copy, { recursive: true, force: true });
  }
});
