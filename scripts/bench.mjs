// Lints a large real tree (default: the JavaScript in this project's node_modules, which
// nobody here wrote) with every fork-safe rule and core no-unused-vars, using ESLint's
// `stats`, and prints the plugin's time as a ratio to parse time and to no-unused-vars.
// Usage: node scripts/bench.mjs [--corpus DIR] [--max-files N] [--findings]
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { ESLint } from 'eslint';

// FORK_SAFE_PLUGIN=<a built dist/src/index.js> measures another build: compare builds in separate
// processes, run alternately (two builds in one process share ESLint's per-rule timings and skew them).
const { default: plugin } = await import(process.env.FORK_SAFE_PLUGIN ? pathToFileURL(path.resolve(process.env.FORK_SAFE_PLUGIN)).href : 'eslint-plugin-fork-safe');

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const { values: args } = parseArgs({
  options: {
    corpus: { type: 'string', default: path.join(root, 'node_modules') },
    'max-files': { type: 'string', default: '20000' },
    findings: { type: 'boolean', default: false },
  },
});
const corpus = path.resolve(args.corpus);
const MAX_BYTES = 512 * 1024;
const BATCH = 400;

function* sourceFiles(directory) {
  for (const entry of fs.readdirSync(directory, { withFileTypes: true })) {
    const full = path.join(directory, entry.name);
    if (entry.isSymbolicLink()) continue;
    if (entry.isDirectory()) yield* sourceFiles(full);
    else if (/\.(?:c|m)?js$/.test(entry.name) && !entry.name.endsWith('.min.js') && fs.statSync(full).size <= MAX_BYTES) yield full;
  }
}

const files = [...sourceFiles(corpus)].slice(0, Number(args['max-files']));
const forkSafeRules = Object.fromEntries(Object.keys(plugin.rules).map((name) => [`fork-safe/${name}`, 'error']));

function engine(sourceType) {
  return new ESLint({
    cwd: corpus,
    overrideConfigFile: true,
    ignore: false,
    stats: true,
    overrideConfig: [
      {
        files: ['**/*.js', '**/*.mjs', '**/*.cjs'],
        languageOptions: {
          ecmaVersion: 'latest',
          sourceType,
          globals: { require: 'readonly', module: 'writable', exports: 'writable', process: 'readonly', __dirname: 'readonly', __filename: 'readonly' },
        },
        linterOptions: { reportUnusedDisableDirectives: 'off' },
        plugins: { 'fork-safe': plugin },
        rules: { ...forkSafeRules, 'no-unused-vars': 'error' },
      },
    ],
  });
}

const totals = { files: 0, lines: 0, parse: 0, plugin: 0, unusedVars: 0, parseErrors: 0, crashes: [], findings: [] };

function account(result) {
  const fatal = result.messages.some((message) => message.fatal);
  if (fatal) return false;
  totals.files++;
  totals.lines += fs.readFileSync(result.filePath, 'utf8').split('\n').length;
  for (const pass of result.stats?.times.passes ?? []) {
    totals.parse += pass.parse.total;
    for (const [rule, timing] of Object.entries(pass.rules ?? {})) {
      if (rule.startsWith('fork-safe/')) totals.plugin += timing.total;
      if (rule === 'no-unused-vars') totals.unusedVars += timing.total;
    }
  }
  for (const message of result.messages) {
    if (message.ruleId?.startsWith('fork-safe/')) totals.findings.push(`${path.relative(corpus, result.filePath)}:${message.line}:${message.column} ${message.ruleId} ${message.message}`);
  }
  return true;
}

async function lintBatch(eslint, batch) {
  try {
    return await eslint.lintFiles(batch);
  } catch {
    const results = [];
    for (const file of batch) {
      try {
        results.push(...(await eslint.lintFiles([file])));
      } catch (error) {
        totals.crashes.push(`${path.relative(corpus, file)}: ${error.message.split('\n')[0]}`);
      }
    }
    return results;
  }
}

const started = performance.now();
const asModule = engine('module');
const asScript = engine('commonjs');
for (let i = 0; i < files.length; i += BATCH) {
  const retry = [];
  for (const result of await lintBatch(asModule, files.slice(i, i + BATCH))) {
    if (!account(result)) retry.push(result.filePath);
  }
  if (retry.length === 0) continue;
  for (const result of await lintBatch(asScript, retry)) {
    if (!account(result)) totals.parseErrors++;
  }
}
const wall = performance.now() - started;

const ratio = (a, b) => (b > 0 ? (a / b).toFixed(3) : 'n/a');
console.log(`corpus: ${path.relative(root, corpus) || corpus}`);
console.log(`files linted: ${totals.files} (${totals.lines} lines); not parseable: ${totals.parseErrors}; rule crashes: ${totals.crashes.length}`);
console.log(`fork-safe rules (${Object.keys(forkSafeRules).length}) / parse time:     ${ratio(totals.plugin, totals.parse)}`);
console.log(`fork-safe rules / core no-unused-vars: ${ratio(totals.plugin, totals.unusedVars)}`);
console.log(`fork-safe rules per 1,000 files:       ${((totals.plugin / Math.max(1, totals.files)) * 1000).toFixed(1)} ms (wall ${(wall / 1000).toFixed(1)} s in all)`);
console.log(`findings on the corpus: ${totals.findings.length}`);
if (args.findings) for (const finding of totals.findings) console.log(`  ${finding}`);
for (const crash of totals.crashes) console.log(`  crash: ${crash}`);
if (totals.crashes.length > 0) process.exitCode = 1;
