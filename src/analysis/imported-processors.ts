/**
 * A processor function given to an in-process queue consumer by name, imported from a
 * project module (`new Worker('email', processEmail)` of bullmq, `queue.process(processEmail)`
 * of bull, with `processEmail` from `./processors/email`): that module's export runs in this
 * process for every job, so the project index tells that module which of its exports are
 * tasks (also for `processors.sendWelcome` of a whole import). Only the import a name comes from decides: a string constant imported the same way
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

/** The import a processor is, and the export under which: `sendWelcome`, or `processors.sendWelcome` of a whole import. */
function importOf(node: Node, scope: PathScope): { readonly module: string; readonly name: string } | undefined {
  if (node.type === 'Identifier') return importedName(node, scope);
  if (node.type !== 'MemberExpression' || node.computed || node.property.type !== 'Identifier') return undefined;
  const object = skipTypeWrappers(node.object);
  const whole = object.type === 'Identifier' ? importedName(object, scope) : undefined;
  return whole?.name === '' ? { module: whole.module, name: node.property.name } : undefined;
}

export function importedProcessor(value: Node | undefined, scope: PathScope): ImportedProcessor | undefined {
  const imported = value && importOf(skipTypeWrappers(value), scope);
  if (!imported || !isRelative(imported.module)) return undefined;
  return {
    candidates: [path.resolve(path.dirname(scope.filename), imported.module)],
    taskExports: imported.name === '' ? ['default', 'module.exports'] : [imported.name],
  };
}
