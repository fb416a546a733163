/**
 * Whether the code's references to a global that gives roles (`process`) may reach one of
 * the role APIs under it (`process.send`, `process.on('message')`,
 * `process.env.NODE_UNIQUE_ID`), read from the scope analysis ESLint has already made.
 * Only references count, so the word in a comment or a string, and a property of another
 * object (`queue.process(…)`), do not. A reference whose member chain leaves every path
 * the role rows track (`process.env.PORT`, `process.cwd()`), or that hands the object on
 * nowhere the tracker follows (an assignment to it, a spread, `typeof`), reaches none.
 * Anything else may: the tracker then decides.
 */
import { getPropertyName, getStringIfConstant } from '@eslint-community/eslint-utils';
import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import { ROLE_GLOBAL_APIS, type RoleGlobalApi } from '../knowledge/gives-roles.js';
import { isValueWrapper } from '../util/ast.js';
import { globalReferences } from '../util/variables.js';

type Node = TSESTree.Node;

/** The member paths the role rows track under a global, as a tree of keys. */
interface KeyTree {
  readonly children: Map<string, KeyTree>;
  /** A path ends here: the node is a role API itself, not only on the way to one. */
  api?: true;
  /** A listener method: the events that give its listeners a role. */
  events?: ReadonlySet<string>;
}

function keyTree(apis: readonly RoleGlobalApi[]): KeyTree {
  const root: KeyTree = { children: new Map() };
  for (const api of apis) {
    let node = root;
    for (const key of api.path) {
      let child = node.children.get(key);
      if (!child) node.children.set(key, (child = { children: new Map() }));
      node = child;
    }
    node.api = true;
    if (api.events) node.events = api.events;
  }
  return root;
}

const GLOBAL_TREES: ReadonlyMap<string, KeyTree> = new Map([...ROLE_GLOBAL_APIS].map(([name, apis]) => [name, keyTree(apis)]));
/** Names of the global object, under which a role global may be reached (`globalThis.process`). */
const GLOBAL_OBJECTS: ReadonlySet<string> = new Set(['globalThis', 'global', 'self', 'window']);

function isObjectOf(node: Node, parent: Node | undefined): parent is TSESTree.MemberExpression {
  return parent?.type === 'MemberExpression' && parent.object === node;
}

/** The object reaches no API through where it ends: written to, spread, only tested, or named in a type. */
function handsOnNothing(node: Node): boolean {
  const parent = node.parent;
  if (!parent) return false;
  if (parent.type === 'AssignmentExpression') return parent.left === node;
  if (parent.type === 'UnaryExpression') return parent.operator === 'typeof';
  return parent.type === 'SpreadElement' || parent.type === 'BinaryExpression' || parent.type === 'TSTypeQuery' || parent.type === 'TSQualifiedName';
}

/** The call of a listener method registers for an event its row gives no role (`process.on('uncaughtException', …)`). */
function listensForNoRole(node: Node, events: ReadonlySet<string>): boolean {
  const call = node.parent;
  if (call?.type !== 'CallExpression' || call.callee !== node) return false;
  const first = call.arguments[0];
  const event = first && first.type !== 'SpreadElement' ? getStringIfConstant(first as never) : null;
  return event !== null && !events.has(event);
}

/** The member chain from `start` (the global's reference) may reach a tracked path, or leads on to one. */
function chainMayReach(start: Node, tree: KeyTree, sourceCode: Readonly<TSESLint.SourceCode>): boolean {
  let node = start;
  let keys = tree;
  for (let parent = node.parent; parent; parent = node.parent) {
    // `(process as NodeJS.Process).send`, `process!.send`: the same value.
    if (isValueWrapper(parent)) {
      node = parent;
      continue;
    }
    if (!isObjectOf(node, parent)) break;
    const key = getPropertyName(parent as never, sourceCode.getScope(parent) as never);
    if (key == null) return true;
    const child = keys.children.get(key);
    if (!child) return false;
    keys = child;
    node = parent;
  }
  if (keys.events && listensForNoRole(node, keys.events)) return false;
  return keys.api === true || !handsOnNothing(node);
}

function referencesNamed(sourceCode: Readonly<TSESLint.SourceCode>, name: string): TSESTree.Identifier[] {
  return globalReferences(sourceCode, name).map((reference) => reference.identifier as TSESTree.Identifier);
}

/** Where a role global may be reached from: its own references, with its tree, and the global object's (`globalThis.process`). */
function startsOf(sourceCode: Readonly<TSESLint.SourceCode>, name: string, tree: KeyTree): [Node, KeyTree][] {
  const starts: [Node, KeyTree][] = referencesNamed(sourceCode, name).map((identifier) => [identifier, tree]);
  const underGlobalObject: KeyTree = { children: new Map([[name, tree]]) };
  for (const objectName of GLOBAL_OBJECTS) {
    for (const identifier of referencesNamed(sourceCode, objectName)) starts.push([identifier, underGlobalObject]);
  }
  return starts;
}

/** Some reference to a role global may reach a role API under it. */
export function globalMayReachRole(sourceCode: Readonly<TSESLint.SourceCode>): boolean {
  for (const [name, tree] of GLOBAL_TREES) {
    if (!sourceCode.text.includes(name)) continue;
    // Without a scope analysis, only the text can tell: it names the global.
    if (!sourceCode.scopeManager?.globalScope) return true;
    if (startsOf(sourceCode, name, tree).some(([start, keys]) => chainMayReach(start, keys, sourceCode))) return true;
  }
  return false;
}
