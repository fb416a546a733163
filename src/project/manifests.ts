/**
 * What a project's own manifests say: the packages it depends on (which libraries its
 * modules can load at all), and the versions it has, for knowledge that changed between
 * majors (a driver's default pool size): the package's own `package.json` under the
 * project's `node_modules`, else the project's `package-lock.json`, else the range in its
 * `package.json` when that range stays within one major. The lockfile is parsed only for
 * a package the manifest declares (any, when it declares none) that is not installed:
 * lockfiles run to megabytes, and most runs need none (1.3 MB takes about 10 ms to
 * parse). Only files inside the project root are read (a link out of it is not
 * followed); answers are kept per project and read again when the project's manifest or
 * lockfile changes.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { InstalledVersion } from '../analysis/project-view.js';
import { isInside, MAX_FILE_BYTES } from './files.js';
import { projectNow, REFRESH_MS } from './clock.js';

interface Manifests {
  readonly stamp: string;
  readonly rootReal: string;
  checkedAt: number;
  readonly ranges: Readonly<Record<string, string>>;
  /**
   * The manifest says what the project loads: it lists dependencies, or it is a package's
   * whole manifest (it has a version) and lists none. Not a workspace root, whose packages
   * list their own; not a bare `{ "type": "module" }` or a copy of a service without them.
   */
  readonly listsDependencies: boolean;
  /** The lockfile's top-level versions, parsed when first needed. */
  locked?: Readonly<Record<string, string>>;
  readonly answers: Map<string, InstalledVersion | null>;
  readonly mayLoad: WeakMap<ReadonlySet<string>, boolean>;
}

const PACKAGE_NAME = /^(?:@[a-z0-9][\w.-]*\/)?[a-z0-9][\w.-]*$/i;
const EXACT = /^v?(\d+)\.(\d+)\.(\d+)(?:[-+][\w.-]*)?$/;
const MAX_PROJECTS = 16;
const projects = new Map<string, Manifests>();

function statStamp(file: string): string {
  const stat = fs.statSync(file, { throwIfNoEntry: false });
  return stat ? `${stat.size}:${stat.mtimeMs}` : '-';
}

