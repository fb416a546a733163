/**
 * `fork-safe report` end to end: the built command, run through the real ESLint class of
 * both majors on examples/, the cross-file fixture projects and the report's own
 * fixtures (tests/fixtures/report/*), with the exact process trees and totals in text,
 * JSON and Mermaid; the flags and their errors; the bin itself as a child process.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import * as eslint10 from 'eslint';
import * as eslint9 from 'eslint9';
import type { Io } from '../../src/report/cli.js';
import type { ESLintClass } from '../../src/report/lint.js';
import type { ConnectionJson, ProcessJson, ReportJson } from '../../src/report/model.js';
import * as expected from './report.expected.js';

const root = path.resolve(import.meta.dirname, '../..');
const bin = path.join(root, 'dist/src/report/bin.js');
const { main } = (await import(pathToFileURL(path.join(root, 'dist/src/report/cli.js')).href)) as { main: (argv: readonly string[], io: Io) => Promise<number> };

const examples = path.join(root, 'examples');
const projects = path.join(root, 'tests/fixtures/projects');
const fixtures = path.join(root, 'tests/fixtures/report');
const EXAMPLES_CONFIG = ['--config', '../tests/fixtures/examples.eslint.config.js'];
const PROJECTS_CONFIG = ['--config', '../../projects.eslint.config.js'];
const REPORT_CONFIG = ['--config', '../../report.eslint.config.js'];

interface Run {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

async function run(cwd: string, argv: readonly string[], ESLint?: ESLintClass): Promise<Run> {
  let stdout = '';
  let stderr = '';
  const io: Io = { cwd, stdout: { write: (text: string) => (stdout += text) }, stderr: { write: (text: string) => (stderr += text) }, ESLint };
  const code = await main(argv, io);
  return { code, stdout, stderr };
}

const text = (lines: readonly string[]): string => `${lines.join('\n')}\n`;

const count = (term: { kind: string; value?: number; factor?: number }): string =>
  term.kind === 'known' ? String(term.value) : term.kind === 'unknown' ? '?' : `${term.factor ?? 1}×CPU`;

function connectionLine(connection: ConnectionJson): string {
  const { each, library, name, size, per, server, file, line, reports } = connection;
  const rules = reports.map((report) => `${report.ruleId}@${report.line}`).join(' ');
  return `${count(each)} ${library} ${name} size:${size.kind} per:${per.kind} ${server ?? '-'} ${file}:${line}${rules ? ` ${rules}` : ''}`;
}

/** The JSON tree, one line per process and connection, read from the JSON fields only. */
function outline(processes: readonly ProcessJson[], depth = 0): string[] {
  const pad = '  '.repeat(depth);
  return processes.flatMap((node) => [
    `${pad}${count(node.count)} × ${node.kind} ${node.file ?? '-'} (in all ${count(node.instances)})${node.startedBy ? ` by ${node.startedBy.label}@${node.startedBy.line}` : ''}`,
    ...node.connections.map((connection) => `${pad}  - ${connectionLine(connection)}`),
    ...outline(node.children, depth + 1),
  ]);
}

