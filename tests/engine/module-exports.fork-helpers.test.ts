/**
 * Facts.exports: a function that forks this very process and runs the function it is
 * given only in the copies (`setupCluster(start)`) is a fork helper, so a file calling it
 * forks itself, with that function on its worker path.
 */
import type { ModuleExports } from '../../src/analysis/exports/module-exports.js';
import { factsWith, type DoubleOptions } from '../helpers/project-double.js';

const exportsOf = (code: string, options: DoubleOptions = {}): ModuleExports => factsWith(code, {}, options).exports;

describe('exports: fork helpers', () => {
  it('calls a function that forks in the primary and runs its callback in the workers a fork helper (TypeScript)', () => {
    expect(exportsOf(`import cluster from 'cluster';
import os from 'os';
export function setupCluster(callback: () => void): void {
  if (process.env.CLUSTER_ENABLED === 'false') {
    console.log('single process');
    callback();
    return;
  }
  if (cluster.isPrimary) {
    for (let i = 0; i < os.cpus().length; i++) cluster.fork();
    cluster.on('exit', () => cluster.fork());
  } else {
    callback();
  }
}`, { typescript: true, filename: 'src/config/cluster.ts' })).toEqual({ setupCluster: { kind: 'fork', workerArgs: [0] } });
  });

  it('sees CommonJS exports and the second parameter', () => {
    expect(exportsOf(`const cluster = require('node:cluster');
module.exports = (count, start) => {
  if (cluster.isMaster) for (let i = 0; i < count; i++) cluster.fork();
  else start();
};`, { sourceType: 'commonjs', filename: 'lib/cluster.js' })).toEqual({ default: { kind: 'fork', workerArgs: [1] } });
  });

  it('is no fork helper when the callback also runs in the primary, is handed on, or the fork runs another file', () => {
    expect(exportsOf(`import cluster from 'node:cluster';
export function both(start) {
  if (cluster.isPrimary) cluster.fork();
  start();
}
export function handedOn(start) {
  if (cluster.isPrimary) cluster.fork();
  else setImmediate(start);
}
export function keepsGoing(start) {
  if (process.env.SINGLE) { start(); }
  if (cluster.isPrimary) cluster.fork();
  else start();
}`)).toEqual({});
    expect(exportsOf(`import { fork } from 'node:child_process';
export function spawnWorker(done) {
  const child = fork('./worker.js');
  child.on('exit', () => done());
}`)).toEqual({});
  });
});
