/**
 * Stage 3: self-forking modules and the role of any node in them. A module that forks a
 * copy of itself runs twice: once as the primary (the process or thread that forks) and
 * once in every copy. Each node runs in the primary, in the copies (the worker path), in
 * both, or in neither; this is found from the role tests the tracker saw
 * (`cluster.isPrimary`, `isMainThread`, `process.send`, their aliases), read upward from
 * each node through branches, early exits and the places a function is called from.
 */
import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import {
  ENTRY_OVERRIDES,
  FORK_SITES,
  PROCESS_EXITS,
  ROLE_TESTS,
  type ApiRef,
  type ForkRole,
  type ForkSiteRow,
} from '../knowledge/index.js';
import { argumentAt, callLabel, isAncestor, isFunction, isLoop, skipTypeWrappers, type FunctionNode, type Node } from '../util/ast.js';
import { enclosingFunction, functionVariable, isExportedFunction } from './functions.js';
import { optionNode } from '../util/options.js';
import { constantInit, variableOf as variableIn } from '../util/variables.js';
import type { TrackedNode } from './imports.js';

/** Bit set of the roles a node runs in. */
export type RoleMask = 0 | 1 | 2 | 3;
export const PRIMARY: RoleMask = 1;
export const WORKER: RoleMask = 2;
export const BOTH: RoleMask = 3;

export const roleBit = (role: ForkRole): RoleMask => (role === 'primary' ? PRIMARY : WORKER);

type Call = TSESTree.CallExpression | TSESTree.NewExpression;
type Variable = TSESLint.Scope.Variable;
type Statement = TSESTree.Statement | TSESTree.ProgramStatement;

export interface ForkSite {
  readonly node: Call;
  readonly row: ForkSiteRow;
  /** It runs this very module again. */
  readonly self: boolean;
  /** How reports name it: `cluster.fork()`, `new Worker()`. */
  readonly label: string;
}

export interface Roles {
  /** Every fork site of the file, whatever it runs. */
  readonly forkSites: readonly ForkSite[];
  /** The module forks a copy of itself: roles apply. */
  readonly selfForking: boolean;
  roleOf(node: Node): RoleMask;
  /**
   * The first statement of the outermost statement list around `node` that runs in
   * `role` only: where code meant for that role alone can be inserted.
   */
  regionStart(node: Node, role: RoleMask): Statement | undefined;
  /** `throng({ master })`: a function that runs in the primary before it forks. */
  primaryBeforeFork(fn: FunctionNode): Call | undefined;
  /**
   * Code placed at `node` runs at most once per process or thread: it is at module scope,
   * or in functions that a fork API runs once or that module-scope code calls once.
   */
  runsOnce(node: Node): boolean;
  /**
   * Where the worker path starts for code at `node`: the start of its worker-only region,
   * or, when that region is a function run many times (a request handler), of the region
   * the function is called or handed over from.
   */
  workerPathStart(node: Node): Statement | undefined;
}

interface RolesInput {
  readonly sourceCode: Readonly<TSESLint.SourceCode>;
  readonly tracked: readonly TrackedNode[];
}

/** Truthiness of a condition: the roles where it may be truthy, and where it may be falsy. */
interface Truth {
  readonly truthy: RoleMask;
  readonly falsy: RoleMask;
}
const UNKNOWN: Truth = { truthy: BOTH, falsy: BOTH };


function matches(tracked: TrackedNode, ref: ApiRef): boolean {
  return (
    tracked.module.library === ref.library &&
    tracked.type === ref.via &&
    tracked.api.path.length === ref.path.length &&
    tracked.api.path.every((key, i) => key === ref.path[i])
  );
}

function isStatementList(node: Node): node is TSESTree.Program | TSESTree.BlockStatement | TSESTree.StaticBlock | TSESTree.SwitchCase {
  return node.type === 'Program' || node.type === 'BlockStatement' || node.type === 'StaticBlock' || node.type === 'SwitchCase';
}

function statementsOf(list: TSESTree.Program | TSESTree.BlockStatement | TSESTree.StaticBlock | TSESTree.SwitchCase): readonly Statement[] {
  return list.type === 'SwitchCase' ? list.consequent : list.body;
}

const LOOSE_NULLISH = (node: Node): boolean =>
  (node.type === 'Literal' && node.value === null) || (node.type === 'Identifier' && node.name === 'undefined');