describe.each([
  ['ESLint 10', eslint10.ESLint as unknown as ESLintClass],
  ['ESLint 9', eslint9.ESLint as unknown as ESLintClass],
])('%s', (_name, ESLint) => {
  it('examples/: every process, connection and total, over the limit (exit 1)', async () => {
    const text10 = await run(examples, ['report', ...EXAMPLES_CONFIG], ESLint);
    expect(text10).toEqual({ code: 1, stdout: text(expected.examples), stderr: '' });
    expect(await run(examples, ['report', ...EXAMPLES_CONFIG, '--format', 'mermaid'], ESLint)).toEqual({ code: 1, stdout: text(expected.examplesMermaid), stderr: '' });
  });

  it('cluster-imports: roles load modules (an import() on the worker path), one per CPU', async () => {
    const cwd = path.join(projects, 'cluster-imports');
    expect(await run(cwd, ['report', ...PROJECTS_CONFIG], ESLint)).toEqual({ code: 0, stdout: text(expected.clusterImports), stderr: '' });
    expect(await run(cwd, ['report', ...PROJECTS_CONFIG, '--format', 'mermaid'], ESLint)).toEqual({ code: 0, stdout: text(expected.clusterImportsMermaid), stderr: '' });
  });

  it('runners-cjs: child_process, workerpool, bullmq sandboxed, poolifier, jest-worker, Bree', async () => {
    expect(await run(path.join(projects, 'runners-cjs'), ['report', ...PROJECTS_CONFIG], ESLint)).toEqual({ code: 1, stdout: text(expected.runners), stderr: '' });
  });

  it('tinypool-isolate and typescript: a fresh worker per task, a TypeScript project', async () => {
    expect(await run(path.join(projects, 'tinypool-isolate'), ['report', ...PROJECTS_CONFIG], ESLint)).toEqual({ code: 0, stdout: text(expected.tinypool), stderr: '' });
    expect(await run(path.join(projects, 'typescript'), ['report', ...PROJECTS_CONFIG], ESLint)).toEqual({ code: 1, stdout: text(expected.typescript), stderr: '' });
  });

  it('no fork: one process and its connections, with the limit from the project\'s own configuration', async () => {
    const cwd = path.join(fixtures, 'no-fork');
    expect(await run(cwd, ['report'], ESLint)).toEqual({ code: 0, stdout: text(expected.noFork), stderr: '' });
    expect(await run(cwd, ['report', '--format', 'mermaid'], ESLint)).toEqual({ code: 0, stdout: text(expected.noForkMermaid), stderr: '' });
  });

  it('no connection: the processes, and says so; no file at all that connects or forks', async () => {
    const cwd = path.join(fixtures, 'no-connection');
    expect(await run(cwd, ['report', ...REPORT_CONFIG], ESLint)).toEqual({ code: 0, stdout: text(expected.noConnection), stderr: '' });
    expect(await run(cwd, ['report', ...REPORT_CONFIG, '--format', 'mermaid'], ESLint)).toEqual({ code: 0, stdout: text(expected.noConnectionMermaid), stderr: '' });
    expect(await run(path.join(fixtures, 'empty'), ['report', ...REPORT_CONFIG], ESLint)).toEqual({ code: 0, stdout: text(expected.empty), stderr: '' });
  });

  it('unknowns: counts, sizes and servers the source does not state are shown as unknown', async () => {
    const cwd = path.join(fixtures, 'unknowns');
    expect(await run(cwd, ['report', ...REPORT_CONFIG], ESLint)).toEqual({ code: 0, stdout: text(expected.unknowns), stderr: '' });
    expect(await run(cwd, ['report', ...REPORT_CONFIG, '--format', 'mermaid'], ESLint)).toEqual({ code: 0, stdout: text(expected.unknownsMermaid), stderr: '' });
  });
});

