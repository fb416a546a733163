/** Regular expressions built from names: specifiers, globals. */

export function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}

/** One alternation of `names`, longest first (so `mysql2/promise` wins over `mysql2`), each escaped. */
export function alternativesOf(names: Iterable<string>): string {
  return [...new Set(names)].sort((a, b) => b.length - a.length).map(escapeRegExp).join('|');
}
