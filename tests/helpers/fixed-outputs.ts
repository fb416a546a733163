/**
 * Every autofix and suggestion output of a rule's invalid cases, linted again with every
 * rule of the plugin: it must parse, the rule must report fewer problems than in the
 * original code, and no rule may report anything the original did not have (a hook that
 * runs in the primary, a hoist that opens a connection before the fork).
 */
import { Linter } from 'eslint';
import tsParser from '@typescript-eslint/parser';
import type { InvalidTestCase } from '@typescript-eslint/rule-tester';
import { rules } from '../../rules/index.js';
import type { ForkSafeRule } from '../../src/create-rule.js';

type Flavour = 'esm' | 'cjs' | 'ts';
type Case = InvalidTestCase<string, readonly unknown[]>;

interface Setup {
  readonly flavour: Flavour;
  readonly options: readonly unknown[];
  readonly settings: Record<string, unknown>;
  readonly filename?: string;
}

const PREFIX = 'fork-safe';

function lint(rule: ForkSafeRule, setup: Setup, code: string): Linter.LintMessage[] {
  const { flavour, options, settings, filename } = setup;
  const name = Object.keys(rules).find((key) => rules[key] === rule);
  if (!name) throw new Error('checkFixedOutputs: the rule is not one of the plugin\'s rules');
  const linter = new Linter();
  const enabled = Object.fromEntries(Object.keys(rules).map((key) => [`${PREFIX}/${key}`, key === name ? ['error', ...options] : 'error']));
  return linter.verify(code, [{
    files: ['**/*.js', '**/*.ts'],
    languageOptions: {
      ecmaVersion: 'latest',
      sourceType: flavour === 'cjs' ? 'commonjs' : 'module',
      ...(flavour === 'ts' ? { parser: tsParser as never } : {}),
    },
    plugins: { [PREFIX]: { rules: rules as never } },
    rules: enabled as never,
    settings,
  }], filename ?? (flavour === 'ts' ? 'file.ts' : 'file.js'));
}

/**
 * New reports the check finds in today's outputs, each a defect of the rule that reports
 * it, not of the fix: the fix takes away what hid it. An entry no output produces any more
 * fails the check, so the list shrinks as they are mended.
 */
const KNOWN_NEW_REPORTS: readonly { readonly suite: string; readonly report: string; readonly why: string }[] = [];

/** A report as the code it names: its rule and message, not where it is (a fix moves lines). */
const keyOf = (message: Linter.LintMessage): string => `${message.ruleId}: ${message.message}`;

/** The reports of `after` that `before` has fewer of, by rule and message. */
function newReports(before: readonly Linter.LintMessage[], after: readonly Linter.LintMessage[]): Linter.LintMessage[] {
  const left = new Map<string, number>();
  for (const message of before) left.set(keyOf(message), (left.get(keyOf(message)) ?? 0) + 1);
  return after.filter((message) => {
    const count = left.get(keyOf(message)) ?? 0;
    left.set(keyOf(message), count - 1);
    return count <= 0;
  });
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
  const ruleName = Object.keys(rules).find((key) => rules[key] === rule);
  const known = KNOWN_NEW_REPORTS.filter((entry) => entry.suite === name).map((entry) => entry.report);
  const seen = new Set<string>();

  describe(`${name}: code after its fixes and suggestions`, () => {
    it('has outputs to check', () => {
      expect(outputs.length).toBeGreaterThan(0);
    });

    it.each(outputs.map((output, i) => [i + 1, output] as const))('output %i parses, is reported less, and gets no new report', (_i, output) => {
      const before = lint(rule, output.setup, output.original);
      const after = lint(rule, output.setup, output.text);
      expect(after.filter((message) => message.fatal)).toEqual([]);
      const reports = (messages: Linter.LintMessage[]) => messages.map((m) => `${m.line}:${m.column} ${keyOf(m)}`);
      const own = (messages: Linter.LintMessage[]) => messages.filter((message) => message.ruleId === `${PREFIX}/${ruleName}`);
      expect(own(after).length, `after the fix:\n${output.text}\n${reports(after).join('\n')}`).toBeLessThan(own(before).length);
      const found = newReports(before, after);
      for (const message of found) if (known.includes(keyOf(message))) seen.add(keyOf(message));
      expect(reports(found.filter((message) => !known.includes(keyOf(message)))), `after the fix:\n${output.text}`).toEqual([]);
    });

    it('still finds every known new report (KNOWN_NEW_REPORTS)', () => {
      expect(known.filter((report) => !seen.has(report))).toEqual([]);
    });
  });
}
