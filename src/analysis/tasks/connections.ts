/**
 * Findings of `no-connection-per-task`: a connection made for every task (in the task,
 * or at the top of a module loaded afresh per task) that is a whole pool, or that the
 * task opens and does not close on every path; and a run-once worker's connection that
 * is left open when its work is done.
 */
import type { TSESTree } from '@typescript-eslint/utils';
import type { ConnectionFacts } from '../../knowledge/index.js';
import { isAncestor, skipValueWrappers, type Node } from '../../util/ast.js';
import { shorten } from '../../util/text.js';
import { enclosingFunction } from '../functions.js';
import { accessKind, isQuery, opensAtCreation } from '../lifecycle.js';
import type { Access, Origin } from '../values.js';
import type { Role, TaskFunction, Work } from '../workers.js';
import { callbackCloses } from './callback-closes.js';
import { bindingsOf, referencesOf, type TaskContext } from './context.js';
import { hoistOf } from './hoist.js';
import { helperCloses } from './helper-closes.js';
import { lazilyKept } from './holders.js';
import { escapes } from './escapes.js';
import { endsAround, keptByHelper, madeInHelper, makerOf } from './helpers.js';
import { accessesOf, creation, declaredInside } from './ownership.js';
import { closedOnEveryPath } from './paths.js';
import { settlingCalls } from './settling.js';
import type { TaskConnection } from './types.js';

const MAX_NAME = 40;

/** A connection a factory makes here, with what the findings ask about it. */
interface Made {
  readonly origin: Origin;
  readonly facts: ConnectionFacts;
  readonly role: Role | undefined;
  /** The task or run-once work it is made for, directly or through helpers. */
  readonly work: Work | undefined;
  /** How reports name it: its first holder, else the factory call as written. */
  readonly name: string;
  readonly accesses: readonly Access[];
  /** A holder hands it to code the analysis does not follow. */
  readonly escaped: boolean;
  readonly closeCalls: readonly TSESTree.CallExpression[];
}

export function taskConnections(context: TaskContext): TaskConnection[] {
  const connections: TaskConnection[] = [];
  const seen = new Set<Node>();
  for (const site of context.values.sites) {
    const origin = site.origin;
    if (site.node !== origin.node || seen.has(origin.node)) continue;
    seen.add(origin.node);
    const made = madeHere(context, origin);
    const finding = made && connectionFinding(context, made);
    if (finding) connections.push(finding);
  }
  return connections;
}

/** The call that made a borrower is given the connection: by a holder (`new Producer(client)`) or made in place (`new Producer(new KafkaClient())`). */
function givenOneOf(node: Node, given: ReadonlySet<Node>): boolean {
  return (node.type === 'NewExpression' || node.type === 'CallExpression') && node.arguments.some((arg) => given.has(skipValueWrappers(arg)));
}

/** The closes of what borrows this connection: closing a kafka-node producer closes the client it was given. */
function borrowerCloses(context: TaskContext, origin: Origin): Access[] {
  const given = new Set<Node>([...referencesOf(context, origin), origin.node]);
  const borrowers = new Set<Origin>();
  for (const site of context.values.sites) {
    if (site.node === site.origin.node && site.entity.connection?.borrowsConnection && givenOneOf(site.node, given)) borrowers.add(site.origin);
  }
  if (borrowers.size === 0) return [];
  return context.values.accesses.filter((access) => borrowers.has(access.site.origin) && access.call && accessKind(access) === 'close');
}

/** The connection `origin` makes, when it is a new one (not a checkout, not the module's own). */
function madeHere(context: TaskContext, origin: Origin): Made | undefined {
  const facts = origin.entity.connection;
  if (!facts || facts.checkedOut) return undefined;
  const created = creation(context, origin);
  if (!created?.fresh || created.node !== origin.node) return undefined;
  const role = context.workers.roleOf(origin.node);
  const work = context.workers.workOf(origin.node);
  const bindingName = bindingsOf(context, origin)[0]?.name ?? context.sourceCode.getText(origin.node);
  const name = shorten(bindingName, MAX_NAME);
  const accesses = [...accessesOf(context, created), ...borrowerCloses(context, origin)];
  const escaped = referencesOf(context, origin).some((reference) => escapes(context, reference));
  const closeCalls = accesses.filter((access) => accessKind(access) === 'close').map((access) => access.call!);
  return { origin, facts, role, work, name, accesses, escaped, closeCalls };
}

function connectionFinding(context: TaskContext, made: Made): TaskConnection | undefined {
  if (keptByHelper(context, made.origin, made.work)) return undefined;
  if (made.work?.kind === 'task') return perTaskFinding(context, made, made.work.task);
  // A module loaded afresh for every task (tinypool `isolateWorkers`): its connections are too.
  const fresh = context.workers.freshPerTask;
  if (fresh && !made.role && !enclosingFunction(made.origin.node)) return freshPerTaskFinding(context, made, fresh.site);
  return runOnceFinding(context, made);
}

