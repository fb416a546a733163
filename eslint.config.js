// The plugin's own code is linted as an ESLint plugin should be.
import eslintPlugin from 'eslint-plugin-eslint-plugin';
import tsParser from '@typescript-eslint/parser';

export default [
  { ignores: ['dist/', 'examples/', 'tests/fixtures/', 'coverage/'] },
  {
    files: ['**/*.ts'],
    languageOptions: { parser: tsParser, sourceType: 'module' },
  },
  {
    ...eslintPlugin.configs.recommended,
    files: ['rules/**/*.ts'],
  },
];
