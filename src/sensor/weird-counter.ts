// Counts anomalies by name and decides which to log: every one is counted, the first
// WEIRD_LOG_FIRST of each name are logged, then one in WEIRD_SAMPLE_RATE (as Zeek's weird sampling).
export const WEIRD_LOG_FIRST = 25;
export const WEIRD_SAMPLE_RATE = 1000;

export class WeirdCounter {
  readonly counts = new Map<string, number>();
  total = 0;

  /** Counts one; returns whether it should be logged. */
  count(name: string): boolean {
    const n = (this.counts.get(name) ?? 0) + 1;
    this.counts.set(name, n);
    this.total++;
    return n <= WEIRD_LOG_FIRST || n % WEIRD_SAMPLE_RATE === 0;
  }
}
