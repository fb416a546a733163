/**
 * Facts that depend on the installed major of a package. The rows state today's majors;
 * an entity's `olderMajors` say what differs below a major. The knowledge of a file applies
 * the older facts the project's installed major calls for, and names the major in the
 * entity's library (`mongoose 5`), so every report says which version its numbers are of.
 * With no version known, today's facts apply and reports say nothing about versions.
 */
import type { Knowledge } from './index.js';
import type { ApiRow, Entity, OlderMajor } from './types.js';

/** The installed major of a package, if the project says one. */
export type MajorOf = (packageName: string) => number | undefined;

/** The id of an entity with an older major's facts, for calls whose form says the major (`olderForm`). */
export function olderEntityId(id: string, below: number): string {
  return `${id}<${below}`;
}

function withOlder(entity: Entity, older: OlderMajor, library: string): Entity {
  return {
    ...entity,
    library,
    package: entity.library,
    connection: entity.connection && { ...entity.connection, ...older.connection },
    olderMajors: undefined,
  };
}

/** The entities of each older major, under their own ids: what a call of an older form makes. */
export function olderMajorEntities(entities: readonly Entity[]): Entity[] {
  return entities.flatMap((entity) =>
    (entity.olderMajors ?? []).map((older) => ({ ...withOlder(entity, older, older.label), id: olderEntityId(entity.id, older.below) })),
  );
}

/** The older major of an entity that `major` falls in, if any. */
function olderFor(entity: Entity, major: number | undefined): OlderMajor | undefined {
  return major === undefined ? undefined : entity.olderMajors?.find((older) => major < older.below);
}

/** A node as far as the form of a call goes: its type and, for a call, its arguments. */
interface NodeForm {
  readonly type: string;
  readonly arguments?: readonly { readonly type: string; readonly value?: unknown }[];
}

/** A call whose arguments only an older major accepts: more than one, or a number or string first. */
function isOlderForm(args: NonNullable<NodeForm['arguments']>): boolean {
  const [first] = args;
  if (args.length > 1) return true;
  return first?.type === 'TemplateLiteral' || (first?.type === 'Literal' && (typeof first.value === 'number' || typeof first.value === 'string'));
}

/** The entity a call of `api` makes: the older major's when its form says so, else the row's. */
export function producedBy(api: ApiRow, node: NodeForm): string | undefined {
  if (!api.produces || !api.olderForm) return api.produces;
  const isCall = node.type === 'CallExpression' || node.type === 'NewExpression';
  return isCall && node.arguments && isOlderForm(node.arguments) ? olderEntityId(api.produces, api.olderForm.below) : api.produces;
}

const applied = new WeakMap<Knowledge, Map<string, Knowledge>>();
const versioned = new WeakMap<ReadonlyMap<string, Entity>, readonly Entity[]>();

/** The entities of `knowledge` that have older majors (few: asked once per knowledge). */
function versionedEntities(knowledge: Knowledge): readonly Entity[] {
  let found = versioned.get(knowledge.entities);
  if (!found) {
    found = [...knowledge.entities.values()].filter((entity) => entity.olderMajors !== undefined);
    versioned.set(knowledge.entities, found);
  }
  return found;
}

/**
 * `knowledge` with the facts of the installed majors: each entity whose package's major
 * is below one of its `olderMajors` gets those facts, and its library names the major.
 * Each package is asked once.
 */
export function forInstalledMajors(knowledge: Knowledge, majorOf: MajorOf): Knowledge {
  const entities = versionedEntities(knowledge);
  if (entities.length === 0) return knowledge;
  const majors = new Map<string, number | undefined>();
  const changed: Entity[] = [];
  for (const entity of entities) {
    if (!majors.has(entity.library)) majors.set(entity.library, majorOf(entity.library));
    const major = majors.get(entity.library);
    const older = olderFor(entity, major);
    if (!older) continue;
    const known = withOlder(entity, older, `${entity.library} ${major}`);
    // What a call of the older form makes is of the installed major too.
    changed.push(known, { ...known, id: olderEntityId(entity.id, older.below) });
  }
  if (changed.length === 0) return knowledge;
  const key = changed.map((entity) => `${entity.id}=${entity.library}`).join('|');
  const cache = applied.get(knowledge) ?? new Map<string, Knowledge>();
  applied.set(knowledge, cache);
  let result = cache.get(key);
  if (!result) {
    result = { ...knowledge, entities: new Map([...knowledge.entities, ...changed.map((entity) => [entity.id, entity] as const)]) };
    cache.set(key, result);
  }
  return result;
}
