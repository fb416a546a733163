/**
 * Class members as holders: class fields, `this.x` and `ClassName.x`. A class has one holder
 * per name and staticness; its reads are gathered once per class.
 */
import { findVariable } from '@eslint-community/eslint-utils';
import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import { memberName, thisOwner, walk, type Node } from '../../util/ast.js';
import { pushTo } from '../../util/collections.js';
import { addReference, type ClassNode, type ValueGraph } from './graph.js';
import type { Binding, ValueSite } from './types.js';

type Variable = TSESLint.Scope.Variable;
type MemberReads = Map<string, TSESTree.MemberExpression[]>;

/** The class whose `this` a node sees, and whether that `this` is the class itself (static). */
interface ThisOwner {
  readonly classNode: ClassNode;
  readonly isStatic: boolean;
}

/** `this.x` / `ClassName.x` / class fields: one holder per class, name and staticness. */
function memberKey(graph: ValueGraph, classNode: Node, isStatic: boolean, name: string): string {
  let id = graph.classIds.get(classNode);
  if (id === undefined) {
    id = graph.classIds.size + 1;
    graph.classIds.set(classNode, id);
  }
  return `${id}:${isStatic ? 'static' : 'instance'}:${name}`;
}

export function ownerOfThis(node: Node): ThisOwner | undefined {
  const owner = thisOwner(node);
  if (!owner) return undefined;
  if (owner.type === 'PropertyDefinition') return { classNode: owner.parent.parent, isStatic: owner.static };
  if (owner.type === 'StaticBlock') return { classNode: owner.parent.parent, isStatic: true };
  if (owner.type === 'FunctionExpression' && owner.parent?.type === 'MethodDefinition') {
    return { classNode: owner.parent.parent.parent, isStatic: owner.parent.static };
  }
  return undefined;
}

/** `this.x` inside the class body, where `this` is this class (or, in static code, the class itself). */
function addThisReads(graph: ValueGraph, classNode: ClassNode, reads: MemberReads): void {
  walk(classNode.body, graph.sourceCode.visitorKeys, (node) => {
    if (node.type !== 'MemberExpression' || node.object.type !== 'ThisExpression') return;
    const name = memberName(node);
    const owner = name ? ownerOfThis(node) : undefined;
    if (!name || !owner || owner.classNode !== classNode) return;
    pushTo(reads, memberKey(graph, classNode, owner.isStatic, name), node);
  });
}

/** The variables a class's name is read through: a declaration binds it outside (the file's reads) and inside its body. */
function classNameVariables(graph: ValueGraph, classNode: ClassNode & { id: TSESTree.Identifier }): Set<Variable> {
  const { sourceCode } = graph;
  const variables = new Set<Variable>(sourceCode.getDeclaredVariables(classNode) as Variable[]);
  const inner = findVariable(sourceCode.getScope(classNode.body) as never, classNode.id.name) as Variable | null;
  if (inner) variables.add(inner);
  return variables;
}

/** `ClassName.x` reads of static members, from anywhere in the file. */
function addStaticNameReads(graph: ValueGraph, classNode: ClassNode, reads: MemberReads): void {
  if (!classNode.id) return;
  const variables = classNameVariables(graph, classNode as ClassNode & { id: TSESTree.Identifier });
  for (const reference of [...variables].flatMap((variable) => variable.references)) {
    const parent = (reference.identifier as Node).parent;
    if (parent?.type !== 'MemberExpression' || parent.object !== reference.identifier) continue;
    const name = memberName(parent);
    if (name) pushTo(reads, memberKey(graph, classNode, true, name), parent);
  }
}

function classMemberReads(graph: ValueGraph, classNode: ClassNode): MemberReads {
  let reads = graph.memberReads.get(classNode);
  if (reads) return reads;
  reads = new Map();
  graph.memberReads.set(classNode, reads);
  addThisReads(graph, classNode, reads);
  addStaticNameReads(graph, classNode, reads);
  return reads;
}

function isAssignmentTarget(node: Node): boolean {
  return node.parent?.type === 'AssignmentExpression' && node.parent.left === node;
}

function memberBinding(graph: ValueGraph, key: string, classNode: ClassNode, isStatic: boolean, name: string, target: Node, site: ValueSite): Binding {
  const known = graph.bindingByMember.get(key);
  if (known) return known;
  const shown = isStatic && classNode.id ? `${classNode.id.name}.${name}` : `this.${name}`;
  const binding: Binding = { name: shown, entity: site.entity, origin: site.origin, target, references: [] };
  graph.bindingByMember.set(key, binding);
  graph.bindings.push(binding);
  return binding;
}

/** The member `name` of a class receives the site's object at `target`: every read of it holds the object. */
export function bindMember(graph: ValueGraph, owner: ThisOwner, name: string, target: Node, site: ValueSite): void {
  const { classNode, isStatic } = owner;
  const key = memberKey(graph, classNode, isStatic, name);
  const binding = memberBinding(graph, key, classNode, isStatic, name, target, site);
  for (const read of classMemberReads(graph, classNode).get(key) ?? []) {
    if (read !== target && !isAssignmentTarget(read)) addReference(graph, binding, read);
  }
}
