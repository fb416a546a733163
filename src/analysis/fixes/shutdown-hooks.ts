/**
 * Where a close that a task must not make goes instead (no-close-in-worker-task): into the
 * runner's own shutdown hook where it has one (SHUTDOWN_HOOKS, from its WorkerApi row), else
 * into a listener for the event loop running empty, registered where the task's
 * registration runs: in the worker's role of a module that forks itself, once per worker.
 * The plans are text edits; the rule only asks for them.
 */
import { findVariable } from '@eslint-community/eslint-utils';
import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import { LAST_RESORT_HOOK, SHUTDOWN_HOOKS, type ShutdownHook } from '../../knowledge/workers.js';
import { argumentAt, outermostValue, skipTypeWrappers, type Node } from '../../util/ast.js';
import { lookupOption } from '../../util/options.js';
import { isPortable } from '../../util/portable.js';
import { isStatementList, statementsOf, type Statement } from '../../util/statements.js';
import { appendProperty, indentOf, insertion, statementRemoval, type TextEdit } from './placement.js';
import { runsOncePerWorker, statementsAround } from './role-placement.js';
import type { Roles } from '../roles.js';
import type { TaskClose } from '../tasks.js';

type SourceCode = Readonly<TSESLint.SourceCode>;

interface HookContext {
  readonly sourceCode: SourceCode;
  readonly roles: Roles;
}

interface HookPlan {
  /** How the suggestion names the hook: `parentPort.once('close')`, `onTerminate`. */
  readonly hook: string;
  /** When the hook runs, and the end of a worker it misses. */
  readonly covers: string;
  /** The close taken out of the task, and the hook that makes it. */
  readonly edits: readonly TextEdit[];
}

/** What a hook is built from: the close as written, and the place it must mean the same at. */
interface Closing {
  readonly close: TaskClose;
  /** `pool.end()`, as the hook's function returns it. */
  readonly text: string;
  /** What the close call needs at the hook: its receiver (`pool`) or, for a wrapper (`closeDB()`), its callee, and its arguments. */
  readonly needs: readonly Node[];
}

/** The statement that is nothing but the close (`await pool.end();`), in a block or at the top level. */
function closeStatement(close: TaskClose): TSESTree.ExpressionStatement | undefined {
  const node = outermostValue(close.call);
  const statement = node.parent;
  if (statement?.type !== 'ExpressionStatement' || statement.expression !== node) return undefined;
  const list = statement.parent;
  return list?.type === 'BlockStatement' || list?.type === 'Program' ? statement : undefined;
}

/** Taking the close statement out of the task: its whole lines when it stands alone on them. */
export function closeRemoval(close: TaskClose, sourceCode: SourceCode): TextEdit | undefined {
  const statement = closeStatement(close);
  return statement && statementRemoval(statement, sourceCode);
}

function closingOf(close: TaskClose, sourceCode: SourceCode): Closing {
  const callee = close.call.callee;
  const closed = callee.type === 'MemberExpression' ? callee.object : callee;
  const args = close.call.arguments.map((arg) => (arg.type === 'SpreadElement' ? arg.argument : arg));
  return { close, text: sourceCode.getText(close.call), needs: [closed, ...args] };
}

/** The close means the same at `place`. */
function closingPortable(closing: Closing, place: Node, sourceCode: SourceCode): boolean {
  return closing.needs.every((node) => isPortable(node, place, sourceCode));
}

/** The statement a hook for the task is registered after: innermost first, the first that runs once per worker where the close means the same. */
function hookStatement(closing: Closing, context: HookContext): Statement | undefined {
  const { task } = closing.close;
  return statementsAround(task.registration)
    .map((statement) => laterWithTask(statement, task.node))
    .find((statement) => runsOncePerWorker(statement, context.roles) && closingPortable(closing, statement, context.sourceCode));
}

/** The task's own statement when it sits in the same list after the registration's (`workerpool.worker({ count })` before `function count`). */
function laterWithTask(statement: Statement, task: Node): Statement {
  const list = statement.parent;
  if (!list || !isStatementList(list)) return statement;
  return statementsOf(list).find((sibling) => sibling.range[0] > statement.range[0] && sibling.range[0] <= task.range[0] && task.range[1] <= sibling.range[1]) ?? statement;
}

/** `<object>.once('<event>', () => <close>);` on a line of its own after `statement`. */
function listenerAfter(statement: Statement, object: string, event: string, closing: Closing, context: HookContext): Omit<HookPlan, 'covers'> | undefined {
  const indent = indentOf(statement, context.sourceCode);
  if (indent === undefined) return undefined;
  const text = `${object}.once('${event}', () => ${closing.text});`;
  return { hook: `${object}.once('${event}')`, edits: [insertion(statement.range[1], `\n\n${indent}${text}`)] };
}

