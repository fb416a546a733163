/**
 * Fork sites: the calls that start another process or thread, and the fork APIs handed to
 * other code that calls them (`os.cpus().forEach(cluster.fork)`); whether each runs this
 * very module again (then the module has roles), and the functions a fork call runs in one
 * role (`throng({ worker, master })`).
 */
import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import { ENTRY_OVERRIDES, ENTRY_SCRIPT_READS, FORK_REFERENCES, FORK_SITES } from '../../knowledge/forks.js';
import type { EntryOverrideRow, EntryScriptRow, ForkRole, ForkSiteRow } from '../../knowledge/index.js';
import { argumentAt, callLabel, isFunction, outermostValue, skipTypeWrappers, type FunctionNode, type Node } from '../../util/ast.js';
import { optionNode } from '../../util/options.js';
import { constantInit, variableOf } from '../../util/variables.js';
import { findApiRow, isApi, sameApi } from '../api-refs.js';
import type { TrackedNode } from '../imports.js';
import { namesOwnFile } from '../static-paths.js';
import { valueReads } from '../tracked-reads.js';

type Call = TSESTree.CallExpression | TSESTree.NewExpression;
type SourceCode = Readonly<TSESLint.SourceCode>;

/** A fork API read as a value and handed to a call: `cluster.fork` in `setTimeout(cluster.fork)`. */
type ForkReference = TSESTree.Identifier | TSESTree.MemberExpression;

interface SiteFacts {
  readonly row: ForkSiteRow;
  /** It runs this very module again. */
  readonly self: boolean;
  /** How reports name it: `cluster.fork()`, `new Worker()`, `cluster.fork` (handed over). */
  readonly label: string;
}

/** A fork call as written, or a fork API handed to other code that calls it; the site is then the reference. */
export type ForkSite = SiteFacts & ({ readonly node: Call; readonly reference?: undefined } | { readonly node: ForkReference; readonly reference: true });

/** A function a fork call runs in one role, and that call. */
export interface GivenRole {
  readonly role: ForkRole;
  readonly call: Call;
}

interface ForkSiteFacts {
  /** Every fork site of the file, whatever it runs. */
  readonly forkSites: readonly ForkSite[];
  readonly roleFunctions: ReadonlyMap<Node, GivenRole>;
}

/** What decides whether a fork site runs this module, gathered once for the file. */
interface SelfContext {
  readonly sourceCode: SourceCode;
  /** Entry overrides the file calls with their option set (`cluster.setupPrimary({ exec })`). */
  readonly overrides: readonly EntryOverrideRow[];
  /** Reads of `process.argv` and of its aliases, with their row. */
  readonly entryScriptReads: ReadonlyMap<Node, EntryScriptRow>;
}

function activeOverrides(tracked: readonly TrackedNode[], sourceCode: SourceCode): EntryOverrideRow[] {
  return ENTRY_OVERRIDES.filter((row) =>
    tracked.some((node) => isApi(node, row) && optionNode(argumentAt(node.node as Call, row.arg), row.option, sourceCode)),
  );
}

function findEntryScriptReads(tracked: readonly TrackedNode[], sourceCode: SourceCode): Map<Node, EntryScriptRow> {
  const reads = new Map<Node, EntryScriptRow>();
  for (const node of tracked) {
    const row = findApiRow(ENTRY_SCRIPT_READS, node);
    if (!row) continue;
    for (const read of valueReads(node, sourceCode)) reads.set(read, row);
  }
  return reads;
}

/** `process.argv[1]`, or a constant holding it: the script the process was started with. */
function isEntryScript(expression: Node | undefined, context: SelfContext, depth = 0): boolean {
  if (!expression || depth > 4) return false;
  const node = skipTypeWrappers(expression);
  if (node.type === 'Identifier') return isEntryScript(constantInit(node, context.sourceCode), context, depth + 1);
  if (node.type !== 'MemberExpression' || !node.computed || node.property.type !== 'Literal') return false;
  const row = context.entryScriptReads.get(skipTypeWrappers(node.object));
  return row !== undefined && node.property.value === row.index;
}

/** The path or URL a fork site is given names this module. */
function isSelfPath(expression: Node | undefined, row: ForkSiteRow, context: SelfContext): boolean {
  if (namesOwnFile(expression, context.sourceCode)) return true;
  return row.selfArgs?.includes('entryScript') === true && isEntryScript(expression, context);
}

