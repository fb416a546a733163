/** Runs the shared analysis on a snippet through the real Linter and hands back its facts. */
import { Linter } from 'eslint';
import tsParser from '@typescript-eslint/parser';
import { getFacts, type Facts } from '../../src/project/get-facts.js';

export interface FactsOptions {
  readonly sourceType?: 'module' | 'commonjs' | 'script';
  readonly typescript?: boolean;
  readonly settings?: Record<string, unknown>;
  readonly filename?: string;
  readonly cwd?: string;
}

export function factsOf(code: string, options: FactsOptions = {}): Facts {
  let facts: Facts | undefined;
  const probe = {
    rules: {
      facts: {
        meta: { schema: [] },
        create(context: never) {
          facts = getFacts(context);
          // Touch every facet, as the rules do.
          void facts.transfers;
          return {};
        },
      },
    },
  };
  const filename = options.filename ?? (options.typescript ? 'file.ts' : 'file.js');
  const linter = new Linter({ cwd: options.cwd ?? '/project' });
  const messages = linter.verify(
    code,
    [
      {
        files: ['**/*.{js,mjs,cjs,jsx,ts,mts,cts,tsx}'],
        languageOptions: {
          ecmaVersion: 'latest',
          sourceType: options.sourceType ?? 'module',
          ...(options.typescript ? { parser: tsParser as never } : {}),
        },
        settings: options.settings ?? {},
        plugins: { probe: probe as never },
        rules: { 'probe/facts': 'error' },
      },
    ],
    options.cwd ? `${options.cwd}/${filename}` : filename,
  );
  const fatal = messages.find((message) => message.fatal || message.ruleId === 'probe/facts');
  if (fatal) throw new Error(fatal.message);
  if (!facts) throw new Error('the probe rule did not run');
  return facts;
}

/** The entity id held by the variable or property named `name`, if the analysis bound one. */
export function entityOfBinding(facts: Facts, name: string): string | undefined {
  return facts.values.bindings.find((binding) => binding.name === name)?.entity.id;
}
