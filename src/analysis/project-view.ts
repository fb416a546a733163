/**
 * What the rest of the project says about the file being analysed: the one seam between
 * the per-file analysis and the cross-file layer (the `project` folder beside this one).
 * The analysis receives a ProjectView and never imports the layer that implements it, so
 * the layers point one way (project → analysis).
 *
 * Every method is lazy and cheap to ask again: the analysis calls it when the answer can
 * change a finding (a relevant file's external entries; what an imported module exports
 * when the file imports one), and the project layer answers from plain data it keeps per
 * module and lint run, reading a module only when its text says it can matter.
 *
 * Facts about another module are grouped under `importedModule(specifier)`, so what a
 * later stage needs of an imported module (what it resolves to, what it exports) is one
 * more method of ImportedModule, not another method of the view.
 */
import type { ModuleExports } from './exports/module-exports.js';
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
  /** Loading it may open a connection, as its text (and the text of what it imports) says: false is sure, true a maybe. */
  mayConnectOnLoad(): boolean;
  /** What each export of the module is, through re-exports and barrels; empty when nothing is known. */
  exports(): ModuleExports;
  /**
   * Its exports that may give code a role: all of `exports()`, or fewer when the project
   * followed only the imports that may give one (asked of a file that names no role API).
   */
  roleExports(): ModuleExports;
}

/**
 * A package version the project has: installed in its own `node_modules`, else pinned by
 * its lockfile, else the lowest version its `package.json` range allows (only when the
 * range stays within one major, e.g. `^5.13.0`, `~8.1`, `7.x`).
 */
export interface InstalledVersion {
  /** `major.minor.patch`. */
  readonly version: string;
  readonly major: number;
  readonly from: 'node_modules' | 'lockfile' | 'package.json';
}

export interface ProjectView {
  /** The fork sites elsewhere in the project that run this file as a worker. */
  entriesOfThisFile(): readonly ExternalEntry[];
  /** The module a relative specifier of this file names; undefined when there is no project to look in. */
  importedModule(specifier: string): ImportedModule | undefined;
  /**
   * The project knows at once that none of these relative specifiers of this file names a
   * module whose exports hold something tracked. False: ask each through importedModule.
   */
  importsExportNothing(specifiers: readonly string[]): boolean;
  /**
   * Of these relative specifiers of this file, those whose modules may export something
   * that gives code a role, as the project's text says: the others name no fork API, runner
   * or queue, and import no module that does, at any depth. Undefined when the project
   * cannot tell at once: ask what each exports.
   */
  importsThatMayGiveRole(specifiers: readonly string[]): readonly string[] | undefined;
  /**
   * The analysis is read only for the module's exports and summary (a module read for a
   * file that imports it), never for reports.
   */
  readonly forExports: boolean;
  /**
   * This file relative to the project root, with `/` (`src/db.js`): how held connections
   * and source places name it, the same whichever file is linted. Undefined outside a project.
   */
  modulePath(): string | undefined;
  /** The version of a package the project has (for defaults that changed between majors). */
  installedVersion(packageName: string): InstalledVersion | undefined;
}

/** A file with no project around it (text not on disk). */
export const NO_PROJECT: ProjectView = {
  entriesOfThisFile: () => [],
  importedModule: () => undefined,
  importsExportNothing: () => false,
  // No project: imports answer nothing, so none gives a role.
  importsThatMayGiveRole: () => [],
  forExports: false,
  modulePath: () => undefined,
  installedVersion: () => undefined,
};
