/**
 * What the project's own manifests say, through the project view: the version of a
 * package it has (installed, locked, or the lowest its range allows within one major),
 * read only inside the project root.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { installedVersionIn, lowestOfRange, mayDependOn } from '../../src/project/manifests.js';
import { projectIndexFor } from '../../src/project/project-index.js';
import { lintedView } from '../../src/project/view.js';

let root: string;

function write(file: string, value: unknown): void {
  const full = path.join(root, file);
  fs.mkdirSync(path.dirname(full), { recursive: true });
  fs.writeFileSync(full, typeof value === 'string' ? value : JSON.stringify(value));
}

beforeEach(() => {
  root = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'fork-safe-manifests-')));
});

afterEach(() => {
  fs.rmSync(root, { recursive: true, force: true });
});

describe('the version of a package the project has', () => {
  it('is the installed one first, then the locked one, then the lowest of the range', () => {
    write('package.json', { dependencies: { mongoose: '^5.13.0', pg: '^8.7.0', mysql2: '~3.1', redis: '*' } });
    write('package-lock.json', { lockfileVersion: 3, packages: { '': {}, 'node_modules/pg': { version: '8.11.3' }, 'node_modules/mysql2': { version: '3.1.2' } } });
    write('node_modules/mysql2/package.json', { name: 'mysql2', version: '3.2.0' });
    expect(installedVersionIn(root, 'mysql2')).toEqual({ version: '3.2.0', major: 3, from: 'node_modules' });
    expect(installedVersionIn(root, 'pg')).toEqual({ version: '8.11.3', major: 8, from: 'lockfile' });
    expect(installedVersionIn(root, 'mongoose')).toEqual({ version: '5.13.0', major: 5, from: 'package.json' });
    // `*` allows every major: nothing to say.
    expect(installedVersionIn(root, 'redis')).toBeUndefined();
    expect(installedVersionIn(root, 'sequelize')).toBeUndefined();
  });

  it('reads a version-1 lockfile and scoped packages', () => {
    write('package.json', { dependencies: { '@prisma/client': '5.2.0' } });
    write('package-lock.json', { lockfileVersion: 1, dependencies: { '@prisma/client': { version: '5.3.1' } } });
    expect(installedVersionIn(root, '@prisma/client')).toEqual({ version: '5.3.1', major: 5, from: 'lockfile' });
  });

  it('is locked only for a package the manifest declares', () => {
    write('package.json', { dependencies: { pg: '^8.0.0' } });
    write('package-lock.json', { lockfileVersion: 3, packages: { '': {}, 'node_modules/pg': { version: '8.11.3' }, 'node_modules/mongodb': { version: '3.7.4' } } });
    expect(installedVersionIn(root, 'pg')).toEqual({ version: '8.11.3', major: 8, from: 'lockfile' });
    // A dependency of a dependency: the project's own code does not load it.
    expect(installedVersionIn(root, 'mongodb')).toBeUndefined();
  });

  it('is locked whatever the package when the manifest says nothing of what the project loads', () => {
    write('package.json', { name: 'a-copy' });
    write('package-lock.json', { lockfileVersion: 3, packages: { '': {}, 'node_modules/mongodb': { version: '3.7.4' } } });
    expect(installedVersionIn(root, 'mongodb')).toEqual({ version: '3.7.4', major: 3, from: 'lockfile' });
  });

  it('does not parse the lockfile when every package asked is installed or undeclared', () => {
    write('package.json', { dependencies: { mysql2: '^3.0.0' } });
    write('package-lock.json', { lockfileVersion: 3, packages: { '': {}, 'node_modules/mysql2': { version: '3.1.2' }, 'node_modules/mongoose': { version: '5.13.0' } } });
    write('node_modules/mysql2/package.json', { name: 'mysql2', version: '3.2.0' });
    const read = vi.spyOn(fs, 'readFileSync');
    try {
      expect(installedVersionIn(root, 'mysql2')).toEqual({ version: '3.2.0', major: 3, from: 'node_modules' });
      expect(installedVersionIn(root, 'mongoose')).toBeUndefined();
      expect(mayDependOn(root, new Set(['mysql2']))).toBe(true);
      const files = read.mock.calls.map(([file]) => path.basename(String(file)));
      expect(files).toContain('package.json');
      expect(files).not.toContain('package-lock.json');
    } finally {
      read.mockRestore();
    }
  });

  it('does not read a package linked in from outside the project, nor a name that is not a package name', () => {
    const outside = fs.mkdtempSync(path.join(os.tmpdir(), 'fork-safe-outside-'));
    try {
      write('package.json', { dependencies: { pg: '^7.0.0' } });
      fs.writeFileSync(path.join(outside, 'package.json'), JSON.stringify({ version: '99.0.0' }));
      fs.mkdirSync(path.join(root, 'node_modules'));
      fs.symlinkSync(outside, path.join(root, 'node_modules/pg'));
      expect(installedVersionIn(root, 'pg')).toEqual({ version: '7.0.0', major: 7, from: 'package.json' });
      expect(installedVersionIn(root, '../../etc')).toBeUndefined();
    } finally {
      fs.rmSync(outside, { recursive: true, force: true });
    }
  });

  it('is what the view of a linted file answers', () => {
    write('package.json', { dependencies: { mongoose: '^8.1.0' } });
    write('src/db.js', 'module.exports = {};\n');
    const view = lintedView(path.join(root, 'src/db.js'), { settings: {} }, projectIndexFor);
    expect(view.installedVersion('mongoose')).toEqual({ version: '8.1.0', major: 8, from: 'package.json' });
    expect(view.modulePath()).toBe('src/db.js');
    expect(lintedView('relative.js', { settings: {} }, projectIndexFor).installedVersion('mongoose')).toBeUndefined();
  });
});

describe('the lowest version of a range within one major', () => {
  it.each([
    ['^5.13.0', '5.13.0'],
    ['~8.1', '8.1.0'],
    ['7.x', '7.0.0'],
    ['6', '6.0.0'],
    ['=4.2.1', '4.2.1'],
    ['>=4.2.0 <5', '4.2.0'],
    ['^0.3.1', '0.3.1'],
  ])('%s is %s', (range, version) => {
    expect(lowestOfRange(range)?.version).toBe(version);
  });

  it.each(['*', 'latest', '>=4', '^5 || ^6', '>=4.0.0 <6', 'github:user/repo', 'file:../pg'])('%s says no one major', (range) => {
    expect(lowestOfRange(range)).toBeUndefined();
  });
});

describe('whether the project may load a library', () => {
  const drivers = new Set(['pg', 'mongoose']);

  it.each([
    [{ dependencies: { pg: '8' } }, true],
    [{ devDependencies: { mongoose: '8' } }, true],
    [{ dependencies: { lodash: '4' } }, false],
    // A package's whole manifest that lists no dependency loads none.
    [{ name: 'leaf', version: '1.2.3' }, false],
    [{ name: 'a-copy' }, true],
    [{ type: 'commonjs' }, true],
    [{ dependencies: { lodash: '4' }, workspaces: ['packages/*'] }, true],
  ])('%j: %s', (manifest, answer) => {
    write('package.json', manifest);
    expect(mayDependOn(root, drivers)).toBe(answer);
  });
});
