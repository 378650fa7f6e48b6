// The dispatcher: routes each notification to its channels, writes it to the outbox, then delivers
// it — one message at a time per channel (in order, within the channel's rate limit), retrying
// retryable failures with exponential backoff and jitter until it is delivered, the attempts run
// out or it is too old. On start it picks up whatever the outbox still holds, so alerts raised while
// a receiver was down, or before a restart, are delivered when they can be.
//
// Delivery is at least once: a crash between a successful send and the write that records it sends
// the message again on restart. Every channel carries the notification id so that copy can be
// recognised (webhook `Idempotency-Key`, mail `Message-ID`, syslog structured data `id`).
//
// Times here are wall-clock milliseconds: delivery deadlines and backoff are real time, unlike
// detection, which runs on event time.
import type { StateStore } from '../store/index.js';
import { backoffMs, RateLimiter } from './backoff.js';
import { DeliverySchema, type DeliveryConfig, type NotifyConfig, type RouteConfig } from './config.js';
import { NotifyError } from './errors.js';
import { newEntry, Outbox, type DeliveryState, type OutboxEntry } from './outbox.js';
import { routeChannels } from './routing.js';
import type { Notification, Notifier, SendResult } from './types.js';

export interface DispatcherOptions {
  /** where the outbox lives: the store's state (`store.state`) */
  state: StateStore;
  /** the dispatcher owns them and closes them on stop */
  notifiers: readonly Notifier[];
  routes: readonly RouteConfig[];
  delivery?: Partial<DeliveryConfig>;
  /** per channel name */
  rateLimits?: Record<string, { count: number; per_seconds: number } | undefined>;
  now?: () => number;
  random?: () => number;
  log?: (line: string) => void;
}

export interface DeliveryCounts {
  pending: number;
  delivered: number;
  failed: number;
}

const MAX_TIMER = 2 ** 31 - 1;
const PRUNE_EVERY_MS = 60_000;

export class Dispatcher {
  private readonly outbox: Outbox;
  private readonly entries = new Map<string, OutboxEntry>();
  private readonly byName = new Map<string, Notifier>();
  private readonly limiters = new Map<string, RateLimiter>();
  private readonly busy = new Map<string, Promise<void>>();
  /** ids being written by notify() */
  private readonly storing = new Set<string>();
  /** deliveries held back by a rate limit until this time (not persisted: a restart may send a little early) */
  private readonly heldUntil = new Map<string, number>();
  private readonly delivery: DeliveryConfig;
  private readonly now: () => number;
  private readonly random: () => number;
  private readonly log: (line: string) => void;
  private timer: NodeJS.Timeout | undefined;
  private started: Promise<void> | undefined;
  private stopped = false;
  private lastPrune = 0;
  private idleWaiters: (() => void)[] = [];

  constructor(private readonly o: DispatcherOptions) {
    this.outbox = new Outbox(o.state);
    for (const n of o.notifiers) this.byName.set(n.name, n);
    this.delivery = { ...DeliverySchema.parse({}), ...o.delivery };
    this.now = o.now ?? Date.now;
    this.random = o.random ?? Math.random;
    this.log = o.log ?? (() => {});
  }

  /** A dispatcher for a validated config and built notifiers. */
  static fromConfig(config: NotifyConfig, state: StateStore, notifiers: readonly Notifier[], extra: Partial<DispatcherOptions> = {}): Dispatcher {
    const rateLimits = Object.fromEntries(Object.entries(config.channels).map(([name, c]) => [name, c.rate_limit]));
    return new Dispatcher({ state, notifiers, routes: config.routes, delivery: config.delivery, rateLimits, ...extra });
  }

  /** Loads the outbox and starts delivering what it holds. */
  start(): Promise<void> {
    this.started ??= (async () => {
      const loaded = await this.outbox.load((key, reason) => this.log(`outbox entry ${key} skipped: ${reason}`));
      let pending = 0;
      for (const e of loaded) {
        this.entries.set(e.message.id, e);
        for (const [name, d] of Object.entries(e.deliveries)) {
          if (d.status !== 'pending') continue;
          pending++;
          if (!this.byName.has(name)) this.log(`${e.message.id}: no channel ${name} is configured now; it stays pending until it is again or the message expires`);
        }
      }
      if (pending) this.log(`outbox: ${pending} pending deliver${pending === 1 ? 'y' : 'ies'} to resume`);
      await this.prune();
      this.schedule();
    })();
    return this.started;
  }

