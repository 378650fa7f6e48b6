// First-seen registry: key → first time, last time, count, exact up to a cap. Past the cap the least
// recently seen entries are evicted into a count-min sketch, so a key that comes back after eviction
// is still known (approximately) instead of looking brand new: novelty metrics stay quiet about
// long-standing but infrequent contacts, the common case that overflows a cap.
import { enforceCap, sortedEntries } from './evict.js';
import { FirstSeenSketch, type FirstSeenSketchState } from './first-seen-sketch.js';
import { FIRST_SEEN_SKETCH_DEPTH, FIRST_SEEN_SKETCH_WIDTH } from './parameters.js';

export interface FirstSeenEntry {
  first: number;
  last: number;
  count: number;
  /** the first time came from the sketch after an eviction: a lower bound, not exact */
  approx: boolean;
}

export interface FirstSeenState {
  cap: number;
  entries: [string, number, number, number, boolean][];
  sketch: FirstSeenSketchState | null;
}

export class FirstSeenRegistry {
  readonly entries = new Map<string, FirstSeenEntry>();
  readonly sketch = new FirstSeenSketch(FIRST_SEEN_SKETCH_DEPTH, FIRST_SEEN_SKETCH_WIDTH);
  evicted = 0;

  constructor(readonly cap: number) {}

  /** Records a sighting at event time ts and returns the entry (count 1 on first contact). */
  touch(key: string, ts: number): FirstSeenEntry {
    let e = this.entries.get(key);
    if (e) {
      if (ts < e.first) e.first = ts;
      if (ts > e.last) e.last = ts;
      e.count++;
      return e;
    }
    const old = this.sketch.get(key);
    e = old
      ? { first: Math.min(old.first, ts), last: Math.max(old.last, ts), count: old.count + 1, approx: true }
      : { first: ts, last: ts, count: 1, approx: false };
    this.entries.set(key, e);
    if (this.entries.size > this.cap) {
      this.evicted += enforceCap(this.entries, this.cap, (k, v) => this.sketch.add(k, v.first, v.last, v.count));
    }
    return e;
  }

  /** What is known of a key without recording a sighting. */
  get(key: string): FirstSeenEntry | undefined {
    const e = this.entries.get(key);
    if (e) return e;
    const s = this.sketch.get(key);
    return s ? { ...s, approx: true } : undefined;
  }

  get size(): number {
    return this.entries.size;
  }

  merge(other: FirstSeenRegistry): void {
    for (const [k, o] of sortedEntries(other.entries)) {
      const e = this.entries.get(k);
      if (e) {
        e.first = Math.min(e.first, o.first);
        e.last = Math.max(e.last, o.last);
        e.count += o.count;
        e.approx ||= o.approx;
      } else {
        this.entries.set(k, { ...o });
      }
    }
    this.sketch.merge(other.sketch);
    this.evicted += enforceCap(this.entries, this.cap, (k, v) => this.sketch.add(k, v.first, v.last, v.count));
  }

  toState(): FirstSeenState {
    return {
      cap: this.cap,
      entries: sortedEntries(this.entries).map(([k, e]) => [k, e.first, e.last, e.count, e.approx]),
      sketch: this.sketch.toState(),
    };
  }

  static fromState(s: FirstSeenState): FirstSeenRegistry {
    const r = new FirstSeenRegistry(s.cap);
    for (const [k, first, last, count, approx] of s.entries) r.entries.set(k, { first, last, count, approx });
    r.sketch.restore(s.sketch);
    return r;
  }
}
