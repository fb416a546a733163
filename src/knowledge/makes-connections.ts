/**
 * Which module rows make connections: a row one of whose APIs yields, hands out, holds or
 * calls back with a connection. The rest (fork APIs, runners, worker modules) start
 * processes and threads but open nothing: a file that names only those has nothing any
 * rule reports unless a project module it imports brings a connection in.
 */
import type { Knowledge } from './index.js';
import type { ApiRow, ModuleRow } from './types.js';

/** An entity is, or hands out, holds or calls back with, a connection. */
function reachesConnection(id: string | undefined, knowledge: Knowledge, seen = new Set<string>()): boolean {
  if (id === undefined || seen.has(id)) return false;
  seen.add(id);
  const entity = knowledge.entities.get(id);
  if (!entity) return false;
  if (entity.connection) return true;
  const next = [...Object.values(entity.handsOut ?? {}), ...Object.values(entity.properties ?? {}), entity.callable, ...Object.values(entity.callbacks ?? {}).map((callback) => callback.entity)];
  return next.some((other) => reachesConnection(other, knowledge, seen));
}

function apiMakesConnection(api: ApiRow, knowledge: Knowledge): boolean {
  return [api.produces, api.producesElements, api.callback?.entity].some((id) => reachesConnection(id, knowledge));
}

const cache = new WeakMap<readonly ModuleRow[], ReadonlySet<ModuleRow>>();

/** The module rows of `knowledge` that make connections (kept per module table). */
export function connectionRows(knowledge: Knowledge): ReadonlySet<ModuleRow> {
  const cached = cache.get(knowledge.modules);
  if (cached) return cached;
  const rows = new Set(knowledge.modules.filter((row) => row.apis.some((api) => apiMakesConnection(api, knowledge))));
  cache.set(knowledge.modules, rows);
  return rows;
}

const specifiers = new WeakMap<readonly ModuleRow[], ReadonlySet<string>>();

/** The specifiers of those rows (`pg`, `mysql2/promise`, `net`): what a file names when it may make a connection. */
export function connectionSpecifiers(knowledge: Knowledge): ReadonlySet<string> {
  let found = specifiers.get(knowledge.modules);
  if (!found) {
    found = new Set([...connectionRows(knowledge)].flatMap((row) => row.specifiers));
    specifiers.set(knowledge.modules, found);
  }
  return found;
}
