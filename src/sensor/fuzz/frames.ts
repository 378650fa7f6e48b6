// Random but plausible frames: Ethernet/VLAN/MPLS/PPPoE around IPv4/IPv6 with TCP, UDP, ICMP, tunnels and junk, with checksums repaired.
import { fold, onesSum, pseudoHeaderSum } from '../../net/checksum.js';
import { Rng, chance, int, pick, randBytes } from './rng.js';
import { FuzzPacket, LINKTYPES } from './packet-model.js';

// ---------------------------------------------------------------- frames

/** Where the IP header of a frame starts for its link type, or -1. */
export function ipOffset(p: FuzzPacket): number {
  const b = p.data;
  switch (p.linktype) {
    case 1: {
      let o = 12;
      while (o + 2 <= b.length) {
        const t = b.readUInt16BE(o);
        if (t === 0x8100 || t === 0x88a8 || t === 0x9100) o += 4;
        else return t === 0x0800 || t === 0x86dd ? o + 2 : -1;
      }
      return -1;
    }
    case 12: case 14: case 101: case 228: case 229: return 0;
    case 0: case 108: return 4;
    case 113: return 16;
    case 276: return 20;
    default: return -1;
  }
}

/** Recomputes the IPv4 header checksum and the TCP/UDP/ICMP checksum when the segment is whole. */
export function fixChecksums(b: Buffer, ip: number): void {
  if (ip < 0 || ip >= b.length) return;
  const v = b[ip]! >> 4;
  let proto: number;
  let l4: number;
  let l4len: number;
  if (v === 4) {
    const ihl = (b[ip]! & 15) * 4;
    if (ihl < 20 || ip + ihl > b.length) return;
    b.writeUInt16BE(0, ip + 10);
    b.writeUInt16BE(~fold(onesSum(b, ip, ihl, 0)) & 0xffff, ip + 10);
    if (b.readUInt16BE(ip + 6) & 0x3fff) return; // a fragment: its transport checksum spans others
    proto = b[ip + 9]!;
    l4 = ip + ihl;
    l4len = b.readUInt16BE(ip + 2) - ihl;
  } else if (v === 6) {
    if (ip + 40 > b.length) return;
    proto = b[ip + 6]!;
    l4 = ip + 40;
    l4len = b.readUInt16BE(ip + 4);
  } else return;
  if (l4len < 0 || l4 + l4len > b.length) return;
  const at = proto === 6 ? 16 : proto === 17 ? 6 : proto === 1 || proto === 58 ? 2 : -1;
  if (at < 0 || l4len < at + 2) return;
  b.writeUInt16BE(0, l4 + at);
  const sum = proto === 1 ? onesSum(b, l4, l4len, 0) : onesSum(b, l4, l4len, pseudoHeaderSum(b, ip, v === 6, proto, l4len));
  let c = ~fold(sum) & 0xffff;
  if (c === 0 && proto === 17) c = 0xffff;
  b.writeUInt16BE(c, l4 + at);
}

// A few addresses and ports, so that random packets land in the same connections and build state.
export const V4 = [0x0a010064, 0x0a010005, 0xc0000250, 0x5db8d822, 0x7f000001, 0xffffffff, 0, 0xe0000001];
export const V6 = ['20010db8000000000000000000000001', '20010db8000000000000000000000002', 'fe800000000000000000000000000001', '00000000000000000000000000000001', 'ff020000000000000000000000000001'];
export const PORTS = [53, 80, 443, 123, 445, 4789, 6081, 2152, 3544, 5072, 4754, 40000, 40001, 0, 65535];
export const UDP_TUNNEL_PORTS = [4789, 6081, 2152, 3544, 5072, 4754];

export function ipv4(r: Rng, proto: number, payload: Buffer, opts: { src?: number; dst?: number } = {}): Buffer {
  const h = Buffer.alloc(20);
  h[0] = 0x45;
  h.writeUInt16BE((20 + payload.length) & 0xffff, 2); // seeds hold frames over 64 KB: wraps, as on the wire
  h.writeUInt16BE(int(r, 65536), 4);
  if (chance(r, 0.7)) h.writeUInt16BE(0x4000, 6);
  h[8] = chance(r, 0.9) ? 64 : int(r, 256);
  h[9] = proto;
  h.writeUInt32BE((opts.src ?? pick(r, V4)) >>> 0, 12);
  h.writeUInt32BE((opts.dst ?? pick(r, V4)) >>> 0, 16);
  return Buffer.concat([h, payload]);
}