export function analyzeRoles(input: RolesInput): Roles {
  const { sourceCode } = input;
  const tests = new Map<Node, ForkRole>();
  const roleFunctions = new Map<Node, { role: ForkRole; call: Call }>();
  const forkSites: ForkSite[] = [];
  let entryOverridden = false;

  const variableOf = (identifier: TSESTree.Identifier): Variable | undefined => variableIn(identifier, sourceCode);

  /** The one value a `const` (or a never-reassigned `let`) holds. */
  const constantInitOf = (identifier: TSESTree.Identifier): Node | undefined => constantInit(identifier, sourceCode);

  function isGlobal(identifier: TSESTree.Identifier): boolean {
    return variableOf(identifier) === undefined || variableOf(identifier)?.defs.length === 0;
  }

  /** `__filename`, `import.meta.url`, `fileURLToPath(import.meta.url)`, `new URL(import.meta.url)`. */
  function isSelfPath(expression: Node | undefined, row: ForkSiteRow, depth = 0): boolean {
    if (!expression || depth > 4) return false;
    const node = skipTypeWrappers(expression);
    switch (node.type) {
      case 'Identifier':
        if (node.name === '__filename' && isGlobal(node)) return true;
        return isSelfPath(constantInitOf(node), row, depth + 1);
      case 'MemberExpression': {
        const name = node.property.type === 'Identifier' && !node.computed ? node.property.name : undefined;
        if (node.object.type === 'MetaProperty' && (name === 'url' || name === 'filename')) return true;
        if (name === 'href' || name === 'pathname') return isSelfPath(node.object, row, depth + 1);
        // `process.argv[1]`: the script the process was started with.
        if (
          row.selfArgs?.includes('argv1') && node.computed && node.property.type === 'Literal' && node.property.value === 1 &&
          node.object.type === 'MemberExpression' && node.object.object.type === 'Identifier' &&
          node.object.object.name === 'process' && isGlobal(node.object.object) &&
          node.object.property.type === 'Identifier' && node.object.property.name === 'argv'
        ) return true;
        return false;
      }
      case 'CallExpression': {
        const callee = node.callee;
        const name = callee.type === 'Identifier' ? callee.name : callee.type === 'MemberExpression' && callee.property.type === 'Identifier' ? callee.property.name : '';
        return name === 'fileURLToPath' && node.arguments.length === 1 && isSelfPath(node.arguments[0], row, depth + 1);
      }
      case 'NewExpression':
        return node.callee.type === 'Identifier' && node.callee.name === 'URL' && node.arguments.length === 1 && isSelfPath(node.arguments[0], row, depth + 1);
      default:
        return false;
    }
  }

  function resolveFunction(value: Node | undefined): FunctionNode | undefined {
    if (!value) return undefined;
    const node = skipTypeWrappers(value);
    if (isFunction(node)) return node;
    if (node.type !== 'Identifier') return undefined;
    const variable = variableOf(node);
    const def = variable?.defs.length === 1 ? (variable.defs[0]!.node as Node) : undefined;
    if (def?.type === 'FunctionDeclaration') return def;
    if (def?.type === 'VariableDeclarator' && def.init && isFunction(def.init)) return def.init;
    return undefined;
  }

  function addTestReads(variable: Variable | undefined, role: ForkRole): void {
    for (const reference of variable?.references ?? []) {
      if (reference.isRead()) tests.set(reference.identifier as Node, role);
    }
  }

  // ---- what the tracker found ------------------------------------------------------

  for (const tracked of input.tracked) {
    if (ENTRY_OVERRIDES.some((row) => matches(tracked, row) && optionNode(argumentAt(tracked.node as Call, row.arg), row.option, sourceCode))) {
      entryOverridden = true;
    }
    const test = ROLE_TESTS.find((row) => matches(tracked, row));
    if (test) {
      const node = tracked.node;
      if (node.type === 'ImportSpecifier') {
        addTestReads(sourceCode.getDeclaredVariables(node)[0] as Variable | undefined, test.truthyIn);
      } else if (node.type === 'Property' && node.parent.type === 'ObjectPattern') {
        if (node.value.type === 'Identifier') addTestReads(variableOf(node.value), test.truthyIn);
      } else if (node.parent?.type === 'VariableDeclarator' && node.parent.init === node && node.parent.id.type === 'Identifier') {
        // `const primary = cluster.isPrimary`
        const variable = variableOf(node.parent.id);
        if (variable && !variable.references.some((reference) => reference.isWrite() && !reference.init)) addTestReads(variable, test.truthyIn);
      } else {
        tests.set(node, test.truthyIn);
      }
    }
  }
  for (const tracked of input.tracked) {
    const row = FORK_SITES.find((candidate) => matches(tracked, candidate));
    if (!row || (tracked.node.type !== 'CallExpression' && tracked.node.type !== 'NewExpression')) continue;
    const call = tracked.node;
    let self: boolean;
    if ('self' in row.entry) {
      self = !(row.library === 'cluster' && entryOverridden);
    } else {
      const arg = argumentAt(call, row.entry.arg);
      self = isSelfPath(row.entry.option ? optionNode(arg, row.entry.option, sourceCode) : arg, row);
    }
    forkSites.push({ node: call, row, self, label: callLabel(call, sourceCode.getText(call.callee)) });
    for (const roleFunction of row.roleFunctions ?? []) {
      const arg = argumentAt(call, roleFunction.arg);
      const fn = resolveFunction(roleFunction.option ? optionNode(arg, roleFunction.option, sourceCode) : arg);
      if (fn && !roleFunctions.has(fn)) roleFunctions.set(fn, { role: roleFunction.role, call });
    }
  }
  const selfForking = forkSites.some((site) => site.self);

  // ---- conditions -------------------------------------------------------------------

  function truth(expression: Node): Truth {
    const node = skipTypeWrappers(expression);
    const role = tests.get(node);
    if (role) return { truthy: roleBit(role), falsy: (BOTH ^ roleBit(role)) as RoleMask };
    switch (node.type) {
      case 'UnaryExpression':
        if (node.operator === '!') {
          const inner = truth(node.argument);
          return { truthy: inner.falsy, falsy: inner.truthy };
        }
        return UNKNOWN;
      case 'LogicalExpression': {
        const left = truth(node.left);
        const right = truth(node.right);
        if (node.operator === '&&') return { truthy: (left.truthy & right.truthy) as RoleMask, falsy: (left.falsy | (left.truthy & right.falsy)) as RoleMask };
        if (node.operator === '||') return { truthy: (left.truthy | (left.falsy & right.truthy)) as RoleMask, falsy: (left.falsy & right.falsy) as RoleMask };
        return UNKNOWN;
      }
      case 'BinaryExpression':
        return comparison(node);
      case 'CallExpression':
        if (node.callee.type === 'Identifier' && node.callee.name === 'Boolean' && node.arguments.length === 1) return truth(node.arguments[0]!);
        return UNKNOWN;
      default:
        return UNKNOWN;
    }
  }

  /** `isPrimary === false`, `typeof process.send === 'function'`, `process.send !== undefined`. */
  function comparison(node: TSESTree.BinaryExpression): Truth {
    const negated = node.operator === '!==' || node.operator === '!=';
    if (!negated && node.operator !== '===' && node.operator !== '==') return UNKNOWN;
    const pairs: [Node, Node][] = [[node.left, node.right], [node.right, node.left]];
    for (const [subject, other] of pairs) {
      const value = skipTypeWrappers(other);
      let result: Truth | undefined;
      if (subject.type === 'UnaryExpression' && subject.operator === 'typeof' && value.type === 'Literal' && typeof value.value === 'string') {
        const inner = truth(subject.argument);
        if (inner === UNKNOWN) continue;
        result = value.value === 'undefined' ? { truthy: inner.falsy, falsy: inner.truthy } : inner;
      } else if (value.type === 'Literal' && typeof value.value === 'boolean') {
        const inner = truth(subject);
        if (inner === UNKNOWN) continue;
        result = value.value ? inner : { truthy: inner.falsy, falsy: inner.truthy };
      } else if (LOOSE_NULLISH(value)) {
        const inner = truth(subject);
        if (inner === UNKNOWN) continue;
        result = { truthy: inner.falsy, falsy: inner.truthy };
      }
      if (result) return negated ? { truthy: result.falsy, falsy: result.truthy } : result;
    }
    return UNKNOWN;
  }

  // ---- early exits ------------------------------------------------------------------

  // `process.exit()` however `process` is reached: the global, `node:process`, `const { exit } = process`.
  const exitCalls = new Set<Node>(input.tracked.filter((tracked) => PROCESS_EXITS.some((ref) => matches(tracked, ref))).map((tracked) => tracked.node));
  function isProcessExit(statement: Node): boolean {
    return statement.type === 'ExpressionStatement' && exitCalls.has(statement.expression);
  }

  function exits(statement: Node | null | undefined): boolean {
    if (!statement) return false;
    switch (statement.type) {
      case 'ReturnStatement':
      case 'ThrowStatement':
        return true;
      case 'BlockStatement':
        return statement.body.some((child) => exits(child));
      case 'IfStatement':
        return exits(statement.consequent) && exits(statement.alternate);
      default:
        return isProcessExit(statement);
    }
  }

  const prefixCache = new Map<Node, RoleMask[]>();
  /** For each statement of a list, the roles that still reach it after the early exits before it. */
  function prefixMasks(list: TSESTree.Program | TSESTree.BlockStatement | TSESTree.StaticBlock | TSESTree.SwitchCase): RoleMask[] {
    let masks = prefixCache.get(list);
    if (masks) return masks;
    masks = [];
    let current: RoleMask = BOTH;
    for (const statement of statementsOf(list)) {
      masks.push(current);
      if (statement.type !== 'IfStatement') continue;
      const consequentExits = exits(statement.consequent);
      const alternateExits = exits(statement.alternate);
      if (consequentExits === alternateExits) continue;
      const condition = truth(statement.test);
      current = (current & (consequentExits ? condition.falsy : condition.truthy)) as RoleMask;
    }
    prefixCache.set(list, masks);
    return masks;
  }

  // ---- switch -----------------------------------------------------------------------

  function caseMatch(switchNode: TSESTree.SwitchStatement, test: Node): Truth {
    const discriminant = skipTypeWrappers(switchNode.discriminant);
    if (discriminant.type === 'Literal' && discriminant.value === true) return truth(test);
    const value = skipTypeWrappers(test);
    if (value.type !== 'Literal' || typeof value.value !== 'boolean') return UNKNOWN;
    const inner = truth(discriminant);
    return value.value ? inner : { truthy: inner.falsy, falsy: inner.truthy };
  }

  function endsCase(switchCase: TSESTree.SwitchCase): boolean {
    const last = switchCase.consequent.at(-1);
    if (!last) return false;
    return last.type === 'BreakStatement' || last.type === 'ContinueStatement' || exits(last);
  }

  function caseMask(switchCase: TSESTree.SwitchCase): RoleMask {
    const switchNode = switchCase.parent;
    const cases = switchNode.cases;
    const matchOf = (entry: TSESTree.SwitchCase): RoleMask => {
      if (entry.test) return caseMatch(switchNode, entry.test).truthy;
      let mask: RoleMask = BOTH;
      for (const other of cases) if (other.test) mask = (mask & caseMatch(switchNode, other.test).falsy) as RoleMask;
      return mask;
    };
    let mask = matchOf(switchCase);
    // Cases above that fall through into this one.
    for (let i = cases.indexOf(switchCase) - 1; i >= 0 && !endsCase(cases[i]!); i--) mask = (mask | matchOf(cases[i]!)) as RoleMask;
    return mask;
  }

  // ---- roles ------------------------------------------------------------------------

  const maskCache = new Map<Node, RoleMask>();
  const inProgress = new Set<Node>();

  function edge(parent: Node, child: Node): RoleMask {
    switch (parent.type) {
      case 'IfStatement':
      case 'ConditionalExpression':
        if (child === parent.consequent) return truth(parent.test).truthy;
        if (child === parent.alternate) return truth(parent.test).falsy;
        return BOTH;
      case 'LogicalExpression':
        if (child !== parent.right) return BOTH;
        if (parent.operator === '&&') return truth(parent.left).truthy;
        if (parent.operator === '||') return truth(parent.left).falsy;
        return BOTH;
      case 'SwitchCase':
        return child === parent.test ? BOTH : caseMask(parent);
      default:
        return BOTH;
    }
  }

  /** A named function runs where it is called or handed over; an anonymous one where it sits. */
  function functionMask(fn: FunctionNode): RoleMask | undefined {
    const given = roleFunctions.get(fn);
    if (given) return roleBit(given.role);
    if (isExportedFunction(fn)) return BOTH;
    const variable = functionVariable(fn, sourceCode);
    const references = (variable?.references ?? []).filter((reference) => reference.isRead() && !isAncestor(fn, reference.identifier as Node));
    if (references.length === 0) return undefined;
    if (inProgress.has(fn)) return BOTH;
    inProgress.add(fn);
    let mask = 0;
    for (const reference of references) mask |= maskOf(reference.identifier as Node);
    inProgress.delete(fn);
    return mask as RoleMask;
  }

  function maskOf(node: Node): RoleMask {
    const cached = maskCache.get(node);
    if (cached !== undefined) return cached;
    const parent = node.parent;
    let mask: RoleMask;
    if (!parent) {
      mask = BOTH;
    } else {
      const called = isFunction(node) ? functionMask(node) : undefined;
      mask = called ?? ((maskOf(parent) & edge(parent, node)) as RoleMask);
      if (called === undefined && isStatementList(parent) && !(parent.type === 'SwitchCase' && parent.test === node)) {
        const index = (statementsOf(parent) as readonly Node[]).indexOf(node);
        if (index >= 0) mask = (mask & prefixMasks(parent)[index]!) as RoleMask;
      }
    }
    maskCache.set(node, mask);
    return mask;
  }

  function roleOf(node: Node): RoleMask {
    return selfForking ? maskOf(node) : BOTH;
  }

  function regionStart(node: Node, role: RoleMask): Statement | undefined {
    if (!selfForking) return undefined;
    let found: Statement | undefined;
    for (let child: Node = node, parent = node.parent; parent; child = parent, parent = parent.parent) {
      if (!isStatementList(parent)) continue;
      const statements = statementsOf(parent) as readonly Statement[];
      const index = statements.indexOf(child as Statement);
      // A function declaration's role is where it is called, not where it sits.
      if (index < 0 || isFunction(child) || maskOf(child) !== role) continue;
      let start = index;
      while (start > 0 && !isFunction(statements[start - 1]) && maskOf(statements[start - 1]!) === role) start--;
      found = statements[start];
    }
    return found;
  }

  function runsOnce(node: Node): boolean {
    for (let fn = enclosingFunction(node); fn; fn = enclosingFunction(fn)) {
      if (roleFunctions.has(fn)) continue;
      const iife = fn.parent?.type === 'CallExpression' && fn.parent.callee === fn ? fn.parent : undefined;
      const references = iife ? undefined : (functionVariable(fn, sourceCode)?.references ?? []).filter((reference) => reference.isRead());
      const call = iife ?? (references?.length === 1 ? (references[0]!.identifier as Node).parent : undefined);
      if (call?.type !== 'CallExpression' || (!iife && call.callee !== references![0]!.identifier)) return false;
      if (enclosingFunction(call) !== enclosingFunction(fn) || insideLoop(call, fn)) return false;
    }
    return true;
  }

  function workerPathStart(node: Node): Statement | undefined {
    let anchor: Node | undefined = node;
    for (let depth = 0; anchor && depth < 4; depth++) {
      const start = regionStart(anchor, WORKER);
      if (start && runsOnce(start)) return start;
      // Step out to where the function around it is used.
      const fn = enclosingFunction(start ?? anchor);
      const reference = fn && functionVariable(fn, sourceCode)?.references.find((candidate) => candidate.isRead() && !isAncestor(fn, candidate.identifier as Node));
      anchor = reference?.identifier as Node | undefined;
    }
    return undefined;
  }

  return {
    forkSites,
    selfForking,
    roleOf,
    regionStart,
    runsOnce,
    workerPathStart,
    primaryBeforeFork(fn) {
      const given = roleFunctions.get(fn);
      return given?.role === 'primary' ? given.call : undefined;
    },
  };
}


/** A loop around `node` below the function (or module) that `fn` is declared in. */
function insideLoop(node: Node, fn: FunctionNode): boolean {
  const boundary = enclosingFunction(fn);
  for (let current = node.parent; current && current !== boundary; current = current.parent) if (isLoop(current)) return true;
  return false;
}

/** Whether `await` may be written at `node`: in an async function, or at the top of an ES module. */
export function awaitAllowed(node: Node, context: { readonly languageOptions: { readonly sourceType?: string } }): boolean {
  for (let current = node.parent; current; current = current.parent) {
    if (isFunction(current)) return current.async;
  }
  // The configured source type, not the AST's: @typescript-eslint/parser reports CommonJS as a module.
  return context.languageOptions.sourceType === 'module';
}
