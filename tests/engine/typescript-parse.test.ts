/**
 * A TypeScript module read for its exports is parsed by the parts of the linted file's
 * `@typescript-eslint/parser` without tokens or comments: the same tree and the same
 * scopes as `parseForESLint` gives, and the same analysis; any other parser is asked
 * through its own `parseForESLint`.
 */
import path from 'node:path';
import tsParser from '@typescript-eslint/parser';
import { NO_PROJECT } from '../../src/analysis/project-view.js';
import { analyzeModule, analyzeWithLinter, forgetParsedModules } from '../../src/project/parse.js';
import { parseTypescriptModule } from '../../src/project/typescript-parse.js';

const root = path.resolve(import.meta.dirname, '../fixtures/projects/typescript');
const file = path.join(root, 'lib/db.ts');
const text = `/* global extra */
import { Pool, type PoolConfig } from 'pg';
import type { Job } from 'bullmq';
enum Mode { Eager, Lazy }
const config: PoolConfig = { max: Number(process.env.MAX ?? 4) };
@sealed
export class Store { pool = new Pool(config); constructor(private readonly mode: Mode) {} }
export default async function getPool(job: Job<{ id: number }>): Promise<Pool> {
  const pool = new Pool(config);
  await pool.connect();
  return pool as Pool;
}
function sealed(target: unknown): void { void target; }
`;

/** The tree as plain data: no parents, tokens or comments. */
function shape(ast: unknown): unknown {
  return JSON.parse(JSON.stringify(ast, (key, value: unknown) => (key === 'parent' || key === 'tokens' || key === 'comments' ? undefined : value)));
}

interface ScopeLike {
  type: string;
  variables: { name: string; references: unknown[] }[];
  through: unknown[];
}

function scopes(scopeManager: unknown): unknown {
  return (scopeManager as { scopes: ScopeLike[] }).scopes.map((scope) => ({
    type: scope.type,
    variables: scope.variables.map((variable) => [variable.name, variable.references.length]),
    through: scope.through.length,
  }));
}

describe('parseTypescriptModule', () => {
  it('gives the tree and scopes of parseForESLint, with empty token and comment lists', () => {
    const lean = parseTypescriptModule(tsParser, root, file, text, 'module', false);
    const full = tsParser.parseForESLint(text, { ecmaVersion: 'latest', sourceType: 'module', range: true, loc: true, tokens: true, comment: true, filePath: file });
    expect(lean).toBeDefined();
    expect(lean!.ast.tokens).toEqual([]);
    expect(lean!.ast.comments).toEqual([]);
    expect(shape(lean!.ast)).toEqual(shape(full.ast));
    expect(scopes(lean!.scopeManager)).toEqual(scopes(full.scopeManager));
    expect(lean!.visitorKeys).toBe(full.visitorKeys);
  });

  it('reads a CommonJS TypeScript module as parseForESLint reads it, as a script', () => {
    const cts = 'const { Pool } = require("pg");\nexport = new Pool();\n';
    const lean = parseTypescriptModule(tsParser, root, path.join(root, 'lib/db.cts'), cts, 'commonjs', false);
    const full = tsParser.parseForESLint(cts, { ecmaVersion: 'latest', sourceType: 'commonjs', range: true, loc: true, tokens: true, comment: true, filePath: path.join(root, 'lib/db.cts') });
    expect(lean!.ast.sourceType).toBe('script');
    expect(shape(lean!.ast)).toEqual(shape(full.ast));
    expect(scopes(lean!.scopeManager)).toEqual(scopes(full.scopeManager));
  });

  it('is not used for another parser, even one that wraps the same', () => {
    const wrapper = { meta: { name: 'typescript-wrapper' }, parseForESLint: (code: string, options: Parameters<typeof tsParser.parseForESLint>[1]) => tsParser.parseForESLint(code, options) };
    expect(parseTypescriptModule(wrapper, root, file, text, 'module', false)).toBeUndefined();
    expect(parseTypescriptModule(undefined, root, file, text, 'module', false)).toBeUndefined();
  });

  it('throws on a syntax error, as the parser does', () => {
    expect(() => parseTypescriptModule(tsParser, root, file, 'const = ;', 'module', false)).toThrow();
  });
});

describe('the analysis of a TypeScript module', () => {
  const settings = { settings: {} };

  it('is the same through the lean parse as through a Linter with the full one', () => {
    const direct = analyzeModule(file, text, root, { ...settings, parser: tsParser }, NO_PROJECT);
    expect(direct?.exports).toMatchObject({ Store: { kind: 'class' }, default: { kind: 'factory' } });
    expect(direct).toEqual(analyzeWithLinter(file, text, root, settings, NO_PROJECT, tsParser));
  });

  it('does not call parseForESLint of @typescript-eslint/parser', () => {
    const spy = vi.spyOn(tsParser, 'parseForESLint');
    try {
      expect(analyzeModule(file, text, root, { ...settings, parser: tsParser }, NO_PROJECT)).toBeDefined();
      expect(spy).not.toHaveBeenCalled();
    } finally {
      spy.mockRestore();
    }
  });

  it('goes through the parseForESLint of a parser that is not @typescript-eslint/parser', () => {
    const calls: string[] = [];
    const wrapper = {
      meta: { name: 'typescript-wrapper' },
      parseForESLint: (code: string, options: Parameters<typeof tsParser.parseForESLint>[1]) => {
        calls.push(code);
        return tsParser.parseForESLint(code, options);
      },
    };
    const analysis = analyzeModule(file, text, root, { ...settings, parser: wrapper }, NO_PROJECT);
    expect(calls).toEqual([text]);
    expect(analysis).toEqual(analyzeModule(file, text, root, { ...settings, parser: tsParser }, NO_PROJECT));
  });

  it('parses a module once while one file is linted (read for its role exports, then in full), and again after', () => {
    const calls: string[] = [];
    const counting = { meta: { name: 'typescript-counting' }, parseForESLint: (code: string, options: Parameters<typeof tsParser.parseForESLint>[1]) => (calls.push(code), tsParser.parseForESLint(code, options)) };
    const context = { ...settings, parser: counting };
    forgetParsedModules();
    const first = analyzeModule(file, text, root, context, NO_PROJECT);
    expect(analyzeModule(file, text, root, context, NO_PROJECT)).toEqual(first);
    expect(calls).toHaveLength(1);
    // Another text of the same file is parsed anew.
    analyzeModule(file, `${text}// edited\n`, root, context, NO_PROJECT);
    expect(calls).toHaveLength(2);
    forgetParsedModules();
    analyzeModule(file, `${text}// edited\n`, root, context, NO_PROJECT);
    expect(calls).toHaveLength(3);
  });

  it('holds no more than 32 modules parsed while one file is linted: the first ones are parsed again', () => {
    let parses = 0;
    const counting = { meta: { name: 'typescript-counting' }, parseForESLint: (code: string, options: Parameters<typeof tsParser.parseForESLint>[1]) => (parses++, tsParser.parseForESLint(code, options)) };
    const context = { ...settings, parser: counting };
    const files = Array.from({ length: 33 }, (_, i) => path.join(root, `lib/module-${i}.ts`));
    forgetParsedModules();
    for (const each of files) analyzeModule(each, text, root, context, NO_PROJECT);
    analyzeModule(files[32]!, text, root, context, NO_PROJECT);
    expect(parses).toBe(33);
    analyzeModule(files[0]!, text, root, context, NO_PROJECT);
    expect(parses).toBe(34);
    forgetParsedModules();
  });
});
