// The outbox and dispatcher on a real DuckDB store: alerts survive a receiver outage and a restart
// and arrive exactly once; routing, permanent failures, attempt and age limits, rate limits, and
// retries after a timeout that keep the idempotency key.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openStore, type StateStore } from '../store/index.js';
import { buildNotifiers } from './build.js';
import { parseNotifyConfig, type RouteConfig } from './config.js';
import { sampleIncident } from './contract/fixtures.js';
import { HttpReceiver, LOOPBACK, SmtpReceiver, SyslogReceiver, type Receiver } from './contract/receivers.js';
import { Dispatcher } from './dispatcher.js';
import { SmtpNotifier } from './email/smtp-notifier.js';
import { incidentNotification } from './notification.js';
import { newEntry, Outbox, OUTBOX_NAMESPACE, OutboxEntrySchema } from './outbox.js';
import { SyslogNotifier } from './syslog/syslog-notifier.js';
import type { Notifier } from './types.js';
import { WebhookNotifier } from './webhook/webhook-notifier.js';

const dir = mkdtempSync(join(tmpdir(), 'mamori-notify-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
async function waitUntil(what: string, cond: () => boolean, ms = 8000): Promise<void> {
  const until = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await sleep(10);
  }
}

const FAST = { initial_delay_ms: 20, max_delay_ms: 120, max_attempts: 1000, max_age_seconds: 3600, keep_seconds: 3600 };
const ALL: RouteConfig[] = [{ channels: ['ch'], kinds: ['incident', 'breach', 'system'] }];

interface Channel {
  name: string;
  receiver: () => Receiver;
  notifier: (port: number) => Notifier;
  /** the notification id as the receiver shows it */
  ids: (r: Receiver) => string[];
}

const CHANNELS: Channel[] = [
  {
    name: 'webhook',
    receiver: () => new HttpReceiver(),
    notifier: (port) => new WebhookNotifier({ name: 'ch', url: `http://${LOOPBACK}:${port}/hook`, flavor: 'json', language: 'en', timeoutMs: 1000 }),
    ids: (r) => (r as HttpReceiver).messages.map((m) => String(m.headers['idempotency-key'])),
  },
  {
    name: 'e-mail',
    receiver: () => new SmtpReceiver({ starttls: false }),
    notifier: (port) => new SmtpNotifier({ name: 'ch', host: LOOPBACK, port, security: 'none', from: 'mamori@example.org', to: ['soc@example.org'], language: 'ja', timeoutMs: 1000 }),
    ids: (r) => (r as SmtpReceiver).messages.map((m) => m.mail.headers.get('x-mamori-notification-id')?.[0] ?? ''),
  },
  {
    name: 'syslog tcp',
    receiver: () => new SyslogReceiver('tcp'),
    notifier: (port) => new SyslogNotifier({ name: 'ch', protocol: 'tcp', host: LOOPBACK, port, format: 'cef', language: 'en', timeoutMs: 1000 }),
    ids: (r) => (r as SyslogReceiver).messages.map((m) => /externalId=(\S+)/.exec(m.raw)?.[1] ?? ''),
  },
];

describe('an alert raised while the receiver is down', () => {
  for (const ch of CHANNELS) {
    it(`is kept in the outbox, retried, and after a restart delivered exactly once (${ch.name})`, async () => {
      const path = join(dir, `restart-${ch.name.replace(/\W/g, '')}`, 'mamori.duckdb');
      const receiver = ch.receiver();
      await receiver.start();
      const port = receiver.port;
      await receiver.stop(); // the receiver goes down
      const logs: string[] = [];
      const dispatcher = (state: StateStore) => new Dispatcher({ state, notifiers: [ch.notifier(port)], routes: ALL, delivery: FAST, log: (l) => logs.push(l) });
      const n = incidentNotification(sampleIncident());

      // first life: the alert is stored, then retried while the receiver is down
      let store = await openStore({ path });
      let d = dispatcher(store.state);
      await d.start();
      expect(await d.notify(n)).toEqual(['ch']);
      await waitUntil('three failed attempts', () => d.entry(n.id)!.deliveries['ch']!.attempts >= 3);
      expect(d.entry(n.id)!.deliveries['ch']!.status).toBe('pending');
      expect(d.entry(n.id)!.deliveries['ch']!.last_error).toMatchObject({ code: 'unreachable', retryable: true });
      await d.stop();
      await store.close(); // Mamori stops

      // what the database holds across the restart
      store = await openStore({ path });
      const kept = OutboxEntrySchema.parse((await store.state.get(OUTBOX_NAMESPACE, `m/${n.id}`))!.value);
      expect(kept.deliveries['ch']).toMatchObject({ status: 'pending' });
      expect(kept.deliveries['ch']!.attempts).toBeGreaterThanOrEqual(3);

      // second life: a new dispatcher on the same database; the receiver comes back
      d = dispatcher(store.state);
      await d.start();
      await receiver.start();
      expect(receiver.port).toBe(port);
      await waitUntil('delivery', () => d.entry(n.id)?.deliveries['ch']?.status === 'delivered');
      expect(await d.notify(n)).toEqual([]); // the same alert raised again is not queued twice
      await sleep(300);
      expect(ch.ids(receiver)).toEqual([n.id]);
      expect(logs.some((l) => l.includes('1 pending delivery to resume'))).toBe(true);
      await d.stop();
      await store.close();

      // a third life finds it delivered and sends nothing
      store = await openStore({ path });
      d = dispatcher(store.state);
      await d.start();
      await sleep(200);
      expect(d.entry(n.id)!.deliveries['ch']!.status).toBe('delivered');
      expect(ch.ids(receiver)).toEqual([n.id]);
      await d.stop();
      await store.close();
      await receiver.stop();
    });
  }
});

describe('dispatcher', () => {
  async function setup(receiver = new HttpReceiver(), extra: Partial<ConstructorParameters<typeof Dispatcher>[0]> = {}, timeoutMs = 1000) {
    await receiver.start();
    const store = await openStore();
    const notifier = new WebhookNotifier({ name: 'ch', url: `http://${LOOPBACK}:${receiver.port}/hook`, flavor: 'json', language: 'en', timeoutMs });
    const d = new Dispatcher({ state: store.state, notifiers: [notifier], routes: ALL, delivery: FAST, ...extra });
    await d.start();
    const done = async () => {
      await d.stop();
      await store.close();
      await receiver.stop();
    };
    return { receiver, store, d, done };
  }

  it('routes by level and kind, and stores nothing that no route takes', async () => {
    const { store, d, receiver, done } = await setup(undefined, { routes: [{ channels: ['ch'], levels: [2, 3], kinds: ['incident'] }] });
    expect(await d.notify(incidentNotification(sampleIncident({ id: 'low', level: 1 })))).toEqual([]);
    expect(await store.state.list(OUTBOX_NAMESPACE)).toEqual([]);
    expect(await d.notify(incidentNotification(sampleIncident({ id: 'high', level: 2 })))).toEqual(['ch']);
    await receiver.waitFor(1);
    await done();
  });

  it('stores the same alert raised twice at once only once', async () => {
    const { receiver, d, done } = await setup();
    const n = incidentNotification(sampleIncident());
    const queued = await Promise.all([d.notify(n), d.notify(n), d.notify({ ...n })]);
    expect(queued.filter((q) => q.length > 0)).toEqual([['ch']]);
    await receiver.waitFor(1);
    await sleep(100);
    expect(receiver.messages).toHaveLength(1);
    await done();
  });

  it('fails, once too old, what is pending for a channel no longer configured', async () => {
    const store = await openStore();
    const old = incidentNotification(sampleIncident({ id: 'old' }), Date.now() / 1000 - 7200);
    const recent = incidentNotification(sampleIncident({ id: 'recent' }));
    const outbox = new Outbox(store.state);
    await outbox.save(newEntry(old, ['gone'], Date.now()));
    await outbox.save(newEntry(recent, ['gone'], Date.now()));
    const logs: string[] = [];
    const d = new Dispatcher({ state: store.state, notifiers: [], routes: [], delivery: { ...FAST, max_age_seconds: 3600 }, log: (l) => logs.push(l) });
    await d.start();
    expect(d.entry(old.id)!.deliveries['gone']).toMatchObject({ status: 'failed', last_error: { code: 'expired' } });
    expect(d.entry(recent.id)!.deliveries['gone']!.status).toBe('pending');
    expect(logs.some((l) => l.includes('no channel gone is configured now'))).toBe(true);
    await d.stop();
    await store.close();
  });

  it('gives up at once on a permanent refusal', async () => {
    const { receiver, d, done } = await setup();
    receiver.status = 400;
    const n = incidentNotification(sampleIncident());
    await d.notify(n);
    await waitUntil('failure', () => d.entry(n.id)!.deliveries['ch']!.status === 'failed');
    await sleep(150);
    expect(receiver.messages).toHaveLength(1);
    expect(d.entry(n.id)!.deliveries['ch']).toMatchObject({ attempts: 1, last_error: { code: 'rejected', retryable: false } });
    await done();
  });

  it('stops after max_attempts and marks the delivery failed', async () => {
    const { receiver, d, done } = await setup(undefined, { delivery: { ...FAST, max_attempts: 3 } });
    receiver.status = 503;
    const n = incidentNotification(sampleIncident());
    await d.notify(n);
    await waitUntil('failure', () => d.entry(n.id)!.deliveries['ch']!.status === 'failed');
    await sleep(150);
    expect(receiver.messages).toHaveLength(3);
    expect(d.entry(n.id)!.deliveries['ch']!.last_error!.message).toMatch(/gave up after 3 attempts/);
    await done();
  });

  it('does not send a message older than max_age', async () => {
    const { receiver, d, done } = await setup(undefined, { delivery: { ...FAST, max_age_seconds: 60 } });
    const n = incidentNotification(sampleIncident(), Date.now() / 1000 - 3600);
    await d.notify(n);
    await waitUntil('expiry', () => d.entry(n.id)!.deliveries['ch']!.status === 'failed');
    expect(d.entry(n.id)!.deliveries['ch']!.last_error!.code).toBe('expired');
    expect(receiver.messages).toHaveLength(0);
    await done();
  });

  it('holds messages over the rate limit in the outbox instead of dropping them (set up from a config)', async () => {
    const receiver = await new HttpReceiver().start();
    const store = await openStore();
    const config = parseNotifyConfig({
      channels: { ch: { type: 'webhook', url: `http://${LOOPBACK}:${receiver.port}/hook`, rate_limit: { count: 2, per_seconds: 3600 } } },
      routes: [{ channels: ['ch'], min_level: 2 }],
      delivery: FAST,
    });
    const d = Dispatcher.fromConfig(config, store.state, buildNotifiers(config));
    for (const id of ['r1', 'r2', 'r3']) expect(await d.notify(incidentNotification(sampleIncident({ id })))).toEqual(['ch']);
    await receiver.waitFor(2);
    await d.whenIdle();
    await sleep(100);
    expect(receiver.messages.map((m) => JSON.parse(m.body).incident.id)).toEqual(['r1', 'r2']);
    expect(d.counts()).toEqual({ pending: 1, delivered: 2, failed: 0 });
    expect(d.entry('incident/r3/level-3')!.deliveries['ch']!.attempts).toBe(0);
    await d.stop();
    await store.close();
    await receiver.stop();
  });

  it('retries after a timeout with the same idempotency key, so the receiver can drop the copy', async () => {
    const receiver = new HttpReceiver();
    receiver.delay = { count: 1, ms: 600 };
    const { d, done } = await setup(receiver, {}, 200);
    const n = incidentNotification(sampleIncident());
    await d.notify(n);
    await waitUntil('delivery', () => d.entry(n.id)!.deliveries['ch']!.status === 'delivered');
    expect(receiver.messages).toHaveLength(2);
    expect(receiver.messages.map((m) => m.headers['idempotency-key'])).toEqual([n.id, n.id]);
    expect(d.entry(n.id)!.deliveries['ch']!.attempts).toBe(2);
    await done();
  });

  it('tracks each channel on its own: a channel that is back gets only what it missed', async () => {
    const up = await new HttpReceiver().start();
    const down = await new HttpReceiver().start();
    const downPort = down.port;
    await down.stop();
    const store = await openStore();
    const notifiers = [
      new WebhookNotifier({ name: 'a', url: `http://${LOOPBACK}:${up.port}/`, flavor: 'slack', language: 'en' }),
      new WebhookNotifier({ name: 'b', url: `http://${LOOPBACK}:${downPort}/`, flavor: 'teams', language: 'ja' }),
    ];
    const d = new Dispatcher({ state: store.state, notifiers, routes: [{ channels: ['a', 'b'], kinds: ['incident'] }], delivery: FAST });
    const n = incidentNotification(sampleIncident());
    expect(await d.notify(n)).toEqual(['a', 'b']);
    await up.waitFor(1);
    await waitUntil('retries of b', () => d.entry(n.id)!.deliveries['b']!.attempts >= 2);
    await down.start();
    await waitUntil('b delivered', () => d.entry(n.id)!.deliveries['b']!.status === 'delivered');
    await sleep(100);
    expect(up.messages).toHaveLength(1);
    expect(down.messages).toHaveLength(1);
    await d.stop();
    await store.close();
    await up.stop();
    await down.stop();
  });
});
