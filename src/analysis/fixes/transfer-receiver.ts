/**
 * Where a connection sent to a copy of this very module is received (a module that forks
 * itself and sends its workers a connection): the worker's message handler parameter, or
 * the `workerData` property, that holds it and that the worker uses as a client. The
 * sink's row says what receives its data (`receivedBy`); undefined wherever the receiver
 * is elsewhere, or is not one plain place in this file.
 */
import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import type { ReceivingSide } from '../../knowledge/index.js';
import { memberName, skipTypeWrappers, staticKeyName, type Node } from '../../util/ast.js';
import { isStatementList } from '../../util/statements.js';
import { variableOf } from '../../util/variables.js';
import { isApi } from '../api-refs.js';
import type { TrackedNode } from '../imports.js';
import { runsOncePerWorker, runsOnlyIn } from './role-placement.js';
import { WORKER, type Roles } from '../roles.js';
import { valueReads } from '../tracked-reads.js';
import { dataAt, type Transfer } from '../transfers.js';
import type { Origin, Values } from '../values.js';
import type { MessageHandler, Workers } from '../workers.js';

type SourceCode = Readonly<TSESLint.SourceCode>;

export interface ReceiverContext {
  readonly sourceCode: SourceCode;
  readonly values: Values;
  readonly roles: Roles;
  readonly workers: Workers;
  readonly tracked: readonly TrackedNode[];
}

export type Receiver =
  /** A message handler's parameter, or a property it destructures (`({ job, redis }) => …`). */
  | {
    readonly kind: 'handler';
    readonly handler: MessageHandler;
    readonly received: TSESTree.Identifier;
    /** The destructuring property, when the identifier is its value. */
    readonly property?: TSESTree.Property;
    /** The handler runs for one message: the worker's work ends with it. */
    readonly runOnce: boolean;
  }
  /** `const pool = workerData.pool;` in the worker. */
  | { readonly kind: 'read'; readonly declaration: TSESTree.VariableDeclaration; readonly received: TSESTree.Identifier; readonly init: Node };

function rootOrigin(origin: Origin): Origin {
  let root = origin;
  while (root.from) root = root.from;
  return root;
}

/** The data goes to a copy of this module: the call is a fork of this file (`new Worker(__filename, { workerData })`), or a method of what one returned (`child.send()`). */
function sentToOwnCopy(transfer: Transfer, context: ReceiverContext): boolean {
  const callee = transfer.call.callee;
  const target = callee.type === 'MemberExpression' ? context.values.siteAt(skipTypeWrappers(callee.object)) : undefined;
  const forks = [transfer.call as Node, ...(target ? [rootOrigin(target.origin).node] : [])];
  return context.roles.forkSites.some((site) => site.self && forks.includes(site.node));
}

/** The keys that lead from the sent data to the connection: `['redis']` for `send({ job, redis })`, `[]` for `send(redis)`. */
function pathInData(transfer: Transfer, sourceCode: SourceCode): string[] | undefined {
  const roots = new Set(transfer.sink.data.flatMap((position) => dataAt(transfer.call, position, sourceCode)).map((node) => skipTypeWrappers(node)));
  const keys: string[] = [];
  let node: Node = transfer.node;
  for (let depth = 0; !roots.has(node); depth++) {
    const property = node.parent;
    if (depth > 8 || property?.type !== 'Property' || property.value !== node || property.parent.type !== 'ObjectExpression') return undefined;
    const key = staticKeyName(property.key, property.computed);
    if (key === undefined) return undefined;
    keys.unshift(key);
    node = property.parent;
  }
  return keys;
}

/** The identifier a parameter pattern binds at `path`: the parameter itself, or the value of the properties it destructures. */
function boundAt(pattern: Node | undefined, path: readonly string[]): { received: TSESTree.Identifier; property?: TSESTree.Property } | undefined {
  if (!pattern) return undefined;
  if (path.length === 0) return pattern.type === 'Identifier' ? { received: pattern } : undefined;
  if (pattern.type !== 'ObjectPattern') return undefined;
  const property = pattern.properties.find((p): p is TSESTree.Property => p.type === 'Property' && staticKeyName(p.key, p.computed) === path[0]);
  if (!property) return undefined;
  if (path.length > 1) return boundAt(property.value, path.slice(1));
  return property.value.type === 'Identifier' ? { received: property.value, property } : undefined;
}

/** Its value has a method called on it: the receiver treats it as a client. */
function usedAsClient(identifier: TSESTree.Identifier, sourceCode: SourceCode): boolean {
  return (variableOf(identifier, sourceCode)?.references ?? []).some((reference) => {
    const member = (reference.identifier as Node).parent;
    return member?.type === 'MemberExpression' && member.object === reference.identifier && member.parent.type === 'CallExpression' && member.parent.callee === member;
  });
}

/** The one message handler of the runner in the worker's role, and what its parameter binds at `path`. */
function handlerReceiver(runner: string, path: readonly string[], context: ReceiverContext): Receiver | undefined {
  const { workers, roles, sourceCode } = context;
  const handlers = workers.messageHandlers.filter((handler) => handler.runner === runner && runsOnlyIn(handler.registration, WORKER, roles));
  const [handler] = handlers;
  const bound = handlers.length === 1 ? boundAt(handler!.fn.params[0], path) : undefined;
  if (!handler || !bound || !usedAsClient(bound.received, sourceCode)) return undefined;
  const runOnce = handler.once || workers.runOnceHandlers.includes(handler.fn);
  return { kind: 'handler', handler, ...bound, runOnce };
}

/** `read.k1.k2` for `path` `[k1, k2]`: the outermost member, or undefined when the read goes elsewhere. */
function memberAt(read: Node, path: readonly string[]): Node | undefined {
  let node = read;
  for (const key of path) {
    const member = node.parent;
    if (member?.type !== 'MemberExpression' || member.object !== node || memberName(member) !== key) return undefined;
    node = member;
  }
  return node;
}

/** The one `const x = workerData.k` in the worker that takes the connection's place, run once per worker. */
function readReceiver(read: Extract<ReceivingSide, { read: unknown }>, path: readonly string[], context: ReceiverContext): Receiver | undefined {
  const { tracked, sourceCode, roles } = context;
  const reads = tracked.filter((node) => isApi(node, read.read)).flatMap((node) => valueReads(node, sourceCode));
  const inits = reads.map((node) => memberAt(node, path)).filter((node) => node !== undefined);
  // A bare read (`const { pool } = workerData`) may take it in a way not followed here.
  if (inits.length !== 1 || (path.length > 0 && reads.some((node) => node.parent?.type !== 'MemberExpression'))) return undefined;
  const init = inits[0]!;
  const declarator = init.parent;
  const declaration = declarator?.parent;
  if (declarator?.type !== 'VariableDeclarator' || declarator.init !== init || declarator.id.type !== 'Identifier' || declaration?.type !== 'VariableDeclaration') return undefined;
  if (!declaration.parent || !isStatementList(declaration.parent) || !runsOncePerWorker(declaration, roles) || !usedAsClient(declarator.id, sourceCode)) return undefined;
  return { kind: 'read', declaration, received: declarator.id, init };
}

/** The code of this module that receives the transferred connection and uses it as a client. */
export function receiverOf(transfer: Transfer, context: ReceiverContext): Receiver | undefined {
  const side = transfer.sink.receivedBy;
  if (!side || !context.roles.selfForking || !sentToOwnCopy(transfer, context)) return undefined;
  const path = pathInData(transfer, context.sourceCode);
  if (!path) return undefined;
  return 'messages' in side ? handlerReceiver(side.messages, path, context) : readReceiver(side, path, context);
}
