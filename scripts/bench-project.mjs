// Generates a synthetic service of several hundred files with a deep import graph and
// lints it with every fork-safe rule and core no-unused-vars (ESLint `stats`), to see
// what the project layer costs and how that grows with the depth of the import graph.
// The project: a db module (pg) under a chain of wrapper modules, each re-exporting or
// wrapping the one below (`export { pool } from`, `export *`, a close wrapper of a close
// wrapper); services that reach the db through some level of that chain; long chains of
// plain modules that import each other and have no connection behind them (most of the
// code of a real service); piscina tasks that call the services.
// For each depth it lints the project twice, each in fresh processes as a CLI run does
// (the median of --runs): as it is, and as a copy outside any package (no package.json,
// so no project index, no module summaries, and no file is relevant through what it
// imports). The difference is the project layer's cost.
// `--shape runner` generates a runner library's own tree instead: nearly every file
// imports worker APIs and starts workers by path, so nearly every file is a possible
// parent of another.
// Usage: node scripts/bench-project.mjs [--shape service|runner] [--files N] [--depths 2,4,8,16] [--runs 3] [--keep]
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { ESLint } from 'eslint';

// FORK_SAFE_PLUGIN=<dir of a built dist/src/index.js> compares another build in alternating runs.
const { default: plugin } = await import(process.env.FORK_SAFE_PLUGIN ? pathToFileURL(path.resolve(process.env.FORK_SAFE_PLUGIN)).href : 'eslint-plugin-fork-safe');

const { values: args } = parseArgs({
  options: {
    files: { type: 'string', default: '600' },
    depths: { type: 'string', default: '2,4,8,16' },
    keep: { type: 'boolean', default: false },
    runs: { type: 'string', default: '3' },
    measure: { type: 'string' },
    shape: { type: 'string', default: 'service' },
  },
});
const FILES = Number(args.files);
const DEPTHS = args.depths.split(',').map(Number);

/** Ordinary code, so that a file costs what a real one does to parse and to check. */
function filler(name, count) {
  const lines = [];
  for (let n = 0; n < count; n++) {
    lines.push(
      `export function ${name}Part${n}(input, options = {}) {`,
      `  const parts = String(input).split(options.separator ?? ',');`,
      `  let total = 0;`,
      `  const seen = new Map();`,
      `  for (const part of parts) {`,
      `    const value = Number(part.trim());`,
      `    if (Number.isNaN(value)) continue;`,
      `    seen.set(part, (seen.get(part) ?? 0) + 1);`,
      `    total += value * (options.weight ?? 1);`,
      `  }`,
      `  return { total, count: parts.length, distinct: seen.size, label: \`${name}-\${total}\` };`,
      `}`,
      '',
    );
  }
  return lines;
}

