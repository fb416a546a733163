/**
 * The values stage's working state, passed to every step as one value: the sites and
 * holders found so far, the work queue of sites still to follow, and the caches that make
 * each holder and each wrapper function be followed once.
 */
import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import type { Entity, Knowledge } from '../../knowledge/index.js';
import type { FunctionNode, Node } from '../../util/ast.js';
import type { Access, Binding, Origin, ValueSite, Values } from './types.js';

type Variable = TSESLint.Scope.Variable;

export type ClassNode = TSESTree.ClassDeclaration | TSESTree.ClassExpression;

export interface ValueGraph {
  readonly sourceCode: Readonly<TSESLint.SourceCode>;
  readonly knowledge: Knowledge;
  readonly sites: ValueSite[];
  readonly siteByNode: Map<Node, ValueSite>;
  readonly bindings: Binding[];
  readonly accesses: Access[];
  /** Sites found but not yet followed, in the order they were found. */
  readonly queue: ValueSite[];
  readonly bindingByVariable: Map<Variable, Binding>;
  /** The bindings of undeclared globals by name: they have no variable to key them. */
  readonly bindingByGlobal: Map<string, Binding>;
  /** Class members by `memberKey`: one holder per class, staticness and name. */
  readonly bindingByMember: Map<string, Binding>;
  /** Wrapper functions whose calls are already followed. */
  readonly returnedFrom: Set<FunctionNode>;
  /** Per class: its member reads by `memberKey`, gathered once. */
  readonly memberReads: Map<Node, Map<string, TSESTree.MemberExpression[]>>;
  /** A small number per class, to key its members. */
  readonly classIds: Map<Node, number>;
  /** The one origin of each held connection, by holder. */
  readonly heldOrigins: Map<string, Origin>;
  /**
   * Calls a row describes (a factory, a wrapper's act on a held connection): made on a module
   * object that is a connection itself (`mongoose.createConnection()`), not a method call to record again.
   */
  readonly describedCalls: Set<Node>;
}

export function createGraph(sourceCode: Readonly<TSESLint.SourceCode>, knowledge: Knowledge): ValueGraph {
  return {
    sourceCode,
    knowledge,
    sites: [],
    siteByNode: new Map(),
    bindings: [],
    accesses: [],
    queue: [],
    bindingByVariable: new Map(),
    bindingByGlobal: new Map(),
    bindingByMember: new Map(),
    returnedFrom: new Set(),
    memberReads: new Map(),
    classIds: new Map(),
    heldOrigins: new Map(),
    describedCalls: new Set(),
  };
}

export function entityOf(graph: ValueGraph, id: string | undefined): Entity | undefined {
  return id ? graph.knowledge.entities.get(id) : undefined;
}

/** Records that `node` holds a tracked object, and queues it to be followed; the first finding of a node wins. */
export function addSite(graph: ValueGraph, node: Node, entity: Entity, origin: Origin, binding?: Binding): void {
  if (graph.siteByNode.has(node)) return;
  const site: ValueSite = { node, entity, origin, binding };
  graph.siteByNode.set(node, site);
  graph.sites.push(site);
  graph.queue.push(site);
}

/** An object that `from` hands out (`pool.connect()`, `client.db()`), when its row names one. */
export function handOut(graph: ValueGraph, from: ValueSite, node: Node, entityId: string | undefined, via: string): void {
  const entity = entityOf(graph, entityId);
  if (entity) addSite(graph, node, entity, { node, entity, from: from.origin, via });
}

/** A holder's read: one more reference of the binding, and a site to follow. */
export function addReference(graph: ValueGraph, binding: Binding, node: Node): void {
  if (!binding.references.includes(node)) binding.references.push(node);
  addSite(graph, node, binding.entity, binding.origin, binding);
}

type Ranged = { readonly range: readonly [number, number] };

function bySource(a: Ranged, b: Ranged): number {
  return a.range[0] - b.range[0];
}

/** The stage's answer, in source order so that "the first use" is the first in the file. */
export function valuesOf(graph: ValueGraph): Values {
  const { sites, bindings, accesses, siteByNode } = graph;
  accesses.sort((a, b) => bySource(a.node, b.node));
  sites.sort((a, b) => bySource(a.node, b.node));
  for (const binding of bindings) binding.references.sort(bySource);
  return { sites, bindings, accesses, held: [...graph.heldOrigins.values()], siteAt: (node) => siteByNode.get(node) };
}
