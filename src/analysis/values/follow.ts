/**
 * Following a value: from one site, where the object goes next. Up through expressions that
 * pass it on unchanged, into the holder that receives it, into the objects and callback
 * parameters its methods hand out, and out of the functions that return it.
 */
import type { TSESTree } from '@typescript-eslint/utils';
import { argumentAt, callbackArgument, isFunction, isValueWrapper, memberName, staticKeyName, type FunctionNode, type Node } from '../../util/ast.js';
import { variableOf } from '../../util/variables.js';
import { functionReferences, functionVariable } from '../functions.js';
import { bindMember } from './class-members.js';
import { addSite, entityOf, handOut, type ValueGraph } from './graph.js';
import { bindAssignmentTarget, bindPattern, bindVariable } from './holders.js';
import { CALLED, type ValueSite } from './types.js';

/** The promise protocol, not a library: `connect().then((client) => …)` hands the resolved object to the callback. */
const PROMISE_THEN = 'then';

/**
 * The parent through which a value passes unchanged (or unwrapped from a promise): the
 * shared value wrappers, and the expressions that may evaluate to it: either branch of a
 * conditional (not its test), either side of `a ?? b` / `a || b`, the last of a sequence.
 */
function passesValueUp(node: Node): Node | undefined {
  const parent = node.parent;
  if (!parent) return undefined;
  if (isValueWrapper(parent) || parent.type === 'LogicalExpression') return parent;
  if (parent.type === 'ConditionalExpression') return parent.test === node ? undefined : parent;
  if (parent.type === 'SequenceExpression') return parent.expressions.at(-1) === node ? parent : undefined;
  return undefined;
}

/** The outermost expression with the site's value; each one on the way is the same site (not followed again). */
function climbPassThrough(graph: ValueGraph, site: ValueSite): Node {
  let node: Node = site.node;
  for (let up = passesValueUp(node); up; up = passesValueUp(node)) {
    node = up;
    if (!graph.siteByNode.has(node)) graph.siteByNode.set(node, { ...site, node });
  }
  return node;
}

/** The function that returns `node`: `return node` or an arrow's expression body. */
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
function followWrapper(graph: ValueGraph, fn: FunctionNode, site: ValueSite): void {
  if (graph.returnedFrom.has(fn)) return;
  graph.returnedFrom.add(fn);
  const name = functionVariable(fn, graph.sourceCode)?.name;
  for (const call of functionReferences(fn, graph.sourceCode).calls) {
    // A getter of a held connection hands back that one connection.
    addSite(graph, call, site.entity, site.origin.held ? site.origin : { node: call, entity: site.entity, from: site.origin, via: name });
  }
}

/** `pool.connect((err, client) => …)`: the parameter the entity's row names receives a handed-out object. */
function followCallback(graph: ValueGraph, site: ValueSite, method: string, call: TSESTree.CallExpression): void {
  const callback = site.entity.callbacks?.[method];
  if (!callback) return;
  const param = callbackArgument(call)?.params[callback.param];
  const entity = entityOf(graph, callback.entity);
  if (param && entity) bindPattern(graph, param, { node: param, entity, origin: { node: call, entity, from: site.origin, via: method } });
}

/** An argument is a function: written inline, or a function of the file passed by name (`db.transaction(saveOrder)`). */
function passesFunction(graph: ValueGraph, call: TSESTree.CallExpression): boolean {
  return call.arguments.some((arg) => {
    if (isFunction(arg)) return true;
    if (arg.type !== 'Identifier') return false;
    const definition = variableOf(arg, graph.sourceCode)?.defs[0]?.node as Node | undefined;
    return definition?.type === 'FunctionDeclaration' || (definition?.type === 'VariableDeclarator' && isFunction(definition.init));
  });
}

/**
 * A method with a callback form called with its callback hands the object to the callback
 * and returns what the callback returns (knex `await db.transaction(async (trx) => order.id)`
 * is the id), or nothing (`pool.connect((err, client) => …)`): its result is no handle.
 */
function callbackForm(graph: ValueGraph, site: ValueSite, method: string, call: TSESTree.CallExpression): boolean {
  return site.entity.callbacks?.[method] !== undefined && passesFunction(graph, call);
}

function followThen(graph: ValueGraph, site: ValueSite, call: TSESTree.CallExpression): void {
  const fn = argumentAt(call, 0);
  const param = isFunction(fn) ? fn.params[0] : undefined;
  if (param) bindPattern(graph, param, site);
}

