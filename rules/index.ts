/** Every rule of the plugin, by name. */
import type { ForkSafeRule } from '../src/create-rule.js';
import noConnectionTransfer from './no-connection-transfer.js';

export const rules: Readonly<Record<string, ForkSafeRule>> = {
  [noConnectionTransfer.name]: noConnectionTransfer as unknown as ForkSafeRule,
};
