import { createCipheriv } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../../net/prng.js';
import { decryptLong, initialKeys, parseFrames, parseLongHeader, QUIC_V1, varint, versionName } from './parse.js';

const dcid = Buffer.from('8394c8f03e515708', 'hex');

/** Builds a protected client Initial (RFC 9001 §5) around `payload`, packet number 2 (1 byte). */
function initial(payload: Buffer): Buffer {
  const k = initialKeys(QUIC_V1, dcid, true);
  const len = 1 + payload.length + 16;
  const header = Buffer.concat([Buffer.of(0xc0, 0, 0, 0, 1, dcid.length), dcid, Buffer.of(0, 0), Buffer.of(0x40 | (len >> 8), len & 0xff), Buffer.of(2)]);
  const nonce = Buffer.from(k.iv);
  nonce[11] = nonce[11]! ^ 2;
  const c = createCipheriv('aes-128-gcm', k.key, nonce);
  c.setAAD(header);
  const ct = Buffer.concat([c.update(payload), c.final(), c.getAuthTag()]);
  const pkt = Buffer.concat([header, ct]);
  const pnOff = header.length - 1;
  const mask = createCipheriv('aes-128-ecb', k.hp, null).update(pkt.subarray(pnOff + 4, pnOff + 20));
  pkt[0] = pkt[0]! ^ (mask[0]! & 0x0f);
  pkt[pnOff] = pkt[pnOff]! ^ mask[1]!;
  return pkt;
}

describe('quic parse', () => {
  it('derives the RFC 9001 Appendix A initial keys', () => {
    const c = initialKeys(QUIC_V1, dcid, true);
    expect(c.key.toString('hex')).toBe('1f369613dd76d5467730efcbe3b1a22d');
    expect(c.iv.toString('hex')).toBe('fa044b2f42a3fd3b46fb255c');
    expect(c.hp.toString('hex')).toBe('9f50449e04a0e810283a1e9933adedd2');
    const s = initialKeys(QUIC_V1, dcid, false);
    expect(s.key.toString('hex')).toBe('cf3a5331653c364c88f0f379b6067e37');
    expect(s.hp.toString('hex')).toBe('c206b8d9b9f0f37644430b490eeaa314');
  });

  it('reads varints', () => {
    expect(varint(Buffer.of(0x25), 0)).toEqual([37, 1]);
    expect(varint(Buffer.of(0x7b, 0xbd), 0)).toEqual([15293, 2]);
    expect(varint(Buffer.of(0x9d, 0x7f, 0x3e, 0x7d), 0)).toEqual([494878333, 4]);
  });

  it('decrypts an Initial and finds its CRYPTO frame', () => {
    const payload = Buffer.concat([Buffer.of(0x06, 0x00, 0x05), Buffer.from('hello'), Buffer.alloc(40)]);
    const pkt = initial(payload);
    const h = parseLongHeader(pkt);
    expect(h).toMatchObject({ status: 'ok', value: { type: 'initial', version: 1 } });
    if (h.status !== 'ok') return;
    const d = decryptLong(pkt, h.value, initialKeys(QUIC_V1, h.value.dcid, true));
    expect(d.status).toBe('ok');
    if (d.status !== 'ok') return;
    const f = parseFrames(d.value);
    expect(f.status === 'ok' && f.value.crypto[0]!.data.toString()).toBe('hello');
    expect(versionName(QUIC_V1)).toBe('1');
    expect(versionName(0x6b3343cf)).toBe('quicv2');
  });

  it('never throws on random or mutated packets (fuzz)', () => {
    const rndUnit = mulberry32(7);
    const rnd = (): number => Math.floor(rndUnit() * 256);
    const base = initial(Buffer.concat([Buffer.of(0x06, 0x00, 0x05), Buffer.from('hello'), Buffer.alloc(40)]));
    const k = initialKeys(QUIC_V1, dcid, true);
    for (let i = 0; i < 2000; i++) {
      const b = Buffer.from(i % 4 === 0 ? Array.from({ length: rnd() }, rnd) : base);
      for (let j = 0; j < 3; j++) if (b.length) b[rnd() % b.length] = rnd();
      expect(() => {
        const h = parseLongHeader(b);
        if (h.status === 'ok') decryptLong(b, h.value, k);
        parseFrames(b);
      }).not.toThrow();
    }
  });
});
