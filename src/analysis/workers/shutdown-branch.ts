/**
 * Code of a task that runs only when the message is a given command: a shutdown command
 * (`if (msg.type === 'stop') …`) or a setup command (`case 'init':`).
 */
import type { TSESLint } from '@typescript-eslint/utils';
import { INIT_COMMANDS, SHUTDOWN_COMMANDS } from '../../knowledge/workers.js';
import { isAncestor, type Node } from '../../util/ast.js';
import { variableOf } from '../../util/variables.js';
import type { TaskFunction } from './types.js';
import { skipWrappersAndVoid } from './unwrap.js';

type Source = Readonly<TSESLint.SourceCode>;

const MAX_DERIVATION_DEPTH = 3;

/** The commands a branch tests for, and the task whose message it reads. */
interface Command {
  readonly names: ReadonlySet<string>;
  readonly task: TaskFunction;
  readonly sourceCode: Source;
}

export function inShutdownBranch(node: Node, task: TaskFunction, sourceCode: Source): boolean {
  return inCommandBranch(node, { names: SHUTDOWN_COMMANDS, task, sourceCode });
}

/** `node` runs only when the task's message is a setup command, sent once to each worker. */
export function inInitBranch(node: Node, task: TaskFunction, sourceCode: Source): boolean {
  return inCommandBranch(node, { names: INIT_COMMANDS, task, sourceCode });
}

function inCommandBranch(node: Node, command: Command): boolean {
  let child: Node = node;
  for (let current = node.parent; current && current !== command.task.node; child = current, current = current.parent) {
    if (current.type === 'IfStatement' || current.type === 'ConditionalExpression') {
      const test = commandTest(current.test, command);
      if ((test === 'equal' && child === current.consequent) || (test === 'unequal' && child === current.alternate)) return true;
    } else if (current.type === 'LogicalExpression' && current.operator === '&&' && child === current.right) {
      if (commandTest(current.left, command) === 'equal') return true;
    } else if (current.type === 'SwitchCase' && current.test && child !== current.test) {
      if (isCommandLiteral(current.test, command.names) && messageDerived(current.parent.discriminant, command.task, command.sourceCode)) return true;
    }
  }
  return false;
}

/** 'equal' for `msg.type === 'stop'`, 'unequal' for `!==`, undefined when not a command test. */
function commandTest(test: Node, command: Command): 'equal' | 'unequal' | undefined {
  if (test.type === 'LogicalExpression' && test.operator === '||') {
    const left = commandTest(test.left, command);
    return left === 'equal' && commandTest(test.right, command) === 'equal' ? 'equal' : undefined;
  }
  if (test.type !== 'BinaryExpression' || test.left.type === 'PrivateIdentifier') return undefined;
  const equal = test.operator === '===' || test.operator === '==';
  const unequal = test.operator === '!==' || test.operator === '!=';
  if (!equal && !unequal) return undefined;
  const literalLeft = isCommandLiteral(test.left, command.names);
  const [literal, other] = literalLeft ? [test.left, test.right] : [test.right, test.left];
  if (!isCommandLiteral(literal, command.names) || !messageDerived(other, command.task, command.sourceCode)) return undefined;
  return equal ? 'equal' : 'unequal';
}

function isCommandLiteral(node: Node, names: ReadonlySet<string>): boolean {
  const value = node.type === 'Literal' ? node.value : node.type === 'TemplateLiteral' && node.expressions.length === 0 ? node.quasis[0]?.value.cooked : undefined;
  return typeof value === 'string' && names.has(value.toLowerCase());
}

/** The expression reads the task's message: its parameter, or a local of the task derived from it. */
function messageDerived(expression: Node, task: TaskFunction, sourceCode: Source, depth = 0): boolean {
  let root = skipWrappersAndVoid(expression);
  while (root.type === 'MemberExpression') root = skipWrappersAndVoid(root.object);
  if (root.type !== 'Identifier' || depth > MAX_DERIVATION_DEPTH) return false;
  const definition = variableOf(root, sourceCode)?.defs[0];
  if (!definition) return false;
  if (definition.type === 'Parameter') return definition.node === task.node;
  const declarator = definition.node as Node;
  if (declarator.type !== 'VariableDeclarator' || !declarator.init) return false;
  return isAncestor(task.node, declarator) && messageDerived(declarator.init, task, sourceCode, depth + 1);
}
