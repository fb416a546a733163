/**
 * Stage 4: connections and tasks. Who owns each connection (the worker, because it was
 * made outside the task or kept in a lazily filled per-worker holder; or one task, because
 * the task made it), whether a task closes it on every path, and from that the findings
 * of `no-close-in-worker-task` and `no-connection-per-task`.
 */
import { findVariable } from '@eslint-community/eslint-utils';
import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import type { Entity } from '../knowledge/index.js';
import { isAncestor, isFunction, memberName, walk, type FunctionNode, type Node } from '../util/ast.js';
import { enclosingFunction } from './functions.js';
import { variableOf as variableIn } from '../util/variables.js';
import { isHandOver, valueParent } from './hand-over.js';
import { accessKind, opensAtCreation } from './lifecycle.js';
import { canEvaluateAt } from './placement.js';
import { CALLED, type Access, type Binding, type Origin, type Values } from './values.js';
import type { TaskFunction, Workers } from './workers.js';

type Variable = TSESLint.Scope.Variable;

/** A close of the worker's own connection inside a task. */
export interface TaskClose {
  /** The close call. */
  readonly call: TSESTree.CallExpression;
  readonly method: string;
  /** How the report names the connection: its per-worker holder, else the receiver as written. */
  readonly name: string;
  readonly entity: Entity;
  readonly task: TaskFunction;
  /** Through a helper function that only tasks call. */
  readonly viaHelper: boolean;
  /** A client the task checked out of this same connection and does not release. */
  readonly checkout?: { readonly name: string; readonly release: string };
}

export type ConnectionFinding = 'pool-per-task' | 'closed-pool-per-task' | 'client-per-task' | 'run-once-leak' | 'fresh-per-task';

export interface TaskConnection {
  readonly kind: ConnectionFinding;
  /** The factory call or `new` expression (a wrapper's call, when a wrapper made it). */
  readonly node: Node;
  readonly name: string;
  readonly entity: Entity;
  readonly task?: TaskFunction;
  /** Set when the factory can move to the module scope as it is. */
  readonly hoist?: { readonly declaration: TSESTree.VariableDeclaration; readonly before: TSESTree.ProgramStatement };
  /** For 'fresh-per-task': the fork site that starts a new worker for every task. */
  readonly site?: string;
}

export interface Tasks {
  readonly closes: readonly TaskClose[];
  readonly connections: readonly TaskConnection[];
}

interface TasksInput {
  readonly sourceCode: Readonly<TSESLint.SourceCode>;
  readonly values: Values;
  readonly workers: Workers;
}

/** Where a connection comes into being, seen from the code that holds it. */
interface Creation {
  readonly node: Node;
  /** A new connection (a factory), as opposed to one handed out by another (a checkout). */
  readonly fresh: boolean;
}

/** Value-preserving wrappers around an expression. */
function outerValue(node: Node): Node {
  let current = node;
  while (
    current.parent &&
    (current.parent.type === 'AwaitExpression' ||
      current.parent.type === 'ChainExpression' ||
      current.parent.type === 'TSAsExpression' ||
      current.parent.type === 'TSNonNullExpression' ||
      current.parent.type === 'TSSatisfiesExpression')
  ) {
    current = current.parent;
  }
  return current;
}


