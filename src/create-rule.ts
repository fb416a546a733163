/**
 * The one way rules are made: fills in `meta.docs.url` and keeps every rule's docs fields
 * typed the same, so configs and docs can be derived from them.
 */
import type { TSESLint } from '@typescript-eslint/utils';

export const REPOSITORY_URL = 'https://github.com/eslint-plugin-fork-safe/eslint-plugin-fork-safe';

interface ForkSafeDocs {
  /** In the `recommended` preset (every rule is in `strict` and `all`). */
  readonly recommended: boolean;
  /** Options the `strict` preset sets, when they differ from the defaults. */
  readonly strictOptions?: readonly unknown[];
}

export type ForkSafeRule<MessageIds extends string = string, Options extends readonly unknown[] = readonly unknown[]> =
  TSESLint.RuleModuleWithMetaDocs<MessageIds, Options, ForkSafeDocs> & { readonly name: string };

interface RuleDefinition<MessageIds extends string, Options extends readonly unknown[]> {
  readonly name: string;
  readonly meta: Omit<TSESLint.RuleMetaData<MessageIds, ForkSafeDocs, Options>, 'docs' | 'defaultOptions'> & {
    readonly docs: ForkSafeDocs & Omit<TSESLint.RuleMetaDataDocs, 'url'>;
    readonly defaultOptions?: Options;
  };
  create(context: Readonly<TSESLint.RuleContext<MessageIds, Options>>): TSESLint.RuleListener;
}

export function ruleDocsUrl(name: string): string {
  return `${REPOSITORY_URL}/blob/main/docs/rules/${name}.md`;
}

export function createRule<MessageIds extends string, Options extends readonly unknown[]>(
  definition: RuleDefinition<MessageIds, Options>,
): ForkSafeRule<MessageIds, Options> {
  return {
    name: definition.name,
    meta: { ...definition.meta, docs: { ...definition.meta.docs, url: ruleDocsUrl(definition.name) } },
    create: definition.create,
  };
}