describe('--format json', () => {
  async function json(cwd: string, argv: readonly string[]): Promise<{ code: number; report: ReportJson }> {
    const { code, stdout, stderr } = await run(cwd, [...argv, '--format', 'json']);
    expect(stderr).toBe('');
    return { code, report: JSON.parse(stdout) as ReportJson };
  }

  it('examples/: the tree, the links to rule reports and the totals', async () => {
    const { code, report } = await json(examples, ['report', ...EXAMPLES_CONFIG]);
    expect(code).toBe(1);
    expect({ ...report, processes: undefined, servers: undefined }).toEqual({ schemaVersion: 1, files: 11, maxConnections: { value: 100, from: 'config' }, overLimit: true });
    expect(outline(report.processes)).toEqual([
      '1 × process src/export/exporter.js (in all 1)',
      '  - 1 ioredis redis size:one per:process Redis src/export/exporter.js:6',
      '  ? × child process src/export/export-child.js (in all ?) by fork()@22',
      '    - 2 pg db size:set per:process PostgreSQL src/export/export-child.js:5',
      '    - 1 ioredis redis size:one per:process Redis src/export/export-child.js:6',
      '1 × process src/jobs/resize-pool.js (in all 1)',
      '  - 4 pg db size:set per:process PostgreSQL src/jobs/resize-pool.js:5',
      '  4 × piscina thread src/jobs/resize-worker.js (in all 4) by new Piscina()@7',
      '    - 10 pg pool size:default per:process PostgreSQL src/jobs/resize-worker.js:5',
      '1 × process src/queue/report-processor.js (in all 1)',
      '  - 1 ioredis connection size:one per:process Redis src/queue/report-processor.js:6',
      '  - 4 pg db size:set per:process PostgreSQL src/queue/report-processor.js:7',
      '  - 1 bullmq reports size:one per:process Redis src/queue/report-processor.js:9',
      '  - 20 pg replica size:default per:task PostgreSQL src/queue/report-processor.js:13 fork-safe/no-connection-per-task@13',
      '  - 1 bullmq notifier size:one per:process Redis src/queue/report-processor.js:39',
      '  - ? ioredis pub size:one per:task Redis src/queue/report-processor.js:42 fork-safe/no-connection-per-task@42',
      '  - 1 bullmq exportWaiter size:one per:process Redis src/queue/report-processor.js:53',
      '  - 20 ioredis sub size:one per:task Redis src/queue/report-processor.js:56',
      '1 × cluster primary src/server.js (in all 1)',
      '  - 1 ioredis sessions size:one per:process Redis src/server.js:16 fork-safe/no-connection-before-fork@16',
      '  - 1 ioredis metrics size:one per:process Redis src/server.js:18 fork-safe/no-connection-before-fork@18',
      '  - 5 pg db size:set per:process PostgreSQL src/db.js:4',
      '  - 1 ioredis cache size:one per:process Redis src/cache.js:4 fork-safe/no-connection-before-fork@9',
      '  8 × cluster worker src/server.js (in all 8) by cluster.fork()@32',
      '    - 1 ioredis sessions size:one per:process Redis src/server.js:16 fork-safe/no-connection-before-fork@16',
      '    - 1 ioredis metrics size:one per:process Redis src/server.js:18 fork-safe/no-connection-before-fork@18',
      '    - 30 mysql2 inventory size:set per:process MySQL src/server.js:40 fork-safe/pool-size-per-worker@40',
      '    - 5 pg db size:set per:process PostgreSQL src/db.js:4',
      '    - 1 ioredis cache size:one per:process Redis src/cache.js:4 fork-safe/no-connection-before-fork@9',
      '    - 2 pg replica size:set per:process PostgreSQL src/queue/reports.js:6',
      '    - 1 bullmq reportQueue size:one per:process Redis src/queue/reports.js:8',
      '1 × process src/threads/thumbnail.js (in all 1)',
      '  - 2 pg db size:set per:process PostgreSQL src/threads/thumbnail.js:15',
      '  - 1 ioredis store size:one per:process Redis src/threads/thumbnail.js:16',
      '  1×CPU × worker thread src/threads/thumbnail.js (in all 1×CPU) by new Worker()@24',
    ]);
    expect(report.servers).toEqual([
      { server: 'MySQL', noServer: false, amount: { known: 240, perCpu: 0, unknown: 0 }, limit: 100, over: true, overFromCpus: null, unknown: [] },
      {
        server: 'PostgreSQL', noServer: false, amount: { known: 131, perCpu: 0, unknown: 1 }, limit: 100, over: true, overFromCpus: null,
        unknown: [{ name: 'db', file: 'src/export/export-child.js', line: 5 }],
      },
      {
        server: 'Redis', noServer: false, amount: { known: 61, perCpu: 0, unknown: 2 }, limit: 100, over: false, overFromCpus: null,
        unknown: [{ name: 'redis', file: 'src/export/export-child.js', line: 6 }, { name: 'pub', file: 'src/queue/report-processor.js', line: 42 }],
      },
    ]);
  });

  it('a connection in full: size, count per task in flight, server, the rule report and its message', async () => {
    const { report } = await json(examples, ['report', ...EXAMPLES_CONFIG]);
    const processor = report.processes.find((node) => node.file === 'src/queue/report-processor.js')!;
    expect(processor.connections.find((connection) => connection.name === 'replica')).toEqual({
      library: 'pg', noun: 'pool', name: 'replica', file: 'src/queue/report-processor.js', line: 13, column: 23,
      server: 'PostgreSQL', noServer: false,
      size: { kind: 'default', value: 10 },
      per: { kind: 'task', task: "the processor of bullmq queue 'reports'", inFlight: { kind: 'known', value: 2 }, option: 'concurrency' },
      each: { kind: 'known', value: 20 },
      reports: [{ ruleId: 'fork-safe/no-connection-per-task', file: 'src/queue/report-processor.js', line: 13, message: expect.stringContaining('makes a new pg pool `replica` for every task') }],
    });
    expect(processor.perInstance).toEqual([
      { server: 'PostgreSQL', noServer: false, amount: { known: 24, perCpu: 0, unknown: 0 } },
      { server: 'Redis', noServer: false, amount: { known: 24, perCpu: 0, unknown: 1 } },
    ]);
  });

  it('unknowns: unknown counts and sizes, per CPU, a local file and an unknown server', async () => {
    const { code, report } = await json(path.join(fixtures, 'unknowns'), ['report', ...REPORT_CONFIG]);
    expect(code).toBe(0);
    expect(outline(report.processes)).toEqual([
      '1 × cluster primary src/cpus.js (in all 1)',
      '  1×CPU × cluster worker src/cpus.js (in all 1×CPU) by cluster.fork()@7',
      '    - 10 pg db size:default per:process PostgreSQL src/cpus.js:9 fork-safe/pool-size-per-worker@9',
      '1 × process src/jobs.js (in all 1)',
      '  ? × worker thread src/job-worker.js (in all ?) by new Worker()@7',
      '    - ? @prisma/client prisma size:unknown per:process - src/job-worker.js:7',
      '    - 1 better-sqlite3 local size:one per:process SQLite src/job-worker.js:8',
      '    - 5 sequelize legacy size:default per:process - src/job-worker.js:10',
      '1 × throng master src/web.js (in all 1)',
      '  - 5 knex orders size:set per:process MySQL src/web.js:6',
      '  ? × throng worker src/web.js (in all ?) by throng()@8',
      '    - 5 knex orders size:set per:process MySQL src/web.js:6',
      '    - 10 pg pool size:set per:process PostgreSQL src/web.js:10',
    ]);
    const sizes = report.processes[1]!.children[0]!.connections.map((connection) => connection.size);
    expect(sizes).toEqual([{ kind: 'unknown', reason: 'no-default' }, { kind: 'one' }, { kind: 'default', value: 5 }]);
    expect(report.servers.map(({ server, noServer, amount, limit, over, overFromCpus }) => ({ server, noServer, amount, limit, over, overFromCpus }))).toEqual([
      { server: 'MySQL', noServer: false, amount: { known: 5, perCpu: 0, unknown: 1 }, limit: 100, over: false, overFromCpus: null },
      { server: 'PostgreSQL', noServer: false, amount: { known: 0, perCpu: 10, unknown: 1 }, limit: 100, over: false, overFromCpus: 11 },
      { server: 'SQLite', noServer: true, amount: { known: 0, perCpu: 0, unknown: 1 }, limit: null, over: false, overFromCpus: null },
      { server: null, noServer: false, amount: { known: 0, perCpu: 0, unknown: 2 }, limit: null, over: false, overFromCpus: null },
    ]);
  });

  it('no fork: sizes from the environment and from a connection string, a client per request', async () => {
    const { report } = await json(path.join(fixtures, 'no-fork'), ['report']);
    expect(report.maxConnections).toEqual({ value: 50, from: 'config' });
    expect(report.processes).toHaveLength(1);
    expect(report.processes[0]!.connections.map(({ name, size, per }) => ({ name, size, per }))).toEqual([
      { name: 'mongoose.connect()', size: { kind: 'set', value: 20, option: '?maxPoolSize=' }, per: { kind: 'process' } },
      { name: 'audit', size: { kind: 'one' }, per: { kind: 'call', where: 'the function at line 10' } },
      { name: 'db', size: { kind: 'unknown', reason: 'computed', option: 'max' }, per: { kind: 'process' } },
      { name: 'cache', size: { kind: 'one' }, per: { kind: 'process' } },
    ]);
  });

  it('counts a default connection once per process, a lazy pool once, and a factory where it is called', async () => {
    const { code, report } = await json(path.join(fixtures, 'held-once'), ['report', ...REPORT_CONFIG]);
    expect(code).toBe(0);
    expect(outline(report.processes)).toEqual([
      '1 × process src/server.js (in all 1)',
      '  - 20 mongoose mongoose.connect() size:set per:process MongoDB src/server.js:8',
      '  - ? pg client size:one per:call PostgreSQL src/server.js:11',
      '  - 3 pg shared size:set per:process PostgreSQL src/db.js:5',
    ]);
    expect(report.processes[0]!.connections.map((connection) => connection.per)).toEqual([
      { kind: 'process' },
      { kind: 'call', where: 'the function at line 10' },
      { kind: 'process', firstUse: true },
    ]);
    // audit.js connects the same default connection again: not a second 20.
    expect(report.servers.map(({ server, amount }) => ({ server, amount }))).toEqual([
      { server: 'MongoDB', amount: { known: 20, perCpu: 0, unknown: 0 } },
      { server: 'PostgreSQL', amount: { known: 3, perCpu: 0, unknown: 1 } },
    ]);
  });

  it('has the fields docs/report.md documents, and no others', async () => {
    const { report } = await json(examples, ['report', ...EXAMPLES_CONFIG]);
    expect(Object.keys(report).sort()).toEqual(['files', 'maxConnections', 'overLimit', 'processes', 'schemaVersion', 'servers']);
    const processKeys = ['children', 'connections', 'count', 'file', 'id', 'instances', 'kind', 'perInstance', 'startedBy', 'stop'];
    const connectionKeys = ['column', 'each', 'file', 'library', 'line', 'name', 'noServer', 'noun', 'per', 'reports', 'server', 'size'];
    const visit = (node: ProcessJson): void => {
      expect(Object.keys(node).sort()).toEqual(processKeys);
      for (const connection of node.connections) expect(Object.keys(connection).sort()).toEqual(connectionKeys);
      node.children.forEach(visit);
    };
    report.processes.forEach(visit);
    expect(report.processes.flatMap(function ids(node): string[] { return [node.id, ...node.children.flatMap(ids)]; })).toEqual(['p1', 'p2', 'p3', 'p4', 'p5', 'p6', 'p7', 'p8', 'p9']);
    for (const server of report.servers) expect(Object.keys(server).sort()).toEqual(['amount', 'limit', 'noServer', 'over', 'overFromCpus', 'server', 'unknown']);
    const docs = fs.readFileSync(path.join(root, 'docs/report.md'), 'utf8');
    for (const key of [...processKeys, ...connectionKeys, 'schemaVersion', 'maxConnections', 'overLimit', 'perCpu', 'overFromCpus']) expect(docs).toContain(`${key}:`);
  });
});

