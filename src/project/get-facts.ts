/**
 * The rules' entry point: the facts of the file being linted, with what its project says
 * about it. Built at most once per file (keyed by its Program node), so every rule shares
 * one analysis. What the analysis finds about the file's own exports is kept for the
 * files that import it, so they do not parse it again.
 */
import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import { analyzeFile, type Facts } from '../analysis/facts.js';
import type { ParseContext } from './parse.js';
import { projectIndexFor } from './project-index.js';
import { lintedView } from './view.js';

type AnyContext = Readonly<TSESLint.RuleContext<string, readonly unknown[]>>;

const cache = new WeakMap<TSESTree.Program, Facts>();

/** The shared facts of the file being linted. Throws a clear error on bad settings. */
export function getFacts(context: AnyContext): Facts {
  const program = context.sourceCode.ast as TSESTree.Program;
  let facts = cache.get(program);
  if (!facts) {
    // Other files are read the way this one is: with its parser and its settings.
    const parse: ParseContext = { parser: context.languageOptions?.parser, settings: context.settings ?? {}, cwd: context.cwd };
    const { sourceCode, filename, cwd, settings } = context;
    const project = lintedView(filename, parse, projectIndexFor);
    try {
      facts = analyzeFile({ sourceCode, filename, cwd, settings, project });
      project.remember(facts);
    } finally {
      project.done();
    }
    cache.set(program, facts);
  }
  return facts;
}

export type { Facts };
