// Review round 1, item 7: the runners' own shutdown hooks come from the WorkerApi rows, each one
// of its row's shutdown events or options, written once.
import { SHUTDOWN_HOOKS, WORKER_APIS } from '../../src/knowledge/workers.js';

describe('SHUTDOWN_HOOKS', () => {
  it('is derived from the rows: the hook of each runner that has one', () => {
    expect(SHUTDOWN_HOOKS).toEqual({
      worker_threads: { on: 'receiver', event: 'close', covers: 'when the worker closes its port, not on `worker.terminate()`' },
      child_process: { on: 'global', object: 'process', event: 'disconnect', covers: 'when the parent disconnects or exits, not on `kill()`' },
      workerpool: { on: 'option', arg: 1, option: 'onTerminate', covers: 'when the pool terminates the worker', only: true },
      poolifier: {
        on: 'option', arg: 1, option: 'killHandler', async: true, only: true,
        covers: 'when the pool destroys the worker (`destroy()`, an idle dynamic worker), for up to a second',
      },
      bullmq: { on: 'registration', event: 'closed', covers: 'once `close()` has let the running jobs finish' },
    });
  });

  it('names only events and options its rows say shut the worker down', () => {
    for (const api of Object.values(WORKER_APIS)) {
      const hook = api.preferredHook;
      if (!hook) continue;
      if (hook.on === 'option') expect(api.shutdownOptions?.names).toContain(hook.option);
      else expect(api.events?.[hook.event]).toBe('shutdown');
    }
  });
});
