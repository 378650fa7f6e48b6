// The decoded view of one packet, reused for every packet (no per-packet allocation): addresses
// are four 32-bit words (IPv4 in the last word), offsets point into `buf`.

export const IPPROTO = { ICMP: 1, IPIP: 4, TCP: 6, UDP: 17, IPV6: 41, GRE: 47, ESP: 50, AH: 51, ICMPV6: 58 } as const;

export class Packet {
  ts = 0;
  buf: Buffer = Buffer.alloc(0);
  /** wire length of the whole frame */
  wirelen = 0;
  /** offset of the Ethernet header whose MACs describe this packet, or -1 */
  l2off = -1;
  /** outer and inner 802.1Q VLAN ids, or -1 */
  vlan = -1;
  innerVlan = -1;

  ipv6 = false;
  s0 = 0; s1 = 0; s2 = 0; s3 = 0;
  d0 = 0; d1 = 0; d2 = 0; d3 = 0;
  /** IP total length from the header (IPv6: 40 + payload length) */
  ipLen = 0;
  /** offset of the IP header */
  ipOff = 0;
  /** transport protocol after extension headers */
  proto = 0;
  /** offset of the transport header and its length per the IP header */
  l4off = 0;
  l4len = 0;
  /** bytes of the transport segment actually captured (≤ l4len) */
  l4cap = 0;
  /** header checksums of the encapsulating IP layer were checked */
  ipv4HeaderOk = true;

  /** encapsulation depth (0 = not tunnelled) and the uid of the innermost tunnel */
  tunnelDepth = 0;
  tunnelParent: string | null = null;
}