export function ipv6(r: Rng, proto: number, payload: Buffer): Buffer {
  const h = Buffer.alloc(40);
  h.writeUInt32BE(0x60000000 | int(r, 0x100000), 0);
  h.writeUInt16BE(payload.length & 0xffff, 4);
  h[6] = proto;
  h[7] = 64;
  Buffer.from(pick(r, V6), 'hex').copy(h, 8);
  Buffer.from(pick(r, V6), 'hex').copy(h, 24);
  return Buffer.concat([h, payload]);
}

export function tcp(r: Rng): Buffer {
  const opts = chance(r, 0.2) ? randBytes(r, 4 * int(r, 11)) : Buffer.alloc(0);
  const h = Buffer.alloc(20);
  h.writeUInt16BE(pick(r, PORTS), 0);
  h.writeUInt16BE(pick(r, PORTS), 2);
  h.writeUInt32BE(pick(r, [0, 1, 1000, 0x7fffffff, 0xffffffff, int(r, 2 ** 32)]) >>> 0, 4);
  h.writeUInt32BE(pick(r, [0, 1, 1001, 0x80000000, int(r, 2 ** 32)]) >>> 0, 8);
  h[12] = ((5 + opts.length / 4) << 4) & 0xf0;
  h[13] = pick(r, [0x02, 0x12, 0x10, 0x18, 0x11, 0x04, 0x14, 0x01, 0x00, 0x3f, int(r, 256)]);
  h.writeUInt16BE(int(r, 65536), 14);
  return Buffer.concat([h, opts, randBytes(r, pick(r, [0, 0, 1, 10, 100, 1448]))]);
}

export function udp(r: Rng, depth: number): Buffer {
  const dport = chance(r, 0.4) ? pick(r, UDP_TUNNEL_PORTS) : pick(r, PORTS);
  let payload: Buffer;
  if (UDP_TUNNEL_PORTS.includes(dport) && depth < 3 && chance(r, 0.8)) payload = tunnelHeader(r, dport, depth);
  else payload = randBytes(r, int(r, 64));
  const h = Buffer.alloc(8);
  h.writeUInt16BE(pick(r, PORTS), 0);
  h.writeUInt16BE(dport, 2);
  h.writeUInt16BE((8 + payload.length) & 0xffff, 4);
  return Buffer.concat([h, payload]);
}

/** A UDP tunnel payload (VXLAN, Geneve, GTP-U, Teredo, AYIYA, GRE-in-UDP) around a random inner packet. */
export function tunnelHeader(r: Rng, port: number, depth: number): Buffer {
  switch (port) {
    case 4789: return Buffer.concat([Buffer.from([0x08, 0, 0, 0, 0, 0, 1, 0]), ethernetFrame(r, depth + 1)]);
    case 6081: {
      const optWords = chance(r, 0.7) ? 0 : int(r, 64);
      const h = Buffer.alloc(8 + optWords * 4);
      h[0] = optWords | (chance(r, 0.9) ? 0 : int(r, 4) << 6);
      h.writeUInt16BE(pick(r, [0x6558, 0x0800, 0x86dd, int(r, 65536)]), 2);
      return Buffer.concat([h, h.readUInt16BE(2) === 0x6558 ? ethernetFrame(r, depth + 1) : ipPacket(r, depth + 1)]);
    }
    case 2152: {
      const inner = ipPacket(r, depth + 1);
      const ext = chance(r, 0.3) ? Buffer.from([0, 0, 0, 0x85, 1, 0, 0, 0]) : Buffer.alloc(0);
      const h = Buffer.alloc(8);
      h[0] = ext.length ? 0x34 : pick(r, [0x30, 0x30, 0x32, int(r, 256)]);
      h[1] = chance(r, 0.9) ? 0xff : int(r, 256);
      h.writeUInt16BE((inner.length + ext.length) & 0xffff, 2);
      return Buffer.concat([h, ext, inner]);
    }
    case 3544: {
      const pre = chance(r, 0.3) ? Buffer.from([0, 0, 0, 0, 0, 0, 0, 0]) : Buffer.alloc(0);
      return Buffer.concat([pre, ipv6(r, pick(r, [6, 17, 58]), chance(r, 0.5) ? tcp(r) : udp(r, 3))]);
    }
    case 5072: {
      const inner = ipPacket(r, depth + 1);
      const h = Buffer.alloc(8 + 16);
      h[0] = 0x41;
      h[1] = 0x52;
      h[2] = chance(r, 0.9) ? 1 : int(r, 256);
      h[3] = inner[0]! >> 4 === 6 ? 41 : 4;
      return Buffer.concat([h, inner]);
    }
    default: return greHeader(r, depth);
  }
}

