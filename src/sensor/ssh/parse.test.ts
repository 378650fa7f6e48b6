import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../../net/prng.js';
import { bidirectional, clientPreferred, parseBannerLine, parseHostKey, parseKexInit, parsePacket, protoVersion } from './parse.js';

function str(s: string | Buffer): Buffer {
  const b = typeof s === 'string' ? Buffer.from(s, 'latin1') : s;
  const len = Buffer.alloc(4);
  len.writeUInt32BE(b.length);
  return Buffer.concat([len, b]);
}

function packet(type: number, payload: Buffer): Buffer {
  const body = Buffer.concat([Buffer.from([type]), payload]);
  let pad = 8 - ((body.length + 5) % 8);
  if (pad < 4) pad += 8;
  const len = Buffer.alloc(4);
  len.writeUInt32BE(body.length + pad + 1);
  return Buffer.concat([len, Buffer.from([pad]), body, Buffer.alloc(pad)]);
}

export const KEXINIT_CLIENT = Buffer.concat([
  Buffer.alloc(16, 7),
  str('curve25519-sha256,diffie-hellman-group14-sha1'), str('ssh-ed25519,rsa-sha2-512'),
  str('chacha20-poly1305@openssh.com,aes128-ctr'), str('chacha20-poly1305@openssh.com,aes128-ctr'),
  str('hmac-sha2-256,hmac-sha1'), str('hmac-sha2-256,hmac-sha1'), str('none,zlib@openssh.com'), str('none,zlib@openssh.com'),
  str(''), str(''), Buffer.from([0, 0, 0, 0, 0]),
]);

describe('ssh parse', () => {
  it('reads banner lines with and without CR', () => {
    const r = parseBannerLine(Buffer.from('SSH-2.0-OpenSSH_9.2p1 Debian\r\nrest'));
    expect(r).toMatchObject({ status: 'ok', consumed: 30, value: { line: 'SSH-2.0-OpenSSH_9.2p1 Debian', isVersion: true } });
    expect(parseBannerLine(Buffer.from('Welcome\n'))).toMatchObject({ status: 'ok', value: { isVersion: false } });
    expect(parseBannerLine(Buffer.from('SSH-2.0-x'))).toEqual({ status: 'need-more' });
  });

  it('knows protocol versions', () => {
    expect(protoVersion('SSH-2.0-x')).toBe(2);
    expect(protoVersion('SSH-1.99-x')).toBe(199);
    expect(protoVersion('SSH-1.5-x')).toBe(1);
  });

  it('parses a KEXINIT packet', () => {
    const p = parsePacket(packet(20, KEXINIT_CLIENT));
    expect(p.status).toBe('ok');
    if (p.status !== 'ok') return;
    expect(p.value.msgType).toBe(20);
    const k = parseKexInit(p.value.payload);
    expect(k).toMatchObject({ status: 'ok', value: { kex: ['curve25519-sha256', 'diffie-hellman-group14-sha1'], cmpS2C: ['none', 'zlib@openssh.com'] } });
  });

  it('asks for more bytes and rejects impossible lengths', () => {
    const full = packet(21, Buffer.alloc(0));
    expect(parsePacket(full.subarray(0, 5)).status).toBe('need-more');
    expect(parsePacket(Buffer.from([0xff, 0xff, 0xff, 0xff, 0, 0])).status).toBe('malformed');
  });

  it('negotiates as Zeek does', () => {
    expect(clientPreferred(['a', 'b'], ['b', 'a'])).toBe('a');
    expect(clientPreferred(['a'], ['b'])).toBeUndefined();
    expect(bidirectional(['a'], ['a'], ['b', 'a'], ['b'])).toBe('To server: a, to client: b');
    expect(bidirectional(['x', 'y'], ['y'], ['x', 'y'], ['y'])).toBe('y');
  });

  it('extracts the host key blob of a KEX reply', () => {
    const key = str('ssh-ed25519');
    const r = parseHostKey(Buffer.concat([str(key), str('f'), str('sig')]));
    expect(r.status).toBe('ok');
    if (r.status === 'ok') expect(createHash('md5').update(r.value).digest('hex')).toBe(createHash('md5').update(key).digest('hex'));
  });

  it('never throws on random or mutated input (fuzz)', () => {
    const rnd = mulberry32(0x5eed);
    const base = [packet(20, KEXINIT_CLIENT), Buffer.from('SSH-2.0-OpenSSH\r\n'), packet(31, Buffer.concat([str(str('k')), str('f')]))];
    for (let i = 0; i < 4000; i++) {
      const src = base[i % base.length]!;
      const b = i % 3 === 0 ? Buffer.from(Array.from({ length: Math.floor(rnd() * 200) }, () => Math.floor(rnd() * 256))) : Buffer.from(src.subarray(0, Math.floor(rnd() * (src.length + 1))));
      for (let j = 0; j < 4 && b.length; j++) b[Math.floor(rnd() * b.length)] = Math.floor(rnd() * 256);
      expect(() => {
        parseBannerLine(b);
        const p = parsePacket(b);
        parseKexInit(b);
        parseHostKey(b);
        if (p.status === 'ok') parseKexInit(p.value.payload);
      }).not.toThrow();
    }
  });
});
