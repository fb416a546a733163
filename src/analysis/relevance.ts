/**
 * Whether a file can matter to any rule, decided from its text and what the project view
 * says of the modules it imports, before anything is parsed or walked: a file that names
 * no tracked module, and imports no project module whose exports hold a connection (or a
 * tracked library), stops here. Most files stop at the first, text-only test; a file with
 * relative imports asks the view, which answers from module summaries kept per lint run.
 */
import type { TSESLint } from '@typescript-eslint/utils';
import type { Knowledge } from '../knowledge/index.js';
import { mentionsTrackedModule } from './imports.js';
import type { ProjectView } from './project-view.js';

export interface RelevanceInput {
  readonly text: string;
  readonly filename: string;
  readonly cwd: string;
  readonly knowledge: Knowledge;
}

/**
 * Relative specifiers the text names after `from`, `import` or `require`: a superset of
 * what the file loads (a match in a comment only costs a look-up that finds nothing).
 */
const RELATIVE_SPECIFIER = /(?:\bfrom|\bimport|\brequire)\s*\(?\s*(['"`])(\.\.?(?:\/[^'"`\n]*)?)\1/g;

export function relativeSpecifiers(text: string): string[] {
  const found = new Set<string>();
  for (const match of text.matchAll(RELATIVE_SPECIFIER)) found.add(match[2]!);
  return [...found];
}

/** The text names a tracked module or a project module declared in settings (only the text is read). */
export function namesTrackedModule(input: RelevanceInput): boolean {
  const sourceCode = { text: input.text } as Readonly<TSESLint.SourceCode>;
  return mentionsTrackedModule({ sourceCode, filename: input.filename, cwd: input.cwd, knowledge: input.knowledge });
}

/** One of the specifiers names a project module that exports something the rules track. */
export function importsTrackedExports(specifiers: readonly string[], project: ProjectView): boolean {
  return specifiers.some((specifier) => {
    const exports = project.importedModule(specifier)?.exports();
    return exports !== undefined && Object.keys(exports).length > 0;
  });
}

export function isRelevant(input: RelevanceInput, project: ProjectView): boolean {
  return namesTrackedModule(input) || importsTrackedExports(relativeSpecifiers(input.text), project);
}
