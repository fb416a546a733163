/** File names as the plugin writes them: relative to a folder, with `/` on every platform. */
import path from 'node:path';

/** `src/db.js`: `file` relative to `folder`, with `/`. */
export function slashRelative(folder: string, file: string): string {
  return path.relative(folder, file).split(path.sep).join('/');
}

/** `node:cluster` → `cluster`: a module specifier as the knowledge tables write it. */
export function withoutNodePrefix(specifier: string): string {
  return specifier.startsWith('node:') ? specifier.slice(5) : specifier;
}
