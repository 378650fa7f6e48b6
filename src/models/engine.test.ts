import { describe, expect, it } from 'vitest';
import type { Metric } from '../learning/index.js';
import type { Observation } from '../schema/observation.js';
import { ModelEngine, type EvalContext } from './engine.js';
import { parseModel } from './library.js';
import { compare, compileCompare } from './compare.js';
import { SlidingWindow } from './window.js';

const head = (id: string, rest: string) =>
  parseModel(`id: ${id}\nname: {en: a, ja: あ}\ncategory: Device\npriority: 3\ndescription: {en: a, ja: あ}\nactions: {en: [a], ja: [あ]}\n${rest}`, `${id}.yaml`);

const conn = (ts: number, resp: string, port: number, state = 'S0', bytes = 0): Observation =>
  ({ type: 'conn', record: { ts, uid: `C${ts}`, id: { orig_h: '10.0.0.5', orig_p: 40000, resp_h: resp, resp_p: port }, proto: 'tcp', conn_state: state, orig_bytes: bytes } }) as unknown as Observation;
const ctx = (peer: string, port: number, extra: Partial<EvalContext> = {}): EvalContext => ({ deviceId: 'dev:a', deviceIp: '10.0.0.5', peerIp: peer, peerIsExternal: !peer.startsWith('10.'), destPort: port, ...extra });
const metric = (name: string, value: number, confidence: number): Metric => ({ name: name as Metric['name'], value, confidence, baseline: { text: 'b' }, explanation: 'e' });

describe('sliding windows', () => {
  it('counts, counts distinct values and sums over the trailing span only', () => {
    const d = new SlidingWindow(10, 'distinct');
    const s = new SlidingWindow(10, 'sum');
    for (let t = 0; t < 20; t++) {
      d.push(t, `p${t % 4}`);
      s.push(t, 5);
    }
    expect(d.distinct(19)).toBe(4);
    expect(d.distinct(40)).toBe(0);
    expect(s.sum(19)).toBe(55); // t = 9 … 19
    const c = new SlidingWindow(3, 'count');
    c.push(0, 1);
    c.push(2, 1);
    expect(c.count(4)).toBe(1);
  });
});