describe('--max-connections', () => {
  const cwd = path.join(projects, 'piscina-esm');

  it('sets the limit: over it exits 1, within it 0', async () => {
    const over = await run(cwd, ['report', ...PROJECTS_CONFIG, '--max-connections', '149']);
    expect(over.code).toBe(1);
    expect(over.stdout).toContain('limit 149 connections per database server (--max-connections)');
    expect(over.stdout).toContain('  PostgreSQL  150  over the limit of 149 by 1\n');
    const within = await run(cwd, ['report', ...PROJECTS_CONFIG, '--max-connections=150']);
    expect(within.code).toBe(0);
    expect(within.stdout).toContain('  PostgreSQL  150  within the limit of 150\n');
  });

  it('defaults to 100 when the configuration does not enable pool-size-per-worker', async () => {
    const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'fork-safe-report-'));
    fs.writeFileSync(path.join(directory, 'package.json'), '{ "type": "module" }\n');
    fs.writeFileSync(path.join(directory, 'eslint.config.js'), 'export default [{}];\n');
    fs.writeFileSync(path.join(directory, 'db.js'), "import pg from 'pg';\nexport const db = new pg.Pool({ max: 120 });\n");
    const { code, stdout } = await run(directory, ['report']);
    expect(code).toBe(1);
    expect(stdout).toBe(text([
      'fork-safe report: 2 files, limit 100 connections per database server (the default)',
      '',
      '1 × process (db.js)',
      '    120  pg pool `db`, max 120  db.js:2',
      '    each process: PostgreSQL 120',
      '',
      'Connections per database server, all processes together:',
      '  PostgreSQL  120  over the limit of 100 by 20',
      '',
      'Over the limit of 100 connections: PostgreSQL.',
      'CPUs: one per CPU of the machine. ?: not known from the source (never guessed, never added in).',
    ]));
  });
});

