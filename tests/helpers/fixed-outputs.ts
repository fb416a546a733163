/**
 * Every autofix and suggestion output of a rule's invalid cases, linted again by the same
 * rule: it must parse, and the rule must report fewer problems than in the original code.
 */
import { Linter } from 'eslint';
import tsParser from '@typescript-eslint/parser';
import type { InvalidTestCase } from '@typescript-eslint/rule-tester';
import type { ForkSafeRule } from '../../src/create-rule.js';

type Flavour = 'esm' | 'cjs' | 'ts';
type Case = InvalidTestCase<string, readonly unknown[]>;

interface Setup {
  readonly flavour: Flavour;
  readonly options: readonly unknown[];
  readonly settings: Record<string, unknown>;
  readonly filename?: string;
}

function lint(rule: ForkSafeRule, setup: Setup, code: string): Linter.LintMessage[] {
  const { flavour, options, settings, filename } = setup;
  const linter = new Linter();
  return linter.verify(code, [{
    files: ['**/*.js', '**/*.ts'],
    languageOptions: {
      ecmaVersion: 'latest',
      sourceType: flavour === 'cjs' ? 'commonjs' : 'module',
      ...(flavour === 'ts' ? { parser: tsParser as never } : {}),
    },
    plugins: { 'fork-safe': { rules: { rule: rule as never } } },
    rules: { 'fork-safe/rule': ['error', ...options] as never },
    settings,
  }], filename ?? (flavour === 'ts' ? 'file.ts' : 'file.js'));
}

export function checkFixedOutputs(name: string, rule: ForkSafeRule, suites: Partial<Record<Flavour, { readonly invalid: readonly Case[] }>>): void {
  const outputs = Object.entries(suites).flatMap(([flavour, suite]) =>
    suite!.invalid.flatMap((test) => {
      const suggestions = (test.errors as readonly { suggestions?: readonly { output: string }[] | null }[]).flatMap((error) => error.suggestions ?? []);
      const texts = [...(typeof test.output === 'string' ? [test.output] : []), ...suggestions.map((s) => s.output)];
      const setup: Setup = { flavour: flavour as Flavour, options: test.options ?? [], settings: (test.settings ?? {}) as Record<string, unknown>, filename: test.filename };
      return texts.map((text) => ({ setup, original: test.code, text }));
    }),
  );

  describe(`${name}: code after its fixes and suggestions`, () => {
    it('has outputs to check', () => {
      expect(outputs.length).toBeGreaterThan(0);
    });

    it.each(outputs.map((output, i) => [i + 1, output] as const))('output %i parses and is reported less', (_i, output) => {
      const before = lint(rule, output.setup, output.original);
      const after = lint(rule, output.setup, output.text);
      expect(after.filter((message) => message.fatal)).toEqual([]);
      const reports = (messages: Linter.LintMessage[]) => messages.map((m) => `${m.line}:${m.column} ${m.message}`);
      expect(after.length, `after the fix:\n${output.text}\n${reports(after).join('\n')}`).toBeLessThan(before.length);
    });
  });
}
