/**
 * End to end: the built package, imported by its own name (so `exports` is exercised),
 * run through the real ESLint class of both supported majors over examples/, whose
 * "// ❌ fork-safe/<rule>" markers say exactly where reports belong.
 */
import fs from 'node:fs';
import path from 'node:path';
import * as eslint10 from 'eslint';
import * as eslint9 from 'eslint9';
import tsParser from '@typescript-eslint/parser';
import plugin from 'eslint-plugin-fork-safe';

const root = path.resolve(import.meta.dirname, '../..');
const examples = path.join(root, 'examples');
const MARKER = /\/\/ ❌ (fork-safe\/[a-z-]+)(?: \(cross-file\))?\s*$/;

type ESLintClass = typeof eslint10.ESLint;

function markers(): string[] {
  const found: string[] = [];
  const walk = (directory: string): void => {
    for (const entry of fs.readdirSync(directory, { withFileTypes: true })) {
      const full = path.join(directory, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.name.endsWith('.js')) {
        fs.readFileSync(full, 'utf8').split('\n').forEach((line, i) => {
          const match = MARKER.exec(line);
          // "(cross-file)" marks a defect that only the project index can see (another file opens the connection).
          if (match && match[1]!.slice('fork-safe/'.length) in plugin.rules) found.push(`${path.relative(examples, full)}:${i + 1} ${match[1]}`);
        });
      }
    }
  };
  walk(path.join(examples, 'src'));
  return found.sort();
}

async function lintExamples(ESLint: ESLintClass, extra: Record<string, unknown> = {}): Promise<string[]> {
  const eslint = new ESLint({ cwd: examples, overrideConfigFile: path.join(root, 'tests/fixtures/examples.eslint.config.js'), ...extra });
  const results = await eslint.lintFiles(['src/**/*.js']);
  const reports: string[] = [];
  for (const result of results) {
    for (const message of result.messages) {
      expect(message.fatal).toBeFalsy();
      reports.push(`${path.relative(examples, result.filePath)}:${message.line} ${message.ruleId}`);
    }
  }
  return reports.sort();
}

describe.each([
  ['ESLint 10', eslint10.ESLint, eslint10.ESLint.version],
  ['ESLint 9', eslint9.ESLint as unknown as ESLintClass, eslint9.ESLint.version],
])('%s', (_name, ESLint, version) => {
  it('runs the supported major', () => {
    expect(Number(version.split('.')[0])).toBeGreaterThanOrEqual(9);
  });

  it('reports exactly the marked defects in examples/, and nothing else', async () => {
    const expected = markers();
    expect(expected.length).toBeGreaterThan(0);
    expect(await lintExamples(ESLint)).toEqual(expected);
  });

  it('lints TypeScript with @typescript-eslint/parser through the recommended preset', async () => {
    const eslint = new ESLint({
      overrideConfigFile: true,
      overrideConfig: [{ files: ['**/*.ts'], languageOptions: { parser: tsParser } }, plugin.configs.recommended],
    });
    const [result] = await eslint.lintText(
      `import { Worker } from 'node:worker_threads';\nimport { Pool } from 'pg';\nconst pool: Pool = new Pool();\nnew Worker('./w.js', { workerData: { pool } });\n`,
      { filePath: path.join(root, 'virtual.ts') },
    );
    expect(result!.messages.map((m) => `${m.line}:${m.column} ${m.ruleId}`)).toEqual(['4:38 fork-safe/no-connection-transfer']);
  });

  it('stops with a clear error on bad settings', async () => {
    const eslint = new ESLint({
      overrideConfigFile: true,
      overrideConfig: [plugin.configs.recommended, { settings: { 'fork-safe': { connections: [{ module: './db' }] } } }],
    });
    await expect(eslint.lintText(`import pg from 'pg';`, { filePath: path.join(root, 'virtual.js') })).rejects.toThrow(
      `settings['fork-safe'].connections[0].export is required.`,
    );
  });
});

describe('the package as users get it', () => {
  it('exposes the same plugin object in every preset', () => {
    for (const preset of ['recommended', 'strict', 'all'] as const) {
      expect(plugin.configs[preset].plugins?.['fork-safe']).toBe(plugin);
    }
  });

  it('can be required from CommonJS on this Node version', async () => {
    const { createRequire } = await import('node:module');
    const required = createRequire(import.meta.url)('eslint-plugin-fork-safe') as { default: typeof plugin };
    expect(required.default.meta.name).toBe('eslint-plugin-fork-safe');
  });

  it('gives the same findings when ESLint lints with several threads', async () => {
    const single = await lintExamples(eslint10.ESLint);
    const threaded = await lintExamples(eslint10.ESLint, { concurrency: 2 });
    expect(threaded).toEqual(single);
  });
});