export function greHeader(r: Rng, depth: number): Buffer {
  const kind = int(r, 4);
  const flags = pick(r, [0, 0x8000, 0x2000, 0x1000, 0xb000, 0x3081, int(r, 65536)]);
  const proto = kind === 0 ? 0x0800 : kind === 1 ? 0x6558 : kind === 2 ? 0x88be : pick(r, [0x86dd, 0x880b, 0x22eb, 0x8847, int(r, 65536)]);
  let opt = 0;
  if (flags & 0x8000) opt += 4;
  if (flags & 0x2000) opt += 4;
  if (flags & 0x1000) opt += 4;
  const h = Buffer.alloc(4 + opt + (proto === 0x88be || proto === 0x22eb ? 12 : 0));
  h.writeUInt16BE(flags, 0);
  h.writeUInt16BE(proto, 2);
  const inner = proto === 0x6558 || proto === 0x88be || proto === 0x22eb ? ethernetFrame(r, depth + 1) : ipPacket(r, depth + 1);
  return Buffer.concat([h, inner]);
}

/** A random IPv4 or IPv6 packet: TCP, UDP (maybe a tunnel), ICMP, IP-in-IP, GRE or junk. */
export function ipPacket(r: Rng, depth = 0): Buffer {
  const v6 = chance(r, 0.3);
  const k = int(r, depth >= 3 ? 4 : 7);
  let proto: number;
  let l4: Buffer;
  if (k === 0 || k === 1) (proto = 6), (l4 = tcp(r));
  else if (k === 2) (proto = 17), (l4 = udp(r, depth));
  else if (k === 3) (proto = v6 ? 58 : 1), (l4 = Buffer.concat([Buffer.from([pick(r, [0, 3, 8, 11, 128, 129, 135, int(r, 256)]), int(r, 16), 0, 0]), randBytes(r, int(r, 64))]));
  else if (k === 4) (proto = chance(r, 0.5) ? 4 : 41), (l4 = ipPacket(r, depth + 1));
  else if (k === 5) (proto = 47), (l4 = greHeader(r, depth));
  else (proto = pick(r, [0, 43, 44, 50, 51, 60, 132, int(r, 256)])), (l4 = randBytes(r, int(r, 48)));
  const pkt = v6 ? ipv6(r, proto, l4) : ipv4(r, proto, l4);
  if (chance(r, 0.9)) fixChecksums(pkt, 0);
  return pkt;
}

