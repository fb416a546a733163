/**
 * RuleTesters for the two parsers users run: espree (JavaScript) and
 * @typescript-eslint/parser. vitest's globals wire them to describe/it.
 */
import { RuleTester } from '@typescript-eslint/rule-tester';
import tsParser from '@typescript-eslint/parser';

export const esmTester = new RuleTester({
  languageOptions: { ecmaVersion: 'latest', sourceType: 'module' },
});

export const cjsTester = new RuleTester({
  languageOptions: {
    ecmaVersion: 'latest',
    sourceType: 'commonjs',
  },
});

export const tsTester = new RuleTester({
  languageOptions: { parser: tsParser, ecmaVersion: 'latest', sourceType: 'module' },
});
