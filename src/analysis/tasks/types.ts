/** What the tasks stage finds, as the rules read it. */
import type { TSESTree } from '@typescript-eslint/utils';
import type { Entity, HeldRow, SourcePlace } from '../../knowledge/index.js';
import type { Node } from '../../util/ast.js';
import type { TaskFunction } from '../workers.js';

/** A close of the worker's own connection inside a task. */
export interface TaskClose {
  /** The close call. */
  readonly call: TSESTree.CallExpression;
  readonly method: string;
  /** How the report names the connection: its per-worker holder, else the receiver as written. */
  readonly name: string;
  readonly entity: Entity;
  readonly task: TaskFunction;
  /** Through a helper function that only tasks call. */
  readonly viaHelper: boolean;
  /** A client the task checked out of this same connection and does not release. */
  readonly checkout?: { readonly name: string; readonly release: string };
  /** The connection is held once per process (a library's default one; with a place, a project module's). */
  readonly held?: HeldRow;
}

export type ConnectionFinding =
  | 'pool-per-task' | 'closed-pool-per-task' | 'client-per-task' | 'run-once-leak' | 'fresh-per-task'
  /** A task connects a held connection and closes it again: a pool per task. */
  | 'reconnect-per-task'
  /** A run-once worker opens a held connection and leaves it open. */
  | 'held-run-once-leak';

export interface TaskConnection {
  readonly kind: ConnectionFinding;
  /** The factory call or `new` expression (a wrapper's call, when a wrapper made it). */
  readonly node: Node;
  readonly name: string;
  readonly entity: Entity;
  readonly task?: TaskFunction;
  /** Set when the factory can move to the module scope as it is. */
  readonly hoist?: { readonly declaration: TSESTree.VariableDeclaration; readonly before: TSESTree.ProgramStatement };
  /** For 'fresh-per-task': the fork site that starts a new worker for every task. */
  readonly site?: string;
  /** For 'reconnect-per-task': the connect step and the close, as written (`connectDB()`, `mongoose.disconnect()`). */
  readonly steps?: { readonly connect: string; readonly close: string };
  /** For 'held-run-once-leak': what opens it, and the connect step as written when one does. */
  readonly opened?: 'connect' | 'query' | 'load';
  readonly opener?: string;
  /** The connection is held once per process (a library's default one; with a place, a project module's). */
  readonly held?: HeldRow;
  /** Where a factory wrapper of another module makes it (`getPool()` of src/db.js). */
  readonly madeIn?: SourcePlace;
}

export interface Tasks {
  readonly closes: readonly TaskClose[];
  readonly connections: readonly TaskConnection[];
}
