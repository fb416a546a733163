/**
 * Stage 3b: what the file is to a worker runner. Whether it is a worker entry (from its
 * own signals, from settings, or later from the project index), its task functions,
 * its shutdown hooks, whether it is a run-once worker, and which calls end it.
 *
 * The parts, in the order they run (src/analysis/workers/):
 * registrations (entries, tasks, message handlers, hooks, exits) → run-once (which message
 * handlers are tasks, whether the top-level code is the work) → exported tasks → the
 * queries over the result (roles, the work code runs in, shutdown branches, ends-on-every-path).
 */
import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import type { TrackedNode } from './imports.js';
import type { Values } from './values.js';
import { endedByParent, exportRunnerOf, freshPerTaskEntry, isEntryFile, runsPerRun } from './workers/entries.js';
import { endsOnEveryPath, type ExitContext } from './workers/exits.js';
import { collectExportedTasks } from './workers/exported-tasks.js';
import { collectRegistrations } from './workers/registrations.js';
import { roleOf, type RoleContext } from './workers/roles.js';
import { runsOnceAtTopLevel, splitMessageHandlers } from './workers/run-once.js';
import { inInitBranch, inShutdownBranch } from './workers/shutdown-branch.js';
import type { ExternalEntry, Workers } from './workers/types.js';
import { taskOf, workOf, type WorkContext } from './workers/work.js';

export type { ExternalEntry, MessageHandler, Role, TaskFunction, Work, WorkerEntry, Workers } from './workers/types.js';

interface WorkersInput {
  readonly sourceCode: Readonly<TSESLint.SourceCode>;
  readonly tracked: readonly TrackedNode[];
  readonly values: Values;
  readonly external: readonly ExternalEntry[];
}

export function analyzeWorkers(input: WorkersInput): Workers {
  const { sourceCode } = input;
  const program = sourceCode.ast as TSESTree.Program;
  const found = collectRegistrations(input);
  const { entries, tasks, hooks, exitCalls } = found;
  const exits: ExitContext = { exitCalls, visitorKeys: sourceCode.visitorKeys };
  // A message handler is a task, unless the worker ends after it (once, or an exit on every
  // path), or the runner starts a new worker for every run (Bree).
  const perRun = runsPerRun(entries);
  const runOnceHandlers = splitMessageHandlers(found.messageHandlers, tasks, perRun, exits);
  const exportsSomething = collectExportedTasks(tasks, program, exportRunnerOf(entries), sourceCode);
  const isEntry = isEntryFile(entries, found.mainSignal);
  const runOnceTopLevel = runsOnceAtTopLevel({
    isEntry, entries, taskCount: tasks.list.length, exportsSomething, handlers: found.messageHandlers, runOnceHandlers, perRun, program, exits,
  });
  const roles: RoleContext = { hooks, taskByNode: tasks.byNode, runOnceHandlers, sourceCode };
  const work: WorkContext = { roles, program, runOnceTopLevel, helperWork: new Map() };
  return {
    entries,
    isEntry,
    freshPerTask: freshPerTaskEntry(entries),
    tasks: tasks.list,
    hooks: [...hooks],
    runOnceHandlers: [...runOnceHandlers],
    messageHandlers: found.messageHandlers,
    runOnceTopLevel,
    exitCalls,
    roleOf: (node) => roleOf(roles, node),
    taskOf: (node) => taskOf(work, node),
    workOf: (node) => workOf(work, node),
    inShutdownBranch: (node, task) => inShutdownBranch(node, task, sourceCode),
    inInitBranch: (node, task) => inInitBranch(node, task, sourceCode),
    endsOnEveryPath: (body) => endsOnEveryPath(body, exits),
    runEnds: (work) => endedByParent(entries) || endsOnEveryPath(work, exits),
  };
}
