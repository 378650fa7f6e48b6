import { Readable } from 'node:stream';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { InputFormatError } from '../../schema/errors.js';
import { pcapBytes } from '../../simulate/pcap-writer.js';
import { detectCaptureFormat, isGzip, readCaptureStream } from './open-capture.js';

function frames(n: number): { ts: number; frame: Buffer }[] {
  return Array.from({ length: n }, (_, i) => ({ ts: 1_700_000_000 + i * 0.25, frame: Buffer.alloc(60 + (i % 7) * 100, i & 255) }));
}

/** A minimal pcapng: SHB, one Ethernet IDB, `n` EPBs (little-endian, microseconds). */
function pcapng(n: number): Buffer {
  const parts: Buffer[] = [];
  const shb = Buffer.alloc(28);
  shb.writeUInt32LE(0x0a0d0d0a, 0);
  shb.writeUInt32LE(28, 4);
  shb.writeUInt32LE(0x1a2b3c4d, 8);
  shb.writeUInt16LE(1, 12);
  shb.fill(0xff, 16, 24);
  shb.writeUInt32LE(28, 24);
  const idb = Buffer.alloc(20);
  idb.writeUInt32LE(1, 0);
  idb.writeUInt32LE(20, 4);
  idb.writeUInt16LE(1, 8);
  idb.writeUInt32LE(20, 16);
  parts.push(shb, idb);
  for (let i = 0; i < n; i++) {
    const epb = Buffer.alloc(32 + 64);
    epb.writeUInt32LE(6, 0);
    epb.writeUInt32LE(epb.length, 4);
    epb.writeUInt32LE(0, 12);
    epb.writeUInt32LE(i * 1_000_000, 16);
    epb.writeUInt32LE(64, 20);
    epb.writeUInt32LE(64, 24);
    epb.fill(i, 28, 92);
    epb.writeUInt32LE(epb.length, 92);
    parts.push(epb);
  }
  return Buffer.concat(parts);
}

async function read(chunks: Buffer[], name = 'test.pcap') {
  const packets: string[] = [];
  const problems: string[] = [];
  const summary = await readCaptureStream(Readable.from(chunks), name, {
    onPacket: (lt, ts, buf, off, caplen, wirelen) => packets.push(`${lt} ${ts} ${wirelen} ${buf.subarray(off, off + caplen).toString('hex')}`),
    onProblem: (n) => problems.push(n),
  });
  return { packets, problems, summary };
}

function chunked(b: Buffer, size: number): Buffer[] {
  const out: Buffer[] = [];
  for (let o = 0; o < b.length; o += size) out.push(b.subarray(o, o + size));
  return out;
}

async function error(p: Promise<unknown>): Promise<InputFormatError> {
  try {
    await p;
  } catch (err) {
    expect(err).toBeInstanceOf(InputFormatError);
    return err as InputFormatError;
  }
  throw new Error('expected an InputFormatError');
}

describe('detectCaptureFormat / isGzip', () => {
  it('recognises the four pcap magics, pcapng and gzip', () => {
    const m = (n: number, le = true) => {
      const b = Buffer.alloc(4);
      if (le) b.writeUInt32LE(n);
      else b.writeUInt32BE(n);
      return b;
    };
    expect(detectCaptureFormat(m(0xa1b2c3d4))).toBe('pcap');
    expect(detectCaptureFormat(m(0xa1b2c3d4, false))).toBe('pcap');
    expect(detectCaptureFormat(m(0xa1b23c4d))).toBe('pcap');
    expect(detectCaptureFormat(m(0xa1b23c4d, false))).toBe('pcap');
    expect(detectCaptureFormat(m(0x0a0d0d0a))).toBe('pcapng');
    expect(detectCaptureFormat(Buffer.from('GET / HTTP/1.1'))).toBeNull();
    expect(detectCaptureFormat(Buffer.from([0xd4, 0xc3, 0xb2]))).toBeNull();
    expect(isGzip(Buffer.from([0x1f, 0x8b, 8, 0]))).toBe(true);
    expect(isGzip(Buffer.from([0x1f]))).toBe(false);
  });
});

