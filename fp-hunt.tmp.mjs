// temporary false-positive hunt harness; delete when done
import fs from 'node:fs';
import path from 'node:path';
import { Linter } from 'eslint';
import plugin from 'eslint-plugin-fork-safe';
import tsParser from '@typescript-eslint/parser';

const ROOT = '/tmp/fp-hunt';
const { programs } = await import(path.join(ROOT, process.argv[2] ?? 'programs.mjs'));
const only = process.argv[3];
const linter = new Linter({ cwd: ROOT });
const out = [];
for (const p of programs) {
  if (only && p.id !== only) continue;
  const dir = path.join(ROOT, 'progs', p.id);
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name: p.id, type: p.cjs ? 'commonjs' : 'module' }));
  for (const [name, code] of Object.entries(p.files)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), code);
  }
  for (const name of p.lint ?? Object.keys(p.files)) {
    const filename = path.join(dir, name);
    const ts = /\.[cm]?ts$/.test(name);
    const sourceType = name.endsWith('.cjs') || (p.cjs && !name.endsWith('.mjs')) ? 'commonjs' : 'module';
    for (const preset of ['strict', 'recommended']) {
      const config = [{
        files: ['**/*.js', '**/*.mjs', '**/*.cjs', '**/*.ts', '**/*.mts', '**/*.cts'],
        ...plugin.configs[preset],
        languageOptions: { ecmaVersion: 'latest', sourceType, ...(ts ? { parser: tsParser } : {}) },
        settings: p.settings ?? {},
      }];
      let messages;
      try {
        messages = linter.verify(p.files[name], config, { filename });
      } catch (e) {
        out.push({ id: p.id, trap: p.trap, file: name, preset, crash: String(e && e.stack || e) });
        continue;
      }
      for (const m of messages) out.push({ id: p.id, trap: p.trap, file: name, preset, rule: m.ruleId, line: m.line, message: m.message, fatal: m.fatal });
      if (!messages.length) out.push({ id: p.id, file: name, preset, clean: true });
    }
  }
}
fs.writeFileSync(path.join(ROOT, 'results.json'), JSON.stringify(out, null, 1));
const bad = out.filter((r) => !r.clean);
for (const r of bad) console.log(`${r.id} [${r.preset}] ${r.file}:${r.line ?? ''} ${r.rule ?? ''} ${r.crash ? 'CRASH ' + r.crash : r.message}`);
console.log(`programs=${programs.filter(p=>!only||p.id===only).length} nonclean=${bad.length}`);
