// Webhooks: the generic JSON, Slack and Teams bodies, the HMAC signature a receiver can check, the
// bearer token, idempotency headers, HTTP answers mapped to retryable or permanent, timeouts, and
// secrets kept out of every message.
import { afterEach, describe, expect, it } from 'vitest';
import { alertView } from '../alert-view.js';
import { hostileIncident, sampleIncident } from '../contract/fixtures.js';
import { HttpReceiver, LOOPBACK } from '../contract/receivers.js';
import { incidentNotification } from '../notification.js';
import { slackEscape, slackPayload, teamsEscape, teamsPayload } from './payloads.js';
import { idempotencyKey, SIGNATURE_HEADER, statusResult, TIMESTAMP_HEADER, WebhookNotifier, webhookSignature, type WebhookNotifierOptions } from './webhook-notifier.js';

const SECRET_PATH = '/services/T000/B000/XXXXsecretpath';
const open: { r: HttpReceiver; n: WebhookNotifier }[] = [];
afterEach(async () => {
  for (const { r, n } of open.splice(0)) {
    await n.close();
    await r.stop();
  }
});

async function pair(o: Partial<WebhookNotifierOptions> = {}) {
  const r = await new HttpReceiver().start();
  const n = new WebhookNotifier({ name: 'hook', url: `http://${LOOPBACK}:${r.port}${SECRET_PATH}?token=q`, flavor: 'json', language: 'en', timeoutMs: 2000, ...o });
  open.push({ r, n });
  return { r, n };
}

describe('webhook delivery', () => {
  it('posts the notification as JSON with idempotency, signature and bearer headers', async () => {
    const { r, n } = await pair({ secret: 's3cret', bearerToken: 'tok-123', headers: { 'X-Team': 'soc' } });
    const msg = incidentNotification(sampleIncident(), 1_795_000_100);
    expect(await n.send(msg)).toEqual({ ok: true, detail: 'HTTP 200' });
    const [req] = await r.waitFor(1);
    expect(req!.method).toBe('POST');
    expect(req!.path).toBe(`${SECRET_PATH}?token=q`);
    expect(req!.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(req!.headers['idempotency-key']).toBe(msg.id);
    expect(req!.headers['authorization']).toBe('Bearer tok-123');
    expect(req!.headers['x-team']).toBe('soc');
    const ts = String(req!.headers[TIMESTAMP_HEADER]);
    expect(req!.headers[SIGNATURE_HEADER]).toBe(webhookSignature('s3cret', ts, req!.body));
    expect(req!.headers[SIGNATURE_HEADER]).not.toBe(webhookSignature('other', ts, req!.body));
    const body = JSON.parse(req!.body);
    expect(body).toMatchObject({ type: 'mamori.notification', id: msg.id, kind: 'incident', level: 3, level_name: 'URGENT', incident: { id: 'inc-0001', score: 92 } });
    expect(body.sections.map((s: { id: string }) => s.id)).toEqual(['time', 'threat', 'detected', 'investigation', 'checks', 'actions']);
  });

  it('maps HTTP answers: 429 and 5xx later (with Retry-After), 401/403 and 4xx never, redirects never', async () => {
    const { r, n } = await pair();
    const msg = incidentNotification(sampleIncident(), 0);
    const cases: [number, string, boolean][] = [
      [429, 'deferred', true],
      [503, 'deferred', true],
      [408, 'deferred', true],
      [401, 'auth_failed', false],
      [403, 'auth_failed', false],
      [404, 'rejected', false],
      [301, 'rejected', false],
    ];
    for (const [status, code, retryable] of cases) {
      r.status = status;
      expect(await n.send(msg)).toMatchObject({ ok: false, error: { code, retryable } });
    }
    const fake = { headers: { 'retry-after': '120' } } as never;
    const res = statusResult('w', 429, fake);
    expect(res.ok === false && res.error.retryAfterSeconds).toBe(120);
  });

  it('keeps the idempotency key a valid header for any id', () => {
    expect(idempotencyKey('incident/inc-1/level-3')).toBe('incident/inc-1/level-3');
    expect(idempotencyKey('インシデント 1\r\n')).toMatch(/^sha256-[0-9a-f]{64}$/);
    expect(idempotencyKey('インシデント 1\r\n')).toBe(idempotencyKey('インシデント 1\r\n'));
  });

  it('times out, retryably, when the receiver does not answer', async () => {
    const { r, n } = await pair({ timeoutMs: 150 });
    r.delay = { count: 1, ms: 1000 };
    const res = await n.send(incidentNotification(sampleIncident(), 0));
    expect(res).toMatchObject({ ok: false, error: { code: 'timeout', retryable: true } });
  });

  it('never shows the URL path, the token or the secret in errors or descriptions', async () => {
    const { r, n } = await pair({ secret: 's3cret', bearerToken: 'tok-123' });
    const port = r.port;
    await r.stop();
    const res = await n.send(incidentNotification(sampleIncident(), 0));
    expect(res.ok).toBe(false);
    const texts = [n.describe(), !res.ok ? res.error.message : '', !res.ok ? String((res.error.cause as Error)?.message) : ''];
    for (const t of texts) {
      expect(t).not.toContain('XXXXsecretpath');
      expect(t).not.toContain('token=q');
      expect(t).not.toContain('s3cret');
      expect(t).not.toContain('tok-123');
    }
    expect(n.describe()).toContain(`http://${LOOPBACK}:${port}/…`);
  });
});

describe('chat payloads', () => {
  const hostile = incidentNotification(hostileIncident(), 0);

  it('Slack: header, facts, sections and a coloured attachment; mentions and links in values are escaped', () => {
    const p = slackPayload(hostile, alertView(hostile, { language: 'en' })) as { text: string; blocks: { type: string; text?: { type: string; text: string }; fields?: { text: string }[] }[]; attachments: { color: string }[] };
    expect(p.blocks[0]!.type).toBe('header');
    expect(p.blocks[0]!.text!.type).toBe('plain_text');
    expect(p.attachments[0]!.color).toBe('#c62828');
    const mrkdwn = JSON.stringify(p.blocks.slice(1));
    expect(mrkdwn).not.toContain('<!channel>');
    expect(mrkdwn).toContain('&lt;!channel&gt;');
    expect(mrkdwn).not.toContain('<img');
    expect(slackEscape('a & <b>')).toBe('a &amp; &lt;b&gt;');
    expect(p.blocks.length).toBeLessThanOrEqual(50);
  });

  it('Teams: an Adaptive Card whose text cannot become links or formatting', () => {
    const p = teamsPayload(hostile, alertView(hostile, { language: 'ja' })) as { type: string; attachments: { contentType: string; content: { type: string; version: string; body: { type: string; text?: string }[] } }[] };
    expect(p.type).toBe('message');
    expect(p.attachments[0]!.contentType).toBe('application/vnd.microsoft.card.adaptive');
    const card = p.attachments[0]!.content;
    expect(card.type).toBe('AdaptiveCard');
    expect(card.body.some((b) => b.type === 'FactSet')).toBe(true);
    const text = card.body.map((b) => b.text ?? '').join('\n');
    expect(text).toContain('確認事項');
    expect(text).not.toMatch(/(?<!\\)\[x\]\(http/);
    expect(teamsEscape('[x](http://e) *b* _i_ {{DATE(x)}}')).toBe('\\[x\\]\\(http://e\\) \\*b\\* \\_i\\_ \\{\\{DATE\\(x\\)\\}\\}');
  });
});
