/**
 * What to send instead of a live connection: the configuration it was created from, when
 * the call that created it took exactly that one argument and it means the same where the
 * connection is sent.
 */
import type { TSESLint } from '@typescript-eslint/utils';
import type { Node } from '../../util/ast.js';
import { isPortable } from '../../util/portable.js';
import type { Transfer } from '../transfers.js';
import { CALLED, type Origin } from '../values.js';

/** Where the connection was created: the factory itself, not a checkout or handle derived from it (`pool.connect()`, `client.db('shop')`). */
export function creatorOf(origin: Origin): Origin {
  let creator = origin;
  while (creator.from && creator.via !== CALLED) creator = creator.from;
  return creator;
}

/** The only argument of the call that created the connection. */
function configOf(origin: Origin): Node | undefined {
  const creator = creatorOf(origin);
  // Made where its module loads (a library's default connection, another module's own): no call here to copy.
  if (creator.held) return undefined;
  const call = creator.node;
  if (call.type !== 'CallExpression' && call.type !== 'NewExpression') return undefined;
  const [only, ...rest] = call.arguments;
  return only && rest.length === 0 && only.type !== 'SpreadElement' ? only : undefined;
}

/** The configuration to send in place of the transferred connection; none for a socket or a handle. */
export function configToSend(transfer: Transfer, sourceCode: Readonly<TSESLint.SourceCode>): Node | undefined {
  if (transfer.socketPath || transfer.asHandle) return undefined;
  const config = configOf(transfer.site.origin);
  return config && isPortable(config, transfer.node, sourceCode) ? config : undefined;
}
