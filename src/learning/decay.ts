// Exponential decay by event time. A value v recorded at time t is worth v·2^(−(now−t)/halfLife) at
// `now`: after one half-life it counts half. Decay is applied lazily when the value is touched, so an
// idle entity costs nothing, and it depends only on event timestamps, so replays are bit-identical.

/** The weight left after `dt` seconds with the given half-life (1 for dt ≤ 0: no growth backwards). */
export function decayFactor(dt: number, halfLife: number): number {
  return dt <= 0 ? 1 : Math.pow(2, -dt / halfLife);
}

export interface DecayedCounterState {
  value: number;
  t: number;
}

/**
 * An exponentially decayed counter. Adds out of order (ts before the last update) are decayed to the
 * counter's time instead, so the result is the same whatever the arrival order within rounding.
 */
export class DecayedCounter {
  constructor(
    readonly halfLife: number,
    public value = 0,
    /** event time the value refers to */
    public t = 0,
  ) {}

  add(ts: number, weight = 1): void {
    if (this.value === 0 && this.t === 0) this.t = ts;
    if (ts >= this.t) {
      this.value = this.value * decayFactor(ts - this.t, this.halfLife) + weight;
      this.t = ts;
    } else {
      this.value += weight * decayFactor(this.t - ts, this.halfLife);
    }
  }

  /** The value as of `ts` (not earlier than the last update: decay never runs backwards). */
  valueAt(ts: number): number {
    return this.value * decayFactor(ts - this.t, this.halfLife);
  }

  /** Adds another counter with the same half-life (two sensors, two shards). */
  merge(other: DecayedCounter): void {
    const t = Math.max(this.t, other.t);
    this.value = this.valueAt(t) + other.valueAt(t);
    this.t = t;
  }

  toState(): DecayedCounterState {
    return { value: this.value, t: this.t };
  }

  static fromState(halfLife: number, s: DecayedCounterState): DecayedCounter {
    return new DecayedCounter(halfLife, s.value, s.t);
  }
}