/** A JSON file inside the project (not through a link out of it), or undefined. */
function readJson(file: string, rootReal: string): Record<string, unknown> | undefined {
  try {
    const stat = fs.statSync(file, { throwIfNoEntry: false });
    if (!stat?.isFile() || stat.size > 16 * MAX_FILE_BYTES || !isInside(fs.realpathSync(file), rootReal)) return undefined;
    const value: unknown = JSON.parse(fs.readFileSync(file, 'utf8'));
    return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

function strings(value: unknown): Record<string, string> {
  const found: Record<string, string> = {};
  if (value === null || typeof value !== 'object') return found;
  for (const [key, entry] of Object.entries(value)) if (typeof entry === 'string') found[key] = entry;
  return found;
}

const DEPENDENCY_FIELDS = ['peerDependencies', 'optionalDependencies', 'devDependencies', 'dependencies'];

function saysWhatItLoads(manifest: Record<string, unknown> | undefined, ranges: Readonly<Record<string, string>>): boolean {
  if (!manifest || manifest.workspaces !== undefined) return false;
  return Object.keys(ranges).length > 0 || typeof manifest.version === 'string';
}

function manifestRanges(manifest: Record<string, unknown> | undefined): Record<string, string> {
  return Object.assign({}, ...DEPENDENCY_FIELDS.map((field) => strings(manifest?.[field])));
}

/** `packages["node_modules/pg"].version` (lockfile v2, v3), else `dependencies.pg.version` (v1). */
function lockedVersions(lock: Record<string, unknown> | undefined): Record<string, string> {
  const found: Record<string, string> = {};
  const packages = lock?.packages;
  if (packages && typeof packages === 'object') {
    for (const [key, entry] of Object.entries(packages)) {
      const version = (entry as { version?: unknown } | null)?.version;
      if (key.startsWith('node_modules/') && !key.slice(13).includes('/node_modules/') && typeof version === 'string') found[key.slice(13)] = version;
    }
  }
  const dependencies = lock?.dependencies;
  if (dependencies && typeof dependencies === 'object') {
    for (const [name, entry] of Object.entries(dependencies)) {
      const version = (entry as { version?: unknown } | null)?.version;
      if (!(name in found) && typeof version === 'string') found[name] = version;
    }
  }
  return found;
}

function exact(version: unknown, from: InstalledVersion['from']): InstalledVersion | undefined {
  const match = typeof version === 'string' ? EXACT.exec(version.trim()) : null;
  return match ? { version: `${match[1]}.${match[2]}.${match[3]}`, major: Number(match[1]), from } : undefined;
}

/** The lowest version of a range that stays within one major: `^5.13.0`, `~8.1`, `7.x`, `6`, `>=4.2.0 <5`. */
export function lowestOfRange(range: string): InstalledVersion | undefined {
  const trimmed = range.trim();
  const simple = /^(?:\^|~|=|v)?(\d+)(?:\.(\d+|x|\*))?(?:\.(\d+|x|\*))?$/.exec(trimmed);
  const bounded = /^>=\s*(\d+)(?:\.(\d+))?(?:\.(\d+))?\s+<\s*(\d+)(?:\.0)?(?:\.0)?$/.exec(trimmed);
  if (bounded && Number(bounded[4]) !== Number(bounded[1]) + 1) return undefined;
  const match = simple ?? bounded;
  if (!match) return undefined;
  // `^0.x` stays within a minor, which is still one major.
  const part = (value: string | undefined): string => (value === undefined || value === 'x' || value === '*' ? '0' : String(Number(value)));
  return { version: `${Number(match[1])}.${part(match[2])}.${part(match[3])}`, major: Number(match[1]), from: 'package.json' };
}

function manifestsOf(root: string): Manifests {
  const cached = projects.get(root);
  const now = projectNow();
  if (cached && now - cached.checkedAt < REFRESH_MS) return cached;
  const stamp = `${statStamp(path.join(root, 'package.json'))}|${statStamp(path.join(root, 'package-lock.json'))}`;
  if (cached?.stamp === stamp) {
    cached.checkedAt = now;
    return cached;
  }
  const rootReal = realOf(root);
  const manifest = readJson(path.join(root, 'package.json'), rootReal);
  const ranges = manifestRanges(manifest);
  const manifests: Manifests = {
    stamp,
    rootReal,
    checkedAt: now,
    ranges,
    listsDependencies: saysWhatItLoads(manifest, ranges),
    answers: new Map(),
    mayLoad: new WeakMap(),
  };
  projects.delete(root);
  if (projects.size >= MAX_PROJECTS) projects.delete(projects.keys().next().value!);
  projects.set(root, manifests);
  return manifests;
}

function realOf(root: string): string {
  try {
    return fs.realpathSync(root);
  } catch {
    return root;
  }
}

/**
 * Whether the project at `root` may load one of `packages`: its manifest names one, or
 * says nothing either way (no dependencies and no version: a folder of scripts, a copy of
 * a service without its manifest's dependencies; or a workspace root).
 */
export function mayDependOn(root: string, packages: ReadonlySet<string>): boolean {
  const manifests = manifestsOf(root);
  let answer = manifests.mayLoad.get(packages);
  if (answer === undefined) {
    answer = !manifests.listsDependencies || Object.keys(manifests.ranges).some((name) => packages.has(name));
    manifests.mayLoad.set(packages, answer);
  }
  return answer;
}

/**
 * The lockfile can say which version of a package the project's own code loads only when
 * the manifest declares it, or declares nothing at all: an undeclared package in the
 * lockfile is a dependency of a dependency.
 */
function mayBeLocked(manifests: Manifests, packageName: string): boolean {
  return !manifests.listsDependencies || manifests.ranges[packageName] !== undefined;
}

function lockedOf(root: string, manifests: Manifests): Readonly<Record<string, string>> {
  manifests.locked ??= lockedVersions(readJson(path.join(root, 'package-lock.json'), manifests.rootReal));
  return manifests.locked;
}

/** The version of `packageName` that the project at `root` has; undefined when it says none. */
export function installedVersionIn(root: string, packageName: string): InstalledVersion | undefined {
  if (!PACKAGE_NAME.test(packageName)) return undefined;
  const manifests = manifestsOf(root);
  const known = manifests.answers.get(packageName);
  if (known !== undefined) return known ?? undefined;
  const installed = readJson(path.join(root, 'node_modules', ...packageName.split('/'), 'package.json'), manifests.rootReal);
  const answer =
    exact(installed?.version, 'node_modules') ??
    (mayBeLocked(manifests, packageName) ? exact(lockedOf(root, manifests)[packageName], 'lockfile') : undefined) ??
    (manifests.ranges[packageName] === undefined ? undefined : lowestOfRange(manifests.ranges[packageName]!));
  manifests.answers.set(packageName, answer ?? null);
  return answer;
}