  /**
   * Routes the notification and stores it in the outbox; resolves, once it is stored, with the
   * notifier names it is queued for ([] when no route takes it or it is already queued).
   */
  async notify(message: Notification): Promise<string[]> {
    await this.start();
    if (this.entries.has(message.id) || this.storing.has(message.id)) return [];
    const channels = routeChannels(this.o.routes, message);
    const names = this.o.notifiers.filter((n) => channels.includes(n.channel)).map((n) => n.name);
    if (names.length === 0) return [];
    const entry = newEntry(message, names, this.now());
    this.storing.add(message.id); // the same alert raised twice at once is stored once
    try {
      await this.outbox.save(entry);
    } finally {
      this.storing.delete(message.id);
    }
    this.entries.set(message.id, entry);
    this.schedule();
    return names;
  }

  /** Deliveries per state, over everything in the outbox. */
  counts(): DeliveryCounts {
    const c: DeliveryCounts = { pending: 0, delivered: 0, failed: 0 };
    for (const e of this.entries.values()) for (const d of Object.values(e.deliveries)) c[d.status]++;
    return c;
  }

  /** The outbox entry of a notification, as the dispatcher holds it. */
  entry(id: string): OutboxEntry | undefined {
    return this.entries.get(id);
  }

  /** Resolves when nothing is being sent and nothing is due now (later retries may still be waiting). */
  whenIdle(): Promise<void> {
    if (this.isIdle()) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  /** Stops scheduling, waits for sends in flight (their results are stored) and closes the notifiers. */
  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await Promise.all(this.busy.values());
    await Promise.all(this.o.notifiers.map((n) => n.close().catch(() => undefined)));
    for (const w of this.idleWaiters.splice(0)) w();
  }

  private isIdle(): boolean {
    if (this.busy.size > 0) return false;
    const now = this.now();
    for (const [, , d, name] of this.pending()) if (d.next_at <= now && (this.heldUntil.get(name) ?? 0) <= now && this.byName.has(name)) return false;
    return true;
  }

  private *pending(): Generator<[string, OutboxEntry, DeliveryState, string]> {
    for (const [id, e] of this.entries) for (const [name, d] of Object.entries(e.deliveries)) if (d.status === 'pending') yield [id, e, d, name];
  }

  /** Starts every notifier's next due delivery and sets the timer for the earliest later one. */
  private schedule(): void {
    if (this.stopped) return;
    clearTimeout(this.timer);
    const now = this.now();
    const next = new Map<string, [OutboxEntry, DeliveryState]>();
    let wake = Infinity;
    for (const [, e, d, name] of this.pending()) {
      if (!this.byName.has(name) || this.busy.has(name)) continue;
      const due = Math.max(d.next_at, this.heldUntil.get(name) ?? 0);
      if (due > now) {
        wake = Math.min(wake, due);
        continue;
      }
      const best = next.get(name);
      if (!best || d.next_at < best[1].next_at || (d.next_at === best[1].next_at && e.message.created < best[0].message.created)) next.set(name, [e, d]);
    }
    for (const [name, [e, d]] of next) {
      const run = this.attempt(name, e, d).finally(() => {
        this.busy.delete(name);
        this.schedule();
      });
      this.busy.set(name, run);
    }
    if (wake !== Infinity) {
      this.timer = setTimeout(() => this.schedule(), Math.min(MAX_TIMER, Math.max(0, wake - now)));
      // a waiting retry does not keep the process alive: the service's own work does that
      this.timer.unref();
    }
    if (this.isIdle()) for (const w of this.idleWaiters.splice(0)) w();
    if (now - this.lastPrune > PRUNE_EVERY_MS) void this.prune();
  }

