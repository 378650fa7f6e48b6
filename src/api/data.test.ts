import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Breach } from '../schema/breach.js';
import { openStore } from '../store/index.js';
import { action, breach, incident, putBreaches, putIncidents, storeResponse, T0 } from './data.test-util.js';
import { login, ADMIN_PASSWORD, startTestServer, withToken, type TestServer } from './fixtures.test-util.js';

const EVIL = `<script>alert(1)</script>"'</title><img src=x onerror=alert(2)>`;

describe('the data routes', () => {
  let t: TestServer;
  let viewer: ReturnType<typeof withToken>;
  let analyst: ReturnType<typeof withToken>;
  let hostile: Breach;
  let plain: Breach;

  beforeAll(async () => {
    // the records are there before the server starts (it keeps copies fresh to within seconds)
    const store = await openStore();
    hostile = breach({
      device: { id: 'dev:evil', ip: '10.0.0.66', hostname: `${EVIL}.corp`, type: 'client' },
      destination: { ip: '203.0.113.9', hostname: `c2${EVIL}.example`, port: 443 },
      user: `CORP\\${EVIL}`,
      reasons: [
        { metric: 'http.user_agent', value: `Mozilla/5.0 ${EVIL}`, op: '=', threshold: 'rare', confidence: 1, explanation: `user agent ${EVIL}` },
        { metric: 'ssl.server_name', value: `sni${EVIL}`, op: '=', threshold: 'rare', confidence: 1 },
        { metric: 'x509.certificate.subject', value: `CN=${EVIL},O="Evil"`, op: '=', threshold: 'self-signed', confidence: 0.8 },
        { metric: 'http.uri', value: `/index.php?q=${EVIL}`, op: '=', threshold: 'rare', confidence: 0.5 },
      ],
      score: 91,
    });
    plain = breach({ device: { id: 'dev:ws1', ip: '10.0.0.11', hostname: 'ws1' }, time: T0 + 3600, score: 40, model: 'device/new-device' });
    await putBreaches(store, [hostile, plain]);
    await putIncidents(store, [incident('I-evil', [hostile], { level: 3, title: `Beaconing from ${EVIL}` }), incident('I-plain', [plain], { level: 1 })]);
    await store.entities.put([
      { id: 'dev:evil', kind: 'device', time: T0 + 10, payload: { ip: '10.0.0.66', ips: ['10.0.0.66'], hostname: `${EVIL}.corp`, users: [EVIL], type: 'client', activity_by_hour: Array.from({ length: 24 }, (_, h) => (h === 10 ? 1 : 0)) } },
      { id: 'dev:ws1', kind: 'device', time: T0 + 3600, payload: { ip: '10.0.0.11', hostname: 'ws1', type: 'client', peer_group: 'pg1' } },
      { id: 'ep:203.0.113.9', kind: 'endpoint', time: T0, payload: { ip: '203.0.113.9', hostname: `c2${EVIL}.example` } },
    ]);
    await store.observations.append([
      {
        type: 'conn',
        record: { ts: T0, uid: 'CAbc123', id: { orig_h: '10.0.0.66', orig_p: 50000, resp_h: '203.0.113.9', resp_p: 443 }, proto: 'tcp', service: EVIL, orig_bytes: 1200, resp_bytes: 300, conn_state: 'SF', history: 'ShADadFf', missed_bytes: 0, orig_pkts: 5, orig_ip_bytes: 1400, resp_pkts: 4, resp_ip_bytes: 500 },
      },
    ]);
    t = await startTestServer({ store });
    viewer = withToken(t.url, await t.token('viewer'));
    analyst = withToken(t.url, await t.token('analyst'));
  });
  afterAll(() => t.close());

  async function json(r: Response): Promise<unknown> {
    expect(r.headers.get('content-type')).toMatch(/^application\/json/);
    const text = await r.text();
    // markup never appears as such in a response, even inside JSON strings
    expect(text).not.toContain('<script');
    expect(text).not.toContain('</title>');
    return JSON.parse(text);
  }

  it('gives hostile text back exactly, as JSON strings, with no markup in the bytes', async () => {
    const list = (await json(await viewer('/api/breaches'))) as { items: Breach[]; total: number };
    expect(list.total).toBe(2);
    const b = list.items.find((x) => x.device.id === 'dev:evil')!;
    expect(b).toEqual(hostile);
    expect(await json(await viewer(`/api/breaches/${hostile.id}`))).toEqual(hostile);
    const inc = (await json(await viewer('/api/incidents/I-evil'))) as { incident: { title: { en: string }; status: string }; breaches: Breach[] };
    expect(inc.incident.title.en).toBe(`Beaconing from ${EVIL}`);
    expect(inc.incident.status).toBe('open');
    expect(inc.breaches).toEqual([hostile]);
    const devices = (await json(await viewer(`/api/devices?q=${encodeURIComponent('<script>')}`))) as { items: { id: string; hostname: string; users: string[]; breaches: number; max_score: number }[] };
    expect(devices.items.map((d) => d.id)).toEqual(['dev:evil']);
    expect(devices.items[0]).toMatchObject({ hostname: `${EVIL}.corp`, users: [EVIL], breaches: 1, max_score: 91 });
    const page = (await json(await viewer('/api/devices/dev:evil'))) as { device: { hostname: string }; connections: Record<string, unknown>[]; breaches: Breach[]; activity_by_hour: number[]; volumes: { bytes_out: number }[] };
    expect(page.device.hostname).toBe(`${EVIL}.corp`);
    expect(page.connections[0]!['service']).toBe(EVIL);
    expect(page.breaches).toEqual([hostile]);
    expect(page.activity_by_hour[10]).toBe(1);
    expect(page.volumes.reduce((a, v) => a + v.bytes_out, 0)).toBe(1200);
    const graph = (await json(await viewer(`/api/graph?since=${T0 - 10}&until=${T0 + 10}`))) as { nodes: { id: string; label: string; threat: number }[]; links: unknown[] };
    expect(graph.nodes.find((n) => n.id === 'dev:evil')).toMatchObject({ label: `${EVIL}.corp`, threat: 91 });
    expect(graph.nodes.find((n) => n.id === 'ip:203.0.113.9')?.label).toBe(`c2${EVIL}.example`);
    expect(graph.links).toEqual([{ source: 'dev:evil', target: 'ip:203.0.113.9', bytes: 1500, connections: 1 }]);
    const dash = (await json(await viewer('/api/dashboard'))) as { incidents_by_level: Record<string, number>; top_devices: { id: string; hostname: string }[]; recent_incidents: { id: string }[] };
    expect(dash.incidents_by_level).toEqual({ '0': 0, '1': 1, '2': 0, '3': 1 });
    expect(dash.top_devices[0]).toMatchObject({ id: 'dev:evil', hostname: `${EVIL}.corp` });
    // a hostile search query is data: never echoed as markup
    const r = await viewer(`/api/breaches?q=${encodeURIComponent(EVIL)}`);
    expect(((await json(r)) as { total: number }).total).toBe(1);
  });

  it('searches the observations: rows, histogram, top values, CSV export with formula guard, and errors that say where', async () => {
    const found = (await json(await viewer(`/api/search?q=${encodeURIComponent('@type:conn AND id.resp_p:443 AND NOT id.orig_h:10.9.*')}`))) as { rows: Record<string, unknown>[]; total: number; types: string[] };
    expect(found.total).toBe(1);
    expect(found.rows[0]).toMatchObject({ '@type': 'conn', uid: 'CAbc123', 'id.resp_h': '203.0.113.9', service: EVIL });
    const hist = (await json(await viewer(`/api/search/histogram?q=${encodeURIComponent('id.resp_h:203.0.113.9')}&buckets=10`))) as { buckets: { count: number }[] };
    expect(hist.buckets.reduce((a, b) => a + b.count, 0)).toBe(1);
    const top = (await json(await viewer(`/api/search/top?q=*&field=id.orig_h&k=5`))) as { values: { value: string; count: number }[] };
    expect(top.values).toEqual([{ value: '10.0.0.66', count: 1 }]);
    const csv = await viewer(`/api/search/export?q=${encodeURIComponent('uid:CAbc123')}&format=csv`);
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toMatch(/^text\/csv/);
    const text = await csv.text();
    expect(text.split('\r\n')[0]).toContain('uid');
    expect(text).toContain('CAbc123');
    const bad = await viewer(`/api/search?q=${encodeURIComponent('id.resp_p:(443')}`);
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: { message: string } }).error.message).toMatch(/position|column|at \d/);
    const badExport = await viewer(`/api/search/export?q=${encodeURIComponent('sever_name:x')}&format=csv`);
    expect(badExport.status).toBe(400);
  });

  it('renders the incident report with every value escaped, sandboxed', async () => {
    const r = await viewer('/api/incidents/I-evil/report?lang=ja&format=html');
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toMatch(/^text\/html/);
    expect(r.headers.get('content-security-policy')).toContain('sandbox');
    const html = await r.text();
    expect(html).toContain('&lt;script&gt;');
    expect(html).not.toContain('<script>alert');
    expect(html).not.toContain('<img src=x');
  });

  it('filters breaches and incidents and validates the query (400 names the field)', async () => {
    expect(((await json(await viewer('/api/breaches?min_score=50'))) as { total: number }).total).toBe(1);
    expect(((await json(await viewer('/api/breaches?model=device/new-device'))) as { items: Breach[] }).items.map((b) => b.id)).toEqual([plain.id]);
    expect(((await json(await viewer(`/api/breaches?since=${T0 + 1}`))) as { total: number }).total).toBe(1);
    expect(((await json(await viewer('/api/incidents?level=3'))) as { items: { id: string }[] }).items.map((i) => i.id)).toEqual(['I-evil']);
    const bad = await viewer('/api/breaches?min_score=lots');
    expect(bad.status).toBe(400);
    expect(((await json(bad)) as { error: { message: string } }).error.message).toMatch(/min_score/);
    expect((await viewer('/api/breaches/nope')).status).toBe(404);
    expect((await viewer('/api/incidents?limit=100000')).status).toBe(400);
  });

  it('acknowledges, comments on, closes and reopens an incident, each audited with the actor and streamed', async () => {
    const s = await login(t.url, 'admin', ADMIN_PASSWORD);
    const ws = new WebSocket(`${t.url.replace('http', 'ws')}/api/stream`, { headers: { cookie: s.cookie, origin: t.url } });
    await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject));
    const got: { kind: string; data: { id: string; status: string } }[] = [];
    ws.on('message', (m) => got.push(JSON.parse(String(m))));
    const ack = await s.fetch('/api/incidents/I-plain/acknowledge', { method: 'POST' });
    expect(ack.status).toBe(200);
    expect(((await ack.json()) as { status: string; acknowledged_by: string })).toMatchObject({ status: 'acknowledged', acknowledged_by: 'admin' });
    expect((await analyst('/api/incidents/I-plain/comment', { method: 'POST', json: { text: `looked at it ${EVIL}` } })).status).toBe(200);
    expect((await analyst('/api/incidents/I-plain/close', { method: 'POST', json: { reason: 'false positive' } })).status).toBe(200);
    expect((await analyst('/api/incidents/I-plain/acknowledge', { method: 'POST' })).status).toBe(409);
    const closed = (await json(await viewer('/api/incidents?status=closed'))) as { items: { id: string; comments: { user: string; text: string }[]; close_reason: string; closed_by: string }[] };
    expect(closed.items).toHaveLength(1);
    expect(closed.items[0]).toMatchObject({ id: 'I-plain', close_reason: 'false positive', closed_by: 'test-analyst', comments: [{ user: 'test-analyst', text: `looked at it ${EVIL}` }] });
    expect((await analyst('/api/incidents/I-plain/reopen', { method: 'POST' })).status).toBe(200);
    const audit = (await json(await viewer('/api/audit?limit=20'))) as { items: { actor: string; action: string; target: string }[] };
    expect(audit.items.find((e) => e.action === 'incident.acknowledge')).toMatchObject({ actor: 'admin', target: 'I-plain' });
    expect(audit.items.find((e) => e.action === 'incident.close')).toMatchObject({ actor: 'token:test-analyst', target: 'I-plain' });
    for (let i = 0; i < 50 && got.length < 4; i++) await new Promise((r) => setTimeout(r, 10));
    expect(got.map((e) => `${e.kind}:${e.data.status}`)).toEqual(['incident:acknowledged', 'incident:acknowledged', 'incident:closed', 'incident:open']);
    ws.close();
  });
});