/** The files of one project, as { relative path: text }. */
function generate(files, depth) {
  const out = {};
  out['src/db/base.js'] = [
    `import pg from 'pg';`,
    `export const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: 4 });`,
    `export async function openClient() {`,
    `  const client = new pg.Client({ connectionString: process.env.DATABASE_URL });`,
    `  await client.connect();`,
    `  return client;`,
    `}`,
    `export const closePool = () => pool.end();`,
    '',
  ].join('\n');
  // The wrapper chain: level k passes on level k - 1, and wraps its close.
  for (let k = 1; k <= depth; k++) {
    const below = k === 1 ? './base.js' : `./wrap-${k - 1}.js`;
    out[`src/db/wrap-${k}.js`] = [
      `import { closePool as closeBelow } from '${below}';`,
      `export { pool, openClient } from '${below}';`,
      `export const closePool = () => closeBelow();`,
      '',
    ].join('\n');
  }
  const workers = Math.max(4, Math.round(files * 0.05));
  const services = Math.round(files * 0.3);
  const plain = Math.max(depth, files - services - workers - depth - 3);
  // Plain modules: chains of `depth` modules, each importing the next and a neighbour.
  for (let i = 0; i < plain; i++) {
    const next = (i + 1) % depth === 0 ? undefined : i + 1;
    const lines = [];
    if (next !== undefined && next < plain) lines.push(`import { step${next} } from './plain-${next}.js';`);
    if (i >= depth) lines.push(`import { step${i - depth} as previous } from './plain-${i - depth}.js';`);
    lines.push(`export function step${i}(value) {`);
    lines.push(`  const doubled = value * 2;`);
    if (next !== undefined && next < plain) lines.push(`  if (doubled > 1e9) return step${next}(doubled / 3);`);
    if (i >= depth) lines.push(`  if (doubled < 0) return previous(-doubled);`);
    lines.push(`  return doubled + ${i};`, `}`, '', ...filler(`plain${i}`, 6));
    out[`src/plain/plain-${i}.js`] = lines.join('\n');
  }
  for (let j = 0; j < services; j++) {
    const level = (j % depth) + 1;
    out[`src/services/service-${j}.js`] = [
      `import { pool } from '../db/wrap-${level}.js';`,
      `import { step${j % plain} } from '../plain/plain-${j % plain}.js';`,
      `export async function load${j}(id) {`,
      `  const { rows } = await pool.query('SELECT * FROM t${j} WHERE id = $1', [step${j % plain}(id)]);`,
      `  return rows;`,
      `}`,
      '',
      ...filler(`service${j}`, 4),
    ].join('\n');
  }
  const pools = [`import Piscina from 'piscina';`];
  for (let w = 0; w < workers; w++) {
    pools.push(`export const pool${w} = new Piscina({ filename: new URL('./task-${w}.js', import.meta.url).href, maxThreads: 2 });`);
    // Every fifth task closes the pool through the whole wrapper chain: a defect only the summaries reveal.
    const closes = w % 5 === 0;
    out[`src/tasks/task-${w}.js`] = [
      `import { load${w % services} } from '../services/service-${w % services}.js';`,
      ...(closes ? [`import { closePool } from '../db/wrap-${depth}.js';`] : []),
      `export default async function task${w}({ id }) {`,
      `  const rows = await load${w % services}(id);`,
      ...(closes ? [`  await closePool();`] : []),
      `  return rows;`,
      `}`,
      '',
    ].join('\n');
  }
  out['src/tasks/pools.js'] = `${pools.join('\n')}\n`;
  return out;
}

/**
 * A runner library's own tree: nearly every file imports worker APIs, starts workers by
 * path and imports its siblings; a few open sockets (`net`), as a runner's tests do.
 */
function generateRunner(files, depth) {
  const out = {};
  for (let i = 0; i < files; i++) {
    const next = (i + 1) % depth === 0 || i + 1 >= files ? undefined : i + 1;
    const lines = [
      `import { Worker, isMainThread, parentPort } from 'node:worker_threads';`,
      `import { fork } from 'node:child_process';`,
      `import path from 'node:path';`,
      ...(i % 10 === 0 ? [`import net from 'node:net';`] : []),
      ...(next !== undefined ? [`import { start${next} } from './runner-${next}.js';`] : []),
      `export function start${i}(count) {`,
      `  const workers = [];`,
      `  for (let n = 0; n < count; n++) workers.push(new Worker(new URL('./worker-${i % 50}.js', import.meta.url)));`,
      `  const child = fork(path.join(import.meta.dirname, 'child-${i % 20}.js'));`,
      ...(i % 10 === 0 ? [`  const socket = net.connect(9000 + ${i});`, `  socket.on('data', (data) => child.send(String(data)));`] : []),
      ...(next !== undefined ? [`  if (!isMainThread) parentPort.postMessage(start${next}(count - 1));`] : []),
      `  return { workers, child };`,
      `}`,
      '',
      ...filler(`runner${i}`, 4),
    ];
    out[`src/runner-${i}.js`] = lines.join('\n');
  }
  for (let w = 0; w < 50; w++) out[`src/worker-${w}.js`] = `import { parentPort } from 'node:worker_threads';\nparentPort.on('message', (task) => parentPort.postMessage(task * ${w}));\n`;
  for (let c = 0; c < 20; c++) out[`src/child-${c}.js`] = `process.on('message', (message) => process.send(\`\${message}-${c}\`));\n`;
  return out;
}

