// One internal device's pattern of life: per-hour totals (bytes out, bytes in, connections, distinct
// internal peers, distinct ports) accumulated for the current event-time hour and, when the hour
// ends, folded into decayed mean/variance slots by hour of day, by day of week and over all hours;
// a 24 × 7 activity profile; and log-scale histograms of bytes per connection.
//
// Hours without any activity are not samples: the baselines describe the device's active hours
// (a laptop that is off at night does not drag its daytime mean to zero). An observation that
// arrives after its hour was closed (late by more than the hour) is counted in the current hour.
import { MOMENT_SLOT, momentsAddWithFactor, momentsFactor, momentsMerge, momentsSamples, momentsView, momentsViewInto, type MomentsView } from './decayed-moments.js';
import type { LandmarkArrayState } from './landmark.js';
import { LogHistogram } from './log-histogram.js';
import { DEVICE_HALF_LIFE, MAX_DISTINCT_PER_HOUR, MIN_SLOT_SAMPLES, SECONDS_PER_HOUR } from './parameters.js';
import { TimeProfile } from './time-profile.js';

/** The per-hour measures, in slot order. */
export const HOURLY_MEASURES = ['bytes_out', 'bytes_in', 'connections', 'internal_peers', 'ports'] as const;
export type HourlyMeasure = (typeof HOURLY_MEASURES)[number];
const MEASURE_INDEX: Record<HourlyMeasure, number> = { bytes_out: 0, bytes_in: 1, connections: 2, internal_peers: 3, ports: 4 };

/** Slots per measure: 24 hours of day, 7 days of week, all hours. */
const SLOTS = 24 + 7 + 1;
const ALL_HOURS = 31;
const MEASURES = HOURLY_MEASURES.length;
/**
 * Offset of a measure's slot in `moments`. In memory the layout is slot-major (the five measures of a
 * slot are adjacent: an hour's close touches three runs of 25 numbers, not fifteen scattered ones);
 * snapshots keep the measure-major layout of format version 1 (see toState).
 */
function off(m: number, slot: number): number {
  return (slot * MEASURES + m) * MOMENT_SLOT;
}

/** Below these a standard deviation is not trusted (a perfectly steady history must not make 1 byte a 1000σ event). */
const MIN_STDDEV: Record<HourlyMeasure, number> = { bytes_out: 1024, bytes_in: 1024, connections: 1, internal_peers: 1, ports: 1 };
const MIN_STDDEV_BY_INDEX = HOURLY_MEASURES.map((m) => MIN_STDDEV[m]);
/** … nor below this fraction of the mean. */
const MIN_STDDEV_FRACTION = 0.1;

export interface HourlyBaseline extends MomentsView {
  /** which slot the baseline came from */
  basis: 'hour_of_day' | 'all_hours';
  /** the stddev actually divided by (after the floors) */
  stddev_used: number;
}

export interface DeviceProfileState {
  first: number;
  last: number;
  hash: number;
  last_gen: number;
  hour: number;
  current: number[];
  peers: number[];
  ports: number[];
  hours_closed: number;
  moments: number[];
  activity: LandmarkArrayState;
  bytes_out_hist: LandmarkArrayState;
  bytes_in_hist: LandmarkArrayState;
}

export class DeviceProfile {
  first: number;
  last: number;
  /** rarity generation this device was last active in (for counting active devices) */
  lastGen = -1;
  /** current event-time hour (epoch hours) and its running totals */
  hour = -1;
  readonly current = new Float64Array(3);
  peers: number[] = [];
  ports: number[] = [];
  /** hours folded into the baselines */
  hoursClosed = 0;
  readonly moments = new Float64Array(HOURLY_MEASURES.length * SLOTS * MOMENT_SLOT);
  readonly activity = new TimeProfile(DEVICE_HALF_LIFE);
  readonly bytesOutHist = new LogHistogram(DEVICE_HALF_LIFE);
  readonly bytesInHist = new LogHistogram(DEVICE_HALF_LIFE);

  constructor(
    ts: number,
    /** 32-bit hash of the device id: its member value in distinct-device sketches */
    readonly hash: number,
    private readonly utcOffset: number,
  ) {
    this.first = ts;
    this.last = ts;
  }

  /** Records one connection of this device. `peerHash`: an internal peer; `portHash`: a port it used. */
  addConnection(ts: number, how: number, bytesOut: number, bytesIn: number, peerHash: number | undefined, portHash: number | undefined): void {
    const hour = Math.floor(ts / SECONDS_PER_HOUR);
    if (hour > this.hour) this.closeHour(hour);
    this.current[0] = this.current[0]! + bytesOut;
    this.current[1] = this.current[1]! + bytesIn;
    this.current[2] = this.current[2]! + 1;
    if (peerHash !== undefined && this.peers.length < MAX_DISTINCT_PER_HOUR && !this.peers.includes(peerHash)) this.peers.push(peerHash);
    if (portHash !== undefined && this.ports.length < MAX_DISTINCT_PER_HOUR && !this.ports.includes(portHash)) this.ports.push(portHash);
    this.activity.add(how, ts);
    this.bytesOutHist.add(bytesOut, ts);
    this.bytesInHist.add(bytesIn, ts);
  }

  /** The current hour's running total of a measure. */
  currentTotal(m: HourlyMeasure): number {
    const i = MEASURE_INDEX[m];
    return i < 3 ? this.current[i]! : i === 3 ? this.peers.length : this.ports.length;
  }

