/**
 * The SourceCode of a project file, built the way ESLint builds the one it lints (parse,
 * scope analysis, the language's globals, `/* global *\/` comments) but without running
 * a Linter: no config to resolve, no code path analysis, no rule traversal (together as
 * costly as the parse), and no tokens, none of which the analysis needs. The parser and
 * scope analyser are the ones ESLint itself uses (espree, eslint-scope), or for TypeScript
 * the parser of the file being linted (its own parts, without tokens or comments, when it
 * is `@typescript-eslint/parser`: typescript-parse.ts); when one cannot be loaded, the
 * caller falls back to ESLint's `Linter`.
 */
import { createRequire } from 'node:module';
import type { TSESLint } from '@typescript-eslint/utils';
import { parseTypescriptModule } from './typescript-parse.js';

type SourceCode = Readonly<TSESLint.SourceCode>;
type SourceType = 'module' | 'commonjs';

interface Parsed {
  readonly ast: { type: string; tokens?: unknown; comments?: unknown };
  readonly scopeManager?: unknown;
  readonly visitorKeys?: Readonly<Record<string, readonly string[]>>;
  readonly services?: unknown;
}

interface Tools {
  readonly SourceCode: new (config: object) => SourceCode & { applyLanguageOptions?(options: object): void; applyInlineConfig?(): unknown; finalize?(): void };
  readonly espree: { parse(text: string, options: object): Parsed['ast']; latestEcmaVersion: number };
  readonly analyze: (ast: unknown, options: object) => unknown;
  readonly keys: Readonly<Record<string, readonly string[]>>;
  readonly getKeys: (node: object) => readonly string[];
}

type ParseForESLint = (text: string, options: object) => Parsed;

/** Undefined until first asked; null when ESLint's own parts cannot be loaded. */
let tools: Tools | null | undefined;

function load(eslintMain: string): Tools | null {
  try {
    const fromEslint = createRequire(eslintMain);
    const eslint = fromEslint(eslintMain) as { SourceCode?: Tools['SourceCode'] };
    const espree = fromEslint('espree') as Tools['espree'];
    const scope = fromEslint('eslint-scope') as { analyze: Tools['analyze'] };
    const visitorKeys = fromEslint('eslint-visitor-keys') as { KEYS: Tools['keys']; getKeys: Tools['getKeys'] };
    if (!eslint.SourceCode || typeof espree.parse !== 'function' || typeof scope.analyze !== 'function') return null;
    return { SourceCode: eslint.SourceCode, espree, analyze: scope.analyze, keys: visitorKeys.KEYS, getKeys: visitorKeys.getKeys };
  } catch {
    return null;
  }
}

/** `node.parent` for every node, as ESLint sets it while it traverses. */
function setParents(node: Record<string, unknown>, parent: unknown, keys: Tools['keys'], getKeys: Tools['getKeys']): void {
  node.parent = parent;
  for (const key of keys[node.type as string] ?? getKeys(node)) {
    const child = node[key];
    if (Array.isArray(child)) {
      for (const element of child) if (element && typeof (element as { type?: unknown }).type === 'string') setParents(element as Record<string, unknown>, node, keys, getKeys);
    } else if (child && typeof (child as { type?: unknown }).type === 'string') {
      setParents(child as Record<string, unknown>, node, keys, getKeys);
    }
  }
}

/**
 * Without tokens: the analysis reads none (only fixes do, and they are built for the file
 * being linted), and espree parses in two thirds of the time without them. SourceCode
 * still wants the list.
 */
function espreeParse(text: string, sourceType: SourceType, jsx: boolean, found: Tools): Parsed['ast'] {
  const ast = found.espree.parse(text, { ecmaVersion: 'latest', sourceType, range: true, loc: true, tokens: false, comment: true, ecmaFeatures: { jsx, globalReturn: sourceType === 'commonjs' } });
  ast.tokens = [];
  return ast;
}

/**
 * A `.js` file is parsed as ESLint parses it by default, without JSX, and again with JSX
 * only when that fails: espree's JSX parser is another class, and its first use costs
 * many times a plain parse (and slows every later one) in a process that parses no JSX.
 */
function parseMaybeJsx(text: string, sourceType: SourceType, jsx: boolean, found: Tools): { ast: Parsed['ast']; jsx: boolean } {
  if (jsx) return { ast: espreeParse(text, sourceType, true, found), jsx };
  try {
    return { ast: espreeParse(text, sourceType, false, found), jsx };
  } catch (error) {
    if (!text.includes('<')) throw error;
    return { ast: espreeParse(text, sourceType, true, found), jsx: true };
  }
}

function parseJavaScript(text: string, sourceType: SourceType, jsxFile: boolean, found: Tools): Parsed {
  const { ast, jsx } = parseMaybeJsx(text, sourceType, jsxFile, found);
  const ecmaVersion = found.espree.latestEcmaVersion + 2009;
  const scopeManager = found.analyze(ast, { ignoreEval: true, nodejsScope: sourceType === 'commonjs', ecmaVersion, sourceType, childVisitorKeys: found.keys, fallback: found.getKeys, jsx });
  return { ast, scopeManager, visitorKeys: found.keys };
}

/**
 * The SourceCode of `text`, or undefined when ESLint's parts are not there (the caller
 * then uses a Linter). Throws on a syntax error, as a parser does.
 */
export function buildSourceCode(eslintMain: string, root: string, file: string, text: string, sourceType: SourceType, typescriptParser: unknown): SourceCode | undefined {
  if (tools === undefined) tools = load(eslintMain);
  if (!tools) return undefined;
  const parseForESLint = (typescriptParser as { parseForESLint?: ParseForESLint } | undefined)?.parseForESLint;
  if (typescriptParser && typeof parseForESLint !== 'function') return undefined;
  const hasBOM = text.charCodeAt(0) === 0xfeff;
  const body = hasBOM ? text.slice(1) : text;
  const jsx = /x$/.test(file);
  const parsed = parseForESLint
    ? (parseTypescriptModule(typescriptParser, root, file, body, sourceType, jsx)
      ?? parseForESLint(body, { ecmaVersion: 'latest', sourceType, range: true, loc: true, tokens: true, comment: true, filePath: file, ecmaFeatures: { jsx } }))
    : parseJavaScript(body, sourceType, jsx, tools);
  if (!parsed.scopeManager) return undefined;
  const keys = parsed.visitorKeys ?? tools.keys;
  setParents(parsed.ast as unknown as Record<string, unknown>, null, keys, tools.getKeys);
  const sourceCode = new tools.SourceCode({ text: body, hasBOM, ast: parsed.ast, parserServices: parsed.services ?? {}, scopeManager: parsed.scopeManager, visitorKeys: keys });
  // What the Linter does before rules run: the globals of the language and of `/* global */` comments.
  sourceCode.applyLanguageOptions?.({ ecmaVersion: tools.espree.latestEcmaVersion + 2009, sourceType, globals: {}, parserOptions: {} });
  sourceCode.applyInlineConfig?.();
  sourceCode.finalize?.();
  return sourceCode;
}
