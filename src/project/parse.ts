/**
 * Reads another file of the project the way ESLint reads the one being linted, with
 * ESLint's own parts (a peer dependency, so nothing is added): espree for JavaScript and,
 * for TypeScript, the parser of the file being linted or the project's
 * `@typescript-eslint/parser`. The SourceCode is built directly (source-code.ts), or
 * through ESLint's `Linter` and a probe rule when that cannot be done. The plugin's
 * per-file analysis runs on it with the module's own project view (so what it imports is
 * followed), and only plain data is kept: its summary and its exports. Nothing is
 * executed; when ESLint or a parser cannot be loaded, the file is simply not read.
 */
import type { TSESLint } from '@typescript-eslint/utils';
import { analyzeFile } from '../analysis/facts.js';
import { summarize, type FileSummary } from '../analysis/file-summary.js';
import type { ModuleExports } from '../analysis/exports/module-exports.js';
import { NO_PROJECT, type ProjectView } from '../analysis/project-view.js';
import { buildSourceCode } from './source-code.js';
import { requirersFor } from './requirers.js';

interface LinterLike {
  verify(text: string, config: unknown, filename: string): { fatal?: boolean }[];
}
type LinterClass = new (options: { cwd: string }) => LinterLike;

export interface ParseContext {
  /** The parser of the file being linted (`context.languageOptions.parser`). */
  readonly parser?: unknown;
  /** The `settings` of the file being linted: the project's own connection factories apply. */
  readonly settings: Readonly<Record<string, unknown>>;
  /**
   * ESLint's working directory: modules are analysed against it as the file being linted
   * is (settings paths, names of modules in facts), so both name a module the same way.
   * The project root when not given.
   */
  readonly cwd?: string;
}

