// Contract: quarantine, audit log and the later stages' JSON records.
import { describe, expect, test } from 'vitest';
import type { QuarantinedLine } from '../../schema/quarantine.js';
import { expectStoreError, freshStore, T0, type StoreFactory } from './harness.js';

export function recordsContract(factory: StoreFactory): void {
  describe('quarantine', () => {
    const store = freshStore(factory);

    test('add, list in order (by source, paged) and count', async () => {
      const q = store().quarantine;
      const lines: QuarantinedLine[] = Array.from({ length: 600 }, (_, i) => ({
        source: i % 2 ? 'b/conn.log' : 'a/dns.log',
        line: i + 1,
        raw: `bad\tline ${i} 'quoted' "double" \u0000 日本`,
        reason: 'expected 21 columns, found 3',
      }));
      await q.add(lines);
      await q.add([]);
      expect(await q.count()).toBe(600);
      expect(await q.count('a/dns.log')).toBe(300);
      expect(await q.list({ limit: 3 })).toStrictEqual(lines.slice(0, 3));
      expect(await q.list({ source: 'b/conn.log', offset: 1, limit: 2 })).toStrictEqual([lines[3], lines[5]]);
      expect((await q.list()).length).toBe(600);
    });

    test('an invalid line is refused and nothing of the call is kept', async () => {
      const q = store().quarantine;
      const good = { source: 's', line: 1, raw: 'x', reason: 'r' };
      await expectStoreError(q.add([good, { ...good, line: 0 }]), 'bad_value');
      await expectStoreError(q.add([{ source: 's' } as QuarantinedLine]), 'bad_value');
      expect(await q.count()).toBe(0);
    });
  });

  describe('audit log', () => {
    const store = freshStore(factory);

    test('append and list in order, filtered by actor and time', async () => {
      const a = store().audit;
      await a.append({ ts: T0, actor: 'admin', action: 'login' });
      await a.append({ ts: T0 + 10, actor: 'analyst', action: 'action.approve', target: 'action-17', details: { mode: 'confirm', ips: ['10.0.0.5'] } });
      await a.append({ ts: T0 + 5, actor: 'admin', action: 'model.edit', target: '' });
      expect(await a.list()).toStrictEqual([
        { ts: T0, actor: 'admin', action: 'login' },
        { ts: T0 + 10, actor: 'analyst', action: 'action.approve', target: 'action-17', details: { mode: 'confirm', ips: ['10.0.0.5'] } },
        { ts: T0 + 5, actor: 'admin', action: 'model.edit', target: '' },
      ]);
      expect((await a.list({ actor: 'admin' })).map((e) => e.action)).toStrictEqual(['login', 'model.edit']);
      expect((await a.list({ since: T0 + 5, until: T0 + 10 })).map((e) => e.action)).toStrictEqual(['model.edit']);
      expect((await a.list({ offset: 1, limit: 1 })).map((e) => e.action)).toStrictEqual(['action.approve']);
    });

    test('bad entries are refused with typed errors', async () => {
      const a = store().audit;
      await expectStoreError(a.append({ ts: Number.NaN, actor: 'x', action: 'y' }), 'bad_argument');
      await expectStoreError(a.append({ ts: 1, actor: '', action: 'y' }), 'bad_argument');
      await expectStoreError(a.append({ ts: 1, actor: 'x', action: 'y', details: [] as unknown as Record<string, unknown> }), 'bad_value');
      expect(await a.list()).toStrictEqual([]);
    });
  });

  describe('stage records', () => {
    const store = freshStore(factory);

    test('entities: put replaces by id, first_seen keeps the earliest time and time the latest', async () => {
      const e = store().entities;
      await e.put([
        { id: 'device:10.0.0.5', kind: 'device', time: T0 + 100, payload: { ip: '10.0.0.5', hostname: 'ws-5' } },
        { id: 'user:alice', kind: 'user', time: T0 + 50, payload: { name: 'alice' } },
      ]);
      await e.put([{ id: 'device:10.0.0.5', kind: 'device', time: T0 + 10, payload: { ip: '10.0.0.5', hostname: 'ws-5', mac: '00:1b:63:84:45:e6' } }]);
      await e.put([{ id: 'device:10.0.0.5', kind: 'device', time: T0 + 500, payload: { ip: '10.0.0.5', hostname: 'ws-five' } }]);
      expect(await e.get('device:10.0.0.5')).toStrictEqual({ id: 'device:10.0.0.5', kind: 'device', time: T0 + 500, first_seen: T0 + 10, payload: { ip: '10.0.0.5', hostname: 'ws-five' } });
      expect((await e.list()).map((r) => r.id)).toStrictEqual(['user:alice', 'device:10.0.0.5']);
      expect((await e.list({ kind: 'device' })).map((r) => r.id)).toStrictEqual(['device:10.0.0.5']);
      expect((await e.list({ since: T0 + 60 })).map((r) => r.id)).toStrictEqual(['device:10.0.0.5']);
      expect(await e.get('nobody')).toBeUndefined();
    });

    test('breaches, incidents and actions: JSON by id and time; the last record of an id in a call wins', async () => {
      const s = store();
      for (const table of [s.breaches, s.incidents, s.actions]) {
        await table.put([
          { id: 'b2', kind: 'Anomalous Connection::Data Sent to Rare Domain', time: T0 + 20, payload: { score: 81, uids: ['C1', 'C2'] } },
          { id: 'b1', kind: 'Device::New User Agent', time: T0 + 10, payload: { score: 40 } },
          { id: 'b2', kind: 'Anomalous Connection::Data Sent to Rare Domain', time: T0 + 30, payload: { score: 85, uids: ['C1', 'C2', 'C3'] } },
        ]);
        expect(await table.list()).toStrictEqual([
          { id: 'b1', kind: 'Device::New User Agent', time: T0 + 10, payload: { score: 40 } },
          { id: 'b2', kind: 'Anomalous Connection::Data Sent to Rare Domain', time: T0 + 30, payload: { score: 85, uids: ['C1', 'C2', 'C3'] } },
        ]);
        expect((await table.list({ until: T0 + 30 })).map((r) => r.id)).toStrictEqual(['b1']);
        expect((await table.list({ limit: 1, offset: 1 })).map((r) => r.id)).toStrictEqual(['b2']);
        await expectStoreError(table.put([{ id: '', kind: 'k', time: 1, payload: {} }]), 'bad_argument');
        await expectStoreError(table.put([{ id: 'x', kind: 'k', time: 1, payload: null as unknown as Record<string, unknown> }]), 'bad_value');
      }
    });
  });
}
