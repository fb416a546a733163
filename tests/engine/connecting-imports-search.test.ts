/**
 * Whether importing a module opens a connection as it loads: the modules it loads are
 * searched breadth first, MAX_IMPORT_DEPTH deep, through their summaries. A module is
 * parsed for its summary only when a module its text may load, down to where the search
 * stops, names a library that makes connections (a cluster entry that imports its Express
 * app reads no controller and no route for this).
 */
import fs from 'node:fs';
import path from 'node:path';
import { MAX_SUMMARY_BYTES } from '../../src/project/module-summaries.js';
import { newRecorder } from '../../src/project/recorder.js';
import { MAX_IMPORT_DEPTH, projectIndexFor } from '../../src/project/project-index.js';
import { projectPerTest } from '../helpers/temp-project.js';

vi.mock('../../src/project/parse.js', async (importOriginal) => {
  const actual = await importOriginal<typeof import('../../src/project/parse.js')>();
  return { ...actual, analyzeModule: vi.fn(actual.analyzeModule) };
});

const project = projectPerTest('fork-safe-connecting-search-', 'src/main.js', {
  'package.json': JSON.stringify({ type: 'module', dependencies: { pg: '^8.0.0' } }),
  'src/main.js': `import cluster from 'node:cluster';\nimport app from './app.js';\nif (cluster.isPrimary) cluster.fork();\nelse app.listen(3000);\n`,
  'src/db.js': `import pg from 'pg';\nexport const client = new pg.Client();\nawait client.connect();\n`,
});
const write = (file: string, text: string): void => project.write(file, text);

/** A chain of modules, each importing the next, the last importing `last`. */
function chain(names: readonly string[], last: string): void {
  names.forEach((name, i) => write(`src/${name}.js`, `import next from './${names[i + 1] ?? last}.js';\nexport default next;\n`));
}

/** What importing `./<first>.js` from src/main.js opens, and which modules were parsed for it (sorted). */
function onImport(first: string): { readonly module?: string; readonly parsed: string[] } {
  const parse = { settings: {}, cwd: project.root };
  const from = path.join(project.root, 'src/main.js');
  const found = projectIndexFor(from, parse)!.connectionOnImport(from, `./${first}.js`, parse);
  return { ...(found ? { module: found.module } : {}), parsed: project.parsed() };
}

describe('the search for a connection opened on import', () => {
  it('parses nothing when the connecting module is beyond where it stops', () => {
    expect(MAX_IMPORT_DEPTH).toBe(3);
    chain(['app', 'routes', 'controller'], 'db');
    expect(onImport('app')).toEqual({ parsed: [] });
  });

  it('parses only the modules whose text may lead to it within reach, and finds it', () => {
    chain(['app', 'routes'], 'db');
    write('src/logger.js', `export const log = console.log;\n`);
    write('src/app.js', `import './logger.js';\nimport next from './routes.js';\nexport default next;\n`);
    expect(onImport('app')).toEqual({ module: 'src/db.js', parsed: ['src/app.js', 'src/db.js', 'src/routes.js'] });
  });

  it('neither parses nor follows a module over the size bound, linted already or not', () => {
    chain(['app'], 'db');
    write('src/db.js', `import pg from 'pg';\nexport const client = new pg.Client();\nawait client.connect();\n${'// padding\n'.repeat(Math.ceil(MAX_SUMMARY_BYTES / 11))}`);
    expect(onImport('app')).toEqual({ parsed: ['src/app.js'] });
    const parse = { settings: {}, cwd: project.root };
    const db = path.join(project.root, 'src/db.js');
    const summaries = projectIndexFor(db, parse)!.summaries;
    summaries.remember(db, { text: fs.readFileSync(db, 'utf8'), hasBOM: false, summary: { targets: [], connects: 'pg', imports: [] }, exports: {}, recorder: newRecorder() });
    expect(onImport('app')).toEqual({ parsed: ['src/app.js'] });
  });

  it('parses no module whose imports lead to no driver at all', () => {
    write('src/app.js', `import { log } from './logger.js';\nexport default { listen: (port) => log(port) };\n`);
    write('src/logger.js', `export const log = console.log;\n`);
    expect(onImport('app')).toEqual({ parsed: [] });
  });
});
