// Contract: appending observations and reading them back unchanged.
import { describe, expect, test } from 'vitest';
import type { Observation, ObservationType } from '../../schema/observation.js';
import { OBSERVATION_SCHEMAS } from '../../schema/registry.js';
import { ZEEK_LAYOUTS } from '../../schema/layouts.js';
import { eq } from '../condition.js';
import type { StoredObservation } from '../types.js';
import { SAMPLE_RECORDS } from './fixtures.js';
import { expectStoreError, freshStore, syntheticConn, type StoreFactory } from './harness.js';

const TYPES = Object.keys(ZEEK_LAYOUTS) as ObservationType[];

function sample<T extends ObservationType>(type: T, extra?: Record<string, unknown>): StoredObservation<T> {
  return { type, record: structuredClone(SAMPLE_RECORDS[type]), ...(extra ? { extra } : {}) } as StoredObservation<T>;
}

export function observationContract(factory: StoreFactory): void {
  describe('observations', () => {
    const store = freshStore(factory);

    test('the sample records are valid records of their schemas', () => {
      for (const type of TYPES) expect(OBSERVATION_SCHEMAS[type].safeParse(SAMPLE_RECORDS[type]).success, type).toBe(true);
    });

    test.each(TYPES)('%s: what is read back equals what was stored (lists, booleans, nested records, extra, source)', async (type) => {
      const stored = { ...sample(type, { 'site.label': 'tokyo-dc1', sensor_rank: 3, tags: ['a', 'b'], nested: { x: null } }), source: 'capture-1.pcap' };
      await store().observations.append([stored]);
      const back = await store().observations.select(type);
      expect(back).toStrictEqual([stored]);
      expect(await store().observations.count(type)).toBe(1);
    });

    test('every type in one batch; each type reads back only its own records', async () => {
      const batch = TYPES.map((t) => sample(t));
      await store().observations.append(batch, { source: 'mixed.log' });
      for (const type of TYPES) {
        expect(await store().observations.select(type)).toStrictEqual([{ ...sample(type), source: 'mixed.log' }]);
      }
    });

    test('absent optional fields stay absent; empty lists stay empty; an absent nested record stays absent', async () => {
      const minimal: Observation[] = [
        { type: 'weird', record: { ts: 1.5, name: 'truncated_IP', notice: false } },
        { type: 'http', record: { ts: 2, uid: 'C1', id: { orig_h: '::1', orig_p: 1, resp_h: '::2', resp_p: 80 }, tags: [] } },
        { type: 'x509', record: { ts: 3 } },
      ];
      await store().observations.append(minimal);
      expect(await store().observations.select('weird')).toStrictEqual([minimal[0]]);
      expect(await store().observations.select('http')).toStrictEqual([minimal[1]]);
      expect(await store().observations.select('x509')).toStrictEqual([minimal[2]]);
    });

    test('a record\'s own source wins over the batch source; no source stays absent', async () => {
      await store().observations.append([{ ...sample('dns'), source: 'a.log' }, sample('dns')], { source: 'b.log' });
      await store().observations.append([sample('dns')]);
      const back = await store().observations.select('dns');
      expect(back.map((o) => o.source)).toStrictEqual(['a.log', 'b.log', undefined]);
      expect(await store().observations.count('dns', eq('_source', 'b.log'))).toBe(1);
    });

    test('fields: flat rows keyed by Zeek column name, missing values null', async () => {
      await store().observations.append([sample('conn'), sample('weird')], { source: 's' });
      const rows = await store().observations.select('conn', { fields: ['id.orig_h', 'ts', 'tunnel_parents', 'inner_vlan', '_source'] });
      const r = SAMPLE_RECORDS.conn;
      expect(rows).toStrictEqual([{ 'id.orig_h': r.id.orig_h, ts: r.ts, tunnel_parents: r.tunnel_parents!, inner_vlan: null, _source: 's' }]);
    });

    test('a bad value fails the whole batch with a typed error naming the record and field', async () => {
      const bad = { type: 'conn', record: { ...syntheticConn(2), orig_bytes: 'lots' } } as unknown as Observation;
      const e = await expectStoreError(store().observations.append([{ type: 'conn', record: syntheticConn(1) }, sample('dns'), bad]), 'bad_value');
      expect(e.message).toContain('position 2');
      expect(e.message).toContain('orig_bytes');
      expect(await store().observations.count('conn')).toBe(0);
      expect(await store().observations.count('dns')).toBe(0);
      for (const [field, value] of [['ts', Number.NaN], ['ts', 1e16], ['duration', Number.POSITIVE_INFINITY], ['id.orig_p', 70000], ['local_orig', 'yes'], ['tunnel_parents', 'C1'], ['service', 42]] as const) {
        const rec = syntheticConn(3) as unknown as Record<string, unknown>;
        if (field === 'id.orig_p') rec['id'] = { ...(rec['id'] as object), orig_p: value };
        else rec[field] = value;
        const err = await expectStoreError(store().observations.append([{ type: 'conn', record: rec } as unknown as Observation]), 'bad_value');
        expect(err.message).toContain(field);
      }
    });

    test('an unknown type is refused with a typed error', async () => {
      await expectStoreError(store().observations.append([{ type: 'nope', record: { ts: 1 } } as unknown as Observation]), 'unknown_type');
      await expectStoreError(store().observations.count('conn; DROP TABLE obs_conn' as ObservationType), 'unknown_type');
    });

    test('an empty batch is a no-op', async () => {
      await store().observations.append([]);
      expect(await store().observations.count('conn')).toBe(0);
    });

    test('100,000 connections in one batched append', async () => {
      const batch: Observation[] = [];
      for (let i = 0; i < 100_000; i++) batch.push({ type: 'conn', record: syntheticConn(i) });
      await store().observations.append(batch);
      expect(await store().observations.count('conn')).toBe(100_000);
      expect(await store().observations.count('conn', eq('id.resp_p', 53))).toBe(20_000);
      const [last] = await store().observations.select('conn', { orderBy: [{ field: 'ts', direction: 'desc' }], limit: 1 });
      expect(last!.record).toStrictEqual(syntheticConn(99_999));
    });

    test('appends from two callers at once are both kept whole, with their own sources', async () => {
      const batches = (who: string, n: number) =>
        Array.from({ length: n }, (_, b) => Array.from({ length: 500 }, (_, i): Observation => ({ type: 'conn', record: syntheticConn(b * 500 + i, { uid: `${who}-${b}-${i}` }) })));
      const a = batches('a', 10);
      const b = batches('b', 10);
      const counts: number[] = [];
      await Promise.all([
        (async () => {
          for (const batch of a) await store().observations.append(batch, { source: 'a' });
        })(),
        (async () => {
          for (const batch of b) await store().observations.append(batch, { source: 'b' });
        })(),
        Promise.all(b.map((_, i) => store().observations.append([{ type: 'conn', record: syntheticConn(i, { uid: 'c' }) }], { source: 'c' }))),
        (async () => {
          for (let i = 0; i < 8; i++) counts.push(await store().observations.count('conn', eq('_source', 'a')));
        })(),
      ]);
      expect(await store().observations.count('conn', eq('_source', 'a'))).toBe(5000);
      expect(await store().observations.count('conn', eq('_source', 'b'))).toBe(5000);
      expect(await store().observations.count('conn', eq('_source', 'c'))).toBe(10);
      // a reader running beside the writers saw whole batches only, never part of one
      for (const n of counts) expect(n % 500).toBe(0);
      const sourcesOfA = await store().observations.topValues('conn', '_source', { op: 'like', field: 'uid', pattern: 'a-*' }, 5);
      expect(sourcesOfA).toStrictEqual([{ value: 'a', count: 5000 }]);
    });

    test('a checkpoint given with a batch is committed with it, and not at all when the batch fails', async () => {
      await store().observations.append([sample('conn')], { checkpoint: { name: 'ingest:conn.log', payload: { offset: 1234 } } });
      expect((await store().state.latestCheckpoint('ingest:conn.log'))?.payload).toStrictEqual({ offset: 1234 });
      const bad = { type: 'conn', record: { ...syntheticConn(1), ts: 'now' } } as unknown as Observation;
      await expectStoreError(store().observations.append([sample('dns'), bad], { checkpoint: { name: 'ingest:conn.log', payload: { offset: 9999 } } }), 'bad_value');
      expect((await store().state.latestCheckpoint('ingest:conn.log'))?.payload).toStrictEqual({ offset: 1234 });
      expect(await store().observations.count('dns')).toBe(0);
    });
  });
}
