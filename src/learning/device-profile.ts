// One internal device's pattern of life: per-hour totals (bytes out, bytes in, connections, distinct
// internal peers, distinct ports) accumulated for the current event-time hour and, when the hour
// ends, folded into decayed mean/variance slots by hour of day, by day of week and over all hours;
// a 24 × 7 activity profile; and log-scale histograms of bytes per connection.
//
// Hours without any activity are not samples: the baselines describe the device's active hours
// (a laptop that is off at night does not drag its daytime mean to zero). An observation that
// arrives after its hour was closed (late by more than the hour) is counted in the current hour.
import { MOMENT_SLOT, momentsAddWithFactor, momentsFactor, momentsMerge, momentsView, type MomentsView } from './decayed-moments.js';
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

/** Below these a standard deviation is not trusted (a perfectly steady history must not make 1 byte a 1000σ event). */
const MIN_STDDEV: Record<HourlyMeasure, number> = { bytes_out: 1024, bytes_in: 1024, connections: 1, internal_peers: 1, ports: 1 };
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
      const fh = momentsFactor(a, hod * MOMENT_SLOT, start, DEVICE_HALF_LIFE);
      const fd = momentsFactor(a, (24 + dow) * MOMENT_SLOT, start, DEVICE_HALF_LIFE);
      const fa = momentsFactor(a, ALL_HOURS * MOMENT_SLOT, start, DEVICE_HALF_LIFE);
      for (let m = 0; m < HOURLY_MEASURES.length; m++) {
        const x = m < 3 ? this.current[m]! : m === 3 ? this.peers.length : this.ports.length;
        const base = m * SLOTS * MOMENT_SLOT;
        momentsAddWithFactor(a, base + hod * MOMENT_SLOT, x, start, fh);
        momentsAddWithFactor(a, base + (24 + dow) * MOMENT_SLOT, x, start, fd);
        momentsAddWithFactor(a, base + ALL_HOURS * MOMENT_SLOT, x, start, fa);
      }
      this.hoursClosed++;
    }
    this.hour = next;
    this.current.fill(0);
    if (this.peers.length > 0) this.peers = [];
    if (this.ports.length > 0) this.ports = [];
  }

  /**
   * The baseline a measure's hourly total at hour of week `how` is compared with: the same hour of
   * day once it has MIN_SLOT_SAMPLES hours, else all of the device's active hours.
   */
  baseline(m: HourlyMeasure, how: number): HourlyBaseline {
    const base = MEASURE_INDEX[m] * SLOTS * MOMENT_SLOT;
    const slot = momentsView(this.moments, base + (how % 24) * MOMENT_SLOT);
    const useSlot = slot.samples >= MIN_SLOT_SAMPLES;
    const v = useSlot ? slot : momentsView(this.moments, base + ALL_HOURS * MOMENT_SLOT);
    const stddevUsed = Math.max(v.stddev, Math.abs(v.mean) * MIN_STDDEV_FRACTION, MIN_STDDEV[m]);
    return { weight: v.weight, mean: v.mean, stddev: v.stddev, samples: v.samples, basis: useSlot ? 'hour_of_day' : 'all_hours', stddev_used: stddevUsed };
  }

  /** Day-of-week baseline of a measure (0 = Sunday). */
  dayOfWeekBaseline(m: HourlyMeasure, dow: number): MomentsView {
    return momentsView(this.moments, (MEASURE_INDEX[m] * SLOTS + 24 + dow) * MOMENT_SLOT);
  }

  merge(other: DeviceProfile): void {
    for (let s = 0; s < HOURLY_MEASURES.length * SLOTS; s++) momentsMerge(this.moments, s * MOMENT_SLOT, other.moments, s * MOMENT_SLOT, DEVICE_HALF_LIFE);
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
      moments: Array.from(this.moments),
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
    d.moments.set(s.moments);
    d.activity.restore(s.activity);
    d.bytesOutHist.restore(s.bytes_out_hist);
    d.bytesInHist.restore(s.bytes_in_hist);
    return d;
  }
}
