import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../../net/prng.js';
import { ja3, ja4 } from './fingerprints.js';
import { cipherName, curveName, isGrease, versionName } from './names.js';
import { parseClientHello, parseHandshake, parseRecordHeader, parseServerHello, parseV2ClientHello, type ClientHello } from './parse.js';

const u16 = (n: number) => Buffer.of(n >> 8, n & 0xff);
const ext = (type: number, data: Buffer) => Buffer.concat([u16(type), u16(data.length), data]);
const vec16 = (b: Buffer) => Buffer.concat([u16(b.length), b]);

export function clientHelloBody(): Buffer {
  const sni = Buffer.from('example.com');
  const exts = Buffer.concat([
    ext(0x0a0a, Buffer.alloc(0)),
    ext(0, vec16(Buffer.concat([Buffer.of(0), vec16(sni)]))),
    ext(10, vec16(Buffer.concat([u16(0x1a1a), u16(29), u16(23)]))),
    ext(11, Buffer.of(1, 0)),
    ext(13, vec16(Buffer.concat([u16(0x0403), u16(0x0804)]))),
    ext(16, vec16(Buffer.concat([Buffer.of(2), Buffer.from('h2'), Buffer.of(8), Buffer.from('http/1.1')]))),
    ext(43, Buffer.concat([Buffer.of(4), u16(0x0304), u16(0x0303)])),
  ]);
  return Buffer.concat([
    u16(0x0303), Buffer.alloc(32, 7), Buffer.of(0),
    vec16(Buffer.concat([u16(0x2a2a), u16(0x1301), u16(0xc02f)])), Buffer.of(1, 0), vec16(exts),
  ]);
}

export function serverHelloBody(): Buffer {
  const exts = Buffer.concat([ext(43, u16(0x0304)), ext(51, Buffer.concat([u16(29), vec16(Buffer.alloc(32))]))]);
  return Buffer.concat([u16(0x0303), Buffer.alloc(32, 9), Buffer.of(0), u16(0x1301), Buffer.of(0), vec16(exts)]);
}

export const record = (ct: number, body: Buffer) => Buffer.concat([Buffer.of(ct, 3, 3), u16(body.length), body]);
export const hs = (type: number, body: Buffer) => Buffer.concat([Buffer.of(type, 0, body.length >> 8, body.length & 0xff), body]);

describe('ssl parse', () => {
  it('reads a record header and asks for more on a short one', () => {
    expect(parseRecordHeader(record(22, Buffer.alloc(3)))).toMatchObject({ status: 'ok', value: { contentType: 22, length: 3 }, consumed: 5 });
    expect(parseRecordHeader(Buffer.of(22, 3))).toMatchObject({ status: 'need-more' });
    expect(parseRecordHeader(Buffer.of(99, 3, 3, 0, 1))).toMatchObject({ status: 'malformed', anomaly: 'SSL_unknown_content_type' });
  });

  it('frames handshake messages', () => {
    const m = hs(1, clientHelloBody());
    expect(parseHandshake(m.subarray(0, 10))).toMatchObject({ status: 'need-more' });
    const r = parseHandshake(m);
    expect(r.status === 'ok' && r.value.type).toBe(1);
  });

  it('parses a ClientHello with SNI, ALPN, groups and versions', () => {
    const r = parseClientHello(clientHelloBody());
    expect(r.status).toBe('ok');
    const ch = (r as { value: ClientHello }).value;
    expect(ch.serverNames).toEqual(['example.com']);
    expect(ch.alpn).toEqual(['h2', 'http/1.1']);
    expect(ch.supportedVersions).toEqual([0x0304, 0x0303]);
    expect(ch.groups).toEqual([0x1a1a, 29, 23]);
    expect(ja3(ch)).toMatch(/^[0-9a-f]{32}$/);
    expect(ja4(ch, 't')).toMatch(/^t13d0206h2_[0-9a-f]{12}_[0-9a-f]{12}$/);
  });

  it('parses a TLS 1.3 ServerHello', () => {
    const r = parseServerHello(serverHelloBody());
    expect(r).toMatchObject({ status: 'ok', value: { cipher: 0x1301, selectedVersion: 0x0304, keyShareGroup: 29 } });
  });

  it('parses an SSLv2-format ClientHello', () => {
    const body = Buffer.concat([Buffer.of(1), u16(0x0301), u16(3), u16(0), u16(16), Buffer.of(0, 0, 0x2f), Buffer.alloc(16, 1)]);
    const rec = Buffer.concat([u16(0x8000 | body.length), body]);
    expect(parseV2ClientHello(rec)).toMatchObject({ status: 'ok', value: { version: 0x0301, ciphers: [0x2f], v2: true } });
  });

  it('names things as Zeek does', () => {
    expect(versionName(0x0303)).toBe('TLSv12');
    expect(versionName(0x7f17)).toBe('TLSv13-draft23');
    expect(versionName(0x7e01)).toBe('unknown-32257');
    expect(cipherName(0x1301)).toBe('TLS_AES_128_GCM_SHA256');
    expect(curveName(29)).toBe('x25519');
    expect(curveName(23)).toBe('secp256r1');
    expect(isGrease(0x2a2a)).toBe(true);
    expect(isGrease(0x2a2b)).toBe(false);
  });

  it('never throws on random or mutated input (fuzz)', () => {
    const rndUnit = mulberry32(0x5eed);
    const rnd = (): number => Math.floor(rndUnit() * 256);
    const seeds = [clientHelloBody(), serverHelloBody(), hs(1, clientHelloBody())];
    for (let i = 0; i < 3000; i++) {
      const base = seeds[i % seeds.length]!;
      const b = i % 4 === 0 ? Buffer.from(Array.from({ length: rnd() }, rnd)) : Buffer.from(base.subarray(0, (rnd() * base.length) >> 8 || base.length));
      for (let k = 0; k < 4; k++) if (b.length) b[(rnd() * b.length) >> 8] = rnd();
      for (const f of [parseClientHello, parseServerHello, parseHandshake, parseRecordHeader, parseV2ClientHello]) expect(() => f(b)).not.toThrow();
    }
  });
});