describe('bad flags', () => {
  it.each([
    [['report', '--format', 'xml'], '--format must be one of text, json, mermaid (got "xml").'],
    [['report', '--format'], '--format needs a value: text, json, mermaid.'],
    [['report', '--format', '--max-connections', '5'], '--format needs a value: text, json, mermaid.'],
    [['report', '--max-connections', '0'], '--max-connections must be a whole number of at least 1 (got "0").'],
    [['report', '--max-connections=ten'], '--max-connections must be a whole number of at least 1 (got "ten").'],
    [['report', '--max-connections', '2.5'], '--max-connections must be a whole number of at least 1 (got "2.5").'],
    [['report', '--config'], '--config needs a value: a file.'],
    [['report', '--frmat', 'json'], 'unknown option --frmat.'],
    [['report', '--format=json', '-x'], 'unknown option -x.'],
    [['--json'], 'unknown option --json.'],
    [['reprot'], 'unknown command "reprot" (the command is `report`).'],
  ])('%j: exit 2 and an error that names the flag', async (argv, message) => {
    expect(await run(examples, argv)).toEqual({ code: 2, stdout: '', stderr: `fork-safe: ${message}\nRun \`fork-safe --help\` for the options.\n` });
  });

  it('prints the usage with --help, and with no command at all on stderr (exit 2)', async () => {
    const help = await run(examples, ['report', '--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/^Usage: fork-safe report \[paths…\] \[options\]\n/);
    expect(await run(examples, [])).toEqual({ code: 2, stdout: '', stderr: `${help.stdout}` });
  });

  it('says what is wrong when ESLint finds no configuration (exit 2)', async () => {
    const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'fork-safe-report-'));
    fs.writeFileSync(path.join(directory, 'index.js'), 'export {};\n');
    const { code, stdout, stderr } = await run(directory, ['report']);
    expect({ code, stdout }).toEqual({ code: 2, stdout: '' });
    expect(stderr).toMatch(/^fork-safe report: .*config/i);
  });
});

