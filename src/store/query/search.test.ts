import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Connection } from '../../schema/conn.js';
import type { ObservationRecords } from '../../schema/observation.js';
import { syntheticConn, T0 } from '../contract/harness.js';
import { openStore } from '../index.js';
import type { Store } from '../types.js';
import { SearchError } from './errors.js';
import { csvCell, searchExport, type ExportQuery } from './export.js';
import { search, searchHistogram, searchTop } from './search.js';

type DnsRecord = ObservationRecords['dns'];
type SslRecord = ObservationRecords['ssl'];

const c = (uid: string, ts: number, orig: string, resp: string, resp_p: number, o: Partial<Connection>): Connection =>
  syntheticConn(0, { uid, ts, id: { orig_h: orig, orig_p: 50000, resp_h: resp, resp_p }, tunnel_parents: undefined, ...o });
const CONN: Connection[] = [
  c('C1', T0, '10.0.0.1', '203.0.113.7', 443, { proto: 'tcp', service: 'ssl', orig_bytes: 500 }),
  c('C2', T0 + 10, '10.0.0.2', '192.168.1.1', 53, { proto: 'udp', service: 'dns', orig_bytes: 2000 }),
  c('C3', T0 + 20, '10.0.0.3', '10.0.0.9', 445, { proto: 'tcp', service: undefined, orig_bytes: 100, history: '=HYPERLINK("http://x")' }),
  c('C4', T0 + 3600, '172.16.5.4', '10.0.0.9', 445, { proto: 'tcp', service: undefined, orig_bytes: 0, history: 'a,b"c\r\nd' }),
];
const dns = (uid: string, ts: number, orig: string, query: string): DnsRecord => ({
  ts,
  uid,
  id: { orig_h: orig, orig_p: 61000, resp_h: '192.168.1.1', resp_p: 53 },
  proto: 'udp',
  query,
  answers: ['1.2.3.4'],
  rejected: false,
});
const DNS: DnsRecord[] = [dns('C2', T0 + 11, '10.0.0.2', 'evil.example.ru'), dns('D2', T0 + 30, '10.0.0.1', "'; DROP TABLE obs_dns; --")];
const ssl = (uid: string, ts: number, orig: string, resp: string, resp_p: number, server_name: string): SslRecord => ({
  ts,
  uid,
  id: { orig_h: orig, orig_p: 50001, resp_h: resp, resp_p },
  version: 'TLSv13',
  server_name,
  established: true,
});
const SSL: SslRecord[] = [
  ssl('C1', T0 + 1, '10.0.0.1', '203.0.113.7', 443, 'login.microsoft.com'),
  ssl('S2', T0 + 40, '10.0.0.2', '198.51.100.1', 443, 'Evil.example.ru'),
  ssl('S3', T0 + 50, '10.0.0.3', '203.0.113.7', 8443, '+cmd|calc'),
];

let store: Store;
beforeAll(async () => {
  store = await openStore();
  await store.observations.append([
    ...CONN.map((record) => ({ type: 'conn' as const, record })),
    ...DNS.map((record) => ({ type: 'dns' as const, record })),
    ...SSL.map((record) => ({ type: 'ssl' as const, record })),
  ]);
});
afterAll(() => store.close());

const uids = async (q: string, extra: Parameters<typeof search>[1] extends infer Q ? Partial<Q> : never = {}) =>
  (await search(store, { q, ...extra })).rows.map((r) => `${r['@type']}:${r['uid']}`);

