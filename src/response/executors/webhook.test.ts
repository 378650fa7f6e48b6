import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HttpReceiver } from '../../notify/contract/receivers.js';
import { webhookSignature } from '../../notify/webhook/webhook-notifier.js';
import { runExecutorContract } from '../contract/executor-contract.js';
import { sampleAction } from '../contract/fixtures.js';
import { WebhookExecutor } from './webhook.js';

const receiver = new HttpReceiver();
beforeAll(async () => {
  await receiver.start();
});
afterAll(() => receiver.stop());
const url = () => `http://127.0.0.1:${receiver.port}/hooks/mamori`;
const noWait = async () => {};

runExecutorContract('webhook', async () => {
  receiver.status = 200;
  return { executor: new WebhookExecutor({ url: url(), secret: 's3cret', sleep: noWait }), sideEffects: () => receiver.messages.length };
});

describe('webhook executor', () => {
  it('posts {event, action} signed with HMAC over timestamp.body, with one idempotency key per event', async () => {
    receiver.status = 200;
    const from = receiver.messages.length;
    const ex = new WebhookExecutor({ url: url(), secret: 's3cret', bearerToken: 'tok', sleep: noWait });
    const a = sampleAction('block_connection', 'wh-sign-1');
    expect(await ex.apply(a)).toMatchObject({ ok: true, detail: 'HTTP 200' });
    expect(await ex.remove(a)).toMatchObject({ ok: true });
    const [apply, remove] = receiver.messages.slice(from);
    expect(JSON.parse(apply!.body)).toMatchObject({ event: 'apply', action: { id: 'wh-sign-1', kind: 'block_connection' } });
    expect(JSON.parse(remove!.body)).toMatchObject({ event: 'remove', action: { id: 'wh-sign-1' } });
    const ts = String(apply!.headers['x-mamori-timestamp']);
    expect(apply!.headers['x-mamori-signature']).toBe(webhookSignature('s3cret', ts, apply!.body));
    expect(apply!.headers['authorization']).toBe('Bearer tok');
    expect(apply!.headers['idempotency-key']).not.toBe(remove!.headers['idempotency-key']);
  });

  it('retries a 503 with backoff, with the same idempotency key, until it goes through', async () => {
    receiver.status = 503;
    const from = receiver.messages.length;
    const waits: number[] = [];
    const ex = new WebhookExecutor({
      url: url(),
      maxAttempts: 5,
      initialBackoffMs: 100,
      sleep: async (ms) => {
        waits.push(ms);
        if (waits.length === 2) receiver.status = 200;
      },
    });
    const r = await ex.apply(sampleAction('block_endpoint', 'wh-retry-1'));
    expect(r).toMatchObject({ ok: true, detail: 'HTTP 200 after 3 attempts' });
    const got = receiver.messages.slice(from);
    expect(got).toHaveLength(3);
    expect(new Set(got.map((m) => m.headers['idempotency-key'])).size).toBe(1);
    expect(waits[0]).toBeGreaterThanOrEqual(50);
    expect(waits[1]).toBeGreaterThanOrEqual(100); // grows
    expect(await ex.active()).toEqual(['wh-retry-1']);
  });

  it('gives up after max_attempts and does not count the action as active', async () => {
    receiver.status = 500;
    const from = receiver.messages.length;
    const ex = new WebhookExecutor({ url: url(), maxAttempts: 3, sleep: noWait });
    const r = await ex.apply(sampleAction('block_endpoint', 'wh-give-up-1'));
    expect(r).toMatchObject({ ok: false, error: { code: 'failed' } });
    if (!r.ok) expect(r.error.message).toMatch(/after 3 attempts: HTTP 500/);
    expect(receiver.messages.length - from).toBe(3);
    expect(await ex.active()).toEqual([]);
  });

  it('does not retry a 400: the receiver refused it for good', async () => {
    receiver.status = 400;
    const from = receiver.messages.length;
    const ex = new WebhookExecutor({ url: url(), maxAttempts: 5, sleep: noWait });
    expect(await ex.apply(sampleAction('block_endpoint', 'wh-400-1'))).toMatchObject({ ok: false, error: { code: 'failed' } });
    expect(receiver.messages.length - from).toBe(1);
  });

  it('retries when nothing listens and reports the network error', async () => {
    const ex = new WebhookExecutor({ url: 'http://127.0.0.1:9/none', maxAttempts: 2, sleep: noWait, timeoutMs: 2000 });
    const r = await ex.apply(sampleAction('block_endpoint', 'wh-down-1'));
    expect(r).toMatchObject({ ok: false, error: { code: 'failed' } });
    if (!r.ok) expect(r.error.message).toMatch(/after 2 attempts/);
  });

  it('refuses a URL that is not http(s)', () => {
    expect(() => new WebhookExecutor({ url: 'file:///etc/passwd' })).toThrow(/http or https/);
  });
});
