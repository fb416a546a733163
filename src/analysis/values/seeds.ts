/**
 * Seeds: the objects the tracked API nodes produce, where the values stage starts. A
 * factory call or `new` produces its entity (and may hand it to a callback), and an API
 * that produces elements yields one at each computed read (`workers[id]`).
 */
import { callbackArgument } from '../../util/ast.js';
import type { TrackedNode } from '../imports.js';
import { addSite, entityOf, type ValueGraph } from './graph.js';
import { bindPattern } from './holders.js';
import type { Origin } from './types.js';

/** `new Pool()`, `mysql.createPool()`; a callback API (`amqp.connect(url, (err, conn) => …)`) also hands it to the callback. */
function seedProduced(graph: ValueGraph, tracked: TrackedNode): void {
  const { api, module, node } = tracked;
  const produced = entityOf(graph, api.produces);
  if (!produced) return;
  const origin: Origin = { node, entity: produced, api, module };
  addSite(graph, node, produced, origin);
  if (api.callback && (node.type === 'CallExpression' || node.type === 'NewExpression')) {
    const param = callbackArgument(node)?.params[api.callback.param];
    if (param) bindPattern(graph, param, { node: param, entity: produced, origin });
  }
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
    seedProduced(graph, node);
    seedElement(graph, node);
  }
}
