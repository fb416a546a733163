/**
 * Facts of a snippet analysed with a stand-in for the project layer: the exports of the
 * modules it imports are given by the test, as the project layer would give them.
 */
import { Linter } from 'eslint';
import tsParser from '@typescript-eslint/parser';
import { analyzeFile, type Facts } from '../../src/analysis/facts.js';
import { NO_EXPORTS, type ModuleExports } from '../../src/analysis/exports/module-exports.js';
import { NO_PROJECT, type ImportedModule, type InstalledVersion, type ModuleConnection, type ProjectView } from '../../src/analysis/project-view.js';
import type { ExternalEntry } from '../../src/analysis/workers.js';

export interface ProjectDouble {
  /** What each relative specifier of the file exports. */
  readonly modules?: Readonly<Record<string, ModuleExports>>;
  /** The connection importing a specifier opens as its module loads. */
  readonly onLoad?: Readonly<Record<string, ModuleConnection>>;
  readonly entries?: readonly ExternalEntry[];
  /** The installed version of each package, as the project's manifests would say. */
  readonly versions?: Readonly<Record<string, InstalledVersion>>;
  /**
   * Of the file's relative specifiers, those whose modules may export something that gives
   * a role, as the project's text would say; unset: the project cannot tell (each is asked).
   */
  readonly mayGiveRole?: readonly string[];
  /** Gets each specifier whose exports the analysis asks for, in order. */
  readonly asked?: string[];
}

export function projectView(double: ProjectDouble): ProjectView {
  return {
    ...NO_PROJECT,
    importsThatMayGiveRole: () => double.mayGiveRole,
    entriesOfThisFile: () => double.entries ?? [],
    installedVersion: (packageName) => double.versions?.[packageName],
    importedModule: (specifier): ImportedModule | undefined => {
      const exports = (): ModuleExports => {
        double.asked?.push(specifier);
        return double.modules?.[specifier] ?? NO_EXPORTS;
      };
      // A double knows every export, so those that may give a role are all of them.
      return { connectionOnLoad: () => double.onLoad?.[specifier], mayConnectOnLoad: () => double.onLoad?.[specifier] !== undefined, exports, roleExports: exports };
    },
  };
}

export interface DoubleOptions {
  readonly filename?: string;
  readonly sourceType?: 'module' | 'commonjs' | 'script';
  readonly typescript?: boolean;
  readonly settings?: Record<string, unknown>;
  /** The facets read while the file is linted (by default its exports): the others stay uncomputed. */
  readonly read?: (facts: Facts) => void;
}

/** The facts of `code` as `/project/<filename>`, with `double` as its project. */
export function factsWith(code: string, double: ProjectDouble, options: DoubleOptions = {}): Facts {
  let facts: Facts | undefined;
  const project = projectView(double);
  const probe = {
    rules: {
      facts: {
        meta: { schema: [] },
        create(context: never) {
          const { sourceCode, filename, cwd, settings } = context as unknown as { sourceCode: never; filename: string; cwd: string; settings: Record<string, unknown> };
          facts = analyzeFile({ sourceCode, filename, cwd, settings, project });
          (options.read ?? ((found) => void found.exports))(facts);
          return {};
        },
      },
    },
  };
  const filename = options.filename ?? (options.typescript ? 'src/db.ts' : 'src/db.js');
  const messages = new Linter({ cwd: '/project' }).verify(code, [{
    files: ['**/*.{js,mjs,cjs,ts}'],
    languageOptions: { ecmaVersion: 'latest', sourceType: options.sourceType ?? 'module', ...(options.typescript ? { parser: tsParser as never } : {}) },
    settings: options.settings ?? {},
    plugins: { probe: probe as never },
    rules: { 'probe/facts': 'error' },
  }], `/project/${filename}`);
  const fatal = messages.find((message) => message.fatal || message.ruleId === 'probe/facts');
  if (fatal) throw new Error(fatal.message);
  if (!facts) throw new Error('the probe rule did not run');
  return facts;
}
