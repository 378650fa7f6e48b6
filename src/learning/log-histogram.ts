// A decaying histogram over log-scale buckets (HIST_BUCKETS_PER_OCTAVE per doubling), for volumes
// whose spread covers orders of magnitude (bytes per connection). Percentiles from it are robust to
// the outliers that drag a mean/stddev, and it is mergeable by adding buckets.
import { LandmarkArray, type LandmarkArrayState } from './landmark.js';
import { HIST_BUCKETS, HIST_BUCKETS_PER_OCTAVE } from './parameters.js';

/** Bucket 0 holds x ≤ 0 … 1; bucket b ≥ 1 holds 2^((b−1)/k) < x ≤ 2^(b/k), k buckets per octave. */
export function bucketOf(x: number): number {
  if (!(x > 1)) return 0;
  const b = Math.ceil(Math.log2(x) * HIST_BUCKETS_PER_OCTAVE);
  return b >= HIST_BUCKETS ? HIST_BUCKETS - 1 : b;
}

/** The representative (geometric middle) value of a bucket. */
export function bucketValue(b: number): number {
  return b === 0 ? 1 : Math.pow(2, (b - 0.5) / HIST_BUCKETS_PER_OCTAVE);
}

export class LogHistogram {
  readonly buckets: LandmarkArray;
  constructor(halfLife: number) {
    this.buckets = new LandmarkArray(new Float64Array(HIST_BUCKETS), halfLife);
  }

  add(x: number, ts: number): void {
    this.buckets.add(bucketOf(x), ts);
  }

  /** The value below which fraction q of the (decayed) weight lies; 0 when empty. */
  quantile(q: number): number {
    const v = this.buckets.values;
    let total = 0;
    for (let i = 0; i < v.length; i++) total += v[i]!;
    if (total === 0) return 0;
    let acc = 0;
    for (let i = 0; i < v.length; i++) {
      acc += v[i]!;
      if (acc >= q * total) return bucketValue(i);
    }
    return bucketValue(v.length - 1);
  }

  /**
   * The fraction of past weight at or below x's bucket, counting half of x's own bucket (mid-rank),
   * so a value in the most common bucket is near the middle, not at 100 %.
   */
  percentileRank(x: number): number {
    const v = this.buckets.values;
    const b = bucketOf(x);
    let below = 0;
    let total = 0;
    for (let i = 0; i < v.length; i++) {
      total += v[i]!;
      if (i < b) below += v[i]!;
    }
    return total === 0 ? 0.5 : (below + v[b]! / 2) / total;
  }

  /**
   * percentileRank(x), quantile(0.5) and quantile(0.95) in one pass, written to out[0..2]
   * (bit-identical to the three calls: the same sums in the same order).
   */
  rankAndQuartiles(x: number, out: Float64Array): void {
    const v = this.buckets.values;
    const b = bucketOf(x);
    let below = 0;
    let total = 0;
    for (let i = 0; i < v.length; i++) {
      total += v[i]!;
      if (i < b) below += v[i]!;
    }
    out[0] = total === 0 ? 0.5 : (below + v[b]! / 2) / total;
    if (total === 0) {
      out[1] = 0;
      out[2] = 0;
      return;
    }
    const half = 0.5 * total;
    const p95 = 0.95 * total;
    let acc = 0;
    let i = 0;
    for (; i < v.length; i++) {
      acc += v[i]!;
      if (acc >= half) break;
    }
    out[1] = bucketValue(i < v.length ? i : v.length - 1);
    // the 95th percentile is at or after the median's bucket: continue the same running sum
    if (i >= v.length) {
      out[2] = bucketValue(v.length - 1);
      return;
    }
    while (i < v.length && !(acc >= p95)) {
      i++;
      if (i < v.length) acc += v[i]!;
    }
    out[2] = bucketValue(i < v.length ? i : v.length - 1);
  }

  merge(other: LogHistogram): void {
    this.buckets.merge(other.buckets);
  }

  toState(): LandmarkArrayState {
    return this.buckets.toState();
  }

  restore(s: LandmarkArrayState): void {
    this.buckets.restore(s);
  }
}