describe('the stream', () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer();
  });
  afterAll(() => t.close());

  const ws = (path: string, headers: Record<string, string> = {}) => new WebSocket(`${t.url.replace('http', 'ws')}${path}`, { headers });
  const refusal = (w: WebSocket) => new Promise<number>((resolve) => w.once('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0)).once('open', () => resolve(101)));

  it('refuses unauthenticated upgrades, bad tokens and cross-site cookies', async () => {
    expect(await refusal(ws('/api/stream'))).toBe(401);
    expect(await refusal(ws('/api/stream?token=mamori_nope'))).toBe(401);
    const s = await login(t.url, 'admin', ADMIN_PASSWORD);
    expect(await refusal(ws('/api/stream', { cookie: s.cookie, origin: 'https://evil.example' }))).toBe(403);
    expect(await refusal(ws('/api/elsewhere', { cookie: s.cookie }))).toBe(404);
  });

  it('sends a published breach to an authenticated client (token in the query)', async () => {
    const client = ws(`/api/stream?token=${await t.token('viewer')}`);
    await new Promise((resolve, reject) => client.once('open', resolve).once('error', reject));
    const received = new Promise<unknown>((resolve) => client.once('message', (m) => resolve(JSON.parse(String(m)))));
    const b = breach({ device: { id: 'dev:x', ip: '10.0.0.5', hostname: EVIL } });
    t.server.publish({ kind: 'breach', data: b });
    expect(await received).toEqual({ kind: 'breach', data: b });
    client.close();
  });
});

