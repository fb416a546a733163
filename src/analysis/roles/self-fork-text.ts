/**
 * Whether a file's text leaves it any way to fork itself, before anything is tracked: asked
 * where that is all that matters (a file that imports a module which connects as it
 * loads is of interest only as a primary that forks itself). False is sure; true is a
 * maybe, which the fork sites then decide (fork-sites.ts).
 *
 * A fork site runs its own module when its library always does (`cluster.fork()`,
 * `throng()`), when the path it is given is the script the process started with
 * (`process.argv[1]`), or when that path is the file's own location (`__filename`,
 * `import.meta.filename`, `import.meta.url`). A URL built from a relative string and
 * `import.meta.url` (`new URL('./worker.js', import.meta.url)`) names a file beside this
 * one, never this one, so that shape alone does not count.
 */
import { ENTRY_SCRIPT_READS, FORK_MODULES, FORK_SITES } from '../../knowledge/forks.js';
import { escapeRegExp } from '../../util/patterns.js';
import { OWN_LOCATION_SOURCE } from '../static-paths.js';

const ALWAYS_SELF_LIBRARIES: ReadonlySet<string> = new Set(FORK_SITES.filter((row) => 'self' in row.entry).map((row) => row.library));
/** The specifiers of the libraries with a fork API that always runs the calling module again (`cluster`, `throng`). */
export const SELF_FORKING_SPECIFIERS: ReadonlySet<string> = new Set(FORK_MODULES.filter((row) => ALWAYS_SELF_LIBRARIES.has(row.library)).flatMap((row) => row.specifiers));

/** The name an entry script read ends on (`argv`), wherever it is read from. */
const ENTRY_SCRIPT = new RegExp(`\\b(?:${ENTRY_SCRIPT_READS.map((row) => escapeRegExp(row.path.at(-1)!)).join('|')})\\b`);

const OWN_LOCATION = new RegExp(OWN_LOCATION_SOURCE, 'g');

/**
 * What comes before `import.meta.url` as the base of a URL whose relative part is a plain
 * string that leaves the file (not empty, not only a query or a fragment).
 */
const SIBLING_URL_BEFORE = /\bnew\s+URL\s*\(\s*(['"`])[^'"`$?#\\][^'"`$\\]*\1\s*,\s*$/;
const LOOK_BEHIND = 160;

function namesSibling(text: string, at: number, read: string): boolean {
  return read === 'import.meta.url' && SIBLING_URL_BEFORE.test(text.slice(Math.max(0, at - LOOK_BEHIND), at));
}

/** Some read of the file's own location may name the file itself. */
function readsOwnFile(text: string): boolean {
  OWN_LOCATION.lastIndex = 0;
  for (let match = OWN_LOCATION.exec(text); match; match = OWN_LOCATION.exec(text)) {
    if (!namesSibling(text, match.index, match[0])) return true;
  }
  return false;
}

/**
 * The text may fork its own module. `mentioned`: the tracked specifiers it names, without
 * `node:` (imports.ts `mentionedModules`).
 */
export function mayForkItself(text: string, mentioned: ReadonlySet<string>): boolean {
  for (const specifier of SELF_FORKING_SPECIFIERS) if (mentioned.has(specifier)) return true;
  return ENTRY_SCRIPT.test(text) || readsOwnFile(text);
}
