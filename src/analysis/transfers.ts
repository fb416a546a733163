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

/** Where one piece of data crosses, and how: the sink's row, its boundary label and serialization, the call. */
interface Crossing {
  readonly row: TransferSink;
  readonly boundary: string;
  readonly serialization: Serialization;
  readonly call: Call;
  /** Passed as `send(message, handle)`. */
  readonly asHandle: boolean;
}

/** The search's state: what it reads, and what it found so far (each occurrence once). */
interface Search {
  readonly sourceCode: Readonly<TSESLint.SourceCode>;
  readonly values: Values;
  readonly transfers: Transfer[];
  readonly reported: Set<Node>;
}

const MAX_LITERAL_DEPTH = 8;
const MAX_CALLEE_TEXT = 40;

function calleeText(call: Call, sourceCode: Readonly<TSESLint.SourceCode>): string {
  const text = sourceCode.getText(call.callee).replace(/\s*\n\s*/g, '').replace(/\s+/g, ' ');
  return text.length > MAX_CALLEE_TEXT ? `…${text.slice(-MAX_CALLEE_TEXT)}` : text;
}

/** A `const` whose value is an object or array literal: `const ctx = { pool }`. */
function literalBehind(identifier: TSESTree.Identifier, sourceCode: Readonly<TSESLint.SourceCode>): Node | undefined {
  const init = constantInit(identifier, sourceCode);
  const value = init && skipTypeWrappers(init);
  return value?.type === 'ObjectExpression' || value?.type === 'ArrayExpression' ? value : undefined;
}

/** `client.connection.stream` → the client's site and the path to its socket. */
function socketOf(member: TSESTree.MemberExpression, values: Values): { site: ValueSite; path: string[] } | undefined {
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

/** Each branch of a choice is its own occurrence; `await` is looked through like a one-branch choice. */
function branchesOf(node: Node): Node[] | undefined {
  if (node.type === 'ConditionalExpression') return [node.consequent, node.alternate];
  if (node.type === 'LogicalExpression') return [node.left, node.right];
  if (node.type === 'AwaitExpression') return [node.argument];
  return undefined;
}

function transferOf(node: Node, site: ValueSite, crossing: Crossing): Transfer {
  const { row, serialization, boundary, call, asHandle } = crossing;
  return { node, site, sink: row, serialization, boundary, call, asHandle };
}

/** A live connection in the data, reported as written, type wrappers included (`this.pool!`). */
function reportConnection(search: Search, expression: Node, site: ValueSite, crossing: Crossing): void {
  // Node's one legitimate way to share a socket: `child.send('socket', socket)`.
  if (crossing.asHandle && site.entity.connection?.sendableHandle) return;
  if (!search.reported.has(expression)) search.transfers.push(transferOf(expression, site, crossing));
  search.reported.add(expression);
}

/** `client.connection.stream`: a client's underlying socket. */
function reportSocket(search: Search, member: TSESTree.MemberExpression, crossing: Crossing): void {
  const socket = socketOf(member, search.values);
  if (!socket || search.reported.has(member)) return;
  search.reported.add(member);
  search.transfers.push({ ...transferOf(member, socket.site, crossing), socketPath: socket.path });
}

/** The parts of a data expression that may hold a connection: literal members, and the literal behind a `const`. */
function partsOf(node: Node, sourceCode: Readonly<TSESLint.SourceCode>): Node[] {
  switch (node.type) {
    case 'ObjectExpression':
      return node.properties.map((property) => (property.type === 'Property' ? property.value : property.argument));
    case 'ArrayExpression':
      return node.elements.flatMap((element) => (element ? [element.type === 'SpreadElement' ? element.argument : element] : []));
    case 'Identifier': {
      const literal = literalBehind(node, sourceCode);
      return literal ? [literal] : [];
    }
    default:
      return [];
  }
}

/** Every connection (or client socket) inside `expression`, the data that crosses. */
function collect(search: Search, expression: Node, crossing: Crossing, depth: number): void {
  if (depth > MAX_LITERAL_DEPTH) return;
  const node = skipTypeWrappers(expression);
  const branches = branchesOf(node);
  if (branches) {
    for (const branch of branches) collect(search, branch, crossing, depth + 1);
    return;
  }
  const site = search.values.siteAt(node);
  if (site?.entity.connection) {
    reportConnection(search, expression, site, crossing);
  } else if (node.type === 'MemberExpression') {
    reportSocket(search, node, crossing);
  } else {
    for (const part of partsOf(node, search.sourceCode)) collect(search, part, crossing, depth + 1);
  }
}

/** The data a position of a sink names at this call, as written. */
export function dataAt(call: Call, position: DataPosition, sourceCode: Readonly<TSESLint.SourceCode>): Node[] {
  if ('allArgs' in position) return call.arguments.map((arg) => (arg.type === 'SpreadElement' ? arg.argument : arg));
  const argument = argumentAt(call, position.arg);
  if (!('option' in position)) return argument ? [argument] : [];
  const value = optionNode(argument, position.option, sourceCode);
  return value ? [value] : [];
}

/** The data a sink's row names at this call, and its handle argument. */
function inspect(search: Search, call: Call, row: TransferSink): void {
  const boundary = row.label ?? `\`${calleeText(call, search.sourceCode)}()\``;
  for (const position of row.data) {
    const crossing: Crossing = { row, boundary, serialization: position.serialization ?? row.serialization, call, asHandle: false };
    for (const data of dataAt(call, position, search.sourceCode)) collect(search, data, crossing, 0);
  }
  const handle = row.handleArg === undefined ? undefined : argumentAt(call, row.handleArg);
  if (handle) collect(search, handle, { row, boundary, serialization: row.serialization, call, asHandle: true }, 0);
}

/** The sink a method call on a tracked object is, if any: its own row, or its proxy's (`piscina.run()`, `queue.add()`). */
function methodSink(site: ValueSite, method: string): TransferSink | undefined {
  const proxy = site.entity.proxySink;
  return site.entity.sinks?.[method] ?? (proxy && !proxy.except.includes(method) ? proxy.sink : undefined);
}

export function findTransfers(input: TransferInput): Transfer[] {
  const search: Search = { sourceCode: input.sourceCode, values: input.values, transfers: [], reported: new Set() };
  for (const { api, node } of input.tracked) {
    if (node.type !== 'CallExpression' && node.type !== 'NewExpression') continue;
    if (api.sink) inspect(search, node, api.sink);
    if (api.optionSink) inspect(search, node, api.optionSink);
  }
  for (const { call, name: method, site } of input.values.accesses) {
    if (!call || !method) continue;
    const sink = methodSink(site, method);
    // Method sinks carry no label: reports name them as written (`piscina.run()`).
    if (sink) inspect(search, call, sink);
  }
  return search.transfers;
}
