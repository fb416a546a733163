/** What the values stage tells the later stages: where tracked objects are and how they are used. */
import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import type { ApiRow, ConnectionAct, Entity, HeldRow, ModuleRow } from '../../knowledge/index.js';
import type { Node } from '../../util/ast.js';

type Variable = TSESLint.Scope.Variable;

/** `Origin.via` of an object made by calling a tracked value: `pgp(connectionString)`. */
export const CALLED = 'call';

/** How a tracked object came to be. */
export interface Origin {
  /** The factory call, `new` expression, member read or handing-out call. */
  readonly node: Node;
  readonly entity: Entity;
  /** Set for objects a module API produced directly. */
  readonly api?: ApiRow;
  readonly module?: ModuleRow;
  /** Set for objects handed out by another tracked object. */
  readonly from?: Origin;
  /** The method or callback that handed it out. */
  readonly via?: string;
  /**
   * Set for a connection that exists once per process (a library's default connection, a
   * project module's own): every site that reaches it shares this one origin, whose node
   * is where this file loads the module that holds it.
   */
  readonly held?: HeldRow;
}

/** A variable, field or property that holds a tracked object. */
export interface Binding {
  /** As users see it: `pool`, `this.pool`, `Db.pool`. */
  readonly name: string;
  readonly entity: Entity;
  readonly origin: Origin;
  /** The node that names the holder where it receives the object. */
  readonly target: Node;
  readonly variable?: Variable;
  /** Read occurrences: identifiers or `this.x` member expressions. */
  readonly references: Node[];
}

/** An expression whose value is a tracked object. */
export interface ValueSite {
  readonly node: Node;
  readonly entity: Entity;
  readonly origin: Origin;
  /** The holder this expression reads, when it is a reference. */
  readonly binding?: Binding;
}

/**
 * An access on a tracked object: a method call (`pool.end()`, `worker.postMessage(x)`), a
 * property read (`pool.options`), or a call of the object itself (knex `db('orders')`,
 * postgres.js ``sql`select 1` ``). Every "use" of a connection is one of these.
 */
export interface Access {
  /** Where the access is: the member expression, or the call or tagged template of the object itself. */
  readonly node: Node;
  /** Set for member accesses. */
  readonly member?: TSESTree.MemberExpression;
  /** The member's static name; undefined for a computed key (`pool[method]`) and for calls of the object itself. */
  readonly name: string | undefined;
  /** Set when the member, or the object itself, is called. */
  readonly call?: TSESTree.CallExpression;
  readonly site: ValueSite;
  /** A wrapper call whose row says what it does to a held connection (`connectDB()`, `mongoose.disconnect()`). */
  readonly act?: ConnectionAct;
}

export interface Values {
  readonly sites: readonly ValueSite[];
  /** The held connections the file reaches, one origin each (see `Origin.held`). */
  readonly held: readonly Origin[];
  readonly bindings: readonly Binding[];
  readonly accesses: readonly Access[];
  siteAt(node: Node): ValueSite | undefined;
}
