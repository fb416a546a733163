/**
 * Stage 3b: what the file is to a worker runner. Whether it is a worker entry (from its
 * own signals, from settings, or later from the project index), its task functions,
 * its shutdown hooks, whether it is a run-once worker, and which calls end it.
 */
import { findVariable, getStringIfConstant } from '@eslint-community/eslint-utils';
import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import {
  EXPORTED_TASK_RUNNERS,
  LISTENER_METHODS,
  PER_RUN_RUNNERS,
  RUN_ONCE_RUNNERS,
  SHUTDOWN_COMMANDS as SHUTDOWN,
  WORKER_APIS,
  workerApiKey,
  type EventRole,
  type RunnerKind,
  type WorkerApi,
} from '../knowledge/workers.js';
import { isFunction, memberName, staticKeyName, walk, type FunctionNode, type Node } from '../util/ast.js';
import { enclosingFunction, functionReferences, functionVariable } from './functions.js';
import type { Count } from './file-summary.js';
import type { TrackedNode } from './imports.js';
import type { Values } from './values.js';

export type WorkerSource = 'in-file' | 'settings' | 'project-index';

/** Why a file is a worker entry. Several may hold at once. */
export interface WorkerEntry extends EntryDetails {
  readonly source: WorkerSource;
  readonly runner: RunnerKind;
  /** The signal in this file, for in-file entries. */
  readonly node?: Node;
}

/** What the project index knows of the fork site that runs this file. */
export interface EntryDetails {
  /** How reports name the fork site: "`new Piscina()` in src/jobs/pool.js". */
  readonly site?: string;
  /** The workers that site starts, when the source says it. */
  readonly count?: Count;
  /** A fresh worker for every task (tinypool `isolateWorkers: true`): module state lives for one task. */
  readonly isolate?: boolean;
  /** The parent loads the module too (jest-worker without `exposedMethods`). */
  readonly parentLoads?: boolean;
}

/** An entry known from outside the file: settings, or a fork site the project index found. */
export interface ExternalEntry extends EntryDetails {
  readonly source: Exclude<WorkerSource, 'in-file'>;
  readonly runner: RunnerKind;
}

export interface TaskFunction {
  readonly node: FunctionNode;
  readonly runner: RunnerKind;
  /** How reports name it: "the `parentPort` message handler". */
  readonly label: string;
  /** The registration call or export that makes it a task. */
  readonly registration: Node;
  /** The object a message handler was registered on, as written (`parentPort`, `process`, `worker`). */
  readonly receiver?: Node;
}

export type Role =
  | { readonly kind: 'task'; readonly task: TaskFunction }
  | { readonly kind: 'hook'; readonly hook: FunctionNode }
  | { readonly kind: 'run-once'; readonly work: FunctionNode };

export interface Workers {
  readonly entries: readonly WorkerEntry[];
  /** The file runs only in a worker (an entry without `isMainThread` branching). */
  readonly isEntry: boolean;
  /** The entry that runs this module afresh for every task (tinypool `isolateWorkers`). */
  readonly freshPerTask?: WorkerEntry;
  readonly tasks: readonly TaskFunction[];
  readonly hooks: readonly FunctionNode[];
  /** Message handlers that run once: `once('message')`, or ending the worker on every path. */
  readonly runOnceHandlers: readonly FunctionNode[];
  /** The entry's own top-level code is its one unit of work. */
  readonly runOnceTopLevel: boolean;
  /** Calls that end the process or thread (`process.exit()`, `parentPort.close()`). */
  readonly exitCalls: ReadonlySet<Node>;
  /** Calls that close a module's default connection (`mongoose.disconnect()`), with its entity id. */
  readonly defaultCloses: readonly { readonly call: TSESTree.CallExpression; readonly entity: string }[];
  /** The innermost task, hook or run-once handler that `node` runs in. */
  roleOf(node: Node): Role | undefined;
  /** The task `node` runs in, directly or in a helper function that only tasks call. */
  taskOf(node: Node): TaskFunction | undefined;
  /** `node` runs only when the task's message is a shutdown command. */
  inShutdownBranch(node: Node, task: TaskFunction): boolean;
  /** A statement list (or function) ends the process or thread on every path. */
  endsOnEveryPath(body: Node): boolean;
}

