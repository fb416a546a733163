/** Every rule of the plugin, by name. */
import type { ForkSafeRule } from '../src/create-rule.js';
import noCloseInWorkerTask from './no-close-in-worker-task.js';
import noConnectionBeforeFork from './no-connection-before-fork.js';
import noConnectionPerTask from './no-connection-per-task.js';
import noConnectionTransfer from './no-connection-transfer.js';
import poolSizePerWorker from './pool-size-per-worker.js';
import requireReconnectAfterFork from './require-reconnect-after-fork.js';

export const rules: Readonly<Record<string, ForkSafeRule>> = {
  [noConnectionTransfer.name]: noConnectionTransfer as unknown as ForkSafeRule,
  [noCloseInWorkerTask.name]: noCloseInWorkerTask as unknown as ForkSafeRule,
  [noConnectionPerTask.name]: noConnectionPerTask as unknown as ForkSafeRule,
  [noConnectionBeforeFork.name]: noConnectionBeforeFork as unknown as ForkSafeRule,
  [requireReconnectAfterFork.name]: requireReconnectAfterFork as unknown as ForkSafeRule,
  [poolSizePerWorker.name]: poolSizePerWorker as unknown as ForkSafeRule,
};
