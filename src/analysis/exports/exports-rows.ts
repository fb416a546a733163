/**
 * The exports of an imported project module as knowledge rows: the same rows a
 * `settings['fork-safe'].connections` entry makes, so every stage sees `connectDB()` of
 * `./db` exactly as it sees `mongoose.connect()`. A held connection becomes a read (or, for
 * a getter, a call) of it; a factory a call producing its entity; a connect or close
 * wrapper a call that acts on its held connection; a definition it hands out (a model) a
 * read of what talks through it; a class a `new` whose instances hold
 * what it makes; a library passed on, that library's own rows under the export's name.
 */
import { withImportedModules, type ApiRow, type Entity, type HeldRow, type Knowledge, type ModuleRow } from '../../knowledge/index.js';
import type { ExportFact, HeldConnection, ModuleExports } from './module-exports.js';

interface ImportedRows {
  readonly rows: readonly ModuleRow[];
  /** Entities the rows name that the knowledge base does not have: what an exported class makes. */
  readonly entities: readonly Entity[];
}

function heldRow(connection: HeldConnection): HeldRow {
  const { holder, entity, opensOnLoad, place, size } = connection;
  return { holder, entity, opensOnLoad, place, ...(size ? { size } : {}) };
}

function pathOf(name: string): string[] {
  return name === 'default' ? [] : [name];
}

/** A class's instances: a connection-like object of the first connection it makes, with each member handed out. */
function classEntity(name: string, fact: Extract<ExportFact, { kind: 'class' }>, knowledge: Knowledge): Entity | undefined {
  const members = Object.entries(fact.members);
  const [, first] = members[0] ?? [];
  const made = first && knowledge.entities.get(first.entity);
  if (!first || !made?.connection) return undefined;
  return {
    id: `${first.place.module}#${name}`,
    library: made.library,
    noun: `${name} instance`,
    connection: made.connection,
    properties: Object.fromEntries(members.map(([member, connection]) => [member, connection.entity])),
  };
}

/**
 * What a definition handed out by a held connection is (a mongoose model): it opens and
 * closes nothing of its own and talks through the connection, so each of its calls is a
 * use of that connection.
 */
function viewEntity(connection: HeldConnection, knowledge: Knowledge): Entity | undefined {
  const held = knowledge.entities.get(connection.entity);
  if (!held?.connection) return undefined;
  return {
    id: `${connection.entity}#definition`,
    library: held.library,
    noun: `definition of the ${held.noun}`,
    connection: { kind: 'client', eager: false, close: [], borrowsConnection: true },
  };
}

/** The rows of a library passed on under `name`: `export { Pool } from 'pg'` makes `Pool` of this module pg's `Pool`. */
function libraryRows(name: string, fact: Extract<ExportFact, { kind: 'library' }>, knowledge: Knowledge): ModuleRow[] {
  const specifier = fact.specifier.replace(/^node:/, '');
  const prefix = fact.path;
  return knowledge.modules
    .filter((row) => row.specifiers.includes(specifier))
    .map((row): ModuleRow => ({
      library: row.library,
      specifiers: [],
      apis: row.apis
        .filter((api) => prefix.every((key, i) => api.path[i] === key))
        .map((api) => ({ ...api, path: [...pathOf(name), ...api.path.slice(prefix.length)] })),
    }))
    .filter((row) => row.apis.length > 0);
}

function apiOf(name: string, fact: ExportFact, classes: Entity[], knowledge: Knowledge): ApiRow | undefined {
  const path = pathOf(name);
  switch (fact.kind) {
    case 'connection':
      return { path, via: fact.getter ? 'call' : 'read', produces: fact.connection.entity, held: heldRow(fact.connection) };
    case 'factory': {
      const { made } = fact;
      return { path, via: 'call', produces: made.entity, eager: made.eager, madeIn: made.place, ...(made.size ? { size: made.size } : {}) };
    }
    case 'connect':
    case 'close':
      return { path, via: 'call', held: heldRow(fact.connection), acts: fact.kind };
    case 'view': {
      const entity = viewEntity(fact.connection, knowledge);
      if (!entity) return undefined;
      classes.push(entity);
      return { path, via: 'read', produces: entity.id, held: heldRow(fact.connection) };
    }
    case 'fork':
      return { path, via: 'call', forks: { entry: { self: true }, roleFunctions: fact.workerArgs.map((arg) => ({ role: 'worker', arg })) } };
    case 'class': {
      const entity = classEntity(name, fact, knowledge);
      if (!entity) return undefined;
      classes.push(entity);
      const [first] = Object.values(fact.members);
      return { path, via: 'new', produces: entity.id, madeIn: first!.place, ...(first!.size ? { size: first!.size } : {}) };
    }
    default:
      return undefined;
  }
}

/**
 * Per exports object (shared by every file that imports the module), by what the rows
 * also depend on: the specifier that names their library, and the knowledge their
 * entities come from (`./db` and `../db/index.js` name one module in two ways).
 */
const cache = new WeakMap<ModuleExports, Map<string, { readonly knowledge: Knowledge; readonly rows: ImportedRows }>>();

/** The rows that say what `exports` says, one module row for the project module and one per library it passes on. */
function rowsOfExports(exports: ModuleExports, module: string, knowledge: Knowledge): ImportedRows {
  let bySpecifier = cache.get(exports);
  if (!bySpecifier) cache.set(exports, (bySpecifier = new Map()));
  const cached = bySpecifier.get(module);
  if (cached?.knowledge === knowledge) return cached.rows;
  const apis: ApiRow[] = [];
  const libraries: ModuleRow[] = [];
  const entities: Entity[] = [];
  for (const [name, fact] of Object.entries(exports)) {
    if (fact.kind === 'library') libraries.push(...libraryRows(name, fact, knowledge));
    else {
      const api = apiOf(name, fact, entities, knowledge);
      if (api) apis.push(api);
    }
  }
  const rows = [...(apis.length > 0 ? [{ library: module, specifiers: [], apis }] : []), ...libraries];
  const result: ImportedRows = { rows, entities };
  bySpecifier.set(module, { knowledge, rows: result });
  return result;
}

/**
 * The knowledge for one file: `base`, with rows for each project module it loads by a
 * relative specifier whose exports the project knows (`imported`: specifier → exports).
 */
export function knowledgeWithImports(base: Knowledge, imported: ReadonlyMap<string, ModuleExports>): Knowledge {
  if (imported.size === 0) return base;
  const rows = new Map<string, readonly ModuleRow[]>();
  const entities: Entity[] = [];
  for (const [specifier, exports] of imported) {
    const found = rowsOfExports(exports, specifier, base);
    if (found.rows.length === 0) continue;
    rows.set(specifier, found.rows);
    entities.push(...found.entities);
  }
  return withImportedModules(base, rows, entities);
}
