/**
 * Fork APIs, worker pools and queues: how work and data reach another process or thread.
 */
import { LAST_OBJECT, type ApiRow, type DataPosition, type Entity, type ModuleRow, type Serialization, type TransferSink } from './types.js';


const sink = (label: string, serialization: Serialization, ...data: DataPosition[]): TransferSink => ({ label, serialization, data });
const argSink = (label: string, serialization: Serialization, arg = 0): TransferSink => sink(label, serialization, { arg });
/** A method sink: reports name it by the call as written (`piscina.run()`). */
const method = (serialization: Serialization, arg = 0): TransferSink => ({ serialization, data: [{ arg }] });
const ipcSend: TransferSink = { serialization: 'json', data: [{ arg: 0 }], handleArg: 1 };
/** From the parent to a child process or cluster worker: its `process.on('message')` handlers receive it. */
const sendToChild: TransferSink = { ...ipcSend, receivedBy: { messages: 'child_process' } };
const postMessage = method('clone');
/** From the main thread to a worker thread: its `parentPort.on('message')` handlers receive it. */
const postToThread: TransferSink = { ...postMessage, receivedBy: { messages: 'worker_threads' } };

export const RUNNER_ENTITIES: readonly Entity[] = [
  { id: 'worker_threads.Worker', library: 'worker_threads', noun: 'worker thread', sinks: { postMessage: postToThread } },
  { id: 'worker_threads.MessagePort', library: 'worker_threads', noun: 'message port', sinks: { postMessage } },
  {
    id: 'worker_threads.MessageChannel', library: 'worker_threads', noun: 'message channel',
    properties: { port1: 'worker_threads.MessagePort', port2: 'worker_threads.MessagePort' },
  },
  { id: 'worker_threads.BroadcastChannel', library: 'worker_threads', noun: 'broadcast channel', sinks: { postMessage } },
  { id: 'child_process.ChildProcess', library: 'child_process', noun: 'child process', sinks: { send: sendToChild } },
  { id: 'cluster.Worker', library: 'cluster', noun: 'cluster worker', sinks: { send: sendToChild } },
  {
    id: 'piscina.Piscina', library: 'piscina', noun: 'worker pool',
    sinks: { run: method('clone') },
  },
  { id: 'tinypool.Tinypool', library: 'tinypool', noun: 'worker pool', sinks: { run: method('clone') } },
  {
    id: 'workerpool.Pool', library: 'workerpool', noun: 'worker pool',
    sinks: { exec: method('clone', 1) },
    handsOut: { proxy: 'workerpool.Proxy' },
  },
  {
    id: 'workerpool.Proxy', library: 'workerpool', noun: 'worker proxy',
    proxySink: { except: ['then', 'catch', 'finally'], sink: { serialization: 'clone', data: [{ allArgs: true }] } },
  },
  {
    id: 'threads.Proxy', library: 'threads', noun: 'worker proxy',
    proxySink: { except: ['then', 'catch', 'finally'], sink: { serialization: 'clone', data: [{ allArgs: true }] } },
  },
  { id: 'threads.Pool', library: 'threads', noun: 'worker pool', callbacks: { queue: { param: 0, entity: 'threads.Proxy' } } },
  {
    id: 'poolifier.ThreadPool', library: 'poolifier', noun: 'worker pool',
    sinks: { execute: method('clone'), mapExecute: method('clone') },
  },
  {
    id: 'poolifier.ClusterPool', library: 'poolifier', noun: 'worker pool',
    sinks: { execute: method('json'), mapExecute: method('json') },
  },
  {
    id: 'jest-worker.Worker', library: 'jest-worker', noun: 'worker farm',
    // Child processes by default, but with `serialization: 'advanced'`: structured clone.
    proxySink: { except: ['end', 'getStdout', 'getStderr', 'start', 'then'], sink: { serialization: 'clone', data: [{ allArgs: true }] } },
  },
  {
    id: 'node-worker-threads-pool.Pool', library: 'node-worker-threads-pool', noun: 'worker pool',
    sinks: { exec: method('clone') },
  },
  { id: 'bree.Bree', library: 'bree', noun: 'job scheduler', sinks: { add: method('clone') } },
];

const QUEUE_SINKS = { add: method('json', 1), addBulk: method('json') };
const FLOW_SINKS = { add: method('json'), addBulk: method('json') };

/** bullmq classes are queue clients and each holds its own Redis connections. */
export const QUEUE_ENTITIES: readonly Entity[] = [
  { id: 'bullmq.Queue', library: 'bullmq', noun: 'queue', connection: { kind: 'client', eager: true, close: ['close', 'disconnect'] }, sinks: QUEUE_SINKS },
  { id: 'bullmq.Worker', library: 'bullmq', noun: 'queue worker', connection: { kind: 'client', eager: true, close: ['close', 'disconnect'] } },
  { id: 'bullmq.QueueEvents', library: 'bullmq', noun: 'queue event listener', connection: { kind: 'client', eager: true, close: ['close', 'disconnect'] } },
  { id: 'bullmq.FlowProducer', library: 'bullmq', noun: 'flow producer', connection: { kind: 'client', eager: true, close: ['close', 'disconnect'] }, sinks: FLOW_SINKS },
  { id: 'bull.Queue', library: 'bull', noun: 'queue', connection: { kind: 'client', eager: true, close: ['close'] }, sinks: { add: { serialization: 'json', data: [{ arg: 0 }, { arg: 1 }] } } },
];

const workerDataOf = (label: string, arg: number, option: string[] = ['workerData']): TransferSink =>
  sink(label, 'clone', { arg, option });

