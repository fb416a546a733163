/**
 * Which of a file's relative imports can change what its analysis finds: only their
 * exports are asked of the project, since each ask may parse that module and what it
 * imports in turn.
 *
 * - An import that binds nothing (`import './x'`, `require('./x');`) hands the file no
 *   value, so what the module exports changes nothing here. What loading it opens is asked
 *   apart (ImportedModule.connectionOnLoad).
 * - For a module read only for its exports and summary, so is an import whose values only
 *   go, as arguments, into calls on an object of a package the rules do not track, when the
 *   call's result is dropped: `router.get('/', auth, controller.list)`, `app.use('/api',
 *   routes)`. Nothing the module exports comes of such a call, and a connection the import
 *   opens as it loads is found in the imported module itself. A file being linted asks
 *   them all the same: a connection handed to a library is a use the rules judge.
 */
import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import type { Knowledge } from '../knowledge/index.js';
import { requiredSpecifier, type Node } from '../util/ast.js';
import { withoutNodePrefix } from '../util/paths.js';
import { neverReassigned, variableOf } from '../util/variables.js';
import { isRelative, moduleLoads } from './module-loads.js';
import { timesQuoted } from './relevance.js';

type Variable = TSESLint.Scope.Variable;
type Reference = TSESLint.Scope.Reference;

interface UseContext {
  readonly sourceCode: Readonly<TSESLint.SourceCode>;
  /** Every specifier a row of the knowledge tracks. */
  readonly tracked: ReadonlySet<string>;
}

// Kept per knowledge, not per module table: the settings' own rows are tracked too.
const trackedByKnowledge = new WeakMap<Knowledge, ReadonlySet<string>>();

function trackedSpecifiers(knowledge: Knowledge): ReadonlySet<string> {
  let found = trackedByKnowledge.get(knowledge);
  if (!found) {
    found = new Set([...knowledge.modules, ...knowledge.userModules].flatMap((row) => row.specifiers));
    trackedByKnowledge.set(knowledge, found);
  }
  return found;
}

/** A package the rules know nothing of: not the project's own, not a tracked library. */
function untrackedPackage(specifier: unknown, context: UseContext): boolean {
  return typeof specifier === 'string' && !isRelative(specifier) && !context.tracked.has(withoutNodePrefix(specifier));
}

/** The identifier a chain of member reads and calls starts from: `router` of `router.route('/').get`. */
function chainRoot(node: Node): Node {
  let current = node;
  while (current.type === 'MemberExpression' || current.type === 'CallExpression' || current.type === 'NewExpression') {
    current = current.type === 'MemberExpression' ? current.object : current.callee;
  }
  return current;
}

/**
 * A variable that holds an untracked package, or what a call of one made: `express` of
 * `import express from 'express'`, `app` of `const app = express()`, `router` of
 * `const router = express.Router()`. `depth` bounds the chain of such constants.
 */
function holdsUntrackedPackage(variable: Variable | undefined, context: UseContext, depth = 0): boolean {
  const definition = variable?.defs.length === 1 ? variable.defs[0] : undefined;
  if (!definition) return false;
  if (definition.type === 'ImportBinding') return untrackedPackage((definition.parent as TSESTree.ImportDeclaration).source.value, context);
  // `var app = express()` as older CommonJS writes it: the same as a `const` when nothing assigns it again.
  if (definition.type !== 'Variable' || !neverReassigned(variable!)) return false;
  const init = (definition.node as TSESTree.VariableDeclarator).init as Node | null;
  if (!init) return false;
  const required = requiredSpecifier(init);
  if (required !== undefined) return untrackedPackage(required, context);
  if (depth > 0 || (init.type !== 'CallExpression' && init.type !== 'NewExpression')) return false;
  const root = chainRoot(init);
  return root.type === 'Identifier' && holdsUntrackedPackage(variableOf(root, context.sourceCode), context, depth + 1);
}

/** The statement a call's result goes to, through the calls chained on it: `router.route('/').get(a).post(b);`. */
function droppedResult(call: TSESTree.CallExpression): boolean {
  let outer: Node = call;
  while (outer.parent?.type === 'MemberExpression' && outer.parent.object === outer && outer.parent.parent?.type === 'CallExpression' && outer.parent.parent.callee === outer.parent) {
    outer = outer.parent.parent;
  }
  return outer.parent?.type === 'ExpressionStatement';
}

