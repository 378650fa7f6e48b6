// The webhook executor: tells a firewall or a SOAR platform to apply or remove an action. POSTs
// `{ event: 'apply' | 'remove', action }` as JSON, signed like notify's webhooks
// (`X-Mamori-Signature: sha256=HMAC(secret, timestamp.body)`), with the same `Idempotency-Key` on
// every attempt of one event, and retries with exponential backoff on network errors, 408, 425, 429
// and 5xx. What it applied and has not removed is kept in memory; after a restart the engine tells
// it what the store says (adopt), since a webhook cannot be asked.
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { Action } from '../../schema/action.js';
import { backoffMs } from '../../notify/backoff.js';
import { idempotencyKey, SIGNATURE_HEADER, TIMESTAMP_HEADER, webhookSignature } from '../../notify/webhook/webhook-notifier.js';
import { ExecutorError } from '../errors.js';
import type { ExecResult, Executor } from '../types.js';
import { checkId, planAction } from './validate.js';

export interface WebhookExecutorOptions {
  name?: string;
  url: string;
  secret?: string;
  bearerToken?: string;
  timeoutMs?: number;
  maxAttempts?: number;
  initialBackoffMs?: number;
  maxBackoffMs?: number;
  ca?: string;
  /** waits between attempts (tests pass one that does not sleep long) */
  sleep?: (ms: number) => Promise<void>;
}

type Attempt = { ok: true; status: number } | { ok: false; retry: boolean; why: string };

export class WebhookExecutor implements Executor {
  readonly name: string;
  private readonly url: URL;
  private readonly inForce = new Set<string>();

  constructor(private readonly o: WebhookExecutorOptions) {
    this.name = o.name ?? 'webhook';
    this.url = new URL(o.url);
    if (this.url.protocol !== 'http:' && this.url.protocol !== 'https:') throw new ExecutorError('bad_value', `webhook ${this.name}: the URL must be http or https, not ${this.url.protocol}`);
  }

  private post(body: string, key: string): Promise<Attempt> {
    const timestamp = String(Math.floor(Date.now() / 1000));
    const headers: Record<string, string> = {
      'content-type': 'application/json; charset=utf-8',
      'content-length': String(Buffer.byteLength(body)),
      'user-agent': 'mamori-response/1',
      'idempotency-key': key,
      [TIMESTAMP_HEADER]: timestamp,
    };
    if (this.o.secret) headers[SIGNATURE_HEADER] = webhookSignature(this.o.secret, timestamp, body);
    if (this.o.bearerToken) headers['authorization'] = `Bearer ${this.o.bearerToken}`;
    const timeoutMs = this.o.timeoutMs ?? 5000;
    return new Promise((resolve) => {
      const request = this.url.protocol === 'https:' ? httpsRequest : httpRequest;
      const req = request(this.url, { method: 'POST', headers, agent: false, ...(this.o.ca ? { ca: this.o.ca } : {}) });
      const timer = setTimeout(() => req.destroy(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
      req.on('response', (res) => {
        clearTimeout(timer);
        res.resume();
        const s = res.statusCode ?? 0;
        if (s >= 200 && s < 300) resolve({ ok: true, status: s });
        else resolve({ ok: false, retry: s === 408 || s === 425 || s === 429 || s >= 500, why: `HTTP ${s}` });
      });
      req.on('error', (e) => {
        clearTimeout(timer);
        resolve({ ok: false, retry: true, why: e.message });
      });
      req.end(body);
    });
  }

  private async send(event: 'apply' | 'remove', a: Action): Promise<ExecResult> {
    const body = JSON.stringify({ event, action: a });
    const key = idempotencyKey(`${a.id}:${event}:${a.history.length}`);
    const max = this.o.maxAttempts ?? 5;
    const sleep = this.o.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
    let last = '';
    for (let attempt = 1; attempt <= max; attempt++) {
      const r = await this.post(body, key);
      if (r.ok) return { ok: true, detail: `HTTP ${r.status}${attempt > 1 ? ` after ${attempt} attempts` : ''}` };
      last = r.why;
      if (!r.retry) return { ok: false, error: new ExecutorError('failed', `webhook ${this.url.origin} refused the ${event}: ${r.why}`) };
      if (attempt < max) await sleep(backoffMs(attempt, { initialDelayMs: this.o.initialBackoffMs ?? 1000, maxDelayMs: this.o.maxBackoffMs ?? 30_000 }));
    }
    return { ok: false, error: new ExecutorError('failed', `webhook ${this.url.origin}: ${event} failed after ${max} attempts: ${last}`) };
  }

  async apply(a: Action): Promise<ExecResult> {
    try {
      planAction(a);
    } catch (e) {
      return { ok: false, error: e as ExecutorError };
    }
    const r = await this.send('apply', a);
    if (r.ok) this.inForce.add(a.id);
    return r;
  }

  async remove(a: Action): Promise<ExecResult> {
    try {
      checkId(a?.id);
      planAction(a);
    } catch (e) {
      return { ok: false, error: e as ExecutorError };
    }
    // the far end is told even when this process did not apply it (it may have, before a restart)
    const r = await this.send('remove', a);
    if (r.ok) this.inForce.delete(a.id);
    return r;
  }

  async active(): Promise<string[]> {
    return [...this.inForce];
  }

  adopt(ids: readonly string[]): void {
    for (const id of ids) this.inForce.add(id);
  }
}
