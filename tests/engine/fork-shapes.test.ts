// Issue 11: fork sites handed over by reference, the worker counts read from them, and
// roles told apart by a marker the module's own fork call passes.
import type { TSESTree } from '@typescript-eslint/utils';
import { BOTH, PRIMARY, WORKER, type RoleMask } from '../../src/analysis/roles.js';
import { forkSiteCount } from '../../src/analysis/worker-counts.js';
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

/** Each fork site's label, whether it runs this module, and how many workers it starts. */
function sitesOf(code: string, options: FactsOptions = {}): [string, boolean, unknown][] {
  const facts = factsOf(code, options);
  return facts.roles.forkSites.map((site) => {
    const count = forkSiteCount(site, facts.sourceCode, (node) => facts.roles.runsOnce(node));
    return [site.label, site.self, count === 'restart' || count === undefined ? count : count.kind === 'known' ? count.value : count.kind];
  });
}

const sourceTypeOf = (code: string): FactsOptions['sourceType'] => (code.includes('require(') ? 'commonjs' : 'module');

describe('fork sites handed over by reference', () => {
  it.each([
    ['os.cpus().forEach(cluster.fork)', `import cluster from 'node:cluster'; import os from 'node:os'; os.cpus().forEach(cluster.fork);`, [['cluster.fork', true, 'per-cpu']]],
    ['Array.from({ length: n }, cluster.fork)', `import cluster from 'node:cluster'; const n = 4; Array.from({ length: n }, cluster.fork);`, [['cluster.fork', true, 4]]],
    ['setTimeout(cluster.fork): once, but not counted', `import cluster from 'node:cluster'; setTimeout(cluster.fork, 1000);`, [['cluster.fork', true, undefined]]],
    ["cluster.on('exit', cluster.fork): a restart", `import cluster from 'node:cluster'; cluster.on('exit', cluster.fork);`, [['cluster.fork', true, 'restart']]],
    [
      'a loop of calls and a restart by reference',
      `import cluster from 'node:cluster'; for (let i = 0; i < 3; i++) cluster.fork(); cluster.on('exit', cluster.fork);`,
      [['cluster.fork()', true, 3], ['cluster.fork', true, 'restart']],
    ],
    ['a named import', `import { fork } from 'node:cluster'; import { cpus } from 'node:os'; cpus().map(fork);`, [['fork', true, 'per-cpu']]],
    ['destructured from require', `const { fork } = require('cluster'); const os = require('os'); os.cpus().forEach(fork);`, [['fork', true, 'per-cpu']]],
    ['through a const alias', `const cluster = require('node:cluster'); const start = cluster.fork; Array.from({ length: 2 }, start);`, [['start', true, 2]]],
    ['in a loop', `import cluster from 'node:cluster'; for (let i = 0; i < 2; i++) setImmediate(cluster.fork);`, [['cluster.fork', true, undefined]]],
    ['redirected by setupPrimary({ exec })', `import cluster from 'node:cluster'; import os from 'node:os'; cluster.setupPrimary({ exec: 'w.js' }); os.cpus().forEach(cluster.fork);`, [['cluster.fork', false, 'per-cpu']]],
    ['a read that is no argument', `import cluster from 'node:cluster'; const handlers = { start: cluster.fork }; if (cluster.fork) {}`, []],
    ['a call stays a call', `import cluster from 'node:cluster'; cluster.fork();`, [['cluster.fork()', true, 1]]],
    ['a local object named cluster', `const cluster = { fork() {} }; setTimeout(cluster.fork);`, []],
    // child_process.fork needs its path: handed over, it forks nothing this file can tell.
    ['child_process.fork by reference', `import { fork } from 'node:child_process'; setTimeout(fork, 10, __filename);`, []],
  ])('%s', (_name, code, expected) => {
    expect(sitesOf(code, { sourceType: sourceTypeOf(code) })).toEqual(expected);
  });

  it('makes the module self-forking, with roles', () => {
    const code = `import cluster from 'node:cluster'; import os from 'node:os';
      if (cluster.isPrimary) { os.cpus().forEach(cluster.fork); hereA(); } else { hereB(); }
      hereC();`;
    expect(factsOf(code).roles.selfForking).toBe(true);
    expect(rolesOf(code)).toEqual({ hereA: PRIMARY, hereB: WORKER, hereC: BOTH });
  });

  it('counts the workers of a pool made in each of them', () => {
    const facts = factsOf(`import cluster from 'node:cluster'; import pg from 'pg';
      if (cluster.isPrimary) { Array.from({ length: 16 }, cluster.fork); cluster.on('exit', cluster.fork); }
      else { const db = new pg.Pool(); db.on('error', () => {}); }`);
    expect(facts.perWorkerPools.map((pool) => [pool.name, pool.count, pool.site])).toEqual([['db', { kind: 'known', value: 16 }, '`cluster.fork`']]);
  });
});