  private async attempt(name: string, e: OutboxEntry, d: DeliveryState): Promise<void> {
    const notifier = this.byName.get(name)!;
    const id = e.message.id;
    let now = this.now();
    if (now - e.message.created * 1000 > this.delivery.max_age_seconds * 1000) {
      return this.finish(e, d, 'failed', { code: 'expired', message: `not delivered within ${this.delivery.max_age_seconds} s of being raised (last error: ${d.last_error?.message ?? 'none'})`, retryable: false });
    }
    const limit = this.o.rateLimits?.[notifier.channel];
    if (limit) {
      const limiter = this.limiters.get(notifier.channel) ?? new RateLimiter(limit.count, limit.per_seconds, now);
      this.limiters.set(notifier.channel, limiter);
      const wait = limiter.take(now);
      if (wait > 0) {
        this.heldUntil.set(name, now + wait);
        return;
      }
    }
    d.attempts++;
    d.updated = now;
    try {
      await this.outbox.save(e);
    } catch (err) {
      d.attempts--;
      d.next_at = now + backoffMs(1, this.backoffOptions(), this.random);
      this.log(`${id}: cannot record the attempt in the outbox (${(err as Error).message}); not sending until it can be recorded`);
      return;
    }
    let result: SendResult;
    try {
      result = await notifier.send(e.message);
    } catch (err) {
      // a notifier must not throw; if one does, treat it as a retryable failure
      result = { ok: false, error: new NotifyError('unreachable', `${notifier.describe()}: ${(err as Error).message}`, true, { cause: err }) };
    }
    now = this.now();
    if (result.ok) return this.finish(e, d, 'delivered', undefined, result.detail);
    const err = result.error;
    const info = { code: err.code, message: err.message, retryable: err.retryable };
    if (!err.retryable) return this.finish(e, d, 'failed', info);
    if (d.attempts >= this.delivery.max_attempts) return this.finish(e, d, 'failed', { ...info, message: `${info.message} (gave up after ${d.attempts} attempts)` });
    const wait = Math.max(backoffMs(d.attempts, this.backoffOptions(), this.random), (err.retryAfterSeconds ?? 0) * 1000);
    d.next_at = now + wait;
    d.last_error = info;
    d.updated = now;
    this.log(`${id} → ${name}: attempt ${d.attempts} failed (${err.code}: ${err.message}); next in ${Math.round(wait / 1000)} s`);
    await this.persist(e);
  }

  private async finish(e: OutboxEntry, d: DeliveryState, status: 'delivered' | 'failed', error?: DeliveryState['last_error'], detail?: string): Promise<void> {
    d.status = status;
    d.updated = this.now();
    if (error) d.last_error = error;
    if (detail) d.detail = detail;
    const name = Object.entries(e.deliveries).find(([, x]) => x === d)?.[0];
    this.log(status === 'delivered' ? `${e.message.id} → ${name}: delivered${detail ? ` (${detail})` : ''}` : `${e.message.id} → ${name}: FAILED, not retried: ${error?.code}: ${error?.message}`);
    await this.persist(e);
  }

  private async persist(e: OutboxEntry): Promise<void> {
    try {
      await this.outbox.save(e);
    } catch (err) {
      // kept in memory and written with the next change; after a crash the older state is retried
      this.log(`${e.message.id}: cannot update the outbox: ${(err as Error).message}`);
    }
  }

  private backoffOptions() {
    return { initialDelayMs: this.delivery.initial_delay_ms, maxDelayMs: this.delivery.max_delay_ms };
  }

  /**
   * Removes entries whose deliveries are all finished and older than keep_seconds, and fails the
   * pending deliveries of notifiers no longer configured once they are too old to send.
   */
  private async prune(): Promise<void> {
    const now = this.now();
    this.lastPrune = now;
    for (const [, e, d, name] of [...this.pending()]) {
      if (!this.byName.has(name) && now - e.message.created * 1000 > this.delivery.max_age_seconds * 1000) {
        await this.finish(e, d, 'failed', { code: 'expired', message: `no channel ${name} is configured, and the message is now too old to send`, retryable: false });
      }
    }
    for (const [id, e] of this.entries) {
      const ds = Object.values(e.deliveries);
      if (ds.every((d) => d.status !== 'pending' && now - d.updated > this.delivery.keep_seconds * 1000)) {
        try {
          await this.outbox.remove(id);
          this.entries.delete(id);
        } catch (err) {
          this.log(`outbox: cannot remove ${id}: ${(err as Error).message}`);
        }
      }
    }
  }
}