export function analyzeTasks(input: TasksInput): Tasks {
  const { sourceCode, values, workers } = input;
  // Most files have no task and no run-once work: nothing here can apply.
  if (workers.tasks.length === 0 && workers.runOnceHandlers.length === 0 && !workers.runOnceTopLevel) return { closes: [], connections: [] };
  const program = sourceCode.ast as TSESTree.Program;
  const creationCache = new Map<Origin, Creation | null>();
  const bindingsByOrigin = new Map<Origin, Binding[]>();
  for (const binding of values.bindings) {
    const list = bindingsByOrigin.get(binding.origin);
    if (list) list.push(binding);
    else bindingsByOrigin.set(binding.origin, [binding]);
  }

  const variableOf = (identifier: TSESTree.Identifier): Variable | undefined => variableIn(identifier, sourceCode);

  function creation(origin: Origin, depth = 0): Creation | undefined {
    if (creationCache.has(origin)) return creationCache.get(origin) ?? undefined;
    const result = computeCreation(origin, depth);
    creationCache.set(origin, result ?? null);
    return result;
  }

  function computeCreation(origin: Origin, depth: number): Creation | undefined {
    if (depth > 8) return undefined;
    // A module's own connection (`mongoose.connection`): one per worker by construction.
    if (origin.api) return origin.api.via === 'read' || origin.api.returnsDefault ? undefined : { node: origin.node, fresh: true };
    if (!origin.from) return { node: origin.node, fresh: true };
    if (origin.via === CALLED || !origin.from.entity.connection) return { node: origin.node, fresh: true };
    if (origin.via && origin.from.entity.freshHandouts?.includes(origin.via)) return { node: origin.node, fresh: true };
    const node = origin.node;
    if (node.type === 'CallExpression' && node.callee.type === 'Identifier') {
      // A wrapper function: a new connection per call only when it makes one and keeps it nowhere.
      const inner = creation(origin.from, depth + 1);
      const wrapper = wrapperFunction(node.callee);
      if (inner?.fresh && wrapper && isAncestor(wrapper, inner.node) && !keptOutside(origin.from, inner.node, wrapper)) return { node, fresh: true };
      return inner;
    }
    // A property read (`db.$pool`) or a method that returns the same connection (`pool.promise()`).
    if (node.type !== 'CallExpression' || origin.entity === origin.from.entity) return creation(origin.from, depth + 1);
    return { node, fresh: false };
  }

  function wrapperFunction(callee: TSESTree.Identifier): FunctionNode | undefined {
    const definition = variableOf(callee)?.defs[0]?.node as Node | undefined;
    if (definition?.type === 'FunctionDeclaration') return definition;
    if (definition?.type === 'VariableDeclarator' && isFunction(definition.init)) return definition.init;
    return undefined;
  }

  /**
   * The connection made at `node` outlives a call of `scope`: held by a binding declared
   * outside it, or handed from inside it to other code (`cache.set(key, pool)`) rather than
   * only returned.
   */
  function keptOutside(origin: Origin, node: Node, scope: Node): boolean {
    return (bindingsByOrigin.get(origin) ?? []).some(
      (binding) =>
        (!declaredInside(binding, scope) && isAncestor(scope, node)) ||
        binding.references.some((reference) => isAncestor(scope, reference) && isHandOver(reference) && !returnedBy(reference, scope)),
    );
  }

  /** `return pool` (or an arrow's body) of `scope`, also through a call it is wrapped in: `return Object.assign(pool, …)`. */
  function returnedBy(reference: Node, scope: Node): boolean {
    const { node, parent } = valueParent(reference);
    if (parent?.type === 'ArrowFunctionExpression') return parent === scope && parent.body === node;
    if (parent?.type === 'CallExpression' && parent.arguments.includes(node as never)) return returnedBy(parent, scope);
    return parent?.type === 'ReturnStatement' && enclosingFunction(parent) === scope;
  }

  function declaredInside(binding: Binding, scope: Node): boolean {
    if (!binding.variable) return false; // `this.x` and class fields belong to an object that outlives a call
    const declaration = binding.variable.defs[0]?.name as Node | undefined;
    return declaration !== undefined && isAncestor(scope, declaration);
  }

  // ---- lazily filled per-worker holders: `pool ??= new Pool()` -------------------------
  function lazilyKept(node: Node, task: FunctionNode): boolean {
    const value = outerValue(node);
    const parent = value.parent;
    if (!parent) return false;
    if (parent.type === 'AssignmentExpression' && parent.right === value) {
      if (!holdsOutside(parent.left, task)) return false;
      if (parent.operator === '??=' || parent.operator === '||=') return true;
      return guardedBy(parent, parent.left, task);
    }
    // `pool = pool ?? new Pool()`, `return pool || (pool = new Pool())`
    if (parent.type === 'LogicalExpression' && parent.right === value && (parent.operator === '??' || parent.operator === '||')) {
      return holdsOutside(parent.left, task);
    }
    return false;
  }

  /** The variable a lazily filled holder is (`pool` of `pool ??= new Pool()`) is set to `undefined` or `null` in the function of `call`. */
  function holderResetWith(created: Node, call: Node): boolean {
    let assignment: Node | undefined = outerValue(created).parent;
    if (assignment?.type === 'LogicalExpression') assignment = assignment.parent;
    if (assignment?.type !== 'AssignmentExpression' || assignment.left.type !== 'Identifier') return false;
    const holder = variableOf(assignment.left);
    const where = enclosingFunction(call);
    return (holder?.references ?? []).some((reference) => {
      const write = (reference.identifier as Node).parent;
      if (!reference.isWrite() || write?.type !== 'AssignmentExpression' || write.operator !== '=' || enclosingFunction(write) !== where) return false;
      const value = write.right;
      return (value.type === 'Identifier' && value.name === 'undefined') || (value.type === 'Literal' && value.value === null) || (value.type === 'UnaryExpression' && value.operator === 'void');
    });
  }

  function holdsOutside(target: Node, task: FunctionNode): boolean {
    if (target.type === 'MemberExpression') return true;
    if (target.type !== 'Identifier') return false;
    const declaration = variableOf(target)?.defs[0]?.name as Node | undefined;
    return declaration !== undefined && !isAncestor(task, declaration);
  }

  /** An enclosing `if` inside the task tests the holder: `if (!pool) pool = new Pool()`. */
  function guardedBy(node: Node, holder: Node, task: FunctionNode): boolean {
    const text = sourceCode.getText(holder);
    for (let current = node.parent; current && current !== task; current = current.parent) {
      if (current.type === 'IfStatement' || current.type === 'ConditionalExpression') {
        let mentions = false;
        walk(current.test, sourceCode.visitorKeys, (child) => {
          if ((child.type === 'Identifier' || child.type === 'MemberExpression') && sourceCode.getText(child) === text) mentions = true;
        });
        if (mentions) return true;
      }
    }
    return false;
  }

  // ---- where a connection goes ---------------------------------------------------------
  /** Handed to code the analysis cannot follow: returned, stored, passed to a call. */
  function escapes(reference: Node): boolean {
    const value = outerValue(reference);
    const parent = value.parent;
    if (!parent) return false;
    switch (parent.type) {
      case 'ReturnStatement':
      case 'YieldExpression':
      case 'ArrayExpression':
      case 'Property':
        return true;
      case 'ArrowFunctionExpression':
        return parent.body === value;
      case 'AssignmentExpression':
        // A plain variable is a holder the analysis follows; a property is somewhere else.
        return parent.right === value && parent.left.type !== 'Identifier';
      case 'CallExpression':
      case 'NewExpression':
        // An argument of another tracked factory (`drizzle(pool)`) stays in view.
        return parent.callee !== value && !values.siteAt(parent);
      default:
        return false;
    }
  }

  function referencesOf(origin: Origin): Node[] {
    return (bindingsByOrigin.get(origin) ?? []).flatMap((binding) => binding.references);
  }

  let accessesByCreation: Map<Node, Access[]> | undefined;
  function accessesOf(created: Creation): Access[] {
    if (!accessesByCreation) {
      accessesByCreation = new Map();
      for (const access of values.accesses) {
        const node = creation(access.site.origin)?.node;
        const list = node ? accessesByCreation.get(node) : undefined;
        if (list) list.push(access);
        else if (node) accessesByCreation.set(node, [access]);
      }
    }
    return accessesByCreation.get(created.node) ?? [];
  }

  // ---- close on every path -------------------------------------------------------------
  /** The statement a call runs as, through `await`, `Promise.all([...])` and the like. */
  function statementOf(call: Node): Node | undefined {
    let current: Node = call;
    for (let parent = current.parent; parent; current = parent, parent = parent.parent) {
      switch (parent.type) {
        case 'AwaitExpression':
        case 'ArrayExpression':
        case 'ChainExpression':
        case 'SequenceExpression':
        case 'TSAsExpression':
        case 'TSNonNullExpression':
          continue;
        case 'UnaryExpression':
          if (parent.operator === 'void') continue;
          return undefined;
        case 'CallExpression':
          if (parent.callee !== current) continue; // Promise.all([...]), allSettled
          return undefined;
        case 'VariableDeclarator':
          return parent.parent;
        case 'ExpressionStatement':
        case 'ReturnStatement':
          return parent;
        default:
          return undefined;
      }
    }
    return undefined;
  }

  /**
   * From `statement` up to `container`, every step runs unconditionally: plain blocks and
   * (when `throughTry`) the block of a try statement.
   */
  function unconditionalIn(statement: Node, container: Node, throughTry: boolean): boolean {
    let current = statement;
    for (;;) {
      const parent = current.parent;
      if (!parent) return false;
      if (parent === container) return true;
      if (parent.type === 'LabeledStatement') {
        current = parent;
      } else if (parent.type === 'BlockStatement') {
        const grand = parent.parent;
        if (grand?.type === 'BlockStatement' || grand?.type === 'Program' || grand?.type === 'LabeledStatement' || grand === container) current = parent;
        else if (grand?.type === 'TryStatement' && grand.block === parent && throughTry) current = grand;
        else return false;
      } else {
        return false;
      }
    }
  }

  function returnsBetween(list: readonly Node[], from: Node, to: Node): boolean {
    for (const statement of list) {
      if (statement.range[0] < from.range[1] || statement.range[0] >= to.range[0]) continue;
      let found = false;
      walk(statement, sourceCode.visitorKeys, (child) => {
        if (child.type === 'ReturnStatement' && enclosingFunction(child) === enclosingFunction(from)) found = true;
      });
      if (found) return true;
    }
    return false;
  }

  function listOf(block: Node): readonly Node[] {
    if (block.type === 'Program' || block.type === 'BlockStatement' || block.type === 'StaticBlock') return block.body;
    return [];
  }

  function inFinally(call: Node, created: Node): boolean {
    for (let current = call.parent; current && !isFunction(current); current = current.parent) {
      const parent = current.parent;
      if (parent?.type === 'TryStatement' && parent.finalizer === current) {
        const statement = statementOf(call);
        return statement !== undefined && unconditionalOrGuarded(statement, current) && (isAncestor(parent.block, created) || parent.range[0] > created.range[0]);
      }
    }
    return false;
  }

  /** The `.finally(cb)` call whose callback is (or only awaits) `call`. */
  function promiseFinallyOf(call: Node): TSESTree.CallExpression | undefined {
    const callback = enclosingFunction(call);
    if (callback?.type !== 'ArrowFunctionExpression' && callback?.type !== 'FunctionExpression') return undefined;
    const body = callback.body;
    const only = body.type === 'BlockStatement' ? (body.body.length === 1 ? body.body[0] : undefined) : body;
    const expression = only?.type === 'ExpressionStatement' ? only.expression : only?.type === 'ReturnStatement' ? only.argument : only;
    const value = expression?.type === 'AwaitExpression' ? expression.argument : expression;
    if (value !== call) return undefined;
    const chain = callback.parent;
    const isFinally = chain?.type === 'CallExpression' && chain.arguments[0] === callback && chain.callee.type === 'MemberExpression' && memberName(chain.callee) === 'finally';
    return isFinally ? chain : undefined;
  }

  /** Like unconditionalIn, but a null check of the connection is fine: `if (client) await client.end()`. */
  function unconditionalOrGuarded(statement: Node, container: Node): boolean {
    let current = statement;
    while (current !== container) {
      const parent = current.parent;
      if (!parent) return false;
      if (parent.type === 'BlockStatement' || parent.type === 'TryStatement' || parent.type === 'IfStatement') current = parent;
      else return false;
    }
    return true;
  }

  /**
   * The connection made at `created` is closed on every path of the code that made it.
   * `withErrors`: paths that throw count too (a task that throws lives on in its worker).
   */
  function closedOnEveryPath(created: Node, closes: readonly TSESTree.CallExpression[], withErrors: boolean): boolean {
    const declaration = outerValue(created).parent?.parent;
    if (declaration?.type === 'VariableDeclaration' && (declaration.kind === 'using' || declaration.kind === 'await using')) return true;
    const createdStatement = statementOf(created) ?? outerValue(created).parent?.parent;
    const home = createdStatement?.parent;
    if (!createdStatement || !home) return false;
    for (const call of closes) {
      if (inFinally(call, created)) return true;
      // `client.connect().then(…).finally(() => client.end())`: the promise form of `finally`.
      const chain = promiseFinallyOf(call);
      const chainStatement = chain && statementOf(chain);
      if (chainStatement && chainStatement.range[0] >= created.range[1] && unconditionalIn(chainStatement, home, true) && !returnsBetween(listOf(home), createdStatement, chainStatement)) return true;
      const statement = statementOf(call);
      if (!statement || statement.range[0] < created.range[1]) continue;
      if (!withErrors) {
        if (unconditionalIn(statement, home, true) && !returnsBetween(listOf(home), createdStatement, statement)) return true;
        continue;
      }
      // try { …; close } catch { close }: both ways out close it.
      const tryBlock = statement.parent;
      const tryStatement = tryBlock?.parent;
      if (tryStatement?.type !== 'TryStatement' || tryStatement.block !== tryBlock || !tryStatement.handler) continue;
      if (!(isAncestor(tryBlock, created) || tryStatement.range[0] > created.range[0])) continue;
      if (returnsBetween(listOf(tryBlock), createdStatement, statement)) continue;
      const handlerCloses = closes.some((other) => {
        const otherStatement = statementOf(other);
        return otherStatement !== undefined && otherStatement.parent === tryStatement.handler!.body;
      });
      if (handlerCloses) return true;
    }
    return false;
  }

  // ---- no-close-in-worker-task -----------------------------------------------------------
  const closes: TaskClose[] = [];

  function followedByExit(call: Node): boolean {
    let current: Node = call;
    for (let parent = current.parent; parent && !isFunction(parent); current = parent, parent = parent.parent) {
      if (parent.type === 'BlockStatement' || parent.type === 'Program') {
        const after = parent.body.slice(parent.body.indexOf(current as TSESTree.Statement) + 1);
        for (const statement of after) {
          let exits = false;
          walk(statement, sourceCode.visitorKeys, (child) => {
            if (workers.exitCalls.has(child) && enclosingFunction(child) === enclosingFunction(call)) exits = true;
          });
          if (exits) return true;
        }
      }
      // `pool.end().then(() => process.exit())`
      if (parent.type === 'MemberExpression' && parent.object === current && parent.parent?.type === 'CallExpression') {
        let exits = false;
        walk(parent.parent, sourceCode.visitorKeys, (child) => {
          if (workers.exitCalls.has(child)) exits = true;
        });
        if (exits) return true;
      }
    }
    return false;
  }

  function closeContext(call: Node): { task: TaskFunction; viaHelper: boolean } | undefined {
    const role = workers.roleOf(call);
    if (role && role.kind !== 'task') return undefined;
    const task = role?.task ?? workers.taskOf(call);
    if (!task) return undefined;
    if (workers.inShutdownBranch(call, task) || followedByExit(call)) return undefined;
    return { task, viaHelper: !role };
  }

  /**
   * Per task: made inside it, or inside a helper that only tasks call, and kept in no
   * holder that outlives the call (a lazily filled per-worker one, or one declared outside).
   */
  function madeByTask(created: Creation | undefined, task: FunctionNode): boolean {
    if (!created) return false;
    if (isAncestor(task, created.node)) return !lazilyKept(created.node, task);
    const maker = enclosingFunction(created.node);
    const origin = values.siteAt(created.node)?.origin;
    return (
      maker !== undefined && origin !== undefined && workers.taskOf(created.node)?.node === task &&
      !keptOutside(origin, created.node, maker) && !lazilyKept(created.node, maker)
    );
  }

  function workerName(origin: Origin, task: FunctionNode, through: Binding | undefined, fallback: string): string {
    if (through && !declaredInside(through, task)) return through.name;
    const holder = (bindingsByOrigin.get(origin) ?? []).find((binding) => !declaredInside(binding, task));
    return holder?.name ?? fallback;
  }

  function checkoutFrom(created: Creation, task: FunctionNode, at: Node): TaskClose['checkout'] {
    for (const binding of values.bindings) {
      const origin = binding.origin;
      const facts = binding.entity.connection;
      if (!facts?.checkedOut || !facts.release?.[0] || !origin.from || !binding.variable) continue;
      if (!isAncestor(task, origin.node) || creation(origin.from)?.node !== created.node) continue;
      if (!binding.target || binding.target.type !== 'Identifier') continue;
      if (findVariable(sourceCode.getScope(at) as never, binding.name) !== binding.variable) continue;
      const released = values.accesses.some((access) => access.site.origin === origin && accessKind(access) === 'release');
      if (!released) return { name: binding.name, release: facts.release[0] };
    }
    return undefined;
  }

  for (const access of values.accesses) {
    if (!access.call || access.name === undefined || accessKind(access) !== 'close') continue;
    // A worker used for one task only: closing its connection in the task is right.
    if (workers.freshPerTask) continue;
    const context = closeContext(access.call);
    if (!context) continue;
    const created = creation(access.site.origin);
    if (created && madeByTask(created, context.task.node)) continue;
    // `pool ??= new Pool()` … `pool = undefined; p.end()`: the next task makes a new one.
    if (created && lazilyKept(created.node, context.task.node) && holderResetWith(created.node, access.call)) continue;
    const fallback = access.site.binding?.name ?? sourceCode.getText(access.site.node);
    closes.push({
      call: access.call,
      method: access.name,
      name: workerName(access.site.origin, context.task.node, access.site.binding, fallback),
      entity: access.site.entity,
      task: context.task,
      viaHelper: context.viaHelper,
      checkout: created ? checkoutFrom(created, context.task.node, access.call) : undefined,
    });
  }

  for (const { call, entity: entityId } of workers.defaultCloses) {
    const entity = values.sites.find((site) => site.entity.id === entityId)?.entity;
    const context = closeContext(call);
    if (!context || !entity || call.callee.type !== 'MemberExpression') continue;
    // `mongoose.connect()` … `mongoose.disconnect()` in the same task: the task's own connection.
    const connectsHere = values.sites.some((site) => site.entity === entity && site.origin.node === site.node && isAncestor(context.task.node, site.node));
    if (connectsHere) continue;
    closes.push({
      call,
      method: sourceCode.getText(call.callee.property),
      name: sourceCode.getText(call.callee.object),
      entity,
      task: context.task,
      viaHelper: context.viaHelper,
    });
  }

  // ---- no-connection-per-task ---------------------------------------------------------
  const connections: TaskConnection[] = [];
  const seen = new Set<Node>();

  function hoistOf(node: Node, task: TaskFunction, taskAccesses: readonly Access[]): TaskConnection['hoist'] {
    const value = outerValue(node);
    const declarator = value.parent;
    if (declarator?.type !== 'VariableDeclarator' || declarator.init !== value || declarator.id.type !== 'Identifier') return undefined;
    const declaration = declarator.parent;
    if (declaration.declarations.length !== 1 || declaration.kind === 'using' || declaration.kind === 'await using') return undefined;
    // A task that connects or closes it would now do so on the shared one.
    if (taskAccesses.some((access) => ['close', 'connect', 'release'].includes(accessKind(access)))) return undefined;
    if (value.type === 'AwaitExpression' && !isModule()) return undefined; // top-level await needs ESM
    const before = program.body.find((statement) => isAncestor(statement, task.node));
    if (!before || !canEvaluateAt(node, before, sourceCode)) return undefined;
    if (findVariable(moduleScope() as never, declarator.id.name)) return undefined;
    return { declaration, before };
  }

  /** Plainly ESM: it imports or exports (parsers disagree on `sourceType` for CommonJS). */
  function isModule(): boolean {
    return program.sourceType === 'module' && program.body.some((statement) => /^(?:Import|Export)/.test(statement.type));
  }

  /** The scope of the file's top-level declarations (module, CommonJS wrapper, or global). */
  function moduleScope(): TSESLint.Scope.Scope {
    const global = sourceCode.scopeManager!.globalScope! as TSESLint.Scope.Scope;
    return global.childScopes.find((scope) => scope.block === program) ?? global;
  }

  for (const site of values.sites) {
    const origin = site.origin;
    if (site.node !== origin.node || seen.has(origin.node)) continue;
    seen.add(origin.node);
    const facts = origin.entity.connection;
    if (!facts || facts.checkedOut) continue;
    const created = creation(origin);
    if (!created?.fresh || created.node !== origin.node) continue;
    const role = workers.roleOf(origin.node);
    const bindingName = (bindingsByOrigin.get(origin) ?? [])[0]?.name ?? sourceCode.getText(origin.node);
    const name = bindingName.length > 40 ? `${bindingName.slice(0, 39)}…` : bindingName;
    const accesses = accessesOf(created);
    const escaped = referencesOf(origin).some(escapes);
    const closeCalls = accesses.filter((access) => accessKind(access) === 'close').map((access) => access.call!);

    if (role?.kind === 'task') {
      const task = role.task;
      if (lazilyKept(origin.node, task.node) || escapes(origin.node)) continue;
      if (facts.kind === 'pool') {
        if (escaped) continue;
        // Closed on every path, it leaks nothing, but every task still builds a whole pool.
        const kind = closedOnEveryPath(origin.node, closeCalls, true) ? 'closed-pool-per-task' : 'pool-per-task';
        connections.push({ kind, node: origin.node, name, entity: origin.entity, task, hoist: hoistOf(origin.node, task, accesses) });
        continue;
      }
      const connects = accesses.some((access) => accessKind(access) === 'connect' && isAncestor(task.node, access.node));
      if (!(opensAtCreation(origin, sourceCode) || connects) || escaped) continue;
      if (closedOnEveryPath(origin.node, closeCalls, true)) continue;
      connections.push({ kind: 'client-per-task', node: origin.node, name, entity: origin.entity, task, hoist: hoistOf(origin.node, task, accesses) });
      continue;
    }

    // A module loaded afresh for every task (tinypool `isolateWorkers`): its connections are too.
    const fresh = workers.freshPerTask;
    if (fresh && !role && !enclosingFunction(origin.node)) {
      const taskUses = accesses.filter((access) => workers.taskOf(access.node));
      const opens = opensAtCreation(origin, sourceCode) || taskUses.some((access) => ['use', 'connect'].includes(accessKind(access)));
      if (opens && !taskUses.some((access) => accessKind(access) === 'close') && !escaped) {
        connections.push({ kind: 'fresh-per-task', node: origin.node, name, entity: origin.entity, site: fresh.site });
      }
      continue;
    }

    // A run-once worker: its top-level code, or a handler after which it ends.
    const work = role?.kind === 'run-once' ? role.work : !role && !enclosingFunction(origin.node) && workers.runOnceTopLevel ? program : undefined;
    if (!work || workers.endsOnEveryPath(work) || escaped || escapes(origin.node)) continue;
    const opens =
      opensAtCreation(origin, sourceCode) ||
      accesses.some((access) => accessKind(access) === 'connect') ||
      (facts.closesIdle === false && accesses.some((access) => accessKind(access) === 'use'));
    if (!opens || closedOnEveryPath(origin.node, closeCalls, false)) continue;
    connections.push({ kind: 'run-once-leak', node: origin.node, name, entity: origin.entity });
  }

  return { closes, connections };
}
