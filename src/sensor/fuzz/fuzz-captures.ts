// Fuzzing the capture readers and the sensor: builds random captures and mutates seed captures
// (bit flips, splices, truncation, corrupt pcap record and pcapng block lengths, IP/TCP/UDP header
// fields, fragmentation, tunnel wrapping, random pcapng blocks), then runs each through the same
// path as the CLI. The sensor promises never to throw on bytes: any exception other than
// InputFormatError (the one clear "this is not a capture" error) is a bug.
//
// Everything is a pure function of a seed, so input n of a run can be rebuilt from (seed, n) alone.
// Structured mutations repair IP and transport checksums most of the time: the sensor drops packets
// with bad checksums early, and a fuzzer whose every mutation dies there tests nothing deeper.
import { Readable } from 'node:stream';
import { constants as zlibConstants, gunzipSync, gzipSync } from 'node:zlib';
import { fold, onesSum, pseudoHeaderSum } from '../../net/checksum.js';
import { ConnectionSchema } from '../../schema/conn.js';
import { InputFormatError } from '../../schema/errors.js';
import type { Observation } from '../../schema/observation.js';
import { detectCaptureFormat, isGzip, readCaptureStream } from '../../sources/pcap/open-capture.js';
import type { PacketSink } from '../../sources/pcap/packet-sink.js';
import { MAX_PCAP_RECORD, PcapParser } from '../../sources/pcap/pcap-parser.js';
import { PcapngParser } from '../../sources/pcap/pcapng-parser.js';
import { DEFAULT_SENSOR_OPTIONS, Sensor, type SensorOptions, type SensorStats } from '../sensor.js';

// ---------------------------------------------------------------- randomness

/** Uniform in [0, 1). */
export type Rng = () => number;

