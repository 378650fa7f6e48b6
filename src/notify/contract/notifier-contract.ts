// The notifier contract: one suite every channel passes (as the store's engines pass theirs), so
// the dispatcher can treat them all alike. Use from a test file:
//
//   runNotifierContract('webhook json', async () => ({ notifier, receiver, confirmsDelivery: true, … }));
//
// This file registers vitest tests and is meant for test files only.
import { afterEach, describe, expect, it } from 'vitest';
import { NotifyError } from '../errors.js';
import { incidentNotification } from '../notification.js';
import type { Notification, Notifier } from '../types.js';
import { hostileIncident, sampleIncident } from './fixtures.js';
import type { Received, Receiver } from './receivers.js';

export interface NotifierHarness {
  notifier: Notifier;
  /** started, and listening where the notifier sends */
  receiver: Receiver;
  /** false when the protocol cannot tell (UDP syslog): a stopped receiver is not an error then */
  confirmsDelivery: boolean;
  /** makes the receiver refuse further messages for good (SMTP 550, HTTP 400); absent when the protocol has no answers */
  rejectPermanently?: () => void;
  /** the notification id as the receiver shows it (default: the id itself) */
  idIn?: (r: Received, id: string) => boolean;
}

export type HarnessFactory = () => Promise<NotifierHarness>;

function notification(id: string, over = {}): Notification {
  return { ...incidentNotification(sampleIncident({ id, ...over }), 1_795_000_100) };
}

export function runNotifierContract(name: string, factory: HarnessFactory): void {
  describe(`notifier contract: ${name}`, () => {
    let h: NotifierHarness | undefined;
    const setup = async () => (h = await factory());
    afterEach(async () => {
      await h?.notifier.close();
      await h?.receiver.stop();
      h = undefined;
    });
    const carries = (r: Received, id: string) => (h!.idIn ? h!.idIn(r, id) : r.text.includes(id));

    it('delivers once, carrying the notification id and the title in its language', async () => {
      const { notifier, receiver } = await setup();
      const n = notification('inc-contract-1');
      const r = await notifier.send(n);
      expect(r).toMatchObject({ ok: true });
      const got = await receiver.waitFor(1);
      await new Promise((res) => setTimeout(res, 50));
      expect(got).toHaveLength(1);
      expect(carries(got[0]!, n.id)).toBe(true);
      const title = n.kind === 'incident' ? n.incident.title[notifier.language] : '';
      expect(got[0]!.text).toContain(title);
    });

    it('sends concurrent notifications, each once', async () => {
      const { notifier, receiver } = await setup();
      const ns = [1, 2, 3, 4, 5].map((i) => notification(`inc-concurrent-${i}`));
      const results = await Promise.all(ns.map((n) => notifier.send(n)));
      expect(results.every((r) => r.ok)).toBe(true);
      const got = await receiver.waitFor(5);
      for (const n of ns) expect(got.filter((r) => carries(r, n.id))).toHaveLength(1);
    });

    it('resolves (never throws) with a retryable error while the receiver is down, and delivers when it is back', async () => {
      const { notifier, receiver, confirmsDelivery } = await setup();
      await notifier.send(notification('inc-warmup')); // an open connection must not hide the outage
      await receiver.waitFor(1);
      await receiver.stop();
      const down = await notifier.send(notification('inc-while-down'));
      if (confirmsDelivery) {
        expect(down.ok).toBe(false);
        if (!down.ok) {
          expect(down.error).toBeInstanceOf(NotifyError);
          expect(down.error.retryable).toBe(true);
        }
      }
      await receiver.start();
      const up = await notifier.send(notification('inc-after-return'));
      expect(up).toMatchObject({ ok: true });
      const got = await receiver.waitFor(2);
      expect(got.some((r) => carries(r, 'incident/inc-after-return/level-3'))).toBe(true);
    });

    it('carries hostile text as one message, without breaking its format', async () => {
      const { notifier, receiver } = await setup();
      const n = incidentNotification(hostileIncident(), 1_795_000_100);
      const r = await notifier.send(n);
      expect(r).toMatchObject({ ok: true });
      await receiver.waitFor(1);
      await new Promise((res) => setTimeout(res, 50));
      expect(receiver.messages).toHaveLength(1);
      expect(carries(receiver.messages[0]!, n.id)).toBe(true);
    });

    it('reports a permanent refusal as not retryable', async (ctx) => {
      const harness = await setup();
      if (!harness.rejectPermanently) return ctx.skip();
      harness.rejectPermanently();
      const r = await harness.notifier.send(notification('inc-refused'));
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.error.retryable).toBe(false);
    });

    it('sends again after close()', async () => {
      const { notifier, receiver } = await setup();
      expect(await notifier.send(notification('inc-before-close'))).toMatchObject({ ok: true });
      await notifier.close();
      expect(await notifier.send(notification('inc-after-close'))).toMatchObject({ ok: true });
      await receiver.waitFor(2);
    });

    it('describes where it sends without any secret', async () => {
      const { notifier } = await setup();
      const d = notifier.describe();
      expect(d).not.toMatch(/s3cret|hunter2|tok-123|T000\/B000/);
      expect(d.length).toBeGreaterThan(0);
    });
  });
}
