// Encapsulations whose inner packets are decoded as connections of their own, as Zeek does:
// IP-in-IP, GRE (incl. PPTP's enhanced GRE and ERSPAN I/II/III), VXLAN, Geneve, GTP-U, Teredo,
// AYIYA and GRE over UDP. Each parser returns the inner payload's kind and offset, or null.
import { ETH, ETH_IP_GUESS, NOT_IP, pppProto } from './link.js';

/** What follows an encapsulation header. */
export const INNER_ETHERNET = -10;

export interface Inner {
  /** ethertype (ETH.IPV4, ETH.IPV6, ETH_IP_GUESS), INNER_ETHERNET, or NOT_IP */
  kind: number;
  off: number;
}

const inner: Inner = { kind: 0, off: 0 };

function found(kind: number, off: number): Inner {
  inner.kind = kind;
  inner.off = off;
  return inner;
}

export function gre(buf: Buffer, o: number, end: number): Inner | null {
  if (end - o < 4) return null;
  const flags = buf.readUInt16BE(o);
  const ver = flags & 7;
  const proto = buf.readUInt16BE(o + 2);
  let h = o + 4;
  if (ver === 0) {
    if (flags & 0x4000) return null; // source routing: not supported (nor by Zeek)
    if (flags & 0x8000) h += 4; // checksum + reserved
    if (flags & 0x2000) h += 4; // key
    if (flags & 0x1000) h += 4; // sequence
  } else if (ver === 1) {
    // PPTP enhanced GRE: key always, sequence and acknowledgement optional, PPP inside
    if (!(flags & 0x2000) || proto !== 0x880b) return null;
    h += 4;
    if (flags & 0x1000) h += 4;
    if (flags & 0x0080) h += 4;
    if (h >= end) return found(NOT_IP, h); // an acknowledgement-only packet
    if (end - h >= 2 && buf[h] === 0xff && buf[h + 1] === 0x03) h += 2;
    if (end - h < 1) return null;
    if (buf[h]! & 1) return found(pppProto(buf[h]!), h + 1); // compressed protocol field
    if (end - h < 2) return null;
    return found(pppProto(buf.readUInt16BE(h)), h + 2);
  } else return null;
  if (h > end) return null;
  switch (proto) {
    case ETH.IPV4:
    case ETH.IPV6:
      return found(proto, h);
    case ETH.TEB:
      return found(INNER_ETHERNET, h);
    case ETH.ERSPAN2:
      // type II carries an 8-byte header and sets the sequence bit; type I has neither
      return found(INNER_ETHERNET, flags & 0x1000 ? h + 8 : h);
    case ETH.ERSPAN3: {
      if (end - h < 12) return null;
      const withSubheader = buf[h + 11]! & 1;
      return found(INNER_ETHERNET, h + 12 + (withSubheader ? 8 : 0));
    }
    case ETH.MPLS:
      return found(ETH_IP_GUESS, skipMpls(buf, h, end));
    default:
      return found(NOT_IP, h);
  }
}

function skipMpls(buf: Buffer, o: number, end: number): number {
  while (o + 4 <= end) {
    const bottom = buf[o + 2]! & 1;
    o += 4;
    if (bottom) break;
  }
  return o;
}

export function vxlan(buf: Buffer, o: number, end: number): Inner | null {
  if (end - o < 8 || !(buf[o]! & 0x08)) return null;
  return found(INNER_ETHERNET, o + 8);
}

export function geneve(buf: Buffer, o: number, end: number): Inner | null {
  if (end - o < 8) return null;
  if (buf[o]! >> 6 !== 0) return null; // version 0 only
  const h = o + 8 + (buf[o]! & 0x3f) * 4;
  if (h > end) return null;
  const proto = buf.readUInt16BE(o + 2);
  if (proto === ETH.TEB) return found(INNER_ETHERNET, h);
  if (proto === ETH.IPV4 || proto === ETH.IPV6) return found(proto, h);
  return found(NOT_IP, h);
}

export function gtpU(buf: Buffer, o: number, end: number): Inner | null {
  if (end - o < 8) return null;
  const flags = buf[o]!;
  if (flags >> 5 !== 1 || !(flags & 0x10)) return null; // GTPv1, protocol type GTP
  if (buf[o + 1] !== 0xff) return found(NOT_IP, o + 8); // not a G-PDU: signalling, no user data
  let h = o + 8;
  if (flags & 0x07) {
    if (end - h < 4) return null;
    let next = buf[h + 3]!;
    h += 4;
    while (flags & 0x04 && next !== 0) {
      if (end - h < 1) return null;
      const len = buf[h]! * 4;
      if (len === 0 || h + len > end) return null;
      next = buf[h + len - 1]!;
      h += len;
    }
  }
  if (h >= end) return null;
  const v = buf[h]! >> 4;
  return v === 4 || v === 6 ? found(ETH_IP_GUESS, h) : null;
}

/** `exact`: the IPv6 packet must fill the datagram (detection on ports other than 3544). */
export function teredo(buf: Buffer, o: number, end: number, exact = false): Inner | null {
  let h = o;
  for (let i = 0; i < 2; i++) {
    if (end - h < 2) return null;
    if (buf[h] === 0x00 && buf[h + 1] === 0x01) {
      // authentication header
      if (end - h < 4) return null;
      h += 4 + buf[h + 2]! + buf[h + 3]! + 8 + 1;
    } else if (buf[h] === 0x00 && buf[h + 1] === 0x00) {
      h += 8; // origin indication
    } else break;
  }
  if (end - h < 40 || buf[h]! >> 4 !== 6) return null;
  const len = 40 + buf.readUInt16BE(h + 4);
  if (len > end - h || (exact && len !== end - h)) return null;
  return found(ETH.IPV6, h);
}

export function ayiya(buf: Buffer, o: number, end: number): Inner | null {
  if (end - o < 8) return null;
  const h = o + 8 + (1 << (buf[o]! >> 4)) + (buf[o + 1]! >> 4) * 4;
  if ((buf[o + 2]! & 0x0f) !== 1) return found(NOT_IP, end); // not a forward packet
  const next = buf[o + 3]!;
  if (h > end) return null;
  if (next === 4) return found(ETH.IPV4, h);
  if (next === 41) return found(ETH.IPV6, h);
  return found(NOT_IP, h);
}

/** UDP ports whose payload is an encapsulation, with Zeek's service name. */
export const UDP_TUNNELS: Record<number, { service: string; parse: (b: Buffer, o: number, e: number) => Inner | null }> = {
  4789: { service: 'vxlan', parse: vxlan },
  6081: { service: 'geneve', parse: geneve },
  2152: { service: 'gtpv1', parse: gtpU },
  3544: { service: 'teredo', parse: teredo },
  5072: { service: 'ayiya', parse: ayiya },
  4754: { service: 'gre', parse: gre },
};
