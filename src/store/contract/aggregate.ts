// Contract: aggregates (group by fields, time buckets and the hour of day; count, sum, min, max, avg,
// count_distinct; order by a measure, limit), and the same field checks as select. One shared store:
// the tests only read.
import { describe, expect, test } from 'vitest';
import type { Connection } from '../../schema/conn.js';
import { eq } from '../condition.js';
import type { AggregateQuery, Store } from '../types.js';
import { expectStoreError, sharedStore, syntheticConn, T0, type StoreFactory } from './harness.js';

const conn = (i: number, ts: number, orig: string, resp: string, orig_bytes: number | undefined, resp_bytes: number | undefined): Connection =>
  syntheticConn(i, { uid: 'a' + i, ts, id: { orig_h: orig, orig_p: 40000 + i, resp_h: resp, resp_p: 443 }, orig_bytes, resp_bytes });

// T0 is 22:13:20 UTC; T0 + 7200 is 00:13:20 the next day
const DATA: Connection[] = [
  conn(1, T0, '10.0.0.1', '93.184.216.34', 100, 1000),
  conn(2, T0 + 60, '10.0.0.1', '93.184.216.34', 200, 2000),
  conn(3, T0 + 120, '10.0.0.1', '8.8.8.8', 50, undefined),
  conn(4, T0 + 3600, '10.0.0.2', '93.184.216.34', 10, 20),
  conn(5, T0 + 7200, '10.0.0.2', '8.8.8.8', undefined, 5),
];

