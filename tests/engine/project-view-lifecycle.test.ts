/**
 * The view of a linted file marks the file as being analysed while its analysis runs (a
 * module that imports it back then gets nothing from it), and only then: a fact first
 * asked after the analysis is over (a rule's listener reads a lazy one) leaves no mark,
 * so the files linted after it still read what it exports.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { projectIndexFor } from '../../src/project/project-index.js';
import { lintedView } from '../../src/project/view.js';

let root: string;

function write(file: string, text: string): void {
  fs.mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
  fs.writeFileSync(path.join(root, file), text);
}

beforeEach(() => {
  root = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'fork-safe-view-')));
  write('package.json', JSON.stringify({ type: 'module', dependencies: { pg: '^8.0.0' } }));
  write('src/db.js', `import pg from 'pg';\nexport const pool = new pg.Pool();\n`);
  write('src/task.js', `import { pool } from './db.js';\nexport default (id) => pool.query('SELECT $1', [id]);\n`);
});

afterEach(() => {
  fs.rmSync(root, { recursive: true, force: true });
});

const exportedBy = (file: string, specifier: string): string[] =>
  Object.keys(lintedView(path.join(root, file), { settings: {} }, projectIndexFor).importedModule(specifier)?.exports() ?? {});

describe('the view of a linted file', () => {
  it('first asked of its project after done(): the file stays readable by the files that import it', () => {
    const db = lintedView(path.join(root, 'src/db.js'), { settings: {} }, projectIndexFor);
    db.done();
    expect(db.modulePath()).toBe('src/db.js');
    expect(exportedBy('src/task.js', './db.js')).toEqual(['pool']);
  });

  it('while its analysis runs, a module that imports it back reads nothing from it', () => {
    const db = lintedView(path.join(root, 'src/db.js'), { settings: {} }, projectIndexFor);
    expect(db.modulePath()).toBe('src/db.js');
    expect(exportedBy('src/task.js', './db.js')).toEqual([]);
    db.done();
    expect(exportedBy('src/task.js', './db.js')).toEqual(['pool']);
  });
});
