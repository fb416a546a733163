import type { TSESTree } from '@typescript-eslint/utils';
import { BOTH, PRIMARY, WORKER, type RoleMask } from '../../src/analysis/roles.js';
import { walk } from '../../src/util/ast.js';
import { factsOf, type FactsOptions } from '../helpers/facts.js';

/** The role of every call to a function named `here*`, by its name. */
function rolesOf(code: string, options: FactsOptions = {}): Record<string, RoleMask> {
  const facts = factsOf(code, options);
  const found: Record<string, RoleMask> = {};
  walk(facts.sourceCode.ast as TSESTree.Program, facts.sourceCode.visitorKeys, (node) => {
    if (node.type === 'CallExpression' && node.callee.type === 'Identifier' && node.callee.name.startsWith('here')) {
      found[node.callee.name] = facts.roles.roleOf(node);
    }
  });
  return found;
}

describe('self-forking modules', () => {
  it.each([
    ['cluster.fork()', `import cluster from 'node:cluster'; cluster.fork();`, true],
    ['new Worker(__filename)', `const { Worker } = require('worker_threads'); new Worker(__filename);`, true],
    ['new Worker(import.meta.url)', `import { Worker } from 'node:worker_threads'; new Worker(import.meta.url);`, true],
    ['new Worker(new URL(import.meta.url))', `import { Worker } from 'node:worker_threads'; new Worker(new URL(import.meta.url));`, true],
    ['fork(process.argv[1])', `import { fork } from 'node:child_process'; fork(process.argv[1]);`, true],
    ['throng(start)', `import throng from 'throng'; throng(() => {});`, true],
    ["fork('./child.js')", `import { fork } from 'node:child_process'; fork('./child.js');`, false],
    ["new Worker('./w.js')", `import { Worker } from 'node:worker_threads'; new Worker('./w.js');`, false],
    ['cluster.setupPrimary({ exec })', `import cluster from 'node:cluster'; cluster.setupPrimary({ exec: 'w.js' }); cluster.fork();`, false],
    ['no fork at all', `import cluster from 'node:cluster'; if (cluster.isPrimary) {}`, false],
    // The self path is evaluated where each name comes from, not matched by name.
    ['fileURLToPath from node:url', `import { Worker } from 'node:worker_threads'; import { fileURLToPath } from 'node:url'; new Worker(fileURLToPath(import.meta.url));`, true],
    ['url.fileURLToPath through a const', `import { Worker } from 'node:worker_threads'; import url from 'node:url'; const self = url.fileURLToPath(import.meta.url); new Worker(self);`, true],
    [
      'a local function named fileURLToPath',
      `import { Worker } from 'node:worker_threads'; function fileURLToPath(url) { return new URL('./w.js', url).pathname; } new Worker(fileURLToPath(import.meta.url));`,
      false,
    ],
    ['a local class named URL', `import { Worker } from 'node:worker_threads'; class URL { constructor(base) { this.href = base + '/w.js'; } } new Worker(new URL(import.meta.url));`, false],
    ['new Worker(import.meta.filename)', `import { Worker } from 'node:worker_threads'; new Worker(import.meta.filename);`, true],
    ["a file named by a literal", `import { Worker } from 'node:worker_threads'; new Worker(new URL('./file.js', import.meta.url));`, false],
    ['a local __filename', `const { Worker } = require('worker_threads'); function start(__filename) { new Worker(__filename); }`, false],
    // `process.argv[1]` is the tracked `process`, however it is reached.
    ['fork(argv[1]) from node:process', `import { fork } from 'node:child_process'; import process from 'node:process'; const { argv } = process; fork(argv[1]);`, true],
    ['fork(script) through a const', `import { fork } from 'node:child_process'; const script = process.argv[1]; fork(script);`, true],
    ['fork(process.argv[2])', `import { fork } from 'node:child_process'; fork(process.argv[2]);`, false],
    ['a local process object', `import { fork } from 'node:child_process'; const process = { argv: ['', './w.js'] }; fork(process.argv[1]);`, false],
    ['new Worker(process.argv[1])', `import { Worker } from 'node:worker_threads'; new Worker(process.argv[1]);`, false],
    ['cluster.setupMaster({ exec })', `import cluster from 'node:cluster'; cluster.setupMaster({ exec: 'w.js' }); cluster.fork();`, false],
    ['cluster.setupPrimary() without exec', `import cluster from 'node:cluster'; cluster.setupPrimary({ silent: true }); cluster.fork();`, true],
  ])('%s', (_name, code, selfForking) => {
    const sourceType = code.includes('require(') ? 'commonjs' : 'module';
    expect(factsOf(code, { sourceType }).roles.selfForking).toBe(selfForking);
  });

  it('names each fork site as written', () => {
    const facts = factsOf(`import cluster from 'node:cluster'; import { Worker } from 'node:worker_threads'; cluster.fork(); new Worker(new URL(import.meta.url));`);
    expect(facts.roles.forkSites.map((site) => [site.label, site.self])).toEqual([
      ['cluster.fork()', true],
      ['new Worker()', true],
    ]);
  });

  it('gives every node both roles in a file that does not fork itself', () => {
    expect(rolesOf(`import cluster from 'node:cluster'; if (cluster.isPrimary) hereA(); cluster.setupPrimary({ exec: 'w.js' }); cluster.fork();`)).toEqual({ hereA: BOTH });
  });
});