const TYPESCRIPT = /\.(?:[cm]?ts|tsx)$/;
const ESM_SYNTAX = /^\s*(?:import\s*[\w*{'"]|export\s)/m;

/** What the analysis of a module keeps: plain data only. */
export interface ModuleAnalysis {
  readonly summary: FileSummary;
  readonly exports: ModuleExports;
}

let linterClass: LinterClass | null | undefined;
const typescriptParsers = new Map<string, unknown>();
const linters = new Map<string, LinterLike>();
/** Modules being read right now: a module's imports are read while it is, each by a Linter of its own. */
let reading = 0;

function load(root: string, specifier: string): unknown {
  for (const from of requirersFor(root)) {
    try {
      return from(specifier);
    } catch {
      // Try the next place.
    }
  }
  return undefined;
}

/** Undefined until asked; null when ESLint cannot be found. */
let eslintMain: string | null | undefined;

function eslintMainFile(root: string): string | undefined {
  if (eslintMain === undefined) {
    eslintMain = null;
    for (const from of requirersFor(root)) {
      try {
        eslintMain = from.resolve('eslint');
        break;
      } catch {
        // Try the next place.
      }
    }
  }
  return eslintMain ?? undefined;
}

function linterFor(root: string, level: number): LinterLike | undefined {
  if (linterClass === undefined) linterClass = ((load(root, 'eslint') as { Linter?: LinterClass } | undefined)?.Linter) ?? null;
  if (!linterClass) return undefined;
  const key = `${level}\0${root}`;
  let linter = linters.get(key);
  if (!linter) {
    if (linters.size > 64) linters.clear();
    linter = new linterClass({ cwd: root });
    linters.set(key, linter);
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

/** A rule that analyses the file it runs on and hands its summary and exports to `found`. */
function moduleProbe(file: string, root: string, context: ParseContext, project: ProjectView, found: (analysis: ModuleAnalysis) => void) {
  return {
    meta: { schema: [] },
    create(ruleContext: RuleContext) {
      const { sourceCode } = ruleContext;
      const facts = analyzeFile({ sourceCode, filename: ruleContext.filename, cwd: context.cwd ?? ruleContext.cwd, settings: ruleContext.settings, project });
      const summary = summarize({ sourceCode, filename: file, root, tracked: facts.tracked, values: facts.values, roles: facts.roles });
      found({ summary, exports: facts.exports });
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

type Analysed = ModuleAnalysis | undefined | 'no-source-code';

type BuiltSourceCode = NonNullable<ReturnType<typeof buildSourceCode>>;

/**
 * The modules parsed while one file is linted, by path: a module read first for its role
 * exports and then in full (module-summaries.ts) is analysed twice, but parsed once (by
 * the same parser, from the same text). Dropped when the analysis of that file ends
 * (forgetParsedModules, view.ts), so no AST outlives its lint.
 */
const parsedThisLint = new Map<string, { readonly text: string; readonly parser: unknown; readonly sourceCode: BuiltSourceCode }>();
/** Past this many, the ones parsed first are let go: a file that reads the whole tree (a runner's own repository) holds no more. */
const MAX_PARSED_KEPT = 32;

/** The lint of a file is over: the modules parsed for it are let go. */
export function forgetParsedModules(): void {
  parsedThisLint.clear();
}

/** The SourceCode of a module, parsed once per lint of a file: undefined when it does not parse, 'no-source-code' when ESLint's parts are not there. */
function sourceCodeOf(file: string, text: string, root: string, parser: unknown): BuiltSourceCode | undefined | 'no-source-code' {
  const parsed = parsedThisLint.get(file);
  if (parsed && parsed.text === text && parsed.parser === parser) return parsed.sourceCode;
  const main = eslintMainFile(root);
  if (!main) return 'no-source-code';
  for (const sourceType of sourceTypes(file, text)) {
    let sourceCode: ReturnType<typeof buildSourceCode>;
    try {
      sourceCode = buildSourceCode(main, root, file, text, sourceType, parser);
    } catch {
      continue; // Not this source type (or not parseable at all).
    }
    if (!sourceCode) return 'no-source-code';
    if (parsedThisLint.size >= MAX_PARSED_KEPT) parsedThisLint.delete(parsedThisLint.keys().next().value!);
    parsedThisLint.set(file, { text, parser, sourceCode });
    return sourceCode;
  }
  return undefined;
}

/** The analysis through a SourceCode built directly; 'no-source-code' when ESLint's parts are not there. */
function analyzeDirectly(file: string, text: string, root: string, context: ParseContext, project: ProjectView, parser: unknown): Analysed {
  const sourceCode = sourceCodeOf(file, text, root, parser);
  if (sourceCode === undefined || sourceCode === 'no-source-code') return sourceCode;
  const facts = analyzeFile({ sourceCode, filename: file, cwd: context.cwd ?? root, settings: context.settings, project });
  return { summary: summarize({ sourceCode, filename: file, root, tracked: facts.tracked, values: facts.values, roles: facts.roles }), exports: facts.exports };
}

/**
 * The summary and exports of a project file, analysed with `project` as its view (what
 * it imports is followed through it), or undefined when it cannot be parsed.
 */
export function analyzeModule(file: string, text: string, root: string, context: ParseContext, project: ProjectView = NO_PROJECT): ModuleAnalysis | undefined {
  const typescript = TYPESCRIPT.test(file);
  const parser = typescript ? typescriptParser(root, context.parser) : undefined;
  if (typescript && !parser) return undefined;
  try {
    const direct = analyzeDirectly(file, text, root, context, project, parser);
    if (direct !== 'no-source-code') return direct;
  } catch {
    return undefined;
  }
  return analyzeWithLinter(file, text, root, context, project, parser);
}

/** The same through ESLint's `Linter` and a probe rule: where ESLint's parts cannot be loaded one by one. */
export function analyzeWithLinter(file: string, text: string, root: string, context: ParseContext, project: ProjectView, parser: unknown): ModuleAnalysis | undefined {
  const linter = linterFor(root, reading);
  if (!linter) return undefined;
  let analysis: ModuleAnalysis | undefined;
  const probe = moduleProbe(file, root, context, project, (found) => (analysis = found));
  reading++;
  try {
    for (const sourceType of sourceTypes(file, text)) {
      analysis = undefined;
      const messages = linter.verify(text, probeConfig(file, sourceType, parser, context, probe), file);
      if (!messages.some((message) => message.fatal) && analysis) return analysis;
    }
  } catch {
    return undefined;
  } finally {
    reading--;
  }
  return undefined;
}

/** The summary of a project file on its own (no other file is read), or undefined when it cannot be parsed. */
export function summarizeFile(file: string, text: string, root: string, context: ParseContext): FileSummary | undefined {
  return analyzeModule(file, text, root, context)?.summary;
}
