/** Small helpers over collections. */

/** The items by the key each gives; an item without a key is left out. */
export function groupBy<K, V>(items: Iterable<V>, keyOf: (item: V) => K | undefined): Map<K, V[]> {
  const groups = new Map<K, V[]>();
  for (const item of items) {
    const key = keyOf(item);
    if (key === undefined) continue;
    const list = groups.get(key);
    if (list) list.push(item);
    else groups.set(key, [item]);
  }
  return groups;
}
