/**
 * The package as a user installs it: `npm pack` of the build, installed with eslint alone
 * into a fresh project (no TypeScript there), then linted through that project's own
 * ESLint from an ESM and a CommonJS config, and its TypeScript configs type-checked with
 * `skipLibCheck: false`.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import plugin from 'eslint-plugin-fork-safe';
import { REPOSITORY_URL, ruleDocsUrl } from '../../src/create-rule.js';
import { installFresh, pack, type Packed } from './helpers/fresh-project.js';

const root = path.resolve(import.meta.dirname, '../..');
const tsc = path.join(root, 'node_modules/typescript/bin/tsc');
const ruleNames = Object.keys(plugin.rules).sort();

let work: string;
let project: string;
let packed: Packed;

beforeAll(() => {
  work = fs.mkdtempSync(path.join(os.tmpdir(), 'fork-safe-package-'));
  project = path.join(work, 'project');
  packed = pack(work);
  installFresh(project, packed);
  write('src/defect.js', DEFECT);
});

afterAll(() => {
  fs.rmSync(work, { recursive: true, force: true });
});

function write(file: string, text: string): void {
  fs.mkdirSync(path.dirname(path.join(project, file)), { recursive: true });
  fs.writeFileSync(path.join(project, file), text);
}

const DEFECT = `import { Worker } from 'node:worker_threads';
import pg from 'pg';
const pool = new pg.Pool();
new Worker('./worker.js', { workerData: { pool } });
`;

/** Lints src/ with the fresh project's ESLint class, in its own Node process. */
function lintWith(configFile: string): string[] {
  write(
    'lint.mjs',
    `import { ESLint } from 'eslint';
const eslint = new ESLint({ overrideConfigFile: process.argv[2] });
const results = await eslint.lintFiles(['src']);
console.log(JSON.stringify(results.flatMap((r) => r.messages.map((m) => \`\${m.line}:\${m.column} \${m.ruleId} \${m.fatal ? m.message : ''}\`.trim()))));
`,
  );
  return JSON.parse(execFileSync(process.execPath, ['lint.mjs', configFile], { cwd: project, encoding: 'utf8' })) as string[];
}

function typeCheck(files: Record<string, string>): { status: number | null; output: string } {
  for (const [file, text] of Object.entries(files)) write(file, text);
  const tsconfig = {
    compilerOptions: { module: 'nodenext', target: 'es2022', lib: ['es2022'], strict: true, noEmit: true, skipLibCheck: false, types: [] },
    files: Object.keys(files),
  };
  write('tsconfig.json', JSON.stringify(tsconfig));
  const run = spawnSync(process.execPath, [tsc, '-p', 'tsconfig.json'], { cwd: project, encoding: 'utf8' });
  return { status: run.status, output: `${run.stdout}${run.stderr}` };
}

