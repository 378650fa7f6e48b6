import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../../net/prng.js';
import { findNtlmssp, parseNtlm, spnegoNegState } from './parse.js';

const u16 = (s: string) => Buffer.from(s, 'utf16le');
function secbuf(len: number, off: number): Buffer {
  const b = Buffer.alloc(8);
  b.writeUInt16LE(len, 0);
  b.writeUInt16LE(len, 2);
  b.writeUInt32LE(off, 4);
  return b;
}
const av = (id: number, v: string) => {
  const s = u16(v);
  const h = Buffer.alloc(4);
  h.writeUInt16LE(id, 0);
  h.writeUInt16LE(s.length, 2);
  return Buffer.concat([h, s]);
};

export function challenge(): Buffer {
  const ti = Buffer.concat([av(2, 'CORP'), av(1, 'DC01'), av(4, 'corp.local'), av(3, 'dc01.corp.local'), av(5, 'corp.local'), Buffer.alloc(4)]);
  const target = u16('CORP');
  const head = Buffer.alloc(56);
  Buffer.from('NTLMSSP\0', 'latin1').copy(head, 0);
  head.writeUInt32LE(2, 8);
  secbuf(target.length, 56).copy(head, 12);
  head.writeUInt32LE(0xe2898215, 20);
  secbuf(ti.length, 56 + target.length).copy(head, 40);
  return Buffer.concat([head, target, ti]);
}

export function authenticate(user = 'alice', domain = 'CORP', host = 'WS01'): Buffer {
  const d = u16(domain), un = u16(user), h = u16(host);
  const head = Buffer.alloc(72);
  Buffer.from('NTLMSSP\0', 'latin1').copy(head, 0);
  head.writeUInt32LE(3, 8);
  secbuf(0, 72).copy(head, 12);
  secbuf(0, 72).copy(head, 20);
  secbuf(d.length, 72).copy(head, 28);
  secbuf(un.length, 72 + d.length).copy(head, 36);
  secbuf(h.length, 72 + d.length + un.length).copy(head, 44);
  secbuf(0, 72).copy(head, 52);
  head.writeUInt32LE(0xe2888215, 60);
  return Buffer.concat([head, d, un, h]);
}

describe('ntlm parse', () => {
  it('reads the CHALLENGE target info', () => {
    const r = parseNtlm(challenge());
    expect(r.status === 'ok' && r.value).toMatchObject({ type: 2, nbComputerName: 'DC01', dnsComputerName: 'dc01.corp.local', dnsTreeName: 'corp.local' });
  });
  it('reads the AUTHENTICATE names', () => {
    const r = parseNtlm(authenticate());
    expect(r.status === 'ok' && r.value).toMatchObject({ type: 3, userName: 'alice', domainName: 'CORP', workstation: 'WS01' });
  });
  it('finds NTLMSSP inside SPNEGO and reads negState', () => {
    const blob = Buffer.concat([Buffer.from('a1820100300aa0030a0100a2', 'hex'), authenticate()]);
    expect(findNtlmssp(blob)).toBe(12);
    expect(spnegoNegState(Buffer.from('a1073005a0030a0100', 'hex'))).toBe(0);
    expect(parseNtlm(Buffer.from('NTLMSSP\0\x09\0\0\0', 'latin1')).status).toBe('malformed');
  });
  it('never throws on random or mutated input (fuzz)', () => {
    const rnd = mulberry32(7);
    const seeds = [challenge(), authenticate()];
    for (let i = 0; i < 5000; i++) {
      const base = seeds[i % 2]!;
      const b = Buffer.from(base.subarray(0, Math.floor(rnd() * (base.length + 1))));
      for (let k = 0; k < 1 + rnd() * 6; k++) if (b.length > 8) b[8 + Math.floor(rnd() * (b.length - 8))] = Math.floor(rnd() * 256);
      expect(() => { parseNtlm(b); spnegoNegState(b); }).not.toThrow();
    }
  });
});