/** Made in the task (or a helper only tasks call): a pool per task, or a client the task opens and may leave open. */
function perTaskFinding(context: TaskContext, made: Made, task: TaskFunction): TaskConnection | undefined {
  const { origin, facts, name, accesses, escaped } = made;
  const { sourceCode } = context;
  const scope = makerOf(origin.node, task) ?? task.node;
  if (lazilyKept(context, origin.node, scope) || escapes(context, origin.node) || madeOncePerWorker(context, made, task)) return undefined;
  if (facts.kind === 'pool') {
    if (escaped) return undefined;
    // Closed on every path, it leaks nothing, but every task still builds a whole pool.
    const kind = closedEverywhere(context, made, true) ? 'closed-pool-per-task' : 'pool-per-task';
    return { kind, node: origin.node, name, entity: origin.entity, madeIn: origin.api?.madeIn, task, hoist: hoistOf(context, origin.node, task, accesses) };
  }
  const inTask = (counts: (access: Access) => boolean): boolean =>
    accesses.some((access) => counts(access) && (isAncestor(task.node, access.node) || isAncestor(scope, access.node)));
  // A lazy client that needs no connect step (mysql) opens on its first query, not on reading a property.
  const opens = opensAtCreation(origin, sourceCode) || inTask((access) => accessKind(access) === 'connect') || (!facts.requiresConnect && !facts.borrowsConnection && inTask(isQuery));
  if (!opens || escaped) return undefined;
  if (closedEverywhere(context, made, true)) return undefined;
  return { kind: 'client-per-task', node: origin.node, name, entity: origin.entity, madeIn: origin.api?.madeIn, task, hoist: hoistOf(context, origin.node, task, accesses) };
}

/** Made at the top of a module that every task loads afresh, opened, and not closed by a task. */
function freshPerTaskFinding(context: TaskContext, made: Made, site: string | undefined): TaskConnection | undefined {
  const { origin, name, accesses, escaped } = made;
  const taskUses = accesses.filter((access) => context.workers.taskOf(access.node));
  const opens = opensAtCreation(origin, context.sourceCode) || taskUses.some((access) => ['use', 'connect'].includes(accessKind(access)));
  if (!opens || taskUses.some((access) => accessKind(access) === 'close') || escaped) return undefined;
  return { kind: 'fresh-per-task', node: origin.node, name, entity: origin.entity, site };
}

/** A run-once worker (its top-level code, or a handler after which it ends; also through helpers) that leaves the connection open. */
function runOnceFinding(context: TaskContext, made: Made): TaskConnection | undefined {
  const { origin, facts, name, accesses, escaped } = made;
  const { sourceCode, workers } = context;
  const run = made.work?.kind === 'run-once' ? made.work : undefined;
  if (!run || workers.runEnds(run.work) || escaped || escapes(context, origin.node)) return undefined;
  if (madeInHelper(context, origin.node, run) && endsAround(context, makerOf(origin.node))) return undefined;
  const opens =
    opensAtCreation(origin, sourceCode) ||
    accesses.some((access) => accessKind(access) === 'connect') ||
    // A pool that keeps idle connections, opened by a query (not by reading a property of it or of a handle).
    (facts.closesIdle === false && accesses.some(isQuery));
  if (!opens || closedEverywhere(context, made, false)) return undefined;
  return { kind: 'run-once-leak', node: origin.node, name, entity: origin.entity, madeIn: origin.api?.madeIn };
}

/**
 * Closed on every path of the code that made it, counting closes in the callbacks that
 * settle it and calls of same-file helpers that close it.
 */
function closedEverywhere(context: TaskContext, made: Made, withErrors: boolean): boolean {
  const { sourceCode } = context;
  const { origin } = made;
  if (made.closeCalls.length === 0) return closedOnEveryPath(sourceCode, origin.node, [], withErrors);
  const helpers = helperCloses(sourceCode, made.closeCalls);
  const closes = [...made.closeCalls, ...helpers.calls];
  const settledBy = callbackCloses(sourceCode, closes, settlingCalls(context, origin), enclosingFunction(origin.node), helpers.helpers);
  return closedOnEveryPath(sourceCode, origin.node, closes, withErrors, settledBy);
}

/**
 * Made in a branch for a setup command (`if (msg.type === 'init') pool = createPool(…)`)
 * and kept in a holder outside the task: a worker is set up once, so it has one.
 */
function madeOncePerWorker(context: TaskContext, made: Made, task: TaskFunction): boolean {
  if (!isAncestor(task.node, made.origin.node) || !context.workers.inInitBranch(made.origin.node, task)) return false;
  return bindingsOf(context, made.origin).some((binding) => !declaredInside(binding, task.node));
}
