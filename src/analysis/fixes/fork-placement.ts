/**
 * Where the fixes of the fork rules put code, and whether it means the same there: a
 * connection's declaration moved into the one role that uses it, a close before the fork,
 * a connection set up again at the start of the worker path. Each answer is a plan of text
 * edits; the rules only choose between fix and suggestion.
 */
import { findVariable } from '@eslint-community/eslint-utils';
import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import { isAncestor, isFunction, isLoop, outermostValue, skipTypeWrappers, type FunctionNode, type Node } from '../../util/ast.js';
import { isPortable } from '../../util/portable.js';
import type { ForkConnection, MissingReconnect } from '../fork-connections.js';
import {
  asyncEdit,
  asyncableFunction,
  canEvaluateAt,
  containsAwait,
  indentOf,
  insertion,
  lineStartOf,
  reindent,
  removal,
  statementLines,
  type TextEdit,
} from './placement.js';
import { runsOnlyIn } from './role-placement.js';
import { closeAfterWork, keepsWorkerAlive } from './run-once-close.js';
import { PRIMARY, awaitAllowed, type ForkSite, type RoleMask, type Roles } from '../roles.js';
import type { Workers } from '../workers.js';

type SourceCode = Readonly<TSESLint.SourceCode>;

/** What a plan needs besides the facts: the source, and the configured source type (for top-level `await`). */
export interface PlacementContext {
  readonly sourceCode: SourceCode;
  readonly languageOptions: { readonly sourceType?: string };
}

/** The reconnect fix also asks what work the worker path is (a run-once child's). */
export interface ReconnectContext extends PlacementContext {
  readonly workers: Pick<Workers, 'workOf'>;
}

export interface PlacedEdits {
  readonly edits: readonly TextEdit[];
  /** The code surely means the same at its new place and no function is made async: a fix, not a suggestion. */
  readonly safe: boolean;
  /** The function around the destination is made async, for an `await` the moved code holds. */
  readonly needsAsync: boolean;
}

interface MovableDeclaration {
  /** The declaration, or the statement that runs a held connection's connect step. */
  readonly declaration: TSESTree.VariableDeclaration | TSESTree.ExpressionStatement;
  readonly init: TSESTree.Expression;
  /** Every reference to the holder except its declaration. */
  readonly references: readonly Node[];
}

/** `mongoose.connect(url).then(…).catch(…)`: the chain of promise callbacks on a call. */
function promiseChain(call: Node): Node {
  let current = outermostValue(call);
  while (current.parent?.type === 'MemberExpression' && current.parent.object === current && current.parent.parent?.type === 'CallExpression' && current.parent.parent.callee === current.parent) {
    current = outermostValue(current.parent.parent);
  }
  return current;
}

/** `await mongoose.connect(url);` as a module-scope statement of its own: what moves for a held connection no variable holds. */
function movableStep(connection: ForkConnection): MovableDeclaration | undefined {
  const value = promiseChain(connection.at);
  const statement = value.parent;
  if (connection.at.type !== 'CallExpression' || statement?.type !== 'ExpressionStatement' || statement.parent?.type !== 'Program') return undefined;
  return { declaration: statement, init: value as TSESTree.Expression, references: [] };
}

/** The declaration of the connection's only holder, when it is the lone declarator of a module-scope statement. */
function movableDeclaration(connection: ForkConnection): MovableDeclaration | undefined {
  if (connection.held) {
    const step = movableStep(connection);
    // A holder declared inside the statement that moves (`.then((res) => …)`) moves with it.
    if (step && connection.bindings.every((binding) => isAncestor(step.declaration, binding.target))) return step;
  }
  const [binding] = connection.bindings;
  const declarator = binding?.target.parent;
  if (!binding || connection.bindings.length !== 1 || !binding.variable || declarator?.type !== 'VariableDeclarator' || !declarator.init) return undefined;
  const declaration = declarator.parent;
  if (declaration?.type !== 'VariableDeclaration' || declaration.declarations.length !== 1 || declaration.parent?.type !== 'Program') return undefined;
  const references = binding.variable.references.filter((reference) => !reference.init).map((reference) => reference.identifier as Node);
  return { declaration, init: declarator.init, references };
}

/**
 * The start of the `role`-only region around the first use in `role` (or around `anchor`,
 * for a connection with no use here), when it runs once and every reference follows it there.
 */
