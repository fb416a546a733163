/**
 * What a project file's text says before anything parses it: whether it can export
 * something the rules track, the relative specifiers it imports, and, for a file that
 * names a fork API, the file names its strings write (the files it may start as
 * workers). These decide which files are parsed at all: a module exports a connection,
 * a wrapper or a class only when it names a library that makes connections (or imports
 * a project module that exports one); it exports another tracked library only by
 * re-exporting it; and a fork site can start only a file whose name a string of it writes.
 */
import path from 'node:path';
import { withoutNodePrefix } from '../util/paths.js';
import { BUILTIN_KNOWLEDGE, FORK_METHODS, FORK_TARGETS, knowledgeFor, takesProcessorFunction, type Knowledge } from '../knowledge/index.js';
import { connectionRows, connectionSpecifiers } from '../knowledge/makes-connections.js';
import { isRelative } from '../analysis/module-loads.js';
import { moduleSpecifiers, namesTrackedModule } from '../analysis/relevance.js';
import { readSettings } from '../settings.js';
import { alternativesOf, escapeRegExp } from '../util/patterns.js';
import { SELF_FORKING_SPECIFIERS } from '../analysis/roles/self-fork-text.js';
import { ROLE_SPECIFIERS, rowGivesRole } from '../knowledge/gives-roles.js';
import { FORK_SITES } from '../knowledge/forks.js';
import { mayBindTracked, type TrackedRoots } from '../analysis/import-bindings.js';
import { trackedNamesOf } from '../analysis/imports.js';
import { SOURCE_FILE } from './files.js';

export interface TextFacts {
  /** Imports a library that makes connections, re-exports a tracked library, or names a project module declared in settings. */
  readonly mayExport: boolean;
  /** Imports a library that makes connections, or names a project module declared in settings: it may connect as it loads. */
  readonly mayConnect: boolean;
  /**
   * May export something that gives code a role: it imports a library whose objects are
   * both a connection and a role's (a bullmq queue), re-exports a role library, calls the
   * API of one that forks the calling module (a helper around `cluster.fork()`), or names a
   * project module declared in settings. Only those exports give a role.
   */
  readonly mayGiveRole: boolean;
  /** Relative specifiers after `from`, `import`, `require`: a superset of what the module loads. */
  readonly relative: readonly string[];
  /**
   * Only for a file that may start a worker file (it imports a runner or fork API and
   * writes what starts one): the file names its strings write, each path segment less a
   * source extension (`resize-worker` of `'./jobs/resize-worker.js'`), import specifiers left out.
   */
  readonly fileNames?: ReadonlySet<string>;
}

interface TextTests {
  /** The libraries whose objects include a connection, with the named exports their API rows start from. */
  readonly connections: ReadonlyMap<string, TrackedRoots>;
  /** Their packages (`mysql2` for `mysql2/promise`), less Node's own modules. */
  readonly packages: ReadonlySet<string>;
  /** The other tracked libraries. */
  readonly others: ReadonlySet<string>;
  /** The libraries with an API that gives code a role, less those whose objects include a connection. */
  readonly roles: ReadonlySet<string>;
  /** Of the libraries whose objects include a connection, those with an API that gives a role (bullmq). */
  readonly roleConnections: ReadonlySet<string>;
  /** `export … from 'x'`, `module.exports = require('x')`, `exports.y = require('x')` for the other tracked libraries. */
  readonly reexport: RegExp;
  /** The knowledge whose project modules (from settings) a text may name. */
  readonly userModules?: Knowledge;
}

/**
 * The words a text must write to call one of the APIs whose last keys are `names`; true
 * when one is the module's export itself (an undefined name), called under any name.
 */
function callWords(names: readonly (string | undefined)[]): RegExp | true {
  return names.includes(undefined) ? true : new RegExp(`\\b(?:${names.map((name) => escapeRegExp(name!)).join('|')})\\b`);
}

/**
 * For each specifier of the builtin rows, the words a text must write to call the APIs
 * `names` gives for its library (libraries it gives none are left out).
 */
function callsBySpecifier(names: (library: string) => readonly (string | undefined)[]): ReadonlyMap<string, RegExp | true> {
  return new Map(BUILTIN_KNOWLEDGE.modules.flatMap((row) => {
    const found = names(row.library);
    if (found.length === 0) return [];
    const call = callWords(found);
    return row.specifiers.map((specifier) => [specifier, call] as const);
  }));
}