describe('a large project', () => {
  it('writes a progress line on stderr past 300 files, and reports as usual', async () => {
    const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'fork-safe-report-'));
    fs.writeFileSync(path.join(directory, 'package.json'), '{ "type": "module" }\n');
    fs.writeFileSync(path.join(directory, 'eslint.config.js'), 'export default [{}];\n');
    fs.mkdirSync(path.join(directory, 'src'));
    for (let i = 0; i < 320; i++) fs.writeFileSync(path.join(directory, 'src', `m${String(i).padStart(3, '0')}.js`), `export const value${i} = ${i};\n`);
    fs.writeFileSync(path.join(directory, 'src/db.js'), "import pg from 'pg';\nexport const db = new pg.Pool({ max: 3 });\n");
    const { code, stdout, stderr } = await run(directory, ['report', 'src']);
    expect(code).toBe(0);
    expect(stderr).toBe('fork-safe report: 300 files read…\n');
    expect(stdout).toContain('fork-safe report: 321 files, limit 100');
    expect(stdout).toContain('\n1 × process (src/db.js)\n    3  pg pool `db`, max 3  src/db.js:2\n');
  });
});

describe('where the tree stops', () => {
  it('a worker file that was not linted: shown, and said not to be counted', async () => {
    const { code, stdout } = await run(path.join(projects, 'runners-cjs'), ['report', ...PROJECTS_CONFIG, 'lib/parent.js']);
    expect(code).toBe(0);
    expect(stdout).toBe(text([
      "fork-safe report: 1 file, limit 100 connections per database server (pool-size-per-worker's maxConnections)",
      '',
      '1 × process (lib/parent.js)',
      '    1  bullmq queue worker `reports`  lib/parent.js:12',
      '    each process: Redis 1',
      '  1 × child process (lib/child.js), started by `fork()` at lib/parent.js:11: its file was not linted',
      '  8 × workerpool worker (lib/math-worker.js), started by `workerpool.pool()` at lib/parent.js:10: its file was not linted',
      '  16 × bullmq sandboxed processor (lib/processor.js), started by `new Worker()` at lib/parent.js:12: its file was not linted',
      '  12 × poolifier worker (lib/image-worker.js), started by `new FixedThreadPool()` at lib/parent.js:13: its file was not linted',
      '  ? × jest-worker child (lib/farm-worker.js), started by `new JestWorker()` at lib/parent.js:14: its file was not linted',
      '',
      'Connections per database server, all processes together:',
      '  Redis  1  within the limit of 100',
      '',
      'Within the limit of 100 connections for every server, as far as the source says.',
      'Not counted: the connections of 5 processes whose file is not known or was not linted.',
      'CPUs: one per CPU of the machine. ?: not known from the source (never guessed, never added in).',
    ]));
  });

  it('a module that starts itself again on every path: one level, then an unknown count', async () => {
    const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'fork-safe-report-'));
    fs.writeFileSync(path.join(directory, 'package.json'), '{ "type": "module" }\n');
    fs.writeFileSync(path.join(directory, 'eslint.config.js'), 'export default [{}];\n');
    fs.writeFileSync(path.join(directory, 'w.js'), "import { Worker } from 'node:worker_threads';\nimport pg from 'pg';\nexport const db = new pg.Pool({ max: 1 });\nnew Worker(new URL(import.meta.url));\n");
    const { code, report } = await run(directory, ['report', '--format', 'json']).then(({ code, stdout }) => ({ code, report: JSON.parse(stdout) as ReportJson }));
    expect(code).toBe(0);
    expect(outline(report.processes)).toEqual([
      '1 × process w.js (in all 1)',
      '  - 1 pg db size:set per:process PostgreSQL w.js:3',
      '  1 × worker thread w.js (in all 1) by new Worker()@4',
      '    - 1 pg db size:set per:process PostgreSQL w.js:3',
      '    ? × worker thread w.js (in all ?) by new Worker()@4',
      '      - 1 pg db size:set per:process PostgreSQL w.js:3',
    ]);
    expect(report.processes[0]!.children[0]!.children[0]!.stop).toBe('cycle');
    expect(report.servers[0]!.amount).toEqual({ known: 2, perCpu: 0, unknown: 1 });
  });
});

