/**
 * The fix of no-connection-transfer: send the configuration the connection was created
 * from instead of the connection and, where a copy of this very module receives it
 * (transfer-receiver), connect from that configuration there, so that the program runs
 * after the suggestion alone: the sender's own factory, called with what now arrives, set
 * up once per worker and, in a worker whose work is one message, closed when that work ends.
 */
import { findVariable } from '@eslint-community/eslint-utils';
import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import { isAwaited, walk, type Node } from '../../util/ast.js';
import { isPortable } from '../../util/portable.js';
import { awaitAllowed, indentOf, insertion, lineStartOf, moduleScopeHas, replacement, type TextEdit } from './placement.js';
import { runsOncePerWorker, statementsAround } from './role-placement.js';
import { configToSend, creatorOf } from './transfer-config.js';
import { receiverOf, type Receiver, type ReceiverContext } from './transfer-receiver.js';
import type { Transfer } from '../transfers.js';

type SourceCode = Readonly<TSESLint.SourceCode>;
type HandlerReceiver = Extract<Receiver, { kind: 'handler' }>;

interface TransferFixContext extends ReceiverContext {
  readonly languageOptions: { readonly sourceType?: string };
}

interface TransferFix {
  /** The configuration, as written where the connection was created. */
  readonly config: string;
  readonly edits: readonly TextEdit[];
  /** The receiving side in this module connects from it now. */
  readonly receiverConnects: boolean;
}

/** The sender's factory called with `argument` at `destination`: `new Redis(redisConfig)`; whether it is awaited. */
function factoryCall(transfer: Transfer, argument: string, destination: Node, sourceCode: SourceCode): { text: string; awaits: boolean } | undefined {
  const creator = creatorOf(transfer.site.origin).node;
  if ((creator.type !== 'CallExpression' && creator.type !== 'NewExpression') || !isPortable(creator.callee, destination, sourceCode)) return undefined;
  const awaits = isAwaited(creator);
  const made = `${creator.type === 'NewExpression' ? 'new ' : ''}${sourceCode.getText(creator.callee)}(${argument})`;
  return { text: `${awaits ? 'await ' : ''}${made}`, awaits };
}

/** `await client.connect();` for a connection that does nothing until connected (`requiresConnect`). */
function connectLine(transfer: Transfer, name: string, awaits: boolean): string | undefined {
  const facts = transfer.site.entity.connection;
  const connect = facts?.requiresConnect ? facts.connect?.[0] : undefined;
  return connect && `${awaits ? 'await ' : ''}${name}.${connect}();`;
}

/**
 * A name free at `node`: nothing around it declares it, and the module neither declares it
 * nor reads it as a global (placement's `moduleScopeHas`), which a new binding would capture.
 */
function freeName(name: string, node: Node, sourceCode: SourceCode): string | undefined {
  return findVariable(sourceCode.getScope(node) as never, name) || moduleScopeHas(name, sourceCode) ? undefined : name;
}

/** The parameter (or destructured property) renamed to `name`: `({ job, redis: redisConfig })`. */
function renameEdit(receiver: HandlerReceiver, name: string, sourceCode: SourceCode): TextEdit {
  const { property, received } = receiver;
  if (property?.shorthand) return replacement(property, `${sourceCode.getText(property.key)}: ${name}`);
  return { range: [received.range[0], received.range[0] + received.name.length], text: name };
}

/** Lines of the block between its braces, each on its own: the body can be re-indented. */
function bodyLines(body: TSESTree.BlockStatement, sourceCode: SourceCode): string[] | undefined {
  const lines = sourceCode.text.slice(body.range[0] + 1, body.range[1] - 1).split('\n');
  let multilineText = false;
  walk(body, sourceCode.visitorKeys, (node) => {
    multilineText ||= (node.type === 'TemplateLiteral' || node.type === 'Literal') && node.loc.start.line !== node.loc.end.line;
  });
  if (multilineText || lines.length < 3 || lines[0]!.trim() !== '' || lines.at(-1)!.trim() !== '') return undefined;
  return lines.slice(1, -1);
}

/** The body as `<setup>; try { <body> } finally { <close> }`: the worker's work ends with this handler. */
function wrapEdit(body: TSESTree.BlockStatement, setup: readonly string[], close: string, sourceCode: SourceCode): TextEdit | undefined {
  const lines = bodyLines(body, sourceCode);
  const indent = body.body[0] && indentOf(body.body[0], sourceCode);
  const outer = (sourceCode.lines[body.loc.end.line - 1] ?? '').slice(0, body.loc.end.column - 1);
  if (!lines || indent === undefined || outer.trim() !== '' || !indent.startsWith(outer)) return undefined;
  const step = indent.slice(outer.length) || '  ';
  const inner = lines.map((line) => (line.trim() === '' ? line : `${step}${line}`));
  const text = [...setup.map((line) => indent + line), `${indent}try {`, ...inner, `${indent}} finally {`, `${indent}${step}${close}`, `${indent}}`];
  return { range: [body.range[0] + 1, body.range[1] - 1], text: `\n${text.join('\n')}\n${outer}` };
}

