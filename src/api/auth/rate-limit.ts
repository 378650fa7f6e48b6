// Sign-in rate limiting: failures counted per user name and per client address in a sliding window;
// past the limit every attempt (even with the right password) gets 429 until the oldest failure
// leaves the window. In memory: a restart forgets, which only helps someone who can restart us.
export interface RateLimitOptions {
  perUser?: number;
  perIp?: number;
  windowSeconds?: number;
  clock?: () => number;
}

const MAX_KEYS = 100_000;

export class LoginRateLimit {
  private readonly failures = new Map<string, number[]>();
  private readonly perUser: number;
  private readonly perIp: number;
  private readonly window: number;
  private readonly clock: () => number;

  constructor(o: RateLimitOptions = {}) {
    this.perUser = o.perUser ?? 5;
    this.perIp = o.perIp ?? 20;
    this.window = o.windowSeconds ?? 15 * 60;
    this.clock = o.clock ?? (() => Date.now() / 1000);
  }

  /** Seconds to wait before trying again, or 0 when an attempt is allowed. */
  retryAfter(user: string, ip: string): number {
    const now = this.clock();
    return Math.max(this.wait(`u:${user.toLowerCase()}`, this.perUser, now), this.wait(`ip:${ip}`, this.perIp, now));
  }

  fail(user: string, ip: string): void {
    const now = this.clock();
    if (this.failures.size > MAX_KEYS) this.sweep(now);
    for (const k of [`u:${user.toLowerCase()}`, `ip:${ip}`]) {
      const list = this.recent(k, now);
      list.push(now);
      this.failures.set(k, list);
    }
  }

  /** A successful sign-in clears the user's failures (not the address's). */
  succeed(user: string): void {
    this.failures.delete(`u:${user.toLowerCase()}`);
  }

  private recent(k: string, now: number): number[] {
    return (this.failures.get(k) ?? []).filter((t) => t > now - this.window);
  }

  private wait(k: string, limit: number, now: number): number {
    const list = this.recent(k, now);
    if (list.length < limit) return 0;
    return Math.max(1, Math.ceil(list[list.length - limit]! + this.window - now));
  }

  private sweep(now: number): void {
    for (const [k, list] of this.failures) if (!list.some((t) => t > now - this.window)) this.failures.delete(k);
  }
}
