// Review round 1, item 1: where inserted code runs. A function declaration runs where it is
// called; a statement written beside it runs where the declaration stands.
import type { TSESTree } from '@typescript-eslint/utils';
import { BOTH, WORKER } from '../../src/analysis/roles.js';
import { factsOf, type FactsOptions } from '../helpers/facts.js';

function workDeclaration(code: string, options: FactsOptions = {}) {
  const facts = factsOf(code, options);
  const program = facts.sourceCode.ast as TSESTree.Program;
  const declaration = program.body.find((statement) => statement.type === 'FunctionDeclaration')!;
  return { roles: facts.roles, declaration };
}

const THREAD = `import { Worker, isMainThread, parentPort } from 'node:worker_threads';`;

describe('the role of a place', () => {
  it('beside a function declaration is where it stands, not where it is called', () => {
    const { roles, declaration } = workDeclaration(`${THREAD}
function work() { parentPort.on('message', () => {}); }
if (isMainThread) new Worker(new URL(import.meta.url)); else work();`);
    expect(roles.roleOf(declaration)).toBe(WORKER);
    expect(roles.roleOfPlace(declaration)).toBe(BOTH);
  });

  it('follows an early exit of the primary before the declaration', () => {
    const { roles, declaration } = workDeclaration(`const cluster = require('node:cluster');
if (cluster.isPrimary) { cluster.fork(); return; }
function work() {}
work();`, { sourceType: 'commonjs' });
    expect(roles.roleOfPlace(declaration)).toBe(WORKER);
  });

  it('of any other node is its role', () => {
    const facts = factsOf(`${THREAD}
if (isMainThread) new Worker(new URL(import.meta.url)); else parentPort.on('message', () => {});`);
    const branch = (facts.sourceCode.ast as TSESTree.Program).body.find((statement) => statement.type === 'IfStatement')!;
    const call = (branch as TSESTree.IfStatement).alternate!;
    expect(facts.roles.roleOfPlace(call)).toBe(WORKER);
    expect(facts.roles.roleOfPlace(call)).toBe(facts.roles.roleOf(call));
  });

  it('is both roles in a module that does not fork itself', () => {
    const { roles, declaration } = workDeclaration(`${THREAD}
function work() { parentPort.on('message', () => {}); }
if (!isMainThread) work();`);
    expect(roles.roleOfPlace(declaration)).toBe(BOTH);
  });
});