function write(directory, files, withPackage) {
  fs.rmSync(directory, { recursive: true, force: true });
  for (const [file, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(directory, file)), { recursive: true });
    fs.writeFileSync(path.join(directory, file), text);
  }
  if (withPackage) {
    const manifest = args.shape === 'runner'
      ? { name: 'bench-runner', version: '1.0.0', type: 'module' }
      : { name: 'bench-service', private: true, type: 'module', dependencies: { pg: '^8.0.0', piscina: '^4.0.0' } };
    fs.writeFileSync(path.join(directory, 'package.json'), JSON.stringify(manifest));
  }
}

const forkSafeRules = Object.fromEntries(Object.keys(plugin.rules).map((name) => [`fork-safe/${name}`, 'error']));

async function measure(directory) {
  const eslint = new ESLint({
    cwd: directory,
    overrideConfigFile: true,
    stats: true,
    overrideConfig: [{
      files: ['**/*.js'],
      languageOptions: { ecmaVersion: 'latest', sourceType: 'module' },
      plugins: { 'fork-safe': plugin },
      rules: { ...forkSafeRules, 'no-unused-vars': 'error' },
    }],
  });
  const totals = { files: 0, parse: 0, plugin: 0, unusedVars: 0, findings: 0 };
  for (const result of await eslint.lintFiles(['src/**/*.js'])) {
    totals.files++;
    for (const pass of result.stats?.times.passes ?? []) {
      totals.parse += pass.parse.total;
      for (const [rule, timing] of Object.entries(pass.rules ?? {})) {
        if (rule.startsWith('fork-safe/')) totals.plugin += timing.total;
        if (rule === 'no-unused-vars') totals.unusedVars += timing.total;
      }
    }
    totals.findings += result.messages.filter((message) => message.ruleId?.startsWith('fork-safe/')).length;
    if (result.messages.some((message) => message.fatal)) throw new Error(`${result.filePath}: ${result.messages[0].message}`);
  }
  return totals;
}

/** One lint in a fresh process (what a CLI run pays: no summary cached yet); the median of `runs`. */
function measureCold(directory, runs) {
  const results = [];
  for (let run = 0; run < runs; run++) {
    results.push(JSON.parse(execFileSync(process.execPath, [fileURLToPath(import.meta.url), '--measure', directory], { encoding: 'utf8' })));
  }
  return results.sort((a, b) => a.plugin - b.plugin)[Math.floor(runs / 2)];
}

if (args.measure) {
  console.log(JSON.stringify(await measure(args.measure)));
  process.exit(0);
}

const base = fs.mkdtempSync(path.join(os.tmpdir(), 'fork-safe-bench-project-'));
const ratio = (a, b) => (b > 0 ? (a / b).toFixed(3) : 'n/a');
console.log(`synthetic ${args.shape === 'runner' ? "runner library" : 'service'}, about ${FILES} files; each depth linted as a project and as loose files (no package.json)`);
console.log('depth  files  plugin/parse  plugin/no-unused-vars  findings  project layer per 1,000 files');
try {
  for (const depth of DEPTHS) {
    const files = args.shape === 'runner' ? generateRunner(FILES, depth) : generate(FILES, depth);
    const project = path.join(base, `depth-${depth}`, 'service');
    const loose = path.join(base, `depth-${depth}-loose`, 'service');
    write(project, files, true);
    write(loose, files, false);
    const withProject = measureCold(project, Number(args.runs));
    const without = measureCold(loose, Number(args.runs));
    const layer = ((withProject.plugin - without.plugin) / Math.max(1, withProject.files)) * 1000;
    console.log(
      `${String(depth).padStart(5)}  ${String(withProject.files).padStart(5)}  ${ratio(withProject.plugin, withProject.parse).padStart(12)}  ${ratio(withProject.plugin, withProject.unusedVars).padStart(21)}  ${String(withProject.findings).padStart(8)}  ${layer.toFixed(1).padStart(10)} ms (plugin ${withProject.plugin.toFixed(0)} ms, loose ${without.plugin.toFixed(0)} ms)`,
    );
  }
} finally {
  if (args.keep) console.log(`projects kept in ${base}`);
  else fs.rmSync(base, { recursive: true, force: true });
}
