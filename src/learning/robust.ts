// Robust summaries of small samples (beacon intervals and sizes): quartiles, Bowley skewness and the
// median absolute deviation. Outliers (a missed beat, one large upload) move them little.

/** Quantile of a sorted array with linear interpolation between ranks (type 7, as R's default). */
export function quantileSorted(sorted: ArrayLike<number>, q: number): number {
  const n = sorted.length;
  if (n === 0) return 0;
  const pos = (n - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.min(lo + 1, n - 1);
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (pos - lo);
}

export interface RobustSummary {
  q1: number;
  median: number;
  q3: number;
  /** Bowley (quartile) skewness in −1..1: 0 for a symmetric distribution */
  bowley: number;
  /** median absolute deviation from the median */
  mad: number;
}

/** Summarises the values (the input is sorted in place: pass a scratch copy). */
export function robustSummary(values: Float64Array): RobustSummary {
  values.sort();
  const q1 = quantileSorted(values, 0.25);
  const median = quantileSorted(values, 0.5);
  const q3 = quantileSorted(values, 0.75);
  const iqr = q3 - q1;
  // a zero spread is perfectly symmetric, not undefined
  const bowley = iqr > 0 ? (q3 + q1 - 2 * median) / iqr : 0;
  for (let i = 0; i < values.length; i++) values[i] = Math.abs(values[i]! - median);
  values.sort();
  return { q1, median, q3, bowley, mad: quantileSorted(values, 0.5) };
}

/**
 * Regularity 0..1 of a sample: dispersion (MAD relative to the median, reaching 0 at `tolerance`)
 * weighted by symmetry (1 − |Bowley|). Dispersion is what separates a timer from a person; skew
 * only refines it, so it can halve a score but not make one.
 */
export function regularity(s: RobustSummary, tolerance: number): { score: number; dispersion: number; symmetry: number } {
  const symmetry = 1 - Math.min(1, Math.abs(s.bowley));
  let dispersion: number;
  if (s.median > 0) dispersion = Math.max(0, 1 - s.mad / s.median / tolerance);
  else dispersion = s.mad === 0 ? 1 : 0;
  return { score: dispersion * (0.5 + 0.5 * symmetry), dispersion, symmetry };
}
