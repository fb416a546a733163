/**
 * What the rest of the project says about the file being analysed: the one seam between
 * the per-file analysis and the cross-file layer (the `project` folder beside this one).
 * The analysis receives a ProjectView and never imports the layer that implements it, so
 * the layers point one way (project → analysis).
 *
 * Every method is lazy: the analysis calls it only when the answer can change a finding
 * (a file's external entries only when the file makes a connection; an imported module
 * only in a self-forking module), because an answer may cost a walk of the project.
 *
 * Facts about another module are grouped under `importedModule(specifier)`, so what a
 * later stage needs of an imported module (what it resolves to, what it exports) is one
 * more method of ImportedModule, not another method of the view.
 */
import type { ModuleExports } from './module-exports.js';
import type { ExternalEntry } from './workers.js';

/** A connection a module opens as it loads. */
export interface ModuleConnection {
  /** The connection's library, as the module's own facts name it. */
  readonly library: string;
  /** The module that opens it (the imported one, or one it imports), relative to the project. */
  readonly module: string;
}

/** What the project knows of a module this file imports by a relative specifier. */
export interface ImportedModule {
  /** The connection loading it opens: at its own top level, or in a project module it imports there. */
  connectionOnLoad(): ModuleConnection | undefined;
  /** What each export of the module is, through re-exports and barrels; empty when nothing is known. */
  exports(): ModuleExports;
}

export interface ProjectView {
  /** The fork sites elsewhere in the project that run this file as a worker. */
  entriesOfThisFile(): readonly ExternalEntry[];
  /** The module a relative specifier of this file names; undefined when there is no project to look in. */
  importedModule(specifier: string): ImportedModule | undefined;
}

/** A file with no project around it (text not on disk, or another file being summarised). */
export const NO_PROJECT: ProjectView = {
  entriesOfThisFile: () => [],
  importedModule: () => undefined,
};
