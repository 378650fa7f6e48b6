import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../../net/prng.js';
import type { Observation } from '../../schema/observation.js';
import { ntpSpec } from './analyzer.js';
import { looksLikeNtp, NTP_UNIX_OFFSET, parseNtp } from './parse.js';

function ntp(first: number, stratum: number, poll: number, precision: number, refId: number[], xmtSec: number, extra = Buffer.alloc(0)): Buffer {
  const b = Buffer.alloc(48);
  b[0] = first; b[1] = stratum; b.writeInt8(poll, 2); b.writeInt8(precision, 3);
  b.writeUInt32BE(0x0000bd8f, 4); // root delay 0xbd8f/65536 s
  b.writeUInt32BE(0x00010000, 8); // root dispersion 1 s
  Buffer.from(refId).copy(b, 12);
  b.writeUInt32BE(xmtSec + NTP_UNIX_OFFSET, 40);
  b.writeUInt32BE(0x80000000, 44);
  return Buffer.concat([b, extra]);
}
const SERVER = ntp(0x24, 2, 6, -20, [85, 199, 214, 99], 1559246614); // v4 mode 4
const CLIENT = ntp(0x23, 0, 8, 0, [0, 0, 0, 0], 1476535656);
const GPS = ntp(0x24, 1, 8, -20, [0x47, 0x50, 0x53, 0x73], 1);

describe('ntp parse', () => {
  it('converts fields as Zeek does', () => {
    const r = parseNtp(SERVER);
    if (r.status !== 'ok' || !r.value.std) throw new Error('not ok');
    expect(r.value).toMatchObject({ version: 4, mode: 4 });
    expect(r.value.std).toMatchObject({ stratum: 2, poll: 64, precision: Math.pow(2, -20), refId: '85.199.214.99', refTime: 0, orgTime: 0, recTime: 0, xmtTime: 1559246614.5, numExts: 0 });
    expect(r.value.std.rootDelay).toBe(0xbd8f / 65536);
    expect(r.value.std.rootDisp).toBe(1);
  });
  it('prints the reference id by stratum', () => {
    const c = parseNtp(CLIENT);
    expect(c.status === 'ok' && c.value.std?.refId).toBe('\x00\x00\x00\x00');
    const g = parseNtp(GPS);
    expect(g.status === 'ok' && g.value.std?.refId).toBe('GPSs');
  });
  it('counts extension fields but not a MAC', () => {
    const mac = parseNtp(ntp(0x23, 2, 6, -20, [1, 2, 3, 4], 5, Buffer.alloc(20)));
    expect(mac.status === 'ok' && mac.value.std?.numExts).toBe(0);
    const ext = Buffer.alloc(16);
    ext.writeUInt16BE(0x0104, 0);
    ext.writeUInt16BE(16, 2);
    const e = parseNtp(ntp(0x23, 2, 6, -20, [1, 2, 3, 4], 5, Buffer.concat([ext, ext, Buffer.alloc(20)])));
    expect(e.status === 'ok' && e.value.std?.numExts).toBe(2);
  });
  it('detects NTP and rejects other payloads', () => {
    expect(looksLikeNtp(SERVER, true)).toBe(true);
    expect(looksLikeNtp(SERVER, false)).toBe(true);
    expect(looksLikeNtp(Buffer.from('GET / HTTP/1.1\r\nHost: example\r\n\r\n0123456789abcdef'), false)).toBe(false);
    expect(looksLikeNtp(Buffer.alloc(48), true)).toBe(false);
    expect(parseNtp(Buffer.alloc(20, 0x23))).toMatchObject({ status: 'malformed', anomaly: 'NTP_truncated' });
  });
  it('logs standard messages only', () => {
    const out: Observation[] = [];
    const a = ntpSpec.create({
      conn: { uid: 'C1', id: { orig_h: '10.0.0.1', orig_p: 123, resp_h: '10.0.0.2', resp_p: 123 }, proto: 'udp', start: 1 },
      now: () => 5, emit: (o) => out.push(o), confirm: () => {}, violation: () => {}, weird: () => {}, newId: () => 'F',
    });
    a.datagram(true, CLIENT);
    a.datagram(true, Buffer.from([0x16, 0x02, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0])); // mode 6 control
    expect(out.map((o) => o.record)).toMatchObject([{ ts: 5, uid: 'C1', version: 4, mode: 3, stratum: 0, poll: 256, precision: 1, ref_id: '\x00\x00\x00\x00', num_exts: 0 }]);
  });
  it('never throws on random or mutated input', () => {
    const rnd = mulberry32(7);
    for (let i = 0; i < 3000; i++) {
      const buf = Buffer.from(i % 2 ? SERVER : CLIENT);
      for (let k = 0; k < 1 + Math.floor(rnd() * 6); k++) buf[Math.floor(rnd() * buf.length)] = Math.floor(rnd() * 256);
      const cut = rnd() < 0.3 ? buf.subarray(0, Math.floor(rnd() * buf.length)) : Buffer.concat([buf, Buffer.alloc(Math.floor(rnd() * 60), Math.floor(rnd() * 256))]);
      expect(['ok', 'malformed', 'need-more']).toContain(parseNtp(cut).status);
      looksLikeNtp(cut, rnd() < 0.5);
    }
  });
});
