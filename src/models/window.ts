// A sliding window over event time for one model, key and component: how many observations, how
// many distinct values, or their sum, over the trailing span. Event time only moves forward here
// (the pipeline reorders first), so eviction from the front keeps every query O(1) amortised.

/** Samples kept per window at most: distinct counts saturate here, counts and sums drop the oldest. */
export const MAX_WINDOW_SAMPLES = 4096;

export class SlidingWindow {
  private ts: number[] = [];
  private vals: (string | number)[] = [];
  private head = 0;
  private readonly distinctCounts: Map<string | number, number> | null;
  private total = 0;

  constructor(
    readonly span: number,
    kind: 'count' | 'distinct' | 'sum',
  ) {
    this.distinctCounts = kind === 'distinct' ? new Map() : null;
  }

  push(ts: number, v: string | number | undefined): void {
    this.evict(ts);
    if (v === undefined && this.distinctCounts) return;
    if (this.ts.length - this.head >= MAX_WINDOW_SAMPLES) this.dropOldest();
    this.ts.push(ts);
    const val = v ?? 0;
    this.vals.push(val);
    if (this.distinctCounts) this.distinctCounts.set(val, (this.distinctCounts.get(val) ?? 0) + 1);
    else if (typeof val === 'number') this.total += val;
  }

  count(now: number): number {
    this.evict(now);
    return this.ts.length - this.head;
  }

  distinct(now: number): number {
    this.evict(now);
    return this.distinctCounts?.size ?? 0;
  }

  sum(now: number): number {
    this.evict(now);
    return this.total;
  }

  private evict(now: number): void {
    const from = now - this.span;
    while (this.head < this.ts.length && this.ts[this.head]! < from) this.dropOldest();
    if (this.head > 1024 && this.head * 2 > this.ts.length) {
      this.ts = this.ts.slice(this.head);
      this.vals = this.vals.slice(this.head);
      this.head = 0;
    }
  }

  private dropOldest(): void {
    const v = this.vals[this.head]!;
    this.head++;
    if (this.distinctCounts) {
      const n = this.distinctCounts.get(v)! - 1;
      if (n) this.distinctCounts.set(v, n);
      else this.distinctCounts.delete(v);
    } else if (typeof v === 'number') this.total -= v;
  }
}
