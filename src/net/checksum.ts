// Internet checksum (RFC 1071) over IPv4 headers and TCP/UDP/ICMP segments with their pseudo-headers.
// Returns the folded one's-complement sum; a correct packet sums to 0xffff.

export function onesSum(buf: Buffer, off: number, len: number, initial: number): number {
  let sum = initial;
  const end = off + (len & ~1);
  let i = off;
  // Unrolled by 8 bytes: the checksum is the hottest per-byte loop in the sensor.
  for (; i + 8 <= end; i += 8) {
    sum += ((buf[i]! << 8) | buf[i + 1]!) + ((buf[i + 2]! << 8) | buf[i + 3]!) + ((buf[i + 4]! << 8) | buf[i + 5]!) + ((buf[i + 6]! << 8) | buf[i + 7]!);
  }
  for (; i < end; i += 2) sum += (buf[i]! << 8) | buf[i + 1]!;
  if (len & 1) sum += buf[off + len - 1]! << 8;
  return sum;
}

export function fold(sum: number): number {
  while (sum > 0xffff) sum = (sum & 0xffff) + Math.floor(sum / 65536);
  return sum;
}

/** Sum of the IPv4 or IPv6 pseudo-header for a transport segment of `len` bytes. */
export function pseudoHeaderSum(buf: Buffer, ipOff: number, ipv6: boolean, proto: number, len: number): number {
  if (!ipv6) return onesSum(buf, ipOff + 12, 8, proto + len);
  return onesSum(buf, ipOff + 8, 32, proto + (len >>> 16) + (len & 0xffff));
}

export function transportChecksumOk(buf: Buffer, ipOff: number, ipv6: boolean, proto: number, off: number, len: number): boolean {
  return fold(onesSum(buf, off, len, pseudoHeaderSum(buf, ipOff, ipv6, proto, len))) === 0xffff;
}

function words16(w: number): number {
  return (w >>> 16) + (w & 0xffff);
}

/**
 * Pseudo-header sum from addresses in four-word form. IPv6 uses the final destination, which a
 * routing header may put elsewhere than the fixed header (RFC 8200 §8.1).
 */
export function pseudoHeaderSumWords(ipv6: boolean, s: readonly number[], d: readonly number[], proto: number, len: number): number {
  if (!ipv6) return words16(s[3]!) + words16(d[3]!) + proto + len;
  let sum = proto + (len >>> 16) + (len & 0xffff);
  for (let i = 0; i < 4; i++) sum += words16(s[i]!) + words16(d[i]!);
  return sum;
}