describe('search', () => {
  test('the brief example: one type, a wildcard under NOT', async () => {
    const r = await search(store, { q: '@type:ssl AND id.resp_p:443 AND NOT server_name:*.microsoft.com' });
    expect(r.types).toStrictEqual(['ssl']);
    expect(r.total).toBe(1);
    expect(r.rows).toHaveLength(1);
    expect(r.rows[0]).toMatchObject({ '@type': 'ssl', uid: 'S2', ts: T0 + 40, 'id.resp_p': 443, server_name: 'Evil.example.ru', established: true, resumed: null });
    expect(r.fields.slice(0, 3)).toStrictEqual(['@type', 'ts', 'uid']);
    expect(r.fields).toContain('server_name');
    expect(r.took_ms).toBeGreaterThanOrEqual(0);
  });

  test('several types merged by time, newest first (or oldest first), totals summed', async () => {
    const r = await search(store, { q: 'id.resp_h:203.0.113.7' });
    expect(r.types).toContain('conn');
    expect(r.types).toContain('dns');
    expect(r.total).toBe(3);
    expect(r.rows.map((x) => `${x['@type']}:${x['uid']}`)).toStrictEqual(['ssl:S3', 'ssl:C1', 'conn:C1']);
    expect(await uids('id.resp_h:203.0.113.7', { order: 'asc' })).toStrictEqual(['conn:C1', 'ssl:C1', 'ssl:S3']);
    // fields: the union of the types with matches
    expect(r.fields).toContain('server_name');
    expect(r.fields).toContain('orig_bytes');
    expect(r.fields).not.toContain('query');
  });

  test('paging across types, and the time range (from inclusive, to exclusive)', async () => {
    const all = ['ssl:S3', 'ssl:S2', 'dns:D2', 'conn:C3', 'dns:C2', 'conn:C2', 'ssl:C1', 'conn:C1'];
    expect(await uids('id.orig_h:10.0.0.0/8')).toStrictEqual(all);
    expect(await uids('id.orig_h:10.0.0.0/8', { limit: 3, offset: 2 })).toStrictEqual(all.slice(2, 5));
    expect(await uids('id.orig_h:10.0.0.0/8', { limit: 5, offset: 7 })).toStrictEqual(['conn:C1']);
    expect(await uids('id.orig_h:10.0.0.0/8', { offset: 8 })).toStrictEqual([]);
    expect(await uids('@type:conn', { limit: 2, offset: 1 })).toStrictEqual(['conn:C3', 'conn:C2']);
    const r = await search(store, { q: 'id.orig_h:10.0.0.0/8', from: T0 + 10, to: T0 + 40, limit: 0 });
    expect(r.total).toBe(4);
    expect(r.rows).toStrictEqual([]);
  });

  test('typed values, CIDR, NOT with missing values, free text (case-insensitive)', async () => {
    expect(await uids('service:dns AND orig_bytes:>1000')).toStrictEqual(['conn:C2']);
    expect(await uids('id.resp_p:445 AND NOT id.orig_h:10.0.0.*')).toStrictEqual(['conn:C4']);
    expect(await uids('@type:conn -service:*')).toStrictEqual(['conn:C4', 'conn:C3']);
    expect(await uids('@type:conn NOT service:ssl')).toStrictEqual(['conn:C4', 'conn:C3', 'conn:C2']);
    expect(await uids('id.orig_h:172.16.0.0/12')).toStrictEqual(['conn:C4']);
    expect(await uids('@type:conn ts:[* TO ' + (T0 + 10) + '}')).toStrictEqual(['conn:C1']);
    expect(await uids('@type:conn ts:>' + new Date((T0 + 20) * 1000).toISOString())).toStrictEqual(['conn:C4']);
    expect(await uids('evil')).toStrictEqual(['ssl:S2', 'dns:C2']);
    expect(await uids('*.RU')).toStrictEqual(['ssl:S2', 'dns:C2']);
    expect(await uids('@type:(dns OR ssl) "example.ru" -@type:dns')).toStrictEqual(['ssl:S2']);
  });

  test('hostile values stay values', async () => {
    expect(await uids('uid:"\'; DROP TABLE obs_conn; --"')).toStrictEqual([]);
    expect(await uids('query:"\'; DROP TABLE obs_dns; --"')).toStrictEqual(['dns:D2']);
    expect(await uids('"\'; DROP TABLE"')).toStrictEqual(['dns:D2']);
    expect(await uids("server_name:*'*")).toStrictEqual([]);
    expect(await uids('uid:"C1\\" OR 1=1 --"')).toStrictEqual([]);
    expect(await store.observations.count('conn')).toBe(4);
    expect(await store.observations.count('dns')).toBe(2);
  });

  test('errors are SearchErrors with codes and positions', async () => {
    await expect(search(store, { q: '@type:ssl sever_name:x' })).rejects.toMatchObject({ name: 'SearchError', code: 'unknown_field', position: 10 });
    await expect(search(store, { q: '(a' })).rejects.toBeInstanceOf(SearchError);
    await expect(search(store, { q: '*', limit: 1001 })).rejects.toMatchObject({ code: 'bad_value' });
    await expect(search(store, { q: '*', offset: -1 })).rejects.toMatchObject({ code: 'bad_value' });
    await expect(search(store, { q: '*', from: Number.NaN })).rejects.toMatchObject({ code: 'bad_value' });
    expect((await search(store, { q: '@type:conn AND @type:dns' })).total).toBe(0);
  });
});

