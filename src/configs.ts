/**
 * Presets derived from each rule's `meta.docs`: `recommended` holds the rules marked so,
 * `strict` every rule with its strict options, `all` every rule with its defaults.
 */
import type { ForkSafeRule } from './create-rule.js';

export const PLUGIN_PREFIX = 'fork-safe';
export type PresetName = 'recommended' | 'strict' | 'all';
type RuleEntry = 'error' | ['error', ...unknown[]];

export function presetRules(rules: Readonly<Record<string, ForkSafeRule>>, preset: PresetName): Record<string, RuleEntry> {
  const entries: Record<string, RuleEntry> = {};
  for (const [name, rule] of Object.entries(rules)) {
    if (preset === 'recommended' && !rule.meta.docs.recommended) continue;
    const strictOptions = rule.meta.docs.strictOptions;
    entries[`${PLUGIN_PREFIX}/${name}`] = preset === 'strict' && strictOptions ? ['error', ...strictOptions] : 'error';
  }
  return entries;
}
