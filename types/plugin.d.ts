/**
 * The public types of eslint-plugin-fork-safe. Written by hand so that they import from
 * `eslint` alone: a TypeScript user needs no other package to type-check a config that
 * uses the plugin, even with `skipLibCheck: false`. src/index.ts is checked against them.
 * TypeScript before 5.6 reads this file; later versions read index.d.ts, which adds the
 * `require()` shape.
 */
import type { ESLint, Linter, Rule } from 'eslint';

/** The name of each rule, without the `fork-safe/` prefix. */
export type RuleName =
  | 'no-close-in-worker-task'
  | 'no-connection-before-fork'
  | 'no-connection-per-task'
  | 'no-connection-transfer'
  | 'pool-size-per-worker'
  | 'require-reconnect-after-fork';

/** The flat configs: `recommended`, `strict` (stricter options) and `all` (defaults). */
export type PresetName = 'recommended' | 'strict' | 'all';

export interface ForkSafePlugin extends ESLint.Plugin {
  readonly meta: { readonly name: 'eslint-plugin-fork-safe'; readonly version: string };
  readonly rules: { readonly [Name in RuleName]: Rule.RuleModule };
  /** Each preset registers this very plugin object under `fork-safe`. */
  readonly configs: { readonly [Name in PresetName]: Linter.Config };
}

declare const plugin: ForkSafePlugin;
export default plugin;