describe('roles', () => {
  const fork = `import cluster from 'node:cluster'; cluster.fork();\n`;

  it('reads if / else, negations and the old names', () => {
    expect(
      rolesOf(`${fork}
        if (cluster.isPrimary) hereA(); else hereB();
        if (!cluster.isMaster) hereC();
        if (cluster.isWorker) hereD();
        hereE();`),
    ).toEqual({ hereA: PRIMARY, hereB: WORKER, hereC: WORKER, hereD: WORKER, hereE: BOTH });
  });

  it('reads && and || combinations, comparisons and ternaries', () => {
    expect(
      rolesOf(`${fork}
        if (cluster.isPrimary && process.env.X) hereA(); else hereB();
        if (cluster.isPrimary || process.env.X) hereC(); else hereD();
        if (cluster.isPrimary === false) hereE();
        cluster.isWorker ? hereF() : hereG();
        cluster.isWorker && hereH();`),
    ).toEqual({ hereA: PRIMARY, hereB: BOTH, hereC: BOTH, hereD: WORKER, hereE: WORKER, hereF: WORKER, hereG: PRIMARY, hereH: WORKER });
  });

  it('follows aliases of the tests', () => {
    expect(
      rolesOf(`${fork}
        const { isPrimary } = cluster;
        const worker = cluster.isWorker;
        if (isPrimary) hereA();
        if (worker) hereB();`),
    ).toEqual({ hereA: PRIMARY, hereB: WORKER });
  });

  it('reads worker_threads, process.send and NODE_UNIQUE_ID tests', () => {
    expect(
      rolesOf(`
        import { Worker, isMainThread } from 'node:worker_threads';
        new Worker(new URL(import.meta.url));
        if (isMainThread) hereA(); else hereB();
        if (typeof process.send === 'function') hereC();
        if (process.send === undefined) hereD();
        if (process.env.NODE_UNIQUE_ID) hereE();`),
    ).toEqual({ hereA: PRIMARY, hereB: WORKER, hereC: WORKER, hereD: PRIMARY, hereE: WORKER });
  });

  it('reads early returns and process.exit()', () => {
    expect(
      rolesOf(`${fork}
        async function main() {
          if (cluster.isPrimary) { hereA(); return; }
          hereB();
        }
        function other() {
          if (cluster.isWorker) process.exit(0);
          hereC();
        }
        main();
        other();`),
    ).toEqual({ hereA: PRIMARY, hereB: WORKER, hereC: PRIMARY });
  });

  it('reads process.exit() however process is reached', () => {
    expect(
      rolesOf(`import cluster from 'node:cluster';
        import process from 'node:process';
        const { exit } = process;
        cluster.fork();
        function other() {
          if (cluster.isPrimary) exit(1);
          hereB();
        }
        other();
        if (!cluster.isPrimary) { process.exit(0); }
        hereA();`),
    ).toEqual({ hereA: PRIMARY, hereB: WORKER });
  });

  it('reads switch statements, with fall-through', () => {
    expect(
      rolesOf(`${fork}
        switch (true) {
          case cluster.isPrimary: hereA(); break;
          default: hereB();
        }
        switch (cluster.isWorker) {
          case true: hereC();
          case false: hereD(); break;
        }`),
    ).toEqual({ hereA: PRIMARY, hereB: WORKER, hereC: WORKER, hereD: BOTH });
  });

  it('gives a function the roles of the places it is called or handed over from', () => {
    expect(
      rolesOf(`${fork}
        function onlyWorker() { hereA(); }
        function both() { hereB(); }
        const handler = () => hereC();
        export function exported() { hereD(); }
        function recursive() { hereE(); recursive(); }
        if (cluster.isPrimary) { both(); recursive(); } else { onlyWorker(); both(); setTimeout(handler); }`),
    ).toEqual({ hereA: WORKER, hereB: BOTH, hereC: WORKER, hereD: BOTH, hereE: PRIMARY });
  });

  it("gives throng's functions their roles", () => {
    expect(
      rolesOf(`
        import throng from 'throng';
        function start() { hereA(); }
        async function master() { hereB(); }
        throng({ worker: start, master });
        throng(4, () => hereC());
        throng({ start: () => hereD(), primary: () => hereE() });
        hereF();`),
    ).toEqual({ hereA: WORKER, hereB: PRIMARY, hereC: WORKER, hereD: WORKER, hereE: PRIMARY, hereF: BOTH });
  });

  it('does not take a look-alike for a role test', () => {
    expect(
      rolesOf(`${fork}
        const other = { isPrimary: true };
        import { isPrimary } from './roles.js';
        if (other.isPrimary) hereA();
        if (isPrimary) hereB();`),
    ).toEqual({ hereA: BOTH, hereB: BOTH });
  });

  it('finds where the worker path starts', () => {
    const facts = factsOf(`${fork}
      import http from 'node:http';
      function handle(req, res) { res.end(); }
      if (cluster.isPrimary) {
        cluster.fork();
      } else {
        const server = http.createServer(handle);
        server.listen(80);
      }`);
    const handle = (facts.sourceCode.ast as TSESTree.Program).body.find((node) => node.type === 'FunctionDeclaration')!;
    const start = facts.roles.workerPathStart((handle as TSESTree.FunctionDeclaration).body.body[0]!);
    expect(facts.sourceCode.getText(start!)).toBe('const server = http.createServer(handle);');
  });
});
