// Contract: the Condition AST (every operator, two-valued logic, lists, wildcards), field-name
// validation, ordering and paging, histograms, top values and retention. The query tests share one
// store (they only read); the retention tests each get their own.
import { beforeEach, describe, expect, test } from 'vitest';
import type { Connection } from '../../schema/conn.js';
import { and, eq, ge, gt, isIn, isNull, le, like, lt, ne, not, or } from '../condition.js';
import type { Condition, Store } from '../types.js';
import { expectStoreError, freshStore, sharedStore, syntheticConn, T0, type StoreFactory } from './harness.js';

/** Six connections with chosen values; `undefined` means the field is absent. */
const DATA: Connection[] = [
  syntheticConn(0, { uid: 'r0', ts: T0, proto: 'tcp', id: { orig_h: '10.0.0.1', orig_p: 5000, resp_h: '93.184.216.34', resp_p: 443 }, service: 'ssl', orig_bytes: 100, tunnel_parents: ['Ta'], history: 'ShADadFf', local_orig: true, duration: 1.5 }),
  syntheticConn(1, { uid: 'r1', ts: T0 + 60, proto: 'udp', id: { orig_h: '10.0.0.2', orig_p: 5001, resp_h: '192.168.1.1', resp_p: 53 }, service: 'dns', orig_bytes: 50, history: 'Dd', local_orig: false, duration: undefined }),
  syntheticConn(2, { uid: 'r2', ts: T0 + 120, proto: 'tcp', id: { orig_h: '10.0.0.3', orig_p: 5002, resp_h: '93.184.216.34', resp_p: 80 }, service: 'http', orig_bytes: 1000, tunnel_parents: ['Tb', 'Tc'], history: 'ShAD', local_orig: true, duration: 0.25 }),
  syntheticConn(3, { uid: 'r3', ts: T0 + 180, proto: 'tcp', id: { orig_h: '192.168.1.5', orig_p: 5003, resp_h: '93.184.216.34', resp_p: 443 }, service: undefined, orig_bytes: undefined, tunnel_parents: [], history: 'S', local_orig: undefined, duration: 3 }),
  syntheticConn(4, { uid: 'r4', ts: T0 + 3600, proto: 'tcp', id: { orig_h: '10.0.1.1', orig_p: 5004, resp_h: '10.0.0.9', resp_p: 22 }, service: 'ssh', orig_bytes: 5000, tunnel_parents: ['Ta'], history: 'ShADadfF', local_orig: true, duration: 10 }),
  syntheticConn(5, { uid: 'r5', ts: T0 + 3601.5, proto: 'tcp', id: { orig_h: 'fe80::1', orig_p: 5005, resp_h: 'fe80::2', resp_p: 443 }, service: 'SSL', orig_bytes: 0, history: 'ShA%_D', local_orig: false, duration: 0.000001 }),
];