function runsSelf(call: Call, row: ForkSiteRow, context: SelfContext): boolean {
  if (redirected(row, context)) return false;
  if ('self' in row.entry) return true;
  const arg = argumentAt(call, row.entry.arg);
  return isSelfPath(row.entry.option ? optionNode(arg, row.entry.option, context.sourceCode) : arg, row, context);
}

/** The function a value is: written in place, or a function declared once under that name. */
function resolveFunction(value: Node | undefined, sourceCode: SourceCode): FunctionNode | undefined {
  if (!value) return undefined;
  const node = skipTypeWrappers(value);
  if (isFunction(node)) return node;
  if (node.type !== 'Identifier') return undefined;
  const variable = variableOf(node, sourceCode);
  const def = variable?.defs.length === 1 ? (variable.defs[0]!.node as Node) : undefined;
  if (def?.type === 'FunctionDeclaration') return def;
  if (def?.type === 'VariableDeclarator' && def.init && isFunction(def.init)) return def.init;
  return undefined;
}

/** The first fork call that hands a function a role gives it that role. */
function addRoleFunctions(call: Call, row: ForkSiteRow, sourceCode: SourceCode, into: Map<Node, GivenRole>): void {
  for (const roleFunction of row.roleFunctions ?? []) {
    const arg = argumentAt(call, roleFunction.arg);
    const fn = resolveFunction(roleFunction.option ? optionNode(arg, roleFunction.option, sourceCode) : arg, sourceCode);
    if (fn && !into.has(fn)) into.set(fn, { role: roleFunction.role, call });
  }
}

/** Overridden by an entry override of the file (`cluster.setupPrimary({ exec })`): it runs another file. */
function redirected(row: ForkSiteRow, context: SelfContext): boolean {
  return context.overrides.some((override) => override.redirects.some((site) => sameApi(site, row)));
}

/** The reads of a tracked fork API value that are arguments of a call: `forEach(cluster.fork)`, `setTimeout(fork)`. */
function handedReferences(node: TrackedNode, sourceCode: SourceCode): ForkReference[] {
  return valueReads(node, sourceCode).filter((read): read is ForkReference => {
    if (read.type !== 'Identifier' && read.type !== 'MemberExpression') return false;
    const value = outermostValue(read);
    const holder = value.parent;
    return (holder?.type === 'CallExpression' || holder?.type === 'NewExpression') && (holder.arguments as readonly Node[]).includes(value);
  });
}

/** Fork APIs that work as plain functions (FORK_REFERENCES), where the file hands them to other code. */
function referenceSites(tracked: readonly TrackedNode[], context: SelfContext): ForkSite[] {
  const sites: ForkSite[] = [];
  for (const node of tracked) {
    const ref = node.type === 'read' ? FORK_REFERENCES.find((candidate) => isApi(node, { ...candidate, via: 'read' })) : undefined;
    const row = ref && FORK_SITES.find((candidate) => sameApi(candidate, ref));
    // Only a site that always runs this module tells the same without its arguments.
    if (!row || !('self' in row.entry)) continue;
    const self = !redirected(row, context);
    for (const read of handedReferences(node, context.sourceCode)) {
      sites.push({ node: read, reference: true, row, self, label: context.sourceCode.getText(read).replace(/\s+/g, '') });
    }
  }
  return sites;
}

/** The fork row of a tracked node: the library's, or what its own row says (a project module's fork helper). */
function forkSiteRow(node: TrackedNode): ForkSiteRow | undefined {
  const { api, module } = node;
  if (api.forks) return { library: module.library, path: api.path, via: 'call', ...api.forks };
  return findApiRow(FORK_SITES, node);
}

export function findForkSites(tracked: readonly TrackedNode[], sourceCode: SourceCode): ForkSiteFacts {
  const context: SelfContext = {
    sourceCode,
    overrides: activeOverrides(tracked, sourceCode),
    entryScriptReads: findEntryScriptReads(tracked, sourceCode),
  };
  const forkSites: ForkSite[] = [];
  const roleFunctions = new Map<Node, GivenRole>();
  for (const node of tracked) {
    const row = forkSiteRow(node);
    const call = node.node;
    if (!row || (call.type !== 'CallExpression' && call.type !== 'NewExpression')) continue;
    forkSites.push({ node: call, row, self: runsSelf(call, row, context), label: callLabel(call, sourceCode.getText(call.callee)) });
    addRoleFunctions(call, row, sourceCode, roleFunctions);
  }
  forkSites.push(...referenceSites(tracked, context));
  return { forkSites, roleFunctions };
}
