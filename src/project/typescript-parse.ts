/**
 * A TypeScript module read for its exports, parsed by the parts of the very
 * `@typescript-eslint/parser` the file being linted uses, without what only ESLint's own
 * lint needs: its `parseForESLint` always converts every token and comment, which costs
 * about as much as the rest of the parse, and the analysis of a module reads neither
 * (fixes are built for the file being linted only). The scope analysis is the parser's
 * own, with the options it would pass. When the parser is another one, or its parts
 * cannot be found next to it, the caller uses `parseForESLint`.
 */
import { createRequire } from 'node:module';
import { requirersFor } from './requirers.js';

interface ParsedModule {
  readonly ast: { type: string; tokens?: unknown; comments?: unknown; sourceType?: string };
  readonly scopeManager: unknown;
  readonly visitorKeys: Readonly<Record<string, readonly string[]>>;
  /** None: a module read for its exports is never given a type-checked program. */
  readonly services?: undefined;
}

interface TypescriptParts {
  readonly parse: (text: string, options: object) => ParsedModule['ast'];
  readonly analyze: (ast: unknown, options: object) => unknown;
  readonly visitorKeys: ParsedModule['visitorKeys'];
}

type SourceType = 'module' | 'commonjs';

const PARSER = '@typescript-eslint/parser';
/** By parser object: its parts, or null when they are not those of `@typescript-eslint/parser`. */
const partsByParser = new WeakMap<object, TypescriptParts | null>();

function partsNextTo(parserMain: string): TypescriptParts | null {
  const beside = createRequire(parserMain);
  const estree = beside('@typescript-eslint/typescript-estree') as { parse?: TypescriptParts['parse'] };
  const scope = beside('@typescript-eslint/scope-manager') as { analyze?: TypescriptParts['analyze'] };
  const keys = beside('@typescript-eslint/visitor-keys') as { visitorKeys?: TypescriptParts['visitorKeys'] };
  if (typeof estree.parse !== 'function' || typeof scope.analyze !== 'function' || !keys.visitorKeys) return null;
  return { parse: estree.parse, analyze: scope.analyze, visitorKeys: keys.visitorKeys };
}

/**
 * The parts of `parser` when it is `@typescript-eslint/parser` as installed for the plugin
 * or for the project (the same object, so the same versions of its parts).
 */
function findParts(parser: { parseForESLint?: unknown }, root: string): TypescriptParts | null {
  for (const from of requirersFor(root)) {
    try {
      const main = from.resolve(PARSER);
      if ((from(main) as { parseForESLint?: unknown }).parseForESLint === parser.parseForESLint) return partsNextTo(main);
    } catch {
      // Not installed there, or its parts are missing: try the next place.
    }
  }
  return null;
}

function partsOf(parser: unknown, root: string): TypescriptParts | null {
  if (!parser || typeof parser !== 'object') return null;
  let parts = partsByParser.get(parser);
  if (parts === undefined) {
    parts = findParts(parser as { parseForESLint?: unknown }, root);
    partsByParser.set(parser, parts);
  }
  return parts;
}

/**
 * The AST and scope of a TypeScript module as `parseForESLint` would give them, with no
 * tokens or comments (empty lists, as SourceCode wants lists); undefined when `parser` is
 * not `@typescript-eslint/parser`. Throws on a syntax error, as the parser does.
 */
export function parseTypescriptModule(parser: unknown, root: string, file: string, text: string, sourceType: SourceType, jsx: boolean): ParsedModule | undefined {
  const parts = partsOf(parser, root);
  if (!parts) return undefined;
  // What parseForESLint does with a source type ESLint may pass: anything but a module is a script.
  const type = sourceType === 'module' ? 'module' : 'script';
  const ast = parts.parse(text, { range: true, loc: true, tokens: false, comment: false, jsx, filePath: file, jsDocParsingMode: 'none' });
  ast.sourceType = type;
  ast.tokens = [];
  ast.comments = [];
  return { ast, scopeManager: parts.analyze(ast, { sourceType: type }), visitorKeys: parts.visitorKeys };
}
