// The fuzzer's packet model: captures decoded into frames (tolerating damage) and encoded back in any pcap/pcapng flavour.
import { MAX_PCAP_RECORD } from '../../sources/pcap/pcap-parser.js';

// ---------------------------------------------------------------- the packet model

/** One captured frame. Structured mutations work on these; byte mutations on the encoded file. */
export interface FuzzPacket {
  linktype: number;
  ts: number;
  data: Buffer;
  wirelen: number;
}

/** Link types the sensor decodes, plus two it does not. */
export const LINKTYPES = [0, 1, 9, 12, 14, 50, 51, 101, 108, 113, 127, 228, 229, 276, 105, 0xffff];

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

export function tsresol(buf: Buffer, off: number, len: number, le: boolean): number {
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


/** A seed capture, decoded once so that each input can take a window of its packets. */
export interface FuzzSeed {
  name: string;
  raw: Buffer;
  packets: FuzzPacket[];
}
