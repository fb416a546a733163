/**
 * The text test for "may this file fork itself" (mayForkItself), asked before a file that
 * imports a module which connects as it loads is searched and tracked. False must be sure:
 * every shape the fork sites judge self-forking passes it. The sibling shapes (a worker or
 * child started from another file) fail it, and such a file is then neither searched for
 * connecting imports nor tracked.
 */
import { trackImports } from '../../src/analysis/imports.js';
import { mentionedModules } from '../../src/analysis/imports.js';
import { mayForkItself } from '../../src/analysis/roles/self-fork-text.js';
import { BUILTIN_KNOWLEDGE } from '../../src/knowledge/index.js';
import { factsWith, type ProjectDouble } from '../helpers/project-double.js';

vi.mock('../../src/analysis/imports.js', async (importOriginal) => {
  const actual = await importOriginal<typeof import('../../src/analysis/imports.js')>();
  return { ...actual, trackImports: vi.fn(actual.trackImports) };
});

/** A project module that connects as it loads: what makes a self-forking primary worth analysing. */
const CONNECTING: ProjectDouble = { onLoad: { './db.js': { library: 'pg', module: 'src/db.js' } } };

function textSays(code: string): boolean {
  return mayForkItself(code, mentionedModules(code, BUILTIN_KNOWLEDGE));
}

/** What the full analysis says (roles.selfForking), what the text test says, and whether the file reaches a connection. */
function judged(code: string, sourceType: 'module' | 'commonjs') {
  const facts = factsWith(code, CONNECTING, { filename: 'src/app.js', sourceType, read: (found) => void found.reachesConnections });
  return { selfForking: facts.roles.selfForking, text: textSays(code), reaches: facts.reachesConnections };
}

const SELF_FORKING: readonly Case[] = [
  ['cluster.fork()', `import cluster from 'node:cluster';\nimport './db.js';\nif (cluster.isPrimary) cluster.fork();\n`],
  ['cluster through require', `const cluster = require('cluster');\nrequire('./db.js');\nif (cluster.isMaster) cluster.fork();\n`, 'commonjs'],
  ['cluster.fork handed to other code', `import cluster from 'cluster';\nimport os from 'node:os';\nimport './db.js';\nif (cluster.isPrimary) os.cpus().forEach(cluster.fork);\n`],
  ['throng', `import throng from 'throng';\nimport './db.js';\nthrong({ worker: () => {}, count: 2 });\n`],
  ['fork(__filename)', `const { fork } = require('child_process');\nrequire('./db.js');\nif (!process.send) fork(__filename);\n`, 'commonjs'],
  ['fork(process.argv[1])', `import { fork } from 'node:child_process';\nimport './db.js';\nif (!process.send) fork(process.argv[1]);\n`],
  ['fork of an alias of process.argv[1]', `import { fork } from 'node:child_process';\nimport './db.js';\nconst { argv } = process;\nconst me = argv[1];\nif (!process.send) fork(me);\n`],
  ['new Worker(new URL(import.meta.url))', `import { Worker, isMainThread } from 'node:worker_threads';\nimport './db.js';\nif (isMainThread) new Worker(new URL(import.meta.url));\n`],
  ['new Worker(fileURLToPath(import.meta.url))', `import { Worker, isMainThread } from 'node:worker_threads';\nimport { fileURLToPath } from 'node:url';\nimport './db.js';\nif (isMainThread) new Worker(fileURLToPath(import.meta.url));\n`],
  ['new Worker(import.meta.filename)', `import { Worker, isMainThread } from 'node:worker_threads';\nimport './db.js';\nif (isMainThread) new Worker(import.meta.filename);\n`],
  ['new Worker(__filename)', `const { Worker, isMainThread } = require('worker_threads');\nrequire('./db.js');\nif (isMainThread) new Worker(__filename);\n`, 'commonjs'],
];

const SIBLINGS: readonly Case[] = [
  ['a worker by URL beside it', `import { Worker } from 'node:worker_threads';\nimport './db.js';\nexport const start = () => new Worker(new URL('./resize-worker.js', import.meta.url));\n`],
  ['a worker by a template URL beside it', "import { Worker } from 'node:worker_threads';\nimport './db.js';\nexport const start = () => new Worker(new URL(`./resize-worker.js`, import.meta.url));\n"],
  ['a child by path.join(__dirname, …)', `const { fork } = require('child_process');\nconst path = require('path');\nrequire('./db.js');\nexports.start = () => fork(path.join(__dirname, 'child.js'));\n`, 'commonjs'],
  ['a child by import.meta.dirname', `import { fork } from 'node:child_process';\nimport path from 'node:path';\nimport './db.js';\nexport const start = () => fork(path.join(import.meta.dirname, 'child.js'));\n`],
  ['a piscina pool of another file', `import Piscina from 'piscina';\nimport './db.js';\nexport const pool = new Piscina({ filename: new URL('./task.js', import.meta.url).href });\n`],
];

type Case = readonly [string, string, ('module' | 'commonjs')?];

function withSourceType(cases: readonly Case[]): [string, string, 'module' | 'commonjs'][] {
  return cases.map(([name, code, sourceType]) => [name, code, sourceType ?? 'module']);
}

describe('mayForkItself: every self-forking shape passes the text test', () => {
  it.each(withSourceType(SELF_FORKING))('%s', (_name, code, sourceType) => {
    expect(judged(code, sourceType)).toEqual({ selfForking: true, text: true, reaches: true });
  });
});

describe('mayForkItself: a file that starts only other files fails it, and is neither searched nor tracked for it', () => {
  it.each(withSourceType(SIBLINGS))('%s', (_name, code, sourceType) => {
    vi.mocked(trackImports).mockClear();
    const facts = factsWith(code, CONNECTING, { filename: 'src/app.js', sourceType, read: (found) => void found.reachesConnections });
    expect({ reaches: facts.reachesConnections, tracked: vi.mocked(trackImports).mock.calls.length > 0, text: textSays(code) }).toEqual({ reaches: false, tracked: false, text: false });
    // The full analysis agrees: it does not fork itself.
    expect(facts.roles.selfForking).toBe(false);
  });
});

describe('mayForkItself: the reads it cannot tell apart stay a maybe', () => {
  it.each([
    ['a URL of the file itself with a query', `new Worker(new URL('?worker', import.meta.url));`],
    ['a URL of the file itself with an empty relative part', `new Worker(new URL('', import.meta.url));`],
    ['a URL whose relative part is not a plain string', 'new Worker(new URL(`./${name}.js`, import.meta.url));'],
    ['import.meta.url on its own', `const here = import.meta.url;`],
    ['__filename in a comment', `// started again as fork(__filename) by the supervisor`],
  ])('%s', (_name, code) => {
    expect(textSays(code)).toBe(true);
  });

  it('a project module with `cluster` in its name is no cluster import', () => {
    expect(textSays(`import { clusterName } from './cluster-config.js';\nexport const label = clusterName;\n`)).toBe(false);
  });
});
