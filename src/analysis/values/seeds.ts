/**
 * Seeds: the objects the tracked API nodes produce, where the values stage starts. A
 * factory call or `new` produces its entity (and may hand it to a callback), an API that
 * produces elements yields one at each computed read (`workers[id]`), and a row about a
 * held connection (a library's default connection, a project module's own) reaches the
 * one origin of that connection, or acts on it (`connectDB()`, `mongoose.disconnect()`).
 */
import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import { producedBy } from '../../knowledge/majors.js';
import { callbackArgument, memberName, skipValueWrappers, type Node } from '../../util/ast.js';
import { variableOf } from '../../util/variables.js';
import type { TrackedNode } from '../imports.js';
import { addSite, entityOf, type ValueGraph } from './graph.js';
import { bindPattern } from './holders.js';
import type { Origin } from './types.js';

type Source = Readonly<TSESLint.SourceCode>;

/** The variable declarator a destructuring property belongs to: `const { pool } = require('./db')`. */
function declaratorOf(node: Node): TSESTree.VariableDeclarator | undefined {
  let current: Node | undefined = node;
  while (current && (current.type === 'Property' || current.type === 'ObjectPattern' || current.type === 'AssignmentPattern')) current = current.parent;
  return current?.type === 'VariableDeclarator' ? current : undefined;
}

/** `db.pool`, `connectDB()`, `db.connectDB()`: the expression the chain starts from. */
function chainRoot(node: Node): Node {
  let current = skipValueWrappers(node);
  for (;;) {
    if (current.type === 'MemberExpression') current = skipValueWrappers(current.object);
    else if (current.type === 'CallExpression' && current.callee.type !== 'Identifier') current = skipValueWrappers(current.callee);
    else return current;
  }
}

/**
 * Where this file loads the module a tracked node reaches: its import declaration, or
 * the `require()` / `import()` its variable is initialised from; else the node itself.
 */
function loadNodeOf(node: Node, sourceCode: Source): Node {
  if (node.type === 'ImportDeclaration') return node;
  if (node.parent?.type === 'ImportDeclaration') return node.parent;
  const declarator = declaratorOf(node);
  if (declarator?.init && node.type === 'Property') return skipValueWrappers(declarator.init);
  const root = chainRoot(node);
  const callee = root.type === 'CallExpression' ? root.callee : root;
  const variable = callee.type === 'Identifier' ? variableOf(callee, sourceCode) : undefined;
  const definition = variable?.defs[0];
  if (!definition) return root.type === 'CallExpression' ? root : node;
  if (definition.type === 'ImportBinding') return (definition.parent as Node | null) ?? node;
  const init = definition.node.type === 'VariableDeclarator' ? definition.node.init : null;
  return init ? skipValueWrappers(init) : node;
}

/** The one origin of the held connection the row names, made when the file first reaches it. */
function heldOrigin(graph: ValueGraph, tracked: TrackedNode): Origin | undefined {
  const held = tracked.api.held!;
  const known = graph.heldOrigins.get(held.holder);
  if (known) return known;
  const entity = entityOf(graph, held.entity);
  if (!entity) return undefined;
  const origin: Origin = { node: loadNodeOf(tracked.node, graph.sourceCode), entity, api: tracked.api, module: tracked.module, held };
  graph.heldOrigins.set(held.holder, origin);
  return origin;
}

/** `new Pool()`, `mysql.createPool()`; a callback API (`amqp.connect(url, (err, conn) => …)`) also hands it to the callback. */
function seedProduced(graph: ValueGraph, tracked: TrackedNode): void {
  const { api, module, node } = tracked;
  const produced = entityOf(graph, producedBy(api, node));
  if (!produced) return;
  const origin: Origin | undefined = api.held ? heldOrigin(graph, tracked) : { node, entity: produced, api, module };
  if (!origin) return;
  addSite(graph, node, produced, origin);
  if (api.callback && (node.type === 'CallExpression' || node.type === 'NewExpression')) {
    const param = callbackArgument(node)?.params[api.callback.param];
    if (param) bindPattern(graph, param, { node: param, entity: produced, origin });
  }
}

/**
 * `connectDB()`, `db.closeDB()`, `mongoose.disconnect()`: an access on the held connection,
 * of the kind the row says, named as written. Its receiver stands for the connection.
 */
function seedAct(graph: ValueGraph, tracked: TrackedNode): void {
  const { api, node } = tracked;
  if (!api.acts || node.type !== 'CallExpression') return;
  const origin = heldOrigin(graph, tracked);
  if (!origin) return;
  const callee = skipValueWrappers(node.callee);
  const member = callee.type === 'MemberExpression' ? callee : undefined;
  const name = member ? memberName(member) : callee.type === 'Identifier' ? callee.name : api.path.at(-1);
  const receiver = member ? member.object : callee;
  graph.accesses.push({ node: member ?? node, member, name, call: node, site: { node: receiver, entity: origin.entity, origin }, act: api.acts });
}

/** `cluster.workers[id]`: each computed read of the API is one of its elements. */
function seedElement(graph: ValueGraph, tracked: TrackedNode): void {
  const { api, module, node } = tracked;
  const element = entityOf(graph, api.producesElements);
  const read = node.parent;
  if (element && read?.type === 'MemberExpression' && read.object === node && read.computed) {
    addSite(graph, read, element, { node: read, entity: element, api, module });
  }
}

export function seedTracked(graph: ValueGraph, tracked: readonly TrackedNode[]): void {
  for (const node of tracked) {
    if (node.type !== 'read') graph.describedCalls.add(node.node);
    seedAct(graph, node);
    seedProduced(graph, node);
    seedElement(graph, node);
  }
}
