/**
 * Which module rows give code a role: the fork APIs, runners, worker modules and job
 * schedulers, whose calls start processes and threads, run code as their tasks, or carry
 * values across to them. Code that names none of them, in a file no other file starts,
 * runs as plain code in whatever process loads it: no rule has anything to report there.
 */
import { FORK_TARGET_MODULES } from './fork-targets.js';
import { ENTRY_SCRIPT_READS, FORK_MODULES, MARKER_READS, PROCESS_EXITS } from './forks.js';
import { BUILTIN_KNOWLEDGE, type Knowledge } from './index.js';
import { RUNNER_MODULES } from './runners.js';
import type { ApiRow, ModuleRow } from './types.js';
import { LISTENER_REGISTRATIONS } from './emitters.js';
import { WORKER_APIS, WORKER_MODULES, workerApiKey } from './workers.js';

const ROLE_MODULES: readonly ModuleRow[] = [...RUNNER_MODULES, ...WORKER_MODULES, ...FORK_MODULES, ...FORK_TARGET_MODULES];

/** Their specifiers (`cluster`, `piscina`, `threads/worker`). */
export const ROLE_SPECIFIERS: ReadonlySet<string> = new Set(ROLE_MODULES.flatMap((row) => row.specifiers));

/** Their libraries: also the library of a row that re-exports one from a project module. */
const ROLE_LIBRARIES: ReadonlySet<string> = new Set(ROLE_MODULES.map((row) => row.library));

/**
 * APIs of those libraries that mean something only beside a fork site of the file or in a
 * file another one starts, and both are asked on their own: what a parent hands its child
 * (`process.env`, `process.argv`) and the calls that end a process (`process.exit()`).
 */
const ONLY_BESIDE_A_ROLE: ReadonlySet<string> = new Set([
  ...[...MARKER_READS, ...ENTRY_SCRIPT_READS, ...PROCESS_EXITS].map((row) => workerApiKey(row.library, row.path)),
  ...Object.entries(WORKER_APIS).flatMap(([key, api]) => (api.exits === true ? [key] : [])),
]);

/**
 * An entity is, or leads to, an object of a role library or one that carries values to
 * workers: a bullmq queue a project module exports is a connection whose `add()` is a sink.
 */
function entityGivesRole(id: string | undefined, knowledge: Knowledge, seen = new Set<string>()): boolean {
  if (id === undefined || seen.has(id)) return false;
  seen.add(id);
  const entity = knowledge.entities.get(id);
  if (!entity) return false;
  if (ROLE_LIBRARIES.has(entity.library) || entity.sinks !== undefined || entity.proxySink !== undefined) return true;
  const next = [...Object.values(entity.handsOut ?? {}), ...Object.values(entity.properties ?? {}), entity.callable, ...Object.values(entity.callbacks ?? {}).map((callback) => callback.entity)];
  return next.some((other) => entityGivesRole(other, knowledge, seen));
}

/**
 * A tracked API of `module` gives its code a role: a role library's API, a project
 * module's fork helper, or an API that yields an object of the kind above.
 */
export function givesRole(module: ModuleRow, api: ApiRow, knowledge: Knowledge): boolean {
  if (ONLY_BESIDE_A_ROLE.has(workerApiKey(module.library, api.path))) return false;
  if (ROLE_LIBRARIES.has(module.library) || api.forks !== undefined || api.sink !== undefined || api.optionSink !== undefined) return true;
  return [api.produces, api.producesElements, api.callback?.entity].some((id) => entityGivesRole(id, knowledge));
}

const rowAnswers = new WeakMap<ModuleRow, boolean>();

/**
 * Some API of `row` gives a role. Kept per row: a row names entities of the knowledge it
 * was made with, and the rows a project module's exports make are shared by its importers.
 */
export function rowGivesRole(row: ModuleRow, knowledge: Knowledge): boolean {
  let answer = rowAnswers.get(row);
  if (answer === undefined) {
    answer = row.apis.some((api) => givesRole(row, api, knowledge));
    rowAnswers.set(row, answer);
  }
  return answer;
}

const roleEvents = new Map<string, ReadonlySet<string> | undefined>();

/**
 * For an API that registers listeners itself (`process.on`), the events whose listeners
 * are a worker's tasks (a message handler); undefined for other APIs. A listener for any
 * other event gives no role: `uncaughtException` means nothing to the rows, and a shutdown
 * hook (`SIGTERM`, `exit`, `disconnect`) means something only in a file another one starts
 * or beside a fork site of the file, and both are asked on their own.
 */
export function roleEventsOf(library: string, path: readonly string[]): ReadonlySet<string> | undefined {
  const key = workerApiKey(library, path);
  if (!roleEvents.has(key)) {
    const events = LISTENER_REGISTRATIONS.has(path.at(-1) ?? '') ? WORKER_APIS[key]?.events : undefined;
    roleEvents.set(key, events && new Set(Object.entries(events).flatMap(([event, role]) => (role === 'task' ? [event] : []))));
  }
  return roleEvents.get(key);
}

/** An API under a global that gives a role, with the events that matter when it registers listeners. */
export interface RoleGlobalApi {
  readonly path: readonly string[];
  readonly events?: ReadonlySet<string>;
}

/** The APIs under each global (`process`) that give a role: what a text that names the global may reach. */
export const ROLE_GLOBAL_APIS: ReadonlyMap<string, readonly RoleGlobalApi[]> = new Map(
  [...new Set(ROLE_MODULES.flatMap((row) => (row.global ? [row.global] : [])))].map((name) => [
    name,
    ROLE_MODULES.filter((row) => row.global === name).flatMap((row) =>
      row.apis.filter((api) => givesRole(row, api, BUILTIN_KNOWLEDGE)).map((api): RoleGlobalApi => {
        const events = roleEventsOf(row.library, api.path);
        return events ? { path: api.path, events } : { path: api.path };
      })),
  ]),
);
