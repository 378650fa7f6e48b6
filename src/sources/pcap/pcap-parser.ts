// Classic libpcap files: 24-byte global header, then 16-byte record headers. Both byte orders and
// both microsecond (a1b2c3d4) and nanosecond (a1b23c4d) resolutions.
import { ChunkBuffer } from './chunk-buffer.js';
import type { CaptureParser, CaptureProblemSink, PacketSink } from './packet-sink.js';

/** A record longer than this is not a packet: the file is corrupt from here on. */
export const MAX_PCAP_RECORD = 256 * 1024;
const GLOBAL_HEADER = 24;
const RECORD_HEADER = 16;

export class PcapParser implements CaptureParser {
  packets = 0;
  stopped = false;
  private readonly chunks = new ChunkBuffer();
  private haveHeader = false;
  private le = true;
  private fracScale = 1e-6;
  private linktype = 1;
  snaplen = 0;

  constructor(
    private readonly sink: PacketSink,
    private readonly problem: CaptureProblemSink,
  ) {}

  feed(chunk: Buffer): void {
    if (this.stopped) return;
    const buf = this.chunks.join(chunk);
    let off = 0;
    if (!this.haveHeader) {
      if (buf.length < GLOBAL_HEADER) return this.chunks.keep(buf, 0);
      this.readHeader(buf);
      off = GLOBAL_HEADER;
    }
    const le = this.le;
    const len = buf.length;
    while (off + RECORD_HEADER <= len) {
      const sec = le ? buf.readUInt32LE(off) : buf.readUInt32BE(off);
      const frac = le ? buf.readUInt32LE(off + 4) : buf.readUInt32BE(off + 4);
      const caplen = le ? buf.readUInt32LE(off + 8) : buf.readUInt32BE(off + 8);
      const wirelen = le ? buf.readUInt32LE(off + 12) : buf.readUInt32BE(off + 12);
      if (caplen > MAX_PCAP_RECORD) {
        this.problem('pcap_bad_record_length', `record ${this.packets + 1} claims ${caplen} bytes; the rest of the file is ignored`);
        this.stopped = true;
        return;
      }
      if (off + RECORD_HEADER + caplen > len) break;
      this.packets++;
      // Nanosecond files are truncated to microseconds, as libpcap (and so Zeek) reads them.
      const usec = this.fracScale === 1e-6 ? frac : Math.floor(frac / 1000);
      this.sink(this.linktype, sec + usec / 1e6, buf, off + RECORD_HEADER, caplen, wirelen < caplen ? caplen : wirelen);
      off += RECORD_HEADER + caplen;
    }
    this.chunks.keep(buf, off);
  }

  end(): void {
    if (this.stopped) return;
    if (!this.haveHeader) {
      this.problem('truncated_capture_header', `the file ends inside the ${GLOBAL_HEADER}-byte pcap header`);
    } else if (this.chunks.leftover > 0) {
      this.problem('truncated_capture', `the last record is cut short (${this.chunks.leftover} bytes left over)`);
    }
  }

  private readHeader(buf: Buffer): void {
    const magic = buf.readUInt32LE(0);
    this.le = magic === 0xa1b2c3d4 || magic === 0xa1b23c4d;
    const m = this.le ? magic : buf.readUInt32BE(0);
    this.fracScale = m === 0xa1b23c4d ? 1e-9 : 1e-6;
    this.snaplen = this.le ? buf.readUInt32LE(16) : buf.readUInt32BE(16);
    const lt = this.le ? buf.readUInt32LE(20) : buf.readUInt32BE(20);
    this.linktype = lt & 0x0fffffff; // upper bits carry FCS length flags
    this.haveHeader = true;
  }
}