/** mulberry32: tiny, fast, and good enough to drive mutations. */
export function makeRng(seed: number): Rng {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The generator of input `index` in a run seeded with `seed` (independent of the other inputs). */
export function inputRng(seed: number, index: number): Rng {
  return makeRng(Math.imul(seed ^ 0x9e3779b9, 0x85ebca6b) ^ Math.imul(index + 1, 0xc2b2ae35));
}

const int = (r: Rng, n: number): number => Math.floor(r() * n);
const pick = <T>(r: Rng, a: readonly T[]): T => a[int(r, a.length)]!;
const chance = (r: Rng, p: number): boolean => r() < p;
const randBytes = (r: Rng, n: number): Buffer => {
  const b = Buffer.allocUnsafe(n);
  for (let i = 0; i < n; i++) b[i] = int(r, 256);
  return b;
};

/** Values at the edges of the parsers' checks (zero, header sizes, 16/32-bit limits, record limits). */
const INTERESTING = [
  0, 1, 2, 3, 4, 7, 8, 11, 12, 13, 15, 16, 19, 20, 24, 27, 28, 31, 32, 39, 40, 60, 64, 127, 128, 255, 256, 1499, 1500,
  0x7fff, 0x8000, 0xfffe, 0xffff, 0x10000, MAX_PCAP_RECORD - 1, MAX_PCAP_RECORD, MAX_PCAP_RECORD + 1, 0x100000,
  0x100004, 0x7fffffff, 0x80000000, 0xfffffff0, 0xfffffffc, 0xffffffff,
];

// ---------------------------------------------------------------- the packet model

/** One captured frame. Structured mutations work on these; byte mutations on the encoded file. */
export interface FuzzPacket {
  linktype: number;
  ts: number;
  data: Buffer;
  wirelen: number;
}

/** Link types the sensor decodes, plus two it does not. */
const LINKTYPES = [0, 1, 9, 12, 14, 50, 51, 101, 108, 113, 127, 228, 229, 276, 105, 0xffff];

/** Decodes a pcap or pcapng image into packets, tolerating damage (stops at the first bad length). */
export function decodePackets(buf: Buffer, limitBytes = Infinity): FuzzPacket[] {
  const out: FuzzPacket[] = [];
  if (buf.length < 24) return out;
  const m = buf.readUInt32LE(0);
  let total = 0;
  if (m === 0x0a0d0d0a) {
    let le = true;
    let ifaces: { lt: number; scale: number }[] = [];
    for (let o = 0; o + 12 <= buf.length && total < limitBytes; ) {
      if (buf.readUInt32LE(o) === 0x0a0d0d0a) le = buf.readUInt32LE(o + 8) === 0x1a2b3c4d;
      const u32 = (x: number) => (le ? buf.readUInt32LE(x) : buf.readUInt32BE(x));
      const type = u32(o);
      const len = u32(o + 4);
      if (len < 12 || len % 4 || o + len > buf.length) break;
      if (type === 0x0a0d0d0a) ifaces = [];
      else if (type === 1 && len >= 20) ifaces.push({ lt: le ? buf.readUInt16LE(o + 8) : buf.readUInt16BE(o + 8), scale: tsresol(buf, o, len, le) });
      else if (type === 6 && len >= 32) {
        const ifc = ifaces[u32(o + 8)];
        const cap = u32(o + 20);
        if (ifc && 28 + cap <= len - 4) {
          const ts = (u32(o + 12) * 4294967296 + u32(o + 16)) * ifc.scale;
          out.push({ linktype: ifc.lt, ts, data: Buffer.from(buf.subarray(o + 28, o + 28 + cap)), wirelen: u32(o + 24) });
          total += cap;
        }
      }
      o += len;
    }
    return out;
  }
  const le = m === 0xa1b2c3d4 || m === 0xa1b23c4d;
  const mb = le ? m : buf.readUInt32BE(0);
  if (mb !== 0xa1b2c3d4 && mb !== 0xa1b23c4d) return out;
  const u32 = (x: number) => (le ? buf.readUInt32LE(x) : buf.readUInt32BE(x));
  const lt = u32(20) & 0x0fffffff;
  const frac = mb === 0xa1b23c4d ? 1e-9 : 1e-6;
  for (let o = 24; o + 16 <= buf.length && total < limitBytes; ) {
    const cap = u32(o + 8);
    if (cap > MAX_PCAP_RECORD || o + 16 + cap > buf.length) break;
    out.push({ linktype: lt, ts: u32(o) + u32(o + 4) * frac, data: Buffer.from(buf.subarray(o + 16, o + 16 + cap)), wirelen: u32(o + 12) });
    total += cap;
    o += 16 + cap;
  }
  return out;
}

function tsresol(buf: Buffer, off: number, len: number, le: boolean): number {
  for (let o = off + 16; o + 4 <= off + len - 4; ) {
    const code = le ? buf.readUInt16LE(o) : buf.readUInt16BE(o);
    const olen = le ? buf.readUInt16LE(o + 2) : buf.readUInt16BE(o + 2);
    if (code === 0) break;
    if (code === 9 && olen >= 1) {
      const r = buf[o + 4]!;
      return r & 0x80 ? Math.pow(2, -(r & 0x7f)) : Math.pow(10, -r);
    }
    o += 4 + ((olen + 3) & ~3);
  }
  return 1e-6;
}

export type CaptureEncoding = 'pcap-le' | 'pcap-be' | 'pcap-ns' | 'pcapng-le' | 'pcapng-be';
export const ENCODINGS: readonly CaptureEncoding[] = ['pcap-le', 'pcap-be', 'pcap-ns', 'pcapng-le', 'pcapng-be'];

/** Encodes packets; classic pcap has one link type, so it takes the first packet's. */
export function encodeCapture(pkts: FuzzPacket[], enc: CaptureEncoding): Buffer {
  const be = enc.endsWith('-be');
  const w32 = (b: Buffer, v: number, o: number) => (be ? b.writeUInt32BE(v >>> 0, o) : b.writeUInt32LE(v >>> 0, o));
  const w16 = (b: Buffer, v: number, o: number) => (be ? b.writeUInt16BE(v & 0xffff, o) : b.writeUInt16LE(v & 0xffff, o));
  const parts: Buffer[] = [];
  const secFrac = (ts: number, per: number) => {
    const t = Number.isFinite(ts) && ts > 0 ? Math.min(ts, 4294967295) : 0;
    const s = Math.floor(t);
    return [s, Math.min(per - 1, Math.round((t - s) * per))] as const;
  };
  if (enc.startsWith('pcap-')) {
    const ns = enc === 'pcap-ns';
    const h = Buffer.alloc(24);
    w32(h, ns ? 0xa1b23c4d : 0xa1b2c3d4, 0);
    w16(h, 2, 4);
    w16(h, 4, 6);
    w32(h, 262144, 16);
    w32(h, pkts[0]?.linktype ?? 1, 20);
    parts.push(h);
    for (const p of pkts) {
      const r = Buffer.alloc(16);
      const [s, f] = secFrac(p.ts, ns ? 1e9 : 1e6);
      w32(r, s, 0);
      w32(r, f, 4);
      w32(r, p.data.length, 8);
      w32(r, p.wirelen, 12);
      parts.push(r, p.data);
    }
    return Buffer.concat(parts);
  }
  const shb = Buffer.alloc(28);
  w32(shb, 0x0a0d0d0a, 0);
  w32(shb, 28, 4);
  w32(shb, 0x1a2b3c4d, 8);
  w16(shb, 1, 12);
  shb.fill(0xff, 16, 24); // section length unknown
  w32(shb, 28, 24);
  parts.push(shb);
  const ifIds = new Map<number, number>();
  for (const p of pkts) {
    let id = ifIds.get(p.linktype);
    if (id === undefined) {
      id = ifIds.size;
      ifIds.set(p.linktype, id);
      const idb = Buffer.alloc(20);
      w32(idb, 1, 0);
      w32(idb, 20, 4);
      w16(idb, p.linktype, 8);
      w32(idb, 262144, 12);
      w32(idb, 20, 16);
      parts.push(idb);
    }
    const pad = (4 - (p.data.length % 4)) % 4;
    const len = 32 + p.data.length + pad;
    const epb = Buffer.alloc(28);
    const us = Number.isFinite(p.ts) && p.ts > 0 ? Math.round(p.ts * 1e6) : 0;
    w32(epb, 6, 0);
    w32(epb, len, 4);
    w32(epb, id, 8);
    w32(epb, Math.floor(us / 4294967296), 12);
    w32(epb, us % 4294967296, 16);
    w32(epb, p.data.length, 20);
    w32(epb, p.wirelen, 24);
    const tail = Buffer.alloc(pad + 4);
    w32(tail, len, pad);
    parts.push(epb, p.data, tail);
  }
  return Buffer.concat(parts);
}

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
const V4 = [0x0a010064, 0x0a010005, 0xc0000250, 0x5db8d822, 0x7f000001, 0xffffffff, 0, 0xe0000001];
const V6 = ['20010db8000000000000000000000001', '20010db8000000000000000000000002', 'fe800000000000000000000000000001', '00000000000000000000000000000001', 'ff020000000000000000000000000001'];
const PORTS = [53, 80, 443, 123, 445, 4789, 6081, 2152, 3544, 5072, 4754, 40000, 40001, 0, 65535];
const UDP_TUNNEL_PORTS = [4789, 6081, 2152, 3544, 5072, 4754];

function ipv4(r: Rng, proto: number, payload: Buffer, opts: { src?: number; dst?: number } = {}): Buffer {
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

function ipv6(r: Rng, proto: number, payload: Buffer): Buffer {
  const h = Buffer.alloc(40);
  h.writeUInt32BE(0x60000000 | int(r, 0x100000), 0);
  h.writeUInt16BE(payload.length & 0xffff, 4);
  h[6] = proto;
  h[7] = 64;
  Buffer.from(pick(r, V6), 'hex').copy(h, 8);
  Buffer.from(pick(r, V6), 'hex').copy(h, 24);
  return Buffer.concat([h, payload]);
}

function tcp(r: Rng): Buffer {
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

function udp(r: Rng, depth: number): Buffer {
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
function tunnelHeader(r: Rng, port: number, depth: number): Buffer {
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

function greHeader(r: Rng, depth: number): Buffer {
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

const u16 = (v: number): Buffer => {
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
function linkHeader(r: Rng, lt: number, eth: Buffer): Buffer {
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

// ---------------------------------------------------------------- structured mutations

type PacketMutation = (r: Rng, pkts: FuzzPacket[]) => void;

const anyPacket = (r: Rng, pkts: FuzzPacket[]): FuzzPacket | undefined => (pkts.length ? pick(r, pkts) : undefined);

/** Copy-on-write: packets may share buffers with a seed, which must stay intact. */
function own(p: FuzzPacket): Buffer {
  p.data = Buffer.from(p.data);
  return p.data;
}

const PACKET_MUTATIONS: Record<string, PacketMutation> = {
  ipField(r, pkts) {
    const p = anyPacket(r, pkts);
    const ip = p ? ipOffset(p) : -1;
    if (!p || ip < 0 || ip + 20 > p.data.length) return;
    const b = own(p);
    const v6 = b[ip]! >> 4 === 6;
    // [offset, width] of the fields the decoders read
    const fields: [number, number][] = v6 ? [[0, 1], [4, 2], [6, 1], [7, 1], [8, 4], [24, 4]] : [[0, 1], [2, 2], [4, 2], [6, 2], [8, 1], [9, 1], [12, 4], [16, 4]];
    const [at, w] = pick(r, fields);
    if (ip + at + w > b.length) return;
    writeInteresting(r, b, ip + at, w, false);
    if (chance(r, 0.8)) fixChecksums(b, ip);
  },
  l4Field(r, pkts) {
    const p = anyPacket(r, pkts);
    const ip = p ? ipOffset(p) : -1;
    if (!p || ip < 0 || ip + 28 > p.data.length) return;
    const b = own(p);
    const l4 = b[ip]! >> 4 === 6 ? ip + 40 : ip + (b[ip]! & 15) * 4;
    const proto = b[ip]! >> 4 === 6 ? b[ip + 6]! : b[ip + 9]!;
    const fields: [number, number][] = proto === 6 ? [[0, 2], [2, 2], [4, 4], [8, 4], [12, 1], [13, 1], [14, 2], [18, 2]] : proto === 17 ? [[0, 2], [2, 2], [4, 2]] : [[0, 1], [1, 1], [4, 4]];
    const [at, w] = pick(r, fields);
    if (l4 + at + w > b.length) return;
    if (proto === 17 && at < 4 && chance(r, 0.5)) b.writeUInt16BE(pick(r, UDP_TUNNEL_PORTS), l4 + at);
    else writeInteresting(r, b, l4 + at, w, false);
    if (chance(r, 0.8)) fixChecksums(b, ip);
  },
  /** Splits an IPv4 packet into fragments, sometimes overlapping, reordered or incomplete. */
  fragment(r, pkts) {
    const i = int(r, pkts.length);
    const p = pkts[i];
    const ip = p ? ipOffset(p) : -1;
    if (!p || ip < 0 || ip + 28 > p.data.length || p.data[ip]! >> 4 !== 4) return;
    const ihl = (p.data[ip]! & 15) * 4;
    const body = p.data.subarray(ip + ihl);
    if (ihl < 20 || body.length < 16) return;
    const frags: FuzzPacket[] = [];
    const step = 8 * (1 + int(r, Math.max(1, body.length / 16)));
    for (let o = 0; o < body.length; o += step) {
      const start = chance(r, 0.1) ? Math.max(0, o - 8) : o; // overlap now and then
      const part = body.subarray(start, Math.min(body.length, o + step));
      const last = o + step >= body.length;
      const f = Buffer.concat([p.data.subarray(0, ip + ihl), part]);
      f.writeUInt16BE((ihl + part.length) & 0xffff, ip + 2);
      f.writeUInt16BE(((last && chance(r, 0.95) ? 0 : 0x2000) | (start >> 3)) & 0xffff, ip + 6);
      fixChecksums(f, ip);
      frags.push({ ...p, data: f, wirelen: f.length });
    }
    if (chance(r, 0.3)) frags.reverse();
    if (chance(r, 0.1)) frags.splice(int(r, frags.length), 1);
    if (chance(r, 0.1)) frags.push(frags[int(r, frags.length)]!);
    pkts.splice(i, 1, ...frags);
  },
  /** Wraps a packet in a tunnel (IP-in-IP, GRE, or a UDP tunnel) inside a fresh Ethernet/IPv4 frame. */
  tunnelWrap(r, pkts) {
    const p = anyPacket(r, pkts);
    const ip = p ? ipOffset(p) : -1;
    if (!p || ip < 0) return;
    const inner = p.data.subarray(ip);
    const frame = p.linktype === 1 ? p.data : Buffer.concat([Buffer.alloc(12), u16(inner[0]! >> 4 === 6 ? 0x86dd : 0x0800), inner]);
    const kind = int(r, 6);
    let proto = 17;
    let l4: Buffer;
    const udpHdr = (port: number, payload: Buffer) => {
      const h = Buffer.alloc(8);
      h.writeUInt16BE(40000 + int(r, 3), 0);
      h.writeUInt16BE(port, 2);
      h.writeUInt16BE((8 + payload.length) & 0xffff, 4);
      return Buffer.concat([h, payload]);
    };
    if (kind === 0) (proto = inner[0]! >> 4 === 6 ? 41 : 4), (l4 = inner);
    else if (kind === 1) (proto = 47), (l4 = Buffer.concat([Buffer.from([0, 0]), u16(inner[0]! >> 4 === 6 ? 0x86dd : 0x0800), inner]));
    else if (kind === 2) (proto = 47), (l4 = Buffer.concat([Buffer.from([0x10, 0, 0x88, 0xbe, 0, 0, 0, 1]), Buffer.alloc(8), frame]));
    else if (kind === 3) l4 = udpHdr(4789, Buffer.concat([Buffer.from([8, 0, 0, 0, 0, 0, 1, 0]), frame]));
    else if (kind === 4) l4 = udpHdr(6081, Buffer.concat([Buffer.from([0, 0, 0x65, 0x58, 0, 0, 1, 0]), frame]));
    else {
      const g = Buffer.from([0x30, 0xff, 0, 0, 0, 0, 0, 1]);
      g.writeUInt16BE(inner.length & 0xffff, 2);
      l4 = udpHdr(2152, Buffer.concat([g, inner]));
    }
    const outer = ipv4(r, proto, l4, { src: 0xc6336401, dst: 0xc6336402 });
    fixChecksums(outer, 0);
    const data = Buffer.concat([Buffer.from([2, 0, 0, 0, 0, 1, 2, 0, 0, 0, 0, 2, 8, 0]), outer]);
    p.linktype = 1;
    p.data = data;
    p.wirelen = data.length;
  },
  /** Cuts a frame short as a snap length would (wire length kept), or lies about the wire length. */
  snap(r, pkts) {
    const p = anyPacket(r, pkts);
    if (!p) return;
    if (chance(r, 0.7)) p.data = p.data.subarray(0, int(r, p.data.length + 1));
    else p.wirelen = pick(r, INTERESTING);
  },
  linktype(r, pkts) {
    const lt = pick(r, LINKTYPES);
    for (const p of pkts) if (chance(r, 0.9)) p.linktype = lt;
  },
  /** Time going backwards, standing still, or leaping (drives the inactivity timers). */
  time(r, pkts) {
    const p = anyPacket(r, pkts);
    if (p) p.ts = pick(r, [0, -1, p.ts - 1000, p.ts + 86400, p.ts + 1e9, 4294967295.999999, NaN, 1e300]);
  },
  shuffle(r, pkts) {
    for (let k = int(r, 8); k > 0 && pkts.length > 1; k--) {
      const a = int(r, pkts.length);
      const b = int(r, pkts.length);
      [pkts[a], pkts[b]] = [pkts[b]!, pkts[a]!];
    }
  },
  duplicate(r, pkts) {
    const p = anyPacket(r, pkts);
    if (p) pkts.splice(int(r, pkts.length + 1), 0, ...Array.from({ length: 1 + int(r, 4) }, () => ({ ...p })));
  },
  addGenerated(r, pkts) {
    pkts.splice(int(r, pkts.length + 1), 0, ...randomPackets(r).slice(0, 1 + int(r, 5)));
  },
};

function writeInteresting(r: Rng, b: Buffer, at: number, width: number, littleEndian: boolean): void {
  const v = chance(r, 0.7) ? pick(r, INTERESTING) : int(r, 2 ** 32);
  if (width === 1) b[at] = chance(r, 0.5) ? v & 0xff : int(r, 256);
  else if (width === 2) littleEndian ? b.writeUInt16LE(v & 0xffff, at) : b.writeUInt16BE(v & 0xffff, at);
  else littleEndian ? b.writeUInt32LE(v >>> 0, at) : b.writeUInt32BE(v >>> 0, at);
}

// ---------------------------------------------------------------- byte mutations (on the file)

type ByteMutation = (r: Rng, b: Buffer, corpus: readonly FuzzSeed[]) => Buffer;

/** Offsets of the records (pcap) or blocks (pcapng) of a file, as far as they parse. */
function recordOffsets(b: Buffer): { pcapng: boolean; le: boolean; offs: number[] } {
  const offs: number[] = [];
  if (b.length < 24) return { pcapng: false, le: true, offs };
  const m = b.readUInt32LE(0);
  if (m === 0x0a0d0d0a) {
    let le = true;
    for (let o = 0; o + 12 <= b.length && offs.length < 4096; ) {
      if (b.readUInt32LE(o) === 0x0a0d0d0a) le = b.readUInt32LE(o + 8) === 0x1a2b3c4d;
      const len = le ? b.readUInt32LE(o + 4) : b.readUInt32BE(o + 4);
      offs.push(o);
      if (len < 12 || o + len > b.length) break;
      o += len;
    }
    return { pcapng: true, le, offs };
  }
  const le = m === 0xa1b2c3d4 || m === 0xa1b23c4d;
  for (let o = 24; o + 16 <= b.length && offs.length < 4096; ) {
    offs.push(o);
    const cap = le ? b.readUInt32LE(o + 8) : b.readUInt32BE(o + 8);
    if (o + 16 + cap > b.length) break;
    o += 16 + cap;
  }
  return { pcapng: false, le, offs };
}

/** A random pcapng block: any known type (or none), lengths usually consistent. */
function randomBlock(r: Rng, le: boolean): Buffer {
  const type = pick(r, [0x0a0d0d0a, 1, 2, 3, 4, 5, 6, 6, 6, 10, 0xbad, 0x40000bad, int(r, 2 ** 32)]);
  let body: Buffer;
  if (type === 0x0a0d0d0a) {
    body = Buffer.alloc(16);
    body.writeUInt32LE(chance(r, 0.8) ? (le ? 0x1a2b3c4d : 0x4d3c2b1a) : int(r, 2 ** 32), 0);
    body.fill(0xff, 8);
  } else if (type === 1) {
    const opts = chance(r, 0.5) ? Buffer.from([9, 0, 1, 0, pick(r, [6, 9, 0x80 | 20, 0, 0x7f, 0xff]), 0, 0, 0, 14, 0, 8, 0, ...randBytes(r, 8), 0, 0, 0, 0]) : randBytes(r, 4 * int(r, 4));
    body = Buffer.concat([Buffer.from([pick(r, LINKTYPES) & 0xff, 0, 0, 0]), Buffer.from([0, 0, 4, 0]), opts]);
    if (!le) body.writeUInt16BE(body.readUInt16LE(0), 0);
  } else if (type === 6 || type === 2 || type === 3) {
    const frame = ethernetFrame(r);
    const head = Buffer.alloc(type === 3 ? 4 : 20);
    const w = (v: number, o: number) => (le ? head.writeUInt32LE(v >>> 0, o) : head.writeUInt32BE(v >>> 0, o));
    if (type === 3) w(frame.length, 0);
    else {
      w(pick(r, [0, 0, 1, 2, int(r, 2 ** 32)]), 0);
      w(int(r, 2 ** 32), 4);
      w(int(r, 2 ** 32), 8);
      w(chance(r, 0.8) ? frame.length : pick(r, INTERESTING), 12);
      w(frame.length, 16);
    }
    body = Buffer.concat([head, frame, Buffer.alloc((4 - (frame.length % 4)) % 4)]);
  } else body = randBytes(r, 4 * int(r, 16));
  const len = 12 + body.length;
  const b = Buffer.alloc(len);
  const w = (v: number, o: number) => (le ? b.writeUInt32LE(v >>> 0, o) : b.writeUInt32BE(v >>> 0, o));
  w(type, 0);
  w(chance(r, 0.9) ? len : pick(r, INTERESTING), 4);
  body.copy(b, 8);
  w(chance(r, 0.9) ? len : pick(r, INTERESTING), len - 4);
  return b;
}

const BYTE_MUTATIONS: Record<string, ByteMutation> = {
  bitFlips(r, b) {
    b = Buffer.from(b);
    for (let k = 1 + int(r, 16); k > 0 && b.length; k--) b[int(r, b.length)]! ^= 1 << int(r, 8);
    return b;
  },
  interesting(r, b) {
    if (b.length < 4) return b;
    b = Buffer.from(b);
    const w = pick(r, [1, 2, 4]);
    writeInteresting(r, b, int(r, b.length - w + 1), w, chance(r, 0.5));
    return b;
  },
  splice(r, b, corpus) {
    const src = corpus.length && chance(r, 0.7) ? pick(r, corpus).raw : b;
    const from = int(r, src.length);
    const part = src.subarray(from, from + 1 + int(r, 512));
    const at = int(r, b.length + 1);
    return chance(r, 0.5) ? Buffer.concat([b.subarray(0, at), part, b.subarray(at)]) : Buffer.concat([b.subarray(0, at), part, b.subarray(at + part.length)]);
  },
  truncate(r, b) {
    return b.subarray(0, chance(r, 0.2) ? int(r, 40) : int(r, b.length + 1));
  },
  deleteOrRepeat(r, b) {
    const a = int(r, b.length + 1);
    const e = Math.min(b.length, a + 1 + int(r, 256));
    return chance(r, 0.5) ? Buffer.concat([b.subarray(0, a), b.subarray(e)]) : Buffer.concat([b.subarray(0, e), b.subarray(a, e), b.subarray(e)]);
  },
  /** caplen / wirelen / timestamps of a pcap record, or a pcapng block's lengths and EPB fields. */
  recordLength(r, b) {
    const { pcapng, le, offs } = recordOffsets(b);
    if (!offs.length) return b;
    b = Buffer.from(b);
    const o = pick(r, offs);
    const fieldsAt = pcapng ? [4, 8, 12, 16, 20, 24] : [0, 4, 8, 12];
    let at = o + pick(r, fieldsAt);
    if (pcapng && chance(r, 0.25)) {
      const len = le ? b.readUInt32LE(o + 4) : b.readUInt32BE(o + 4);
      at = o + len - 4; // the trailing length
    }
    if (at < 0 || at + 4 > b.length) return b;
    const cur = le ? b.readUInt32LE(at) : b.readUInt32BE(at);
    const v = chance(r, 0.5) ? (cur + pick(r, [-4, -1, 1, 3, 4, 8, 16, -16])) >>> 0 : pick(r, INTERESTING);
    le ? b.writeUInt32LE(v >>> 0, at) : b.writeUInt32BE(v >>> 0, at);
    return b;
  },
  /** The global pcap header (magic, version, snaplen, link type) or a pcapng SHB/IDB field. */
  fileHeader(r, b) {
    if (b.length < 24) return b;
    b = Buffer.from(b);
    if (chance(r, 0.4)) b.writeUInt32LE(pick(r, [0xa1b2c3d4, 0xd4c3b2a1, 0xa1b23c4d, 0x4d3cb2a1, 0x0a0d0d0a]), 0);
    else writeInteresting(r, b, pick(r, [4, 8, 12, 16, 20]), pick(r, [2, 4]), chance(r, 0.5));
    return b;
  },
  pcapngBlock(r, b) {
    const { pcapng, le, offs } = recordOffsets(b);
    if (!pcapng) return b;
    const at = chance(r, 0.9) && offs.length ? pick(r, offs.slice(1)) ?? b.length : int(r, b.length + 1);
    return Buffer.concat([b.subarray(0, at), randomBlock(r, le), b.subarray(at)]);
  },
};

// ---------------------------------------------------------------- inputs

/** A seed capture, decoded once so that each input can take a window of its packets. */
export interface FuzzSeed {
  name: string;
  raw: Buffer;
  packets: FuzzPacket[];
}

/** Largest window of a seed (bytes of packet data) put in one input: small inputs, many of them. */
export const WINDOW_BYTES = 64 * 1024;

export function makeSeed(name: string, raw: Buffer): FuzzSeed {
  // Only the first few windows' worth of packets are kept: big seeds would dominate memory.
  return { name, raw: raw.subarray(0, 4 * 1024 * 1024), packets: decodePackets(raw, 32 * WINDOW_BYTES) };
}

export interface FuzzInput {
  bytes: Buffer;
  /** how the input was made, for the crash report */
  ops: string[];
  /** sizes of the chunks the stream delivers (the readers must not care) */
  chunks: number[];
}

/** Builds input `index` of a run: deterministic for (corpus, seed, index). */
export function fuzzInput(corpus: readonly FuzzSeed[], seed: number, index: number, windowBytes = WINDOW_BYTES): FuzzInput {
  const r = inputRng(seed, index);
  const ops: string[] = [];
  let bytes: Buffer;
  const base = corpus.length ? pick(r, corpus) : undefined;
  if (!base || chance(r, 0.1)) {
    ops.push('generated');
    bytes = encodeWithMutations(r, randomPackets(r), ops);
  } else if (chance(r, 0.15) || !base.packets.length) {
    // the raw file, so blocks the packet model drops (NRB, ISB, options, SPB) are fuzzed too
    ops.push(`raw:${base.name}`);
    bytes = base.raw.subarray(0, windowBytes);
  } else {
    const start = int(r, base.packets.length);
    const pkts: FuzzPacket[] = [];
    for (let i = start, size = 0; i < base.packets.length && size < windowBytes && pkts.length < 1 + int(r, 2000); i++) {
      const p = base.packets[i]!;
      size += p.data.length;
      pkts.push({ ...p });
    }
    ops.push(`window:${base.name}@${start}+${pkts.length}`);
    bytes = encodeWithMutations(r, pkts, ops);
  }
  const byteNames = Object.keys(BYTE_MUTATIONS);
  for (let k = chance(r, 0.35) ? 0 : 1 + int(r, 3); k > 0; k--) {
    const name = pick(r, byteNames);
    ops.push(name);
    bytes = BYTE_MUTATIONS[name]!(r, bytes, corpus);
  }
  if (chance(r, 0.03)) {
    ops.push('gzip');
    bytes = gzipSync(bytes, { level: 1 });
    if (chance(r, 0.5)) {
      ops.push('gzip-damage');
      bytes = chance(r, 0.5) ? bytes.subarray(0, int(r, bytes.length)) : BYTE_MUTATIONS.bitFlips!(r, bytes, corpus);
    }
  }
  const chunks: number[] = [];
  if (chance(r, 0.3)) {
    for (let left = bytes.length; left > 0; ) {
      const n = Math.min(left, 1 + int(r, pick(r, [4, 64, 4096])));
      chunks.push(n);
      left -= n;
    }
  } else chunks.push(bytes.length);
  return { bytes, ops, chunks };
}

function encodeWithMutations(r: Rng, pkts: FuzzPacket[], ops: string[]): Buffer {
  const names = Object.keys(PACKET_MUTATIONS);
  for (let k = chance(r, 0.25) ? 0 : 1 + int(r, 4); k > 0; k--) {
    const name = pick(r, names);
    ops.push(name);
    PACKET_MUTATIONS[name]!(r, pkts);
  }
  const enc = pick(r, ENCODINGS);
  ops.push(enc);
  return encodeCapture(pkts, enc);
}

/** Splits bytes as `chunks` says (what the stream hands to the reader). */
export function chunked(bytes: Buffer, chunks: number[]): Buffer[] {
  const out: Buffer[] = [];
  let o = 0;
  for (const n of chunks) {
    out.push(bytes.subarray(o, o + n));
    o += n;
  }
  if (o < bytes.length) out.push(bytes.subarray(o));
  return out;
}

// ---------------------------------------------------------------- running one input

export type FuzzOutcome =
  | { kind: 'ok'; stats: SensorStats; conns: number; weirds: number }
  /** not a capture at all: the one error the sensor may throw */
  | { kind: 'rejected'; error: InputFormatError }
  | { kind: 'crash'; error: unknown };

/** A record the sensor produced that breaks the schema it promises (thrown from the sink). */
export class InvalidRecordError extends Error {}

/**
 * Runs bytes through readCaptureStream and a Sensor, as the CLI does, and classifies the result.
 *
 * readCaptureStream turns any exception that is not an InputFormatError into a
 * `capture_read_error` problem (meant for stream errors such as corrupt gzip) and returns normally,
 * so a parser or decoder bug would look like a clean run. Hence the packet and problem callbacks
 * are wrapped to keep the original exception, and a capture_read_error on an input that is not a
 * damaged gzip stream is replayed straight through the parser to recover the real exception.
 *
 * With `validate`, every conn record is checked against ConnectionSchema: a record that breaks
 * it (NaN duration, negative bytes, port 70000) is a bug even though nothing threw.
 */
export async function runSensorOnBytes(
  bytes: Buffer,
  opts: { chunks?: number[]; validate?: boolean; sensor?: SensorOptions; sink?: (o: Observation) => void } = {},
): Promise<FuzzOutcome> {
  let conns = 0;
  let weirds = 0;
  let thrown: { error: unknown } | null = null;
  let readError: string | null = null;
  const sensor = new Sensor(opts.sensor ?? DEFAULT_SENSOR_OPTIONS, (o) => {
    opts.sink?.(o);
    if (o.type === 'weird') {
      weirds++;
      if (!Number.isFinite(o.record.ts)) throw new InvalidRecordError(`weird ${o.record.name} has ts ${o.record.ts}`);
      return;
    }
    conns++;
    if (opts.validate) {
      const v = ConnectionSchema.safeParse(o.record);
      if (!v.success) throw new InvalidRecordError(`conn record breaks the schema: ${v.error.message} in ${JSON.stringify(o.record)}`);
    }
  });
  const onPacket: PacketSink = (lt, ts, buf, off, cap, wire) => {
    try {
      sensor.packet(lt, ts, buf, off, cap, wire);
    } catch (error) {
      thrown ??= { error };
      throw error;
    }
  };
  const onProblem = (name: string, detail: string): void => {
    if (name === 'capture_read_error') readError = detail;
    try {
      sensor.captureProblem(name, detail);
    } catch (error) {
      thrown ??= { error };
      throw error;
    }
  };
  const chunks = chunked(bytes, opts.chunks ?? [bytes.length]);
  try {
    await readCaptureStream(Readable.from(chunks), 'fuzz input', { onPacket, onProblem });
    if (thrown) return { kind: 'crash', error: (thrown as { error: unknown }).error };
    const stats = sensor.finish();
    if (readError !== null) {
      const replayed = replayParser(bytes, chunks, opts.sensor ?? DEFAULT_SENSOR_OPTIONS);
      if (replayed) return { kind: 'crash', error: replayed };
    }
    return { kind: 'ok', stats, conns, weirds };
  } catch (error) {
    if (thrown) return { kind: 'crash', error: (thrown as { error: unknown }).error };
    if (error instanceof InputFormatError) return { kind: 'rejected', error };
    return { kind: 'crash', error };
  }
}

/**
 * Feeds the input to the format's parser and a fresh Sensor directly (no stream, no catch-all),
 * returning what it throws. A gzip input is inflated as far as it is intact first; a damaged
 * gzip stream is the legitimate cause of capture_read_error, so a clean replay means no bug.
 */
function replayParser(bytes: Buffer, chunks: Buffer[], sensorOptions: SensorOptions): Error | null {
  if (isGzip(bytes)) {
    try {
      chunks = [gunzipSync(bytes, { finishFlush: zlibConstants.Z_SYNC_FLUSH })];
    } catch {
      return null; // corrupt compressed data: the stream error was real
    }
  }
  const format = detectCaptureFormat(Buffer.concat(chunks).subarray(0, 4));
  if (!format) return null;
  const sensor = new Sensor(sensorOptions, () => {});
  const parser = format === 'pcap' ? new PcapParser(sensor.packet, sensor.captureProblem) : new PcapngParser(sensor.packet, sensor.captureProblem);
  try {
    for (const c of chunks) parser.feed(c);
    parser.end();
    sensor.finish();
  } catch (error) {
    return error instanceof Error ? error : new Error(String(error));
  }
  return null;
}
