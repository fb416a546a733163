/**
 * The per-file facts every rule reads. Built at most once per file (keyed by its Program
 * node) and only as far as a rule asks: a file that names no tracked module stops at the
 * first, text-only check.
 */
import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import { knowledgeFor, type Knowledge } from '../knowledge/index.js';
import { readSettings } from '../settings.js';
import { mentionsTrackedModule, trackImports, type TrackedNode } from './imports.js';
import { findTransfers, type Transfer } from './transfers.js';
import { analyzeValues, type Values } from './values.js';

export interface Facts {
  /** False when the file names no tracked module: nothing else is computed. */
  readonly relevant: boolean;
  readonly knowledge: Knowledge;
  readonly sourceCode: Readonly<TSESLint.SourceCode>;
  readonly tracked: readonly TrackedNode[];
  readonly values: Values;
  readonly transfers: readonly Transfer[];
}

type AnyContext = Readonly<TSESLint.RuleContext<string, readonly unknown[]>>;

const cache = new WeakMap<TSESTree.Program, Facts>();

class FileFacts implements Facts {
  readonly relevant: boolean;
  readonly knowledge: Knowledge;
  readonly sourceCode: Readonly<TSESLint.SourceCode>;
  private readonly filename: string;
  private readonly cwd: string;
  private trackedCache?: TrackedNode[];
  private valuesCache?: Values;
  private transfersCache?: Transfer[];

  constructor(context: AnyContext) {
    this.sourceCode = context.sourceCode;
    this.filename = context.filename;
    this.cwd = context.cwd;
    this.knowledge = knowledgeFor(readSettings(context.settings).connections);
    this.relevant = mentionsTrackedModule(this.input());
  }

  private input() {
    return { sourceCode: this.sourceCode, filename: this.filename, cwd: this.cwd, knowledge: this.knowledge };
  }

  get tracked(): readonly TrackedNode[] {
    this.trackedCache ??= this.relevant ? trackImports(this.input()) : [];
    return this.trackedCache;
  }

  get values(): Values {
    this.valuesCache ??= analyzeValues({ sourceCode: this.sourceCode, knowledge: this.knowledge, tracked: this.tracked });
    return this.valuesCache;
  }

  get transfers(): readonly Transfer[] {
    this.transfersCache ??= findTransfers({ sourceCode: this.sourceCode, tracked: this.tracked, values: this.values });
    return this.transfersCache;
  }
}

/** The shared facts of the file being linted. Throws a clear error on bad settings. */
export function getFacts(context: AnyContext): Facts {
  const program = context.sourceCode.ast as TSESTree.Program;
  let facts = cache.get(program);
  if (!facts) {
    facts = new FileFacts(context);
    cache.set(program, facts);
  }
  return facts;
}
