// IPv4 and IPv6 headers (with extension headers and fragment reassembly) into the Packet fields.
// Returns true when a transport segment is ready in `p` (possibly a reassembled datagram).
import { fold, onesSum } from '../../net/checksum.js';
import { FragmentReassembler } from './fragments.js';
import { ETH, ETH_IP_GUESS, type WeirdFn } from './link.js';
import type { Packet } from './packet.js';

export class IpDecoder {
  readonly fragments = new FragmentReassembler();
  ignoreChecksums = false;
  /** packets dropped for a bad IPv4 header checksum (the offload probe reads this) */
  badChecksums = 0;

  /**
   * Decodes the IP header at `off` (`end` = end of captured bytes, `wireEnd` = where the packet
   * ends on the wire, which may lie past `end` when the capture was cut by a snap length).
   */
  decode(p: Packet, ethertype: number, off: number, end: number, wireEnd: number, weird: WeirdFn): boolean {
    const buf = p.buf;
    if (end - off < 1) {
      weird('truncated_IP');
      return false;
    }
    const version = buf[off]! >> 4;
    if (ethertype === ETH_IP_GUESS) ethertype = version === 4 ? ETH.IPV4 : version === 6 ? ETH.IPV6 : -1;
    if (ethertype === ETH.IPV4) {
      if (version !== 4) return weird('IP_version_mismatch', String(version)), false;
      return this.ipv4(p, off, end, wireEnd, weird);
    }
    if (ethertype === ETH.IPV6) {
      if (version !== 6) return weird('IP_version_mismatch', String(version)), false;
      return this.ipv6(p, off, end, wireEnd, weird);
    }
    weird('unknown_IP_version', String(version));
    return false;
  }

  private ipv4(p: Packet, off: number, end: number, wireEnd: number, weird: WeirdFn): boolean {
    const buf = p.buf;
    if (end - off < 20) return weird('truncated_IP'), false;
    const ihl = (buf[off]! & 15) * 4;
    if (ihl < 20) return weird('invalid_IP_header_size', String(ihl)), false;
    if (ihl > end - off) return weird('truncated_IP'), false;
    let totLen = buf.readUInt16BE(off + 2);
    if (totLen === 0) {
      // TCP segmentation offload leaves the length zero: trust the frame.
      totLen = wireEnd - off;
      weird('ip_hdr_len_zero');
    }
    if (totLen < ihl) return weird('bad_IP_length', `${totLen} < ${ihl}`), false;
    if (wireEnd - off < totLen) return weird('truncated_IP', `${wireEnd - off} < ${totLen}`), false;
    if (!this.ignoreChecksums && fold(onesSum(buf, off, ihl, 0)) !== 0xffff) return this.badChecksums++, weird('bad_IP_checksum'), false;
    p.ipv6 = false;
    p.s0 = 0; p.s1 = 0; p.s2 = 0xffff;
    p.d0 = 0; p.d1 = 0; p.d2 = 0xffff;
    p.s3 = buf.readUInt32BE(off + 12);
    p.d3 = buf.readUInt32BE(off + 16);
    p.proto = buf[off + 9]!;
    p.ipOff = off;
    p.ipLen = totLen;
    const frag = buf.readUInt16BE(off + 6);
    const more = (frag & 0x2000) !== 0;
    const fragOff = (frag & 0x1fff) * 8;
    if (more || fragOff) {
      const capEnd = Math.min(end, off + totLen);
      const key = `4:${p.s3}:${p.d3}:${buf.readUInt16BE(off + 4)}:${p.proto}`;
      if (capEnd < off + totLen) return weird('truncated_fragment'), false;
      const done = this.fragments.add(key, p.ts, fragOff, more, buf.subarray(off, off + ihl), buf.subarray(off + ihl, capEnd), weird);
      if (!done) return false;
      const len = done.header.length + done.payload.length;
      if (len > 65535) return weird('excessively_large_fragment', String(len)), false;
      const l2 = linkHeaderOf(p);
      const whole = Buffer.concat([l2, done.header, done.payload]);
      const ip = l2.length;
      whole.writeUInt16BE(len, ip + 2);
      whole.writeUInt16BE(0, ip + 6);
      p.buf = whole;
      p.l2off = l2.length ? 0 : -1;
      p.ipOff = ip;
      p.ipLen = len;
      p.l4off = ip + done.header.length;
      p.l4len = len - done.header.length;
      p.l4cap = p.l4len;
      return true;
    }
    p.l4off = off + ihl;
    p.l4len = totLen - ihl;
    p.l4cap = Math.min(p.l4len, end - p.l4off);
    return true;
  }