  private closeHour(next: number): void {
    if (this.hour >= 0 && this.current[2]! > 0) {
      const start = this.hour * SECONDS_PER_HOUR;
      const local = Math.floor((start + this.utcOffset) / SECONDS_PER_HOUR);
      const hod = ((local % 24) + 24) % 24;
      const dow = (((Math.floor(local / 24) + 4) % 7) + 7) % 7;
      // the five measures of a slot are always updated together, so they share one decay factor
      const a = this.moments;
      const oh = off(0, hod);
      const od = off(0, 24 + dow);
      const oa = off(0, ALL_HOURS);
      // an empty slot ignores the factor: spare its pow
      const fh = momentsSamples(a, oh) === 0 ? 1 : momentsFactor(a, oh, start, DEVICE_HALF_LIFE);
      const fd = momentsSamples(a, od) === 0 ? 1 : momentsFactor(a, od, start, DEVICE_HALF_LIFE);
      const fa = momentsSamples(a, oa) === 0 ? 1 : momentsFactor(a, oa, start, DEVICE_HALF_LIFE);
      for (let m = 0; m < MEASURES; m++) {
        const x = m < 3 ? this.current[m]! : m === 3 ? this.peers.length : this.ports.length;
        const mo = m * MOMENT_SLOT;
        momentsAddWithFactor(a, oh + mo, x, start, fh);
        momentsAddWithFactor(a, od + mo, x, start, fd);
        momentsAddWithFactor(a, oa + mo, x, start, fa);
      }
      this.hoursClosed++;
    }
    this.hour = next;
    this.current.fill(0);
    // emptied in place: a fresh array per device-hour would live an hour of event time, long enough
    // to be promoted to the old generation
    if (this.peers.length > 0) this.peers.length = 0;
    if (this.ports.length > 0) this.ports.length = 0;
  }

  /**
   * The baseline a measure's hourly total at hour of week `how` is compared with: the same hour of
   * day once it has MIN_SLOT_SAMPLES hours, else all of the device's active hours.
   */
  baseline(m: HourlyMeasure, how: number): HourlyBaseline {
    return this.baselineInto(MEASURE_INDEX[m], how, { weight: 0, mean: 0, stddev: 0, samples: 0, basis: 'all_hours', stddev_used: 0 });
  }

  /** baseline() of measure index `mi` (HOURLY_MEASURES order) written into `out`, which is returned (no allocation). */
  baselineInto(mi: number, how: number, out: HourlyBaseline): HourlyBaseline {
    const a = this.moments;
    let o = off(mi, how % 24);
    const useSlot = momentsSamples(a, o) >= MIN_SLOT_SAMPLES;
    if (!useSlot) o = off(mi, ALL_HOURS);
    momentsViewInto(a, o, out);
    out.basis = useSlot ? 'hour_of_day' : 'all_hours';
    out.stddev_used = Math.max(out.stddev, Math.abs(out.mean) * MIN_STDDEV_FRACTION, MIN_STDDEV_BY_INDEX[mi]!);
    return out;
  }

  /** Day-of-week baseline of a measure (0 = Sunday). */
  dayOfWeekBaseline(m: HourlyMeasure, dow: number): MomentsView {
    return momentsView(this.moments, off(MEASURE_INDEX[m], 24 + dow));
  }

  merge(other: DeviceProfile): void {
    for (let s = 0; s < MEASURES * SLOTS; s++) momentsMerge(this.moments, s * MOMENT_SLOT, other.moments, s * MOMENT_SLOT, DEVICE_HALF_LIFE);
    this.activity.merge(other.activity);
    this.bytesOutHist.merge(other.bytesOutHist);
    this.bytesInHist.merge(other.bytesInHist);
    this.first = Math.min(this.first, other.first);
    this.last = Math.max(this.last, other.last);
    this.hoursClosed += other.hoursClosed;
  }

  toState(): DeviceProfileState {
    return {
      first: this.first,
      last: this.last,
      hash: this.hash,
      last_gen: this.lastGen,
      hour: this.hour,
      current: Array.from(this.current),
      peers: this.peers.slice(),
      ports: this.ports.slice(),
      hours_closed: this.hoursClosed,
      moments: momentsToState(this.moments),
      activity: this.activity.toState(),
      bytes_out_hist: this.bytesOutHist.toState(),
      bytes_in_hist: this.bytesInHist.toState(),
    };
  }

  static fromState(s: DeviceProfileState, utcOffset: number): DeviceProfile {
    const d = new DeviceProfile(s.first, s.hash, utcOffset);
    d.last = s.last;
    d.lastGen = s.last_gen;
    d.hour = s.hour;
    d.current.set(s.current);
    d.peers = s.peers.slice();
    d.ports = s.ports.slice();
    d.hoursClosed = s.hours_closed;
    momentsFromState(d.moments, s.moments);
    d.activity.restore(s.activity);
    d.bytesOutHist.restore(s.bytes_out_hist);
    d.bytesInHist.restore(s.bytes_in_hist);
    return d;
  }
}

/** Snapshot layout (measure-major, as format version 1) from the in-memory slot-major one. */
function momentsToState(a: Float64Array): number[] {
  const out = new Array<number>(a.length);
  let i = 0;
  for (let m = 0; m < MEASURES; m++) {
    for (let slot = 0; slot < SLOTS; slot++) {
      const o = off(m, slot);
      for (let k = 0; k < MOMENT_SLOT; k++) out[i++] = a[o + k]!;
    }
  }
  return out;
}

function momentsFromState(a: Float64Array, s: readonly number[]): void {
  let i = 0;
  for (let m = 0; m < MEASURES; m++) {
    for (let slot = 0; slot < SLOTS; slot++) {
      const o = off(m, slot);
      for (let k = 0; k < MOMENT_SLOT; k++) a[o + k] = s[i++]!;
    }
  }
}
