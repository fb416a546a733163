/**
 * The report's private plugin: one rule, added to every linted file on top of the
 * user's own configuration, that reads the plugin's facts of the file (the same shared
 * analysis the rules read, with the user's parser and settings) and keeps a plain-data
 * record of it. It reports nothing.
 */
import type { TSESLint } from '@typescript-eslint/utils';
import { projectRoot } from '../project/files.js';
import { getFacts, type Facts } from '../project/get-facts.js';
import { connectionsOf } from './collect-connections.js';
import { childrenOf, copiesOf } from './collect-forks.js';
import { connectingImportsOf, loadsOf } from './collect-loads.js';
import type { FileRecord } from './records.js';

const COLLECTOR_PLUGIN = 'fork-safe-report';
const COLLECTOR_RULE = `${COLLECTOR_PLUGIN}/collect`;

type AnyContext = Parameters<typeof getFacts>[0];

/** Where the records go, one per file, as ESLint lints them. */
export interface RecordStore {
  readonly records: Map<string, FileRecord>;
  /** Called after each new file, with the number of files read so far. */
  readonly onFile?: (count: number) => void;
}

function recordOf(facts: Facts, file: string, cwd: string): FileRecord {
  const root = projectRoot(file) ?? cwd;
  return {
    file,
    selfForking: facts.relevant && facts.roles.selfForking,
    connections: connectionsOf(facts, file),
    copies: facts.relevant ? copiesOf(facts, file) : [],
    children: childrenOf(facts, file, root),
    loads: loadsOf(facts, file, root),
    connectingImports: facts.relevant ? connectingImportsOf(facts, root) : [],
  };
}

function collectRule(store: RecordStore): TSESLint.RuleModule<never, []> {
  return {
    meta: { type: 'suggestion', docs: { description: 'Collects the facts of fork-safe report' }, schema: [], messages: {} },
    defaultOptions: [],
    create(context) {
      const { filename, physicalFilename, cwd } = context;
      // A code block in a Markdown file is no module of the deployment; a JSON or CSS file has no program.
      if (filename !== physicalFilename || context.sourceCode.ast?.type !== 'Program') return {};
      const isNew = !store.records.has(filename);
      store.records.set(filename, recordOf(getFacts(context as AnyContext), filename, cwd));
      if (isNew) store.onFile?.(store.records.size);
      return {};
    },
  };
}

/** The flat-config object that adds the collector to every file, after the user's configuration. */
export function collectorConfig(store: RecordStore): Record<string, unknown> {
  return {
    name: 'fork-safe-report/collector',
    plugins: { [COLLECTOR_PLUGIN]: { meta: { name: COLLECTOR_PLUGIN }, rules: { collect: collectRule(store) } } },
    rules: { [COLLECTOR_RULE]: 'warn' },
  };
}
