// Mutations: structured ones on frames (header fields, fragmentation, tunnel wrapping, truncation, time) and byte-level ones on the encoded file.
import { INTERESTING, Rng, chance, int, pick, randBytes } from './rng.js';
import { FuzzPacket, FuzzSeed, LINKTYPES } from './packet-model.js';
import { UDP_TUNNEL_PORTS, ethernetFrame, fixChecksums, ipOffset, ipv4, randomPackets, u16 } from './frames.js';

// ---------------------------------------------------------------- structured mutations

export type PacketMutation = (r: Rng, pkts: FuzzPacket[]) => void;

export const anyPacket = (r: Rng, pkts: FuzzPacket[]): FuzzPacket | undefined => (pkts.length ? pick(r, pkts) : undefined);

/** Copy-on-write: packets may share buffers with a seed, which must stay intact. */
export function own(p: FuzzPacket): Buffer {
  p.data = Buffer.from(p.data);
  return p.data;
}

export const PACKET_MUTATIONS: Record<string, PacketMutation> = {
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

export function writeInteresting(r: Rng, b: Buffer, at: number, width: number, littleEndian: boolean): void {
  const v = chance(r, 0.7) ? pick(r, INTERESTING) : int(r, 2 ** 32);
  if (width === 1) b[at] = chance(r, 0.5) ? v & 0xff : int(r, 256);
  else if (width === 2) littleEndian ? b.writeUInt16LE(v & 0xffff, at) : b.writeUInt16BE(v & 0xffff, at);
  else littleEndian ? b.writeUInt32LE(v >>> 0, at) : b.writeUInt32BE(v >>> 0, at);
}

// ---------------------------------------------------------------- byte mutations (on the file)

export type ByteMutation = (r: Rng, b: Buffer, corpus: readonly FuzzSeed[]) => Buffer;

/** Offsets of the records (pcap) or blocks (pcapng) of a file, as far as they parse. */
export function recordOffsets(b: Buffer): { pcapng: boolean; le: boolean; offs: number[] } {
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
export function randomBlock(r: Rng, le: boolean): Buffer {
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

export const BYTE_MUTATIONS: Record<string, ByteMutation> = {
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

