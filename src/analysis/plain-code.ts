/**
 * Whether a file's code can have a role: it names an API that forks, starts, runs or feeds
 * workers (a role library's, or a project module's export of one). Every rule reports on
 * a role (a primary that forks, a worker's tasks, a value sent to a worker), so a file that
 * names none, and that no other file starts, runs as plain code in whatever process loads
 * it and has nothing to report, whatever connections it uses.
 *
 * The text is asked first, so that such a file is not tracked for nothing; the tracked
 * nodes then decide.
 */
import { getStringIfConstant } from '@eslint-community/eslint-utils';
import { ROLE_GLOBAL_APIS, ROLE_SPECIFIERS, givesRole, roleEventsOf, rowGivesRole, type RoleGlobalApi } from '../knowledge/gives-roles.js';
import type { Knowledge } from '../knowledge/index.js';
import { escapeRegExp } from '../util/patterns.js';
import type { TrackedNode } from './imports.js';

/** The member paths the role rows track under a global, as a tree of keys. */
interface KeyTree {
  readonly children: Map<string, KeyTree>;
  /** A listener method: the events that give its listeners a role. */
  events?: ReadonlySet<string>;
}

function keyTree(apis: readonly RoleGlobalApi[]): KeyTree {
  const root: KeyTree = { children: new Map() };
  for (const api of apis) {
    let node = root;
    for (const key of api.path) {
      let child = node.children.get(key);
      if (!child) node.children.set(key, (child = { children: new Map() }));
      node = child;
    }
    if (api.events) node.events = api.events;
  }
  return root;
}

const GLOBAL_TREES: readonly (readonly [RegExp, KeyTree])[] = [...ROLE_GLOBAL_APIS].map(([name, apis]) => [new RegExp(`\\b${escapeRegExp(name)}\\b`, 'g'), keyTree(apis)]);
const MEMBER = /\s*\??\.\s*([\w$]+)/y;
/** `('uncaughtException'`: the event a listener registration names first, as a literal. */
const EVENT_LITERAL = /\s*\(\s*(['"`])([\w:-]+)\1/y;

/** The call at `end` registers a listener for an event the rows give no role (`process.on('uncaughtException', …)`). */
function listensForNoRole(text: string, end: number, events: ReadonlySet<string>): boolean {
  EVENT_LITERAL.lastIndex = end;
  const match = EVENT_LITERAL.exec(text);
  return match !== null && !events.has(match[2]!);
}

/**
 * The member chain written after the global at `end` leaves every path the role rows track
 * under it (`process.env.PORT`, `process.cwd()`). Anything else may reach one: the chain
 * ends on a tracked path or on its way to one (`process.send`, `process.env[k]`, `const p = process`).
 */
function leavesTrackedPaths(text: string, end: number, tree: KeyTree): boolean {
  let node = tree;
  let at = end;
  MEMBER.lastIndex = end;
  for (let match = MEMBER.exec(text); match; match = MEMBER.exec(text)) {
    const child = node.children.get(match[1]!);
    if (!child) return true;
    node = child;
    at = MEMBER.lastIndex;
  }
  return node.events !== undefined && listensForNoRole(text, at, node.events);
}

function globalMayReachRole(text: string): boolean {
  return GLOBAL_TREES.some(([word, tree]) => {
    word.lastIndex = 0;
    for (let match = word.exec(text); match; match = word.exec(text)) {
      if (!leavesTrackedPaths(text, match.index + match[0].length, tree)) return true;
    }
    return false;
  });
}

/** Rows from settings or from the project modules a file imports that give a role (an exported queue, a fork helper). */
export function projectRowsGiveRole(knowledge: Knowledge): boolean {
  if (knowledge.userModules.some((row) => rowGivesRole(row, knowledge))) return true;
  for (const rows of knowledge.importedModules?.values() ?? []) {
    if (rows.some((row) => rowGivesRole(row, knowledge))) return true;
  }
  return false;
}

/**
 * The text may name an API that gives a role: false only when no tracked node can be one.
 * `mentioned`: the tracked modules the text names (`mentionedModules`).
 */
export function textMayNameRoleApi(mentioned: ReadonlySet<string>, text: string, knowledge: Knowledge): boolean {
  for (const specifier of mentioned) if (ROLE_SPECIFIERS.has(specifier)) return true;
  return globalMayReachRole(text) || projectRowsGiveRole(knowledge);
}

/** A call that registers a listener for an event its row gives no role: `process.on('uncaughtException', …)`. */
function registersForNoRole(node: TrackedNode): boolean {
  const events = node.type === 'call' ? roleEventsOf(node.module.library, node.api.path) : undefined;
  if (!events || node.node.type !== 'CallExpression') return false;
  const first = node.node.arguments[0];
  const event = first && first.type !== 'SpreadElement' ? getStringIfConstant(first as never) : null;
  return event !== null && !events.has(event);
}

/** A tracked node is an API that gives a role. */
export function tracksRoleApi(tracked: readonly TrackedNode[], knowledge: Knowledge): boolean {
  return tracked.some((node) => givesRole(node.module, node.api, knowledge) && !registersForNoRole(node));
}
