/**
 * Facts by installed major end to end: a fixture project whose package.json names
 * `mongoose@^5` and `redis@^3`, linted through the real ESLint class with the built
 * package and no settings. The reports are those of mongoose 5's pool of 5 and of
 * node-redis 3 connecting in `createClient()`, and their messages name the major.
 */
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import * as eslint10 from 'eslint';
import type { Io } from '../../src/report/cli.js';
import type { ConnectionJson, ProcessJson, ReportJson } from '../../src/report/model.js';

const cwd = path.resolve(import.meta.dirname, '../fixtures/projects/majors-esm');
const configFile = path.resolve(import.meta.dirname, '../fixtures/projects.eslint.config.js');
const root = path.resolve(import.meta.dirname, '../..');
const { main } = (await import(pathToFileURL(path.join(root, 'dist/src/report/cli.js')).href)) as { main: (argv: readonly string[], io: Io) => Promise<number> };

function markers(): string[] {
  const found: string[] = [];
  for (const file of fs.readdirSync(path.join(cwd, 'src'))) {
    fs.readFileSync(path.join(cwd, 'src', file), 'utf8').split('\n').forEach((line, i) => {
      const match = /❌ (\S+)/.exec(line);
      if (match) found.push(`src/${file}:${i + 1} ${match[1]}`);
    });
  }
  return found.sort();
}

async function messages(): Promise<{ where: string; message: string }[]> {
  const results = await new eslint10.ESLint({ cwd, overrideConfigFile: configFile }).lintFiles(['**/*.js']);
  return results.flatMap((result) => result.messages.map((message) => ({
    where: `${path.relative(cwd, result.filePath).split(path.sep).join('/')}:${message.line} ${message.ruleId}`,
    message: message.message,
  }))).sort((a, b) => a.where.localeCompare(b.where));
}

describe('a project with mongoose 5 and node-redis 3 installed', () => {
  it('reports exactly the marked defects, naming the majors and their numbers', async () => {
    const found = await messages();
    expect(found.map((report) => report.where)).toEqual(markers());
    expect(found.map((report) => report.message)).toEqual([
      '`client` (redis 3 client) is not closed on every path of this run-once worker, so its socket keeps the worker alive after its work; close it in a `finally`.',
      "`mongoose` (mongoose 5 default connection) sets no size, so the 24 workers of `cluster.fork()` open mongoose 5's default 5 each: 24 × 5 = 120, over the budget of 100; set its size from the budget.",
      '`counter` (redis 3 client) is opened at module scope, so the primary that runs `cluster.fork()` opens it too, though only workers use it; create it on the worker path.',
    ]);
  });
});

describe('fork-safe report on that project', () => {
  const connections = (processes: readonly ProcessJson[]): ConnectionJson[] =>
    processes.flatMap((node) => [...node.connections, ...connections(node.children)]);

  it('names the major and still finds the server of its library', async () => {
    let stdout = '';
    const io: Io = { cwd, stdout: { write: (text: string) => (stdout += text) }, stderr: { write: () => undefined } };
    await main(['report', '--config', '../../projects.eslint.config.js', '--format', 'json', 'src/server.js'], io);
    const report = JSON.parse(stdout) as ReportJson;
    const mongoose = connections(report.processes).find((connection) => connection.library.startsWith('mongoose'));
    expect(mongoose).toMatchObject({ library: 'mongoose 5', server: 'MongoDB', size: { kind: 'default', value: 5 } });
  });
});
