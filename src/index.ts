/** The plugin object: `meta`, `rules`, and the flat presets that hold this very object. */
import { createRequire } from 'node:module';
import type { ESLint, Linter } from 'eslint';
import { rules } from '../rules/index.js';
import { PLUGIN_PREFIX, presetRules, type PresetName } from './configs.js';

// The package resolves itself by name, from src/ in development and from dist/ once built.
const packageJson = createRequire(import.meta.url)('eslint-plugin-fork-safe/package.json') as { name: string; version: string };

type Presets = Record<PresetName, Linter.Config>;

interface ForkSafePlugin extends ESLint.Plugin {
  meta: { name: string; version: string };
  rules: NonNullable<ESLint.Plugin['rules']>;
  configs: Presets;
}

const plugin: ForkSafePlugin = {
  meta: { name: packageJson.name, version: packageJson.version },
  rules: rules as unknown as ForkSafePlugin['rules'],
  configs: {} as Presets,
};

for (const preset of ['recommended', 'strict', 'all'] as const) {
  plugin.configs[preset] = {
    name: `${PLUGIN_PREFIX}/${preset}`,
    plugins: { [PLUGIN_PREFIX]: plugin },
    rules: presetRules(rules, preset) as Linter.RulesRecord,
  };
}

export default plugin;
