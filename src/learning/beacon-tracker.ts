// Connection starts and sizes of one (device, destination) pair over the trailing BEACON_WINDOW, at
// most BEACON_MAX_SAMPLES, with the last score. Scoring sorts the window, so it is redone only when
// a fraction of the samples is new (BEACON_RESCORE_FRACTION): cost stays O(1) amortised per
// connection. The score is state (snapshotted), and it is computed in observe(), never in metrics(),
// so asking for metrics cannot change what a replay learns.
import { scoreBeacon, type BeaconScore } from './beacon-score.js';
import { BEACON_MAX_SAMPLES, BEACON_MIN_CONNS, BEACON_RESCORE_FRACTION, BEACON_WINDOW } from './parameters.js';

export interface BeaconTrackerState {
  times: number[];
  bytes: number[];
  since_score: number;
  last: number;
  score: BeaconScore | null;
}

export class BeaconTracker {
  times: number[] = [];
  bytes: number[] = [];
  /** samples added since the last score */
  sinceScore = 0;
  score: BeaconScore | null = null;
  /** latest event time (for eviction) */
  last = 0;

  add(ts: number, origBytes: number): void {
    this.times.push(ts);
    this.bytes.push(origBytes);
    if (ts > this.last) this.last = ts;
    // drop what fell out of the window (starts arrive nearly in order), then what exceeds the cap
    let drop = 0;
    const horizon = this.last - BEACON_WINDOW;
    while (drop < this.times.length && this.times[drop]! < horizon) drop++;
    drop = Math.max(drop, this.times.length - BEACON_MAX_SAMPLES);
    if (drop > 0) {
      this.times.splice(0, drop);
      this.bytes.splice(0, drop);
    }
    this.sinceScore++;
    const n = this.times.length;
    if (n < BEACON_MIN_CONNS) {
      this.score = null;
      return;
    }
    if (this.score === null || this.sinceScore >= Math.max(1, Math.floor(n * BEACON_RESCORE_FRACTION))) {
      this.score = scoreBeacon(this.times, this.bytes);
      this.sinceScore = 0;
    }
  }

  toState(): BeaconTrackerState {
    return { times: this.times.slice(), bytes: this.bytes.slice(), since_score: this.sinceScore, last: this.last, score: this.score };
  }

  static fromState(s: BeaconTrackerState): BeaconTracker {
    const t = new BeaconTracker();
    t.times = s.times.slice();
    t.bytes = s.bytes.slice();
    t.sinceScore = s.since_score;
    t.score = s.score ? { ...s.score } : null;
    t.last = s.last;
    return t;
  }
}
