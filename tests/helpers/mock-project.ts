/**
 * A stand-in for src/project/get-facts.js in rule tests: the facts of the file being
 * linted, with the project double a test case gives in `settings[DOUBLE]` (what each
 * relative specifier exports, as the project layer would say). Use it with
 * `vi.mock('../../src/project/get-facts.js', () => import('./mock-project.js'))`.
 */
import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import { analyzeFile, type Facts } from '../../src/analysis/facts.js';
import { projectView, type ProjectDouble } from './project-double.js';

export const DOUBLE = 'fork-safe-test:project';

const cache = new WeakMap<TSESTree.Program, Facts>();

export function getFacts(context: Readonly<TSESLint.RuleContext<string, readonly unknown[]>>): Facts {
  const program = context.sourceCode.ast as TSESTree.Program;
  let facts = cache.get(program);
  if (!facts) {
    const settings = context.settings ?? {};
    const double = (settings[DOUBLE] ?? {}) as ProjectDouble;
    facts = analyzeFile({ sourceCode: context.sourceCode, filename: context.filename, cwd: context.cwd, settings, project: projectView(double) });
    cache.set(program, facts);
  }
  return facts;
}

/** The settings of a test case whose project says `modules` (by specifier) export what they do. */
export function withProject(double: ProjectDouble, settings: Record<string, unknown> = {}): Record<string, unknown> {
  return { ...settings, [DOUBLE]: double };
}
