// Beacon scoring in the spirit of RITA: malware that calls home on a timer leaves connections at
// regular intervals, often of regular size, spread over the whole time it runs. Each property is a
// separate 0..1 sub-score, kept and explained on its own (RITA stores each in its own column):
//
//   timing    regularity of the intervals between connection starts (relative MAD, Bowley skew)
//   size      regularity of the bytes the device sent per connection (relative MAD, Bowley skew)
//   coverage  fraction of the span's bins (an hour, or two median intervals if longer) with a connection
//   count     how many intervals back the estimate (1 at BEACON_FULL_INTERVALS)
//
//   score = count × timing × (0.6 + 0.2·size + 0.2·coverage)
//
// Timing is the defining trait and multiplies everything; size and coverage strengthen it (beacons
// that receive tasking vary in size, so size cannot veto). Count scales down what little data says.
import {
  BEACON_COVERAGE_BIN,
  BEACON_FULL_INTERVALS,
  BEACON_MAD_TOLERANCE,
} from './parameters.js';
import { regularity, robustSummary } from './robust.js';

export interface BeaconScore {
  score: number;
  timing: number;
  size: number;
  coverage: number;
  count: number;
  /** connections scored */
  connections: number;
  /** median interval between connection starts, seconds */
  median_interval: number;
  /** median absolute deviation of the intervals, seconds */
  interval_mad: number;
  /** median bytes sent per connection */
  median_bytes: number;
}

/** Scores connection start times (any order) and the bytes sent on each (same order). */
export function scoreBeacon(times: readonly number[], bytes: readonly number[]): BeaconScore {
  const n = times.length;
  const sorted = Float64Array.from(times).sort();
  const intervals = new Float64Array(Math.max(0, n - 1));
  for (let i = 1; i < n; i++) intervals[i - 1] = sorted[i]! - sorted[i - 1]!;
  const ti = robustSummary(intervals);
  const timing = regularity(ti, BEACON_MAD_TOLERANCE).score;

  const sz = robustSummary(Float64Array.from(bytes));
  const size = regularity(sz, BEACON_MAD_TOLERANCE).score;

  const first = sorted[0] ?? 0;
  const span = (sorted[n - 1] ?? 0) - first;
  const bin = Math.max(BEACON_COVERAGE_BIN, 2 * ti.median);
  const bins = Math.max(1, Math.ceil(span / bin));
  let covered = 0;
  let lastBin = -1;
  for (let i = 0; i < n; i++) {
    const b = Math.min(bins - 1, Math.floor((sorted[i]! - first) / bin));
    if (b !== lastBin) {
      covered++;
      lastBin = b;
    }
  }
  const coverage = covered / bins;
  const count = Math.min(1, (n - 1) / BEACON_FULL_INTERVALS);
  const score = count * timing * (0.6 + 0.2 * size + 0.2 * coverage);
  return {
    score,
    timing,
    size,
    coverage,
    count,
    connections: n,
    median_interval: ti.median,
    interval_mad: ti.mad,
    median_bytes: sz.median,
  };
}
