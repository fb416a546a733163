/**
 * Stage 2: where tracked objects go. Starting from the tracked API nodes, follows each
 * value into variables, class fields, `this.x` properties, aliases, destructuring,
 * `await`, `.then()` callbacks, wrapper functions that return it, and the objects it
 * hands out (`pool.connect()`, `client.db()`), until every place that holds it is known.
 */
import { findVariable } from '@eslint-community/eslint-utils';
import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import type { ApiRow, Entity, Knowledge, ModuleRow } from '../knowledge/index.js';
import {
  argumentAt,
  callbackArgument,
  isFunction,
  memberName,
  staticKeyName,
  thisOwner,
  walk,
  type FunctionNode,
  type Node,
} from '../util/ast.js';
import { functionReferences, functionVariable } from './functions.js';
import type { TrackedNode } from './imports.js';

type Scope = TSESLint.Scope.Scope;

/** `Origin.via` of an object made by calling a tracked value: `pgp(connectionString)`. */
export const CALLED = 'call';
type Variable = TSESLint.Scope.Variable;

/** How a tracked object came to be. */
export interface Origin {
  /** The factory call, `new` expression, member read or handing-out call. */
  readonly node: Node;
  readonly entity: Entity;
  /** Set for objects a module API produced directly. */
  readonly api?: ApiRow;
  readonly module?: ModuleRow;
  /** Set for objects handed out by another tracked object. */
  readonly from?: Origin;
  /** The method or callback that handed it out. */
  readonly via?: string;
}

/** A variable, field or property that holds a tracked object. */
export interface Binding {
  /** As users see it: `pool`, `this.pool`, `Db.pool`. */
  readonly name: string;
  readonly entity: Entity;
  readonly origin: Origin;
  /** The node that names the holder where it receives the object. */
  readonly target: Node;
  readonly variable?: Variable;
  /** Read occurrences: identifiers or `this.x` member expressions. */
  readonly references: Node[];
}

/** An expression whose value is a tracked object. */
export interface ValueSite {
  readonly node: Node;
  readonly entity: Entity;
  readonly origin: Origin;
  /** The holder this expression reads, when it is a reference. */
  readonly binding?: Binding;
}

/**
 * An access on a tracked object: a method call (`pool.end()`, `worker.postMessage(x)`), a
 * property read (`pool.options`), or a call of the object itself (knex `db('orders')`,
 * postgres.js ``sql`select 1` ``). Every "use" of a connection is one of these.
 */
export interface Access {
  /** Where the access is: the member expression, or the call or tagged template of the object itself. */
  readonly node: Node;
  /** Set for member accesses. */
  readonly member?: TSESTree.MemberExpression;
  /** The member's static name; undefined for a computed key (`pool[method]`) and for calls of the object itself. */
  readonly name: string | undefined;
  /** Set when the member, or the object itself, is called. */
  readonly call?: TSESTree.CallExpression;
  readonly site: ValueSite;
}

export interface Values {
  readonly sites: readonly ValueSite[];
  readonly bindings: readonly Binding[];
  readonly accesses: readonly Access[];
  siteAt(node: Node): ValueSite | undefined;
}

interface ValuesInput {
  readonly sourceCode: Readonly<TSESLint.SourceCode>;
  readonly knowledge: Knowledge;
  readonly tracked: readonly TrackedNode[];
}

/** Nodes through which a value passes unchanged (or unwrapped from a promise). */
function passesValueUp(node: Node): Node | undefined {
  const parent = node.parent;
  if (!parent) return undefined;
  switch (parent.type) {
    case 'AwaitExpression':
    case 'TSAsExpression':
    case 'TSSatisfiesExpression':
    case 'TSTypeAssertion':
    case 'TSNonNullExpression':
    case 'TSInstantiationExpression':
    case 'ChainExpression':
      return parent;
    case 'ConditionalExpression':
      return parent.test === node ? undefined : parent;
    case 'LogicalExpression':
      return parent;
    case 'SequenceExpression':
      return parent.expressions.at(-1) === node ? parent : undefined;
    default:
      return undefined;
  }
}

