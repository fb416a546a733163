/**
 * A processor function given to an in-process queue consumer by name, imported from a
 * project module (`new Worker('email', processEmail)` of bullmq, `queue.process(processEmail)`
 * of bull, with `processEmail` from `./processors/email`): that module's export runs in this
 * process for every job, so the project index tells that module which of its exports are
 * tasks. Only the import a name comes from decides: a string constant imported the same way
 * names an export that is no function, and gives no task.
 */
import path from 'node:path';
import { skipTypeWrappers, type Node } from '../util/ast.js';
import { isRelative } from './module-loads.js';
import { importedName, type PathScope } from './static-paths.js';

export interface ImportedProcessor {
  /** Where the module may be, as a fork target's candidates are. */
  readonly candidates: readonly string[];
  /** The export names it may be under: `default` and `module.exports` for a whole import. */
  readonly taskExports: readonly string[];
}

export function importedProcessor(value: Node | undefined, scope: PathScope): ImportedProcessor | undefined {
  const node = value && skipTypeWrappers(value);
  if (node?.type !== 'Identifier') return undefined;
  const imported = importedName(node, scope);
  if (!imported || !isRelative(imported.module)) return undefined;
  return {
    candidates: [path.resolve(path.dirname(scope.filename), imported.module)],
    taskExports: imported.name === '' ? ['default', 'module.exports'] : [imported.name],
  };
}
