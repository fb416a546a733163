/**
 * The knowledge base as one lookup: every entity by id, every module row, and the rows
 * that a project's own settings add.
 */
import { ForkSafeSettingsError, type UserConnection } from '../settings.js';
import { CONNECTION_ENTITIES, CONNECTION_FACTORY_ENTITIES, CONNECTION_MODULES } from './connections.js';
import { FORK_MODULES } from './forks.js';
import { olderMajorEntities } from './majors.js';
import { FORK_TARGET_MODULES } from './fork-targets.js';
import { QUEUE_ENTITIES, RUNNER_ENTITIES, RUNNER_MODULES } from './runners.js';
import type { ApiRow, Entity, HeldRow, ModuleRow } from './types.js';
import { WORKER_MODULES } from './workers.js';

export type * from './types.js';
export { FORK_METHODS, FORK_TARGETS, takesProcessorFunction, type ArgRef, type ForkMethodRow, type ForkTargetRow } from './fork-targets.js';

const BUILTIN_ENTITIES: readonly Entity[] = [
  ...CONNECTION_ENTITIES,
  ...olderMajorEntities(CONNECTION_ENTITIES),
  ...CONNECTION_FACTORY_ENTITIES,
  ...RUNNER_ENTITIES,
  ...QUEUE_ENTITIES,
];

export const BUILTIN_MODULES: readonly ModuleRow[] = [...CONNECTION_MODULES, ...RUNNER_MODULES, ...WORKER_MODULES, ...FORK_MODULES, ...FORK_TARGET_MODULES];

export interface Knowledge {
  readonly entities: ReadonlyMap<string, Entity>;
  readonly modules: readonly ModuleRow[];
  /** Module rows declared in settings, matched by path rather than by specifier. */
  readonly userModules: readonly ModuleRow[];
  /**
   * Rows inferred from what the project modules this file imports export, by the specifier
   * the file writes (`./db`). A settings row for the same module and export wins.
   */
  readonly importedModules?: ReadonlyMap<string, readonly ModuleRow[]>;
}

function indexEntities(entities: readonly Entity[]): Map<string, Entity> {
  const byId = new Map<string, Entity>();
  for (const entity of entities) {
    if (byId.has(entity.id)) throw new Error(`knowledge base: duplicate entity ${entity.id}`);
    byId.set(entity.id, entity);
  }
  return byId;
}

export const BUILTIN_KNOWLEDGE: Knowledge = {
  entities: indexEntities(BUILTIN_ENTITIES),
  modules: BUILTIN_MODULES,
  userModules: [],
};

function userEntityId(connection: UserConnection): string {
  return `${connection.module}.${connection.export}`;
}

function userPath(connection: UserConnection): string[] {
  return connection.export === 'default' ? [] : connection.export.split('.');
}

