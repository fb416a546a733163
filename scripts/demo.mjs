// Lints examples/ with the built plugin's `all` preset and prints what it finds.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ESLint } from 'eslint';
import plugin from 'eslint-plugin-fork-safe';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const examples = path.join(root, 'examples');

const eslint = new ESLint({
  cwd: examples,
  overrideConfigFile: true,
  overrideConfig: [
    { files: ['**/*.js'], languageOptions: { ecmaVersion: 'latest', sourceType: 'module' } },
    // No settings: the piscina worker is found from the file that names it (src/jobs/resize-pool.js).
    plugin.configs.all,
  ],
});
const results = await eslint.lintFiles(['src/**/*.js']);
const formatter = await eslint.loadFormatter('stylish');
const output = await formatter.format(results);
const findings = results.reduce((sum, result) => sum + result.messages.length, 0);
const byRule = new Map();
for (const { messages } of results) {
  for (const { ruleId } of messages) byRule.set(ruleId, (byRule.get(ruleId) ?? 0) + 1);
}
console.log(`eslint-plugin-fork-safe ${plugin.meta.version}: linting examples/ (${results.length} files) with the "all" preset`);
console.log(output || '\nNo findings.\n');
for (const [rule, count] of [...byRule].sort()) console.log(`  ${String(count).padStart(3)}  ${rule}`);
console.log(`\n${findings} finding(s). Each is marked in the source with a trailing "// ❌ fork-safe/<rule>" comment.`);
