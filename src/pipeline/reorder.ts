// Sensors log a connection when it ends, so observations arrive up to minutes out of event-time
// order. Learning wants event time in order: this buffer holds observations until nothing earlier
// can still arrive (the newest time seen minus `horizon`), then releases them sorted, stably.
import type { Observation } from '../schema/observation.js';

/** Seconds an observation may arrive late (TCP connections are logged up to 5 min after start). */
export const DEFAULT_REORDER_HORIZON = 360;
/** Observations held at most, whatever the horizon (memory bound). */
export const MAX_HELD = 2_000_000;

export class ReorderBuffer {
  private held: { ts: number; seq: number; obs: Observation }[] = [];
  private newest = -Infinity;
  private seq = 0;

  constructor(private readonly release: (obs: Observation) => void, private readonly horizon = DEFAULT_REORDER_HORIZON) {}

  push(obs: Observation): void {
    const ts = (obs.record as { ts: number }).ts;
    if (ts > this.newest) this.newest = ts;
    this.held.push({ ts, seq: this.seq++, obs });
    if (this.held.length >= 4096 || this.held.length > MAX_HELD) this.drain(this.held.length > MAX_HELD ? Infinity : this.newest - this.horizon);
  }

  /** Releases everything (end of input). */
  flush(): void {
    this.drain(Infinity);
  }

  /** Live input: the clock says `now` (event time), so what is older than the horizon can go. */
  advance(now: number): void {
    if (this.held.length) this.drain(Math.max(now, this.newest) - this.horizon);
  }

  private drain(upTo: number): void {
    this.held.sort((a, b) => a.ts - b.ts || a.seq - b.seq);
    let i = 0;
    while (i < this.held.length && this.held[i]!.ts <= upTo) this.release(this.held[i++]!.obs);
    this.held = this.held.slice(i);
  }
}
