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
import { ROLE_GLOBAL_PATHS, ROLE_SPECIFIERS, givesRole, rowGivesRole } from '../knowledge/gives-roles.js';
import type { Knowledge } from '../knowledge/index.js';
import { escapeRegExp } from '../util/patterns.js';
import type { TrackedNode } from './imports.js';

/** The member paths the role rows track under a global, as a tree of keys. */
interface KeyTree {
  readonly children: Map<string, KeyTree>;
}

function keyTree(paths: readonly (readonly string[])[]): KeyTree {
  const root: KeyTree = { children: new Map() };
  for (const path of paths) {
    let node = root;
    for (const key of path) {
      let child = node.children.get(key);
      if (!child) node.children.set(key, (child = { children: new Map() }));
      node = child;
    }
  }
  return root;
}

const GLOBAL_TREES: readonly (readonly [RegExp, KeyTree])[] = [...ROLE_GLOBAL_PATHS].map(([name, paths]) => [new RegExp(`\\b${escapeRegExp(name)}\\b`, 'g'), keyTree(paths)]);
const MEMBER = /\s*\??\.\s*([\w$]+)/y;

/**
 * The member chain written after the global at `end` leaves every path the role rows track
 * under it (`process.env.PORT`, `process.cwd()`). Anything else may reach one: the chain
 * ends on a tracked path or on its way to one (`process.send`, `process.env[k]`, `const p = process`).
 */
function leavesTrackedPaths(text: string, end: number, tree: KeyTree): boolean {
  let node = tree;
  MEMBER.lastIndex = end;
  for (let match = MEMBER.exec(text); match; match = MEMBER.exec(text)) {
    const child = node.children.get(match[1]!);
    if (!child) return true;
    node = child;
  }
  return false;
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
function projectRowsGiveRole(knowledge: Knowledge): boolean {
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

/** A tracked node is an API that gives a role. */
export function tracksRoleApi(tracked: readonly TrackedNode[], knowledge: Knowledge): boolean {
  return tracked.some((node) => givesRole(node.module, node.api, knowledge));
}
