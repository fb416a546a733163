/**
 * Whether a file's code can have a role: it names an API that forks, starts, runs or feeds
 * workers (a role library's, or a project module's export of one). Every rule reports on
 * a role (a primary that forks, a worker's tasks, a value sent to a worker), so a file that
 * names none, and that no other file starts, runs as plain code in whatever process loads
 * it and has nothing to report, whatever connections it uses.
 *
 * Its imports and its references to globals are asked first (role-globals.ts), so that
 * such a file is not tracked for nothing; the tracked nodes then decide.
 */
import { getStringIfConstant } from '@eslint-community/eslint-utils';
import type { TSESLint } from '@typescript-eslint/utils';
import { ROLE_SPECIFIERS, givesRole, roleEventsOf, rowGivesRole } from '../knowledge/gives-roles.js';
import type { Knowledge } from '../knowledge/index.js';
import { trackedNamesOf, type TrackedNode } from './imports.js';
import { mayBindTracked } from './import-bindings.js';
import { globalMayReachRole } from './role-globals.js';

/** Rows from settings or from the project modules a file imports that give a role (an exported queue, a fork helper). */
export function projectRowsGiveRole(knowledge: Knowledge): boolean {
  if (knowledge.userModules.some((row) => rowGivesRole(row, knowledge))) return true;
  for (const rows of knowledge.importedModules?.values() ?? []) {
    if (rows.some((row) => rowGivesRole(row, knowledge))) return true;
  }
  return false;
}

/**
 * The code may name an API that gives a role: false only when no tracked node can be one.
 * `mentioned`: the tracked modules the text names (`mentionedModules`).
 */
export function codeMayNameRoleApi(mentioned: ReadonlySet<string>, sourceCode: Readonly<TSESLint.SourceCode>, knowledge: Knowledge): boolean {
  // A role library imported only for names no row tracks (`import { exec } from 'child_process'`, `import { Job } from 'bullmq'`) gives the tracker nothing.
  for (const specifier of mentioned) {
    if (ROLE_SPECIFIERS.has(specifier) && mayBindTracked(sourceCode.text, specifier, trackedNamesOf(knowledge, specifier))) return true;
  }
  return globalMayReachRole(sourceCode) || projectRowsGiveRole(knowledge);
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