export function queryContract(factory: StoreFactory): void {
  const seed = (s: Store) => s.observations.append(DATA.map((record) => ({ type: 'conn' as const, record })));

  describe('queries', () => {
    const store = sharedStore(factory, seed);

    const uids = async (where: Condition) => (await store().observations.select('conn', { where, fields: ['uid'] })).map((r) => r['uid']).sort();

    const CASES: [string, Condition, string[]][] = [
      ['= text', eq('service', 'ssl'), ['r0']],
      ['= port', eq('id.resp_p', 443), ['r0', 'r3', 'r5']],
      ['= bool', eq('local_orig', true), ['r0', 'r2', 'r4']],
      ['= time', eq('ts', T0 + 3601.5), ['r5']],
      ['!= includes missing values', ne('service', 'ssl'), ['r1', 'r2', 'r3', 'r4', 'r5']],
      ['!= bool', ne('local_orig', true), ['r1', 'r3', 'r5']],
      ['< count (missing never matches)', lt('orig_bytes', 100), ['r1', 'r5']],
      ['<= count', le('orig_bytes', 100), ['r0', 'r1', 'r5']],
      ['> count', gt('orig_bytes', 1000), ['r4']],
      ['>= count', ge('orig_bytes', 1000), ['r2', 'r4']],
      ['> interval', gt('duration', 1), ['r0', 'r3', 'r4']],
      ['< interval at µs', lt('duration', 0.00001), ['r5']],
      ['>= time', ge('ts', T0 + 3600), ['r4', 'r5']],
      ['< time', lt('ts', T0 + 60), ['r0']],
      ['< text (lexical)', lt('id.orig_h', '10.0.0.3'), ['r0', 'r1']],
      ['in text', isIn('service', ['dns', 'http', 'nope']), ['r1', 'r2']],
      ['in port', isIn('id.resp_p', [22, 80]), ['r2', 'r4']],
      ['in nothing', isIn('service', []), []],
      ['like *', like('id.orig_h', '10.0.0.*'), ['r0', 'r1', 'r2']],
      ['like ?', like('id.orig_h', '10.0.?.1'), ['r0', 'r4']],
      ['like: % and _ are literal text', like('history', 'ShA%_*'), ['r5']],
      ['like: % is not a wildcard', like('history', 'ShA%'), []],
      ['like: \\* is a literal star', like('service', 'ss\\*'), []],
      ['like is case-sensitive', like('service', 'SSL'), ['r5']],
      ['like case-insensitive', like('service', 'ssl', true), ['r0', 'r5']],
      ['like IPv6', like('id.orig_h', 'fe80::*'), ['r5']],
      ['is_null', isNull('service'), ['r3']],
      ['is_null on a list (an empty list is not null)', isNull('tunnel_parents'), ['r1', 'r5']],
      ['not is_null', not(isNull('orig_bytes')), ['r0', 'r1', 'r2', 'r4', 'r5']],
      ['and', and(eq('proto', 'tcp'), gt('orig_bytes', 50)), ['r0', 'r2', 'r4']],
      ['or', or(eq('service', 'dns'), eq('id.resp_p', 22)), ['r1', 'r4']],
      ['not =', not(eq('local_orig', true)), ['r1', 'r3', 'r5']],
      ['not < (missing values included)', not(lt('orig_bytes', 100)), ['r0', 'r2', 'r3', 'r4']],
      ['not and', not(and(eq('proto', 'tcp'), gt('orig_bytes', 50))), ['r1', 'r3', 'r5']],
      ['not or', not(or(eq('service', 'dns'), like('id.orig_h', '10.*'))), ['r3', 'r5']],
      ['not not', not(not(eq('service', 'ssl'))), ['r0']],
      ['empty and is true', and(), ['r0', 'r1', 'r2', 'r3', 'r4', 'r5']],
      ['empty or is false', or(), []],
      ['nested', or(and(eq('proto', 'udp'), not(isNull('service'))), and(like('history', 'ShAD*'), ge('ts', T0 + 3600))), ['r1', 'r4']],
      ['list =: any element', eq('tunnel_parents', 'Ta'), ['r0', 'r4']],
      ['list !=: no element', ne('tunnel_parents', 'Ta'), ['r1', 'r2', 'r3', 'r5']],
      ['list in', isIn('tunnel_parents', ['Tc', 'Tz']), ['r2']],
      ['list like', like('tunnel_parents', 'T?'), ['r0', 'r2', 'r4']],
      ['list not like', not(like('tunnel_parents', 'Tb')), ['r0', 'r1', 'r3', 'r4', 'r5']],
      ['_source', eq('_source', 'x'), []],
      ['a value is only ever a parameter', eq('uid', "r0' OR '1'='1"), []],
    ];

    test.each(CASES)('condition %s', async (_name, where, expected) => {
      expect(await uids(where)).toStrictEqual(expected);
      expect(await store().observations.count('conn', where)).toBe(expected.length);
    });

    test('a field name not in the layout is refused with a typed error, never run', async () => {
      const o = store().observations;
      for (const field of ['id.orig_h; DROP TABLE obs_conn', 'ts" OR 1=1 --', 'ID.ORIG_H', 'orig_h', '_extra', '', 'rowid']) {
        await expectStoreError(o.count('conn', eq(field, 'x')), 'unknown_field');
        await expectStoreError(o.select('conn', { orderBy: [{ field }] }), 'unknown_field');
        await expectStoreError(o.select('conn', { fields: [field] }), 'unknown_field');
        await expectStoreError(o.topValues('conn', field, undefined, 3), 'unknown_field');
      }
      const e = await expectStoreError(o.count('conn', { op: 'and', conditions: [eq('uid', 'r0'), { op: 'like', field: 'id.orig_h; DROP TABLE obs_conn', pattern: '*' }] }), 'unknown_field');
      expect(e.message).toContain('id.orig_h');
      expect(await o.count('conn')).toBe(6);
    });

    test('a value or operator that does not fit the field is refused with a typed error', async () => {
      const o = store().observations;
      await expectStoreError(o.count('conn', eq('orig_bytes', '100')), 'bad_value');
      await expectStoreError(o.count('conn', eq('local_orig', 1)), 'bad_value');
      await expectStoreError(o.count('conn', eq('ts', Number.POSITIVE_INFINITY)), 'bad_value');
      await expectStoreError(o.count('conn', lt('ts', -1e15)), 'bad_value');
      await expectStoreError(o.count('conn', isIn('id.resp_p', [22, '80'])), 'bad_value');
      await expectStoreError(o.count('conn', gt('local_orig', true)), 'bad_condition');
      await expectStoreError(o.count('conn', lt('tunnel_parents', 'Ta')), 'bad_condition');
      await expectStoreError(o.count('conn', like('orig_bytes', '1*')), 'bad_condition');
      await expectStoreError(o.count('conn', { op: 'between', field: 'ts' } as unknown as Condition), 'bad_condition');
      await expectStoreError(o.count('conn', { op: 'and', conditions: 'x' } as unknown as Condition), 'bad_condition');
      let deep: Condition = eq('uid', 'r0');
      for (let i = 0; i < 100; i++) deep = not(deep);
      await expectStoreError(o.count('conn', deep), 'bad_condition');
    });

    test('orderBy (several keys, missing values last), limit and offset', async () => {
      const page = await store().observations.select('conn', { orderBy: [{ field: 'orig_bytes', direction: 'desc' }], limit: 2, offset: 1, fields: ['uid'] });
      expect(page).toStrictEqual([{ uid: 'r2' }, { uid: 'r0' }]);
      const all = await store().observations.select('conn', { orderBy: [{ field: 'orig_bytes' }] });
      expect(all.map((o) => o.record.uid)).toStrictEqual(['r5', 'r1', 'r0', 'r2', 'r4', 'r3']);
      const two = await store().observations.select('conn', { orderBy: [{ field: 'id.resp_p' }, { field: 'ts', direction: 'desc' }], fields: ['uid'] });
      expect(two.map((r) => r['uid'])).toStrictEqual(['r4', 'r1', 'r2', 'r5', 'r3', 'r0']);
      expect(await store().observations.select('conn', { where: eq('service', 'ssl'), limit: 0 })).toStrictEqual([]);
      await expectStoreError(store().observations.select('conn', { orderBy: [{ field: 'ts', direction: 'sideways' as 'asc' }] }), 'bad_argument');
      await expectStoreError(store().observations.select('conn', { limit: -1 }), 'bad_argument');
      await expectStoreError(store().observations.select('conn', { offset: 1.5 }), 'bad_argument');
    });

    test('histogram: counts per bucket aligned on the epoch, non-empty buckets only', async () => {
      const o = store().observations;
      const hourStart = Math.floor(T0 / 3600) * 3600;
      expect(await o.histogram('conn', undefined, 3600)).toStrictEqual([
        { start: hourStart, count: 4 },
        { start: hourStart + 3600, count: 2 },
      ]);
      expect(await o.histogram('conn', eq('proto', 'tcp'), 3600)).toStrictEqual([
        { start: hourStart, count: 3 },
        { start: hourStart + 3600, count: 2 },
      ]);
      const minute = await o.histogram('conn', undefined, 60);
      expect(minute.map((b) => b.count)).toStrictEqual([1, 1, 1, 1, 2]);
      expect(minute[0]!.start).toBe(Math.floor(T0 / 60) * 60);
      expect(await o.histogram('dns', undefined, 60)).toStrictEqual([]);
      await expectStoreError(o.histogram('conn', undefined, 0), 'bad_argument');
    });

    test('top values: most frequent first, ties by value, lists counted per element, nulls left out', async () => {
      const o = store().observations;
      expect(await o.topValues('conn', 'id.resp_p', undefined, 2)).toStrictEqual([
        { value: 443, count: 3 },
        { value: 22, count: 1 },
      ]);
      expect(await o.topValues('conn', 'tunnel_parents', undefined, 10)).toStrictEqual([
        { value: 'Ta', count: 2 },
        { value: 'Tb', count: 1 },
        { value: 'Tc', count: 1 },
      ]);
      expect(await o.topValues('conn', 'local_orig', undefined, 5)).toStrictEqual([
        { value: true, count: 3 },
        { value: false, count: 2 },
      ]);
      expect(await o.topValues('conn', 'service', ne('proto', 'udp'), 10)).toStrictEqual([
        { value: 'SSL', count: 1 },
        { value: 'http', count: 1 },
        { value: 'ssh', count: 1 },
        { value: 'ssl', count: 1 },
      ]);
      expect(await o.topValues('conn', 'ts', eq('uid', 'r5'), 1)).toStrictEqual([{ value: T0 + 3601.5, count: 1 }]);
      await expectStoreError(o.topValues('conn', 'uid', undefined, 0), 'bad_argument');
    });

  });

  describe('retention', () => {
    const store = freshStore(factory);
    beforeEach(() => seed(store()));
    const uids = async (where: Condition) => (await store().observations.select('conn', { where, fields: ['uid'] })).map((r) => r['uid']).sort();

    test('deleteOlderThan removes records before the time and says how many', async () => {
      expect(await store().observations.deleteOlderThan('conn', T0 + 120)).toBe(2);
      expect(await uids(and())).toStrictEqual(['r2', 'r3', 'r4', 'r5']);
      expect(await store().observations.deleteOlderThan('dns', T0 + 1e6)).toBe(0);
    });

    test('retention policy: per type, kept in the store, applied relative to event time', async () => {
      const o = store().observations;
      await o.append([{ type: 'weird', record: { ts: T0, name: 'x', notice: false } }]);
      expect(await o.retention()).toStrictEqual({});
      await o.setRetention('conn', 3600);
      await o.setRetention('weird', 60);
      await o.setRetention('dns', 86_400);
      await o.setRetention('dns', 7 * 86_400);
      expect(await o.retention()).toStrictEqual({ conn: 3600, weird: 60, dns: 7 * 86_400 });
      expect(await o.applyRetention(T0 + 3601)).toStrictEqual({ conn: 1, weird: 1, dns: 0 });
      expect(await uids(and())).toStrictEqual(['r1', 'r2', 'r3', 'r4', 'r5']);
      await o.setRetention('conn', null);
      expect(await o.retention()).toStrictEqual({ weird: 60, dns: 7 * 86_400 });
      expect(await o.applyRetention(T0 + 1e9)).toStrictEqual({ weird: 0, dns: 0 });
      expect(await o.count('conn')).toBe(5);
      await expectStoreError(o.setRetention('conn', -5), 'bad_argument');
      await expectStoreError(o.setRetention('nope' as 'conn', 5), 'unknown_type');
    });
  });
}
