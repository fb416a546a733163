/**
 * Stage 3 (for `no-connection-transfer`): live connections inside data that crosses to
 * another process or thread. Sinks come from the knowledge tables: module calls
 * (`fork()` args, `process.send()`), constructor options (`workerData`), and methods of
 * tracked instances (`worker.postMessage()`, `piscina.run()`, `queue.add()`).
 */
import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import type { DataPosition, Serialization, TransferSink } from '../knowledge/index.js';
import { argumentAt, memberName, skipTypeWrappers, type Node } from '../util/ast.js';
import type { TrackedNode } from './imports.js';
import { optionNode } from '../util/options.js';
import { constantInit } from '../util/variables.js';
import type { ValueSite, Values } from './values.js';

type Call = TSESTree.CallExpression | TSESTree.NewExpression;

export interface Transfer {
  /** The occurrence of the live object inside the sent data. */
  readonly node: Node;
  readonly site: ValueSite;
  readonly sink: TransferSink;
  /** How this occurrence crosses: the sink's serialization, or its data position's own. */
  readonly serialization: Serialization;
  /** How the report names the boundary: the sink's label, or the call as written. */
  readonly boundary: string;
  readonly call: Call;
  /** Set when the occurrence is a client's underlying socket (`client.connection.stream`). */
  readonly socketPath?: readonly string[];
  /** Passed as `send(message, handle)`: a socket handle rather than message data. */
  readonly asHandle: boolean;
}

interface TransferInput {
  readonly sourceCode: Readonly<TSESLint.SourceCode>;
  readonly tracked: readonly TrackedNode[];
  readonly values: Values;
}

interface Sink {
  readonly row: TransferSink;
  readonly boundary: string;
  readonly serialization: Serialization;
}

const MAX_LITERAL_DEPTH = 8;
const MAX_CALLEE_TEXT = 40;

function branchesOf(node: TSESTree.ConditionalExpression | TSESTree.LogicalExpression | TSESTree.AwaitExpression): Node[] {
  if (node.type === 'ConditionalExpression') return [node.consequent, node.alternate];
  if (node.type === 'LogicalExpression') return [node.left, node.right];
  return [node.argument];
}

export function findTransfers(input: TransferInput): Transfer[] {
  const { sourceCode, values } = input;
  const transfers: Transfer[] = [];
  const reported = new Set<Node>();

  function calleeText(call: Call): string {
    const text = sourceCode.getText(call.callee).replace(/\s*\n\s*/g, '').replace(/\s+/g, ' ');
    return text.length > MAX_CALLEE_TEXT ? `…${text.slice(-MAX_CALLEE_TEXT)}` : text;
  }

  /** A `const` whose value is an object or array literal: `const ctx = { pool }`. */
  function literalBehind(identifier: TSESTree.Identifier): Node | undefined {
    const init = constantInit(identifier, sourceCode);
    const value = init && skipTypeWrappers(init);
    return value?.type === 'ObjectExpression' || value?.type === 'ArrayExpression' ? value : undefined;
  }

  /** `client.connection.stream` → the client's site and the path to its socket. */
  function socketOf(member: TSESTree.MemberExpression): { site: ValueSite; path: string[] } | undefined {
    const path: string[] = [];
    let current: Node = member;
    while (current.type === 'MemberExpression') {
      const name = memberName(current);
      if (!name) return undefined;
      path.unshift(name);
      current = skipTypeWrappers(current.object);
      const site = values.siteAt(current);
      const sockets = site?.entity.connection?.sockets;
      if (site && sockets?.some((socket) => socket.length === path.length && socket.every((key, i) => key === path[i]))) {
        return { site, path };
      }
    }
    return undefined;
  }

  function collect(expression: Node, sink: Sink, call: Call, asHandle: boolean, depth: number): void {
    if (depth > MAX_LITERAL_DEPTH) return;
    const node = skipTypeWrappers(expression);
    // Look inside choices first: each branch is its own occurrence.
    if (node.type === 'ConditionalExpression' || node.type === 'LogicalExpression' || node.type === 'AwaitExpression') {
      for (const branch of branchesOf(node)) collect(branch, sink, call, asHandle, depth + 1);
      return;
    }
    const site = values.siteAt(node);
    if (site?.entity.connection) {
      // Node's one legitimate way to share a socket: `child.send('socket', socket)`.
      if (asHandle && site.entity.connection.sendableHandle) return;
      // Report the occurrence as written, type wrappers included (`this.pool!`).
      if (!reported.has(expression)) transfers.push({ node: expression, site, sink: sink.row, serialization: sink.serialization, boundary: sink.boundary, call, asHandle });
      reported.add(expression);
      return;
    }
    switch (node.type) {
      case 'ObjectExpression':
        for (const property of node.properties) {
          collect(property.type === 'Property' ? property.value : property.argument, sink, call, asHandle, depth + 1);
        }
        break;
      case 'ArrayExpression':
        for (const element of node.elements) {
          if (element) collect(element.type === 'SpreadElement' ? element.argument : element, sink, call, asHandle, depth + 1);
        }
        break;
      case 'Identifier': {
        const literal = literalBehind(node);
        if (literal) collect(literal, sink, call, asHandle, depth + 1);
        break;
      }
      case 'MemberExpression': {
        const socket = socketOf(node);
        if (socket && !reported.has(node)) {
          reported.add(node);
          transfers.push({ node, site: socket.site, sink: sink.row, serialization: sink.serialization, boundary: sink.boundary, call, asHandle, socketPath: socket.path });
        }
        break;
      }
      default:
        break;
    }
  }

  function dataAt(call: Call, position: DataPosition): Node[] {
    if ('allArgs' in position) return call.arguments.map((arg) => (arg.type === 'SpreadElement' ? arg.argument : arg));
    const argument = argumentAt(call, position.arg);
    if (!('option' in position)) return argument ? [argument] : [];
    const value = optionNode(argument, position.option, sourceCode);
    return value ? [value] : [];
  }

  function inspect(call: Call, row: TransferSink): void {
    const boundary = row.label ?? `\`${calleeText(call)}()\``;
    for (const position of row.data) {
      const sink: Sink = { row, boundary, serialization: position.serialization ?? row.serialization };
      for (const data of dataAt(call, position)) collect(data, sink, call, false, 0);
    }
    const sink: Sink = { row, boundary, serialization: row.serialization };
    const handle = row.handleArg === undefined ? undefined : argumentAt(call, row.handleArg);
    if (handle) collect(handle, sink, call, true, 0);
  }

  for (const { api, node } of input.tracked) {
    if (node.type !== 'CallExpression' && node.type !== 'NewExpression') continue;
    if (api.sink) inspect(node, api.sink);
    if (api.optionSink) inspect(node, api.optionSink);
  }
  for (const { call, name: method, site } of values.accesses) {
    if (!call || !method) continue;
    const proxy = site.entity.proxySink;
    const sink = site.entity.sinks?.[method] ?? (proxy && !proxy.except.includes(method) ? proxy.sink : undefined);
    // Method sinks carry no label: reports name them as written (`piscina.run()`).
    if (sink) inspect(call, sink);
  }
  return transfers;
}