describe('files that are no module of the deployment', () => {
  it('leaves out code blocks a processor lints as virtual files', async () => {
    const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'fork-safe-report-'));
    fs.writeFileSync(path.join(directory, 'package.json'), '{ "type": "module" }\n');
    fs.writeFileSync(path.join(directory, 'eslint.config.js'), [
      '// Lints each ```js block of a Markdown file as a file of its own, as eslint-plugin-markdown does.',
      'const blocks = {',
      '  preprocess: (text) => [...text.matchAll(/```js\\n([\\s\\S]*?)```/g)].map((match, i) => ({ text: match[1], filename: `${i}.js` })),',
      '  postprocess: (messages) => messages.flat(),',
      '};',
      "export default [{ files: ['**/*.md'], plugins: { docs: { processors: { blocks } } }, processor: 'docs/blocks' }];",
      '',
    ].join('\n'));
    fs.writeFileSync(path.join(directory, 'README.md'), "# Use\n\n```js\nimport pg from 'pg';\nconst db = new pg.Pool({ max: 500 });\n```\n");
    fs.writeFileSync(path.join(directory, 'db.js'), "import pg from 'pg';\nexport const db = new pg.Pool({ max: 5 });\n");
    const { code, stdout } = await run(directory, ['report', '.', '**/*.md']);
    expect(code).toBe(0);
    expect(stdout).toContain('\n1 × process (db.js)\n    5  pg pool `db`, max 5  db.js:2\n');
    expect(stdout).not.toContain('500');
  });
});

