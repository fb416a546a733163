/**
 * An imported module's exports as knowledge rows: the rows are shared by every file that
 * imports the module, yet each names its library by the specifier the importing file
 * writes, and takes its entities from that file's knowledge.
 */
import { knowledgeWithImports } from '../../src/analysis/exports/exports-rows.js';
import { BUILTIN_KNOWLEDGE } from '../../src/knowledge/index.js';
import { knowledgeOf } from '../../src/project/text-facts.js';
import { DB } from '../helpers/db-exports.js';

function librariesOf(specifier: string, base = BUILTIN_KNOWLEDGE): string[] {
  const knowledge = knowledgeWithImports(base, new Map([[specifier, DB]]));
  return (knowledge.importedModules?.get(specifier) ?? []).map((row) => row.library);
}

describe('the rows of one exports object', () => {
  it('name their library by the specifier each importer writes, whichever asked first', () => {
    expect(librariesOf('./db')).toEqual(['./db']);
    expect(librariesOf('../db/index.js')).toEqual(['../db/index.js']);
    expect(librariesOf('./db')).toEqual(['./db']);
  });

  it('are the same rows for a second file that writes the same specifier', () => {
    const first = knowledgeWithImports(BUILTIN_KNOWLEDGE, new Map([['./db.js', DB]]));
    const second = knowledgeWithImports(BUILTIN_KNOWLEDGE, new Map([['./db.js', DB]]));
    expect(second.importedModules?.get('./db.js')).toBe(first.importedModules?.get('./db.js'));
  });

  it('are made again for a file whose settings give another knowledge', () => {
    const declared = knowledgeOf({ 'fork-safe': { connections: [{ module: './src/store', export: 'createStore', kind: 'pool' }] } });
    const plain = knowledgeWithImports(BUILTIN_KNOWLEDGE, new Map([['./db.js', DB]]));
    const withSettings = knowledgeWithImports(declared, new Map([['./db.js', DB]]));
    expect(withSettings.importedModules?.get('./db.js')).not.toBe(plain.importedModules?.get('./db.js'));
    expect(withSettings.importedModules?.get('./db.js')).toEqual(plain.importedModules?.get('./db.js'));
  });
});
