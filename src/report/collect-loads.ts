/**
 * The project modules a file loads, resolved to their files, with the roles that load
 * them (a self-forking module's `await import()` on the worker path loads in its copies
 * only), and the imports `no-connection-before-fork` reports as opening a connection.
 */
import path from 'node:path';
import type { Facts } from '../analysis/facts.js';
import { isRelative, moduleLoads } from '../analysis/module-loads.js';
import { realRoot, resolveSource } from '../project/files.js';
import type { ConnectingImportRecord, LoadRecord, Roles } from './records.js';

export function loadsOf(facts: Facts, file: string, root: string): LoadRecord[] {
  const rootReal = realRoot(root);
  const loads: LoadRecord[] = [];
  for (const load of moduleLoads(facts.sourceCode)) {
    if (!isRelative(load.specifier)) continue;
    const target = resolveSource(path.resolve(path.dirname(file), load.specifier), root, rootReal);
    if (target && target !== file) loads.push({ line: load.node.loc.start.line, target, roles: facts.roles.roleOf(load.node) as Roles });
  }
  return loads;
}

export function connectingImportsOf(facts: Facts, root: string): ConnectingImportRecord[] {
  return facts.connectingImports.map((found) => ({ line: found.node.loc.start.line, module: path.join(root, found.module), library: found.library }));
}
