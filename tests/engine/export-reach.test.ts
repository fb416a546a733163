/**
 * Which project modules may export something, from every file's text facts at once: the
 * ones whose text may, and every module that imports one of them through any chain. A
 * module outside that set is answered "nothing" without a look at its imports, and only
 * for the project time the set was worked out at.
 */
import path from 'node:path';
import { exportReach, exportsNothing, importedByNone, importsExportNothing, importsThatMayGiveRole, type ExportReach, type JudgedFile } from '../../src/project/export-reach.js';
import type { TextFacts } from '../../src/project/text-facts.js';

const root = '/project/src';
const at = (name: string) => path.join(root, name);

/** A file importing `imports` (names in `root`), whose own text may export or not. */
function judged(name: string, mayExport: boolean, ...imports: string[]): JudgedFile {
  const text: TextFacts = { mayExport, mayConnect: mayExport, mayGiveRole: false, relative: imports.map((imported) => `./${imported}`) };
  return { file: at(name), text };
}

/** A file whose own text may export something that gives a role (it names a queue library), importing `imports`. */
function roleGiving(name: string, ...imports: string[]): JudgedFile {
  const text: TextFacts = { mayExport: true, mayConnect: true, mayGiveRole: true, relative: imports.map((imported) => `./${imported}`) };
  return { file: at(name), text };
}

/** Resolves `./x.js` of any judged file to `root/x.js` when `existing` holds it. */
const resolverOf = (existing: readonly string[]) => (_from: string, specifier: string) => (existing.includes(specifier.slice(2)) ? at(specifier.slice(2)) : undefined);

function mayExport(files: readonly JudgedFile[], existing = files.map(({ file }) => path.basename(file))): string[] {
  return [...exportReach(files, resolverOf(existing), 5).mayExport].map((file) => path.basename(file)).sort();
}

describe('exportReach', () => {
  it('holds a module whose text may export, and its importers through any chain', () => {
    const files = [judged('db.js', true), judged('wrap.js', false, 'db.js'), judged('service.js', false, 'wrap.js'), judged('task.js', false, 'service.js')];
    expect(mayExport(files)).toEqual(['db.js', 'service.js', 'task.js', 'wrap.js']);
  });

  it('leaves out modules whose imports reach no such module, however many they import', () => {
    const files = [judged('db.js', true), judged('plain-1.js', false, 'plain-2.js', 'plain-3.js'), judged('plain-2.js', false, 'plain-3.js'), judged('plain-3.js', false), judged('user.js', false, 'db.js', 'plain-1.js')];
    expect(mayExport(files)).toEqual(['db.js', 'user.js']);
  });

  it('counts a module that imports a file it has not judged (nothing is known of it)', () => {
    const files = [judged('a.js', false, 'generated.js'), judged('b.js', false, 'a.js'), judged('c.js', false)];
    expect(mayExport(files, ['a.js', 'b.js', 'c.js', 'generated.js'])).toEqual(['a.js', 'b.js']);
  });

  it('ignores a specifier that names no project file', () => {
    expect(mayExport([judged('a.js', false, 'missing.js')])).toEqual([]);
  });

  it('ends on an import cycle', () => {
    const files = [judged('a.js', false, 'b.js'), judged('b.js', false, 'a.js', 'db.js'), judged('db.js', true), judged('c.js', false, 'd.js'), judged('d.js', false, 'c.js')];
    expect(mayExport(files)).toEqual(['a.js', 'b.js', 'db.js']);
  });
});

describe('exportsNothing', () => {
  const reach = exportReach([judged('db.js', true), judged('plain.js', false)], resolverOf(['db.js', 'plain.js']), 7);

  it('says so of a judged module outside the set, at the time it was worked out', () => {
    expect(exportsNothing(reach, at('plain.js'), 7)).toBe(true);
    expect(exportsNothing(reach, at('db.js'), 7)).toBe(false);
  });
});