/** The text writes a call `calls` knows for `specifier` (never, for a library it does not list). */
function writesCall(calls: ReadonlyMap<string, RegExp | true>, text: string, specifier: string): boolean {
  const call = calls.get(specifier);
  return call === true || (call !== undefined && call.test(text));
}

/**
 * For each runner and fork API, the words a text must write to start a worker file with it
 * (`Worker` of `new Worker()`, `fork` of `fork()`, `process` of bull's `queue.process()`);
 * true when the library's export itself does (`new Piscina()`), under whatever name the
 * module gives it. Only a file that imports one and writes its words can name a worker
 * file: a module that reads `cluster.worker.id` or imports `parentPort` starts none.
 */
const FORK_TARGET_CALLS = callsBySpecifier((library) => [
  ...FORK_TARGETS.filter((row) => row.library === library).map((row) => row.path.at(-1)),
  ...FORK_METHODS.filter((row) => row.library === library).map((row) => row.method),
]);

/**
 * A call of a fork method (`.process(` of bull's queue): the object may come from a project
 * module (`const { storageQueue } = require('./queue')`), so the text need not import the
 * library itself.
 */
const FORK_METHOD_CALL = new RegExp(`\\.\\s*(?:${alternativesOf(FORK_METHODS.map((row) => row.method))})\\s*\\(`);

/**
 * The libraries whose consumers may be given a processor function instead of a file: one
 * imported by name from a project module runs that module's export (imported-processors.ts),
 * so the specifiers a file imports count among the file names it may start.
 */
const PROCESSOR_TARGETS = FORK_TARGETS.filter(takesProcessorFunction);
const PROCESSOR_METHODS = FORK_METHODS.filter((row) => row.inProcess);
const IN_PROCESS_LIBRARIES: ReadonlySet<string> = new Set([...PROCESSOR_TARGETS, ...PROCESSOR_METHODS].map((row) => row.library));

/** A name, or a member of one (`processors.sendWelcome`). */
const IDENTIFIER = '[A-Za-z_$][\\w$]*(?:\\s*\\.\\s*[A-Za-z_$][\\w$]*)?';
/**
 * A processor passed by name where such a consumer takes one (`new Worker('email', processEmail,`,
 * `.process('welcome', 5, processEmail)`): the argument is a bare name, not a function written there.
 */
const PROCESSOR_BY_NAME = new RegExp([
  ...PROCESSOR_TARGETS.filter((row) => row.path.length > 0).map((row) => `\\b${escapeRegExp(row.path.at(-1)!)}\\s*\\((?:[^,()]+,){${row.entry.arg}}\\s*${IDENTIFIER}\\s*[,)]`),
  ...PROCESSOR_METHODS.map((row) => `\\.\\s*${escapeRegExp(row.method)}\\s*\\((?:[^,()]+,){0,2}\\s*${IDENTIFIER}\\s*\\)`),
].join('|'));

/** The file may hand an in-process consumer a processor it imports: it names such a library (or calls a fork method) with a processor passed by name. */
function mayRegisterImportedProcessor(text: string, specifiers: readonly string[]): boolean {
  return (specifiers.some((specifier) => IN_PROCESS_LIBRARIES.has(specifier)) || FORK_METHOD_CALL.test(text)) && PROCESSOR_BY_NAME.test(text);
}

/** The file names of a fork file: those its strings write, and for one that may register an imported processor, its relative imports'. */
function forkFileNames(text: string, specifiers: readonly string[], relative: readonly string[]): Set<string> {
  const names = stringFileNames(text);
  if (relative.length > 0 && mayRegisterImportedProcessor(text, specifiers)) {
    for (const specifier of relative) addPathNames(names, specifier);
  }
  return names;
}

/**
 * The text imports a runner or fork API and writes what starting a worker file with it
 * takes, or imports a project module and calls a fork method on what it may export.
 */