/** The connection a `"is": "connection"` row declares: one per process, named as inference names it. */
function declaredHeld(connection: UserConnection): HeldRow {
  return { holder: holderName(connection.module, connection.export), entity: userEntityId(connection), opensOnLoad: connection.eager, place: { module: connection.module.replace(/^\.\//, '') } };
}

/** A library whose module object is its default connection (`mongoose`): the row that says so. */
function libraryDefault(library: string): HeldRow | undefined {
  const row = BUILTIN_MODULES.find((candidate) => candidate.specifiers.includes(library));
  return row?.apis.find((api) => api.held && api.path.length === 0)?.held;
}

/** What a connect or close row acts on: a connection row of the same module, or a library's default connection. */
function wrappedHeld(connection: UserConnection, index: number, all: readonly UserConnection[]): HeldRow {
  const of = connection.of!;
  const sibling = all.find((other) => other.is === 'connection' && other.module === connection.module && other.export === of);
  if (sibling) return { ...declaredHeld(sibling), place: { module: connection.module.replace(/^\.\//, '') } };
  const library = libraryDefault(of);
  if (library) return { ...library, place: { module: connection.module.replace(/^\.\//, '') } };
  throw new ForkSafeSettingsError(
    `.connections[${index}].of`,
    `is "${of}", which is neither an export of "${connection.module}" declared with "is": "connection" nor a library with a default connection (${DEFAULT_CONNECTION_LIBRARIES.join(', ')}).`,
  );
}

const DEFAULT_CONNECTION_LIBRARIES: readonly string[] = BUILTIN_MODULES.filter((row) => row.apis.some((api) => api.held && api.path.length === 0)).map((row) => row.library);

function userApi(connection: UserConnection, index: number, all: readonly UserConnection[]): ApiRow {
  const path = userPath(connection);
  switch (connection.is) {
    case 'connection':
      return { path, via: 'read', produces: userEntityId(connection), held: declaredHeld(connection) };
    case 'connect':
    case 'close':
      return { path, via: 'call', held: wrappedHeld(connection, index, all), acts: connection.is };
    default:
      // A factory is made where it is called, as today: sized and reported there.
      return { path, via: connection.construct, produces: userEntityId(connection) };
  }
}

const BUILTIN_SPECIFIERS: ReadonlySet<string> = new Set(BUILTIN_MODULES.flatMap((row) => row.specifiers));

const withUsers = new WeakMap<readonly UserConnection[], Knowledge>();

/** The entity a factory or connection row declares, with the facts the row gives. */
function userEntity(connection: UserConnection): Entity {
  return {
    id: userEntityId(connection),
    library: connection.module,
    noun: connection.kind,
    connection: {
      kind: connection.kind,
      eager: connection.eager,
      close: connection.close,
      release: connection.release,
      connect: connection.connect,
    },
  };
}

/** The built-in knowledge plus the project's own connection factories, connections and wrappers. */
export function knowledgeFor(connections: readonly UserConnection[]): Knowledge {
  if (connections.length === 0) return BUILTIN_KNOWLEDGE;
  const cached = withUsers.get(connections);
  if (cached) return cached;
  const entities = new Map(BUILTIN_KNOWLEDGE.entities);
  const byModule = new Map<string, ApiRow[]>();
  for (const [index, connection] of connections.entries()) {
    // A user row would replace everything the plugin tracks for that package.
    if (BUILTIN_SPECIFIERS.has(connection.module.replace(/^node:/, ''))) {
      throw new ForkSafeSettingsError(
        `.connections[${index}].module`,
        `is "${connection.module}", a package the plugin already knows; declare only your project's own wrappers around it.`,
      );
    }
    if (connection.is === 'factory' || connection.is === 'connection') entities.set(userEntityId(connection), userEntity(connection));
    const apis = byModule.get(connection.module) ?? [];
    apis.push(userApi(connection, index, connections));
    byModule.set(connection.module, apis);
  }
  const userModules = [...byModule].map(([module, apis]): ModuleRow => ({ library: module, specifiers: [module], apis }));
  const knowledge: Knowledge = { entities, modules: BUILTIN_MODULES, userModules };
  withUsers.set(connections, knowledge);
  return knowledge;
}

/** The knowledge of one file: `base`, with the rows of the project modules it imports and the entities they name. */
export function withImportedModules(base: Knowledge, rows: ReadonlyMap<string, readonly ModuleRow[]>, entities: readonly Entity[]): Knowledge {
  if (rows.size === 0) return base;
  const all = entities.length === 0 ? base.entities : new Map([...base.entities, ...entities.map((entity) => [entity.id, entity] as const)]);
  return { entities: all, modules: base.modules, userModules: base.userModules, importedModules: rows };
}

/**
 * How a connection a project module keeps is named process-wide, the same in every file:
 * `src/db#pool` for `src/db.js`, `src/db/index.ts` or a settings row's `./src/db`.
 */
export function holderName(module: string, name: string): string {
  const bare = module.replace(/^\.\//, '').replace(/\.(?:[cm]?[jt]s|[jt]sx)$/, '').replace(/\/index$/, '');
  return `${bare}#${name}`;
}

/** How reports name a held connection no variable of the file holds: `mongoose` for `library:mongoose`, `pool` for `src/db#pool`. */
export function holderLabel(holder: string): string {
  return holder.slice(Math.max(holder.lastIndexOf('#'), holder.lastIndexOf(':')) + 1);
}