/**
 * The reference only hands its value (or a property of it: `controller.list`), alone or in
 * a list, to a call on an untracked package's object whose result is dropped; or it names
 * a type.
 */
function inertUse(reference: Reference, context: UseContext): boolean {
  const typed = reference as Reference & { isTypeReference?: boolean; isValueReference?: boolean };
  if (typed.isTypeReference === true && typed.isValueReference !== true) return true;
  const identifier = reference.identifier as Node;
  const value = identifier.parent?.type === 'MemberExpression' && identifier.parent.object === identifier && !identifier.parent.computed ? identifier.parent : identifier;
  // A list of handlers is handed on the same way: `router.get('/', [auth, controller.list])`.
  const argument = value.parent?.type === 'ArrayExpression' ? value.parent : value;
  const call = argument.parent;
  if (call?.type !== 'CallExpression' || call.callee === argument || !droppedResult(call)) return false;
  const root = chainRoot(call.callee);
  return root.type === 'Identifier' && holdsUntrackedPackage(variableOf(root, context.sourceCode), context);
}

function allInert(variables: readonly Variable[], context: UseContext): boolean {
  return variables.every((variable) => variable.references.every((reference) => reference.init === true || inertUse(reference, context)));
}

/** The variables a `require()` call's value is declared into: `const x = require()`, `const { a } = require()`. */
function requireTargets(call: Node, sourceCode: Readonly<TSESLint.SourceCode>): readonly Variable[] | undefined {
  const declarator = call.parent;
  if (declarator?.type !== 'VariableDeclarator' || declarator.init !== call) return undefined;
  return sourceCode.getDeclaredVariables(declarator);
}

function bindsNothing(load: ReturnType<typeof moduleLoads>[number]): boolean {
  const { node } = load;
  if (node.type === 'ImportDeclaration') return node.specifiers.length === 0;
  const parent = node.parent?.type === 'AwaitExpression' ? node.parent.parent : node.parent;
  return load.kind !== 'static' && parent?.type === 'ExpressionStatement';
}

/** Only the file's exports and summary are read: the import's values reach no call whose result counts. */
function onlyInertlyUsed(load: ReturnType<typeof moduleLoads>[number], context: UseContext): boolean {
  const { node } = load;
  if (node.type === 'ImportDeclaration') return allInert(context.sourceCode.getDeclaredVariables(node), context);
  if (load.kind !== 'require') return false;
  const targets = requireTargets(node, context.sourceCode);
  return targets !== undefined && allInert(targets, context);
}

/**
 * The specifiers none of whose loads can change the file's facts: each time the text
 * writes one, it is a load that binds nothing or (`forExports`) one used only inertly. A
 * specifier also written elsewhere (a `createRequire` require, `import x = require()`)
 * is kept.
 */
function unneeded(sourceCode: Readonly<TSESLint.SourceCode>, knowledge: Knowledge, forExports: boolean): Set<string> {
  const context: UseContext = { sourceCode, tracked: trackedSpecifiers(knowledge) };
  const loads = new Map<string, number>();
  const needed = new Set<string>();
  for (const load of moduleLoads(sourceCode)) {
    if (!isRelative(load.specifier)) continue;
    loads.set(load.specifier, (loads.get(load.specifier) ?? 0) + 1);
    if (!bindsNothing(load) && !(forExports && onlyInertlyUsed(load, context))) needed.add(load.specifier);
  }
  return new Set([...loads].filter(([specifier, count]) => !needed.has(specifier) && timesQuoted(sourceCode.text, specifier) === count).map(([specifier]) => specifier));
}

/**
 * Of the relative specifiers the text may import (`written`), those whose exports can
 * change this file's facts. `forExports`: the file is read only for its exports and
 * summary (a module read for one that imports it).
 */
export function importsToAsk(sourceCode: Readonly<TSESLint.SourceCode>, knowledge: Knowledge, forExports: boolean, written: readonly string[]): readonly string[] {
  const spared = unneeded(sourceCode, knowledge, forExports);
  return spared.size === 0 ? written : written.filter((specifier) => !spared.has(specifier));
}
