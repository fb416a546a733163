// Review round 1, item 10: one walk from code to the task or run-once work it runs in, with a
// policy for each question: `taskOf` (closes) and `workOf` (the factories of no-connection-per-task).
import type { TSESTree } from '@typescript-eslint/utils';
import { walk } from '../../src/util/ast.js';
import { factsOf } from '../helpers/facts.js';

/** The task (by label) or kind of work that `taskOf` and `workOf` give the call `here()`. */
function answers(code: string): { taskOf?: string; workOf?: string } {
  const facts = factsOf(code);
  let here: TSESTree.Node | undefined;
  walk(facts.sourceCode.ast as TSESTree.Program, facts.sourceCode.visitorKeys, (node) => {
    if (node.type === 'CallExpression' && node.callee.type === 'Identifier' && node.callee.name === 'here') here = node;
  });
  const work = facts.workers.workOf(here!);
  return { taskOf: facts.workers.taskOf(here!)?.label, workOf: work && (work.kind === 'task' ? work.task.label : 'run-once') };
}

const HANDLER = 'the `parentPort` message handler';
const head = `import { parentPort } from 'node:worker_threads';\nfunction here() {}\n`;

describe('the work code runs in', () => {
  it('through a helper only the task calls: both questions', () => {
    expect(answers(`${head}function helper() { here(); }\nparentPort.on('message', () => helper());`)).toEqual({ taskOf: HANDLER, workOf: HANDLER });
  });

  it('through a listener in a helper: taskOf only (a listener runs on events, not in place)', () => {
    const code = `${head}function helper(job) { job.events.on('done', () => here()); }\nparentPort.on('message', (job) => helper(job));`;
    expect(answers(code)).toEqual({ taskOf: HANDLER, workOf: undefined });
  });

  it('through a callback that runs in place: both', () => {
    expect(answers(`${head}parentPort.on('message', () => { [1].forEach(() => here()); });`)).toEqual({ taskOf: HANDLER, workOf: HANDLER });
  });

  it.each([
    ['export function', `export function helper() { here(); }`],
    ['export const', `export const helper = () => { here(); };`],
    ['export default function', `export default function helper() { here(); }`],
  ])('through a helper other modules may call (%s): workOf only', (_shape, helper) => {
    expect(answers(`${head}${helper}\nparentPort.on('message', () => helper());`)).toEqual({ taskOf: undefined, workOf: HANDLER });
  });

  it('through a helper also handed to other code: neither', () => {
    expect(answers(`${head}function helper() { here(); }\nparentPort.on('message', () => helper());\nsetInterval(helper, 1000);`)).toEqual({ taskOf: undefined, workOf: undefined });
  });
});
