/**
 * The one way to read an option from an options object as written in the source:
 * `{ max: 10 }`, through `const options = {…}`, a path of keys (`pool.max`), type
 * wrappers, and a later property overriding an earlier one, as at run time.
 */
import { getStaticValue } from '@eslint-community/eslint-utils';
import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import { skipTypeWrappers, staticKeyName, type Node } from './ast.js';
import { constantInit } from './variables.js';

type Source = Readonly<TSESLint.SourceCode>;

/** How deep `const a = b; const b = {…}` chains are followed. */
const MAX_CONST_DEPTH = 3;

/** What an options object says about one key path. */
export type OptionLookup =
  /** The key is written: its value. */
  | { readonly kind: 'set'; readonly node: Node }
  /** The object is visible and has no such key. */
  | { readonly kind: 'absent' }
  /** Not knowable: the value is not an object literal, or a spread may hold the key. */
  | { readonly kind: 'hidden' };

/** The object literal an expression is, directly or through a `const` holding it. */
export function objectOf(node: Node | undefined, sourceCode: Source, depth = 0): TSESTree.ObjectExpression | undefined {
  if (!node || depth > MAX_CONST_DEPTH) return undefined;
  const value = skipTypeWrappers(node);
  if (value.type === 'ObjectExpression') return value;
  return value.type === 'Identifier' ? objectOf(constantInit(value, sourceCode), sourceCode, depth + 1) : undefined;
}

/** The written property `key` of an object literal; the last one wins, as at run time. */
function ownProperty(object: TSESTree.ObjectExpression, key: string): TSESTree.Property | undefined {
  for (let i = object.properties.length - 1; i >= 0; i--) {
    const property = object.properties[i]!;
    if (property.type === 'Property' && staticKeyName(property.key, property.computed) === key) return property;
  }
  return undefined;
}

/** A key path in an options object, telling "not written" apart from "not knowable". */
export function lookupOption(options: Node | undefined, path: string | readonly string[], sourceCode: Source): OptionLookup {
  const keys = typeof path === 'string' ? [path] : path;
  let current: Node | undefined = options;
  for (const key of keys) {
    const object = objectOf(current, sourceCode);
    if (!object) return { kind: 'hidden' };
    const property = ownProperty(object, key);
    if (!property) return object.properties.some((p) => p.type === 'SpreadElement') ? { kind: 'hidden' } : { kind: 'absent' };
    current = property.value;
  }
  return current ? { kind: 'set', node: current } : { kind: 'hidden' };
}

/** The value node of an option as written, or undefined when it is not written (or not visible). */
export function optionNode(options: Node | undefined, path: string | readonly string[], sourceCode: Source): Node | undefined {
  const found = lookupOption(options, path, sourceCode);
  return found.kind === 'set' ? found.node : undefined;
}

/** The static value of an option (`{ lazyConnect: true }` → true), or undefined. */
export function staticOptionValue(options: Node | undefined, path: string | readonly string[], sourceCode: Source): unknown {
  const value = optionNode(options, path, sourceCode);
  return value ? getStaticValue(value as never, sourceCode.getScope(value) as never)?.value : undefined;
}
