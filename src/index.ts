/** The plugin object: `meta`, `rules`, and the flat presets that hold this very object. */
import { createRequire } from 'node:module';
import type { Linter } from 'eslint';
import type { ForkSafePlugin } from '../types/plugin.js';
import { rules } from '../rules/index.js';
import { PLUGIN_PREFIX, presetRules, type PresetName } from './configs.js';

// The package resolves itself by name, from src/ in development and from dist/ once built.
const packageJson = createRequire(import.meta.url)('eslint-plugin-fork-safe/package.json') as { name: string; version: string };

const PRESETS: readonly PresetName[] = ['recommended', 'strict', 'all'];

const configs = {} as Record<PresetName, Linter.Config>;

const plugin: ForkSafePlugin = {
  meta: { name: packageJson.name as ForkSafePlugin['meta']['name'], version: packageJson.version },
  rules: rules as unknown as ForkSafePlugin['rules'],
  configs,
};

for (const preset of PRESETS) {
  configs[preset] = {
    name: `${PLUGIN_PREFIX}/${preset}`,
    plugins: { [PLUGIN_PREFIX]: plugin },
    rules: presetRules(rules, preset) as Linter.RulesRecord,
  };
}

// CommonJS configs written for 0.1.0 read `require(...).default`; it stays the same object,
// kept out of enumeration so the plugin's own keys are unchanged.
Object.defineProperty(plugin, 'default', { value: plugin, enumerable: false });

export default plugin;
// Node's require(esm) returns this export as `module.exports`: `require()` gives the plugin.
export { plugin as 'module.exports' };
