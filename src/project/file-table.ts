/**
 * The project files the index has looked at, each with what is known of it: its text
 * facts, its summary, its exports. An entry is tied to the file's size and modification
 * time: when either changes the entry is replaced, and everything known of the old
 * content goes with it. A look at the disk is trusted for REFRESH_MS of the project clock
 * (clock.ts), so a lint run stats a file once, not once per file that imports it.
 */
import type { FileSummary } from '../analysis/file-summary.js';
import type { ModuleExports } from '../analysis/exports/module-exports.js';
import { projectNow, REFRESH_MS } from './clock.js';
import { statInside, type FileStat } from './files.js';
import { covers, type Listing } from './listing.js';
import type { TextFacts } from './text-facts.js';

export { REFRESH_MS };

/** A module another result was computed from, as it was then (entries are replaced, never changed in place). */
export interface Dependency {
  readonly file: string;
  readonly entry: FileEntry;
}

/** What a module exports, and what that answer rests on. */
export interface ExportsResult {
  readonly exports: ModuleExports;
  /** How many modules further down its imports were followed. */
  readonly budget: number;
  /** The depth bound left a module out: a larger budget may find more. */
  readonly deep: boolean;
  /** Modules of an import cycle that answered nothing while being worked out (cycle-cuts.ts): until settled, it may be short. */
  readonly cut: Set<string>;
  /** Only the imports that may give a role were followed (module-summaries.ts `roleExportsOf`): a part of its exports. */
  readonly narrowed: boolean;
  /** The modules whose exports it read. */
  readonly deps: readonly Dependency[];
  validatedAt: number;
}

export interface FileEntry extends FileStat {
  checkedAt: number;
  /** Undefined until read; null when the file cannot be read. */
  text?: TextFacts | null;
  /** Undefined until parsed; null when it cannot be parsed. */
  summary?: FileSummary | null;
  exports?: ExportsResult;
  /**
   * What it exports that may give a role, worked out with only the imports that may give
   * one followed (module-summaries.ts `roleExportsOf`): for the batch whose reach said which.
   */
  roleExports?: { readonly result: ExportsResult; readonly reachAt: number };
}

export class FileTable {
  private readonly files = new Map<string, FileEntry>();
  /** The latest walk of the project: while it is fresh, a file it covers is looked up in it. */
  private listing?: Listing;

  constructor(
    readonly root: string,
    readonly rootReal: string,
  ) {}

  useListing(listing: Listing): void {
    this.listing = listing;
  }

  /**
   * The entry of a project source file as it is on disk, looked at again when the last
   * look is older than `maxAge` ms (from a fresh walk of the project when it covers the
   * file); undefined for a file that is not a readable project source.
   */
  current(file: string, maxAge: number): FileEntry | undefined {
    const cached = this.files.get(file);
    const now = projectNow();
    if (cached && now - cached.checkedAt < maxAge) return cached;
    const listing = this.listing;
    if (listing && now - listing.at < maxAge && covers(listing, this.root, file)) {
      const listed = listing.files.get(file);
      if (listed) return this.withStat(file, listed, listing.at);
      this.files.delete(file);
      return undefined;
    }
    const stat = statInside(file, this.root, this.rootReal);
    if (!stat) {
      this.files.delete(file);
      return undefined;
    }
    return this.withStat(file, stat, now);
  }

  private withStat(file: string, stat: FileStat, now: number): FileEntry {
    const cached = this.files.get(file);
    if (cached && cached.mtimeMs === stat.mtimeMs && cached.size === stat.size) {
      cached.checkedAt = now;
      return cached;
    }
    const entry: FileEntry = { mtimeMs: stat.mtimeMs, size: stat.size, checkedAt: now };
    this.files.set(file, entry);
    return entry;
  }
}
