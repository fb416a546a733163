/**
 * The package's declarations for TypeScript 5.6 and later (types/plugin.d.ts has them
 * all), plus the `module.exports` export name, which older TypeScript cannot parse:
 * `import forkSafe = require('eslint-plugin-fork-safe')` in a CommonJS config is the
 * plugin itself, as Node's require(esm) returns it.
 */
import plugin from './plugin.js';

export type { ForkSafePlugin, PresetName, RuleName } from './plugin.js';
export default plugin;
export { plugin as 'module.exports' };
