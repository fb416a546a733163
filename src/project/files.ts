/**
 * The files of a project, read safely: the project is the folder of the nearest
 * `package.json` (listing.ts walks it); a file is read only when it is inside the
 * project (after resolving links), a regular file, and under a size bound.
 */
import fs from 'node:fs';
import path from 'node:path';
import { projectNow, REFRESH_MS } from './clock.js';

/** Larger files are generated or bundled code: not read. */
export const MAX_FILE_BYTES = 512 * 1024;
// A folder name per entry: large trees (node_modules) have tens of thousands of folders.
const MAX_ROOT_CACHE = 20_000;

export const SOURCE_FILE = /\.(?:[cm]?[jt]s|[jt]sx)$/;
export const DECLARATION_FILE = /\.d\.[cm]?ts$/;

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
  return fs.lstatSync(file, { throwIfNoEntry: false })?.isFile() ?? false;
}

export function isInside(file: string, directory: string): boolean {
  // Paths here are absolute and normalised: a prefix test, asked for every file looked at.
  const prefix = directory.endsWith(path.sep) ? directory : directory + path.sep;
  if (file.startsWith(prefix)) return file.length > prefix.length;
  if (process.platform !== 'win32') return false;
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

const realDirectories = new Map<string, { readonly real: string; readonly at: number }>();

/**
 * Where a folder really is, looked up again after REFRESH_MS of the project clock: the files of one folder
 * share it (a regular file is not a link, so its real path is its folder's plus its name).
 */
function realDirectory(directory: string): string {
  const cached = realDirectories.get(directory);
  const now = projectNow();
  if (cached && now - cached.at < REFRESH_MS) return cached.real;
  const real = fs.realpathSync(directory);
  if (realDirectories.size > MAX_ROOT_CACHE) realDirectories.clear();
  realDirectories.set(directory, { real, at: now });
  return real;
}

/** Stat of a regular file inside the project, not a link and not leading out of it; else undefined. */
export function statInside(file: string, root: string, rootReal: string): FileStat | undefined {
  if (!isInside(file, root) || !SOURCE_FILE.test(file) || DECLARATION_FILE.test(file)) return undefined;
  try {
    // Most candidates do not exist: no exception for them.
    const stat = fs.lstatSync(file, { throwIfNoEntry: false });
    if (!stat?.isFile() || stat.size > MAX_FILE_BYTES) return undefined;
    if (!isInside(path.join(realDirectory(path.dirname(file)), path.basename(file)), rootReal)) return undefined;
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

const TS_SOURCES: Readonly<Record<string, readonly string[]>> = {
  '.js': ['.ts', '.tsx'],
  '.jsx': ['.tsx'],
  '.mjs': ['.mts'],
  '.cjs': ['.cts'],
};
const EXTENSIONS = ['.js', '.mjs', '.cjs', '.ts', '.mts', '.cts', '.jsx', '.tsx'];

/**
 * The project file a path names: itself, its TypeScript source (`worker.js` compiled
 * from `worker.ts`), the path with an extension added, or its `index` file. `exists`
 * says whether a path is a readable project source (by default: a look at the disk).
 */
export function resolveSource(candidate: string, root: string, rootReal: string, exists = (file: string) => statInside(file, root, rootReal) !== undefined): string | undefined {
  const extension = path.extname(candidate);
  const tries = [candidate];
  for (const ts of TS_SOURCES[extension] ?? []) tries.push(candidate.slice(0, -extension.length) + ts);
  if (!EXTENSIONS.includes(extension)) {
    for (const ext of EXTENSIONS) tries.push(candidate + ext);
    for (const ext of EXTENSIONS) tries.push(path.join(candidate, `index${ext}`));
  }
  return tries.find(exists);
}
