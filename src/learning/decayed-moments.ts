// Decayed mean and variance (West's weighted incremental algorithm, weights decaying with event
// time). Stored as five numbers in a Float64Array slot so a device can hold dozens of them (per
// hour-of-day, per day-of-week) without an object each: 36 000 devices × 160 slots stay ~230 MB.
import { decayFactor } from './decay.js';

/** Numbers per slot: decayed weight, mean, decayed M2 (sum of squared deviations), raw samples, time. */
export const MOMENT_SLOT = 5;
const W = 0;
const MEAN = 1;
const M2 = 2;
const N = 3;
const T = 4;

export interface MomentsView {
  /** decayed weight of the samples (≈ samples within a few half-lives) */
  weight: number;
  mean: number;
  stddev: number;
  /** samples ever added (not decayed): how much history the baseline rests on */
  samples: number;
}

/** Adds sample x at event time ts to the slot starting at `off`. */
export function momentsAdd(a: Float64Array, off: number, x: number, ts: number, halfLife: number): void {
  momentsAddWithFactor(a, off, x, ts, decayFactor(Math.abs(ts - a[off + T]!), halfLife));
}

/** The decay factor between the slot's time and ts (slots updated together share one: one pow, not five). */
export function momentsFactor(a: Float64Array, off: number, ts: number, halfLife: number): number {
  return decayFactor(Math.abs(ts - a[off + T]!), halfLife);
}

/** momentsAdd with f = 2^(−|ts − slot time| / halfLife) already computed. */
export function momentsAddWithFactor(a: Float64Array, off: number, x: number, ts: number, f: number): void {
  let w = a[off + W]!;
  let m2 = a[off + M2]!;
  const t = a[off + T]!;
  let weight = 1;
  if (a[off + N] === 0) {
    a[off + T] = ts;
  } else if (ts >= t) {
    w *= f;
    m2 *= f;
    a[off + T] = ts;
  } else {
    weight = f;
  }
  const mean = a[off + MEAN]!;
  const nw = w + weight;
  const delta = x - mean;
  const newMean = mean + (weight / nw) * delta;
  a[off + W] = nw;
  a[off + MEAN] = newMean;
  a[off + M2] = m2 + weight * delta * (x - newMean);
  a[off + N] = a[off + N]! + 1;
}

export function momentsView(a: Float64Array, off: number): MomentsView {
  const w = a[off + W]!;
  const variance = w > 0 ? Math.max(0, a[off + M2]! / w) : 0;
  return { weight: w, mean: a[off + MEAN]!, stddev: Math.sqrt(variance), samples: a[off + N]! };
}

/** momentsView into an existing object (no allocation); returns it. */
export function momentsViewInto<V extends MomentsView>(a: Float64Array, off: number, out: V): V {
  const w = a[off + W]!;
  const variance = w > 0 ? Math.max(0, a[off + M2]! / w) : 0;
  out.weight = w;
  out.mean = a[off + MEAN]!;
  out.stddev = Math.sqrt(variance);
  out.samples = a[off + N]!;
  return out;
}

export function momentsSamples(a: Float64Array, off: number): number {
  return a[off + N]!;
}

/** Merges slot `bo` of b into slot `ao` of a (Chan's parallel formula after decaying both to one time). */
export function momentsMerge(a: Float64Array, ao: number, b: Float64Array, bo: number, halfLife: number): void {
  if (b[bo + N] === 0) return;
  if (a[ao + N] === 0) {
    for (let i = 0; i < MOMENT_SLOT; i++) a[ao + i] = b[bo + i]!;
    return;
  }
  const t = Math.max(a[ao + T]!, b[bo + T]!);
  const fa = decayFactor(t - a[ao + T]!, halfLife);
  const fb = decayFactor(t - b[bo + T]!, halfLife);
  const wa = a[ao + W]! * fa;
  const wb = b[bo + W]! * fb;
  const w = wa + wb;
  const delta = b[bo + MEAN]! - a[ao + MEAN]!;
  const mean = w > 0 ? a[ao + MEAN]! + (delta * wb) / w : a[ao + MEAN]!;
  const m2 = a[ao + M2]! * fa + b[bo + M2]! * fb + (w > 0 ? (delta * delta * wa * wb) / w : 0);
  a[ao + W] = w;
  a[ao + MEAN] = mean;
  a[ao + M2] = m2;
  a[ao + N] = a[ao + N]! + b[bo + N]!;
  a[ao + T] = t;
}

/** A single decayed mean/variance, for org-wide baselines. */
export class DecayedMoments {
  readonly slot = new Float64Array(MOMENT_SLOT);
  constructor(readonly halfLife: number) {}

  add(x: number, ts: number): void {
    momentsAdd(this.slot, 0, x, ts, this.halfLife);
  }

  view(): MomentsView {
    return momentsView(this.slot, 0);
  }

  merge(other: DecayedMoments): void {
    momentsMerge(this.slot, 0, other.slot, 0, this.halfLife);
  }

  toState(): number[] {
    return Array.from(this.slot);
  }

  static fromState(halfLife: number, s: readonly number[]): DecayedMoments {
    const m = new DecayedMoments(halfLife);
    m.slot.set(s);
    return m;
  }
}
