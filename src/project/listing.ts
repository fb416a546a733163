/**
 * One walk of a project: its source files with their stats, so that resolving an import
 * or checking a file is a look-up rather than a look at the disk, and the files whose
 * fork sites may start another. The walk does not enter dependencies, hidden folders,
 * links or nested packages (another project); it enters build output last, and marks
 * its files as no fork site's parent (they are compiled copies). It stops at a bound, and
 * then says it is incomplete: a file it does not hold may still exist.
 */
import fs from 'node:fs';
import path from 'node:path';
import { projectNow } from './clock.js';
import { DECLARATION_FILE, isInside, MAX_FILE_BYTES, SOURCE_FILE, type FileStat } from './files.js';

/** A walk stops after this many source files, and as many again in build output. */
export const MAX_PROJECT_FILES = 5000;

const DEPENDENCY_FOLDERS: ReadonlySet<string> = new Set(['node_modules', 'bower_components', 'jspm_packages']);
const OUTPUT_FOLDERS: ReadonlySet<string> = new Set(['dist', 'build', 'out', 'coverage', 'tmp', 'temp']);

export interface ListedFile extends FileStat {
  /** Under build output: compiled copies, not read for fork sites. */
  readonly output: boolean;
}

export interface Listing {
  readonly files: ReadonlyMap<string, ListedFile>;
  /** Folders the walk did not enter: a path under one is not known from the walk. */
  readonly skipped: ReadonlySet<string>;
  /** Every folder but the skipped ones was walked to the end. */
  readonly complete: boolean;
  readonly at: number;
}

interface Walk {
  readonly root: string;
  readonly files: Map<string, ListedFile>;
  readonly skipped: Set<string>;
  /** Files found so far, in source folders and in build output. */
  readonly counts: { source: number; output: number };
}

function sortedEntries(directory: string): fs.Dirent[] | undefined {
  try {
    return fs.readdirSync(directory, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  } catch {
    return undefined;
  }
}

function addFile(walk: Walk, file: string, output: boolean): void {
  try {
    const stat = fs.statSync(file);
    if (stat.size > MAX_FILE_BYTES) return;
    walk.files.set(file, { mtimeMs: stat.mtimeMs, size: stat.size, output });
    walk.counts[output ? 'output' : 'source']++;
  } catch {
    // Removed while listing.
  }
}

/** Lists one folder; hands back the folders to walk next, source folders and build output apart. */
function walkFolder(walk: Walk, directory: string, output: boolean, next: { source: string[]; output: string[] }): void {
  const entries = sortedEntries(directory);
  if (!entries) return;
  // A folder with its own package.json is another project (a workspace package).
  if (directory !== walk.root && entries.some((entry) => entry.name === 'package.json' && entry.isFile())) {
    walk.skipped.add(directory);
    return;
  }
  for (const entry of entries) {
    const full = path.join(directory, entry.name);
    if (entry.isSymbolicLink() || (entry.isDirectory() && (entry.name.startsWith('.') || DEPENDENCY_FOLDERS.has(entry.name)))) {
      walk.skipped.add(full);
    } else if (entry.isDirectory()) {
      (output || OUTPUT_FOLDERS.has(entry.name) ? next.output : next.source).push(full);
    } else if (entry.isFile() && SOURCE_FILE.test(entry.name) && !DECLARATION_FILE.test(entry.name)) {
      addFile(walk, full, output);
    }
  }
}

/** Walks the project at `root`: source folders breadth first, then build output. */
export function listProject(root: string): Listing {
  const walk: Walk = { root, files: new Map(), skipped: new Set(), counts: { source: 0, output: 0 } };
  const pending = { source: [root], output: [] as string[] };
  let complete = true;
  for (const output of [false, true]) {
    const queue = output ? pending.output : pending.source;
    while (queue.length > 0) {
      if (walk.counts[output ? 'output' : 'source'] >= MAX_PROJECT_FILES) {
        complete = false;
        break;
      }
      walkFolder(walk, queue.shift()!, output, pending);
    }
  }
  return { files: walk.files, skipped: walk.skipped, complete, at: projectNow() };
}

/** The walk knows whether `file` exists: it is inside the root, under no skipped folder, and the walk was complete. */
export function covers(listing: Listing, root: string, file: string): boolean {
  if (!listing.complete || !isInside(file, root)) return false;
  for (let directory = path.dirname(file); directory !== root && directory.length > root.length; directory = path.dirname(directory)) {
    if (listing.skipped.has(directory)) return false;
  }
  return true;
}

/** A file a fork site elsewhere may start: not under build output, dependencies or a hidden folder of the project. */
export function mayBeStarted(file: string, root: string): boolean {
  const folders = path.relative(root, file).split(path.sep).slice(0, -1);
  return !folders.some((folder) => folder.startsWith('.') || DEPENDENCY_FOLDERS.has(folder) || OUTPUT_FOLDERS.has(folder));
}
