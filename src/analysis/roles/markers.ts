/**
 * Role tests from markers: values a fork call of this module hands its child
 * (`fork(__filename, ['child'])`, `{ env: { ...process.env, ROLE: 'worker' } }`) that the
 * module then tests (`process.argv[2] === 'child'`, `process.argv.includes('child')`,
 * `process.env.ROLE === 'worker'`, `switch (process.env.ROLE)`). Only a value that this
 * file's own fork calls pass makes a test: a name alone tells nothing. The primary is
 * taken not to carry a marker its children are told apart by, and a place (`argv`,
 * `env.ROLE`) counts only where its tests keep a fork site's children from forking again:
 * code that did not would fork without end.
 */
import { getStaticValue } from '@eslint-community/eslint-utils';
import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import { FORK_MARKERS, MARKER_READS, type ForkMarkerRow, type MarkerPosition } from '../../knowledge/forks.js';
import { argumentAt, memberName, outermostValue, skipTypeWrappers, type Node } from '../../util/ast.js';
import { lookupOption, type OptionLookup } from '../../util/options.js';
import { constantInit } from '../../util/variables.js';
import { findApiRow, sameApi } from '../api-refs.js';
import type { TrackedNode } from '../imports.js';
import { constAliasReads, valueReads } from '../tracked-reads.js';
import type { ForkSite } from './fork-sites.js';
import { BOTH, PRIMARY, WORKER, negated, type RoleMask, type Truth } from './masks.js';
import type { RoleTests } from './role-tests.js';

type SourceCode = Readonly<TSESLint.SourceCode>;

/** What a child holds at one place: a known string, nothing, the parent's own value, or anything. */
type Held = { readonly kind: 'string'; readonly value: string } | { readonly kind: 'absent' | 'parent' | 'unknown' };

const ABSENT: Held = { kind: 'absent' };
const PARENT: Held = { kind: 'parent' };
const UNKNOWN_HELD: Held = { kind: 'unknown' };

/** What the children of one fork site find in `process.argv` (from index 2) and `process.env`. */
interface Child {
  readonly argv: readonly Held[] | 'parent' | 'unknown';
  env(name: string): Held;
}

/** Where a marker may be read: `process.argv[2]`, `process.argv.includes(…)`, `process.env.ROLE`. */
type Subject = { readonly kind: 'argv'; readonly index: number } | { readonly kind: 'includes' } | { readonly kind: 'env'; readonly name: string };

/** Possibly true, possibly false, per role. */
interface Outcome {
  readonly mayBeTrue: boolean;
  readonly mayBeFalse: boolean;
}

const YES: Outcome = { mayBeTrue: true, mayBeFalse: false };
const NO: Outcome = { mayBeTrue: false, mayBeFalse: true };
const EITHER: Outcome = { mayBeTrue: true, mayBeFalse: true };

/** A marker test found, with the place it reads (`argv`, `env.ROLE`): tests of one place stand or fall together. */
interface Found {
  readonly truth: Truth;
  readonly marker: string;
}

interface MarkerContext {
  readonly sourceCode: SourceCode;
  readonly children: readonly Child[];
  /** The tests found, by the place they read. */
  readonly candidates: Map<string, Map<Node, Truth>>;
}

function heldOf(node: Node | undefined, sourceCode: SourceCode): Held {
  if (!node) return ABSENT;
  const value = getStaticValue(node as never, sourceCode.getScope(node) as never);
  return value && (typeof value.value === 'string' || typeof value.value === 'number') ? { kind: 'string', value: String(value.value) } : UNKNOWN_HELD;
}

/** The value at a marker position of a call: absent, written (its node), or not knowable. */
function positionOf(call: ForkSite['node'], position: MarkerPosition, sourceCode: SourceCode): OptionLookup {
  if (call.type !== 'CallExpression' && call.type !== 'NewExpression') return { kind: 'hidden' };
  if (call.arguments.some((arg) => arg.type === 'SpreadElement')) return { kind: 'hidden' };
  const arg = argumentAt(call, position.arg);
  if (!position.option) return arg ? { kind: 'set', node: arg } : { kind: 'absent' };
  return arg ? lookupOption(arg, position.option, sourceCode) : { kind: 'absent' };
}

/** `['child', 'x']`, or a `const` holding it; another argument (`fork(file, { env })`) passes no arguments. */
function argvOf(site: ForkSite, row: ForkMarkerRow, sourceCode: SourceCode): Child['argv'] {
  if (!row.argv) return row.argvInherited ? 'parent' : [];
  const found = positionOf(site.node, row.argv, sourceCode);
  if (found.kind === 'absent') return [];
  if (found.kind === 'hidden') return 'unknown';
  let list = skipTypeWrappers(found.node);
  if (list.type === 'Identifier') list = constantInit(list, sourceCode) ?? list;
  if (list.type === 'ObjectExpression' && !row.argv.option) return [];
  if (list.type !== 'ArrayExpression' || list.elements.some((element) => !element || element.type === 'SpreadElement')) return 'unknown';
  return list.elements.map((element) => heldOf(element as Node, sourceCode));
}

