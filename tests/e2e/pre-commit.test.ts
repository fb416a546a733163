/**
 * The README's pre-commit recipe (tests/fixtures/pre-commit/lint-staged.config.js), run by
 * lint-staged in a temporary git repository with the packed package installed. The
 * worker file is committed first, clean; then its parent is staged alone. Linting only
 * the staged files passes, and misses the defect the parent reveals in the worker; the
 * recipe fails on it.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { installFresh, pack } from './helpers/fresh-project.js';

const root = path.resolve(import.meta.dirname, '../..');
const recipe = path.join(root, 'tests/fixtures/pre-commit/lint-staged.config.js');
const fixture = path.join(root, 'tests/fixtures/projects/piscina-esm/src');
const lintStaged = path.join(root, 'node_modules/lint-staged/bin/lint-staged.js');

let work: string;
let repo: string;

const GIT_IDENTITY = { GIT_AUTHOR_NAME: 'test', GIT_AUTHOR_EMAIL: 'test@example.com', GIT_COMMITTER_NAME: 'test', GIT_COMMITTER_EMAIL: 'test@example.com' };

function run(command: string, args: readonly string[]): { status: number | null; output: string } {
  const result = spawnSync(command, args, { cwd: repo, encoding: 'utf8', env: { ...process.env, ...GIT_IDENTITY, FORCE_COLOR: '0' } });
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

function git(...args: string[]): void {
  const result = run('git', args);
  expect(result.status, result.output).toBe(0);
}

beforeAll(() => {
  work = fs.mkdtempSync(path.join(os.tmpdir(), 'fork-safe-pre-commit-'));
  repo = path.join(work, 'repo');
  installFresh(repo, pack(work));
  fs.copyFileSync(path.join(root, 'tests/fixtures/pre-commit/eslint.config.js'), path.join(repo, 'eslint.config.js'));
  fs.copyFileSync(recipe, path.join(repo, 'lint-staged.config.js'));
  fs.writeFileSync(path.join(repo, '.gitignore'), 'node_modules/\n');
  fs.mkdirSync(path.join(repo, 'src'));
  fs.copyFileSync(path.join(fixture, 'resize-worker.js'), path.join(repo, 'src/resize-worker.js'));
  git('init', '--quiet');
  git('add', '-A');
  git('commit', '--quiet', '-m', 'worker first: nothing names it a worker yet');
  fs.copyFileSync(path.join(fixture, 'resize.js'), path.join(repo, 'src/resize.js'));
  git('add', 'src/resize.js');
});

afterAll(() => {
  fs.rmSync(work, { recursive: true, force: true });
});

it('linting only the staged parent passes, and misses the defect in its worker', () => {
  fs.writeFileSync(path.join(work, 'staged-only.json'), JSON.stringify({ '*.js': 'eslint --max-warnings=0' }));
  const result = run(process.execPath, [lintStaged, '--verbose', '--config', path.join(work, 'staged-only.json')]);
  expect(result.status, result.output).toBe(0);
  expect(result.output).toContain('✔ eslint --max-warnings=0\n');
});

it('the recipe fails the commit on the worker file the staged parent names', () => {
  const result = run(process.execPath, [lintStaged]);
  expect(result.status).toBe(1);
  expect(result.output).toMatch(/src\/resize-worker\.js\s+8:9\s+error\s+.*closes `db`, the worker's shared pg pool.*fork-safe\/no-close-in-worker-task/s);
});

it('is the recipe the README shows', () => {
  expect(fs.readFileSync(path.join(root, 'README.md'), 'utf8')).toContain(`\`\`\`js\n${fs.readFileSync(recipe, 'utf8')}\`\`\``);
});
