// Webhooks: POST a JSON body (generic, Slack or Teams) with a timeout, an `Idempotency-Key` (the
// notification id, the same on every attempt, so a receiver can drop the copy a retry after a
// timeout sends), an optional HMAC-SHA256 signature and an optional bearer token. The URL is shown
// by its origin only: chat webhook URLs carry their secret in the path.
import { createHash, createHmac } from 'node:crypto';
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { alertView } from '../alert-view.js';
import { NotifyError, socketError } from '../errors.js';
import type { Language, Notification, Notifier, SendResult } from '../types.js';
import { webhookPayload, type WebhookFlavor } from './payloads.js';

export interface WebhookNotifierOptions {
  name: string;
  channel?: string;
  url: string;
  flavor: WebhookFlavor;
  language: Language;
  timeZone?: string;
  /** HMAC-SHA256 key: `X-Mamori-Signature: sha256=hex(HMAC(key, timestamp + "." + body))` */
  secret?: string;
  /** sent as `Authorization: Bearer <token>` */
  bearerToken?: string;
  /** extra fixed headers */
  headers?: Record<string, string>;
  timeoutMs?: number;
  /** PEM of the CA of an internal receiver */
  ca?: string;
  rejectUnauthorized?: boolean;
}

export const SIGNATURE_HEADER = 'x-mamori-signature';
export const TIMESTAMP_HEADER = 'x-mamori-timestamp';

/** The signature a receiver recomputes: HMAC-SHA256 over `${timestamp}.${body}`, hex. */
export function webhookSignature(secret: string, timestamp: string, body: string): string {
  return 'sha256=' + createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex');
}

/** The id as a header value: itself when it is short printable ASCII, else a stable hash of it. */
export function idempotencyKey(id: string): string {
  return /^[\x21-\x7e]{1,200}$/.test(id) ? id : 'sha256-' + createHash('sha256').update(id).digest('hex');
}

function retryAfter(res: IncomingMessage): number | undefined {
  const h = res.headers['retry-after'];
  if (!h) return undefined;
  const s = Number(h);
  if (Number.isFinite(s)) return Math.max(0, s);
  const t = Date.parse(h);
  return Number.isFinite(t) ? Math.max(0, (t - Date.now()) / 1000) : undefined;
}

/** HTTP status → result: 2xx delivered; 408/425/429/5xx later; 401/403 credentials; other 4xx (and redirects) refused for good. */
export function statusResult(where: string, status: number, res?: IncomingMessage): SendResult {
  if (status >= 200 && status < 300) return { ok: true, detail: `HTTP ${status}` };
  const msg = `${where} answered HTTP ${status}`;
  if (status === 408 || status === 425 || status === 429 || status >= 500) {
    return { ok: false, error: new NotifyError('deferred', msg, true, { retryAfterSeconds: res && retryAfter(res) }) };
  }
  if (status === 401 || status === 403) return { ok: false, error: new NotifyError('auth_failed', `${msg}: check the token or secret`, false) };
  if (status >= 300 && status < 400) return { ok: false, error: new NotifyError('rejected', `${msg} (a redirect): configure the final URL`, false) };
  return { ok: false, error: new NotifyError('rejected', msg, false) };
}

export class WebhookNotifier implements Notifier {
  readonly type = 'webhook' as const;
  readonly name: string;
  readonly channel: string;
  readonly language: Language;
  private readonly url: URL;

  constructor(private readonly o: WebhookNotifierOptions) {
    this.name = o.name;
    this.channel = o.channel ?? o.name;
    this.language = o.language;
    this.url = new URL(o.url);
    if (this.url.protocol !== 'http:' && this.url.protocol !== 'https:') throw new NotifyError('bad_config', `webhook ${o.name}: the URL must be http or https, not ${this.url.protocol}`, false);
  }

  describe(): string {
    return `webhook ${this.o.flavor} ${this.url.origin}/…${this.o.secret ? ' (signed)' : ''}${this.o.bearerToken ? ' (bearer)' : ''}, ${this.language}`;
  }

  /** The body as sent. */
  body(message: Notification): string {
    return JSON.stringify(webhookPayload(this.o.flavor, message, alertView(message, { language: this.language, timeZone: this.o.timeZone })));
  }

  send(message: Notification): Promise<SendResult> {
    const body = this.body(message);
    const timestamp = String(Math.floor(Date.now() / 1000));
    const headers: Record<string, string> = {
      ...this.o.headers,
      'content-type': 'application/json; charset=utf-8',
      'content-length': String(Buffer.byteLength(body)),
      'user-agent': 'mamori-notify/1',
      'idempotency-key': idempotencyKey(message.id),
      'x-mamori-notification-id': idempotencyKey(message.id),
      [TIMESTAMP_HEADER]: timestamp,
    };
    if (this.o.secret) headers[SIGNATURE_HEADER] = webhookSignature(this.o.secret, timestamp, body);
    if (this.o.bearerToken) headers['authorization'] = `Bearer ${this.o.bearerToken}`;
    const where = `webhook ${this.url.origin}`;
    const timeoutMs = this.o.timeoutMs ?? 10_000;
    return new Promise<SendResult>((resolve) => {
      const request = this.url.protocol === 'https:' ? httpsRequest : httpRequest;
      let req: ReturnType<typeof httpRequest>;
      try {
        req = request(this.url, { method: 'POST', headers, ca: this.o.ca, rejectUnauthorized: this.o.rejectUnauthorized ?? true, agent: false });
      } catch (e) {
        // a header value Node refuses (a line break in a configured header or an id)
        return resolve({ ok: false, error: new NotifyError('bad_config', `${where}: cannot build the request: ${(e as Error).message}`, false, { cause: e }) });
      }
      // one deadline for the whole exchange: connect, send, and the answer's status line
      const timer = setTimeout(() => req.destroy(Object.assign(new Error(`no answer within ${timeoutMs} ms`), { code: 'ETIMEDOUT' })), timeoutMs);
      req.on('response', (res) => {
        clearTimeout(timer);
        res.resume(); // the answer's body is not needed
        resolve(statusResult(where, res.statusCode ?? 0, res));
      });
      req.on('error', (e) => {
        clearTimeout(timer);
        resolve({ ok: false, error: socketError(where, e) });
      });
      req.end(body);
    });
  }

  async close(): Promise<void> {}
}