function envOf(site: ForkSite, row: ForkMarkerRow, sourceCode: SourceCode): Child['env'] {
  if (!row.env) return () => PARENT;
  const found = positionOf(site.node, row.env, sourceCode);
  if (found.kind === 'absent') return () => PARENT;
  if (found.kind === 'hidden') return () => UNKNOWN_HELD;
  const object = found.node;
  return (name) => {
    const value = lookupOption(object, name, sourceCode);
    if (value.kind === 'set') return heldOf(value.node, sourceCode);
    if (value.kind === 'absent') return row.envMerged ? PARENT : ABSENT;
    return UNKNOWN_HELD;
  };
}

/** What the children of a fork site of this module hold; a site handed over by reference passes what its caller passes. */
function childOf(site: ForkSite, sourceCode: SourceCode): Child {
  const row = FORK_MARKERS.find((candidate) => sameApi(candidate, site.row));
  if (!row) return { argv: 'unknown', env: () => UNKNOWN_HELD };
  if (site.reference) return { argv: row.argvInherited ? 'parent' : 'unknown', env: () => UNKNOWN_HELD };
  return { argv: argvOf(site, row, sourceCode), env: envOf(site, row, sourceCode) };
}

/** What each child holds where `subject` reads. */
function heldAt(child: Child, subject: Subject): readonly Held[] | Held {
  if (subject.kind === 'env') return child.env(subject.name);
  if (child.argv === 'parent') return PARENT;
  if (child.argv === 'unknown') return UNKNOWN_HELD;
  if (subject.kind === 'includes') return child.argv;
  // argv[0] and argv[1] are the executable and the script.
  return subject.index < 2 ? UNKNOWN_HELD : (child.argv[subject.index - 2] ?? ABSENT);
}

/** The strings this module's fork calls pass where `subject` reads. */
function markersAt(context: MarkerContext, subject: Subject): Set<string> {
  const found = new Set<string>();
  for (const child of context.children) {
    const held = heldAt(child, subject);
    for (const one of Array.isArray(held) ? held : [held as Held]) if (one.kind === 'string') found.add(one.value);
  }
  return found;
}

/** How one held value answers the test: equal to `value`, or (without a value) a non-empty string. */
function outcomeOf(held: Held, value: string | undefined, primary: Outcome): Outcome {
  if (held.kind === 'string') return (value === undefined ? held.value !== '' : held.value === value) ? YES : NO;
  if (held.kind === 'absent') return NO;
  return held.kind === 'parent' ? primary : EITHER;
}

function childOutcome(held: readonly Held[] | Held, value: string | undefined, primary: Outcome): Outcome {
  if (!Array.isArray(held)) return outcomeOf(held as Held, value, primary);
  // `includes`: true if any element is the value.
  const outcomes = held.map((one) => outcomeOf(one, value, primary));
  if (outcomes.some((outcome) => !outcome.mayBeFalse)) return YES;
  return outcomes.some((outcome) => outcome.mayBeTrue) ? EITHER : NO;
}

function maskOf(primary: boolean, workers: boolean): RoleMask {
  return ((primary ? PRIMARY : 0) | (workers ? WORKER : 0)) as RoleMask;
}

/**
 * The truth of "`subject` holds `value`" (or, without a value, holds a non-empty string)
 * per role; undefined unless this module's fork calls pass a marker there.
 */
function markerTruth(context: MarkerContext, subject: Subject, value: string | undefined): Found | undefined {
  const markers = markersAt(context, subject);
  const marker = value === undefined ? [...markers].some((text) => text !== '') : markers.has(value);
  if (!marker && (value === undefined || markers.size === 0)) return undefined;
  // The primary does not carry a marker its children are told apart by.
  const primary = marker ? NO : EITHER;
  const children = context.children.map((child) => childOutcome(heldAt(child, subject), value, primary));
  const truth: Truth = {
    truthy: maskOf(primary.mayBeTrue, children.some((outcome) => outcome.mayBeTrue)),
    falsy: maskOf(primary.mayBeFalse, children.some((outcome) => outcome.mayBeFalse)),
  };
  return { truth, marker: subject.kind === 'env' ? `env.${subject.name}` : 'argv' };
}

const negatedFound = (found: Found | undefined): Found | undefined => found && { ...found, truth: negated(found.truth) };

function stringLiteral(node: Node | undefined): string | undefined {
  const value = node && skipTypeWrappers(node);
  return value?.type === 'Literal' && typeof value.value === 'string' ? value.value : undefined;
}

/** A test found: it, and any `const` that holds its result, test the same. */
function addTest(context: MarkerContext, node: Node, found: Found | undefined): void {
  if (!found || (found.truth.truthy === BOTH && found.truth.falsy === BOTH)) return;
  let tests = context.candidates.get(found.marker);
  if (!tests) context.candidates.set(found.marker, (tests = new Map()));
  for (const at of [node, ...(constAliasReads(outermostValue(node), context.sourceCode) ?? [])]) tests.set(at, found.truth);
}

