/**
 * Every fork-safe rule on one JavaScript file of a project on disk, through the rules' own
 * entry point and ESLint's Linter with the project root as its working directory.
 */
import fs from 'node:fs';
import path from 'node:path';
import { Linter } from 'eslint';
import plugin from '../../src/index.js';

/** The rule ids reported on `file` (relative to `root`); a fatal message is thrown. */
export function lintProjectFile(root: string, file: string): string[] {
  const rules = Object.fromEntries(Object.keys(plugin.rules).map((name) => [`fork-safe/${name}`, 'error' as const]));
  const linter = new Linter({ cwd: root });
  const messages = linter.verify(fs.readFileSync(path.join(root, file), 'utf8'), [{
    files: ['**/*.js'],
    languageOptions: { ecmaVersion: 'latest', sourceType: 'module' },
    plugins: { 'fork-safe': plugin as never },
    rules,
  }], path.join(root, file));
  const fatal = messages.find((message) => message.fatal);
  if (fatal) throw new Error(fatal.message);
  return messages.map((message) => message.ruleId ?? '');
}