describe('histogram', () => {
  test('over the matches own time range: round bucket width, empty buckets filled', async () => {
    const h = await searchHistogram(store, { q: '*' });
    expect(h.bucket_s).toBe(60);
    expect(h.buckets).toHaveLength(61);
    expect(h.buckets[0]).toStrictEqual({ t: Math.floor(T0 / 60) * 60, count: 6 });
    expect(h.buckets[1]).toStrictEqual({ t: Math.floor(T0 / 60) * 60 + 60, count: 2 });
    expect(h.buckets.at(-1)).toStrictEqual({ t: Math.floor((T0 + 3600) / 60) * 60, count: 1 });
    expect(h.buckets.reduce((a, b) => a + b.count, 0)).toBe(9);
  });

  test('with a time range and a bucket count', async () => {
    const h = await searchHistogram(store, { q: 'id.orig_h:10.0.0.0/8', from: T0, to: T0 + 120, buckets: 4 });
    expect(h.bucket_s).toBe(30);
    const first = Math.floor(T0 / 30) * 30;
    expect(h.buckets).toStrictEqual([
      { t: first, count: 2 },
      { t: first + 30, count: 4 },
      { t: first + 60, count: 2 },
      { t: first + 90, count: 0 },
      { t: first + 120, count: 0 },
    ]);
    expect((await searchHistogram(store, { q: 'uid:nothing' })).buckets).toStrictEqual([]);
    await expect(searchHistogram(store, { q: '*', buckets: 0 })).rejects.toMatchObject({ code: 'bad_value' });
  });
});

describe('top values', () => {
  test('of a field over several types, ties by value; of @type', async () => {
    expect(await searchTop(store, { q: '*', field: 'id.resp_h', k: 3 })).toStrictEqual({
      field: 'id.resp_h',
      values: [
        { value: '192.168.1.1', count: 3 },
        { value: '203.0.113.7', count: 3 },
        { value: '10.0.0.9', count: 2 },
      ],
    });
    expect((await searchTop(store, { q: 'proto:tcp', field: 'id.resp_p' })).values).toStrictEqual([
      { value: 445, count: 2 },
      { value: 443, count: 1 },
    ]);
    expect((await searchTop(store, { q: 'id.orig_h:10.*', field: '@type' })).values).toStrictEqual([
      { value: 'conn', count: 3 },
      { value: 'ssl', count: 3 },
      { value: 'dns', count: 2 },
    ]);
    await expect(searchTop(store, { q: '@type:ssl', field: 'sever_name' })).rejects.toMatchObject({ code: 'unknown_field', message: expect.stringContaining("did you mean 'server_name'") });
  });
});

async function text(q: ExportQuery): Promise<string> {
  let out = '';
  for await (const chunk of searchExport(store, q)) out += chunk;
  return out;
}

describe('export', () => {
  test('CSV: RFC 4180 quoting, CRLF lines, formula injection defused', async () => {
    const csv = await text({ q: '@type:conn', format: 'csv' });
    const lines = csv.split('\r\n');
    expect(lines[0]!.startsWith('@type,ts,uid,id.orig_h,id.orig_p,id.resp_h,id.resp_p,proto,service')).toBe(true);
    expect(lines[1]!.startsWith(`conn,${T0 + 3600},C4,172.16.5.4,`)).toBe(true);
    expect(csv).toContain(',"a,b""c\r\nd",');
    expect(csv).toContain(`,"'=HYPERLINK(""http://x"")",`);
    expect(csv.endsWith('\r\n')).toBe(true);
    const ssl = await text({ q: '@type:ssl uid:S3', format: 'csv' });
    expect(ssl).toContain(",'+cmd|calc,");
  });

  test('csvCell', () => {
    expect(csvCell(null)).toBe('');
    expect(csvCell(-5)).toBe('-5');
    expect(csvCell('-5')).toBe("'-5");
    expect(csvCell('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(csvCell('\tx')).toBe("'\tx");
    expect(csvCell(['a', 'b'])).toBe('"a,b"');
    expect(csvCell(['=1'])).toBe("'=1");
    expect(csvCell(true)).toBe('true');
    expect(csvCell('plain text')).toBe('plain text');
  });

  test('JSON: an array of rows; across types merged by time over pages; max_rows', async () => {
    const rows = JSON.parse(await text({ q: 'id.orig_h:10.0.0.0/8', format: 'json', page_rows: 2 })) as { '@type': string; uid: string }[];
    expect(rows.map((r) => `${r['@type']}:${r.uid}`)).toStrictEqual(await uids('id.orig_h:10.0.0.0/8'));
    const asc = JSON.parse(await text({ q: 'id.orig_h:10.0.0.0/8', format: 'json', page_rows: 1, order: 'asc', max_rows: 3 })) as { uid: string }[];
    expect(asc.map((r) => r.uid)).toStrictEqual(['C1', 'C1', 'C2']);
    expect(JSON.parse(await text({ q: 'uid:nothing', format: 'json' }))).toStrictEqual([]);
    const csv = await text({ q: 'uid:nothing', format: 'csv' });
    expect(csv.split('\r\n')).toHaveLength(2);
    await expect(text({ q: '*', format: 'xml' as 'csv' })).rejects.toMatchObject({ code: 'bad_value' });
    await expect(text({ q: '*', format: 'csv', max_rows: 10_000_000 })).rejects.toMatchObject({ code: 'bad_value' });
  });
});
