import { describe, expect, it } from 'vitest';
import { ipPacket, tcpSegment, udpDatagram } from '../simulate/packet-builder.js';
import { fold, onesSum, pseudoHeaderSum, transportChecksumOk } from './checksum.js';

// The IPv4 header example from the Internet checksum literature: checksum 0xb861.
const HEADER = Buffer.from('45000073000040004011b861c0a80001c0a800c7', 'hex');

describe('Internet checksum', () => {
  it('a correct IPv4 header sums to 0xffff', () => {
    expect(fold(onesSum(HEADER, 0, 20, 0))).toBe(0xffff);
  });

  it('computes the checksum of a known header', () => {
    const h = Buffer.from(HEADER);
    h.writeUInt16BE(0, 10);
    expect(~fold(onesSum(h, 0, 20, 0)) & 0xffff).toBe(0xb861);
  });

  it('detects any single corrupted byte', () => {
    for (let i = 0; i < 20; i++) {
      const h = Buffer.from(HEADER);
      h[i]! ^= 0x10;
      expect(fold(onesSum(h, 0, 20, 0)), `byte ${i}`).not.toBe(0xffff);
    }
  });

  it('pads an odd length with a zero byte and honours the offset', () => {
    const b = Buffer.from([0xff, 0x01, 0x02, 0x03, 0x04, 0x05]);
    expect(onesSum(b, 1, 3, 0)).toBe(0x0102 + 0x0300);
    expect(onesSum(b, 1, 5, 0)).toBe(0x0102 + 0x0304 + 0x0500);
    expect(onesSum(b, 0, 0, 7)).toBe(7);
  });

  it('the unrolled loop gives the same sum as a plain one for every length and offset', () => {
    const data = Buffer.from(Array.from({ length: 300 }, (_, i) => (i * 151 + 17) & 255));
    const plain = (off: number, len: number) => {
      let s = 0;
      for (let i = 0; i < len; i += 2) s += (data[off + i]! << 8) | (i + 1 < len ? data[off + i + 1]! : 0);
      return s;
    };
    for (let off = 0; off < 5; off++) for (let len = 0; len < 70; len++) expect(fold(onesSum(data, off, len, 0))).toBe(fold(plain(off, len)));
  });

  it('fold handles large sums', () => {
    expect(fold(0x1ffff)).toBe(1);
    expect(fold(0xffff)).toBe(0xffff);
    expect(fold(0xffffffff)).toBe(0xffff);
    expect(fold(2 ** 40 + 5)).toBe(fold(fold(2 ** 40) + 5));
  });

  it('validates TCP and UDP segments over IPv4 and IPv6 with their pseudo-headers', () => {
    for (const [src, dst] of [['10.0.0.1', '10.0.0.2'], ['2001:db8::1', '2001:db8::2']] as const) {
      const hl = src.includes(':') ? 40 : 20;
      const tcp = ipPacket(src, dst, 6, tcpSegment(1234, 80, 1, 2, 0x18, Buffer.from('hello, odd length')), { checksumAt: 16 });
      expect(transportChecksumOk(tcp, 0, hl === 40, 6, hl, tcp.length - hl)).toBe(true);
      tcp[tcp.length - 1]! ^= 1;
      expect(transportChecksumOk(tcp, 0, hl === 40, 6, hl, tcp.length - hl)).toBe(false);
      const udp = ipPacket(src, dst, 17, udpDatagram(53, 5353, Buffer.alloc(33, 7)), { checksumAt: 6 });
      expect(transportChecksumOk(udp, 0, hl === 40, 17, hl, udp.length - hl)).toBe(true);
      // the pseudo-header covers the addresses: a changed destination breaks the checksum
      udp[hl - 1]! ^= 1;
      expect(transportChecksumOk(udp, 0, hl === 40, 17, hl, udp.length - hl)).toBe(false);
    }
  });

  it('the IPv6 pseudo-header carries a 32-bit length', () => {
    const ip = Buffer.alloc(40);
    expect(pseudoHeaderSum(ip, 0, true, 17, 0x12345)).toBe(17 + 0x1 + 0x2345);
    expect(pseudoHeaderSum(ip, 0, false, 6, 100)).toBe(106);
  });
});