/** A run-once handler makes the connection from what it receives and closes it when its work ends. */
function runOnceEdits(transfer: Transfer, receiver: HandlerReceiver, config: string, context: TransferFixContext): TextEdit[] | undefined {
  const { sourceCode } = context;
  const fn = receiver.handler.fn;
  const name = receiver.received.name;
  const factory = fn.body.type === 'BlockStatement' ? factoryCall(transfer, config, fn.body, sourceCode) : undefined;
  const close = transfer.site.entity.connection?.close[0];
  if (fn.body.type !== 'BlockStatement' || !factory || !close || (factory.awaits && !fn.async)) return undefined;
  const connect = connectLine(transfer, name, fn.async);
  const setup = [`const ${name} = ${factory.text};`, ...(connect ? [connect] : [])];
  const wrapped = wrapEdit(fn.body, setup, `${fn.async ? 'await ' : ''}${name}.${close}();`, sourceCode);
  return wrapped && [renameEdit(receiver, config, sourceCode), wrapped];
}

/** A handler of every message keeps one connection for the worker: `let redis;` before its registration, `redis ??= new Redis(redisConfig);` first in it. */
function heldEdits(transfer: Transfer, receiver: HandlerReceiver, config: string, context: TransferFixContext): TextEdit[] | undefined {
  const { sourceCode, roles } = context;
  const { fn, registration } = receiver.handler;
  const name = receiver.received.name;
  const [statement] = statementsAround(registration);
  const first = fn.body.type === 'BlockStatement' ? fn.body.body[0] : undefined;
  const factory = first && factoryCall(transfer, config, first, sourceCode);
  // Awaited or connected separately, two messages at once would make two.
  if (!statement || !first || !factory || factory.awaits || connectLine(transfer, name, false)) return undefined;
  const indent = indentOf(statement, sourceCode);
  const bodyIndent = indentOf(first, sourceCode);
  if (indent === undefined || bodyIndent === undefined || !runsOncePerWorker(statement, roles) || !freeName(name, statement, sourceCode)) return undefined;
  return [
    insertion(lineStartOf(statement, sourceCode), `${indent}let ${name};\n`),
    renameEdit(receiver, config, sourceCode),
    insertion(lineStartOf(first, sourceCode), `${bodyIndent}${name} ??= ${factory.text};\n`),
  ];
}

/** `const pool = workerData.pool;` → `const pool = new pg.Pool(workerData.pool);`, connected after when it must be. */
function readEdits(transfer: Transfer, receiver: Extract<Receiver, { kind: 'read' }>, context: TransferFixContext): TextEdit[] | undefined {
  const { sourceCode } = context;
  const { declaration, init, received } = receiver;
  const factory = factoryCall(transfer, sourceCode.getText(init), declaration, sourceCode);
  const awaits = awaitAllowed(declaration, context);
  const indent = indentOf(declaration, sourceCode);
  if (!factory || (factory.awaits && !awaits) || indent === undefined) return undefined;
  const connect = connectLine(transfer, received.name, awaits);
  return [replacement(init, factory.text), ...(connect ? [insertion(declaration.range[1], `\n${indent}${connect}`)] : [])];
}

function receiverEdits(transfer: Transfer, receiver: Receiver, context: TransferFixContext): TextEdit[] | undefined {
  if (receiver.kind === 'read') return readEdits(transfer, receiver, context);
  const config = freeName(`${receiver.received.name}Config`, receiver.handler.fn, context.sourceCode);
  if (!config) return undefined;
  return receiver.runOnce ? runOnceEdits(transfer, receiver, config, context) : heldEdits(transfer, receiver, config, context);
}

/** The configuration in place of the connection in the sent data (`{ redis }` → `{ redis: process.env.REDIS_URL }`). */
function sendEdit(transfer: Transfer, config: string, sourceCode: SourceCode): TextEdit {
  const property = transfer.node.parent;
  const shorthand = property?.type === 'Property' && property.shorthand && property.value === transfer.node;
  return shorthand ? replacement(property, `${sourceCode.getText(property.key)}: ${config}`) : replacement(transfer.node, config);
}

/** Send the configuration instead, and connect from it where this module receives it; undefined when there is no configuration to send. */
export function transferFix(transfer: Transfer, context: TransferFixContext): TransferFix | undefined {
  const { sourceCode } = context;
  const configNode = configToSend(transfer, sourceCode);
  if (!configNode) return undefined;
  const config = sourceCode.getText(configNode);
  const receiver = receiverOf(transfer, context);
  const received = receiver && receiverEdits(transfer, receiver, context);
  return { config, edits: [sendEdit(transfer, config, sourceCode), ...(received ?? [])], receiverConnects: received !== undefined };
}
