// Review round 2, item 6: sizeSetting says why a size is unknown and which option it read,
// so that the report does not work it out a second time.
import type { TSESTree } from '@typescript-eslint/utils';
import { sizeSetting } from '../../src/analysis/pool-sizes.js';
import { factsOf } from '../helpers/facts.js';

/** The size setting of the one factory call in `code`, without its node. */
function settingOf(code: string): unknown {
  const facts = factsOf(code);
  const site = facts.values.sites.find((candidate) => candidate.node === candidate.origin.node && candidate.origin.entity.connection?.poolSize);
  if (!site) throw new Error('no pool factory call');
  const call = site.node as TSESTree.NewExpression;
  const { node: _node, ...rest } = sizeSetting(call, site.origin.entity.connection!.poolSize!, facts.sourceCode) as { node?: unknown };
  return rest;
}

describe('sizeSetting', () => {
  it.each([
    ["import pg from 'pg'; new pg.Pool({ max: 5 });", { kind: 'set', value: 5, option: 'max' }],
    ["import pg from 'pg'; const options = { poolSize: 7 }; new pg.Pool(options);", { kind: 'set', value: 7, option: 'poolSize' }],
    ["import { Sequelize } from 'sequelize'; new Sequelize('db', 'u', 'p', { pool: { max: 3 } });", { kind: 'set', value: 3, option: 'pool.max' }],
    ["import { MongoClient } from 'mongodb'; new MongoClient('mongodb://h/db?maxPoolSize=20');", { kind: 'set', value: 20, option: '?maxPoolSize=' }],
    ["import pg from 'pg'; new pg.Pool();", { kind: 'unset', default: 10 }],
    ["import pg from 'pg'; new pg.Pool({ max: Number(process.env.MAX) });", { kind: 'unknown', reason: 'computed', option: 'max' }],
    ["import { MongoClient } from 'mongodb'; new MongoClient(process.env.URL);", { kind: 'unknown', reason: 'computed', option: '?maxPoolSize=' }],
    ["import pg from 'pg'; export function make(options) { return new pg.Pool(options); }", { kind: 'unknown', reason: 'hidden' }],
    ["import pg from 'pg'; const extra = {}; new pg.Pool({ ...extra });", { kind: 'unknown', reason: 'hidden' }],
    ["import pg from 'pg'; const args = [{}]; new pg.Pool(...args);", { kind: 'unknown', reason: 'hidden' }],
    ["import { DataSource } from 'typeorm'; new DataSource({ type: 'postgres' });", { kind: 'unknown', reason: 'no-default' }],
  ])('%s', (code, expected) => {
    expect(settingOf(code)).toEqual(expected);
  });
});
