// Writes classic pcap (microsecond, little-endian, Ethernet by default).
import { openSync, writeSync, closeSync } from 'node:fs';

export class PcapWriter {
  private readonly fd: number;
  private pending: Buffer[] = [];
  private size = 0;
  packets = 0;

  constructor(path: string, linktype = 1, snaplen = 262144) {
    this.fd = openSync(path, 'w');
    const h = Buffer.alloc(24);
    h.writeUInt32LE(0xa1b2c3d4, 0);
    h.writeUInt16LE(2, 4);
    h.writeUInt16LE(4, 6);
    h.writeUInt32LE(snaplen, 16);
    h.writeUInt32LE(linktype, 20);
    writeSync(this.fd, h);
  }

  write(ts: number, frame: Buffer, wirelen = frame.length): void {
    const h = Buffer.alloc(16);
    const sec = Math.floor(ts);
    let usec = Math.round((ts - sec) * 1e6);
    if (usec >= 1e6) usec = 999999;
    h.writeUInt32LE(sec, 0);
    h.writeUInt32LE(usec, 4);
    h.writeUInt32LE(frame.length, 8);
    h.writeUInt32LE(wirelen, 12);
    this.pending.push(h, frame);
    this.size += 16 + frame.length;
    this.packets++;
    if (this.size > 1 << 20) this.flush();
  }

  private flush(): void {
    if (!this.pending.length) return;
    writeSync(this.fd, Buffer.concat(this.pending));
    this.pending = [];
    this.size = 0;
  }

  close(): void {
    this.flush();
    closeSync(this.fd);
  }
}

/** Builds a pcap file image in memory (for tests and fuzzers). */
export function pcapBytes(records: { ts: number; frame: Buffer; wirelen?: number }[], linktype = 1): Buffer {
  const parts: Buffer[] = [];
  const h = Buffer.alloc(24);
  h.writeUInt32LE(0xa1b2c3d4, 0);
  h.writeUInt16LE(2, 4);
  h.writeUInt16LE(4, 6);
  h.writeUInt32LE(262144, 16);
  h.writeUInt32LE(linktype, 20);
  parts.push(h);
  for (const r of records) {
    const rh = Buffer.alloc(16);
    const sec = Math.floor(r.ts);
    rh.writeUInt32LE(sec, 0);
    rh.writeUInt32LE(Math.min(999999, Math.round((r.ts - sec) * 1e6)), 4);
    rh.writeUInt32LE(r.frame.length, 8);
    rh.writeUInt32LE(r.wirelen ?? r.frame.length, 12);
    parts.push(rh, r.frame);
  }
  return Buffer.concat(parts);
}
