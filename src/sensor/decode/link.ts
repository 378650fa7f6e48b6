// Link layers down to the network layer: Ethernet (with 802.1Q/QinQ, MPLS, PPPoE, FabricPath),
// Linux cooked (SLL, SLL2), raw IP, BSD/OpenBSD loopback, PPP and 802.11 behind radiotap.
// Each function returns the ethertype-like protocol of the payload and sets `next` to its offset,
// or returns -1 (a weird was reported or the frame carries nothing the sensor analyses).
import { LinkType } from '../../sources/pcap/packet-sink.js';
import type { Packet } from './packet.js';

export const ETH = { IPV4: 0x0800, ARP: 0x0806, RARP: 0x8035, VLAN: 0x8100, QINQ: 0x88a8, QINQ_OLD: 0x9100, IPV6: 0x86dd, MPLS: 0x8847, MPLS_MC: 0x8848, PPPOE_SESSION: 0x8864, PPPOE_DISC: 0x8863, FABRICPATH: 0x8903, TEB: 0x6558, ERSPAN2: 0x88be, ERSPAN3: 0x22eb, PPP: 0x880b, LLDP: 0x88cc } as const;

/** Pseudo ethertype meaning "IP, version from the first nibble" (MPLS, raw links). */
export const ETH_IP_GUESS = -2;
/** Not IP and nothing to analyse (ARP, LLDP, …): not an anomaly. */
export const NOT_IP = -3;

export type WeirdFn = (name: string, addl?: string) => void;

export interface LinkResult {
  proto: number;
  next: number;
}

const res: LinkResult = { proto: -1, next: 0 };

export function decodeLink(linktype: number, p: Packet, off: number, end: number, weird: WeirdFn): LinkResult {
  const buf = p.buf;
  res.proto = -1;
  switch (linktype) {
    case LinkType.ETHERNET:
      return ethernet(p, off, end, weird);
    case LinkType.LINUX_SLL:
      if (end - off < 16) return truncated(weird, 'truncated_link_header');
      res.next = off + 16;
      res.proto = afterEthertype(p, buf.readUInt16BE(off + 14), off + 16, end, weird);
      return res;
    case LinkType.LINUX_SLL2:
      if (end - off < 20) return truncated(weird, 'truncated_link_header');
      res.next = off + 20;
      res.proto = afterEthertype(p, buf.readUInt16BE(off), off + 20, end, weird);
      return res;
    case LinkType.RAW:
    case LinkType.RAW_DLT:
    case LinkType.RAW_OPENBSD:
      res.next = off;
      res.proto = ETH_IP_GUESS;
      return res;
    case LinkType.IPV4:
      res.next = off;
      res.proto = ETH.IPV4;
      return res;
    case LinkType.IPV6:
      res.next = off;
      res.proto = ETH.IPV6;
      return res;
    case LinkType.NULL:
    case LinkType.LOOP: {
      if (end - off < 4) return truncated(weird, 'truncated_link_header');
      // NULL stores the address family in the capturing host's byte order: accept either.
      let fam = linktype === LinkType.LOOP ? buf.readUInt32BE(off) : buf.readUInt32LE(off);
      if (fam > 0xffff) fam = buf.readUInt32BE(off);
      res.next = off + 4;
      if (fam === 2) res.proto = ETH.IPV4;
      else if (fam === 24 || fam === 28 || fam === 30 || fam === 10) res.proto = ETH.IPV6;
      else {
        weird('unknown_null_family', String(fam));
        res.proto = -1;
      }
      return res;
    }
    case LinkType.PPP:
    case LinkType.PPP_HDLC: {
      let o = off;
      if (end - o >= 2 && buf[o] === 0xff && buf[o + 1] === 0x03) o += 2;
      if (end - o < 2) return truncated(weird, 'truncated_link_header');
      res.next = o + 2;
      res.proto = pppProto(buf.readUInt16BE(o));
      return res;
    }
    case LinkType.IEEE802_11_RADIOTAP:
      return radiotap(p, off, end, weird);
    default:
      weird('unknown_link_type', String(linktype));
      res.proto = -1;
      return res;
  }
}

function truncated(weird: WeirdFn, name: string): LinkResult {
  weird(name);
  res.proto = -1;
  return res;
}

export function pppProto(proto: number): number {
  if (proto === 0x0021) return ETH.IPV4;
  if (proto === 0x0057) return ETH.IPV6;
  return NOT_IP;
}