interface WorkersInput {
  readonly sourceCode: Readonly<TSESLint.SourceCode>;
  readonly tracked: readonly TrackedNode[];
  readonly values: Values;
  readonly external: readonly ExternalEntry[];
}

type Variable = TSESLint.Scope.Variable;

const MAX_HELPER_DEPTH = 4;
const MAX_DERIVATION_DEPTH = 3;

function workerApiOf(tracked: { api?: { path: readonly string[] }; module?: { library: string } } | undefined): WorkerApi | undefined {
  if (!tracked?.api || !tracked.module) return undefined;
  return WORKER_APIS[workerApiKey(tracked.module.library, tracked.api.path)];
}

function stripValue(node: Node): Node {
  let current = node;
  for (;;) {
    if (current.type === 'AwaitExpression') {
      current = current.argument;
    } else if (current.type === 'ChainExpression' || current.type === 'TSNonNullExpression' || current.type === 'TSAsExpression') {
      current = current.expression;
    } else if (current.type === 'UnaryExpression' && current.operator === 'void') {
      current = current.argument;
    } else {
      return current;
    }
  }
}

export function analyzeWorkers(input: WorkersInput): Workers {
  const { sourceCode, tracked, values, external } = input;
  const program = sourceCode.ast as TSESTree.Program;
  const entries: WorkerEntry[] = external.map((entry) => ({ ...entry }));
  const tasks: TaskFunction[] = [];
  const taskByNode = new Map<Node, TaskFunction>();
  const hooks = new Set<FunctionNode>();
  const runOnceHandlers = new Set<FunctionNode>();
  const exitCalls = new Set<Node>();
  const defaultCloses: { call: TSESTree.CallExpression; entity: string }[] = [];
  const messageHandlers: { fn: FunctionNode; runner: RunnerKind; registration: TSESTree.CallExpression; receiver: Node; once: boolean }[] = [];
  let mainSignal = false;

  const scopeOf = (node: Node) => sourceCode.getScope(node);

  /** The functions an argument stands for: itself, a named function, or an object of methods. */
  function functionsOf(node: Node | undefined, depth = 0): { fn: FunctionNode; name?: string }[] {
    if (!node || depth > 4) return [];
    if (isFunction(node)) return [{ fn: node }];
    if (node.type === 'Identifier') {
      const variable = findVariable(scopeOf(node) as never, node as never) as Variable | null;
      const definition = variable?.defs.length === 1 ? (variable.defs[0]!.node as Node) : undefined;
      if (definition?.type === 'FunctionDeclaration') return [{ fn: definition }];
      if (definition?.type === 'VariableDeclarator' && definition.init && definition.parent.kind === 'const') {
        return functionsOf(definition.init, depth + 1);
      }
      return [];
    }
    if (node.type === 'ObjectExpression') {
      const found: { fn: FunctionNode; name?: string }[] = [];
      for (const property of node.properties) {
        if (property.type !== 'Property') continue;
        const name = staticKeyName(property.key, property.computed);
        for (const { fn } of functionsOf(property.value, depth + 1)) found.push({ fn, name });
      }
      return found;
    }
    return [];
  }

  function addTask(fn: FunctionNode, runner: RunnerKind, label: string, registration: Node, receiver?: Node): void {
    if (taskByNode.has(fn)) return;
    const task: TaskFunction = { node: fn, runner, label, registration, receiver };
    taskByNode.set(fn, task);
    tasks.push(task);
  }

  function addHooks(node: Node | undefined): void {
    for (const { fn } of functionsOf(node)) hooks.add(fn);
  }

  /** `x.on('event', handler)`: a task, a shutdown hook, or neither. */
  function registration(call: TSESTree.CallExpression, method: string, receiver: Node, api: WorkerApi, runner: RunnerKind): void {
    const mode = LISTENER_METHODS[method];
    const event = call.arguments[0] ? getStringIfConstant(call.arguments[0] as never, scopeOf(call) as never) : null;
    if (!mode || event == null || !api.events || !Object.hasOwn(api.events, event)) return;
    const role: EventRole = api.events[event]!;
    const handler = call.arguments[1];
    if (role === 'shutdown') {
      addHooks(handler);
      return;
    }
    if (api.runner && (runner === 'worker_threads' || runner === 'child_process')) {
      entries.push({ source: 'in-file', runner, node: call });
    }
    for (const { fn } of functionsOf(handler)) messageHandlers.push({ fn, runner, registration: call, receiver, once: mode === 'once' });
  }

  function taskLabel(runner: RunnerKind, name: string | undefined, call: Node): string {
    switch (runner) {
      case 'workerpool':
        return name ? `workerpool task \`${name}\`` : 'the workerpool task';
      case 'threads':
        return name ? `threads.js task \`${name}\`` : 'the threads.js task';
      case 'poolifier':
        return name ? `poolifier task \`${name}\`` : 'the poolifier task';
      case 'bullmq': {
        const first = (call as TSESTree.NewExpression).arguments[0];
        const queue = first ? getStringIfConstant(first as never, scopeOf(call) as never) : null;
        return queue == null ? 'the bullmq processor' : `the processor of bullmq queue '${queue}'`;
      }
      default:
        return name ? `task \`${name}\`` : 'the task';
    }
  }

  // ---- tracked APIs: signals, registrations, exits -----------------------------------
  for (const node of tracked) {
    const api = workerApiOf(node);
    if (!api) continue;
    if (api.main) mainSignal = true;
    if (api.entry && api.runner && !api.tasks) entries.push({ source: 'in-file', runner: api.runner, node: node.node });
    if (api.exits === true && node.type === 'call') exitCalls.add(node.node);
    if (api.closesDefault && node.node.type === 'CallExpression') defaultCloses.push({ call: node.node, entity: api.closesDefault });
    const call = node.node;
    if (node.type === 'call' && api.events && call.type === 'CallExpression' && call.callee.type === 'MemberExpression') {
      registration(call, node.api.path.at(-1)!, call.callee.object, api, api.runner ?? 'child_process');
    }
    if (api.tasks !== undefined && (call.type === 'CallExpression' || call.type === 'NewExpression')) {
      const runner = api.runner!;
      if (api.entry) entries.push({ source: 'in-file', runner, node: call });
      for (const { fn, name } of functionsOf(call.arguments[api.tasks])) addTask(fn, runner, taskLabel(runner, name, call), call);
      if (api.shutdownOptions) {
        const options = call.arguments[api.shutdownOptions.arg];
        if (options?.type === 'ObjectExpression') {
          for (const property of options.properties) {
            if (property.type !== 'Property') continue;
            const key = staticKeyName(property.key, property.computed);
            if (key && api.shutdownOptions.names.includes(key)) addHooks(property.value);
          }
        }
      }
    }
  }

  // ---- listeners on objects a tracked API yields: parentPort.on, worker.on -------------
  for (const access of values.accesses) {
    const origin = access.site.origin;
    const api = workerApiOf(origin);
    if (!api || !access.call || access.name === undefined) continue;
    if (Array.isArray(api.exits) && api.exits.includes(access.name)) exitCalls.add(access.call);
    if (api.events && Object.hasOwn(LISTENER_METHODS, access.name)) {
      registration(access.call, access.name, access.site.node, api, api.runner ?? 'child_process');
    }
  }

  // ---- helpers over control flow -----------------------------------------------------
  function isExitExpression(node: Node): boolean {
    return exitCalls.has(stripValue(node));
  }

  function containsReturn(node: Node): boolean {
    let found = false;
    walk(node, sourceCode.visitorKeys, (child) => {
      // Only returns of the function `node` is in, not of functions declared inside it.
      if (child.type === 'ReturnStatement' && enclosingFunction(child) === enclosingFunction(node)) found = true;
    });
    return found;
  }

  function statementEnds(statement: Node): boolean {
    switch (statement.type) {
      case 'ExpressionStatement':
        return isExitExpression(statement.expression);
      case 'BlockStatement':
        return listEnds(statement.body);
      case 'IfStatement':
        return statement.alternate != null && statementEnds(statement.consequent) && statementEnds(statement.alternate);
      case 'TryStatement':
        return (
          (statement.finalizer != null && listEnds(statement.finalizer.body)) ||
          (listEnds(statement.block.body) && (statement.handler == null || listEnds(statement.handler.body.body)))
        );
      default:
        return false;
    }
  }

  function listEnds(statements: readonly Node[]): boolean {
    for (const statement of statements) {
      if (statementEnds(statement)) return true;
      if (containsReturn(statement)) return false;
    }
    return false;
  }

  function endsOnEveryPath(body: Node): boolean {
    if (body.type === 'Program') return listEnds(body.body);
    if (isFunction(body)) return body.body.type === 'BlockStatement' ? listEnds(body.body.body) : isExitExpression(body.body);
    if (body.type === 'BlockStatement') return listEnds(body.body);
    return false;
  }

  // A message handler is a task, unless the worker ends after it (once, or an exit on every
  // path), or the runner starts a new worker for every run (Bree).
  const perRun = entries.some((entry) => entry.source !== 'in-file' && PER_RUN_RUNNERS.has(entry.runner));
  for (const handler of messageHandlers) {
    if (handler.once || perRun || endsOnEveryPath(handler.fn)) {
      runOnceHandlers.add(handler.fn);
      continue;
    }
    const label = handler.runner === 'worker_threads' ? `the \`${sourceCode.getText(handler.receiver)}\` message handler` : 'the `process` message handler';
    addTask(handler.fn, handler.runner, label, handler.registration, handler.receiver);
  }

  // ---- exported task functions of piscina / tinypool / sandboxed entries -------------
  const exportRunner = entries.find((entry) => entry.source !== 'in-file' && EXPORTED_TASK_RUNNERS.has(entry.runner))?.runner;
  let exportsSomething = false;
  const exported = (node: Node | undefined | null, name: string, at: Node): void => {
    exportsSomething = true;
    if (!exportRunner || !node) return;
    for (const { fn, name: method } of functionsOf(node)) {
      const shown = method ?? name;
      const label = shown === 'default' ? "the worker's default export" : shown === 'module.exports' ? "the worker's exported function" : `exported task \`${shown}\``;
      addTask(fn, exportRunner, label, at);
    }
  };
  for (const statement of program.body) {
    if (statement.type === 'ExportDefaultDeclaration') {
      exported(statement.declaration as Node, 'default', statement);
    } else if (statement.type === 'ExportNamedDeclaration') {
      const declaration = statement.declaration;
      if (declaration?.type === 'FunctionDeclaration' && declaration.id) exported(declaration, declaration.id.name, statement);
      else if (declaration?.type === 'VariableDeclaration') {
        for (const declarator of declaration.declarations) {
          if (declarator.id.type === 'Identifier') exported(declarator.init, declarator.id.name, statement);
        }
      } else if (declaration) exportsSomething = true;
      for (const specifier of statement.specifiers) {
        if (specifier.local.type === 'Identifier' && specifier.exported.type === 'Identifier') exported(specifier.local, specifier.exported.name, statement);
      }
    } else if (statement.type === 'TSExportAssignment') {
      exported(statement.expression, 'module.exports', statement);
    } else if (statement.type === 'ExpressionStatement' && statement.expression.type === 'AssignmentExpression') {
      const left = statement.expression.left;
      const target = commonJsExport(left);
      if (target) exported(statement.expression.right, target, statement);
    }
  }

  const inFile = entries.filter((entry) => entry.source === 'in-file');
  const isEntry = entries.some((entry) => entry.source !== 'in-file') || (inFile.length > 0 && !mainSignal);

  // ---- run-once: the entry's work is its top-level code --------------------------------
  let runOnceTopLevel = false;
  if (
    isEntry &&
    tasks.length === 0 &&
    !exportsSomething &&
    entries.every((entry) => RUN_ONCE_RUNNERS.has(entry.runner)) &&
    !messageHandlers.some((handler) => !runOnceHandlers.has(handler.fn))
  ) {
    runOnceTopLevel = perRun || !keepsRunning(program, sourceCode, exitCalls);
  }

  // ---- roles -----------------------------------------------------------------------
  function roleOf(node: Node): Role | undefined {
    for (let current = node.parent; current; current = current.parent) {
      if (!isFunction(current)) continue;
      if (hooks.has(current)) return { kind: 'hook', hook: current };
      const task = taskByNode.get(current);
      if (task) return { kind: 'task', task };
      if (runOnceHandlers.has(current)) return { kind: 'run-once', work: current };
    }
    return undefined;
  }

  const helperCache = new Map<FunctionNode, TaskFunction | null>();
  function helperTask(fn: FunctionNode, depth: number): TaskFunction | undefined {
    const cached = helperCache.get(fn);
    if (cached !== undefined) return cached ?? undefined;
    helperCache.set(fn, null);
    let result: TaskFunction | undefined;
    const exportedHelper = fn.parent?.type === 'ExportNamedDeclaration' || fn.parent?.parent?.parent?.type === 'ExportNamedDeclaration';
    if (depth < MAX_HELPER_DEPTH && !exportedHelper && functionVariable(fn, sourceCode)) {
      const { calls, passed } = functionReferences(fn, sourceCode);
      if (passed.length === 0 && calls.length > 0) {
        const callers = calls.map((call) => taskAt(call, depth + 1));
        if (callers.every((task) => task !== undefined)) result = callers[0];
      }
    }
    helperCache.set(fn, result ?? null);
    return result;
  }

  function taskAt(node: Node, depth: number): TaskFunction | undefined {
    const role = roleOf(node);
    if (role) return role.kind === 'task' ? role.task : undefined;
    for (let current = node.parent; current; current = current.parent) {
      if (isFunction(current) && functionVariable(current, sourceCode)) return helperTask(current, depth);
    }
    return undefined;
  }

  // ---- shutdown commands in a task ---------------------------------------------------
  function messageDerived(expression: Node, task: TaskFunction, depth = 0): boolean {
    let root = stripValue(expression);
    while (root.type === 'MemberExpression') root = stripValue(root.object);
    if (root.type !== 'Identifier' || depth > MAX_DERIVATION_DEPTH) return false;
    const variable = findVariable(scopeOf(root) as never, root as never) as Variable | null;
    const definition = variable?.defs[0];
    if (!definition) return false;
    if (definition.type === 'Parameter') return definition.node === task.node;
    const declarator = definition.node as Node;
    if (declarator.type !== 'VariableDeclarator' || !declarator.init) return false;
    let inside = false;
    for (let up: Node | undefined = declarator.parent; up; up = up.parent) if (up === task.node) inside = true;
    return inside && messageDerived(declarator.init, task, depth + 1);
  }

  function isShutdownLiteral(node: Node): boolean {
    const value = node.type === 'Literal' ? node.value : node.type === 'TemplateLiteral' && node.expressions.length === 0 ? node.quasis[0]?.value.cooked : undefined;
    return typeof value === 'string' && SHUTDOWN.has(value.toLowerCase());
  }

  /** 'equal' for `msg.type === 'stop'`, 'unequal' for `!==`, undefined when not a command test. */
  function commandTest(test: Node, task: TaskFunction): 'equal' | 'unequal' | undefined {
    if (test.type === 'LogicalExpression' && test.operator === '||') {
      const left = commandTest(test.left, task);
      return left === 'equal' && commandTest(test.right, task) === 'equal' ? 'equal' : undefined;
    }
    if (test.type !== 'BinaryExpression' || test.left.type === 'PrivateIdentifier') return undefined;
    const equal = test.operator === '===' || test.operator === '==';
    const unequal = test.operator === '!==' || test.operator === '!=';
    if (!equal && !unequal) return undefined;
    const literalLeft = isShutdownLiteral(test.left);
    const [literal, other] = literalLeft ? [test.left, test.right] : [test.right, test.left];
    if (!isShutdownLiteral(literal) || !messageDerived(other, task)) return undefined;
    return equal ? 'equal' : 'unequal';
  }

  function inShutdownBranch(node: Node, task: TaskFunction): boolean {
    let child: Node = node;
    for (let current = node.parent; current && current !== task.node; child = current, current = current.parent) {
      if (current.type === 'IfStatement' || current.type === 'ConditionalExpression') {
        const test = commandTest(current.test, task);
        if ((test === 'equal' && child === current.consequent) || (test === 'unequal' && child === current.alternate)) return true;
      } else if (current.type === 'LogicalExpression' && current.operator === '&&' && child === current.right) {
        if (commandTest(current.left, task) === 'equal') return true;
      } else if (current.type === 'SwitchCase' && current.test && child !== current.test) {
        if (isShutdownLiteral(current.test) && messageDerived(current.parent.discriminant, task)) return true;
      }
    }
    return false;
  }

  return {
    entries,
    isEntry,
    freshPerTask: entries.find((entry) => entry.isolate),
    tasks,
    hooks: [...hooks],
    runOnceHandlers: [...runOnceHandlers],
    runOnceTopLevel,
    exitCalls,
    defaultCloses,
    roleOf,
    taskOf: (node) => taskAt(node, 0),
    inShutdownBranch,
    endsOnEveryPath,
  };
}

