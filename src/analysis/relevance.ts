/**
 * Whether a file can matter to any rule, decided from its text and what the project view
 * says of the modules it imports, before anything is parsed or walked: a file that names
 * no tracked module, and imports no project module whose exports hold a connection (or a
 * tracked library), stops here. Most files stop at the first, text-only test; a file with
 * relative imports asks the view, which answers from module summaries kept per lint run.
 */
import type { TSESLint } from '@typescript-eslint/utils';
import type { Knowledge } from '../knowledge/index.js';
import type { ModuleExports } from './exports/module-exports.js';
import { mentionsTrackedModule, type ProjectModuleTraces } from './imports.js';
import { isRelative } from './module-loads.js';
import type { ProjectView } from './project-view.js';

export interface RelevanceInput {
  readonly text: string;
  readonly filename: string;
  readonly cwd: string;
  readonly knowledge: Knowledge;
}

const KEYWORDS = ['require', 'from', 'import'];
const IDENTIFIER_CHAR = /[\w$]/;
const QUOTE = /['"`]/;

/** The quoted specifier right after a keyword at `at` (`require('x')`, `from 'x'`, `import('x')`, `import 'x'`). */
function specifierAfter(text: string, at: number, keyword: string): string | undefined {
  if (at > 0 && (IDENTIFIER_CHAR.test(text[at - 1]!) || text[at - 1] === '.')) return undefined;
  let i = at + keyword.length;
  while (i < text.length && (text[i] === ' ' || text[i] === '\t' || text[i] === '\n' || text[i] === '\r' || text[i] === '(')) i++;
  const quote = text[i];
  if (quote === undefined || !QUOTE.test(quote) || i === at + keyword.length) return undefined;
  const end = text.indexOf(quote, i + 1);
  if (end === -1 || end - i > 512) return undefined;
  const specifier = text.slice(i + 1, end);
  return specifier.includes('\n') ? undefined : specifier;
}

/**
 * The specifiers the text names after `from`, `import` or `require`: a superset of what
 * the file loads (a match in a comment only costs a look-up that finds nothing). Found by
 * a native search for each keyword, since every file asks.
 */
export function moduleSpecifiers(text: string): string[] {
  const found = new Set<string>();
  for (const keyword of KEYWORDS) {
    for (let at = text.indexOf(keyword); at !== -1; at = text.indexOf(keyword, at + keyword.length)) {
      const specifier = specifierAfter(text, at, keyword);
      if (specifier !== undefined) found.add(specifier);
    }
  }
  return [...found];
}

/** The quotes a specifier may be written in. */
const QUOTES: readonly string[] = ['\'', '"', '`'];

/** How many times the text writes `written` in quotes (a specifier, counted against the loads found of it). */
export function timesQuoted(text: string, written: string): number {
  let count = 0;
  for (const quote of QUOTES) {
    const quoted = `${quote}${written}${quote}`;
    for (let at = text.indexOf(quoted); at !== -1; at = text.indexOf(quoted, at + quoted.length)) count++;
  }
  return count;
}
const KEYWORD_BEFORE = /(?:^|[^\w$.])(?:from|import|require)\s*\(?\s*$/;

/**
 * The relative ones: the project modules the file may load. Found from the quote and dot
 * that open them (rarer than the keywords), since every file that is not relevant by its
 * own imports asks.
 */
export function relativeSpecifiers(text: string): string[] {
  const found = new Set<string>();
  for (const quote of QUOTES) {
    for (let at = text.indexOf(`${quote}.`); at !== -1; at = text.indexOf(`${quote}.`, at + 2)) {
      const end = text.indexOf(quote, at + 1);
      if (end === -1 || end - at > 512) continue;
      const specifier = text.slice(at + 1, end);
      if (isRelative(specifier) && !specifier.includes('\n') && KEYWORD_BEFORE.test(text.slice(Math.max(0, at - 24), at))) found.add(specifier);
    }
  }
  return [...found];
}

/**
 * The text names a tracked module, or a project module that settings declare or whose
 * exports the knowledge holds (only the text is read; `projectModules`: those the file's
 * facts already found).
 */
export function namesTrackedModule(input: RelevanceInput, projectModules?: ProjectModuleTraces): boolean {
  const sourceCode = { text: input.text } as Readonly<TSESLint.SourceCode>;
  return mentionsTrackedModule({ sourceCode, filename: input.filename, cwd: input.cwd, knowledge: input.knowledge }, projectModules);
}

/** What each of the specifiers' project modules exports, for those that export something the rules track (one ask of the view each). */
export function trackedExportsOf(specifiers: readonly string[], project: ProjectView): ReadonlyMap<string, ModuleExports> {
  const found = new Map<string, ModuleExports>();
  for (const specifier of specifiers) {
    const exports = project.importedModule(specifier)?.exports();
    if (exports !== undefined && Object.keys(exports).length > 0) found.set(specifier, exports);
  }
  return found;
}