/** Ethernet II (and 802.3 with SNAP), then whatever the ethertype chain leads to. */
export function ethernet(p: Packet, off: number, end: number, weird: WeirdFn): LinkResult {
  const buf = p.buf;
  if (end - off < 14) return truncated(weird, 'truncated_ethernet_frame');
  p.l2off = off;
  let type = buf.readUInt16BE(off + 12);
  let o = off + 14;
  if (type <= 1500) {
    // 802.3 length field: LLC, with SNAP carrying an ethertype
    if (end - o >= 8 && buf[o] === 0xaa && buf[o + 1] === 0xaa && buf[o + 2] === 0x03) {
      type = buf.readUInt16BE(o + 6);
      o += 8;
    } else {
      res.proto = NOT_IP;
      return res;
    }
  }
  res.next = o;
  res.proto = afterEthertype(p, type, o, end, weird);
  return res;
}

/** Follows VLAN tags, MPLS labels, PPPoE and FabricPath to the network protocol; sets res.next. */
function afterEthertype(p: Packet, type: number, o: number, end: number, weird: WeirdFn): number {
  const buf = p.buf;
  for (let depth = 0; depth < 16; depth++) {
    switch (type) {
      case ETH.IPV4:
      case ETH.IPV6:
        res.next = o;
        return type;
      case ETH.VLAN:
      case ETH.QINQ:
      case ETH.QINQ_OLD: {
        if (end - o < 4) {
          weird('truncated_VLAN_header');
          return -1;
        }
        const id = buf.readUInt16BE(o) & 0x0fff;
        if (p.vlan < 0) p.vlan = id;
        else if (p.innerVlan < 0) p.innerVlan = id;
        type = buf.readUInt16BE(o + 2);
        o += 4;
        continue;
      }
      case ETH.MPLS:
      case ETH.MPLS_MC: {
        for (;;) {
          if (end - o < 4) {
            weird('truncated_MPLS_header');
            return -1;
          }
          const bottom = buf[o + 2]! & 1;
          o += 4;
          if (bottom) break;
        }
        res.next = o;
        return ETH_IP_GUESS;
      }
      case ETH.PPPOE_SESSION: {
        if (end - o < 8) {
          weird('truncated_PPPoE_header');
          return -1;
        }
        const ppp = buf.readUInt16BE(o + 6);
        o += 8;
        res.next = o;
        return pppProto(ppp);
      }
      case ETH.FABRICPATH: {
        // Cisco FabricPath: 2 bytes of FTag/TTL, then the original Ethernet frame.
        if (end - o < 16) {
          weird('truncated_fabricpath_header');
          return -1;
        }
        p.l2off = o + 2;
        type = buf.readUInt16BE(o + 14);
        o += 16;
        continue;
      }
      default:
        res.next = o;
        return NOT_IP;
    }
  }
  weird('too_many_link_headers');
  return -1;
}

/** Radiotap header, then an 802.11 data frame with LLC/SNAP. */
function radiotap(p: Packet, off: number, end: number, weird: WeirdFn): LinkResult {
  const buf = p.buf;
  if (end - off < 8) return truncated(weird, 'truncated_radiotap_header');
  const rtLen = buf.readUInt16LE(off + 2);
  let o = off + rtLen;
  if (o + 24 > end) return truncated(weird, 'truncated_802_11_header');
  const fc = buf[o]!;
  const flags = buf[o + 1]!;
  const ftype = (fc >> 2) & 3;
  const subtype = fc >> 4;
  res.next = o;
  if (ftype !== 2 || (subtype & 0x4)) {
    res.proto = NOT_IP; // management, control, or null data
    return res;
  }
  let hdr = 24;
  if ((flags & 3) === 3) hdr += 6; // four-address frame
  if (subtype & 0x8) hdr += 2; // QoS
  if (subtype & 0x8 && flags & 0x80) hdr += 4; // HT control
  if (flags & 0x40) {
    res.proto = NOT_IP; // protected frame: encrypted payload
    return res;
  }
  o += hdr;
  if (end - o < 8) return truncated(weird, 'truncated_802_11_header');
  if (buf[o] !== 0xaa || buf[o + 1] !== 0xaa || buf[o + 2] !== 0x03) {
    res.proto = NOT_IP;
    return res;
  }
  res.next = o + 8;
  res.proto = afterEthertype(p, buf.readUInt16BE(o + 6), o + 8, end, weird);
  return res;
}
