import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseModel } from '../models/library.js';
import type { Connection } from '../schema/conn.js';
import { openStore, type Store } from '../store/index.js';
import { tryModel } from './try-model.js';

const T0 = Date.parse('2026-11-03T10:00:00Z') / 1000;

const TELNET_MODEL = `
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

function conn(i: number, ts: number, resp_p: number, orig_h = '10.0.0.5'): Connection {
  return {
    ts,
    uid: `C${i}`,
    id: { orig_h, orig_p: 40000 + i, resp_h: '93.184.216.34', resp_p },
    proto: 'tcp',
    conn_state: 'SF',
    orig_bytes: 100,
    resp_bytes: 200,
    missed_bytes: 0,
    orig_pkts: 3,
    orig_ip_bytes: 220,
    resp_pkts: 3,
    resp_ip_bytes: 320,
    history: 'ShADadFf',
  };
}

describe('tryModel', () => {
  let store: Store;
  beforeAll(async () => {
    store = await openStore();
    const conns = [conn(1, T0, 443), conn(2, T0 + 60, 23), conn(3, T0 + 120, 443), conn(4, T0 + 180, 23, '10.0.0.6'), conn(5, T0 + 7200, 23)];
    await store.observations.append(conns.map((record) => ({ type: 'conn' as const, record })));
  });
  afterAll(() => store.close());

  it('replays the stored observations of a period through the draft and returns its breaches', async () => {
    const model = parseModel(TELNET_MODEL, 'draft');
    const r = await tryModel(store, model, { since: T0 - 1, until: T0 + 3600 });
    expect(r.observations_scanned).toBe(4);
    expect(r.truncated).toBe(false);
    expect(r.breach_count).toBe(2);
    expect(r.breaches.map((b) => [b.device.ip, b.destination?.port, b.model])).toEqual([
      ['10.0.0.5', 23, 'compliance/draft-telnet-out'],
      ['10.0.0.6', 23, 'compliance/draft-telnet-out'],
    ]);
    // nothing is written
    expect((await store.breaches.list()).length).toBe(0);
  });

  it('defaults to the day up to the newest connection, and caps what it replays', async () => {
    const model = { ...parseModel(TELNET_MODEL, 'draft'), enabled: false };
    const all = await tryModel(store, model);
    expect(all.observations_scanned).toBe(5);
    expect(all.breach_count).toBe(3); // a disabled draft is still tried
    const capped = await tryModel(store, model, { maxObservations: 2 });
    expect(capped).toMatchObject({ observations_scanned: 2, truncated: true, breach_count: 1 });
  });
});
