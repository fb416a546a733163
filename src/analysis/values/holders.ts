/**
 * Holders: the variables, destructuring patterns and class members that receive a tracked
 * object. Binding a holder makes each of its reads a site of the same object.
 */
import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import { memberName, staticKeyName, type Node } from '../../util/ast.js';
import { variableOf } from '../../util/variables.js';
import { bindMember, ownerOfThis } from './class-members.js';
import { addReference, entityOf, type ValueGraph } from './graph.js';
import type { Binding, ValueSite } from './types.js';

type Variable = TSESLint.Scope.Variable;
type Reference = TSESLint.Scope.Reference;

function variableBinding(graph: ValueGraph, variable: Variable, identifier: TSESTree.Identifier, site: ValueSite): Binding {
  const known = graph.bindingByVariable.get(variable);
  if (known) return known;
  const binding: Binding = { name: identifier.name, entity: site.entity, origin: site.origin, target: identifier, variable, references: [] };
  graph.bindingByVariable.set(variable, binding);
  graph.bindings.push(binding);
  return binding;
}

/** The variable `identifier` declares or writes receives the site's object: every other read of it holds the object. */
export function bindVariable(graph: ValueGraph, identifier: TSESTree.Identifier, site: ValueSite): void {
  const variable = variableOf(identifier, graph.sourceCode);
  if (!variable) {
    bindUndeclared(graph, identifier, site);
    return;
  }
  const binding = variableBinding(graph, variable, identifier, site);
  addReads(graph, binding, variable.references, identifier);
}

function addReads(graph: ValueGraph, binding: Binding, references: readonly Reference[], target: Node): void {
  for (const reference of references) {
    const node = reference.identifier as Node;
    if (node !== target && reference.isRead()) addReference(graph, binding, node);
  }
}

/** The references to `name` that no scope of the file resolves: an undeclared global's reads and writes. */
export function undeclaredNamed(sourceCode: ValueGraph['sourceCode'], name: string): Reference[] {
  const through = (sourceCode.scopeManager?.globalScope?.through ?? []) as Reference[];
  return through.filter((reference) => reference.identifier.name === name);
}

/** The references that no scope of the file resolves, named like `identifier` (which is one of them). */
function undeclaredReferences(graph: ValueGraph, identifier: TSESTree.Identifier): Reference[] {
  const named = undeclaredNamed(graph.sourceCode, identifier.name);
  return named.some((reference) => reference.identifier === identifier) ? named : [];
}

/**
 * `con = mysql.createConnection(cfg)` with no declaration: in sloppy code the assignment
 * makes a global, and every read of that name anywhere in the file holds the object.
 */
function bindUndeclared(graph: ValueGraph, identifier: TSESTree.Identifier, site: ValueSite): void {
  const references = undeclaredReferences(graph, identifier);
  if (references.length === 0) return;
  let binding = graph.bindingByGlobal.get(identifier.name);
  if (!binding) {
    binding = { name: identifier.name, entity: site.entity, origin: site.origin, target: identifier, references: [] };
    graph.bindingByGlobal.set(identifier.name, binding);
    graph.bindings.push(binding);
  }
  addReads(graph, binding, references, identifier);
}

/** `{ pool } = db`: a property the entity's row names is an object of its own. */
function bindProperty(graph: ValueGraph, property: TSESTree.Property, site: ValueSite): void {
  const key = staticKeyName(property.key, property.computed);
  const entity = entityOf(graph, key ? site.entity.properties?.[key] : undefined);
  if (!entity) return;
  const derived: ValueSite = { node: property, entity, origin: { node: property, entity, from: site.origin, via: key } };
  bindPattern(graph, property.value, derived);
}

/** A declaration or parameter pattern that receives the site's object: `pool`, `pool = x`, `{ pool }`. */
export function bindPattern(graph: ValueGraph, pattern: Node, site: ValueSite): void {
  if (pattern.type === 'Identifier') {
    bindVariable(graph, pattern, site);
  } else if (pattern.type === 'AssignmentPattern') {
    bindPattern(graph, pattern.left, site);
  } else if (pattern.type === 'ObjectPattern') {
    for (const property of pattern.properties) {
      if (property.type === 'Property') bindProperty(graph, property, site);
    }
  }
}

/** `ClassName.x = …` on a class declared in this file. */
function bindStaticMember(graph: ValueGraph, left: TSESTree.MemberExpression & { object: TSESTree.Identifier }, name: string, site: ValueSite): void {
  const variable = variableOf(left.object, graph.sourceCode);
  const definition = variable?.defs[0]?.node as Node | undefined;
  if (definition?.type === 'ClassDeclaration') bindMember(graph, { classNode: definition, isStatic: true }, name, left, site);
}

/** The left side of `x = …`, `this.x = …` or `ClassName.x = …`. */
export function bindAssignmentTarget(graph: ValueGraph, left: Node, site: ValueSite): void {
  if (left.type === 'Identifier') {
    bindVariable(graph, left, site);
    return;
  }
  if (left.type !== 'MemberExpression') return;
  const name = memberName(left);
  if (!name) return;
  if (left.object.type === 'ThisExpression') {
    const owner = ownerOfThis(left);
    if (owner) bindMember(graph, owner, name, left, site);
  } else if (left.object.type === 'Identifier') {
    bindStaticMember(graph, left as TSESTree.MemberExpression & { object: TSESTree.Identifier }, name, site);
  }
}
