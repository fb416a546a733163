/**
 * Reads another file of the project the way ESLint reads the one being linted: through
 * ESLint's own `Linter` (a peer dependency, so nothing is added), with espree for
 * JavaScript and, for TypeScript, the parser of the file being linted or the project's
 * `@typescript-eslint/parser`. A probe rule runs the plugin's per-file analysis on it and
 * keeps only its summary. Nothing is executed; when ESLint or a parser cannot be loaded,
 * the file is simply not read.
 */
import { createRequire } from 'node:module';
import path from 'node:path';
import type { TSESLint } from '@typescript-eslint/utils';
import { analyzeFile } from '../analysis/facts.js';
import { summarize, type FileSummary } from '../analysis/file-summary.js';
import { NO_PROJECT } from '../analysis/project-view.js';

interface LinterLike {
  verify(text: string, config: unknown, filename: string): { fatal?: boolean }[];
}
type LinterClass = new (options: { cwd: string }) => LinterLike;

export interface ParseContext {
  /** The parser of the file being linted (`context.languageOptions.parser`). */
  readonly parser?: unknown;
  /** The `settings` of the file being linted: the project's own connection factories apply. */
  readonly settings: Readonly<Record<string, unknown>>;
}

const TYPESCRIPT = /\.(?:[cm]?ts|tsx)$/;
const ESM_SYNTAX = /^\s*(?:import\s*[\w*{'"]|export\s)/m;

let linterClass: LinterClass | null | undefined;
const typescriptParsers = new Map<string, unknown>();
const linters = new Map<string, LinterLike>();

function load(root: string, specifier: string): unknown {
  for (const base of [import.meta.url, path.join(root, 'package.json')]) {
    try {
      return createRequire(base)(specifier);
    } catch {
      // Try the next place.
    }
  }
  return undefined;
}

function linterFor(root: string): LinterLike | undefined {
  if (linterClass === undefined) linterClass = ((load(root, 'eslint') as { Linter?: LinterClass } | undefined)?.Linter) ?? null;
  if (!linterClass) return undefined;
  let linter = linters.get(root);
  if (!linter) {
    if (linters.size > 32) linters.clear();
    linter = new linterClass({ cwd: root });
    linters.set(root, linter);
  }
  return linter;
}

function parserName(parser: unknown): string {
  const named = parser as { meta?: { name?: string }; name?: string } | undefined;
  return named?.meta?.name ?? named?.name ?? '';
}

/** A parser that reads TypeScript: the current one if it does, else the project's own. */
function typescriptParser(root: string, current: unknown): unknown {
  if (/typescript/i.test(parserName(current))) return current;
  if (!typescriptParsers.has(root)) {
    if (typescriptParsers.size > 32) typescriptParsers.clear();
    typescriptParsers.set(root, load(root, '@typescript-eslint/parser') ?? null);
  }
  return typescriptParsers.get(root) ?? undefined;
}

function sourceTypes(file: string, text: string): ('module' | 'commonjs')[] {
  if (/\.c[jt]s$/.test(file)) return ['commonjs'];
  if (/\.m[jt]s$/.test(file)) return ['module'];
  return ESM_SYNTAX.test(text) ? ['module', 'commonjs'] : ['commonjs', 'module'];
}

type RuleContext = Readonly<TSESLint.RuleContext<string, readonly unknown[]>>;

/** A rule that summarises the file it runs on and hands the summary to `found`. */
function summaryProbe(file: string, root: string, found: (summary: FileSummary) => void) {
  return {
    meta: { schema: [] },
    create(ruleContext: RuleContext) {
      const { sourceCode } = ruleContext;
      // A summary says what the file itself does: nothing in it asks the rest of the project.
      const facts = analyzeFile({ sourceCode, filename: ruleContext.filename, cwd: ruleContext.cwd, settings: ruleContext.settings, project: NO_PROJECT });
      found(summarize({ sourceCode, filename: file, root, tracked: facts.tracked, values: facts.values, roles: facts.roles }));
      return {};
    },
  };
}

/** The flat config that runs only the probe, with the parser and settings of the file being linted. */
function probeConfig(file: string, sourceType: 'module' | 'commonjs', parser: unknown, context: ParseContext, probe: unknown): unknown[] {
  return [
    {
      files: ['**/*.{js,mjs,cjs,jsx,ts,mts,cts,tsx}'],
      languageOptions: {
        ecmaVersion: 'latest',
        sourceType,
        ...(parser ? { parser } : {}),
        parserOptions: { ecmaFeatures: { jsx: /x$/.test(file) || !TYPESCRIPT.test(file) } },
      },
      linterOptions: { reportUnusedDisableDirectives: 'off' },
      settings: context.settings,
      plugins: { 'fork-safe-index': { rules: { probe } } },
      rules: { 'fork-safe-index/probe': 'error' },
    },
  ];
}

/** The summary of a project file, or undefined when it cannot be parsed. */
export function summarizeFile(file: string, text: string, root: string, context: ParseContext): FileSummary | undefined {
  const linter = linterFor(root);
  if (!linter) return undefined;
  const typescript = TYPESCRIPT.test(file);
  const parser = typescript ? typescriptParser(root, context.parser) : undefined;
  if (typescript && !parser) return undefined;
  let summary: FileSummary | undefined;
  const probe = summaryProbe(file, root, (found) => (summary = found));
  for (const sourceType of sourceTypes(file, text)) {
    summary = undefined;
    let messages: { fatal?: boolean }[];
    try {
      messages = linter.verify(text, probeConfig(file, sourceType, parser, context, probe), file);
    } catch {
      return undefined;
    }
    if (!messages.some((message) => message.fatal) && summary) return summary;
  }
  return undefined;
}