describe('roles from a marker the fork call passes', () => {
  it.each([
    [
      "process.argv[2] === 'child'",
      `import { fork } from 'node:child_process';
        if (process.argv[2] === 'child') hereA(); else { fork(__filename, ['child']); hereB(); }`,
      { hereA: WORKER, hereB: PRIMARY },
    ],
    [
      "process.argv.includes('child')",
      `const { fork } = require('child_process');
        if (!process.argv.includes('--child')) { fork(__filename, ['--child']); hereB(); } else hereA();`,
      { hereA: WORKER, hereB: PRIMARY },
    ],
    [
      'an env marker',
      `import { fork } from 'node:child_process';
        if (process.env.ROLE === 'worker') hereA();
        else { fork(process.argv[1], [], { env: { ...process.env, ROLE: 'worker' } }); hereB(); }`,
      { hereA: WORKER, hereB: PRIMARY },
    ],
    [
      'an env marker tested on its own, and in a switch',
      `const { fork } = require('child_process');
        const IS_CHILD = 'IS_CHILD';
        if (process.env.IS_CHILD) hereA(); else fork(__filename, { env: { IS_CHILD: '1' } });
        switch (process.env['IS_CHILD']) { case '1': hereB(); break; default: hereC(); }`,
      { hereA: WORKER, hereB: WORKER, hereC: PRIMARY },
    ],
    [
      'a marker test kept in a const',
      `import { fork } from 'node:child_process';
        const isChild = process.argv[2] === 'child';
        if (isChild) hereA(); else fork(__filename, ['child']);`,
      { hereA: WORKER },
    ],
    [
      'the marker read through a const',
      `import { fork } from 'node:child_process';
        const role = process.env.ROLE;
        if (role !== 'w') { fork(__filename, { env: { ROLE: 'w' } }); hereB(); } else hereA();`,
      { hereA: WORKER, hereB: PRIMARY },
    ],
    [
      'a cluster env marker',
      `import cluster from 'node:cluster';
        if (process.env.KIND === 'mailer') hereA(); else if (cluster.isPrimary) { cluster.fork({ KIND: 'mailer' }); hereB(); }`,
      { hereA: WORKER, hereB: PRIMARY },
    ],
    [
      'a worker_threads argv marker',
      `import { Worker } from 'node:worker_threads';
        if (process.argv[2] === 'w') hereA(); else { new Worker(new URL(import.meta.url), { argv: ['w'] }); hereB(); }`,
      { hereA: WORKER, hereB: PRIMARY },
    ],
    [
      // Roles know one kind of worker: past both tests, a worker may still be either kind.
      'two kinds of children',
      `import { fork } from 'node:child_process';
        if (process.argv[2] === 'a') hereA(); else if (process.argv[2] === 'b') hereB(); else { fork(__filename, ['a']); fork(__filename, ['b']); hereC(); }
        if (process.argv[2] !== 'a' && process.argv[2] !== 'b') hereD();`,
      { hereA: WORKER, hereB: WORKER, hereC: BOTH, hereD: BOTH },
    ],
  ])('%s', (_name, code, expected) => {
    expect(rolesOf(code, { sourceType: sourceTypeOf(code) })).toEqual(expected);
  });

  it.each([
    // A name alone tells nothing: no fork call passes this value.
    ['a marker no fork call passes', `import { fork } from 'node:child_process'; if (process.argv[2] === 'child') hereA(); else fork(__filename);`],
    ['an env name no fork call sets', `import { fork } from 'node:child_process'; if (process.env.ROLE === 'worker') hereA(); else fork(__filename, ['child']);`],
    ['a marker passed to another file', `import { fork } from 'node:child_process'; if (process.argv[2] === 'child') hereA(); else fork('./child.js', ['child']);`],
    ['arguments the file cannot read', `import { fork } from 'node:child_process'; if (process.argv[2] === 'child') hereA(); else fork(__filename, args);`],
    ['the marker at another index', `import { fork } from 'node:child_process'; if (process.argv[3] === 'child') hereA(); else fork(__filename, ['child']);`],
    ['a local process object', `import { fork } from 'node:child_process'; const process = { argv: [] }; if (process.argv[2] === 'child') hereA(); else fork(__filename, ['child']);`],
    // Passed on to the children, but no fork site depends on it: the primary may have it too.
    [
      'an env variable passed on, not a marker',
      `import { fork } from 'node:child_process';
        if (process.env.NODE_ENV === 'production') hereA();
        if (process.argv[2] !== 'child') fork(__filename, ['child'], { env: { ...process.env, NODE_ENV: 'production' } });`,
    ],
    ['a value no fork call passes there, guarding no fork', `import { fork } from 'node:child_process'; if (process.argv[2] === 'report') hereA(); else fork(__filename, ['serve']);`],
  ])('%s', (_name, code) => {
    expect(rolesOf(code).hereA).toBe(BOTH);
  });
});
