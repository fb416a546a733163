/**
 * no-close-in-worker-task says what the next task gets after a close, by installed major:
 * mongoose 6 and later stop buffering once the connection has opened, so the driver
 * refuses the query; mongoose 5 buffers again after a close, so the query times out.
 */
import rule from '../../rules/no-close-in-worker-task.js';
import type { InstalledVersion } from '../../src/analysis/project-view.js';
import { withProject } from '../helpers/mock-project.js';
import { cjsTester } from '../setup-rule-tester.js';

vi.mock('../../src/project/get-facts.js', () => import('../helpers/mock-project.js'));

const version = (text: string): InstalledVersion => ({ version: text, major: Number(text.split('.')[0]), from: 'lockfile' });

const CODE = `const { parentPort } = require('worker_threads');
const mongoose = require('mongoose');
mongoose.connect(process.env.MONGO_URL);
parentPort.on('message', async (id) => {
  await mongoose.model('Order').deleteOne({ _id: id });
  await mongoose.disconnect();
});`;

const REMOVED = `const { parentPort } = require('worker_threads');
const mongoose = require('mongoose');
mongoose.connect(process.env.MONGO_URL);
parentPort.on('message', async (id) => {
  await mongoose.model('Order').deleteOne({ _id: id });
});`;

function closedIn(library: string, error: string) {
  return [{
    messageId: 'close' as const,
    data: { name: 'mongoose', library, noun: 'default connection', task: 'the `parentPort` message handler', method: 'disconnect', helper: '', consequence: `the next task on this worker fails with "${error}"` },
    line: 6,
    suggestions: [
      { messageId: 'removeClose' as const, data: { method: 'disconnect' }, output: REMOVED },
      {
        messageId: 'moveToHook' as const,
        data: { hook: "parentPort.once('close')", covers: 'when the worker closes its port, not on `worker.terminate()`' },
        output: `${REMOVED}\n\nparentPort.once('close', () => mongoose.disconnect());`,
      },
    ],
  }];
}

cjsTester.run('no-close-in-worker-task: the error after a close, by installed major', rule, {
  valid: [],
  invalid: [
    { code: CODE, settings: withProject({ versions: { mongoose: version('5.13.23') } }), output: null, errors: closedIn('mongoose 5', 'Operation `<collection>.<method>()` buffering timed out after 10000ms') },
    { code: CODE, settings: withProject({ versions: { mongoose: version('9.12.1') } }), output: null, errors: closedIn('mongoose', 'Client must be connected before running operations') },
  ],
} as never);
