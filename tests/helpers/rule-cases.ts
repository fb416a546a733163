/** The shape of a rule's test cases, and the line joiner the case files write their code with. */
import type { InvalidTestCase, ValidTestCase } from '@typescript-eslint/rule-tester';

type Options = readonly unknown[];

export interface Cases {
  readonly valid: (ValidTestCase<Options> | string)[];
  readonly invalid: InvalidTestCase<string, Options>[];
}

/** Source lines, each ended by a newline. */
export const lines = (...parts: string[]): string => parts.join('\n') + '\n';
