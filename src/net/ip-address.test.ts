import { describe, expect, it } from 'vitest';
import { addrString, ipv6String, parseIp } from './ip-address.js';

const groups = (text: string): number[] => {
  const p = parseIp(text)!;
  return p.words.flatMap((w) => [w >>> 16, w & 0xffff]);
};

describe('ipv6String (RFC 5952)', () => {
  const cases: [number[], string][] = [
    [[0, 0, 0, 0, 0, 0, 0, 0], '::'],
    [[0, 0, 0, 0, 0, 0, 0, 1], '::1'],
    [[0x2001, 0xdb8, 0, 0, 0, 0, 0, 1], '2001:db8::1'],
    [[0xfe80, 0, 0, 0, 1, 0, 0, 1], 'fe80::1:0:0:1'], // the longest run
    [[0x2001, 0xdb8, 0, 0, 1, 0, 0, 1], '2001:db8::1:0:0:1'], // the first of equal runs
    [[0x2001, 0xdb8, 0, 1, 1, 1, 1, 1], '2001:db8:0:1:1:1:1:1'], // a single zero group is not shortened
    [[0x2001, 0xdb8, 0, 0, 0, 0, 0, 0], '2001:db8::'],
    [[1, 0, 0, 0, 0, 0, 0, 0], '1::'],
    [[0x2001, 0xdb8, 0xaaaa, 0xbbbb, 0xcccc, 0xdddd, 0xeeee, 0xffff], '2001:db8:aaaa:bbbb:cccc:dddd:eeee:ffff'], // lower case
    [[0x2001, 0x0db8, 0, 0, 0x0001, 0, 0, 0], '2001:db8:0:0:1::'], // the longer run wins even when later
    [[0, 0, 0, 0, 0, 0xffff, 0x0102, 0x0304], '::ffff:1.2.3.4'], // IPv4-mapped
    [[0, 0, 0, 0, 0, 0, 0x0102, 0x0304], '::1.2.3.4'], // IPv4-compatible, as inet_ntop
    [[0, 0, 0, 0, 0, 0xffff, 0, 0], '::ffff:0.0.0.0'],
  ];
  for (const [g, want] of cases) {
    it(`${want}`, () => {
      expect(ipv6String(g)).toBe(want);
    });
  }

  // BUG (small): the IPv4-compatible special case in ipv6String() fires for any address whose first
  // 96 bits are zero and whose last 32 bits are > 1, so ::2 prints as "::0.0.0.2" and ::100 as
  // "::0.0.1.0". inet_ntop (glibc, BSD, Zeek's copy) only prints dotted when the zero run is exactly
  // the first six groups (i.e. group 6 is non-zero), giving "::2" and "::100", which is also the
  // RFC 5952 form; the function's own comment says it follows inet_ntop.
  it('::2 and ::100 print in hex, as inet_ntop and RFC 5952 do', () => {
    expect(ipv6String([0, 0, 0, 0, 0, 0, 0, 2])).toBe('::2');
    expect(ipv6String([0, 0, 0, 0, 0, 0, 0, 0x100])).toBe('::100');
  });
});

describe('parseIp', () => {
  it('parses IPv4 into the last word with the ::ffff: marker', () => {
    expect(parseIp('192.168.1.52')).toEqual({ v6: false, words: [0, 0, 0xffff, 0xc0a80134] });
    expect(parseIp('255.255.255.255')!.words[3]).toBe(0xffffffff);
    expect(parseIp('0.0.0.0')!.words[3]).toBe(0);
  });

  it('parses the IPv6 forms', () => {
    expect(groups('::')).toEqual([0, 0, 0, 0, 0, 0, 0, 0]);
    expect(groups('::1')).toEqual([0, 0, 0, 0, 0, 0, 0, 1]);
    expect(groups('2001:DB8::1')).toEqual([0x2001, 0xdb8, 0, 0, 0, 0, 0, 1]);
    expect(groups('fe80::1:0:0:1')).toEqual([0xfe80, 0, 0, 0, 1, 0, 0, 1]);
    expect(groups('1:2:3:4:5:6:7:8')).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(groups('2001:0db8:0000:0000:0000:0000:0000:0001')).toEqual([0x2001, 0xdb8, 0, 0, 0, 0, 0, 1]);
    expect(groups('::ffff:1.2.3.4')).toEqual([0, 0, 0, 0, 0, 0xffff, 0x102, 0x304]);
    expect(groups('64:ff9b::192.0.2.33')).toEqual([0x64, 0xff9b, 0, 0, 0, 0, 0xc000, 0x221]);
    expect(groups('1:2:3:4:5:6:1.2.3.4')).toEqual([1, 2, 3, 4, 5, 6, 0x102, 0x304]);
    expect(parseIp('2001:db8::1')!.words).toEqual([0x20010db8, 0, 0, 1]);
    expect(parseIp('ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff')!.words).toEqual([0xffffffff, 0xffffffff, 0xffffffff, 0xffffffff]);
  });

  it('round-trips through addrString', () => {
    for (const text of ['10.0.0.1', '0.0.0.0', '255.255.255.255', '::', '::1', '2001:db8::1', 'fe80::1:0:0:1', '2001:db8:0:1:1:1:1:1', '::ffff:10.1.2.3', '1::', '2001:db8:aaaa:bbbb:cccc:dddd:eeee:ffff']) {
      const p = parseIp(text)!;
      expect(addrString(p.v6, p.words[0]!, p.words[1]!, p.words[2]!, p.words[3]!), text).toBe(text);
    }
    // non-canonical input comes back canonical
    const p = parseIp('2001:0DB8:0:0:0:0:0:0001')!;
    expect(addrString(true, p.words[0]!, p.words[1]!, p.words[2]!, p.words[3]!)).toBe('2001:db8::1');
  });

  it('rejects malformed addresses', () => {
    for (const bad of [
      '', '1.2.3', '1.2.3.4.5', '256.1.1.1', '1.2.3.-4', '1.2.3.4 ', ' 1.2.3.4', 'a.b.c.d', '1..2.3',
      ':', ':::', '1::2::3', '1:2:3:4:5:6:7', '1:2:3:4:5:6:7:8:9', '12345::', 'g::1', ':1:2:3:4:5:6:7', '1:2:3:4:5:6:7:',
      '::1.2.3', '::256.0.0.1', '::1.2.3.4:5', 'fe80::1%eth0',
    ]) {
      expect(parseIp(bad), JSON.stringify(bad)).toBeNull();
    }
  });
});