describe('actions', () => {
  let t: TestServer;
  beforeAll(async () => {
    const store = await openStore();
    await store.actions.put([{ id: 'A1', kind: 'quarantine_device', time: T0, payload: action('A1', { id: 'dev:ws1', ip: '10.0.0.11' }) }]);
    t = await startTestServer({ store, response: storeResponse(store) });
  });
  afterAll(() => t.close());

  it('lists actions, and a confirmation by an analyst is made and audited with the actor', async () => {
    const viewer = withToken(t.url, await t.token('viewer'));
    const analyst = withToken(t.url, await t.token('analyst'));
    const list = (await (await viewer('/api/actions?state=awaiting_confirmation')).json()) as { items: { id: string }[]; total: number };
    expect(list).toMatchObject({ total: 1, items: [{ id: 'A1' }] });
    expect((await viewer('/api/actions/A1/confirm', { method: 'POST', json: {} })).status).toBe(403);
    const r = await analyst('/api/actions/A1/confirm', { method: 'POST', json: { why: 'confirmed with the owner' } });
    expect(r.status).toBe(200);
    expect(((await r.json()) as { state: string }).state).toBe('active');
    const entry = (await t.store.audit.list()).find((e) => e.action === 'action.confirm');
    expect(entry).toMatchObject({ actor: 'token:test-analyst', target: 'A1', details: { before: 'awaiting_confirmation', after: 'active', why: 'confirmed with the owner' } });
    expect((await analyst('/api/actions/A1/extend', { method: 'POST', json: { seconds: 5 } })).status).toBe(400);
    expect((await analyst('/api/actions/A1/extend', { method: 'POST', json: { seconds: 600 } })).status).toBe(200);
  });
});
