import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Anomaly } from '../schema/anomaly.js';
import type { Connection } from '../schema/conn.js';
import { LogDirWriter } from './log-dir-writer.js';
import { fieldValue, ZEEK_LOGS } from './zeek-fields.js';
import { escapeTsv, toZeekJson, toZeekTsv, zeekTsvFooter, zeekTsvHeader } from './zeek-format.js';

const FULL: Connection = {
  ts: 1_700_000_000.5,
  uid: 'CHhAvVGS1DHFjwGM9',
  id: { orig_h: '10.0.0.10', orig_p: 49152, resp_h: '2001:db8::1', resp_p: 80 },
  proto: 'tcp',
  service: 'http',
  duration: 0.0831,
  orig_bytes: 500,
  resp_bytes: 3000,
  conn_state: 'SF',
  local_orig: true,
  local_resp: false,
  missed_bytes: 0,
  history: 'ShADadFf',
  orig_pkts: 7,
  orig_ip_bytes: 780,
  resp_pkts: 6,
  resp_ip_bytes: 3240,
  tunnel_parents: ['CaaaaaaaaaaaaaaaaA', 'CbbbbbbbbbbbbbbbbB'],
  ip_proto: 6,
  orig_l2_addr: '02:00:00:00:00:10',
  resp_l2_addr: '02:00:00:00:00:01',
  vlan: 10,
  inner_vlan: 20,
  community_id: '1:LQU9qZlK+B5F3KDmev6m5PMibrg=',
};

const MINIMAL: Connection = {
  ts: 1_700_000_001,
  uid: 'C1',
  id: { orig_h: '10.0.0.1', orig_p: 5000, resp_h: '10.0.0.2', resp_p: 53 },
  proto: 'udp',
  conn_state: 'S0',
  missed_bytes: 0,
  orig_pkts: 1,
  orig_ip_bytes: 40,
  resp_pkts: 0,
  resp_ip_bytes: 0,
};

const CONN = ZEEK_LOGS.conn;
const rec = (c: Connection) => c as unknown as Record<string, unknown>;

describe('zeek fields', () => {
  it('conn.log columns in Zeek order, with Zeek types', () => {
    expect(CONN.map((f) => f.name)).toEqual([
      'ts', 'uid', 'id.orig_h', 'id.orig_p', 'id.resp_h', 'id.resp_p', 'proto', 'service', 'duration', 'orig_bytes', 'resp_bytes',
      'conn_state', 'local_orig', 'local_resp', 'missed_bytes', 'history', 'orig_pkts', 'orig_ip_bytes', 'resp_pkts', 'resp_ip_bytes',
      'tunnel_parents', 'ip_proto', 'orig_l2_addr', 'resp_l2_addr', 'vlan', 'inner_vlan', 'community_id',
    ]);
    const type = (n: string) => CONN.find((f) => f.name === n)!.type;
    expect([type('ts'), type('id.orig_h'), type('id.orig_p'), type('proto'), type('duration'), type('local_orig'), type('tunnel_parents')]).toEqual([
      'time', 'addr', 'port', 'enum', 'interval', 'bool', 'set[string]',
    ]);
  });

  it('fieldValue reads dotted columns', () => {
    expect(fieldValue(rec(FULL), 'id.resp_p')).toBe(80);
    expect(fieldValue(rec(FULL), 'uid')).toBe(FULL.uid);
    expect(fieldValue({}, 'id.orig_h')).toBeUndefined();
  });
});

