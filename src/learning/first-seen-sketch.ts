// Memory of first-seen keys that were evicted from the exact registry: a count-min sketch whose cells
// hold, over every key hashed to them, the earliest first time, the latest last time and the summed
// count. For a key, the tightest cell of each kind is the estimate. Like any count-min sketch it errs
// one way: a key never seen may look seen (its cells were shared), never the reverse. For
// first-seen that errs towards "known", which silences a novelty metric rather than inventing one.
import { hash32 } from './hash.js';

export interface SketchEstimate {
  first: number;
  last: number;
  count: number;
}

export interface FirstSeenSketchState {
  depth: number;
  width: number;
  first: number[];
  last: number[];
  count: number[];
}

export class FirstSeenSketch {
  readonly first: Float64Array;
  readonly last: Float64Array;
  readonly count: Float64Array;
  private readonly cols: Int32Array;
  /** nothing was ever added: every get() is undefined (spares hashing keys while nothing was evicted) */
  private empty = true;

  constructor(
    readonly depth: number,
    readonly width: number,
  ) {
    if ((width & (width - 1)) !== 0) throw new RangeError(`sketch width must be a power of two, not ${width}`);
    const n = depth * width;
    this.first = new Float64Array(n).fill(Infinity);
    this.last = new Float64Array(n);
    this.count = new Float64Array(n);
    this.cols = new Int32Array(depth);
  }

  /** Cell index per row by double hashing (Kirsch–Mitzenmacher): h1 + i·h2. */
  private cells(key: string): Int32Array {
    const h1 = hash32(key);
    const h2 = hash32(key, 0x9e3779b9) | 1;
    for (let i = 0; i < this.depth; i++) this.cols[i] = i * this.width + ((h1 + Math.imul(i, h2)) & (this.width - 1));
    return this.cols;
  }

  add(key: string, first: number, last: number, count: number): void {
    this.empty = false;
    const cells = this.cells(key);
    for (let i = 0; i < this.depth; i++) {
      const c = cells[i]!;
      if (first < this.first[c]!) this.first[c] = first;
      if (last > this.last[c]!) this.last[c] = last;
      this.count[c] = this.count[c]! + count;
    }
  }

  /** The estimate for a key, or undefined when some row proves it was never added. */
  get(key: string): SketchEstimate | undefined {
    if (this.empty) return undefined;
    const cells = this.cells(key);
    let first = -Infinity;
    let last = Infinity;
    let count = Infinity;
    for (let i = 0; i < this.depth; i++) {
      const c = cells[i]!;
      if (this.count[c] === 0) return undefined;
      first = Math.max(first, this.first[c]!);
      last = Math.min(last, this.last[c]!);
      count = Math.min(count, this.count[c]!);
    }
    return { first, last, count };
  }

  merge(other: FirstSeenSketch): void {
    if (other.empty) return;
    this.empty = false;
    for (let c = 0; c < this.count.length; c++) {
      if (other.first[c]! < this.first[c]!) this.first[c] = other.first[c]!;
      if (other.last[c]! > this.last[c]!) this.last[c] = other.last[c]!;
      this.count[c] = this.count[c]! + other.count[c]!;
    }
  }

  /** Only occupied cells are worth storing; an empty sketch is tiny. */
  toState(): FirstSeenSketchState | null {
    const used: number[] = [];
    for (let c = 0; c < this.count.length; c++) if (this.count[c] !== 0) used.push(c);
    if (used.length === 0) return null;
    return {
      depth: this.depth,
      width: this.width,
      // sparse: [cell, value] pairs flattened
      first: used.flatMap((c) => [c, this.first[c]!]),
      last: used.flatMap((c) => [c, this.last[c]!]),
      count: used.flatMap((c) => [c, this.count[c]!]),
    };
  }

  restore(s: FirstSeenSketchState | null): void {
    if (!s) return;
    this.empty = false;
    if (s.depth !== this.depth || s.width !== this.width) {
      throw new RangeError(`first-seen sketch is ${s.depth}×${s.width}, this build uses ${this.depth}×${this.width}`);
    }
    for (let i = 0; i < s.first.length; i += 2) this.first[s.first[i]!] = s.first[i + 1]!;
    for (let i = 0; i < s.last.length; i += 2) this.last[s.last[i]!] = s.last[i + 1]!;
    for (let i = 0; i < s.count.length; i += 2) this.count[s.count[i]!] = s.count[i + 1]!;
  }
}
