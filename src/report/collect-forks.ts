/**
 * The processes and threads a file starts, as plain data: the copies of itself (a
 * self-forking site) and the other files its fork sites run, with the worker counts the
 * source states. The other files come from the same summary the project index keeps
 * (`analysis/file-summary.ts`), read one fork site at a time so each keeps its line.
 */
import type { TSESTree } from '@typescript-eslint/utils';
import type { Facts } from '../analysis/facts.js';
import { forkMethodTargets, trackedTargets, type ForkTarget } from '../analysis/file-summary.js';
import { forkMethodCall } from '../analysis/fork-methods.js';
import type { TrackedNode } from '../analysis/imports.js';
import { FORK_TARGETS } from '../knowledge/index.js';
import { findApiRow } from '../analysis/api-refs.js';
import { callLabel } from '../util/ast.js';
import { realRoot, resolveSource } from '../project/files.js';
import { copiesStarted, countRecord } from './counts.js';
import type { ChildRecord, CopyRecord, Place, Roles } from './records.js';

type Call = TSESTree.CallExpression | TSESTree.NewExpression;

/** Where the fork-site facts of one file are read. */
interface ForkContext {
  readonly facts: Facts;
  readonly file: string;
  /** The project root, as the project index reads the file. */
  readonly root: string;
}

function placeOf(node: { readonly loc: Call["loc"] }, file: string): Place {
  return { file, line: node.loc.start.line, column: node.loc.start.column + 1 };
}


export function copiesOf(facts: Facts, file: string): CopyRecord[] {
  const { roles, sourceCode } = facts;
  const copies: CopyRecord[] = [];
  for (const site of roles.forkSites) {
    if (!site.self) continue;
    const started = copiesStarted(site, roles, sourceCode);
    if (started === 'restart') continue;
    copies.push({
      ...placeOf(site.node, file),
      label: site.label,
      library: site.row.library,
      runsEntry: 'self' in site.row.entry,
      count: countRecord(started),
      roles: roles.roleOf(site.node) as Roles,
    });
  }
  return copies;
}

/** The targets the project index would record for this one fork site. */
function targetsAt(tracked: TrackedNode, context: ForkContext): readonly ForkTarget[] {
  const { sourceCode, values, roles } = context.facts;
  return trackedTargets({ sourceCode, filename: context.file, root: context.root, tracked: [tracked], values, roles });
}

/** The files fork-method calls run (bull's `queue.process(file)`), one record per call. */
function methodChildren(context: ForkContext): ChildRecord[] {
  const { sourceCode, values, roles } = context.facts;
  const input = { sourceCode, filename: context.file, root: context.root, tracked: [], values, roles };
  return values.accesses.flatMap((access) => {
    const found = forkMethodCall(access);
    return found ? childRecords(found.call, forkMethodTargets(input, access), context) : [];
  });
}

function resolvedTarget(target: ForkTarget, root: string): string | undefined {
  const rootReal = realRoot(root);
  for (const candidate of target.candidates) {
    const found = resolveSource(candidate, root, rootReal);
    if (found) return found;
  }
  return undefined;
}

function childRecords(call: Call, targets: readonly ForkTarget[], context: ForkContext): ChildRecord[] {
  const { file, root, facts } = context;
  const base = { ...placeOf(call, file), label: callLabel(call, facts.sourceCode.getText(call.callee)), roles: facts.roles.roleOf(call) as Roles };
  const children: ChildRecord[] = [];
  for (const target of targets) {
    const resolved = resolvedTarget(target, root);
    // Runs this very file: a copy, already counted by copiesOf.
    if (resolved === file) continue;
    children.push({ ...base, runner: target.runner, target: resolved, count: countRecord(target.count) });
  }
  return children;
}

/** A fork site that starts a worker whose file the source does not name in a form the plugin reads. */
function unnamedChild(call: Call, runner: string, context: ForkContext): ChildRecord {
  const { file, facts } = context;
  const label = callLabel(call, facts.sourceCode.getText(call.callee));
  return { ...placeOf(call, file), label, runner, count: { kind: 'unknown' }, roles: facts.roles.roleOf(call) as Roles };
}

export function childrenOf(facts: Facts, file: string, root: string): ChildRecord[] {
  if (!facts.relevant) return [];
  const context: ForkContext = { facts, file, root };
  const sites = new Map(facts.roles.forkSites.map((site) => [site.node as TSESTree.Node, site]));
  const children: ChildRecord[] = [];
  for (const tracked of facts.tracked) {
    const call = tracked.node;
    const row = findApiRow(FORK_TARGETS, tracked);
    if (!row || (call.type !== 'CallExpression' && call.type !== 'NewExpression') || sites.get(call)?.self) continue;
    const targets = targetsAt(tracked, context);
    if (targets.length > 0) children.push(...childRecords(call, targets, context));
    // Only a fork site is sure to start a worker: other rows may be given a function to run in-process (bullmq).
    else if (sites.has(call)) children.push(unnamedChild(call, row.runner, context));
  }
  children.push(...methodChildren(context));
  return children;
}
