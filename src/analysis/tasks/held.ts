/**
 * Held connections (a library's default connection, a project module's own) in tasks and
 * run-once work. They are one per worker by construction, so no task makes one; but a
 * task that runs the connect step and closes it again each time builds the whole pool for
 * every task, and a run-once worker that opens one (a connect step, loading a module that
 * connects, or the first query of a lazy pool) and leaves it open never ends.
 */
import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import { holderLabel, type ConnectionFacts } from '../../knowledge/index.js';
import { callLabel, type Node } from '../../util/ast.js';
import { accessKind, isQuery } from '../lifecycle.js';
import type { Access, Origin } from '../values.js';
import type { TaskFunction } from '../workers.js';
import type { TaskContext } from './context.js';
import { closedOnEveryPath } from './paths.js';
import type { TaskConnection } from './types.js';

type Source = Readonly<TSESLint.SourceCode>;

/** A held connection and what this file does to it, directly or through what it hands out. */
interface Held {
  readonly origin: Origin;
  readonly facts: ConnectionFacts;
  readonly accesses: readonly Access[];
}

export function heldConnections(context: TaskContext): TaskConnection[] {
  const found: TaskConnection[] = [];
  for (const origin of context.values.held) {
    const facts = origin.entity.connection;
    if (!facts) continue;
    const held: Held = { origin, facts, accesses: context.values.accesses.filter((access) => reaches(access.site.origin, origin)) };
    found.push(...reconnectsPerTask(context, held));
    const leak = runOnceLeak(context, held);
    if (leak) found.push(leak);
  }
  return found;
}

function reaches(origin: Origin | undefined, held: Origin): boolean {
  for (let current = origin; current; current = current.from) if (current === held) return true;
  return false;
}

function steps(held: Held, kind: 'connect' | 'close'): Access[] {
  return held.accesses.filter((access) => access.call && access.site.origin === held.origin && accessKind(access) === kind);
}

function label(call: TSESTree.CallExpression, sourceCode: Source): string {
  return callLabel(call, sourceCode.getText(call.callee));
}

/** How reports name it: the holder at `node`, else the one this file declares, else by its holder (`mongoose`, `pool`). */
function nameAt(context: TaskContext, held: Held, access: Access | undefined): string {
  const binding = access?.site.binding ?? context.values.bindings.find((candidate) => candidate.origin === held.origin);
  return binding?.name ?? holderLabel(held.origin.held!.holder);
}

/** `await connectDB()` … `await closeDB()` in one task: a whole pool built and torn down for every task. */
function reconnectsPerTask(context: TaskContext, held: Held): TaskConnection[] {
  const { workers, sourceCode } = context;
  if (held.facts.kind !== 'pool' || workers.freshPerTask) return [];
  const closes = steps(held, 'close');
  const found: TaskConnection[] = [];
  const reported = new Set<TaskFunction>();
  for (const connect of steps(held, 'connect')) {
    const task = workers.taskOf(connect.call!);
    if (!task || reported.has(task)) continue;
    const close = closes.find((candidate) => candidate.node.range[0] > connect.node.range[0] && workers.taskOf(candidate.call!) === task && !workers.inShutdownBranch(candidate.call!, task));
    if (!close) continue;
    reported.add(task);
    found.push({
      kind: 'reconnect-per-task', node: connect.call!, name: nameAt(context, held, connect), entity: held.origin.entity, task,
      steps: { connect: label(connect.call!, sourceCode), close: label(close.call!, sourceCode) }, held: held.origin.held,
    });
  }
  return found;
}

/**
 * Where run-once work opens it: a connect step, the first query of a pool that keeps idle
 * connections (not of one that waits for its connect step: mongoose buffers the query), or
 * loading it connected.
 */
function opening(context: TaskContext, held: Held): { node: Node; access?: Access; how: 'connect' | 'query' | 'load' } | undefined {
  const opensByQuery = held.facts.closesIdle === false && !held.facts.requiresConnect;
  const opener = held.accesses.find((access) => accessKind(access) === 'connect' || (opensByQuery && isQuery(access)));
  if (held.origin.held?.opensOnLoad && (!opener || held.origin.node.range[0] < opener.node.range[0])) return { node: held.origin.node, how: 'load' };
  if (!opener) return undefined;
  return { node: opener.call ?? opener.node, access: opener, how: accessKind(opener) === 'connect' ? 'connect' : 'query' };
}

/** Opened by a run-once worker (its top-level code, or a handler after which it ends) and not closed on every path. */
function runOnceLeak(context: TaskContext, held: Held): TaskConnection | undefined {
  const { workers, sourceCode, program } = context;
  const opened = opening(context, held);
  if (!opened) return undefined;
  const role = workers.roleOf(opened.node);
  // Held by the worker's module, it is the run's wherever the run's own code opens it (a helper its top level calls).
  const work = role?.kind === 'run-once' ? role.work : !role && workers.runOnceTopLevel ? program : undefined;
  if (!work || workers.runEnds(work)) return undefined;
  const closes = steps(held, 'close').map((access) => access.call!);
  if (closedOnEveryPath(sourceCode, opened.node, closes, false)) return undefined;
  const opener = opened.access?.call && opened.how === 'connect' ? label(opened.access.call, sourceCode) : undefined;
  return {
    kind: 'held-run-once-leak', node: opened.node, name: nameAt(context, held, opened.access), entity: held.origin.entity,
    opened: opened.how, opener, held: held.origin.held,
  };
}