describe('the tarball', () => {
  it('holds the build, the declarations, the docs, LICENSE, README and package.json, and nothing else', () => {
    // Every page under docs/ (the rules, the knowledge base, the guides) ships, so README links work offline.
    const docs = fs.readdirSync(path.join(root, 'docs'), { recursive: true, encoding: 'utf8' }).filter((file) => file.endsWith('.md')).map((file) => `docs/${file.split(path.sep).join('/')}`);
    expect(docs).toEqual(expect.arrayContaining(['docs/knowledge.md', ...ruleNames.map((name) => `docs/rules/${name}.md`)]));
    const expected = ['LICENSE', 'README.md', 'package.json', 'types/index.d.ts', 'types/plugin.d.ts', ...docs];
    expect(packed.files.filter((file) => !file.startsWith('dist/'))).toEqual(expected.sort());
    const built = packed.files.filter((file) => file.startsWith('dist/'));
    expect(built).toContain('dist/src/index.js');
    // No source maps (their sources are not shipped) and no declarations that import dev dependencies.
    expect(built.filter((file) => !file.endsWith('.js'))).toEqual([]);
  });

  it('gives TypeScript before 5.6, which cannot parse a string export name, declarations without one', () => {
    const manifest = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as { exports: { '.': Record<string, string> }; types: string };
    // Checked by hand with TypeScript 5.5.4: it fails on types/index.d.ts (TS1003) and type-checks
    // the eslint.config.ts below with types/plugin.d.ts. A devDependency on it would take over `tsc`.
    expect(Object.entries(manifest.exports['.'])).toEqual([
      ['types@>=5.6', './types/index.d.ts'],
      ['types', './types/plugin.d.ts'],
      ['default', './dist/src/index.js'],
    ]);
    expect(manifest.types).toBe('./types/plugin.d.ts');
    expect(fs.readFileSync(path.join(root, 'types/plugin.d.ts'), 'utf8')).not.toMatch(/ as ['"]/);
    expect(fs.readFileSync(path.join(root, 'types/index.d.ts'), 'utf8')).toContain("export { plugin as 'module.exports' };");
  });

  it('is MIT licensed, with the license text shipped', () => {
    const installed = path.join(project, 'node_modules', packed.name);
    expect(fs.readFileSync(path.join(installed, 'LICENSE'), 'utf8')).toMatch(/^MIT License\n\nCopyright \(c\) \d{4} eslint-plugin-fork-safe contributors\n/);
    expect((JSON.parse(fs.readFileSync(path.join(installed, 'package.json'), 'utf8')) as { license: string }).license).toBe('MIT');
  });

  it('names the repository the docs links point into', () => {
    const manifest = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as {
      repository: { type: string; url: string };
      homepage: string;
      bugs: { url: string };
    };
    expect(manifest.repository).toEqual({ type: 'git', url: `git+${REPOSITORY_URL}.git` });
    expect(manifest.homepage).toBe(`${REPOSITORY_URL}#readme`);
    expect(manifest.bugs.url).toBe(`${REPOSITORY_URL}/issues`);
    for (const name of ruleNames) {
      const url = plugin.rules[name as keyof typeof plugin.rules].meta?.docs?.url;
      expect(url).toBe(ruleDocsUrl(name));
      expect(url).toBe(`${REPOSITORY_URL}/blob/main/docs/rules/${name}.md`);
      expect(packed.files).toContain(`docs/rules/${name}.md`);
    }
  });
});

describe('a fresh project with eslint alone', () => {
  const expected = ['4:43 fork-safe/no-connection-transfer'];

  it('has no TypeScript installed', () => {
    expect(fs.existsSync(path.join(project, 'node_modules/typescript'))).toBe(false);
  });

  it('lints with an ESM config', () => {
    write('eslint.config.js', `import forkSafe from 'eslint-plugin-fork-safe';\n\nexport default [forkSafe.configs.recommended];\n`);
    expect(lintWith('eslint.config.js')).toEqual(expected);
  });

  it('lints with a CommonJS config, where require() returns the plugin itself', () => {
    write('eslint.config.cjs', `const forkSafe = require('eslint-plugin-fork-safe');\n\nmodule.exports = [forkSafe.configs.recommended];\n`);
    expect(lintWith('eslint.config.cjs')).toEqual(expected);
  });

  it('gives require() and import the one plugin object', () => {
    const script = `const required = require('eslint-plugin-fork-safe');
import('eslint-plugin-fork-safe').then(({ default: imported }) => {
  console.log(JSON.stringify({
    same: required === imported,
    presetHoldsIt: required.configs.recommended.plugins['fork-safe'] === required,
    legacyDefault: required.default === required,
    keys: Object.keys(required),
  }));
});`;
    const output = execFileSync(process.execPath, ['-e', script], { cwd: project, encoding: 'utf8' });
    expect(JSON.parse(output)).toEqual({ same: true, presetHoldsIt: true, legacyDefault: true, keys: ['meta', 'rules', 'configs'] });
  });

  const esmConfig = `import type { Linter } from 'eslint';
import { defineConfig } from 'eslint/config';
import forkSafe, { type RuleName } from 'eslint-plugin-fork-safe';

// The rules the package has at run time, against the names its types declare.
const runtimeRules = ${JSON.stringify(ruleNames)} as const satisfies readonly RuleName[];
type Undeclared = Exclude<RuleName, (typeof runtimeRules)[number]>;
export const everyDeclaredRuleExists: [Undeclared] extends [never] ? true : false = true;

export const byHand: Linter.Config[] = [
  { plugins: { 'fork-safe': forkSafe }, rules: { 'fork-safe/no-connection-transfer': 'error' } },
];

export default defineConfig(forkSafe.configs.recommended, { files: ['src/workers/**'], ...forkSafe.configs.strict }, ...byHand);
`;

  it('type-checks an eslint.config.ts and an eslint.config.cts with skipLibCheck false, and catches a misspelt preset', () => {
    const result = typeCheck({
      'eslint.config.ts': esmConfig,
      'eslint.config.cts': `import type { Linter } from 'eslint';
import forkSafe = require('eslint-plugin-fork-safe');

const config: Linter.Config[] = [forkSafe.configs.all];
export = config;
`,
      // The declarations are real types, not \`any\`: a typo is an error (and the only one).
      'misspelt.ts': `import forkSafe from 'eslint-plugin-fork-safe';\nexport default [forkSafe.configs.recommend];\n`,
    });
    const errors = result.output.trim().split('\n');
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/^misspelt\.ts\(2,34\): error TS2551: Property 'recommend' does not exist on type .* Did you mean 'recommended'\?$/);
  });
});