/** `subject === 'x'`, `'x' !== subject`, `switch (subject) { case 'x': }`, and an env variable on its own. */
function addSubjectTests(context: MarkerContext, node: Node, subject: Subject): void {
  const value = outermostValue(node);
  const parent = value.parent;
  if (subject.kind === 'env') addTest(context, value, markerTruth(context, subject, undefined));
  if (parent?.type === 'BinaryExpression' && ['===', '!==', '==', '!='].includes(parent.operator)) {
    const literal = stringLiteral(parent.left === value ? parent.right : parent.left);
    const found = literal === undefined ? undefined : markerTruth(context, subject, literal);
    addTest(context, parent, parent.operator.startsWith('!') ? negatedFound(found) : found);
  } else if (parent?.type === 'SwitchStatement' && parent.discriminant === value) {
    for (const entry of parent.cases) {
      const literal = stringLiteral(entry.test ?? undefined);
      if (entry.test && literal !== undefined) addTest(context, skipTypeWrappers(entry.test), markerTruth(context, subject, literal));
    }
  }
}

/** The subject a member read of `process.argv` / `process.env` is, and the node that holds it. */
function subjectsOfRead(read: Node, holds: 'argv' | 'env', context: MarkerContext): void {
  const member = outermostValue(read).parent;
  if (member?.type !== 'MemberExpression' || member.object !== outermostValue(read)) return;
  if (holds === 'argv' && memberName(member) === 'includes') {
    const call = member.parent;
    const literal = call?.type === 'CallExpression' && call.callee === member ? stringLiteral(call.arguments[0]) : undefined;
    if (literal !== undefined) addTest(context, call!, markerTruth(context, { kind: 'includes' }, literal));
    return;
  }
  const subject = subjectOf(member, holds);
  if (!subject) return;
  // `const role = process.env.ROLE` reads the same.
  for (const node of [member, ...(constAliasReads(outermostValue(member), context.sourceCode) ?? [])]) addSubjectTests(context, node, subject);
}

function subjectOf(member: TSESTree.MemberExpression, holds: 'argv' | 'env'): Subject | undefined {
  if (holds === 'env') {
    const name = memberName(member);
    return name === undefined ? undefined : { kind: 'env', name };
  }
  const property = member.computed ? skipTypeWrappers(member.property) : undefined;
  return property?.type === 'Literal' && typeof property.value === 'number' ? { kind: 'argv', index: property.value } : undefined;
}

/** The role of a node under a given set of tests. */
export type MaskUnder = (tests: RoleTests) => (node: Node) => RoleMask;

/** The marker tests the module makes, by the marker they read. */
function findCandidates(tracked: readonly TrackedNode[], selfSites: readonly ForkSite[], sourceCode: SourceCode): Map<string, Map<Node, Truth>> {
  const context: MarkerContext = { sourceCode, children: selfSites.map((site) => childOf(site, sourceCode)), candidates: new Map() };
  for (const node of tracked) {
    const row = findApiRow(MARKER_READS, node);
    if (!row) continue;
    for (const read of valueReads(node, sourceCode)) subjectsOfRead(read, row.holds, context);
  }
  return context.candidates;
}

/** `base` plus the tests of the given markers; a role test the tracker knows (`NODE_UNIQUE_ID`) wins. */
function withMarkers(base: RoleTests, groups: readonly ReadonlyMap<Node, Truth>[]): Map<Node, Truth> {
  const tests = new Map<Node, Truth>();
  for (const group of groups) for (const [node, truth] of group) tests.set(node, truth);
  for (const [node, truth] of base) tests.set(node, truth);
  return tests;
}

/**
 * The marker tests that tell the roles apart, added to `base`. The tests of a place count
 * only if they keep the children of a fork site from reaching that very site again (else
 * they would fork again), weighed for that site's children alone: an env variable the
 * fork call merely passes on (`NODE_ENV`, `PORT`) guards no fork site, and the primary may
 * have it too.
 */
export function addMarkerTests(base: RoleTests, tracked: readonly TrackedNode[], sites: readonly ForkSite[], sourceCode: SourceCode, maskUnder: MaskUnder): RoleTests {
  const selfSites = sites.filter((site) => site.self);
  if (selfSites.length === 0) return base;
  const candidates = findCandidates(tracked, selfSites, sourceCode);
  if (candidates.size === 0) return base;
  const guarding = new Set<string>();
  for (const site of selfSites) {
    for (const [place, group] of findCandidates(tracked, [site], sourceCode)) {
      if (!guarding.has(place) && !(maskUnder(group)(site.node) & WORKER)) guarding.add(place);
    }
  }
  const groups = [...candidates].filter(([place]) => guarding.has(place)).map(([, group]) => group);
  return groups.length === 0 ? base : withMarkers(base, groups);
}
