// Decaying a whole array (a histogram, a 24×7 profile) on every add would cost one multiply per
// bucket. Instead each add is scaled UP by 2^((ts − t0)/halfLife) relative to a landmark time t0, and
// reads scale down by 2^(−(now − t0)/halfLife): O(1) adds, identical results. When the scale-up
// grows large the array is renormalised onto a new landmark; this depends only on event times, so
// it is deterministic.

/** Renormalise once adds are scaled by more than 2^RENORMALISE_EXPONENT (far from overflow). */
const RENORMALISE_EXPONENT = 64;

// A device adds to three arrays (activity, bytes out, bytes in) with the same landmark and event
// time: remember the last scale-up so it costs one pow, not three (same inputs, same double).
let lastTs = NaN;
let lastT0 = NaN;
let lastHalfLife = NaN;
let lastScale = 1;

function scaleUp(ts: number, t0: number, halfLife: number, e: number): number {
  if (ts !== lastTs || t0 !== lastT0 || halfLife !== lastHalfLife) {
    lastTs = ts;
    lastT0 = t0;
    lastHalfLife = halfLife;
    lastScale = Math.pow(2, e);
  }
  return lastScale;
}

export interface LandmarkArrayState {
  t0: number | null;
  values: number[];
}

export class LandmarkArray {
  /** landmark event time; null until the first add */
  t0: number | null = null;
  constructor(
    readonly values: Float64Array,
    readonly halfLife: number,
  ) {}

  add(i: number, ts: number, weight = 1): void {
    if (this.t0 === null) this.t0 = ts;
    let e = (ts - this.t0) / this.halfLife;
    if (e > RENORMALISE_EXPONENT) {
      const f = Math.pow(2, -e);
      for (let j = 0; j < this.values.length; j++) this.values[j] = this.values[j]! * f;
      this.t0 = ts;
      e = 0;
    }
    this.values[i] = this.values[i]! + weight * scaleUp(ts, this.t0, this.halfLife, e);
  }

  /** The decayed weight of bucket i as of event time `now`. */
  at(i: number, now: number): number {
    return this.t0 === null ? 0 : this.values[i]! * Math.pow(2, -(now - this.t0) / this.halfLife);
  }

  /** The decayed total as of `now`. */
  total(now: number): number {
    let s = 0;
    for (let j = 0; j < this.values.length; j++) s += this.values[j]!;
    return this.t0 === null ? 0 : s * Math.pow(2, -(now - this.t0) / this.halfLife);
  }

  /** Adds another array of the same shape and half-life, rescaled onto the later landmark. */
  merge(other: LandmarkArray): void {
    if (other.t0 === null) return;
    if (this.t0 === null) {
      this.t0 = other.t0;
      this.values.set(other.values);
      return;
    }
    const t0 = Math.max(this.t0, other.t0);
    const fa = Math.pow(2, -(t0 - this.t0) / this.halfLife);
    const fb = Math.pow(2, -(t0 - other.t0) / this.halfLife);
    for (let j = 0; j < this.values.length; j++) this.values[j] = this.values[j]! * fa + other.values[j]! * fb;
    this.t0 = t0;
  }

  toState(): LandmarkArrayState {
    return { t0: this.t0, values: Array.from(this.values) };
  }

  restore(s: LandmarkArrayState): void {
    this.t0 = s.t0;
    this.values.set(s.values);
  }
}
