import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, withToken, type TestServer } from './fixtures.test-util.js';

const DRAFT = `
id: compliance/draft-telnet-out
name: { en: Telnet to the Internet, ja: インターネットへの Telnet }
category: Compliance
priority: 2
on: [conn]
filters:
  - { field: peer_is_external, op: '=', value: true }
components:
  - { field: dest_port, op: '=', value: 23, weight: 1 }
dangerous_in_itself: true
throttle_seconds: 0
description: { en: A device used telnet to an external host., ja: 端末が外部ホストへ Telnet で接続しました。 }
actions: { en: [Stop using telnet.], ja: [Telnet の使用をやめてください。] }
`;
const BEACON = 'compromise/beaconing-to-rare-external';
const T0 = Date.parse('2026-11-03T10:00:00Z') / 1000;

describe('models, tuning and settings', () => {
  let t: TestServer;
  let viewer: ReturnType<typeof withToken>;
  let analyst: ReturnType<typeof withToken>;
  let admin: ReturnType<typeof withToken>;
  beforeAll(async () => {
    // the built-in library, as `mamori serve` loads it
    t = await startTestServer({ models: undefined as never });
    [viewer, analyst, admin] = await Promise.all((['viewer', 'analyst', 'admin'] as const).map(async (r) => withToken(t.url, await t.token(r))));
  });
  afterAll(() => t.close());

  const enc = encodeURIComponent;

  it('lists the library and shows a model with its YAML as written', async () => {
    const list = (await (await viewer('/api/models')).json()) as { id: string; builtin: boolean; enabled: boolean }[];
    expect(list.length).toBeGreaterThanOrEqual(60);
    expect(list.find((m) => m.id === BEACON)).toMatchObject({ builtin: true, enabled: true });
    const one = (await (await viewer(`/api/models/${enc(BEACON)}`)).json()) as { yaml: string; model: { id: string } };
    expect(one.model.id).toBe(BEACON);
    expect(one.yaml).toContain('# periodicity'); // the file's comments are kept
    expect((await viewer(`/api/models/${enc('nope/nope')}`)).status).toBe(404);
  });

  it('validates drafts, saves and clones user models, enables and disables (audited)', async () => {
    expect(await (await analyst('/api/models/validate', { method: 'POST', json: { yaml: DRAFT } })).json()).toEqual({ ok: true });
    const bad = (await (await analyst('/api/models/validate', { method: 'POST', json: { yaml: 'id: x\ncomponents: []' } })).json()) as { ok: boolean; errors: string[] };
    expect(bad.ok).toBe(false);
    expect(bad.errors.join(' ')).toMatch(/id/);
    const id = 'compliance/draft-telnet-out';
    expect((await analyst(`/api/models/${enc(id)}`, { method: 'PUT', json: { yaml: DRAFT } })).status).toBe(403);
    expect((await admin(`/api/models/${enc('compliance/other')}`, { method: 'PUT', json: { yaml: DRAFT } })).status).toBe(400);
    expect((await admin(`/api/models/${enc(id)}`, { method: 'PUT', json: { yaml: DRAFT } })).status).toBe(200);
    expect((await (await viewer(`/api/models/${enc(id)}`)).json()) as { builtin: boolean }).toMatchObject({ builtin: false });
    const clone = await admin(`/api/models/${enc(BEACON)}/clone`, { method: 'POST', json: { new_id: 'compromise/my-beacon' } });
    expect(await clone.json()).toEqual({ id: 'compromise/my-beacon' });
    expect((await admin(`/api/models/${enc(BEACON)}/clone`, { method: 'POST', json: { new_id: 'compromise/my-beacon' } })).status).toBe(409);
    expect((await admin(`/api/models/${enc(BEACON)}/disable`, { method: 'POST' })).status).toBe(200);
    const list = (await (await viewer('/api/models')).json()) as { id: string; enabled: boolean; builtin: boolean }[];
    expect(list.find((m) => m.id === BEACON)?.enabled).toBe(false);
    expect(list.find((m) => m.id === 'compromise/my-beacon')).toMatchObject({ builtin: false, enabled: true });
    const audit = await t.store.audit.list();
    expect(audit.find((e) => e.action === 'model.disable')).toMatchObject({ actor: 'token:test-admin', target: BEACON });
    expect(audit.find((e) => e.action === 'model.save')).toMatchObject({ actor: 'token:test-admin', target: id });
  });

  it('tries a draft on the stored history', async () => {
    const conn = (i: number, port: number) => ({
      type: 'conn' as const,
      record: { ts: T0 + i * 60, uid: `C${i}`, id: { orig_h: '10.0.0.5', orig_p: 40000 + i, resp_h: '93.184.216.34', resp_p: port }, proto: 'tcp' as const, conn_state: 'SF' as const, orig_bytes: 1, resp_bytes: 1, missed_bytes: 0, orig_pkts: 1, orig_ip_bytes: 41, resp_pkts: 1, resp_ip_bytes: 41, history: 'ShADadFf' },
    });
    await t.store.observations.append([conn(1, 443), conn(2, 23), conn(3, 23)]);
    const r = await analyst('/api/models/try', { method: 'POST', json: { yaml: DRAFT } });
    expect(r.status).toBe(200);
    const body = (await r.json()) as { breaches: { destination: { port: number } }[]; observations_scanned: number };
    expect(body.observations_scanned).toBe(3);
    expect(body.breaches.map((b) => b.destination.port)).toEqual([23, 23]);
    expect((await viewer('/api/models/try', { method: 'POST', json: { yaml: DRAFT } })).status).toBe(403);
  });

  it('adds and removes suppressions through the tuning store (audited)', async () => {
    const now = Date.now() / 1000;
    expect((await analyst('/api/suppressions', { method: 'POST', json: { device: '10.0.0.5', expires: now - 10, reason: 'old' } })).status).toBe(400);
    const made = (await (await analyst('/api/suppressions', { method: 'POST', json: { model: BEACON, device: '10.0.0.*', expires: now + 3600, reason: 'backup server' } })).json()) as { id: string; created_by: string };
    expect(made.created_by).toBe('token:test-analyst');
    expect(((await (await viewer('/api/suppressions')).json()) as { id: string }[]).map((s) => s.id)).toEqual([made.id]);
    expect((await analyst(`/api/suppressions/${made.id}`, { method: 'DELETE' })).status).toBe(200);
    expect((await analyst(`/api/suppressions/${made.id}`, { method: 'DELETE' })).status).toBe(404);
    expect((await t.store.audit.list()).filter((e) => e.action.startsWith('suppression.')).map((e) => e.action)).toEqual(['suppression.add', 'suppression.remove']);
  });

  it('reads and (as admin) changes settings; creating a user is audited with the actor', async () => {
    expect(await (await viewer('/api/settings')).json()).toMatchObject({ language: 'en', time_zone: 'UTC' });
    expect((await analyst('/api/settings', { method: 'PUT', json: { language: 'ja' } })).status).toBe(403);
    expect((await admin('/api/settings', { method: 'PUT', json: { time_zone: 'Mars/Olympus' } })).status).toBe(400);
    expect(await (await admin('/api/settings', { method: 'PUT', json: { language: 'ja', time_zone: 'Asia/Tokyo' } })).json()).toMatchObject({ language: 'ja', time_zone: 'Asia/Tokyo' });
    expect((await admin('/api/users', { method: 'POST', json: { name: 'hanako', role: 'analyst', password: 'hanako-password' } })).status).toBe(200);
    const entry = (await t.store.audit.list()).find((e) => e.action === 'user.create' && e.target === 'hanako');
    expect(entry).toMatchObject({ actor: 'token:test-admin', details: { role: 'analyst' } });
    expect(JSON.stringify(await t.store.audit.list())).not.toContain('hanako-password');
    // the last admin cannot be demoted or removed
    expect((await admin('/api/users/admin', { method: 'PATCH', json: { role: 'viewer' } })).status).toBe(409);
    expect((await admin('/api/users/admin', { method: 'DELETE' })).status).toBe(409);
  });
});
