import { describe, expect, it } from 'vitest';
import { MAX_PCAP_RECORD, PcapParser } from './pcap-parser.js';

interface Rec {
  sec: number;
  frac: number;
  data: Buffer;
  wirelen?: number;
  /** overrides the caplen field (to build corrupt files) */
  caplen?: number;
}

/** A classic pcap image in either byte order and resolution. */
function pcap(records: Rec[], opts: { le?: boolean; ns?: boolean; linktype?: number; snaplen?: number } = {}): Buffer {
  const le = opts.le ?? true;
  const u32 = (b: Buffer, v: number, o: number) => (le ? b.writeUInt32LE(v >>> 0, o) : b.writeUInt32BE(v >>> 0, o));
  const u16 = (b: Buffer, v: number, o: number) => (le ? b.writeUInt16LE(v, o) : b.writeUInt16BE(v, o));
  const h = Buffer.alloc(24);
  u32(h, opts.ns ? 0xa1b23c4d : 0xa1b2c3d4, 0);
  u16(h, 2, 4);
  u16(h, 4, 6);
  u32(h, opts.snaplen ?? 65535, 16);
  u32(h, opts.linktype ?? 1, 20);
  const parts: Buffer[] = [h];
  for (const r of records) {
    const rh = Buffer.alloc(16);
    u32(rh, r.sec, 0);
    u32(rh, r.frac, 4);
    u32(rh, r.caplen ?? r.data.length, 8);
    u32(rh, r.wirelen ?? r.data.length, 12);
    parts.push(rh, r.data);
  }
  return Buffer.concat(parts);
}

interface Got {
  linktype: number;
  ts: number;
  data: Buffer;
  wirelen: number;
}

/** One comparable string per packet (deep-equality on Buffers is slow). */
function sig(packets: Got[]): string[] {
  return packets.map((p) => `${p.linktype} ${p.ts} ${p.wirelen} ${p.data.toString('hex')}`);
}

function collector() {
  const packets: Got[] = [];
  const problems: { name: string; detail: string }[] = [];
  const parser = new PcapParser(
    // the buffer is only valid during the call: copy
    (linktype, ts, buf, off, caplen, wirelen) => packets.push({ linktype, ts, data: Buffer.from(buf.subarray(off, off + caplen)), wirelen }),
    (name, detail) => problems.push({ name, detail }),
  );
  return { parser, packets, problems };
}

function rng(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13;
    s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5;
    s >>>= 0;
    return s / 4294967296;
  };
}

function bytes(n: number, seed: number): Buffer {
  const r = rng(seed);
  return Buffer.from(Array.from({ length: n }, () => Math.floor(r() * 256)));
}

const RECORDS: Rec[] = [
  { sec: 1_700_000_000, frac: 123_456, data: bytes(60, 1) },
  { sec: 1_700_000_001, frac: 0, data: bytes(1514, 2), wirelen: 1514 },
  { sec: 1_700_000_001, frac: 999_999, data: bytes(0, 3) },
  { sec: 1_700_000_002, frac: 500_000, data: bytes(96, 4), wirelen: 1500 },
  { sec: 1_700_000_003, frac: 1, data: bytes(7, 5) },
];

