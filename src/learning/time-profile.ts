// When a device is active: a decaying 24 × 7 profile of activity by hour of day and day of week, in
// the site's local time (offset given by the caller: logs carry UTC epoch seconds).
import { LandmarkArray, type LandmarkArrayState } from './landmark.js';

export const HOURS_PER_WEEK = 24 * 7;

/** Hour of week 0..167 (day 0 = Sunday, as Date.getUTCDay) of epoch seconds, shifted by the site offset. */
export function hourOfWeek(ts: number, utcOffsetSeconds: number): number {
  const hours = Math.floor((ts + utcOffsetSeconds) / 3600);
  // 1970-01-01 was a Thursday (day 4)
  const day = (Math.floor(hours / 24) + 4) % 7;
  const hour = hours % 24;
  return ((day + 7) % 7) * 24 + ((hour + 24) % 24);
}

export class TimeProfile {
  readonly slots: LandmarkArray;
  constructor(halfLife: number) {
    this.slots = new LandmarkArray(new Float64Array(HOURS_PER_WEEK), halfLife);
  }

  add(how: number, ts: number, weight = 1): void {
    this.slots.add(how, ts, weight);
  }

  /** Share (0..1) of the decayed activity that fell in this hour of week; uniform is 1/168. */
  share(how: number): number {
    const v = this.slots.values;
    let total = 0;
    for (let i = 0; i < v.length; i++) total += v[i]!;
    return total === 0 ? 0 : v[how]! / total;
  }

  /** Share of activity in this hour of day, all days together (smoother for young profiles). */
  hourOfDayShare(how: number): number {
    const v = this.slots.values;
    const hour = how % 24;
    let total = 0;
    let inHour = 0;
    for (let i = 0; i < v.length; i++) {
      total += v[i]!;
      if (i % 24 === hour) inHour += v[i]!;
    }
    return total === 0 ? 0 : inHour / total;
  }

  /**
   * share(how) and hourOfDayShare(how) in one pass over the slots, written to out[0] and out[1]
   * (bit-identical to calling both: the same sums in the same order).
   */
  shares(how: number, out: Float64Array): void {
    const v = this.slots.values;
    const hour = how % 24;
    let total = 0;
    let inHour = 0;
    for (let i = 0; i < v.length; i++) total += v[i]!;
    for (let i = hour; i < v.length; i += 24) inHour += v[i]!;
    out[0] = total === 0 ? 0 : v[how]! / total;
    out[1] = total === 0 ? 0 : inHour / total;
  }

  merge(other: TimeProfile): void {
    this.slots.merge(other.slots);
  }

  toState(): LandmarkArrayState {
    return this.slots.toState();
  }

  restore(s: LandmarkArrayState): void {
    this.slots.restore(s);
  }
}