describe('model engine', () => {
  it('breaches on distinct destinations over a window, once per throttle, with the window as a reason and evidence uids', () => {
    const m = head('device/t-scan', `on: [conn]\nper: device\nfilters:\n  - { field: conn.conn_state, op: in, value: [S0, REJ] }\ncomponents:\n  - { distinct_over_seconds: 600, of: peer_ip, op: '>', value: 20, weight: 1, required: true }\nthrottle_seconds: 3600\n`);
    const e = new ModelEngine([m]);
    const out = [];
    for (let i = 0; i < 60; i++) out.push(...e.evaluate(conn(1000 + i, `10.0.1.${i}`, 445, i % 2 ? 'S0' : 'REJ'), ctx(`10.0.1.${i}`, 445), []));
    // established connections do not pass the filter and do not count
    for (let i = 0; i < 30; i++) out.push(...e.evaluate(conn(1100 + i, `10.0.2.${i}`, 445, 'SF'), ctx(`10.0.2.${i}`, 445), []));
    expect(out).toHaveLength(1);
    expect(out[0]!.reasons[0]).toMatchObject({ metric: 'distinct_peer_ip_600s', value: 21, op: '>', threshold: 20 });
    expect(out[0]!.destination).toBeUndefined();
    expect(out[0]!.uids).toHaveLength(16);
    expect(out[0]!.uids.at(-1)).toBe('C1020');
    expect(out[0]!.score).toBe(100);
  });

  it('sums a field, ORs filters, and weights each component by its own confidence', () => {
    const m = head('anomalous-connection/t-volume', `on: [conn]\nfilters:\n  - any: [{ field: dest_port, op: '=', value: 443 }, { field: peer_hostname, op: matches, value: '*.example.net' }]\ncomponents:\n  - { sum_over_seconds: 3600, of: conn.orig_bytes, op: '>', value: 1000, weight: 1, required: true }\n  - { metric: dest_ip_rarity, op: '>', value: 90, weight: 1 }\n`);
    const e = new ModelEngine([m]);
    expect(e.evaluate(conn(0, '198.51.100.1', 80, 'SF', 2000), ctx('198.51.100.1', 80), [])).toEqual([]); // port 80, no name: filtered out
    const b = e.evaluate(conn(1, '198.51.100.1', 80, 'SF', 2000), ctx('198.51.100.1', 80, { peerHostname: 'x.example.net' }), [metric('dest_ip_rarity', 99, 0)]);
    // sum (confidence 1) earns 1, rarity with no confidence earns 0.4 of its weight: 1.4 / 2
    expect(b[0]!.score).toBe(70);
    expect(b[0]!.reasons.map((r) => r.metric)).toEqual(['sum_conn.orig_bytes_3600s', 'dest_ip_rarity']);
  });

  it('feeds its breaches to meta-models that count distinct models per device', () => {
    const a = head('device/t-a', `on: [conn]\nthrottle_seconds: 0\ncomponents:\n  - { field: dest_port, op: '=', value: 1, weight: 1 }\n`);
    const b = head('device/t-b', `on: [conn]\nthrottle_seconds: 0\ncomponents:\n  - { field: dest_port, op: '=', value: 1, weight: 1 }\n`);
    const meta = head('device/t-many', `on: [breach]\nper: device\ncomponents:\n  - { distinct_over_seconds: 3600, of: breach.model, op: '>=', value: 2, weight: 1, required: true }\n`);
    const e = new ModelEngine([a, b, meta]);
    const out = e.evaluate(conn(5, '203.0.113.9', 1), ctx('203.0.113.9', 1), []);
    expect(out.map((x) => x.model)).toEqual(['device/t-a', 'device/t-b', 'device/t-many']);
  });

  it('reads list fields: a positive test holds when any element passes', () => {
    const m = head('credential/t-rc4', `on: [kerberos]\ncomponents:\n  - { field: kerberos.client_ciphers, op: in, value: ['23'], weight: 1 }\n`);
    const e = new ModelEngine([m]);
    const krb = (ciphers: number[]) => ({ type: 'kerberos', record: { ts: 1, uid: 'K1', id: { orig_h: '10.0.0.5', resp_h: '10.0.0.1' }, client_ciphers: ciphers } }) as unknown as Observation;
    expect(e.evaluate(krb([18, 17]), ctx('10.0.0.1', 88), [])).toEqual([]);
    expect(e.evaluate(krb([18, 23]), ctx('10.0.0.1', 88), [])).toHaveLength(1);
  });

  it('rejects a model naming a fact that does not exist, and windows in filters', () => {
    expect(() => new ModelEngine([head('device/t-bad', `on: [conn]\ncomponents:\n  - { field: no_such_fact, op: '=', value: 1 }\n`)])).toThrow(/no_such_fact is neither a type.field/);
    expect(() => new ModelEngine([head('device/t-bad', `on: [conn]\nfilters:\n  - { count_over_seconds: 5, op: '>', value: 1 }\ncomponents:\n  - { field: dest_port, op: '=', value: 1 }\n`)])).toThrow(/windows and key_age_days belong in components/);
  });

  it('lowers the score by trusted counter-evidence only', () => {
    const m = head('compromise/t-beacon', `on: [conn]\ncomponents:\n  - { metric: beacon_score, op: '>', value: 0.7, weight: 2, required: true }\n  - { metric: dest_ip_rarity, op: '>', value: 90, weight: 3, required: true }\n  - { metric: dest_history_share, op: '>', value: 0.9, weight: 3, counter: true }\nthrottle_seconds: 0\n`);
    const run = (shareConfidence: number) => new ModelEngine([m]).evaluate(conn(1, '203.0.113.7', 443, 'SF'), ctx('203.0.113.7', 443), [metric('beacon_score', 0.9, 1), metric('dest_ip_rarity', 100, 1), metric('dest_history_share', 1, shareConfidence)])[0]!;
    expect(run(0).score).toBe(100); // untrusted (no history): no discount
    expect(run(1).score).toBe(40); // (5 − 3) / 5: a destination used all the device's life
    expect(run(1).reasons.at(-1)).toMatchObject({ metric: 'dest_history_share', counter: true });
  });

  it('keys per device and destination port for sweeps, and names the port as the destination', () => {
    const m = head('device/t-sweep', `on: [conn]\nper: port\ncomponents:\n  - { distinct_over_seconds: 300, of: peer_ip, op: '>=', value: 5, weight: 1, required: true }\n`);
    const e = new ModelEngine([m]);
    const out = [];
    for (let i = 0; i < 4; i++) out.push(...e.evaluate(conn(i, `10.0.3.${i}`, 445), ctx(`10.0.3.${i}`, 445), []));
    for (let i = 0; i < 4; i++) out.push(...e.evaluate(conn(10 + i, `10.0.4.${i}`, 3389), ctx(`10.0.4.${i}`, 3389), []));
    expect(out).toEqual([]); // 4 + 4 hosts on two ports: neither reaches 5
    out.push(...e.evaluate(conn(20, '10.0.3.9', 445), ctx('10.0.3.9', 445), []));
    expect(out).toHaveLength(1);
    expect(out[0]!.destination).toEqual({ port: 445 });
  });

  it('drops what tuning does not keep before meta-models count it', () => {
    const a = head('device/t-a', `on: [conn]\nthrottle_seconds: 0\ncomponents:\n  - { field: dest_port, op: '=', value: 1, weight: 1 }\n`);
    const meta = head('device/t-many', `on: [breach]\nper: device\ncomponents:\n  - { count_over_seconds: 3600, op: '>=', value: 1, weight: 1, required: true }\n`);
    const e = new ModelEngine([a, meta], { keep: (b) => b.model !== 'device/t-a' });
    expect(e.evaluate(conn(5, '203.0.113.9', 1), ctx('203.0.113.9', 1), [])).toEqual([]);
  });

  it('compiled comparisons agree with compare() on every operator', () => {
    const values = [undefined, 0, 5, 5.5, -1, '5', 'abc', 'ABC.example.com', '', true, false, ['x.example.com', 'y'], [], ['5']];
    const refs: [Parameters<typeof compare>[1], Parameters<typeof compare>[2]][] = [
      ['>', 5], ['>=', 5], ['<', 5], ['<=', '5'], ['=', 5], ['=', '5'], ['=', true], ['!=', 'abc'], ['!=', 5],
      ['in', ['5', 'abc']], ['not-in', ['5', 'abc']], ['matches', '*.example.com'], ['matches', ['*b*', 'y', 'a*c']], ['exists', true], ['exists', false],
    ];
    for (const [op, ref] of refs) {
      const f = compileCompare(op, ref);
      for (const v of values) expect([op, ref, v, f(v)]).toEqual([op, ref, v, compare(v, op, ref)]);
    }
  });
});

