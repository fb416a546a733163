/**
 * The ProjectView of a file being linted, answered by the project index of the project
 * the file is in. The index is found only when the analysis first asks, and not at all
 * for text without a file on disk (no other file can name it).
 */
import fs from 'node:fs';
import path from 'node:path';
import { NO_EXPORTS } from '../analysis/module-exports.js';
import type { ImportedModule, ProjectView } from '../analysis/project-view.js';
import type { ExternalEntry } from '../analysis/workers.js';
import type { ParseContext } from './parse.js';
import { projectIndexFor, type ProjectIndex, type ResolvedTarget } from './project-index.js';

class IndexedView implements ProjectView {
  /** Undefined until asked; null when the file has no project. */
  private indexCache?: ProjectIndex | null;

  constructor(
    private readonly filename: string,
    private readonly parse: ParseContext,
  ) {}

  private index(): ProjectIndex | undefined {
    if (this.indexCache === undefined) this.indexCache = (path.isAbsolute(this.filename) && fs.existsSync(this.filename) && projectIndexFor(this.filename, this.parse)) || null;
    return this.indexCache ?? undefined;
  }

  entriesOfThisFile(): readonly ExternalEntry[] {
    return (this.index()?.targetsOf(this.filename, this.parse) ?? []).map(asEntry);
  }

  importedModule(specifier: string): ImportedModule | undefined {
    const index = this.index();
    if (!index) return undefined;
    return { connectionOnLoad: () => index.connectionOnImport(this.filename, specifier, this.parse), exports: () => NO_EXPORTS };
  }
}

function asEntry(target: ResolvedTarget): ExternalEntry {
  const { runner, site, count, isolate, parentLoads } = target;
  return { source: 'project-index', runner, site, count, isolate, parentLoads };
}

/** What the project says about `filename`, read with the parser and settings of the file being linted. */
export function projectViewOf(filename: string, parse: ParseContext): ProjectView {
  return new IndexedView(filename, parse);
}