describe('PcapParser', () => {
  for (const le of [true, false]) {
    for (const ns of [false, true]) {
      it(`reads ${le ? 'little' : 'big'}-endian ${ns ? 'nanosecond' : 'microsecond'} files`, () => {
        const recs: Rec[] = RECORDS.map((r) => ({ ...r, frac: ns ? r.frac * 1000 + 789 : r.frac }));
        const { parser, packets, problems } = collector();
        parser.feed(pcap(recs, { le, ns, linktype: 113 }));
        parser.end();
        expect(problems).toEqual([]);
        expect(parser.packets).toBe(recs.length);
        expect(parser.stopped).toBe(false);
        expect(packets.length).toBe(recs.length);
        packets.forEach((p, i) => {
          const r = recs[i]!;
          expect(p.linktype).toBe(113);
          expect(p.data.equals(r.data)).toBe(true);
          expect(p.wirelen).toBe(r.wirelen ?? r.data.length);
          // nanoseconds are truncated to microseconds, as libpcap (and so Zeek) reads them
          const usec = ns ? Math.floor(r.frac / 1000) : r.frac;
          expect(p.ts).toBe(r.sec + usec / 1e6);
        });
        expect(packets[0]!.ts).toBe(1_700_000_000.123456);
      });
    }
  }

  it('reads the snap length and masks the FCS bits off the link type', () => {
    const { parser, packets } = collector();
    parser.feed(pcap([{ sec: 1, frac: 0, data: bytes(20, 9) }], { linktype: 0x10000000 | 1, snaplen: 1234 }));
    parser.end();
    expect(parser.snaplen).toBe(1234);
    expect(packets[0]!.linktype).toBe(1);
  });

  it('reports a wire length shorter than the captured length as the captured length', () => {
    const { parser, packets } = collector();
    parser.feed(pcap([{ sec: 1, frac: 0, data: bytes(100, 9), wirelen: 40 }]));
    expect(packets[0]!.wirelen).toBe(100);
  });

  it('gives the same packets when the file is fed one byte at a time', () => {
    for (const [le, ns] of [[true, false], [false, true]] as const) {
      const file = pcap(RECORDS, { le, ns });
      const whole = collector();
      whole.parser.feed(file);
      whole.parser.end();
      const bytewise = collector();
      for (let i = 0; i < file.length; i++) bytewise.parser.feed(file.subarray(i, i + 1));
      bytewise.parser.end();
      expect(bytewise.problems).toEqual([]);
      expect(sig(bytewise.packets)).toEqual(sig(whole.packets));
      expect(bytewise.parser.packets).toBe(RECORDS.length);
    }
  });

  it('gives the same packets for random chunkings, including empty chunks', () => {
    const file = pcap(RECORDS);
    const whole = collector();
    whole.parser.feed(file);
    const r = rng(42);
    for (let trial = 0; trial < 200; trial++) {
      const c = collector();
      let o = 0;
      while (o < file.length) {
        const n = Math.floor(r() * 200);
        c.parser.feed(file.subarray(o, o + n));
        o += n;
      }
      c.parser.end();
      expect(c.problems).toEqual([]);
      expect(sig(c.packets)).toEqual(sig(whole.packets));
    }
  });

  it('splits the file at every byte boundary into two chunks with the same result', () => {
    const file = pcap(RECORDS.slice(0, 3));
    const whole = collector();
    whole.parser.feed(file);
    for (let cut = 0; cut <= file.length; cut++) {
      const c = collector();
      c.parser.feed(file.subarray(0, cut));
      c.parser.feed(file.subarray(cut));
      c.parser.end();
      expect(c.problems).toEqual([]);
      expect(sig(c.packets)).toEqual(sig(whole.packets));
    }
  });

  it('does not depend on the caller keeping the chunk unchanged after feed()', () => {
    const file = pcap(RECORDS);
    const whole = collector();
    whole.parser.feed(file);
    const c = collector();
    const scratch = Buffer.alloc(37);
    for (let o = 0; o < file.length; o += scratch.length) {
      const n = file.copy(scratch, 0, o, o + scratch.length);
      c.parser.feed(scratch.subarray(0, n));
      scratch.fill(0xee); // a reader reusing its buffer
    }
    c.parser.end();
    expect(sig(c.packets)).toEqual(sig(whole.packets));
  });

  it('reports a truncated last record and keeps the packets before it', () => {
    const file = pcap(RECORDS);
    for (const cut of [1, 6, 7, 8, 16, 22]) {
      const c = collector();
      c.parser.feed(file.subarray(0, file.length - cut));
      c.parser.end();
      expect(c.packets.length).toBe(RECORDS.length - 1);
      expect(c.problems.map((p) => p.name)).toEqual(['truncated_capture']);
    }
  });

  it('reports a file that ends inside the global header', () => {
    const c = collector();
    c.parser.feed(pcap([]).subarray(0, 20));
    c.parser.end();
    expect(c.packets).toEqual([]);
    expect(c.problems.map((p) => p.name)).toEqual(['truncated_capture_header']);
  });

  it('accepts a header-only file silently', () => {
    const c = collector();
    c.parser.feed(pcap([]));
    c.parser.end();
    expect(c.packets).toEqual([]);
    expect(c.problems).toEqual([]);
  });

  it('stops with a problem at an absurd captured length and ignores the rest', () => {
    const recs: Rec[] = [RECORDS[0]!, { sec: 2, frac: 0, data: bytes(40, 7), caplen: 0x7fffffff }, RECORDS[1]!];
    for (const le of [true, false]) {
      const c = collector();
      c.parser.feed(pcap(recs, { le }));
      expect(c.parser.stopped).toBe(true);
      c.parser.feed(pcap(RECORDS).subarray(24)); // more bytes after the stop are ignored
      c.parser.end();
      expect(c.packets.length).toBe(1);
      expect(c.parser.packets).toBe(1);
      expect(c.problems.map((p) => p.name)).toEqual(['pcap_bad_record_length']);
      expect(c.problems[0]!.detail).toContain('2147483647');
    }
  });

  it('accepts a record of exactly the maximum length', () => {
    const c = collector();
    c.parser.feed(pcap([{ sec: 1, frac: 0, data: Buffer.alloc(MAX_PCAP_RECORD, 1) }]));
    c.parser.end();
    expect(c.problems).toEqual([]);
    expect(c.packets[0]!.data.length).toBe(MAX_PCAP_RECORD);
  });
});