/** A global that no declaration shadows at `node`. */
function globalAt(name: string, node: Node, sourceCode: SourceCode): boolean {
  const variable = findVariable(sourceCode.getScope(node) as never, name);
  return !variable || variable.defs.length === 0;
}

function globalListener(hook: ShutdownHook & { on: 'global' }, closing: Closing, context: HookContext): Omit<HookPlan, 'covers'> | undefined {
  const statement = hookStatement(closing, context);
  if (!statement || !globalAt(hook.object, statement, context.sourceCode)) return undefined;
  return listenerAfter(statement, hook.object, hook.event, closing, context);
}

/** On the object the message handler listens on, as written (`parentPort`), where it means the same. */
function receiverListener(hook: ShutdownHook & { on: 'receiver' }, closing: Closing, context: HookContext): Omit<HookPlan, 'covers'> | undefined {
  const receiver = closing.close.task.receiver;
  const statement = hookStatement(closing, context);
  if (receiver?.type !== 'Identifier' || !statement || !isPortable(receiver, statement, context.sourceCode)) return undefined;
  // As written: `parentPort!` in TypeScript, where `parentPort` may be null.
  const object = receiver.parent?.type === 'TSNonNullExpression' ? `${receiver.name}!` : receiver.name;
  return listenerAfter(statement, object, hook.event, closing, context);
}

/** On the variable that holds what the registration makes (`const worker = new Worker(…)`), after its declaration. */
function registrationListener(hook: ShutdownHook & { on: 'registration' }, closing: Closing, context: HookContext): Omit<HookPlan, 'covers'> | undefined {
  const declarator = closing.close.task.registration.parent;
  const declaration = declarator?.parent;
  if (declarator?.type !== 'VariableDeclarator' || declarator.id.type !== 'Identifier' || declaration?.type !== 'VariableDeclaration') return undefined;
  if (!declaration.parent || !isStatementList(declaration.parent)) return undefined;
  if (!runsOncePerWorker(declaration, context.roles) || !closingPortable(closing, declaration, context.sourceCode)) return undefined;
  return listenerAfter(declaration, declarator.id.name, hook.event, closing, context);
}

/** `{ onTerminate: () => <close> }` in the registration call: a new options argument, or a property of the one written. */
function optionHook(hook: ShutdownHook & { on: 'option' }, closing: Closing, context: HookContext): Omit<HookPlan, 'covers'> | undefined {
  const { sourceCode } = context;
  const call = closing.close.task.registration;
  if ((call.type !== 'CallExpression' && call.type !== 'NewExpression') || !closingPortable(closing, call, sourceCode)) return undefined;
  const property = `${hook.option}: ${hook.async ? 'async ' : ''}() => ${closing.text}`;
  const options = argumentAt(call, hook.arg);
  const plan = (edit: TextEdit) => ({ hook: hook.option, edits: [edit] });
  if (!options) {
    const last = call.arguments.at(-1);
    return last && call.arguments.length === hook.arg ? plan(insertion(last.range[1], `, { ${property} }`)) : undefined;
  }
  const object = skipTypeWrappers(options);
  if (object.type !== 'ObjectExpression' || lookupOption(object, hook.option, sourceCode).kind !== 'absent') return undefined;
  return plan(appendProperty(object, property, sourceCode));
}

function planned(hook: ShutdownHook, closing: Closing, context: HookContext): HookPlan | undefined {
  const placed =
    hook.on === 'global' ? globalListener(hook, closing, context)
      : hook.on === 'receiver' ? receiverListener(hook, closing, context)
        : hook.on === 'registration' ? registrationListener(hook, closing, context)
          : optionHook(hook, closing, context);
  return placed && { ...placed, covers: hook.covers };
}

/**
 * The close moved out of the task into a shutdown hook of the worker: the runner's own,
 * else the last resort (unless the runner's is the only one that runs); undefined when the
 * close is not a statement of its own, or no hook can be written where it runs in the
 * worker and the close means the same.
 */
export function shutdownHookPlan(close: TaskClose, context: HookContext): HookPlan | undefined {
  const taken = closeRemoval(close, context.sourceCode);
  if (!taken) return undefined;
  const closing = closingOf(close, context.sourceCode);
  const own = SHUTDOWN_HOOKS[close.task.runner];
  const plan = (own && planned(own, closing, context)) ?? (own?.only ? undefined : planned(LAST_RESORT_HOOK, closing, context));
  return plan && { ...plan, edits: [taken, ...plan.edits] };
}