describe('readCaptureStream', () => {
  const pcap = pcapBytes(frames(20));

  it('reads a pcap stream and summarises it', async () => {
    const r = await read([pcap]);
    expect(r.problems).toEqual([]);
    expect(r.packets.length).toBe(20);
    expect(r.summary).toEqual({ format: 'pcap', packets: 20, bytesRead: pcap.length, stopped: false });
    expect(r.packets[1]).toMatch(/^1 1700000000\.25 160 /);
  });

  it('gives the same packets whatever the chunking, down to one byte', async () => {
    const whole = await read([pcap]);
    for (const size of [1, 2, 3, 5, 23, 24, 25, 4096]) {
      const r = await read(chunked(pcap, size));
      expect(r.packets).toEqual(whole.packets);
      expect(r.problems).toEqual([]);
    }
  });

  it('reads pcapng', async () => {
    const ng = pcapng(5);
    const r = await read(chunked(ng, 7), 'x.pcapng');
    expect(r.summary.format).toBe('pcapng');
    expect(r.packets.length).toBe(5);
    expect(r.problems).toEqual([]);
  });

  it('unwraps gzip and gives the same packets (whole or in small chunks)', async () => {
    const whole = await read([pcap]);
    const gz = gzipSync(pcap);
    for (const size of [gz.length, 1, 3, 100]) {
      const r = await read(chunked(gz, size), 'test.pcap.gz');
      expect(r.problems).toEqual([]);
      expect(r.packets).toEqual(whole.packets);
      expect(r.summary.format).toBe('pcap');
      expect(r.summary.packets).toBe(20);
    }
    const ng = await read([gzipSync(pcapng(3))]);
    expect(ng.summary.format).toBe('pcapng');
    expect(ng.packets.length).toBe(3);
  });

  it('keeps the packets before a corrupt gzip stream ends, and reports a read error', async () => {
    const gz = gzipSync(pcapBytes(frames(200)));
    const r = await read([gz.subarray(0, Math.floor(gz.length * 0.7))], 'cut.pcap.gz');
    expect(r.packets.length).toBeGreaterThan(0);
    expect(r.packets.length).toBeLessThan(200);
    expect(r.problems[0]).toBe('capture_read_error');
  });

  it('rejects an empty input with an error naming it', async () => {
    const err = await error(read([], 'empty.pcap'));
    expect(err.code).toBe('empty_capture');
    expect(err.message).toContain('empty.pcap');
    expect(err.message).toContain('empty');
  });

  it('rejects an input shorter than a magic number', async () => {
    const err = await error(read([Buffer.from([0xd4, 0xc3])], 'short.pcap'));
    expect(err.code).toBe('empty_capture');
    expect(err.message).toContain('short.pcap');
  });

  it('rejects a file that is not a capture, naming it and what was expected', async () => {
    const err = await error(read([Buffer.from('{"ts": 1, "uid": "C1"}\n')], 'conn.log'));
    expect(err.code).toBe('not_a_capture');
    expect(err.message).toContain('conn.log');
    expect(err.message).toMatch(/pcap/);
    expect(err.message).toContain('7b227473'); // the bytes found
  });

  it('rejects gzip-compressed data that is not a capture', async () => {
    const err = await error(read([gzipSync(Buffer.from('hello world, not a capture'))], 'notes.gz'));
    expect(err.code).toBe('not_a_capture');
    expect(err.message).toContain('notes.gz');
  });

  it('reports a truncated capture at the end of the stream', async () => {
    const r = await read([pcap.subarray(0, pcap.length - 10)]);
    expect(r.packets.length).toBe(19);
    expect(r.problems).toEqual(['truncated_capture']);
  });
});