describe('toZeekJson', () => {
  it('writes every set field with Zeek names, times with 6 decimals', () => {
    const line = toZeekJson(CONN, rec(FULL));
    expect(line).toBe(
      '{"ts":1700000000.500000,"uid":"CHhAvVGS1DHFjwGM9","id.orig_h":"10.0.0.10","id.orig_p":49152,"id.resp_h":"2001:db8::1","id.resp_p":80,' +
        '"proto":"tcp","service":"http","duration":0.083100,"orig_bytes":500,"resp_bytes":3000,"conn_state":"SF","local_orig":true,"local_resp":false,' +
        '"missed_bytes":0,"history":"ShADadFf","orig_pkts":7,"orig_ip_bytes":780,"resp_pkts":6,"resp_ip_bytes":3240,' +
        '"tunnel_parents":["CaaaaaaaaaaaaaaaaA","CbbbbbbbbbbbbbbbbB"],"ip_proto":6,"orig_l2_addr":"02:00:00:00:00:10","resp_l2_addr":"02:00:00:00:00:01",' +
        '"vlan":10,"inner_vlan":20,"community_id":"1:LQU9qZlK+B5F3KDmev6m5PMibrg="}',
    );
    const parsed = JSON.parse(line) as Record<string, unknown>;
    expect(parsed['id.orig_p']).toBe(49152);
    expect(parsed['ts']).toBe(1_700_000_000.5);
  });

  it('leaves unset fields out', () => {
    expect(toZeekJson(CONN, rec(MINIMAL))).toBe(
      '{"ts":1700000001.000000,"uid":"C1","id.orig_h":"10.0.0.1","id.orig_p":5000,"id.resp_h":"10.0.0.2","id.resp_p":53,"proto":"udp",' +
        '"conn_state":"S0","missed_bytes":0,"orig_pkts":1,"orig_ip_bytes":40,"resp_pkts":0,"resp_ip_bytes":0}',
    );
  });

  it('escapes strings as JSON', () => {
    const line = toZeekJson(CONN, rec({ ...MINIMAL, history: 'a"b\\c\td' }));
    expect((JSON.parse(line) as { history: string }).history).toBe('a"b\\c\td');
  });

  it('rounds times to microseconds', () => {
    expect(toZeekJson(CONN, rec({ ...MINIMAL, ts: 1_700_000_000.1234567 }))).toMatch(/^\{"ts":1700000000\.123457,/);
  });
});

describe('toZeekTsv', () => {
  it('writes one tab-separated column per field: T/F, sets joined by commas, 6-decimal times', () => {
    const cols = toZeekTsv(CONN, rec(FULL)).split('\t');
    expect(cols.length).toBe(CONN.length);
    expect(cols).toEqual([
      '1700000000.500000', 'CHhAvVGS1DHFjwGM9', '10.0.0.10', '49152', '2001:db8::1', '80', 'tcp', 'http', '0.083100', '500', '3000',
      'SF', 'T', 'F', '0', 'ShADadFf', '7', '780', '6', '3240', 'CaaaaaaaaaaaaaaaaA,CbbbbbbbbbbbbbbbbB', '6',
      '02:00:00:00:00:10', '02:00:00:00:00:01', '10', '20', '1:LQU9qZlK+B5F3KDmev6m5PMibrg=',
    ]);
  });

  it("writes '-' for unset fields", () => {
    const cols = toZeekTsv(CONN, rec(MINIMAL)).split('\t');
    const at = (n: string) => cols[CONN.findIndex((f) => f.name === n)];
    for (const n of ['service', 'duration', 'orig_bytes', 'resp_bytes', 'local_orig', 'local_resp', 'history', 'tunnel_parents', 'vlan', 'community_id']) {
      expect(at(n), n).toBe('-');
    }
    expect(at('ts')).toBe('1700000001.000000');
    expect(at('missed_bytes')).toBe('0');
  });

  it("writes '(empty)' for an empty set or string, and escapes values that would read as markers", () => {
    const cols = toZeekTsv(CONN, rec({ ...MINIMAL, tunnel_parents: [], history: '', service: '-' })).split('\t');
    const at = (n: string) => cols[CONN.findIndex((f) => f.name === n)];
    expect(at('tunnel_parents')).toBe('(empty)');
    expect(at('history')).toBe('(empty)');
    expect(at('service')).toBe('\\x2d');
  });

  it('escapes separators and control characters', () => {
    const cols = toZeekTsv(CONN, rec({ ...MINIMAL, history: 'a\tb\nc', tunnel_parents: ['x,y', 'z'] })).split('\t');
    expect(cols.length).toBe(CONN.length);
    expect(cols[CONN.findIndex((f) => f.name === 'history')]).toBe('a\\x09b\\x0ac');
    expect(cols[CONN.findIndex((f) => f.name === 'tunnel_parents')]).toBe('x\\x2cy,z');
    expect(escapeTsv('plain text: 1.2.3.4')).toBe('plain text: 1.2.3.4');
    expect(escapeTsv('\x7f\x01')).toBe('\\x7f\\x01');
  });
});

describe('TSV header and footer', () => {
  const opened = new Date(Date.UTC(2024, 0, 2, 3, 4, 5));

  it("writes Zeek's header lines", () => {
    const lines = zeekTsvHeader('conn', CONN, opened).split('\n');
    expect(lines.slice(0, 6)).toEqual([
      '#separator \\x09',
      '#set_separator\t,',
      '#empty_field\t(empty)',
      '#unset_field\t-',
      '#path\tconn',
      '#open\t2024-01-02-03-04-05',
    ]);
    expect(lines[6]).toBe('#fields\t' + CONN.map((f) => f.name).join('\t'));
    expect(lines[7]).toBe('#types\t' + CONN.map((f) => f.type).join('\t'));
    expect(lines[7]).toMatch(/^#types\ttime\tstring\taddr\tport\taddr\tport\tenum\tstring\tinterval\tcount\tcount\tstring\tbool\tbool\tcount\tstring\tcount\tcount\tcount\tcount\tset\[string\]\tcount\tstring\tstring\tint\tint\tstring$/);
    expect(lines[8]).toBe('');
    expect(lines.length).toBe(9);
  });

  it('writes the close line', () => {
    expect(zeekTsvFooter(new Date(Date.UTC(2024, 11, 31, 23, 59, 58)))).toBe('#close\t2024-12-31-23-59-58\n');
  });
});

describe('LogDirWriter', () => {
  let dir = '';
  afterEach(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
    dir = '';
  });

  const weird: Anomaly = { ts: 1_700_000_002, name: 'truncated_IP', notice: false, source: 'packet' };

  it('writes one TSV file per log type with header, rows and footer', async () => {
    dir = mkdtempSync(join(tmpdir(), 'mamori-logs-'));
    const clock = () => new Date(Date.UTC(2024, 0, 2, 3, 4, 5));
    const w = new LogDirWriter(dir, 'tsv', clock);
    w.write({ type: 'conn', record: FULL });
    w.write({ type: 'weird', record: weird });
    w.write({ type: 'conn', record: MINIMAL });
    await w.close();
    expect(w.counts()).toEqual({ conn: 2, weird: 1 });
    const conn = readFileSync(join(dir, 'conn.log'), 'utf8').split('\n');
    expect(conn[4]).toBe('#path\tconn');
    expect(conn[8]).toBe(toZeekTsv(CONN, rec(FULL)));
    expect(conn[9]).toBe(toZeekTsv(CONN, rec(MINIMAL)));
    expect(conn[10]).toBe('#close\t2024-01-02-03-04-05');
    const w2 = readFileSync(join(dir, 'weird.log'), 'utf8').split('\n');
    expect(w2[4]).toBe('#path\tweird');
    expect(w2[8]).toBe('1700000002.000000\t-\t-\t-\t-\t-\ttruncated_IP\t-\tF\t-\tpacket');
  });

  it('writes JSON lines without headers', async () => {
    dir = mkdtempSync(join(tmpdir(), 'mamori-logs-'));
    const w = new LogDirWriter(dir, 'json');
    w.write({ type: 'conn', record: MINIMAL });
    w.write({ type: 'weird', record: weird });
    await w.close();
    expect(readFileSync(join(dir, 'conn.log'), 'utf8')).toBe(toZeekJson(CONN, rec(MINIMAL)) + '\n');
    expect(readFileSync(join(dir, 'weird.log'), 'utf8')).toBe('{"ts":1700000002.000000,"name":"truncated_IP","notice":false,"source":"packet"}\n');
  });
});
