/**
 * The process tree of the deployment, from the file records. A process runs a file in a
 * role: a root (a file no other linted file loads or starts) runs as the primary, the
 * processes and threads it starts run as copies or workers. What a process holds is what
 * every module it loads makes once loaded (its imports, `require()` and `import()`, in
 * the roles that load them); its children are the fork sites of those modules.
 */
import { COPY_NOUNS, RUNNER_NOUNS } from '../knowledge/deployment.js';
import type { RunnerKind } from '../knowledge/workers.js';
import type { ConnectionRecord, CountRecord, FileRecord, Place, Roles } from './records.js';

const PRIMARY: Roles = 1;
const WORKER: Roles = 2;
const BOTH: Roles = 3;
const ONE: CountRecord = { kind: 'known', value: 1 };

export type Stop =
  /** A process that runs the same file in the same role as one above it, which starts it again: the tree stops, its count is unknown. */
  | 'cycle'
  /** Its file was not linted: what it holds is not known. */
  | 'not-linted'
  /** The source does not say which file it runs. */
  | 'unknown-file';

export interface ProcessNode {
  /** What it is: `cluster worker`, `piscina thread`, `process`. */
  readonly noun: string;
  /** The file it runs; undefined when not known. */
  readonly file?: string;
  /** How many of it each instance of its parent starts. */
  readonly count: CountRecord;
  readonly startedBy?: Place & { readonly label: string };
  /** The connections one instance holds, in the order its modules are loaded. */
  readonly held: readonly ConnectionRecord[];
  /** The files of the modules it loads, its own first. */
  readonly modules: readonly string[];
  readonly children: readonly ProcessNode[];
  readonly stop?: Stop;
}

/** A process to build: the file it runs, in which role, and how it was started. */
interface Spec {
  readonly file: string;
  readonly role: Roles;
  readonly noun: string;
  readonly count: CountRecord;
  readonly startedBy?: ProcessNode['startedBy'];
}

interface Loaded {
  readonly record: FileRecord;
  /** The roles of this module that run in the process. */
  readonly mask: Roles;
}

type Records = ReadonlyMap<string, FileRecord>;

/** The modules a process running `entry` in `role` loads, the entry first, breadth first. */
function modulesOf(entry: string, role: Roles, records: Records): Loaded[] {
  const loaded: Loaded[] = [];
  const seen = new Set<string>();
  const queue = [entry];
  while (queue.length > 0) {
    const file = queue.shift()!;
    const record = records.get(file);
    if (seen.has(file) || !record) continue;
    seen.add(file);
    const mask = record.selfForking ? role : BOTH;
    loaded.push({ record, mask });
    for (const load of record.loads) if (load.roles & mask) queue.push(load.target);
  }
  return loaded;
}

function runnerNoun(runner: string): string {
  return (Object.hasOwn(RUNNER_NOUNS, runner) ? RUNNER_NOUNS[runner as RunnerKind] : undefined) ?? runner;
}

/** The processes and threads the modules of a process start. */
function childSpecs(modules: readonly Loaded[], parent: Spec): Spec[] {
  const specs: Spec[] = [];
  for (const { record, mask } of modules) {
    for (const copy of record.copies) {
      // A site that runs the entry script again (cluster, throng) forks in the primary only:
      // a cluster worker cannot fork, and throng runs its worker function there instead.
      if (!(copy.roles & mask & (copy.runsEntry ? PRIMARY : BOTH))) continue;
      const startedBy = { file: copy.file, line: copy.line, column: copy.column, label: copy.label };
      // cluster and throng run the script the process was started with: the entry of this process.
      const file = copy.runsEntry ? parent.file : record.file;
      specs.push({ file, role: WORKER, noun: COPY_NOUNS[copy.library]?.copy ?? 'copy', count: copy.count, startedBy });
    }
    for (const child of record.children) {
      if (!(child.roles & mask)) continue;
      const startedBy = { file: child.file, line: child.line, column: child.column, label: child.label };
      specs.push({ file: child.target ?? '', role: WORKER, noun: runnerNoun(child.runner), count: child.count, startedBy });
    }
  }
  return specs;
}

function leaf(spec: Spec, stop: Stop): ProcessNode {
  const { noun, count, startedBy } = spec;
  return { noun, ...(spec.file ? { file: spec.file } : {}), count, ...(startedBy ? { startedBy } : {}), held: [], modules: [], children: [], stop };
}

/** A default connection opened in several modules of one process is still one: keep its first opening. */
function onePerHolder(connections: readonly ConnectionRecord[]): ConnectionRecord[] {
  const holders = new Set<string>();
  return connections.filter((connection) => {
    if (!connection.holder) return true;
    if (holders.has(connection.holder)) return false;
    holders.add(connection.holder);
    return true;
  });
}

function processOf(spec: Spec, records: Records, ancestors: readonly string[], reached: Set<string>): ProcessNode {
  const key = `${spec.role}:${spec.file}`;
  if (!spec.file) return leaf(spec, 'unknown-file');
  if (!records.has(spec.file)) return leaf(spec, 'not-linted');
  const modules = modulesOf(spec.file, spec.role, records);
  for (const { record } of modules) reached.add(record.file);
  const held = onePerHolder(modules.flatMap(({ record, mask }) => record.connections.filter((connection) => connection.roles & mask)));
  const { noun, file, startedBy } = spec;
  const base = { noun, file, ...(startedBy ? { startedBy } : {}), held, modules: modules.map(({ record }) => record.file) };
  // Each copy starts another, and so on: how many run is not known.
  if (ancestors.includes(key)) return { ...base, count: { kind: 'unknown' }, children: [], stop: 'cycle' };
  const children = childSpecs(modules, spec).map((child) => processOf(child, records, [...ancestors, key], reached));
  for (const child of children) if (child.file) reached.add(child.file);
  return { ...base, count: spec.count, children };
}

/** What the process that runs `file` as the primary is called: after the first copy its modules start. */
function rootNoun(file: string, records: Records): string {
  for (const { record, mask } of modulesOf(file, PRIMARY, records)) {
    const copy = record.copies.find((candidate) => candidate.roles & mask);
    if (copy) return COPY_NOUNS[copy.library]?.primary ?? 'process';
  }
  return 'process';
}

function hasContent(node: ProcessNode): boolean {
  return node.held.length > 0 || node.children.length > 0;
}

/** Files that no other linted file loads or starts. */
function rootFiles(records: Records): string[] {
  const started = new Set<string>();
  for (const record of records.values()) {
    for (const load of record.loads) started.add(load.target);
    for (const child of record.children) if (child.target) started.add(child.target);
  }
  return [...records.keys()].filter((file) => !started.has(file)).sort();
}

/**
 * The process tree: one root per file nothing else loads or starts, then one per file
 * still not reached that makes a connection or starts a process (modules that only load
 * each other), in file order. Roots that hold nothing and start nothing are left out.
 */
export function buildTree(records: Records): ProcessNode[] {
  const reached = new Set<string>();
  const rootOf = (file: string): ProcessNode => processOf({ file, role: PRIMARY, noun: rootNoun(file, records), count: ONE }, records, [], reached);
  const roots = rootFiles(records).map(rootOf);
  const files = [...records.keys()].sort();
  for (const file of files) {
    const record = records.get(file)!;
    const active = record.connections.length > 0 || record.copies.length > 0 || record.children.length > 0;
    if (active && !reached.has(file)) roots.push(rootOf(file));
  }
  return roots.filter(hasContent);
}