/** `module.exports = …`, `module.exports.x = …`, `exports.x = …`: the exported name. */
function commonJsExport(left: Node): string | undefined {
  if (left.type !== 'MemberExpression') return undefined;
  const object = left.object;
  if (object.type === 'Identifier' && object.name === 'module' && memberName(left) === 'exports') return 'module.exports';
  if (object.type === 'Identifier' && object.name === 'exports') return memberName(left);
  if (object.type === 'MemberExpression' && object.object.type === 'Identifier' && object.object.name === 'module' && memberName(object) === 'exports') {
    return memberName(left);
  }
  return undefined;
}

const LONG_LIVED_FUNCTIONS = new Set(['setInterval', 'createServer']);
const LONG_LIVED_METHODS = new Set(['listen', 'createServer', 'subscribe', 'psubscribe', 'consume', 'setInterval']);
const LONG_LIVED_LISTENERS = new Set(['on', 'addListener', 'prependListener']);

/**
 * Whether the file keeps its worker running after its top-level work: a server, a timer,
 * a subscription or a listener. Only asked of a possible run-once entry, so the walk is rare.
 * Read by method name, which only ever silences a report.
 */
function keepsRunning(program: TSESTree.Program, sourceCode: Readonly<TSESLint.SourceCode>, exitCalls: ReadonlySet<Node>): boolean {
  let found = false;
  walk(program, sourceCode.visitorKeys, (node) => {
    if (found || node.type !== 'CallExpression') return;
    const callee = node.callee;
    const name = callee.type === 'Identifier' ? callee.name : callee.type === 'MemberExpression' ? memberName(callee) : undefined;
    if (!name || exitCalls.has(node)) return;
    if (callee.type === 'Identifier' ? LONG_LIVED_FUNCTIONS.has(name) : LONG_LIVED_METHODS.has(name)) found = true;
    else if (LONG_LIVED_LISTENERS.has(name) && callee.type === 'MemberExpression') {
      const event = node.arguments[0];
      const text = event?.type === 'Literal' ? event.value : undefined;
      // Error handlers and shutdown signals do not keep a worker busy.
      if (text !== 'error' && !(typeof text === 'string' && /^(?:SIG[A-Z]+|exit|beforeExit|disconnect|close)$/.test(text))) found = true;
    }
  });
  return found;
}