export const RUNNER_MODULES: readonly ModuleRow[] = [
  {
    library: 'worker_threads', specifiers: ['worker_threads'], builtin: true,
    apis: [
      {
        path: ['Worker'], via: 'new', produces: 'worker_threads.Worker',
        optionSink: { ...workerDataOf('`workerData`', 1), receivedBy: { read: { library: 'worker_threads', path: ['workerData'], via: 'read' } } },
      },
      { path: ['parentPort'], via: 'read', produces: 'worker_threads.MessagePort' },
      { path: ['MessageChannel'], via: 'new', produces: 'worker_threads.MessageChannel' },
      { path: ['BroadcastChannel'], via: 'new', produces: 'worker_threads.BroadcastChannel' },
    ],
  },
  {
    library: 'child_process', specifiers: ['child_process'], builtin: true,
    apis: [{ path: ['fork'], via: 'call', produces: 'child_process.ChildProcess', sink: sink('the arguments of `fork()`', 'argv', { arg: 1 }) }],
  },
  {
    library: 'cluster', specifiers: ['cluster'], builtin: true,
    apis: [
      { path: ['fork'], via: 'call', produces: 'cluster.Worker', sink: sink('the environment of `cluster.fork()`', 'argv', { arg: 0 }) },
      { path: ['workers'], via: 'read', producesElements: 'cluster.Worker' },
      { path: ['worker'], via: 'read', produces: 'cluster.Worker' },
    ],
  },
  {
    library: 'process', specifiers: ['process'], builtin: true, global: 'process',
    apis: [{ path: ['send'], via: 'call', sink: { ...ipcSend, label: '`process.send()`' } }],
  },
  {
    library: 'piscina', specifiers: ['piscina'],
    apis: [
      { path: [], via: 'new', produces: 'piscina.Piscina', optionSink: workerDataOf('`workerData` of the Piscina pool', 0) },
      { path: ['Piscina'], via: 'new', produces: 'piscina.Piscina', optionSink: workerDataOf('`workerData` of the Piscina pool', 0) },
    ],
  },
  {
    library: 'tinypool', specifiers: ['tinypool'],
    apis: [
      { path: [], via: 'new', produces: 'tinypool.Tinypool', optionSink: workerDataOf('`workerData` of the Tinypool pool', 0) },
      { path: ['Tinypool'], via: 'new', produces: 'tinypool.Tinypool', optionSink: workerDataOf('`workerData` of the Tinypool pool', 0) },
    ],
  },
  {
    library: 'workerpool', specifiers: ['workerpool'],
    apis: [
      {
        path: ['pool'], via: 'call', produces: 'workerpool.Pool',
        optionSink: sink('the worker options of `workerpool.pool()`', 'clone',
          { arg: LAST_OBJECT, option: ['workerThreadOpts', 'workerData'] }, { arg: LAST_OBJECT, option: ['forkArgs'], serialization: 'argv' }),
      },
      { path: ['workerEmit'], via: 'call', sink: argSink('`workerpool.workerEmit()`', 'clone') },
    ],
  },
  {
    library: 'threads', specifiers: ['threads'],
    apis: [
      { path: ['spawn'], via: 'call', produces: 'threads.Proxy' },
      { path: ['Pool'], via: 'both', produces: 'threads.Pool' },
    ],
  },
  {
    library: 'poolifier', specifiers: ['poolifier'],
    apis: [
      ...['FixedThreadPool', 'DynamicThreadPool'].map((name): ApiRow => ({
        path: [name], via: 'new', produces: 'poolifier.ThreadPool',
        optionSink: workerDataOf('`workerOptions.workerData` of the poolifier pool', LAST_OBJECT, ['workerOptions', 'workerData']),
      })),
      ...['FixedClusterPool', 'DynamicClusterPool'].map((name): ApiRow => ({
        path: [name], via: 'new', produces: 'poolifier.ClusterPool',
      })),
    ],
  },
  {
    library: 'jest-worker', specifiers: ['jest-worker'],
    apis: [
      { path: ['Worker'], via: 'new', produces: 'jest-worker.Worker', optionSink: sink('`setupArgs` of the jest-worker farm', 'clone', { arg: 1, option: ['setupArgs'] }) },
    ],
  },
  {
    library: 'node-worker-threads-pool', specifiers: ['node-worker-threads-pool'],
    apis: [
      { path: ['StaticPool'], via: 'new', produces: 'node-worker-threads-pool.Pool', optionSink: workerDataOf('`workerData` of the StaticPool', 0) },
      { path: ['DynamicPool'], via: 'new', produces: 'node-worker-threads-pool.Pool' },
    ],
  },
  {
    library: 'bree', specifiers: ['bree'],
    apis: [{ path: [], via: 'new', produces: 'bree.Bree', optionSink: sink('the job definitions of Bree', 'clone', { arg: 0, option: ['jobs'] }, { arg: 0, option: ['worker', 'workerData'] }) }],
  },
  {
    // Queue, Worker, QueueEvents and FlowProducer each hold Redis connections.
    library: 'bullmq', specifiers: ['bullmq'], server: 'Redis',
    apis: [
      { path: ['Queue'], via: 'new', produces: 'bullmq.Queue' },
      { path: ['Worker'], via: 'new', produces: 'bullmq.Worker' },
      { path: ['QueueEvents'], via: 'new', produces: 'bullmq.QueueEvents' },
      { path: ['FlowProducer'], via: 'new', produces: 'bullmq.FlowProducer' },
    ],
  },
  { library: 'bull', specifiers: ['bull'], server: 'Redis', apis: [{ path: [], via: 'both', produces: 'bull.Queue' }] },
];