export function analyzeValues(input: ValuesInput): Values {
  const { sourceCode, knowledge } = input;
  const siteByNode = new Map<Node, ValueSite>();
  const sites: ValueSite[] = [];
  const bindings: Binding[] = [];
  const bindingByVariable = new Map<Variable, Binding>();
  const bindingByMember = new Map<string, Binding>();
  const accesses: Access[] = [];
  const queue: ValueSite[] = [];
  const returnedFrom = new Set<FunctionNode>();
  const memberIndex = new Map<Node, Map<string, TSESTree.MemberExpression[]>>();
  const classIds = new Map<Node, number>();

  const entityOf = (id: string | undefined): Entity | undefined => (id ? knowledge.entities.get(id) : undefined);
  const scopeOf = (node: Node): Scope => sourceCode.getScope(node) as Scope;

  function addSite(node: Node, entity: Entity, origin: Origin, binding?: Binding): void {
    if (siteByNode.has(node)) return;
    const site: ValueSite = { node, entity, origin, binding };
    siteByNode.set(node, site);
    sites.push(site);
    queue.push(site);
  }

  function handOut(from: ValueSite, node: Node, entityId: string | undefined, via: string): void {
    const entity = entityOf(entityId);
    if (entity) addSite(node, entity, { node, entity, from: from.origin, via });
  }

  // ---- holders -------------------------------------------------------------------

  function bindVariable(identifier: TSESTree.Identifier, site: ValueSite): void {
    const variable = findVariable(scopeOf(identifier) as never, identifier as never) as Variable | null;
    if (!variable) return;
    let binding = bindingByVariable.get(variable);
    if (!binding) {
      binding = { name: identifier.name, entity: site.entity, origin: site.origin, target: identifier, variable, references: [] };
      bindingByVariable.set(variable, binding);
      bindings.push(binding);
    }
    for (const reference of variable.references) {
      const node = reference.identifier as Node;
      if (node === identifier || !reference.isRead()) continue;
      if (!binding.references.includes(node)) binding.references.push(node);
      addSite(node, binding.entity, binding.origin, binding);
    }
  }

  function bindPattern(pattern: Node, site: ValueSite): void {
    if (pattern.type === 'Identifier') {
      bindVariable(pattern, site);
    } else if (pattern.type === 'AssignmentPattern') {
      bindPattern(pattern.left, site);
    } else if (pattern.type === 'ObjectPattern') {
      for (const property of pattern.properties) {
        if (property.type !== 'Property') continue;
        const key = staticKeyName(property.key, property.computed);
        const entity = entityOf(key ? site.entity.properties?.[key] : undefined);
        if (!entity) continue;
        const derived: ValueSite = { node: property, entity, origin: { node: property, entity, from: site.origin, via: key } };
        bindPattern(property.value, derived);
      }
    }
  }

  /** `this.x` / `ClassName.x` / class fields: one holder per class, name and staticness. */
  function memberKey(classNode: Node, isStatic: boolean, name: string): string {
    let id = classIds.get(classNode);
    if (id === undefined) {
      id = classIds.size + 1;
      classIds.set(classNode, id);
    }
    return `${id}:${isStatic ? 'static' : 'instance'}:${name}`;
  }

  function classMemberReads(classNode: TSESTree.ClassDeclaration | TSESTree.ClassExpression): Map<string, TSESTree.MemberExpression[]> {
    let index = memberIndex.get(classNode);
    if (index) return index;
    index = new Map();
    memberIndex.set(classNode, index);
    const found = index;
    walk(classNode.body, sourceCode.visitorKeys, (node) => {
      if (node.type !== 'MemberExpression' || node.object.type !== 'ThisExpression') return;
      const name = memberName(node);
      const owner = name ? ownerOfThis(node) : undefined;
      if (!name || !owner || owner.classNode !== classNode) return;
      const key = memberKey(classNode, owner.isStatic, name);
      found.set(key, [...(found.get(key) ?? []), node]);
    });
    // `ClassName.x` reads of static members, from anywhere in the file.
    if (classNode.id) {
      // A class declaration binds its name twice: outside (the file's reads) and inside its body.
      const names = new Set<Variable>(sourceCode.getDeclaredVariables(classNode) as Variable[]);
      const inner = findVariable(scopeOf(classNode.body) as never, classNode.id.name) as Variable | null;
      if (inner) names.add(inner);
      for (const reference of [...names].flatMap((variable) => variable.references)) {
        const parent = (reference.identifier as Node).parent;
        if (parent?.type !== 'MemberExpression' || parent.object !== reference.identifier) continue;
        const name = memberName(parent);
        if (!name) continue;
        const key = memberKey(classNode, true, name);
        found.set(key, [...(found.get(key) ?? []), parent]);
      }
    }
    return index;
  }

  function ownerOfThis(node: Node): { classNode: TSESTree.ClassDeclaration | TSESTree.ClassExpression; isStatic: boolean } | undefined {
    const owner = thisOwner(node);
    if (!owner) return undefined;
    if (owner.type === 'PropertyDefinition') {
      const classNode = owner.parent.parent;
      return { classNode, isStatic: owner.static };
    }
    if (owner.type === 'StaticBlock') return { classNode: owner.parent.parent, isStatic: true };
    if (owner.type === 'FunctionExpression' && owner.parent?.type === 'MethodDefinition') {
      return { classNode: owner.parent.parent.parent, isStatic: owner.parent.static };
    }
    return undefined;
  }

  function bindMember(classNode: TSESTree.ClassDeclaration | TSESTree.ClassExpression, isStatic: boolean, name: string, target: Node, site: ValueSite): void {
    const key = memberKey(classNode, isStatic, name);
    let binding = bindingByMember.get(key);
    if (!binding) {
      const shown = isStatic && classNode.id ? `${classNode.id.name}.${name}` : `this.${name}`;
      binding = { name: shown, entity: site.entity, origin: site.origin, target, references: [] };
      bindingByMember.set(key, binding);
      bindings.push(binding);
    }
    for (const read of classMemberReads(classNode).get(key) ?? []) {
      if (read === target || isAssignmentTarget(read)) continue;
      if (!binding.references.includes(read)) binding.references.push(read);
      addSite(read, binding.entity, binding.origin, binding);
    }
  }

  function bindAssignmentTarget(left: Node, site: ValueSite): void {
    if (left.type === 'Identifier') {
      bindVariable(left, site);
      return;
    }
    if (left.type !== 'MemberExpression') return;
    const name = memberName(left);
    if (!name) return;
    if (left.object.type === 'ThisExpression') {
      const owner = ownerOfThis(left);
      if (owner) bindMember(owner.classNode, owner.isStatic, name, left, site);
      return;
    }
    if (left.object.type === 'Identifier') {
      const variable = findVariable(scopeOf(left) as never, left.object as never) as Variable | null;
      const definition = variable?.defs[0]?.node as Node | undefined;
      if (definition?.type === 'ClassDeclaration') bindMember(definition, true, name, left, site);
    }
  }

  // ---- following a value ---------------------------------------------------------

  function functionOfReturn(node: Node): FunctionNode | undefined {
    const parent = node.parent;
    if (parent?.type === 'ArrowFunctionExpression' && parent.body === node) return parent;
    if (parent?.type !== 'ReturnStatement') return undefined;
    for (let current: Node | undefined = parent.parent; current; current = current.parent) {
      if (isFunction(current)) return current;
    }
    return undefined;
  }

  /** A function that returns a tracked object is a factory too: follow its calls. */
  function followWrapper(fn: FunctionNode, site: ValueSite): void {
    if (returnedFrom.has(fn)) return;
    returnedFrom.add(fn);
    const name = functionVariable(fn, sourceCode)?.name;
    for (const call of functionReferences(fn, sourceCode).calls) {
      addSite(call, site.entity, { node: call, entity: site.entity, from: site.origin, via: name });
    }
  }

  function followMethodCall(site: ValueSite, member: TSESTree.MemberExpression, call: TSESTree.CallExpression): void {
    const method = memberName(member);
    accesses.push({ node: member, member, name: method, call, site });
    if (!method) return;
    handOut(site, call, site.entity.handsOut?.[method], method);
    const callback = site.entity.callbacks?.[method];
    if (callback) {
      const fn = callbackArgument(call);
      const param = fn?.params[callback.param];
      const entity = entityOf(callback.entity);
      if (param && entity) bindPattern(param, { node: param, entity, origin: { node: call, entity, from: site.origin, via: method } });
    }
    // `connect().then((client) => …)`
    if (method === 'then') {
      const fn = argumentAt(call, 0);
      const param = isFunction(fn) ? fn.params[0] : undefined;
      if (param) bindPattern(param, site);
    }
  }

  function follow(site: ValueSite): void {
    // A read the tracker reports at its declaration: `import { parentPort }`, `const { parentPort } = require()`.
    if (site.node.type === 'ImportSpecifier' || site.node.type === 'ImportDefaultSpecifier') {
      bindVariable(site.node.local, site);
      return;
    }
    if (site.node.type === 'Property' && site.node.parent.type === 'ObjectPattern') {
      bindPattern(site.node.value, site);
      return;
    }
    let node: Node = site.node;
    for (let up = passesValueUp(node); up; up = passesValueUp(node)) {
      node = up;
      if (!siteByNode.has(node)) {
        const wrapped: ValueSite = { ...site, node };
        siteByNode.set(node, wrapped);
      }
    }
    const parent = node.parent;
    if (!parent) return;
    switch (parent.type) {
      case 'VariableDeclarator':
        if (parent.init === node) bindPattern(parent.id, site);
        break;
      case 'AssignmentExpression':
        if (parent.right === node) {
          bindAssignmentTarget(parent.left, site);
          addSite(parent, site.entity, site.origin);
        }
        break;
      case 'AssignmentPattern':
        if (parent.right === node) bindPattern(parent.left, site);
        break;
      case 'PropertyDefinition':
        if (parent.value === node) {
          const name = staticKeyName(parent.key, parent.computed);
          if (name) bindMember(parent.parent.parent, parent.static, name, parent, site);
        }
        break;
      case 'MemberExpression': {
        if (parent.object !== node) break;
        const grand = parent.parent;
        if (grand?.type === 'CallExpression' && grand.callee === parent) {
          followMethodCall(site, parent, grand);
        } else if (grand?.type === 'ChainExpression' && grand.parent?.type === 'CallExpression' && grand.parent.callee === grand) {
          followMethodCall(site, parent, grand.parent);
        } else {
          const name = memberName(parent);
          accesses.push({ node: parent, member: parent, name, site });
          handOut(site, parent, name ? site.entity.properties?.[name] : undefined, name ?? '');
        }
        break;
      }
      case 'CallExpression':
        if (parent.callee === node) {
          accesses.push({ node: parent, name: undefined, call: parent, site });
          handOut(site, parent, site.entity.callable, CALLED);
        }
        break;
      case 'TaggedTemplateExpression':
        if (parent.tag === node) accesses.push({ node: parent, name: undefined, site });
        break;
      case 'ReturnStatement':
      case 'ArrowFunctionExpression': {
        const fn = functionOfReturn(node);
        if (fn) followWrapper(fn, site);
        break;
      }
      default:
        break;
    }
  }

  // ---- seeds ---------------------------------------------------------------------

  for (const tracked of input.tracked) {
    const { api, module, node } = tracked;
    const produced = entityOf(api.produces);
    if (produced) {
      const origin: Origin = { node, entity: produced, api, module };
      addSite(node, produced, origin);
      if (api.callback && (node.type === 'CallExpression' || node.type === 'NewExpression')) {
        const fn = callbackArgument(node);
        const param = fn?.params[api.callback.param];
        if (param) bindPattern(param, { node: param, entity: produced, origin });
      }
    }
    const element = entityOf(api.producesElements);
    if (element && node.parent?.type === 'MemberExpression' && node.parent.object === node && node.parent.computed) {
      addSite(node.parent, element, { node: node.parent, entity: element, api, module });
    }
  }
  while (queue.length > 0) follow(queue.shift()!);

  // Source order, so that "the first use" is the first in the file.
  const bySource = (a: { readonly range: readonly [number, number] }, b: { readonly range: readonly [number, number] }): number => a.range[0] - b.range[0];
  accesses.sort((a, b) => bySource(a.node, b.node));
  sites.sort((a, b) => bySource(a.node, b.node));
  for (const binding of bindings) binding.references.sort(bySource);

  return { sites, bindings, accesses, siteAt: (node) => siteByNode.get(node) };
}

function isAssignmentTarget(node: Node): boolean {
  return node.parent?.type === 'AssignmentExpression' && node.parent.left === node;
}