export function aggregateContract(factory: StoreFactory): void {
  describe('aggregates', () => {
    const store = sharedStore(factory, (s: Store) => s.observations.append(DATA.map((record) => ({ type: 'conn' as const, record }))));
    const agg = (q: AggregateQuery) => store().observations.aggregate('conn', q);

    test('group by fields with count and sums (missing values add nothing), ordered by the keys', async () => {
      const rows = await agg({
        group_by: [{ field: 'id.orig_h' }, { field: 'id.resp_h' }],
        measures: [{ op: 'count' }, { op: 'sum', field: 'orig_bytes' }, { op: 'sum', field: 'resp_bytes' }],
      });
      expect(rows).toStrictEqual([
        { keys: ['10.0.0.1', '8.8.8.8'], values: [1, 50, 0] },
        { keys: ['10.0.0.1', '93.184.216.34'], values: [2, 300, 3000] },
        { keys: ['10.0.0.2', '8.8.8.8'], values: [1, 0, 5] },
        { keys: ['10.0.0.2', '93.184.216.34'], values: [1, 10, 20] },
      ]);
    });

    test('order by a measure and limit: the top N', async () => {
      const q: AggregateQuery = { group_by: [{ field: 'id.orig_h' }, { field: 'id.resp_h' }], measures: [{ op: 'count' }, { op: 'sum', field: 'resp_bytes' }], order_by: { measure: 1 }, limit: 2 };
      expect(await agg(q)).toStrictEqual([
        { keys: ['10.0.0.1', '93.184.216.34'], values: [2, 3000] },
        { keys: ['10.0.0.2', '93.184.216.34'], values: [1, 20] },
      ]);
      // ties are broken by the keys
      expect((await agg({ ...q, order_by: { measure: 0, direction: 'asc' }, limit: 3 })).map((r) => r.keys)).toStrictEqual([
        ['10.0.0.1', '8.8.8.8'],
        ['10.0.0.2', '8.8.8.8'],
        ['10.0.0.2', '93.184.216.34'],
      ]);
      expect(await agg({ ...q, limit: 0 })).toStrictEqual([]);
    });

    test('time buckets on ts (bucket start, aligned on the epoch) and the UTC hour of day', async () => {
      const hour = Math.floor(T0 / 3600) * 3600;
      expect(await agg({ group_by: [{ time_bucket: 3600 }], measures: [{ op: 'count' }, { op: 'sum', field: 'orig_bytes' }] })).toStrictEqual([
        { keys: [hour], values: [3, 350] },
        { keys: [hour + 3600], values: [1, 10] },
        { keys: [hour + 7200], values: [1, 0] },
      ]);
      expect(await agg({ group_by: [{ hour_of_day: true }], measures: [{ op: 'count' }] })).toStrictEqual([
        { keys: [0], values: [1] },
        { keys: [22], values: [3] },
        { keys: [23], values: [1] },
      ]);
      expect(await agg({ where: eq('id.orig_h', '10.0.0.2'), group_by: [{ field: 'id.orig_h' }, { time_bucket: 86_400 }], measures: [{ op: 'count' }] })).toStrictEqual([
        { keys: ['10.0.0.2', Math.floor((T0 + 3600) / 86_400) * 86_400], values: [1] },
        { keys: ['10.0.0.2', Math.floor((T0 + 7200) / 86_400) * 86_400], values: [1] },
      ]);
    });

    test('no group keys: one row over the matches; min, max (times as epoch seconds), avg, count_distinct', async () => {
      const measures = [
        { op: 'count' },
        { op: 'avg', field: 'orig_bytes' },
        { op: 'min', field: 'ts' },
        { op: 'max', field: 'ts' },
        { op: 'count_distinct', field: 'id.resp_h' },
        { op: 'max', field: 'resp_bytes' },
        { op: 'sum', field: 'orig_bytes' },
      ] as const;
      expect(await agg({ where: eq('id.orig_h', '10.0.0.1'), group_by: [], measures })).toStrictEqual([{ keys: [], values: [3, 350 / 3, T0, T0 + 120, 2, 2000, 350] }]);
      const none = await agg({ where: eq('id.orig_h', '10.9.9.9'), group_by: [], measures });
      expect(none).toHaveLength(1);
      expect(none[0]!.values.slice(0, 1)).toStrictEqual([0]);
      expect(none[0]!.values.slice(1, 4).every(Number.isNaN)).toBe(true);
      expect(none[0]!.values.slice(4)).toStrictEqual([0, Number.NaN, 0]);
    });

    test('fields are checked like select: unknown fields and measures that do not apply are refused', async () => {
      for (const field of ['nope', 'id.orig_h; DROP TABLE obs_conn', 'ID.ORIG_H', '_extra']) {
        await expectStoreError(agg({ group_by: [{ field }], measures: [{ op: 'count' }] }), 'unknown_field');
        await expectStoreError(agg({ group_by: [], measures: [{ op: 'sum', field }] }), 'unknown_field');
      }
      await expectStoreError(agg({ where: eq('nope', 1), group_by: [], measures: [{ op: 'count' }] }), 'unknown_field');
      await expectStoreError(agg({ group_by: [], measures: [{ op: 'sum', field: 'service' }] }), 'bad_condition');
      await expectStoreError(agg({ group_by: [], measures: [{ op: 'avg', field: 'local_orig' }] }), 'bad_condition');
      await expectStoreError(agg({ group_by: [], measures: [{ op: 'sum', field: 'tunnel_parents' }] }), 'bad_condition');
      await expectStoreError(agg({ group_by: [], measures: [{ op: 'median', field: 'orig_bytes' } as unknown as { op: 'sum'; field: string }] }), 'bad_condition');
      await expectStoreError(agg({ group_by: [{ time_bucket: 0 }], measures: [{ op: 'count' }] }), 'bad_argument');
      await expectStoreError(agg({ group_by: [{ field: 'uid' }], measures: [{ op: 'count' }], order_by: { measure: 1 } }), 'bad_argument');
      await expectStoreError(agg({ group_by: [{ field: 'uid' }], measures: [{ op: 'count' }], limit: -1 }), 'bad_argument');
      await expectStoreError(agg({ group_by: [], measures: [] }), 'bad_argument');
      await expectStoreError(store().observations.aggregate('nope' as 'conn', { group_by: [], measures: [{ op: 'count' }] }), 'unknown_type');
      expect(await store().observations.count('conn')).toBe(5);
    });
  });
}
