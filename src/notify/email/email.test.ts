// The alert mail: its sections in Japanese and English, text plus HTML, values escaped, no header
// injection, the same Message-ID on every attempt, TLS and AUTH, and SMTP errors mapped to
// retryable or permanent.
import { afterEach, describe, expect, it } from 'vitest';
import { alertView } from '../alert-view.js';
import { buildNotifiers } from '../build.js';
import { parseNotifyConfig } from '../config.js';
import { hostileIncident, sampleBreach, sampleIncident } from '../contract/fixtures.js';
import { LOOPBACK, SmtpReceiver } from '../contract/receivers.js';
import { TEST_CERT } from '../contract/tls-fixture.js';
import { breachNotification, incidentNotification } from '../notification.js';
import { escapeHtml, mailText } from './mail-format.js';
import { messageId, SmtpNotifier, type SmtpNotifierOptions } from './smtp-notifier.js';

const receivers: SmtpReceiver[] = [];
const notifiers: SmtpNotifier[] = [];
afterEach(async () => {
  for (const n of notifiers.splice(0)) await n.close();
  for (const r of receivers.splice(0)) await r.stop();
});

async function pair(receiverOptions: ConstructorParameters<typeof SmtpReceiver>[0] = { starttls: false }, o: Partial<SmtpNotifierOptions> = {}) {
  const receiver = await new SmtpReceiver(receiverOptions).start();
  receivers.push(receiver);
  const notifier = new SmtpNotifier({ name: 'mail', host: LOOPBACK, port: receiver.port, security: 'none', from: 'mamori@example.org', to: ['soc@example.org'], language: 'ja', timeoutMs: 3000, ...o });
  notifiers.push(notifier);
  return { receiver, notifier };
}

describe('alert mail format', () => {
  it('has the sections Japanese SOC teams expect, in order', () => {
    const text = mailText(alertView(incidentNotification(sampleIncident(), 0), { language: 'ja' }));
    const headings = ['■検知日時', '■脅威', '■検知内容', '■調査内容', '■確認事項', '■推奨対応'];
    const at = headings.map((h) => text.indexOf(h));
    expect(at.every((i) => i >= 0)).toBe(true);
    expect([...at].sort((a, b) => a - b)).toEqual(at);
    expect(text).toContain('2026/11/18');
    expect(text).toContain('(JST)');
    expect(text).toContain('重要度：緊急 (3)');
    expect(text).toContain('スコア：92 / 100');
    expect(text).toContain('攻撃段階：C2通信、データ持ち出し');
    expect(text).toContain('対象端末：10.1.20.57 (pc-sales-07, workstation)');
    expect(text).toContain('通信先：cdn-update.example (203.0.113.9) ポート 443');
    expect(text).toContain('1. 過去 14 日間に 203.0.113.9 と通信した端末は他にありますか。');
    expect(text).toContain('→ ありません。pc-sales-07 のみです。');
    expect(text).toContain('pc-sales-07 を隔離してください。');
    expect(text).toMatch(/通信を行っているプロセスをご確認ください/);
  });

  it('reads naturally in English', () => {
    const text = mailText(alertView(incidentNotification(sampleIncident(), 0), { language: 'en' }));
    for (const h of ['Detection time', 'Threat', 'What was detected', 'Investigation', 'What to check', 'Recommended actions']) expect(text).toContain(`== ${h} ==`);
    expect(text).toContain('2026-11-18');
    expect(text).toContain('UTC');
    expect(text).toContain('Attack phases: command and control, exfiltration');
    expect(text).toContain('Find the process that makes the connection');
  });

  it('writes a breach alert with the model, its reasons and default actions by level', () => {
    const v = alertView(breachNotification(sampleBreach(), { created: 0 }), { language: 'en' });
    expect(v.subject).toBe('[Mamori][INVESTIGATE] Regular beaconing to a rare destination — pc-sales-07 (10.1.20.57) → cdn-update.example (203.0.113.9)');
    const text = mailText(v);
    expect(text).toContain('Model: Regular beaconing to a rare destination (c2/beacon-regular)');
    expect(text).toContain('beacon_score = 0.93 (>= 0.8; baseline no beacons in 30 days, confidence 0.90) — connections every 60 s ± 2 s');
    expect(text).toContain('Investigate pc-sales-07 (10.1.20.57) today');
    expect(text).toContain('Is there a business reason for pc-sales-07 (10.1.20.57) to talk to cdn-update.example (203.0.113.9)?');
  });

  it('escapes every value in the HTML', () => {
    expect(escapeHtml(`<a href="x">'&'</a>`)).toBe('&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;');
  });
});

