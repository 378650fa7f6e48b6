// Retry timing: exponential backoff with jitter, and a token-bucket rate limit per channel.

export interface BackoffOptions {
  initialDelayMs: number;
  maxDelayMs: number;
}

/**
 * Wait before attempt `attempt + 1` after `attempt` failures: initial × 2^(attempt−1), capped, with
 * "equal jitter" (half fixed, half random) so receivers coming back are not hit by every sender at
 * once, while the wait still grows.
 */
export function backoffMs(attempt: number, o: BackoffOptions, random: () => number = Math.random): number {
  const base = Math.min(o.maxDelayMs, o.initialDelayMs * 2 ** Math.max(0, Math.min(attempt - 1, 40)));
  return Math.round(base / 2 + random() * (base / 2));
}

/** A token bucket: `count` sends per `perSeconds`, refilled continuously. Time in milliseconds. */
export class RateLimiter {
  private tokens: number;
  private last: number;

  constructor(
    private readonly count: number,
    private readonly perSeconds: number,
    now: number,
  ) {
    this.tokens = count;
    this.last = now;
  }

  private refill(now: number): void {
    this.tokens = Math.min(this.count, this.tokens + ((now - this.last) / (this.perSeconds * 1000)) * this.count);
    this.last = now;
  }

  /** Takes a token and returns 0, or returns how many ms until one is available. */
  take(now: number): number {
    this.refill(now);
    if (this.tokens >= 1) {
      this.tokens -= 1;
      return 0;
    }
    return Math.ceil(((1 - this.tokens) * this.perSeconds * 1000) / this.count);
  }
}