/** A random Ethernet frame, with VLAN/QinQ/MPLS/PPPoE now and then and an IP packet (usually). */
export function ethernetFrame(r: Rng, depth = 0): Buffer {
  const macs = Buffer.alloc(12);
  macs[5] = int(r, 4);
  macs[11] = int(r, 4);
  const tags: Buffer[] = [];
  const ip = ipPacket(r, depth);
  let type = ip[0]! >> 4 === 6 ? 0x86dd : 0x0800;
  const wrap = int(r, 10);
  if (wrap === 0) {
    tags.push(u16(pick(r, [0x8100, 0x88a8, 0x9100])), u16(int(r, 4096)));
    if (chance(r, 0.3)) tags.push(u16(0x8100), u16(int(r, 4096)));
  } else if (wrap === 1) {
    const labels = 1 + int(r, 3);
    const mpls = Buffer.alloc(4 * labels);
    for (let i = 0; i < labels; i++) mpls.writeUInt32BE(((int(r, 1 << 20) << 12) | (i === labels - 1 ? 0x100 : 0) | 64) >>> 0, i * 4);
    tags.push(u16(0x8847), mpls);
    type = -1;
  } else if (wrap === 2) {
    const ppp = Buffer.alloc(8);
    ppp[0] = 0x11;
    ppp.writeUInt16BE((ip.length + 2) & 0xffff, 4);
    ppp.writeUInt16BE(type === 0x86dd ? 0x0057 : 0x0021, 6);
    tags.push(u16(0x8864), ppp);
    type = -1;
  } else if (wrap === 3) {
    type = pick(r, [0x0806, 0x88cc, 0x8903, 0x0100, int(r, 65536)]);
  }
  const parts = [macs, ...tags];
  if (type >= 0) parts.push(u16(type));
  parts.push(ip);
  return Buffer.concat(parts);
}

export const u16 = (v: number): Buffer => {
  const b = Buffer.alloc(2);
  b.writeUInt16BE(v & 0xffff);
  return b;
};

/** A whole random capture of 1–40 generated frames, mostly Ethernet. */
export function randomPackets(r: Rng): FuzzPacket[] {
  const n = 1 + int(r, 40);
  const lt = chance(r, 0.8) ? 1 : pick(r, LINKTYPES);
  let ts = pick(r, [0, 1, 1_700_000_000, 4294967295]) + r();
  const out: FuzzPacket[] = [];
  for (let i = 0; i < n; i++) {
    ts += pick(r, [0, 0.001, 1, 61, 301, -5, 100000]) * r();
    const eth = ethernetFrame(r);
    const data = lt === 1 ? eth : linkHeader(r, lt, eth);
    out.push({ linktype: lt, ts, data, wirelen: data.length });
  }
  return out;
}

/** Re-frames the IP packet inside an Ethernet frame for another link type (best effort). */
export function linkHeader(r: Rng, lt: number, eth: Buffer): Buffer {
  const ipAt = ipOffset({ linktype: 1, ts: 0, data: eth, wirelen: 0 });
  const ip = ipAt >= 0 ? eth.subarray(ipAt) : eth.subarray(14);
  const v6 = ip.length > 0 && ip[0]! >> 4 === 6;
  switch (lt) {
    case 0: case 108: {
      const h = Buffer.alloc(4);
      const fam = v6 ? pick(r, [24, 28, 30]) : 2;
      if (lt === 0 && chance(r, 0.5)) h.writeUInt32LE(fam);
      else h.writeUInt32BE(fam);
      return Buffer.concat([h, ip]);
    }
    case 9: case 50: return Buffer.concat([Buffer.from([0xff, 0x03]), u16(v6 ? 0x57 : 0x21), ip]);
    case 113: {
      const h = Buffer.alloc(16);
      h.writeUInt16BE(v6 ? 0x86dd : 0x0800, 14);
      return Buffer.concat([h, ip]);
    }
    case 276: {
      const h = Buffer.alloc(20);
      h.writeUInt16BE(v6 ? 0x86dd : 0x0800, 0);
      return Buffer.concat([h, ip]);
    }
    case 127: {
      const rt = Buffer.alloc(8);
      rt.writeUInt16LE(8, 2);
      const wifi = Buffer.alloc(24);
      wifi[0] = pick(r, [0x08, 0x88, int(r, 256)]);
      wifi[1] = int(r, 4);
      const llc = Buffer.from([0xaa, 0xaa, 0x03, 0, 0, 0, v6 ? 0x86 : 0x08, v6 ? 0xdd : 0x00]);
      return Buffer.concat([rt, wifi, wifi[0] === 0x88 ? Buffer.alloc(2) : Buffer.alloc(0), llc, ip]);
    }
    default: return Buffer.from(ip);
  }
}

