// Bounded keyed state: when a map passes its cap, the least recently seen entries are dropped in one
// batch down to EVICT_TO_FRACTION of the cap. Batching keeps the hot path a plain Map lookup (no LRU
// list to relink on every touch). The choice depends only on entries' last-seen event times and, on
// ties, on key order, never on Map insertion order, which differs after a restore: a resumed run
// evicts exactly what an uninterrupted one would.
import { EVICT_TO_FRACTION } from './parameters.js';

export interface Seen {
  /** event time this entry was last touched */
  last: number;
}

/**
 * Evicts the least recently seen entries until `target` remain; `onEvict` sees each one first (to
 * remember it in a sketch). Returns how many were evicted.
 */
export function evictOldest<V extends Seen>(map: Map<string, V>, target: number, onEvict?: (key: string, value: V) => void): number {
  const excess = map.size - target;
  if (excess <= 0) return 0;
  const lasts = new Float64Array(map.size);
  let i = 0;
  for (const v of map.values()) lasts[i++] = v.last;
  lasts.sort();
  const threshold = lasts[excess - 1]!;
  // strictly older than the threshold all go; among those exactly at it, the smallest keys go
  let atThreshold = 0;
  for (let j = excess - 1; j >= 0 && lasts[j] === threshold; j--) atThreshold++;
  const ties: string[] = [];
  let evicted = 0;
  for (const [k, v] of map) {
    if (v.last < threshold) {
      onEvict?.(k, v);
      map.delete(k);
      evicted++;
    } else if (v.last === threshold) {
      ties.push(k);
    }
  }
  ties.sort();
  for (let j = 0; j < atThreshold && j < ties.length; j++) {
    const k = ties[j]!;
    onEvict?.(k, map.get(k)!);
    map.delete(k);
    evicted++;
  }
  return evicted;
}

/** Evicts down to EVICT_TO_FRACTION of `cap` when the map is over it. */
export function enforceCap<V extends Seen>(map: Map<string, V>, cap: number, onEvict?: (key: string, value: V) => void): number {
  if (map.size <= cap) return 0;
  return evictOldest(map, Math.floor(cap * EVICT_TO_FRACTION), onEvict);
}

/** Map entries sorted by key (code-unit order), for snapshots whose bytes do not depend on history. */
export function sortedEntries<V>(map: Map<string, V>): [string, V][] {
  return [...map].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
}
