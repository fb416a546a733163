import { skipValueWrappers, type Node } from '../../util/ast.js';

/**
 * The value wrappers (`await`, `as`, `!`, `?.`) and `void`: `void process.exit()` ends the
 * worker like the call itself, and `void` is no value wrapper elsewhere, so it is unwrapped
 * only here.
 */
export function skipWrappersAndVoid(node: Node): Node {
  let current = skipValueWrappers(node);
  while (current.type === 'UnaryExpression' && current.operator === 'void') current = skipValueWrappers(current.argument);
  return current;
}
