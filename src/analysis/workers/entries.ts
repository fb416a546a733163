/**
 * Why the file is a worker entry, and what its entries say about how it runs: the file's
 * own signals (`parentPort`, `process.send`) and the entries known from outside it
 * (settings, the project index).
 */
import { EXPORTED_TASK_RUNNERS, PER_RUN_RUNNERS, RUN_ONCE_RUNNERS, type RunnerKind } from '../../knowledge/workers.js';
import type { ExternalEntry, WorkerEntry } from './types.js';

/** The entries known from outside the file, as copies the stage may add to. */
export function externalEntries(external: readonly ExternalEntry[]): WorkerEntry[] {
  return external.map((entry) => ({ ...entry }));
}

const isExternal = (entry: WorkerEntry): boolean => entry.source !== 'in-file';

/**
 * The file runs only in a worker: something outside says so, or it has signals of its own
 * and none that it also runs as the main thread (`isMainThread`).
 */
export function isEntryFile(entries: readonly WorkerEntry[], mainSignal: boolean): boolean {
  return entries.some(isExternal) || (entries.some((entry) => !isExternal(entry)) && !mainSignal);
}

/** A runner starts a new worker for every run of this file (Bree). */
export function runsPerRun(entries: readonly WorkerEntry[]): boolean {
  return entries.some((entry) => isExternal(entry) && PER_RUN_RUNNERS.has(entry.runner));
}

/** The runner whose tasks are this file's exported functions (piscina, tinypool, ...), and which of them, when not all. */
export function exportRunnerOf(entries: readonly WorkerEntry[]): { readonly runner: RunnerKind; readonly only?: ReadonlySet<string> } | undefined {
  const exported = entries.filter((entry) => isExternal(entry) && EXPORTED_TASK_RUNNERS.has(entry.runner));
  if (exported.length === 0) return undefined;
  // A runner that calls every export wins over registrations of some of them.
  const callsAll = exported.find((entry) => !entry.taskExports);
  if (callsAll) return { runner: callsAll.runner };
  return { runner: exported[0]!.runner, only: new Set(exported.flatMap((entry) => entry.taskExports ?? [])) };
}

/** Every runner of the file may run it once, its work its top-level code. */
export function allRunOnce(entries: readonly WorkerEntry[]): boolean {
  return entries.every((entry) => RUN_ONCE_RUNNERS.has(entry.runner));
}

/**
 * Every fork site found elsewhere that runs this file ends the worker from a listener of
 * its messages (and there is one): its run ends when it reports, connections and all.
 * An entry from settings says nothing of the parent, so it never counts.
 */
export function endedByParent(entries: readonly WorkerEntry[]): boolean {
  const external = entries.filter(isExternal);
  return external.length > 0 && external.every((entry) => entry.endedOnMessage === true);
}

/** The entry that runs this module afresh for every task (tinypool `isolateWorkers`). */
export function freshPerTaskEntry(entries: readonly WorkerEntry[]): WorkerEntry | undefined {
  return entries.find((entry) => entry.isolate);
}
