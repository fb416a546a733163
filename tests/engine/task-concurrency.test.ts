// Review round 1, item 5: a task carries the concurrency option of the row that registered it,
// so that the report and pool-sizes read it from the task instead of looking the runner up again.
import { factsOf } from '../helpers/facts.js';

describe('the concurrency option of a task', () => {
  it('is the registering row\'s: bullmq `concurrency`, in the options at argument 2', () => {
    const { workers } = factsOf(`
import { Worker } from 'bullmq';
new Worker('reports', async (job) => job.data, { connection: {}, concurrency: 4 });
`);
    expect(workers.tasks.map((task) => task.concurrencyOption)).toEqual([{ arg: 2, name: 'concurrency' }]);
  });

  it('is absent for a runner that runs one task at a time', () => {
    const { workers } = factsOf(`
import { parentPort } from 'node:worker_threads';
import workerpool from 'workerpool';
parentPort.on('message', (id) => parentPort.postMessage(id));
workerpool.worker({ add: (a, b) => a + b });
`);
    expect(workers.tasks).toHaveLength(2);
    expect(workers.tasks.map((task) => task.concurrencyOption)).toEqual([undefined, undefined]);
  });
});