function moveDestination(connection: ForkConnection, role: RoleMask, references: readonly Node[], roles: Roles, anchor?: Node): Node | undefined {
  const first = connection.uses.find((use) => use.role === role)?.node ?? anchor;
  const destination = first && roles.regionStart(first, role);
  const list = destination?.parent;
  if (!destination || !list || list.type === 'SwitchCase' || !roles.runsOnce(destination)) return undefined;
  return references.every((node) => node.range[0] >= destination.range[0] && node.range[1] <= list.range[1]) ? destination : undefined;
}

/** Only the factory itself moves: anything else the initialiser calls would stop running in the other role. */
function movesFactoryOnly(init: TSESTree.Expression, connection: ForkConnection, destination: Node, sourceCode: SourceCode): boolean {
  const value = skipTypeWrappers(init.type === 'AwaitExpression' ? init.argument : init);
  const factory = connection.at;
  return (
    value === factory && (factory.type === 'CallExpression' || factory.type === 'NewExpression') &&
    factory.arguments.every((arg) => arg.type !== 'SpreadElement' && isPortable(arg, destination, sourceCode))
  );
}

/** The function to make async so that `await` may stand at `destination`; null when it cannot be, undefined when not needed. */
function functionToMakeAsync(awaits: boolean, destination: Node, context: PlacementContext): FunctionNode | null | undefined {
  if (!awaits || awaitAllowed(destination, context)) return undefined;
  return asyncableFunction(destination) ?? null;
}

/**
 * Move the connection's declaration (or its connect step) to the start of the `role`-only
 * region around its uses, or around `anchor` when it has none here.
 */
export function moveIntoRole(connection: ForkConnection, role: RoleMask, roles: Roles, context: PlacementContext, anchor?: Node): PlacedEdits | undefined {
  const { sourceCode } = context;
  const declared = movableDeclaration(connection);
  if (!declared) return undefined;
  const { declaration, init } = declared;
  const destination = moveDestination(connection, role, declared.references, roles, anchor);
  if (!destination || !canEvaluateAt(init, destination, sourceCode)) return undefined;
  const lines = statementLines(declaration, sourceCode);
  const indent = indentOf(destination, sourceCode);
  if (!lines || indent === undefined) return undefined;
  const makeAsync = functionToMakeAsync(containsAwait(init, sourceCode), destination, context);
  if (makeAsync === null) return undefined;
  const edits = [removal(lines.range), insertion(lineStartOf(destination, sourceCode), reindent(lines.text, lines.indent, indent))];
  if (makeAsync) edits.push(asyncEdit(makeAsync));
  return { edits, safe: movesFactoryOnly(init, connection, destination, sourceCode) && !makeAsync, needsAsync: makeAsync !== undefined };
}

/** The statement holding `node` in the innermost block of its function that no loop between them runs again. */
function statementOutsideLoops(node: Node): Node | undefined {
  let statement: Node | undefined;
  for (let child: Node = node, parent: Node | undefined = node.parent; parent && !isFunction(parent); child = parent, parent = parent.parent) {
    if (parent.type === 'Program' || parent.type === 'BlockStatement') statement ??= child;
    if (isLoop(parent)) statement = undefined;
  }
  return statement;
}

/**
 * `await pool.end();` before the statement that forks (or the loop around it), with the
 * close method it calls; only where that statement runs in the primary alone, so that no
 * worker closes its own copy.
 */
export function closeBeforeFork(connection: ForkConnection, site: ForkSite, roles: Roles, context: PlacementContext): { close: string; edits: readonly TextEdit[] } | undefined {
  const { sourceCode } = context;
  const binding = connection.holder;
  const close = connection.entity.connection?.close[0];
  // A fork API that runs the roles' functions itself (throng) has no statement to close before.
  if (!binding?.variable || !close || site.row.roleFunctions) return undefined;
  const at = statementOutsideLoops(site.node);
  const indent = at && indentOf(at, sourceCode);
  if (!at || indent === undefined || !runsOnlyIn(at, PRIMARY, roles)) return undefined;
  if (findVariable(sourceCode.getScope(at) as never, binding.name) !== binding.variable) return undefined;
  const text = `${indent}${awaitAllowed(at, context) ? 'await ' : ''}${binding.name}.${close}();\n`;
  return { close, edits: [insertion(lineStartOf(at, sourceCode), text)] };
}

