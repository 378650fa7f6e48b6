// Distinct members (device hashes, subdomain hashes) over a trailing window of event time, as two
// generations: "now" counts members of the current generation and the one before it, so the window
// covers between one and two generations. Small sets are exact arrays (the long tail of endpoints is
// reached by one or two devices, and an array of two numbers is far smaller than a 4 KiB sketch);
// past EXACT_DISTINCT_MAX members a set becomes a HyperLogLog. Counting is O(1) in both forms: the
// union's size is kept as members arrive.
import { HyperLogLog } from './hyperloglog.js';
import { EXACT_DISTINCT_MAX } from './parameters.js';

export type WindowedDistinctState =
  | { gen: number; cur: number[]; prev: number[]; union_count: number }
  | { gen: number; cur_hll: string; union_hll: string };

/** Shared, never written (see `prev`). */
const NO_MEMBERS: number[] = [];

export class WindowedDistinct {
  /** generation of `cur` */
  gen = 0;
  // exact form
  private cur: number[] | null = [];
  // starts as the shared empty array (most items never see a second generation); copied on first write
  private prev: number[] | null = NO_MEMBERS;
  private unionCount = 0;
  // sketch form: the current generation, and the union of it with the previous one
  private curHll: HyperLogLog | null = null;
  private unionHll: HyperLogLog | null = null;

  get isSketch(): boolean {
    return this.curHll !== null;
  }

  /** Adds a member (unsigned 32-bit hash) seen in generation `gen`. */
  add(hash: number, gen: number): void {
    if (gen > this.gen) this.rotate(gen);
    else if (gen < this.gen - 1) return; // older than the window: nothing to count
    const late = gen < this.gen;
    if (this.curHll) {
      if (!late) this.curHll.add(hash);
      this.unionHll!.add(hash);
      return;
    }
    const cur = this.cur!;
    const prev = this.prev!;
    if (late) {
      if (prev.includes(hash)) return;
      if (prev === NO_MEMBERS) this.prev = [hash];
      else prev.push(hash);
      if (!cur.includes(hash)) this.unionCount++;
      return;
    }
    if (cur.includes(hash)) return;
    cur.push(hash);
    if (!prev.includes(hash)) this.unionCount++;
    if (cur.length > EXACT_DISTINCT_MAX) this.promote();
  }

  /**
   * Calls `fn` for each member in the window as of generation `gen` while it is kept exactly;
   * false (and no calls) once the set is a sketch — a widely shared item, common by definition.
   */
  forEachMember(gen: number, fn: (hash: number) => void): boolean {
    if (this.curHll) return false;
    if (gen === this.gen + 1) {
      for (const h of this.cur!) fn(h);
      return true;
    }
    if (gen > this.gen + 1) return true;
    for (const h of this.cur!) fn(h);
    for (const h of this.prev!) if (!this.cur!.includes(h)) fn(h);
    return true;
  }

  /** Distinct members in the window as of generation `gen` (does not change the set). */
  count(gen: number): number {
    if (gen === this.gen) return this.curHll ? this.unionHll!.estimate() : this.unionCount;
    if (gen === this.gen + 1) return this.curHll ? this.curHll.estimate() : this.cur!.length;
    if (gen < this.gen) return this.count(this.gen); // a late question: answer with the latest window
    return 0;
  }

  private rotate(gen: number): void {
    const adjacent = gen === this.gen + 1;
    this.gen = gen;
    if (this.curHll) {
      // the new generation starts empty, so its union with the previous one is the previous one
      this.unionHll = adjacent ? this.curHll : new HyperLogLog();
      this.curHll = new HyperLogLog();
      return;
    }
    this.prev = adjacent ? this.cur! : NO_MEMBERS;
    this.cur = [];
    this.unionCount = this.prev.length;
  }

  private promote(): void {
    const cur = new HyperLogLog();
    const union = new HyperLogLog();
    for (const h of this.cur!) {
      cur.add(h);
      union.add(h);
    }
    for (const h of this.prev!) union.add(h);
    this.curHll = cur;
    this.unionHll = union;
    this.cur = null;
    this.prev = null;
    this.unionCount = 0;
  }

  /** Union with another window's members (aligned on the later generation). */
  merge(other: WindowedDistinct): void {
    if (other.gen > this.gen) this.rotate(other.gen);
    if (other.gen < this.gen - 1) return;
    const late = other.gen < this.gen;
    if (other.curHll || this.curHll) {
      if (!this.curHll) this.promote();
      const [oCur, oUnion] = other.sketches();
      if (!late) this.curHll!.merge(oCur);
      this.unionHll!.merge(late ? oCur : oUnion);
      return;
    }
    for (const h of other.prev!) this.add(h, other.gen - 1);
    for (const h of other.cur!) this.add(h, other.gen);
  }

  private sketches(): [HyperLogLog, HyperLogLog] {
    if (this.curHll) return [this.curHll, this.unionHll!];
    const cur = new HyperLogLog();
    const union = new HyperLogLog();
    for (const h of this.cur!) {
      cur.add(h);
      union.add(h);
    }
    for (const h of this.prev!) union.add(h);
    return [cur, union];
  }

  toState(): WindowedDistinctState {
    if (this.curHll) return { gen: this.gen, cur_hll: this.curHll.toState(), union_hll: this.unionHll!.toState() };
    return { gen: this.gen, cur: this.cur!.slice(), prev: this.prev!.slice(), union_count: this.unionCount };
  }

  static fromState(s: WindowedDistinctState): WindowedDistinct {
    const d = new WindowedDistinct();
    d.gen = s.gen;
    if ('cur_hll' in s) {
      d.cur = null;
      d.prev = null;
      d.curHll = HyperLogLog.fromState(s.cur_hll);
      d.unionHll = HyperLogLog.fromState(s.union_hll);
    } else {
      d.cur = s.cur.slice();
      d.prev = s.prev.slice();
      d.unionCount = s.union_count;
    }
    return d;
  }
}
