// Compares two builds of the plugin on the corpus of bench.mjs in one process: each batch
// of files is linted by both, in alternating order, so that load on a shared machine
// falls on both alike. Prints each build's plugin time, its ratio to no-unused-vars, and
// whether their findings differ.
// Usage: node scripts/bench-compare.mjs --base DIR/dist/src/index.js [--next DIR/dist/src/index.js] [--corpus DIR] [--max-files N]
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { ESLint } from 'eslint';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const { values: args } = parseArgs({
  options: {
    base: { type: 'string' },
    next: { type: 'string', default: path.join(root, 'dist/src/index.js') },
    corpus: { type: 'string', default: path.join(root, 'node_modules') },
    'max-files': { type: 'string', default: '20000' },
  },
});
const corpus = path.resolve(args.corpus);
const BATCH = 200;

function* sourceFiles(directory) {
  for (const entry of fs.readdirSync(directory, { withFileTypes: true })) {
    const full = path.join(directory, entry.name);
    if (entry.isSymbolicLink()) continue;
    if (entry.isDirectory()) yield* sourceFiles(full);
    else if (/\.(?:c|m)?js$/.test(entry.name) && !entry.name.endsWith('.min.js') && fs.statSync(full).size <= 512 * 1024) yield full;
  }
}

function engine(plugin, sourceType) {
  const rules = Object.fromEntries(Object.keys(plugin.rules).map((name) => [`fork-safe/${name}`, 'error']));
  return new ESLint({
    cwd: corpus, overrideConfigFile: true, ignore: false, stats: true,
    overrideConfig: [{
      files: ['**/*.js', '**/*.mjs', '**/*.cjs'],
      languageOptions: { ecmaVersion: 'latest', sourceType, globals: { require: 'readonly', module: 'writable', exports: 'writable', process: 'readonly', __dirname: 'readonly', __filename: 'readonly' } },
      linterOptions: { reportUnusedDisableDirectives: 'off' },
      plugins: { 'fork-safe': plugin },
      rules: { ...rules, 'no-unused-vars': 'error' },
    }],
  });
}

async function build(file) {
  const { default: plugin } = await import(pathToFileURL(path.resolve(file)).href);
  return { name: file, asModule: engine(plugin, 'module'), asScript: engine(plugin, 'commonjs'), plugin: 0, unusedVars: 0, findings: [] };
}

async function lintOne(eslint, file) {
  try {
    return (await eslint.lintFiles([file]))[0];
  } catch {
    return undefined;
  }
}

async function lintBatch(eslint, batch) {
  try {
    return await eslint.lintFiles(batch);
  } catch {
    return (await Promise.all(batch.map((file) => lintOne(eslint, file)))).filter(Boolean);
  }
}

function account(subject, result) {
  if (result.messages.some((message) => message.fatal)) return false;
  for (const pass of result.stats?.times.passes ?? []) {
    for (const [rule, timing] of Object.entries(pass.rules ?? {})) {
      if (rule.startsWith('fork-safe/')) subject.plugin += timing.total;
      if (rule === 'no-unused-vars') subject.unusedVars += timing.total;
    }
  }
  for (const message of result.messages) if (message.ruleId?.startsWith('fork-safe/')) subject.findings.push(`${result.filePath}:${message.line}:${message.column} ${message.ruleId}`);
  return true;
}

async function lintWith(subject, batch) {
  const retry = (await lintBatch(subject.asModule, batch)).filter((result) => !account(subject, result)).map((result) => result.filePath);
  if (retry.length > 0) for (const result of await lintBatch(subject.asScript, retry)) account(subject, result);
}

const files = [...sourceFiles(corpus)].slice(0, Number(args['max-files']));
const subjects = [await build(args.base), await build(args.next)];
for (let i = 0; i < files.length; i += BATCH) {
  const order = (i / BATCH) % 2 === 0 ? subjects : [...subjects].reverse();
  for (const subject of order) await lintWith(subject, files.slice(i, i + BATCH));
}
for (const subject of subjects) {
  console.log(`${subject.name}: plugin ${subject.plugin.toFixed(0)} ms, / no-unused-vars ${(subject.plugin / subject.unusedVars).toFixed(3)}, findings ${subject.findings.length}`);
}
const [base, next] = subjects.map((subject) => subject.findings.sort().join('\n'));
console.log(`next / base plugin time: ${(subjects[1].plugin / subjects[0].plugin).toFixed(3)}; findings ${base === next ? 'identical' : 'DIFFER'}`);
