/**
 * A fresh project that installs the packed tarball and eslint alone, from the local npm
 * cache (no network): its lockfile is cut from this repository's own, so `npm ci
 * --offline` finds every tarball that this repository's install already cached.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const repoRoot = path.resolve(import.meta.dirname, '../../..');
// The registry this repository's install cached its tarballs from (npm passes its config on).
const REGISTRY = (process.env.npm_config_registry ?? 'https://registry.npmjs.org/').replace(/\/?$/, '/');

interface LockEntry {
  version?: string;
  resolved?: string;
  integrity?: string;
  dependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  peerDependenciesMeta?: Record<string, { optional?: boolean }>;
  [key: string]: unknown;
}

type LockPackages = Record<string, LockEntry>;

export interface Packed {
  readonly tarball: string;
  readonly files: readonly string[];
  readonly name: string;
  readonly version: string;
}

/** `npm pack` of the built package into `directory`. */
export function pack(directory: string): Packed {
  const output = execFileSync('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', directory], { cwd: repoRoot, encoding: 'utf8' });
  const [report] = JSON.parse(output) as [{ filename: string; name: string; version: string; files: { path: string }[] }];
  return { tarball: path.join(directory, report.filename), files: report.files.map((file) => file.path).sort(), name: report.name, version: report.version };
}

/** Where Node would find `name` from the package at `from`, among the lockfile's paths. */
function resolveIn(packages: LockPackages, from: string, name: string): string | undefined {
  for (let base = from; ; base = base.slice(0, Math.max(0, base.lastIndexOf('/node_modules/')))) {
    const candidate = base ? `${base}/node_modules/${name}` : `node_modules/${name}`;
    if (packages[candidate]) return candidate;
    if (!base) return undefined;
  }
}

function needed(entry: LockEntry): string[] {
  const optionalPeers = entry.peerDependenciesMeta ?? {};
  const peers = Object.keys(entry.peerDependencies ?? {}).filter((name) => !optionalPeers[name]?.optional);
  return [...Object.keys(entry.dependencies ?? {}), ...Object.keys(entry.optionalDependencies ?? {}), ...peers];
}

/** The lockfile entries that `roots` need, at the paths this repository installed them. */
function closure(packages: LockPackages, roots: readonly string[]): LockPackages {
  const picked: LockPackages = {};
  const queue = [...roots];
  while (queue.length > 0) {
    const at = queue.pop()!;
    if (picked[at]) continue;
    const { dev: _dev, devOptional: _devOptional, peer: _peer, ...entry } = packages[at]!;
    const name = at.slice(at.lastIndexOf('node_modules/') + 'node_modules/'.length);
    // A lockfile written without registry URLs still has to name each tarball for an offline install.
    picked[at] = { resolved: `${REGISTRY}${name}/-/${name.split('/').pop()}-${entry.version}.tgz`, ...entry };
    for (const dependency of needed(entry)) {
      const found = resolveIn(packages, at, dependency);
      if (found && !found.startsWith('node_modules/eslint-plugin-fork-safe')) queue.push(found);
    }
  }
  return picked;
}

function integrityOf(file: string): string {
  return `sha512-${execFileSync('openssl', ['dgst', '-sha512', '-binary', file]).toString('base64')}`;
}

/** Writes `project` with the tarball and this repository's eslint, and installs them offline. */
export function installFresh(project: string, packed: Packed): void {
  const repoLock = JSON.parse(fs.readFileSync(path.join(repoRoot, 'package-lock.json'), 'utf8')) as { packages: LockPackages };
  const eslintVersion = repoLock.packages['node_modules/eslint']!.version!;
  const tarball = `file:${path.relative(project, packed.tarball)}`;
  const manifest = { name: 'fresh-project', private: true, type: 'module', dependencies: { eslint: eslintVersion, [packed.name]: tarball } };
  const ownDependencies = JSON.parse(fs.readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as { dependencies: Record<string, string>; peerDependencies: Record<string, string>; engines: Record<string, string> };
  const roots = ['node_modules/eslint', ...Object.keys(ownDependencies.dependencies).map((name) => `node_modules/${name}`)];
  const packages: LockPackages = {
    '': { name: manifest.name, dependencies: manifest.dependencies },
    [`node_modules/${packed.name}`]: {
      version: packed.version,
      resolved: tarball,
      integrity: integrityOf(packed.tarball),
      license: 'MIT',
      dependencies: ownDependencies.dependencies,
      peerDependencies: ownDependencies.peerDependencies,
      engines: ownDependencies.engines,
    },
    ...closure(repoLock.packages, roots),
  };
  fs.mkdirSync(project, { recursive: true });
  fs.writeFileSync(path.join(project, 'package.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  fs.writeFileSync(path.join(project, 'package-lock.json'), `${JSON.stringify({ name: manifest.name, lockfileVersion: 3, requires: true, packages }, null, 2)}\n`);
  execFileSync('npm', ['ci', '--offline', '--no-audit', '--no-fund', '--ignore-scripts'], { cwd: project, encoding: 'utf8', stdio: 'pipe' });
}
