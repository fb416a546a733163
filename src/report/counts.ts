/**
 * Counts the report needs that the facts hold but do not expose as such: how many copies a
 * self-forking site starts, and how many tasks a registration runs at once (the option its
 * task carries). Derived with the analysis' own counting helpers (worker-counts).
 */
import type { TSESLint } from '@typescript-eslint/utils';
import { asCount, type Count } from '../analysis/file-summary.js';
import type { ForkSite, Roles } from '../analysis/roles.js';
import { countOf, forkSiteCount, type Instances, type WorkerCount } from '../analysis/worker-counts.js';
import type { TaskFunction } from '../analysis/workers.js';
import { argumentAt } from '../util/ast.js';
import { optionNode } from '../util/options.js';
import type { CountRecord, PerRecord } from './records.js';

type Source = Readonly<TSESLint.SourceCode>;

const UNKNOWN: CountRecord = { kind: 'unknown' };

export function countRecord(count: Count | WorkerCount | undefined): CountRecord {
  return asCount(count) ?? UNKNOWN;
}

/** How many copies one self-forking site starts: the engine's own count ('restart' adds none). */
export function copiesStarted(site: ForkSite, roles: Roles, sourceCode: Source): Instances {
  return forkSiteCount(site, sourceCode, (node) => roles.runsOnce(node));
}

/** A connection made in every task: as many as the tasks in flight, from the registration's concurrency option when its runner has one (bullmq `concurrency`). */
export function tasksInFlight(task: TaskFunction, sourceCode: Source): PerRecord {
  const option = task.concurrencyOption;
  const registration = task.registration;
  if (!option || (registration.type !== 'NewExpression' && registration.type !== 'CallExpression')) {
    return { kind: 'task', task: task.label, inFlight: UNKNOWN };
  }
  const value = optionNode(argumentAt(registration, option.arg), option.name, sourceCode);
  return { kind: 'task', task: task.label, inFlight: countRecord(value ? countOf(value, sourceCode) : undefined), option: option.name };
}