/** The callee's receiver and the arguments of a call mean the same at `destination`. */
function callPortable(call: Node, destination: Node, sourceCode: SourceCode): boolean {
  return (
    (call.type === 'CallExpression' || call.type === 'NewExpression') &&
    isPortable(call.callee.type === 'MemberExpression' ? call.callee.object : call.callee, destination, sourceCode) &&
    call.arguments.every((arg) => arg.type !== 'SpreadElement' && isPortable(arg, destination, sourceCode))
  );
}

/** The statements that set the connection up, as they read at the start of the worker path. */
/** The set-up as text, whether it means the same on the worker path, and whether it awaits (read from its nodes, not its text). */
function setupText(missing: MissingReconnect, destination: Node, sourceCode: SourceCode): { text: string; portable: boolean; awaits: boolean } | undefined {
  const { name } = missing;
  const parts: string[] = [];
  let portable = true;
  let awaits = false;
  if (missing.reason === 'assigned') {
    const assignment = missing.assignments[0];
    if (!assignment) return undefined;
    const value = skipTypeWrappers(assignment.right.type === 'AwaitExpression' ? assignment.right.argument : assignment.right);
    portable = callPortable(value, destination, sourceCode) && canEvaluateAt(assignment.right, destination, sourceCode);
    parts.push(`${name} = ${sourceCode.getText(assignment.right)};`);
    awaits ||= containsAwait(assignment.right, sourceCode);
  }
  for (const step of missing.connectSteps) {
    const call = step.call!;
    const statement = call.parent?.type === 'AwaitExpression' ? call.parent.parent : call.parent;
    portable &&= call.arguments.every((arg) => arg.type !== 'SpreadElement' && isPortable(arg, destination, sourceCode));
    // A method of the holder named here is called on it; any other step (`connectDB()` of
    // another module, `mongoose.connect()` for a model's holder) is copied as written.
    const onHolder = missing.variable !== undefined && step.member !== undefined && step.act === undefined;
    if (!onHolder) portable &&= isPortable(call.callee.type === 'MemberExpression' ? call.callee.object : call.callee, destination, sourceCode);
    const args = call.arguments.map((arg) => sourceCode.getText(arg)).join(', ');
    if (statement?.type === 'ExpressionStatement') {
      parts.push(sourceCode.getText(statement));
      awaits ||= containsAwait(statement, sourceCode);
    } else {
      parts.push(`await ${onHolder ? `${name}.${step.name}` : sourceCode.getText(call.callee)}(${args});`);
      awaits = true;
    }
  }
  return parts.length > 0 ? { text: parts.join('\n'), portable, awaits } : undefined;
}

export interface ReconnectEdits extends PlacedEdits {
  /** The close method the edits call once a run-once child's work is done. */
  readonly close?: string;
}

/**
 * Create or connect the connection at the start of the worker path, where its name means
 * the same variable. In a run-once child, which the connection would keep alive, also close
 * it when the work is done; where no close can be placed safely (run-once-close), there is
 * no plan: a set-up alone would leave the child running.
 */
export function reconnectOnWorkerPath(missing: MissingReconnect, roles: Roles, context: ReconnectContext): ReconnectEdits | undefined {
  const { sourceCode } = context;
  const destination = roles.workerPathStart(missing.use.node);
  const indent = destination && indentOf(destination, sourceCode);
  if (!destination || indent === undefined) return undefined;
  if (missing.variable && findVariable(sourceCode.getScope(destination) as never, missing.name) !== missing.variable) return undefined;
  const setup = setupText(missing, destination, sourceCode);
  if (!setup) return undefined;
  const { awaits } = setup;
  const makeAsync = functionToMakeAsync(awaits, destination, context);
  if (makeAsync === null) return undefined;
  const lines = setup.text.split('\n').map((line) => line.trimStart());
  const asyncEdits = makeAsync ? [asyncEdit(makeAsync)] : [];
  const needsAsync = makeAsync !== undefined;
  if (context.workers.workOf(destination)?.kind === 'run-once' && keepsWorkerAlive(missing.entity)) {
    const wrapped = missing.variable && closeAfterWork(
      { name: missing.name, variable: missing.variable, entity: missing.entity, first: destination, setup: lines, awaits: awaits || awaitAllowed(destination, context) },
      roles, sourceCode,
    );
    return wrapped ? { edits: [wrapped.edit, ...asyncEdits], safe: setup.portable && !makeAsync, needsAsync, close: wrapped.close } : undefined;
  }
  const edits = [insertion(lineStartOf(destination, sourceCode), lines.map((line) => indent + line).join('\n') + '\n'), ...asyncEdits];
  return { edits, safe: setup.portable && !makeAsync, needsAsync };
}