function followMethodCall(graph: ValueGraph, site: ValueSite, member: TSESTree.MemberExpression, call: TSESTree.CallExpression): void {
  const method = memberName(member);
  // `mongoose.connect()`, `mongoose.createConnection()`: their rows already say what they do.
  if (!graph.describedCalls.has(call)) graph.accesses.push({ node: member, member, name: method, call, site });
  if (!method) return;
  if (!callbackForm(graph, site, method, call)) handOut(graph, site, call, site.entity.handsOut?.[method], method);
  followCallback(graph, site, method, call);
  if (method === PROMISE_THEN) followThen(graph, site, call);
}

/** The call of a member, also as an optional call: `pool.end()`, `pool?.end()`. */
function callOfMember(member: TSESTree.MemberExpression): TSESTree.CallExpression | undefined {
  const grand = member.parent;
  if (grand?.type === 'CallExpression' && grand.callee === member) return grand;
  if (grand?.type === 'ChainExpression' && grand.parent?.type === 'CallExpression' && grand.parent.callee === grand) return grand.parent;
  return undefined;
}

/** `value.x`: a method call, or a property read that may hand out an object of its own. */
function followMember(graph: ValueGraph, site: ValueSite, member: TSESTree.MemberExpression): void {
  // `new sql.ConnectionPool()` on a module object: the row says what it makes.
  if (member.parent.type === 'NewExpression' && member.parent.callee === member && graph.describedCalls.has(member.parent)) return;
  const call = callOfMember(member);
  if (call) {
    followMethodCall(graph, site, member, call);
    return;
  }
  const name = memberName(member);
  graph.accesses.push({ node: member, member, name, site });
  handOut(graph, site, member, name ? site.entity.properties?.[name] : undefined, name ?? '');
}

/** `class Db { pool = value }`. */
function followField(graph: ValueGraph, site: ValueSite, field: TSESTree.PropertyDefinition): void {
  const name = staticKeyName(field.key, field.computed);
  if (name) bindMember(graph, { classNode: field.parent.parent, isStatic: field.static }, name, field, site);
}

/** `holder = value`: the holder receives it, and the assignment's own value is the object too (`a = b = value`). */
function followAssignment(graph: ValueGraph, site: ValueSite, assignment: TSESTree.AssignmentExpression): void {
  bindAssignmentTarget(graph, assignment.left, site);
  addSite(graph, assignment, site.entity, site.origin);
}

/** A call of the object itself: knex `db('orders')`, `pgp(connectionString)`. */
function followCallOfValue(graph: ValueGraph, site: ValueSite, call: TSESTree.CallExpression): void {
  graph.accesses.push({ node: call, name: undefined, call, site });
  handOut(graph, site, call, site.entity.callable, CALLED);
}

/** What the parent of the outermost expression `node` does with the value. */
function followIntoParent(graph: ValueGraph, site: ValueSite, node: Node, parent: Node): void {
  switch (parent.type) {
    case 'VariableDeclarator':
      if (parent.init === node) bindPattern(graph, parent.id, site);
      break;
    case 'AssignmentExpression':
      if (parent.right === node) followAssignment(graph, site, parent);
      break;
    case 'AssignmentPattern':
      if (parent.right === node) bindPattern(graph, parent.left, site);
      break;
    case 'PropertyDefinition':
      if (parent.value === node) followField(graph, site, parent);
      break;
    case 'MemberExpression':
      if (parent.object === node) followMember(graph, site, parent);
      break;
    case 'CallExpression':
      if (parent.callee === node) followCallOfValue(graph, site, parent);
      break;
    case 'TaggedTemplateExpression':
      if (parent.tag === node) graph.accesses.push({ node: parent, name: undefined, site });
      break;
    case 'ReturnStatement':
    case 'ArrowFunctionExpression': {
      const fn = functionOfReturn(node);
      if (fn) followWrapper(graph, fn, site);
      break;
    }
    default:
      break;
  }
}

/** Everywhere one site's object goes next; what it finds is queued on the graph. */
export function follow(graph: ValueGraph, site: ValueSite): void {
  // The module object itself (`import mongoose from 'mongoose'`, `import * as db from './db'`).
  if (site.node.type === 'ImportDeclaration') {
    for (const specifier of site.node.specifiers) {
      if (specifier.type !== 'ImportSpecifier') bindVariable(graph, specifier.local, site);
    }
    return;
  }
  // A read the tracker reports at its declaration: `import { parentPort }`, `const { parentPort } = require()`.
  if (site.node.type === 'ImportSpecifier' || site.node.type === 'ImportDefaultSpecifier') {
    bindVariable(graph, site.node.local, site);
    return;
  }
  if (site.node.type === 'Property' && site.node.parent.type === 'ObjectPattern') {
    bindPattern(graph, site.node.value, site);
    return;
  }
  const node = climbPassThrough(graph, site);
  if (node.parent) followIntoParent(graph, site, node, node.parent);
}
