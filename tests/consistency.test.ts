/**
 * The project agrees with itself: rule files, exported rules, docs pages and presets;
 * plugin.meta and package.json; message style; every docs example linted by its rule.
 */
import fs from 'node:fs';
import path from 'node:path';
import { Linter } from 'eslint';
import plugin from '../src/index.js';
import { rules } from '../rules/index.js';
import { ruleDocsUrl } from '../src/create-rule.js';

const root = path.resolve(import.meta.dirname, '..');
const read = (file: string): string => fs.readFileSync(path.join(root, file), 'utf8');
const packageJson = JSON.parse(read('package.json')) as { name: string; version: string };
const ruleFiles = fs.readdirSync(path.join(root, 'rules')).filter((f) => f.endsWith('.ts') && f !== 'index.ts').map((f) => f.slice(0, -3));
const docFiles = fs.readdirSync(path.join(root, 'docs/rules')).filter((f) => f.endsWith('.md')).map((f) => f.slice(0, -3));
const ruleNames = Object.keys(rules);

describe('plugin shape', () => {
  it('exports every rule file, and only those, each with a docs page', () => {
    expect([...ruleNames].sort()).toEqual([...ruleFiles].sort());
    expect([...docFiles].sort()).toEqual([...ruleFiles].sort());
  });

  it('takes meta.name and meta.version from package.json', () => {
    expect(plugin.meta).toEqual({ name: packageJson.name, version: packageJson.version });
  });

  it('derives the presets from meta.docs and holds the plugin object itself', () => {
    const recommended = ruleNames.filter((name) => rules[name]!.meta.docs.recommended).map((name) => `fork-safe/${name}`);
    expect(Object.keys(plugin.configs.recommended.rules ?? {}).sort()).toEqual(recommended.sort());
    expect(Object.keys(plugin.configs.strict.rules ?? {}).sort()).toEqual(ruleNames.map((n) => `fork-safe/${n}`).sort());
    expect(Object.keys(plugin.configs.all.rules ?? {}).sort()).toEqual(ruleNames.map((n) => `fork-safe/${n}`).sort());
    for (const [preset, config] of Object.entries(plugin.configs)) {
      expect(config.name).toBe(`fork-safe/${preset}`);
      expect(config.plugins?.['fork-safe']).toBe(plugin);
    }
  });
});

describe.each(ruleNames)('rule %s', (name) => {
  const rule = rules[name]!;
  const doc = read(`docs/rules/${name}.md`);

  it('has full meta: type, description, docs url, schema, messages', () => {
    expect(['problem', 'suggestion']).toContain(rule.meta.type);
    expect(rule.meta.docs.description).toMatch(/^(Disallow|Require|Enforce) [^.]+$/);
    expect(rule.meta.docs.url).toBe(ruleDocsUrl(name));
    expect(rule.meta.schema).toBeDefined();
    expect(Object.keys(rule.meta.messages).length).toBeGreaterThan(0);
  });

  it('says each message in one sentence ending with a period', () => {
    for (const message of Object.values(rule.meta.messages) as string[]) {
      expect(message).toMatch(/\.$/);
      expect(message.slice(0, -1)).not.toMatch(/[.!?]\s/);
    }
  });

  it('has a docs page with the generated header, examples, Options and When Not To Use It', () => {
    expect(doc.startsWith(`# fork-safe/${name}\n`)).toBe(true);
    expect(doc).toContain('<!-- end auto-generated rule header -->');
    expect(doc).toContain('❌ Incorrect');
    expect(doc).toContain('✅ Correct');
    expect(doc).toMatch(/^## Options$/m);
    expect(doc).toMatch(/^## When Not To Use It$/m);
    expect(doc).toMatch(/^## Further Reading$/m);
  });

  const linter = new Linter();
  const lint = (code: string, language: string) =>
    linter.verify(code, [{
      files: ['**/*.js', '**/*.ts'],
      languageOptions: { ecmaVersion: 'latest', sourceType: 'module' },
      plugins: { 'fork-safe': plugin },
      rules: { [`fork-safe/${name}`]: 'error' },
    }], `example.${language === 'ts' ? 'ts' : 'js'}`);

  it('is silent on an empty file', () => {
    expect(lint('', 'js')).toEqual([]);
  });

  const examples = [...doc.matchAll(/^(❌ Incorrect|✅ Correct)[^\n]*\n|^```(js|ts)\n([\s\S]*?)^```$/gm)];
  let verdict = '';
  const blocks: { incorrect: boolean; code: string }[] = [];
  for (const match of examples) {
    if (match[1]) verdict = match[1];
    else if (verdict) blocks.push({ incorrect: verdict.startsWith('❌'), code: match[3]! });
  }

  it('has at least one incorrect and one correct example', () => {
    expect(blocks.some((b) => b.incorrect)).toBe(true);
    expect(blocks.some((b) => !b.incorrect)).toBe(true);
  });

  it.each(blocks.map((block, i) => [i + 1, block] as const))('docs example %i is judged as the docs say', (_i, block) => {
    const messages = lint(block.code, 'js');
    expect(messages.filter((m) => m.fatal)).toEqual([]);
    if (block.incorrect) expect(messages.length).toBeGreaterThan(0);
    else expect(messages).toEqual([]);
  });
});

describe('the README and CI run the same commands', () => {
  it('shows the two set-up commands, and .ci/run runs the same test command', () => {
    const readme = read('README.md');
    expect(readme).toContain('npm install && npm run demo');
    expect(readme).toMatch(/^npm test\b/m);
    expect(read('.ci/run')).toMatch(/^npm test$/m);
  });
});