describe('importsExportNothing', () => {
  const files = [judged('db.js', true), judged('util.js', false), judged('plain.js', false, 'util.js'), judged('service.js', false, 'db.js')];
  const reach = exportReach(files, resolverOf(['db.js', 'util.js', 'plain.js', 'service.js']), 7);

  it('says so of the imports of a file it left out, when its text imported each of them', () => {
    expect(importsExportNothing(reach, at('plain.js'), ['./util.js'], 7)).toBe(true);
    expect(importsExportNothing(reach, at('plain.js'), [], 7)).toBe(true);
  });

  it('says nothing of a specifier the judged text did not import (an editor buffer that added it)', () => {
    expect(importsExportNothing(reach, at('plain.js'), ['./util.js', './db.js'], 7)).toBe(false);
  });

  it('says nothing of the imports of a file in the set', () => {
    expect(importsExportNothing(reach, at('service.js'), ['./db.js'], 7)).toBe(false);
  });
});

describe('the modules that may give a role', () => {
  const files = [
    roleGiving('queue.js'), judged('db.js', true), judged('jobs.js', false, 'queue.js'), judged('controller.js', false, 'db.js', 'jobs.js'),
    judged('model.js', false, 'db.js'), judged('route.js', false, 'model.js'), judged('app.js', false, 'route.js', 'generated.js'),
  ];
  const existing = ['queue.js', 'db.js', 'jobs.js', 'controller.js', 'model.js', 'route.js', 'app.js', 'generated.js'];
  const reach = exportReach(files, resolverOf(existing), 7);
  const resolve = (specifier: string) => resolverOf(existing)('', specifier);

  it('are those whose text may give one, their importers through any chain, and importers of a file not judged', () => {
    expect([...reach.mayGiveRole].map((file) => path.basename(file)).sort()).toEqual(['app.js', 'controller.js', 'jobs.js', 'queue.js']);
  });

  it('are, of a file\'s imports, those in that set or not judged', () => {
    expect(importsThatMayGiveRole(reach, at('controller.js'), ['./db.js', './jobs.js'], resolve, 7)).toEqual(['./jobs.js']);
    expect(importsThatMayGiveRole(reach, at('app.js'), ['./route.js', './generated.js'], resolve, 7)).toEqual(['./generated.js']);
  });

  it('are none for a file the set leaves out, which a connection module alone does not bring in', () => {
    expect(importsThatMayGiveRole(reach, at('route.js'), ['./model.js'], resolve, 7)).toEqual([]);
  });

  it('are not known for a specifier the judged text did not import, at another time, or without a reach', () => {
    expect(importsThatMayGiveRole(reach, at('route.js'), ['./model.js', './queue.js'], resolve, 7)).toBeUndefined();
    expect(importsThatMayGiveRole(reach, at('route.js'), ['./model.js'], resolve, 8)).toBeUndefined();
    expect(importsThatMayGiveRole(undefined, at('route.js'), ['./model.js'], resolve, 7)).toBeUndefined();
  });
});

describe('importedByNone', () => {
  const files = [judged('db.js', true), judged('task.js', false, 'db.js', 'missing.js'), judged('start.js', false)];
  const reach = exportReach(files, resolverOf(['db.js', 'task.js', 'start.js']), 7);

  it('says so of a judged file that no judged file imports', () => {
    expect(importedByNone(reach, at('task.js'), 7)).toBe(true);
    expect(importedByNone(reach, at('start.js'), 7)).toBe(true);
    expect(importedByNone(reach, at('db.js'), 7)).toBe(false);
  });
});

describe('every answer of the reach', () => {
  const reach = exportReach([judged('plain.js', false)], resolverOf(['plain.js']), 7);
  type Answer = (reach: ExportReach | undefined, file: string, now: number) => boolean;
  const answers: [string, Answer][] = [
    ['exportsNothing', exportsNothing],
    ['importsExportNothing', (of, file, now) => importsExportNothing(of, file, [], now)],
    ['importedByNone', importedByNone],
  ];

  it.each(answers)('%s says so of a file it judged, at the time it was worked out', (_name, answer) => {
    expect(answer(reach, at('plain.js'), 7)).toBe(true);
  });

  it.each(answers)('%s says nothing at another time, of a file it did not judge, or without a reach', (_name, answer) => {
    expect(answer(reach, at('plain.js'), 8)).toBe(false);
    expect(answer(reach, at('new.js'), 7)).toBe(false);
    expect(answer(undefined, at('plain.js'), 7)).toBe(false);
  });
});
