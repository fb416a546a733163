/**
 * Facts by installed major: the knowledge of a file applies an entity's `olderMajors` that
 * the project's installed major falls in, names the major in the library, and asks each
 * package once; a call form only an older major accepts makes that major's entity.
 */
import { BUILTIN_KNOWLEDGE, BUILTIN_MODULES } from '../../src/knowledge/index.js';
import { forInstalledMajors, olderEntityId, producedBy, type MajorOf } from '../../src/knowledge/majors.js';
import type { ApiRow } from '../../src/knowledge/types.js';
import type { InstalledVersion } from '../../src/analysis/project-view.js';
import { factsWith } from '../helpers/project-double.js';

const majors = (table: Record<string, number>): MajorOf => (name) => table[name];
const entity = (knowledge: typeof BUILTIN_KNOWLEDGE, id: string) => knowledge.entities.get(id)!;
const apiOf = (library: string, name: string): ApiRow => BUILTIN_MODULES.find((row) => row.library === library)!.apis.find((api) => api.path.join('.') === name)!;
const version = (text: string): InstalledVersion => ({ version: text, major: Number(text.split('.')[0]), from: 'node_modules' });

describe('forInstalledMajors', () => {
  it('keeps the knowledge as it is when no version is known, or the installed majors are current', () => {
    expect(forInstalledMajors(BUILTIN_KNOWLEDGE, () => undefined)).toBe(BUILTIN_KNOWLEDGE);
    expect(forInstalledMajors(BUILTIN_KNOWLEDGE, majors({ mongoose: 8, mongodb: 6, redis: 4 }))).toBe(BUILTIN_KNOWLEDGE);
  });

  it('applies mongoose 5 facts to both mongoose entities and names the major', () => {
    const knowledge = forInstalledMajors(BUILTIN_KNOWLEDGE, majors({ mongoose: 5 }));
    for (const id of ['mongoose.Mongoose', 'mongoose.Connection']) {
      const five = entity(knowledge, id);
      expect(five.library).toBe('mongoose 5');
      expect(five.package).toBe('mongoose');
      expect(five.connection!.poolSize).toMatchObject({ options: [['poolSize'], ['maxPoolSize']], default: 5, defaultIf: { option: 'useUnifiedTopology', equals: true, default: 10 } });
      // Everything else stays as the current majors have it.
      expect(five.connection!.close).toEqual(entity(BUILTIN_KNOWLEDGE, id).connection!.close);
    }
    // Other libraries are the same rows; the built-in knowledge is untouched.
    expect(entity(knowledge, 'mongodb.MongoClient')).toBe(entity(BUILTIN_KNOWLEDGE, 'mongodb.MongoClient'));
    expect(entity(knowledge, 'pg.Pool')).toBe(entity(BUILTIN_KNOWLEDGE, 'pg.Pool'));
    expect(entity(BUILTIN_KNOWLEDGE, 'mongoose.Mongoose').library).toBe('mongoose');
  });

  it('applies mongodb 3 below 4 only', () => {
    expect(entity(forInstalledMajors(BUILTIN_KNOWLEDGE, majors({ mongodb: 3 })), 'mongodb.MongoClient')).toMatchObject({
      library: 'mongodb 3', connection: { poolSize: { default: 5 }, afterClose: { error: 'topology was destroyed' } },
    });
    expect(forInstalledMajors(BUILTIN_KNOWLEDGE, majors({ mongodb: 4 }))).toBe(BUILTIN_KNOWLEDGE);
  });

  it('makes a node-redis 2 or 3 client eager, with no connect step, under the installed major', () => {
    const knowledge = forInstalledMajors(BUILTIN_KNOWLEDGE, majors({ redis: 2 }));
    for (const id of ['redis.Client', olderEntityId('redis.Client', 4)]) {
      expect(entity(knowledge, id)).toMatchObject({ library: 'redis 2', package: 'redis', connection: { eager: true, requiresConnect: false, connect: [], close: ['quit', 'end'] } });
    }
    // The cluster client came with node-redis 4: no older facts.
    expect(entity(knowledge, 'redis.Cluster')).toBe(entity(BUILTIN_KNOWLEDGE, 'redis.Cluster'));
  });

  it('asks each package once, and gives the same knowledge for the same majors', () => {
    const asked: string[] = [];
    const majorOf: MajorOf = (name) => {
      asked.push(name);
      return name === 'mongoose' ? 5 : undefined;
    };
    const first = forInstalledMajors(BUILTIN_KNOWLEDGE, majorOf);
    expect([...asked].sort()).toEqual(['mongodb', 'mongoose', 'redis']);
    expect(forInstalledMajors(BUILTIN_KNOWLEDGE, majorOf)).toBe(first);
  });
});

describe('producedBy: call forms of an older major', () => {
  const createClient = apiOf('redis', 'createClient');
  const call = (args: string[]) => ({ type: 'CallExpression', arguments: args.map((arg) => (/^\d+$/.test(arg) ? { type: 'Literal', value: Number(arg) } : arg.startsWith("'") ? { type: 'Literal', value: arg.slice(1, -1) } : { type: arg })) });

  it('makes a node-redis 3 client from `createClient(port, host)` and a URL string', () => {
    expect(producedBy(createClient, call(['6379', "'cache'"]))).toBe('redis.Client<4');
    expect(producedBy(createClient, call(["'redis://cache'"]))).toBe('redis.Client<4');
    expect(producedBy(createClient, call(['6379']))).toBe('redis.Client<4');
    expect(producedBy(createClient, call(['TemplateLiteral']))).toBe('redis.Client<4');
  });

  it('keeps the row entity for forms every major accepts, and for rows without older forms', () => {
    expect(producedBy(createClient, call([]))).toBe('redis.Client');
    expect(producedBy(createClient, call(['ObjectExpression']))).toBe('redis.Client');
    expect(producedBy(createClient, call(['Identifier']))).toBe('redis.Client');
    expect(producedBy(apiOf('ioredis', ''), call(['6379', "'cache'"]))).toBe('ioredis.Redis');
  });
});

describe('the facts of a file, with the project double saying the version', () => {
  const code = `import { createClient } from 'redis';\nexport const client = createClient();`;
  const libraryOf = (versions: Record<string, InstalledVersion>): string | undefined =>
    factsWith(code, { versions }).values.sites.find((site) => site.entity.connection)?.entity.library;

  it('names the installed major where its facts differ, and nothing otherwise', () => {
    expect(libraryOf({ redis: version('3.1.2') })).toBe('redis 3');
    expect(libraryOf({ redis: version('4.7.1') })).toBe('redis');
    expect(libraryOf({})).toBe('redis');
  });
});
