// A binary min-heap of (time, connection) checks, driven by event time. Entries may be stale: the
// owner re-validates each popped connection and re-schedules it if it is not yet due.
import type { Conn } from './conn.js';

export class TimerHeap {
  private times: number[] = [];
  private conns: Conn[] = [];

  get size(): number {
    return this.times.length;
  }

  peekTime(): number {
    return this.times.length ? this.times[0]! : Infinity;
  }

  push(t: number, c: Conn): void {
    const times = this.times;
    const conns = this.conns;
    let i = times.length;
    times.push(t);
    conns.push(c);
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (times[parent]! <= t) break;
      times[i] = times[parent]!;
      conns[i] = conns[parent]!;
      i = parent;
    }
    times[i] = t;
    conns[i] = c;
  }

  pop(): Conn | undefined {
    const times = this.times;
    const conns = this.conns;
    if (!times.length) return undefined;
    const top = conns[0];
    const lastT = times.pop()!;
    const lastC = conns.pop()!;
    const n = times.length;
    if (n) {
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        if (l >= n) break;
        const r = l + 1;
        const m = r < n && times[r]! < times[l]! ? r : l;
        if (times[m]! >= lastT) break;
        times[i] = times[m]!;
        conns[i] = conns[m]!;
        i = m;
      }
      times[i] = lastT;
      conns[i] = lastC;
    }
    return top;
  }

  clear(): void {
    this.times = [];
    this.conns = [];
  }
}