describe('SMTP delivery', () => {
  it('sends text and HTML alternatives, with the subject, level headers and a stable Message-ID', async () => {
    const { receiver, notifier } = await pair();
    const n = incidentNotification(sampleIncident(), 0);
    expect(await notifier.send(n)).toMatchObject({ ok: true });
    expect(await notifier.send(n)).toMatchObject({ ok: true }); // a retry
    const [a, b] = await receiver.waitFor(2);
    expect(a!.mail.headers.get('subject')).toEqual(['【Mamori】【緊急】pc-sales-07 から C2 通信の疑いとデータ持ち出し']);
    expect(a!.mail.headers.get('message-id')).toEqual([messageId(n.id, 'ja')]);
    expect(b!.mail.headers.get('message-id')).toEqual(a!.mail.headers.get('message-id'));
    expect(a!.mail.headers.get('x-priority')).toEqual(['1 (Highest)']);
    expect(a!.mail.parts.map((p) => p.type)).toEqual(['text/plain', 'text/html']);
    expect(a!.mail.parts[1]!.body).toContain('<h2');
    expect(a!.mail.parts[1]!.body).toContain('確認事項');
  });

  it('keeps hostile hostnames and titles out of the markup and out of the headers', async () => {
    const { receiver, notifier } = await pair();
    expect(await notifier.send(incidentNotification(hostileIncident(), 0))).toMatchObject({ ok: true });
    const [m] = await receiver.waitFor(1);
    expect(m!.to).toEqual(['soc@example.org']); // the Bcc in the title did not add a recipient
    expect(m!.mail.headers.has('bcc')).toBe(false);
    const head = m!.raw.slice(0, m!.raw.search(/\r\n\r\n/));
    expect(head).not.toMatch(/^Bcc:/im);
    expect(m!.mail.headers.get('subject')![0]).toContain('<img src=x onerror=alert(1)>');
    const html = m!.mail.parts.find((p) => p.type === 'text/html')!.body;
    expect(html).not.toContain('<img');
    expect(html).not.toContain('<script');
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).toContain('{&quot;json&quot;:&quot;inject&quot;}');
  });

  it('upgrades with STARTTLS and authenticates', async () => {
    const { receiver, notifier } = await pair({ auth: { user: 'mamori', pass: 'hunter2' } }, { security: 'starttls', auth: { user: 'mamori', pass: 'hunter2' }, ca: TEST_CERT, servername: 'localhost' });
    expect(await notifier.send(incidentNotification(sampleIncident(), 0))).toMatchObject({ ok: true });
    await receiver.waitFor(1);
    expect(receiver.authAttempts).toEqual(['mamori']);
  });

  it('refuses to send in clear text when STARTTLS is required but not offered', async () => {
    const { receiver, notifier } = await pair({ starttls: false }, { security: 'starttls', ca: TEST_CERT, servername: 'localhost' });
    const r = await notifier.send(incidentNotification(sampleIncident(), 0));
    expect(r).toMatchObject({ ok: false, error: { code: 'tls_failed' } });
    expect(receiver.messages).toHaveLength(0);
  });

  it('rejects a server certificate it cannot verify', async () => {
    const { notifier } = await pair({ secure: true }, { security: 'tls' });
    const r = await notifier.send(incidentNotification(sampleIncident(), 0));
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.code).toBe('tls_failed');
  });

  it('maps SMTP answers: wrong password is not retryable, 451 is, 550 is not', async () => {
    const { notifier } = await pair({ auth: { user: 'mamori', pass: 'hunter2' } }, { security: 'starttls', auth: { user: 'mamori', pass: 'wrong' }, ca: TEST_CERT, servername: 'localhost' });
    const auth = await notifier.send(incidentNotification(sampleIncident(), 0));
    expect(auth).toMatchObject({ ok: false, error: { code: 'auth_failed', retryable: false } });
    if (!auth.ok) expect(auth.error.message).not.toContain('wrong');

    const { receiver, notifier: plain } = await pair();
    receiver.rejectWith = 451;
    expect(await plain.send(incidentNotification(sampleIncident(), 0))).toMatchObject({ ok: false, error: { code: 'deferred', retryable: true } });
    receiver.rejectWith = 550;
    expect(await plain.send(incidentNotification(sampleIncident(), 0))).toMatchObject({ ok: false, error: { code: 'rejected', retryable: false } });
  });

  it('sends each recipient the mail in their language (one notifier per language)', async () => {
    const receiver = await new SmtpReceiver({ starttls: false }).start();
    receivers.push(receiver);
    const config = parseNotifyConfig({
      channels: {
        soc: {
          type: 'email',
          host: LOOPBACK,
          port: receiver.port,
          security: 'none',
          from: 'Mamori 監視 <mamori@example.org>',
          language: 'ja',
          recipients: ['soc@example.jp', { address: 'ciso@example.com', language: 'en' }, { address: 'duty@example.jp' }],
        },
      },
    });
    const built = buildNotifiers(config) as SmtpNotifier[];
    notifiers.push(...built);
    expect(built.map((n) => [n.name, n.channel, n.language])).toEqual([
      ['soc:ja', 'soc', 'ja'],
      ['soc:en', 'soc', 'en'],
    ]);
    for (const n of built) expect(await n.send(incidentNotification(sampleIncident(), 0))).toMatchObject({ ok: true });
    const got = await receiver.waitFor(2);
    const ja = got.find((m) => m.to.includes('soc@example.jp'))!;
    const en = got.find((m) => m.to.includes('ciso@example.com'))!;
    expect(ja.to).toEqual(['soc@example.jp', 'duty@example.jp']);
    expect(ja.from).toBe('mamori@example.org');
    expect(ja.mail.headers.get('from')).toEqual(['Mamori 監視 <mamori@example.org>']);
    expect(ja.mail.parts[0]!.body).toContain('■確認事項');
    expect(en.to).toEqual(['ciso@example.com']);
    expect(en.mail.parts[0]!.body).toContain('== What to check ==');
  });
});