describe("the project's own ESLint", () => {
  it('is the one the working directory resolves, else the one installed with the plugin', async () => {
    const { loadESLint } = (await import(pathToFileURL(path.join(root, 'dist/src/report/lint.js')).href)) as { loadESLint: (cwd: string) => Promise<{ version: string }> };
    const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'fork-safe-report-'));
    expect((await loadESLint(directory)).version).toBe(eslint10.ESLint.version);
    fs.writeFileSync(path.join(directory, 'package.json'), '{ "type": "module" }\n');
    fs.mkdirSync(path.join(directory, 'node_modules'));
    fs.symlinkSync(path.join(root, 'node_modules/eslint9'), path.join(directory, 'node_modules/eslint'), 'dir');
    expect((await loadESLint(directory)).version).toBe(eslint9.ESLint.version);
  });
});

describe('the README', () => {
  it('shows what `npm run report` prints for examples/, text and Mermaid', () => {
    const readme = fs.readFileSync(path.join(root, 'README.md'), 'utf8');
    const section = readme.slice(readme.indexOf('## The deployment report'), readme.indexOf('\n## ', readme.indexOf('## The deployment report') + 1));
    const block = (language: string): string => {
      const start = section.indexOf(`\`\`\`${language}\n`) + language.length + 4;
      return section.slice(start, section.indexOf('```\n', start));
    };
    expect(block('text')).toBe(text(expected.examples));
    expect(block('mermaid')).toBe(text(expected.examplesMermaid));
  });
});

describe('the fork-safe bin', () => {
  const exec = promisify(execFile);

  it('runs as a command: JSON on stdout, exit 1 over the limit', async () => {
    const cwd = path.join(projects, 'typescript');
    const failed = await exec(process.execPath, [bin, 'report', '--format', 'json', ...PROJECTS_CONFIG], { cwd }).then(
      () => undefined,
      (error: { code: number; stdout: string; stderr: string }) => error,
    );
    expect(failed?.code).toBe(1);
    expect(failed?.stderr).toBe('');
    const report = JSON.parse(failed!.stdout) as ReportJson;
    expect(outline(report.processes)).toEqual([
      '1 × process src/parent.ts (in all 1)',
      '  8 × piscina thread src/worker.ts (in all 8) by new Piscina()@5',
      '    - 25 pg db size:set per:process PostgreSQL src/worker.ts:3 fork-safe/pool-size-per-worker@3',
    ]);
  });

  it('prints its version, and is what package.json names `fork-safe`', async () => {
    const packageJson = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as { version: string; bin: Record<string, string> };
    expect(path.resolve(root, packageJson.bin['fork-safe']!)).toBe(bin);
    expect(fs.readFileSync(bin, 'utf8')).toMatch(/^#!\/usr\/bin\/env node\n/);
    expect((await exec(process.execPath, [bin, '--version'])).stdout).toBe(`${packageJson.version}\n`);
  });
});
