/**
 * Whether one role of a self-forking module does nothing but keep books: every call that
 * runs in it (module scope, its path, the functions they call) starts workers, loads a
 * module, makes, connects or closes a connection, registers a listener, logs, reads the
 * CPU count, or calls a function of this file (whose own calls are judged the same way).
 * Error handling (`catch`) is not work. A primary that does nothing else "only forks":
 * the program's real work, and any use of a connection by the modules it loads, runs in
 * the workers. (What a loaded module does as it loads is the project index's to say.)
 */
import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import { LOGGING_GLOBALS, SETUP_CALLS } from '../knowledge/bookkeeping.js';
import { LISTENER_REGISTRATIONS } from '../knowledge/emitters.js';
import { PROMISE_CHAIN_METHODS, isAncestor, isFunction, memberName, skipValueWrappers, type Node } from '../util/ast.js';
import { variableOf } from '../util/variables.js';
import { accessKind } from './lifecycle.js';
import { moduleLoads } from './module-loads.js';
import { PRIMARY, type RoleMask, type Roles } from './roles.js';
import { calleeOf } from './static-paths.js';
import type { Values } from './values.js';
import { countOf, isCpuList } from './worker-counts.js';

type Source = Readonly<TSESLint.SourceCode>;
type Call = TSESTree.CallExpression | TSESTree.NewExpression;

interface PrimaryWorkInput {
  readonly sourceCode: Source;
  readonly roles: Roles;
  readonly values: Values;
}


/** Calls that set up or tear down connections rather than use them, and module loads. */
function bookkeepingCalls(input: PrimaryWorkInput): Set<Node> {
  const calls = new Set<Node>(moduleLoads(input.sourceCode).map((load) => load.node));
  for (const site of input.values.sites) if (site.node === site.origin.node) calls.add(site.node);
  for (const access of input.values.accesses) if (access.call && accessKind(access) !== 'use') calls.add(access.call);
  return calls;
}

/** `console.log(…)`, with `console` the global. */
function logs(callee: Node, sourceCode: Source): boolean {
  let root = callee;
  while (root.type === 'MemberExpression') root = root.object;
  if (root === callee || root.type !== 'Identifier' || !LOGGING_GLOBALS.has(root.name)) return false;
  return (variableOf(root, sourceCode)?.defs.length ?? 0) === 0;
}

/** `require('dotenv').config()`, `dotenv.config()`. */
function setsUp(callee: Node, sourceCode: Source): boolean {
  const found = calleeOf(callee, { sourceCode, filename: '', cwd: '' });
  return found !== undefined && SETUP_CALLS.some((row) => row.module === found.module && row.name === found.name);
}

/** `main()`: a function of this file, whose calls are judged where they run. */
function callsOwnFunction(callee: Node, sourceCode: Source): boolean {
  if (isFunction(callee)) return true;
  if (callee.type !== 'Identifier') return false;
  const definition = variableOf(callee, sourceCode)?.defs[0];
  if (definition?.type === 'FunctionName') return true;
  return definition?.node.type === 'VariableDeclarator' && isFunction(definition.node.init);
}

function isInert(call: Call, input: PrimaryWorkInput, bookkeeping: ReadonlySet<Node>): boolean {
  const { sourceCode, roles } = input;
  if (bookkeeping.has(call) || roles.forkSites.some((site) => isAncestor(call, site.node))) return true;
  const callee = skipValueWrappers(call.callee);
  if (callee.type === 'MemberExpression') {
    const method = memberName(callee) ?? '';
    // `main().catch(…)`, `mongoose.connect(url).then(…)`: what the promise of an inert call does is judged on its own.
    const object = skipValueWrappers(callee.object);
    if (PROMISE_CHAIN_METHODS.has(method)) return (object.type === 'CallExpression' || object.type === 'NewExpression') && isInert(object, input, bookkeeping);
    if (LISTENER_REGISTRATIONS.has(method)) return true;
  }
  if (isCpuList(call, sourceCode) || countOf(call, sourceCode)?.kind === 'per-cpu') return true;
  return logs(callee, sourceCode) || setsUp(callee, sourceCode) || callsOwnFunction(callee, sourceCode);
}

/** The calls and `new` expressions of the file, error handlers left out. */
function callsOutsideCatch(root: Node, visitorKeys: Source['visitorKeys']): Call[] {
  const calls: Call[] = [];
  const stack: Node[] = [root];
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (node.type === 'CatchClause') continue;
    if (node.type === 'CallExpression' || node.type === 'NewExpression') calls.push(node);
    for (const key of visitorKeys[node.type] ?? []) {
      const child = (node as unknown as Record<string, unknown>)[key];
      for (const item of Array.isArray(child) ? child : [child]) {
        if (item && typeof (item as Node).type === 'string') stack.push(item as Node);
      }
    }
  }
  return calls;
}

/** Every call that runs in `role` is bookkeeping: it forks, loads, sets up connections, registers, logs. */
export function roleOnlyKeepsBooks(input: PrimaryWorkInput, role: RoleMask): boolean {
  const { sourceCode, roles } = input;
  const bookkeeping = bookkeepingCalls(input);
  return callsOutsideCatch(sourceCode.ast as Node, sourceCode.visitorKeys).every((call) => !(roles.roleOf(call) & role) || isInert(call, input, bookkeeping));
}

export function primaryOnlyForks(input: PrimaryWorkInput): boolean {
  const { roles } = input;
  return roles.forkSites.some((site) => site.self && roles.roleOf(site.node) & PRIMARY) && roleOnlyKeepsBooks(input, PRIMARY);
}