  private ipv6(p: Packet, off: number, end: number, wireEnd: number, weird: WeirdFn): boolean {
    const buf = p.buf;
    if (end - off < 40) return weird('truncated_IP'), false;
    const plen = buf.readUInt16BE(off + 4);
    const totLen = 40 + plen;
    if (wireEnd - off < totLen) return weird('truncated_IP', `${wireEnd - off} < ${totLen}`), false;
    p.ipv6 = true;
    p.s0 = buf.readUInt32BE(off + 8); p.s1 = buf.readUInt32BE(off + 12); p.s2 = buf.readUInt32BE(off + 16); p.s3 = buf.readUInt32BE(off + 20);
    p.d0 = buf.readUInt32BE(off + 24); p.d1 = buf.readUInt32BE(off + 28); p.d2 = buf.readUInt32BE(off + 32); p.d3 = buf.readUInt32BE(off + 36);
    p.ipOff = off;
    p.ipLen = totLen;
    const ipEnd = off + totLen;
    const capEnd = Math.min(end, ipEnd);
    let nh = buf[off + 6]!;
    let o = off + 40;
    for (let depth = 0; depth < 32; depth++) {
      switch (nh) {
        case 0: // hop-by-hop
        case 43: // routing
        case 60: // destination options
        case 135: // mobility
        case 139: // HIP
        case 140: { // shim6
          if (capEnd - o < 2) return weird('truncated_IPv6_extension_header'), false;
          const len = (buf[o + 1]! + 1) * 8;
          if (o + len > ipEnd) return weird('bad_IPv6_extension_length'), false;
          if (nh === 43 && buf[o + 3]! > 0 && (buf[o + 2] === 0 || buf[o + 2] === 2) && len >= 24) {
            // A routing header with segments left: Zeek keys the flow on the final destination.
            const last = o + len - 16;
            if (last + 16 <= capEnd) {
              p.d0 = buf.readUInt32BE(last); p.d1 = buf.readUInt32BE(last + 4); p.d2 = buf.readUInt32BE(last + 8); p.d3 = buf.readUInt32BE(last + 12);
            }
          }
          nh = buf[o]!;
          o += len;
          continue;
        }
        case 51: { // authentication header
          if (capEnd - o < 2) return weird('truncated_IPv6_extension_header'), false;
          const len = (buf[o + 1]! + 2) * 4;
          nh = buf[o]!;
          o += len;
          continue;
        }
        case 44: { // fragment
          if (capEnd - o < 8) return weird('truncated_IPv6_extension_header'), false;
          const fo = buf.readUInt16BE(o + 2);
          const fragOff = fo & 0xfff8;
          const more = (fo & 1) !== 0;
          const inner = buf[o]!;
          if (!more && fragOff === 0) {
            // an atomic fragment: nothing to reassemble
            nh = inner;
            o += 8;
            continue;
          }
          if (capEnd < ipEnd) return weird('truncated_fragment'), false;
          const key = `6:${p.s0}:${p.s1}:${p.s2}:${p.s3}:${p.d0}:${p.d1}:${p.d2}:${p.d3}:${buf.readUInt32BE(o + 4)}`;
          const hdr = Buffer.from(buf.subarray(off, off + 40));
          hdr[6] = inner;
          const done = this.fragments.add(key, p.ts, fragOff, more, hdr, buf.subarray(o + 8, ipEnd), weird);
          if (!done) return false;
          if (done.payload.length > 65535) return weird('excessively_large_fragment', String(done.payload.length)), false;
          const l2 = linkHeaderOf(p);
          const whole = Buffer.concat([l2, done.header, done.payload]);
          whole.writeUInt16BE(done.payload.length, l2.length + 4);
          p.buf = whole;
          p.l2off = l2.length ? 0 : -1;
          return this.ipv6(p, l2.length, whole.length, whole.length, weird);
        }
        default:
          p.proto = nh;
          p.l4off = o;
          p.l4len = ipEnd - o;
          if (p.l4len < 0) return weird('bad_IPv6_extension_length'), false;
          p.l4cap = Math.max(0, Math.min(p.l4len, capEnd - o));
          return true;
      }
    }
    weird('too_many_IPv6_extension_headers');
    return false;
  }
}

/** The Ethernet addresses of the frame being decoded, kept in front of a reassembled datagram. */
function linkHeaderOf(p: Packet): Buffer {
  if (p.l2off < 0 || p.l2off + 12 > p.buf.length) return EMPTY;
  const h = Buffer.alloc(14);
  p.buf.copy(h, 0, p.l2off, p.l2off + 12);
  return h;
}

const EMPTY = Buffer.alloc(0);
