// Least-recently-seen bookkeeping on a Map: a Map iterates in insertion order, so re-inserting a
// key on every touch keeps the least recently seen entry first, and eviction takes from the front.
// The order depends only on the observation sequence, so snapshots stay deterministic.

/** Moves `key` to the most recent position. */
export function touch<K, V>(map: Map<K, V>, key: K, value: V): void {
  map.delete(key);
  map.set(key, value);
}

/** Removes least recently seen entries until `map` holds at most `max`; calls `onEvict` for each. */
export function evict<K, V>(map: Map<K, V>, max: number, onEvict?: (key: K, value: V) => void): void {
  while (map.size > max) {
    const first = map.entries().next();
    if (first.done) return;
    map.delete(first.value[0]);
    onEvict?.(first.value[0], first.value[1]);
  }
}

/** Drops the element with the smallest `last_seen` while `list` is longer than `max`. */
export function trimBySeen<T extends { last_seen: number }>(list: T[], max: number): void {
  while (list.length > max) {
    let oldest = 0;
    for (let i = 1; i < list.length; i++) if (list[i]!.last_seen < list[oldest]!.last_seen) oldest = i;
    list.splice(oldest, 1);
  }
}
