/** Statement lists: the places where a statement can stand, and be inserted next to another. */
import type { TSESTree } from '@typescript-eslint/utils';
import type { Node } from './ast.js';

export type Statement = TSESTree.Statement | TSESTree.ProgramStatement;
export type StatementList = TSESTree.Program | TSESTree.BlockStatement | TSESTree.StaticBlock | TSESTree.SwitchCase;

export function isStatementList(node: Node): node is StatementList {
  return node.type === 'Program' || node.type === 'BlockStatement' || node.type === 'StaticBlock' || node.type === 'SwitchCase';
}

export function statementsOf(list: StatementList): readonly Statement[] {
  return list.type === 'SwitchCase' ? list.consequent : list.body;
}
