/**
 * Where the project layer finds a package it does not import itself (ESLint and its parts,
 * a TypeScript parser): beside the plugin first, then in the project being linted.
 */
import { createRequire } from 'node:module';
import path from 'node:path';

export function requirersFor(root: string): NodeJS.Require[] {
  return [createRequire(import.meta.url), createRequire(path.join(root, 'package.json'))];
}
