/**
 * The cross-file facts: which files of the project other files run as workers (and how),
 * and whether a project module opens a connection as it loads. Built once per project
 * and ESLint thread, from the files whose text mentions a fork API; kept fresh in a
 * long-lived process (an editor) by re-listing the project at most once a second and
 * re-reading only files whose size or modification time changed. Bounded in projects,
 * files, file size and import depth.
 */
import path from 'node:path';
import { FORK_TARGET_SPECIFIERS } from '../knowledge/index.js';
import type { FileSummary, ForkTarget } from '../analysis/file-summary.js';
import type { ModuleConnection } from '../analysis/project-view.js';
import {
  listSourceFiles,
  projectRoot,
  readText,
  realRoot,
  resolveSource,
  statInside,
  type FileStat,
} from './files.js';
import { summarizeFile, type ParseContext } from './parse.js';

/** A project listing younger than this is trusted without looking at the disk again. */
export const REFRESH_MS = 1000;
const MAX_PROJECTS = 16;
/** How far imports are followed to find a module that connects as it loads. */
export const MAX_IMPORT_DEPTH = 3;

const FORK_MENTION = new RegExp(`['"\`](?:node:)?(?:${[...FORK_TARGET_SPECIFIERS].sort((a, b) => b.length - a.length).join('|').replace(/[-/]/g, '\\$&')})['"\`]`);

interface FileEntry extends FileStat {
  /** Undefined until read; null when it cannot be parsed. */
  summary?: FileSummary | null;
  mentionsFork?: boolean;
}

export interface ResolvedTarget extends ForkTarget {
  /** The parent file that names it. */
  readonly parent: string;
}

class ProjectIndex {
  private readonly files = new Map<string, FileEntry>();
  private listedAt = -Infinity;
  private targets = new Map<string, ResolvedTarget[]>();
  private building = false;
  readonly rootReal: string;

  constructor(readonly root: string) {
    this.rootReal = realRoot(root);
  }

  /** The fork sites elsewhere in the project that run `file`. */
  targetsOf(file: string, parse: ParseContext): readonly ResolvedTarget[] {
    if (this.building) return [];
    if (performance.now() - this.listedAt > REFRESH_MS) this.refresh(parse);
    return this.targets.get(path.resolve(file)) ?? [];
  }

  private refresh(parse: ParseContext): void {
    this.building = true;
    try {
      const listed = listSourceFiles(this.root);
      for (const file of this.files.keys()) if (!listed.has(file)) this.files.delete(file);
      const targets = new Map<string, ResolvedTarget[]>();
      for (const [file, stat] of listed) {
        const entry = this.entry(file, stat);
        if (entry.mentionsFork === undefined) {
          const text = readText(file);
          entry.mentionsFork = text !== undefined && FORK_MENTION.test(text);
          // A module followed through imports may have been summarised already: the same summary.
          if (entry.mentionsFork && entry.summary === undefined) entry.summary = summarizeFile(file, text!, this.root, parse) ?? null;
        }
        for (const target of entry.summary?.targets ?? []) {
          const resolved = this.resolveTarget(target);
          if (!resolved || resolved === file) continue;
          targets.set(resolved, [...(targets.get(resolved) ?? []), { ...target, parent: file }]);
        }
      }
      this.targets = targets;
      this.listedAt = performance.now();
    } finally {
      this.building = false;
    }
  }

  /** The cached entry of a file, dropped when its size or time changed. */
  private entry(file: string, stat: FileStat): FileEntry {
    const cached = this.files.get(file);
    if (cached && cached.mtimeMs === stat.mtimeMs && cached.size === stat.size) return cached;
    const entry: FileEntry = { ...stat };
    this.files.set(file, entry);
    return entry;
  }

  private resolveTarget(target: ForkTarget): string | undefined {
    for (const candidate of target.candidates) {
      const found = resolveSource(candidate, this.root, this.rootReal);
      if (found) return found;
    }
    return undefined;
  }

  /** The summary of a project module, read again if it changed; undefined outside the project. */
  private moduleSummary(file: string, parse: ParseContext): FileSummary | undefined {
    const stat = statInside(file, this.root, this.rootReal);
    if (!stat) return undefined;
    const entry = this.entry(file, stat);
    if (entry.summary === undefined) {
      const text = readText(file);
      entry.summary = text === undefined ? null : (summarizeFile(file, text, this.root, parse) ?? null);
    }
    return entry.summary ?? undefined;
  }

  /**
   * The library of a connection that importing `specifier` from `from` opens: the
   * module's own top level, or a module it imports there, up to MAX_IMPORT_DEPTH deep.
   */
  connectionOnImport(from: string, specifier: string, parse: ParseContext): ModuleConnection | undefined {
    if (this.building) return undefined;
    const seen = new Set<string>([path.resolve(from)]);
    let level: { file: string; via: string }[] = [];
    const first = resolveSource(path.resolve(path.dirname(from), specifier), this.root, this.rootReal);
    if (first) level.push({ file: first, via: first });
    for (let depth = 0; depth < MAX_IMPORT_DEPTH && level.length > 0; depth++) {
      const next: { file: string; via: string }[] = [];
      for (const { file, via } of level) {
        if (seen.has(file)) continue;
        seen.add(file);
        const summary = this.moduleSummary(file, parse);
        if (!summary) continue;
        if (summary.connects) return { library: summary.connects, module: path.relative(this.root, file).split(path.sep).join('/') };
        for (const imported of summary.imports) {
          const resolved = resolveSource(path.resolve(path.dirname(file), imported), this.root, this.rootReal);
          if (resolved) next.push({ file: resolved, via });
        }
      }
      level = next;
    }
    return undefined;
  }
}

/** Most recently used first; one per project root and settings. */
const indexes = new Map<string, ProjectIndex>();

/** The index of the project `filename` belongs to, or undefined outside any project. */
export function projectIndexFor(filename: string, parse: ParseContext): ProjectIndex | undefined {
  const root = projectRoot(filename);
  if (!root) return undefined;
  const key = `${root}\0${JSON.stringify(parse.settings['fork-safe'] ?? null)}`;
  let index = indexes.get(key);
  if (index) {
    indexes.delete(key);
  } else {
    index = new ProjectIndex(root);
    if (indexes.size >= MAX_PROJECTS) indexes.delete(indexes.keys().next().value!);
  }
  indexes.set(key, index);
  return index;
}

export type { ProjectIndex };
