/**
 * SARIF for code scanning: the README's command (`eslint -f @microsoft/eslint-formatter-sarif`)
 * run on examples/ with the ESLint CLI. Each finding is a result at its place with the
 * plugin's message; each rule it names carries its description and its docs link.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { ESLint } from 'eslint';
import plugin from 'eslint-plugin-fork-safe';
import { ruleDocsUrl } from '../../src/create-rule.js';

const root = path.resolve(import.meta.dirname, '../..');
const examples = path.join(root, 'examples');
const configFile = path.join(root, 'tests/fixtures/examples.eslint.config.js');

interface SarifLog {
  version: string;
  runs: {
    tool: { driver: { name: string; version?: string; rules: { id: string; shortDescription?: { text: string }; helpUri?: string }[] } };
    results: {
      ruleId: string;
      ruleIndex: number;
      level: string;
      message: { text: string };
      locations: { physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number; startColumn: number } } }[];
    }[];
  }[];
}

let log: SarifLog;
let expected: string[];

beforeAll(async () => {
  const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'fork-safe-sarif-')), 'eslint.sarif');
  const cli = spawnSync(
    process.execPath,
    [path.join(root, 'node_modules/eslint/bin/eslint.js'), '--config', configFile, '--format', '@microsoft/eslint-formatter-sarif', '--output-file', out, 'src'],
    { cwd: examples, encoding: 'utf8' },
  );
  // 1: lint errors found (examples/ is full of defects); the log is written all the same.
  expect(cli.stderr).toBe('');
  expect(cli.status).toBe(1);
  log = JSON.parse(fs.readFileSync(out, 'utf8')) as SarifLog;
  fs.rmSync(path.dirname(out), { recursive: true, force: true });

  const results = await new ESLint({ cwd: examples, overrideConfigFile: configFile }).lintFiles(['src']);
  expected = results.flatMap((r) => r.messages.map((m) => `${pathToFileURL(r.filePath).href}:${m.line}:${m.column} ${m.ruleId} ${m.message}`)).sort();
});

it('writes a SARIF 2.1.0 log with one result per finding, at its place, with its message', () => {
  expect(log.version).toBe('2.1.0');
  const [run] = log.runs;
  expect(run!.tool.driver.name).toBe('ESLint');
  const found = run!.results.map((result) => {
    const { artifactLocation, region } = result.locations[0]!.physicalLocation;
    return `${artifactLocation.uri}:${region.startLine}:${region.startColumn} ${result.ruleId} ${result.message.text}`;
  });
  expect(expected.length).toBeGreaterThan(0);
  expect(found.sort()).toEqual(expected);
  expect(new Set(run!.results.map((result) => result.level))).toEqual(new Set(['error']));
});

it("describes each rule it reports with the rule's description and docs link", () => {
  const [run] = log.runs;
  const reported = [...new Set(run!.results.map((result) => result.ruleId))].sort();
  expect(run!.tool.driver.rules.map((rule) => rule.id).sort()).toEqual(reported);
  for (const rule of run!.tool.driver.rules) {
    const name = rule.id.slice('fork-safe/'.length) as keyof typeof plugin.rules;
    expect(rule.shortDescription?.text).toBe(plugin.rules[name].meta?.docs?.description);
    expect(rule.helpUri).toBe(ruleDocsUrl(name));
  }
  for (const result of run!.results) expect(run!.tool.driver.rules[result.ruleIndex]!.id).toBe(result.ruleId);
});
