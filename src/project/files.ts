/**
 * The files of a project, read safely: the project is the folder of the nearest
 * `package.json`; its source files are listed without entering `node_modules`, build
 * output, hidden folders, nested packages or symbolic links; a file is read only when it
 * is inside the project (after resolving links), a regular file, and under a size bound.
 */
import fs from 'node:fs';
import path from 'node:path';

/** Larger files are generated or bundled code: not read. */
export const MAX_FILE_BYTES = 512 * 1024;
/** A project walk stops after this many source files (memory and time stay bounded). */
export const MAX_PROJECT_FILES = 5000;
const MAX_ROOT_CACHE = 2000;

const SKIPPED_DIRECTORIES = new Set(['node_modules', 'dist', 'build', 'out', 'coverage', 'bower_components', 'jspm_packages', 'tmp', 'temp']);
export const SOURCE_FILE = /\.(?:[cm]?[jt]s|[jt]sx)$/;
const DECLARATION_FILE = /\.d\.[cm]?ts$/;

export interface FileStat {
  readonly mtimeMs: number;
  readonly size: number;
}

const roots = new Map<string, string | null>();

/** The folder of the nearest `package.json` above a file, or undefined. */
export function projectRoot(filename: string): string | undefined {
  if (!path.isAbsolute(filename)) return undefined;
  const visited: string[] = [];
  let found: string | null = null;
  for (let directory = path.dirname(filename); ; directory = path.dirname(directory)) {
    const cached = roots.get(directory);
    if (cached !== undefined) {
      found = cached;
      break;
    }
    visited.push(directory);
    if (isRegularFile(path.join(directory, 'package.json'))) {
      found = directory;
      break;
    }
    if (path.dirname(directory) === directory) break;
  }
  if (roots.size > MAX_ROOT_CACHE) roots.clear();
  for (const directory of visited) roots.set(directory, found);
  return found ?? undefined;
}

function isRegularFile(file: string): boolean {
  try {
    return fs.lstatSync(file).isFile();
  } catch {
    return false;
  }
}

export function isInside(file: string, directory: string): boolean {
  const relative = path.relative(directory, file);
  return relative !== '' && !relative.startsWith('..') && !path.isAbsolute(relative);
}

/** The real location of the project root, for the inside-the-project check of resolved links. */
export function realRoot(root: string): string {
  try {
    return fs.realpathSync(root);
  } catch {
    return root;
  }
}

/** Stat of a regular file inside the project, not a link and not leading out of it; else undefined. */
export function statInside(file: string, root: string, rootReal: string): FileStat | undefined {
  if (!isInside(file, root) || !SOURCE_FILE.test(file) || DECLARATION_FILE.test(file)) return undefined;
  try {
    const stat = fs.lstatSync(file);
    if (!stat.isFile() || stat.size > MAX_FILE_BYTES) return undefined;
    if (!isInside(fs.realpathSync(file), rootReal)) return undefined;
    return { mtimeMs: stat.mtimeMs, size: stat.size };
  } catch {
    return undefined;
  }
}

export function readText(file: string): string | undefined {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}

/** Source files of the project, with their stats, in a stable order. */
export function listSourceFiles(root: string): Map<string, FileStat> {
  const files = new Map<string, FileStat>();
  const pending = [root];
  while (pending.length > 0 && files.size < MAX_PROJECT_FILES) {
    const directory = pending.shift()!;
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(directory, { withFileTypes: true });
    } catch {
      continue;
    }
    // A folder with its own package.json is another project (a workspace package).
    if (directory !== root && entries.some((entry) => entry.name === 'package.json' && entry.isFile())) continue;
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const entry of entries) {
      if (entry.isSymbolicLink()) continue;
      const full = path.join(directory, entry.name);
      if (entry.isDirectory()) {
        if (!entry.name.startsWith('.') && !SKIPPED_DIRECTORIES.has(entry.name)) pending.push(full);
      } else if (entry.isFile() && SOURCE_FILE.test(entry.name) && !DECLARATION_FILE.test(entry.name)) {
        try {
          const stat = fs.statSync(full);
          if (stat.size <= MAX_FILE_BYTES) files.set(full, { mtimeMs: stat.mtimeMs, size: stat.size });
        } catch {
          // Removed while listing.
        }
        if (files.size >= MAX_PROJECT_FILES) break;
      }
    }
  }
  return files;
}

const TS_SOURCES: Readonly<Record<string, readonly string[]>> = {
  '.js': ['.ts', '.tsx'],
  '.jsx': ['.tsx'],
  '.mjs': ['.mts'],
  '.cjs': ['.cts'],
};
const EXTENSIONS = ['.js', '.mjs', '.cjs', '.ts', '.mts', '.cts', '.jsx', '.tsx'];

/**
 * The project file a path names: itself, its TypeScript source (`worker.js` compiled
 * from `worker.ts`), the path with an extension added, or its `index` file.
 */
export function resolveSource(candidate: string, root: string, rootReal: string): string | undefined {
  const extension = path.extname(candidate);
  const tries = [candidate];
  for (const ts of TS_SOURCES[extension] ?? []) tries.push(candidate.slice(0, -extension.length) + ts);
  if (!EXTENSIONS.includes(extension)) {
    for (const ext of EXTENSIONS) tries.push(candidate + ext);
    for (const ext of EXTENSIONS) tries.push(path.join(candidate, `index${ext}`));
  }
  return tries.find((file) => statInside(file, root, rootReal) !== undefined);
}