function mayStartWorkerFiles(text: string, specifiers: readonly string[]): boolean {
  return specifiers.some((specifier) => writesCall(FORK_TARGET_CALLS, text, specifier)) || (specifiers.some(isRelative) && FORK_METHOD_CALL.test(text));
}
/** Where a template literal's `${…}` stood: code, never part of a file name. */
const PLACEHOLDER = '\u0000';
/** An extension written as code (`./worker.${ext}`). */
const CODE_EXTENSION = `.${PLACEHOLDER}`;
const PATH_SEPARATOR = /[\\/]/;
/** The run of a line after a quote, up to the next quote: a string's text, or code between two strings. */
const AFTER_QUOTE = /['"`]([^'"`\n]*)/g;
const BEFORE_SPECIFIER = /(?:\bfrom|\bimport|\brequire)\s*\(?\s*$/;
/**
 * A template literal's `${…}` that holds no string: code, whose names are variables and
 * members (`${decision.index + 1}`), never the text of a file name. One that holds a string
 * (`${join(dir, 'w.js')}`) is not closed within a run, which stops at the quote, and stays.
 */
const TEMPLATE_EXPRESSION = /\$\{[^}]*\}/g;
const tests = new WeakMap<Knowledge, TextTests>();


export function knowledgeOf(settings: Readonly<Record<string, unknown>>): Knowledge {
  return knowledgeFor(readSettings(settings).connections);
}

function textTestsOf(knowledge: Knowledge): TextTests {
  const cached = tests.get(knowledge);
  if (cached) return cached;
  const makers = connectionRows(knowledge);
  const connections = connectionSpecifiers(knowledge);
  const roots = new Map([...connections].map((specifier) => [specifier, trackedNamesOf(knowledge, specifier)]));
  const packages = new Set([...makers].filter((row) => !row.builtin).flatMap((row) => row.specifiers.map(packageOf)));
  const others = new Set(knowledge.modules.filter((row) => !makers.has(row)).flatMap((row) => row.specifiers).filter((specifier) => !connections.has(specifier)));
  const roles = new Set([...ROLE_SPECIFIERS, ...knowledge.modules.filter((row) => rowGivesRole(row, knowledge)).flatMap((row) => row.specifiers)]);
  const found: TextTests = {
    connections: roots,
    packages,
    others,
    roles: new Set([...roles].filter((specifier) => !connections.has(specifier))),
    roleConnections: new Set([...roles].filter((specifier) => connections.has(specifier))),
    reexport: new RegExp(`(?:\\bexport\\b[^;'"\`]*\\bfrom|\\bexports(?:\\.[\\w$]+)?\\s*=\\s*require\\s*\\()\\s*['"\`](?:node:)?(?:${alternativesOf(others)})['"\`]`),
    ...(knowledge.userModules.length > 0 ? { userModules: knowledge } : {}),
  };
  tests.set(knowledge, found);
  return found;
}

/**
 * For each library with an API that forks the calling module, the words a text must write
 * to call it (`fork` of `cluster.fork()`); true when the library's export itself forks
 * (`throng()`), under whatever name the module gives it.
 */
const SELF_FORK_CALLS = callsBySpecifier((library) =>
  FORK_SITES.filter((site) => site.library === library && ('self' in site.entry || site.selfArgs)).map((site) => site.path.at(-1)),
);

/**
 * The text may call the API of `specifier` that forks the calling module: the only way a
 * module that neither connects through it nor re-exports it can export a helper that gives
 * a role.
 */
function writesSelfFork(text: string, specifier: string): boolean {
  return writesCall(SELF_FORK_CALLS, text, specifier);
}

function packageOf(specifier: string): string {
  const parts = specifier.split('/');
  return (specifier.startsWith('@') ? parts.slice(0, 2) : parts.slice(0, 1)).join('/');
}

/**
 * The packages whose modules make connections, or undefined when any project may make
 * one through its own modules (settings declare the project's own connection modules).
 */
export function connectionPackages(knowledge: Knowledge): ReadonlySet<string> | undefined {
  const found = textTestsOf(knowledge);
  return found.userModules ? undefined : found.packages;
}

/** The quote at `at` opens an import specifier: `from '`, `import '`, `require('`, `import('`. */
function opensSpecifier(text: string, at: number): boolean {
  let before = at - 1;
  while (before >= 0 && /\s/.test(text[before]!)) before--;
  // Each keyword ends in `m`, `t` or `(`: most quotes are told apart by that one character.
  const last = text[before];
  return (last === 'm' || last === 't' || last === '(') && BEFORE_SPECIFIER.test(text.slice(Math.max(0, at - 12), at));
}

function addName(names: Set<string>, segment: string): void {
  const trimmed = segment.trim();
  const name = !trimmed.includes('.') ? trimmed : trimmed.endsWith(CODE_EXTENSION) ? trimmed.slice(0, -CODE_EXTENSION.length) : trimmed.replace(SOURCE_FILE, '');
  if (name !== '' && !name.includes(PLACEHOLDER)) names.add(name);
}

/** Each path segment of `written`, less a source extension (most runs hold no separator). */
function addPathNames(names: Set<string>, written: string): void {
  if (!written.includes('/') && !written.includes('\\')) addName(names, written);
  else for (const segment of written.split(PATH_SEPARATOR)) addName(names, segment);
}

/**
 * The file names a fork file's strings (and the code between two strings on a line) write,
 * less import specifiers: each path segment without its source extension. A segment with
 * code in it (`${name}.js`) names no file the text can tell. Every file of a runner's own
 * repository is read so, hence the fast paths.
 */
function stringFileNames(text: string): Set<string> {
  const names = new Set<string>();
  for (const match of text.matchAll(AFTER_QUOTE)) {
    const run = match[1]!;
    if (run === '' || opensSpecifier(text, match.index)) continue;
    addPathNames(names, run.includes('${') ? run.replace(TEMPLATE_EXPRESSION, PLACEHOLDER) : run);
  }
  return names;
}


export function textFactsOf(text: string, file: string, root: string, knowledge: Knowledge): TextFacts {
  const { connections, others, roles, roleConnections, reexport, userModules } = textTestsOf(knowledge);
  const specifiers = moduleSpecifiers(text).map(withoutNodePrefix);
  const namesUserModule = userModules !== undefined && namesTrackedModule({ text, filename: file, cwd: root, knowledge: userModules });
  // A module that imports a driver only for its types (`import { Db } from 'mongodb'`) can make no connection with it.
  const bindsConnection = (specifier: string): boolean => connections.has(specifier) && mayBindTracked(text, specifier, connections.get(specifier)!);
  const mayConnect = specifiers.some(bindsConnection) || namesUserModule;
  let reexportsCache: boolean | undefined;
  // Asked at most once, and last: the test runs over the whole text.
  const reexportsTracked = (): boolean => (reexportsCache ??= reexport.test(text));
  const mayExport =
    mayConnect ||
    // A self-forking library: a module of the project may export a helper around its fork API.
    specifiers.some((specifier) => SELF_FORKING_SPECIFIERS.has(specifier)) ||
    (specifiers.some((specifier) => others.has(specifier)) && reexportsTracked());
  const namedRoles = specifiers.filter((specifier) => roles.has(specifier));
  // What may export nothing exports no role either; a role library, like any other, is passed on only by re-exporting it.
  const mayGiveRole = mayExport && (namesUserModule || specifiers.some((specifier) => roleConnections.has(specifier) && bindsConnection(specifier))
    || (namedRoles.length > 0 && (namedRoles.some((specifier) => writesSelfFork(text, specifier)) || reexportsTracked())));
  const relative = specifiers.filter(isRelative);
  const facts = { mayExport, mayConnect, mayGiveRole, relative };
  return mayStartWorkerFiles(text, specifiers) ? { ...facts, fileNames: forkFileNames(text, specifiers, relative) } : facts;
}

/**
 * The names a fork site must write, as a path segment of a string, to start `file`: its
 * name without the extension (a compiled `.js` name and its `.ts` source share it), and
 * for an `index` file the name of its folder too (`new Worker('./worker')` starts
 * `worker/index.js`). A name split across several strings (`'resize-' + 'worker.js'`) is
 * not seen.
 */
export function namesOf(file: string): string[] {
  const stem = path.basename(file).replace(SOURCE_FILE, '');
  return stem === 'index' ? [stem, path.basename(path.dirname(file))] : [stem];
}

/** The text of a fork file may name `file` (one of its names is a path segment of its strings). */
export function mayName(facts: TextFacts, names: readonly string[]): boolean {
  const written = facts.fileNames;
  return written !== undefined && names.some((name) => written.has(name));
}
