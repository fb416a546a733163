/**
 * What a project file's text says before anything parses it: whether it names a tracked
 * module, the relative specifiers it imports, and, for a file that names a fork API, the
 * words that may name the worker files it starts. These decide which files are parsed at
 * all: a module that names no tracked module exports nothing of its own, and a fork site
 * can only start a file whose name is written somewhere in its text.
 */
import path from 'node:path';
import { FORK_TARGET_SPECIFIERS, knowledgeFor, type Knowledge } from '../knowledge/index.js';
import { namesTrackedModule, relativeSpecifiers } from '../analysis/relevance.js';
import { readSettings } from '../settings.js';

export interface TextFacts {
  readonly namesTracked: boolean;
  /** Relative specifiers after `from`, `import`, `require`: a superset of what the module loads. */
  readonly relative: readonly string[];
  /** Only for a file that names a fork API: every word of its text (`resize-worker`, `jobs`, `js`). */
  readonly words?: ReadonlySet<string>;
}

const FORK_MENTION = new RegExp(`['"\`](?:node:)?(?:${[...FORK_TARGET_SPECIFIERS].sort((a, b) => b.length - a.length).join('|').replace(/[-/]/g, '\\$&')})['"\`]`);
const WORD = /[\w$@-]+/g;
const SOURCE_EXTENSION = /\.(?:[cm]?[jt]s|[jt]sx)$/;

export function knowledgeOf(settings: Readonly<Record<string, unknown>>): Knowledge {
  return knowledgeFor(readSettings(settings).connections);
}

export function textFactsOf(text: string, file: string, root: string, knowledge: Knowledge): TextFacts {
  const namesTracked = namesTrackedModule({ text, filename: file, cwd: root, knowledge });
  const relative = relativeSpecifiers(text);
  return FORK_MENTION.test(text) ? { namesTracked, relative, words: new Set(text.match(WORD)) } : { namesTracked, relative };
}

/**
 * The words a fork site must write to name `file`: its name without the extension (a
 * compiled `.js` name and its `.ts` source share it), and for an `index` file the name of
 * its folder too (`new Worker('./worker')` starts `worker/index.js`). A name split across
 * several strings (`'resize-' + 'worker.js'`) is not seen.
 */
export function namesOf(file: string): string[][] {
  const stem = path.basename(file).replace(SOURCE_EXTENSION, '');
  const names = [stem];
  if (stem === 'index') names.push(path.basename(path.dirname(file)));
  return names.map((name) => name.match(WORD) ?? []).filter((words) => words.length > 0);
}

/** The text of a fork file may name `file` (all the words of one of its names appear in it). */
export function mayName(facts: TextFacts, names: readonly (readonly string[])[]): boolean {
  const words = facts.words;
  return words !== undefined && names.some((name) => name.every((word) => words.has(word)));
}
