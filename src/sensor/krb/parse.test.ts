import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../../net/prng.js';
import { looksLikeKrb, parseKrbMessage, parseKrbTcpRecord } from './parse.js';

// A tiny DER builder for fixtures.
const tlv = (tag: number, ...parts: Buffer[]): Buffer => {
  const v = Buffer.concat(parts);
  const len = v.length < 128 ? Buffer.from([v.length]) : v.length < 256 ? Buffer.from([0x81, v.length]) : Buffer.from([0x82, v.length >> 8, v.length & 0xff]);
  return Buffer.concat([Buffer.from([tag]), len, v]);
};
const int = (n: number) => tlv(0x02, Buffer.from([n]));
const gstr = (s: string) => tlv(0x1b, Buffer.from(s, 'latin1'));
const ctx = (n: number, ...p: Buffer[]) => tlv(0xa0 | n, ...p);
const seq = (...p: Buffer[]) => tlv(0x30, ...p);
const pname = (...names: string[]) => seq(ctx(0, int(1)), ctx(1, seq(...names.map(gstr))));
const time = (s: string) => tlv(0x18, Buffer.from(s, 'latin1'));

export const AS_REQ = tlv(0x6a, seq(
  ctx(1, int(5)), ctx(2, int(10)),
  ctx(4, seq(
    ctx(0, tlv(0x03, Buffer.from([0, 0x40, 0x80, 0, 0]))),
    ctx(1, pname('alice')), ctx(2, gstr('EXAMPLE.COM')), ctx(3, pname('krbtgt', 'EXAMPLE.COM')),
    ctx(5, time('20370913024805Z')), ctx(7, int(1)), ctx(8, seq(int(18), int(23))),
  )),
));
const ticket = tlv(0x61, seq(ctx(0, int(5)), ctx(1, gstr('EXAMPLE.COM')), ctx(2, pname('cifs', 'srv.example.com')), ctx(3, seq(ctx(0, int(23)), ctx(2, tlv(0x04, Buffer.alloc(8)))))));
export const TGS_REP = tlv(0x6d, seq(ctx(0, int(5)), ctx(1, int(13)), ctx(3, gstr('EXAMPLE.COM')), ctx(4, pname('alice')), ctx(5, ticket), ctx(6, seq(ctx(0, int(18)), ctx(2, tlv(0x04, Buffer.alloc(4)))))));
export const KRB_ERROR = tlv(0x7e, seq(ctx(0, int(5)), ctx(1, int(30)), ctx(4, time('20240101000000Z')), ctx(5, int(0)), ctx(6, int(25)), ctx(9, gstr('EXAMPLE.COM')), ctx(10, pname('krbtgt', 'EXAMPLE.COM'))));

describe('kerberos parse', () => {
  it('reads an AS-REQ', () => {
    const r = parseKrbMessage(AS_REQ);
    expect(r.status).toBe('ok');
    if (r.status !== 'ok') return;
    expect(r.value).toMatchObject({ kind: 'AS_REQ', clientName: 'alice', realm: 'EXAMPLE.COM', serviceName: 'krbtgt/EXAMPLE.COM', till: 2136422885, forwardable: true, renewable: true });
    expect(r.consumed).toBe(AS_REQ.length);
  });
  it('reads a TGS-REP ticket cipher (kerberoasting: rc4-hmac = 23)', () => {
    const r = parseKrbMessage(TGS_REP);
    expect(r.status === 'ok' && r.value).toMatchObject({ kind: 'TGS_REP', clientName: 'alice', ticketServiceName: 'cifs/srv.example.com', ticketCipher: 23 });
  });
  it('reads a KRB-ERROR', () => {
    const r = parseKrbMessage(KRB_ERROR);
    expect(r.status === 'ok' && r.value).toMatchObject({ kind: 'ERROR', errorCode: 25, serviceName: 'krbtgt/EXAMPLE.COM' });
  });
  it('handles TCP framing and partial input', () => {
    const rec = Buffer.concat([Buffer.alloc(4), AS_REQ]);
    rec.writeUInt32BE(AS_REQ.length, 0);
    expect(parseKrbTcpRecord(rec).status).toBe('ok');
    expect(parseKrbTcpRecord(rec.subarray(0, 20)).status).toBe('need-more');
    expect(parseKrbMessage(AS_REQ.subarray(0, 10)).status).toBe('need-more');
    expect(looksLikeKrb(AS_REQ.subarray(0, 12), AS_REQ.length)).toBe('yes');
    expect(parseKrbMessage(Buffer.from('GET / HTTP/1.1')).status).toBe('malformed');
  });
  it('never throws on random or mutated input (fuzz)', () => {
    const rnd = mulberry32(0x12345);
    const seeds = [AS_REQ, TGS_REP, KRB_ERROR];
    for (let i = 0; i < 5000; i++) {
      const base = seeds[i % 3]!;
      const b = i % 4 === 0 ? Buffer.from(Array.from({ length: Math.floor(rnd() * 200) }, () => Math.floor(rnd() * 256))) : Buffer.from(base.subarray(0, Math.floor(rnd() * (base.length + 1))));
      if (i % 4 !== 0) for (let k = 0; k < 1 + rnd() * 4; k++) if (b.length) b[Math.floor(rnd() * b.length)] = Math.floor(rnd() * 256);
      expect(() => { parseKrbMessage(b); parseKrbTcpRecord(b); looksLikeKrb(b); }).not.toThrow();
    }
  });
});
