/**
 * Calls that do no work a connection could serve: a primary that runs nothing but these
 * besides forking "only forks", and the rest of the program (its models, its queries) runs
 * in the workers.
 */

/** Globals whose methods only report progress: `console.log(…)`. */
export const LOGGING_GLOBALS: ReadonlySet<string> = new Set(['console']);

/** Module functions that only prepare the process: `require('dotenv').config()`. */
export const SETUP_CALLS: readonly { readonly module: string; readonly name: string }[] = [
  { module: 'dotenv', name: 'config' },
];
