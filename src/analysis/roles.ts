/**
 * Stage 3: self-forking modules and the role of any node in them. A module that forks a
 * copy of itself runs twice: once as the primary (the process or thread that forks) and
 * once in every copy. Each node runs in the primary, in the copies (the worker path), in
 * both, or in neither; this is found from the role tests the tracker saw
 * (`cluster.isPrimary`, `isMainThread`, `process.send`, their aliases), read upward from
 * each node through branches, early exits and the places a function is called from.
 *
 * The parts, in the order they build on each other (`roles/`): `fork-sites` and
 * `role-tests` read the tracked nodes (`markers` adds the tests of the values a fork call
 * hands its child); `conditions` and `paths` give the roles that pass
 * a branch or an early exit; `node-roles` gives the role of any node; `callers` answers
 * the questions that look past a function to where it is called.
 */
import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import type { FunctionNode, Node } from '../util/ast.js';
import type { Statement } from '../util/statements.js';
import type { TrackedNode } from './imports.js';
import { primaryBeforeFork, regionStart, runsOnce, workerPathStart } from './roles/callers.js';
import { findForkSites, type ForkSite } from './roles/fork-sites.js';
import type { RoleMask } from './roles/masks.js';
import { roleOf, roleOfPlace, type RoleContext } from './roles/node-roles.js';
import { findExitCalls } from './roles/paths.js';
import { findRoleTests, type RoleTests } from './roles/role-tests.js';

export { BOTH, PRIMARY, WORKER, type RoleMask } from './roles/masks.js';
export type { ForkSite } from './roles/fork-sites.js';
// Placement's, where the fixes that write `await` ask; kept here until every caller imports it from there.
export { awaitAllowed } from './fixes/placement.js';

type Call = TSESTree.CallExpression | TSESTree.NewExpression;

export interface Roles {
  /** Every fork site of the file, whatever it runs. */
  readonly forkSites: readonly ForkSite[];
  /** The module forks a copy of itself: roles apply. */
  readonly selfForking: boolean;
  roleOf(node: Node): RoleMask;
  /**
   * The roles code placed at `node` runs in: its own, except that a function declaration
   * runs where it is called while the statements beside it run where it stands.
   */
  roleOfPlace(node: Node): RoleMask;
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

/** What every role context of a file shares; the tests and caches are per context. */
type FileRoles = Pick<RoleContext, 'sourceCode' | 'exitCalls' | 'selfForking' | 'roleFunctions'>;

function contextWith(file: FileRoles, tests: RoleTests): RoleContext {
  return { ...file, tests, prefixCache: new Map(), maskCache: new Map(), inProgress: new Set() };
}

/** The role tests, exit calls and caches every role question reads, found when the first is asked. */
function roleContext(input: RolesInput, forkSites: readonly ForkSite[], selfForking: boolean, roleFunctions: FileRoles['roleFunctions']): RoleContext {
  const { sourceCode, tracked } = input;
  const file: FileRoles = { sourceCode, exitCalls: findExitCalls(tracked), selfForking, roleFunctions };
  // Marker tests are weighed by the roles they give the fork sites (roles/markers).
  const maskUnder = (tests: RoleTests) => {
    const trial = contextWith(file, tests);
    return (node: Node): RoleMask => roleOf(node, trial);
  };
  return contextWith(file, findRoleTests(tracked, forkSites, sourceCode, maskUnder));
}

export function analyzeRoles(input: RolesInput): Roles {
  const { forkSites, roleFunctions } = findForkSites(input.tracked, input.sourceCode);
  const selfForking = forkSites.some((site) => site.self);
  // Most files that reach a connection fork nothing and ask no role question: the tests are found on the first one.
  let context: RoleContext | undefined;
  const asked = (): RoleContext => (context ??= roleContext(input, forkSites, selfForking, roleFunctions));
  return {
    forkSites,
    selfForking,
    roleOf: (node) => roleOf(node, asked()),
    roleOfPlace: (node) => roleOfPlace(node, asked()),
    regionStart: (node, role) => regionStart(node, role, asked()),
    runsOnce: (node) => runsOnce(node, asked()),
    workerPathStart: (node) => workerPathStart(node, asked()),
    primaryBeforeFork: (fn) => primaryBeforeFork(fn, asked()),
  };
}
