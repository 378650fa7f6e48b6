// pcapng (draft-ietf-opsawg-pcapng): sections (SHB) each with their own byte order, interfaces (IDB)
// with their own link type, timestamp resolution and offset, and packets in EPB, SPB and the
// obsolete PB. Other blocks (name resolution, statistics, custom) are skipped by length.
import { ChunkBuffer } from './chunk-buffer.js';
import type { CaptureParser, CaptureProblemSink, PacketSink } from './packet-sink.js';

/** A block longer than this is corrupt (pcapng blocks carry one packet at most). */
export const MAX_PCAPNG_BLOCK = 1024 * 1024;

const SHB = 0x0a0d0d0a;
const IDB = 1;
const PB = 2;
const SPB = 3;
const EPB = 6;
const BOM = 0x1a2b3c4d;

interface Interface {
  linktype: number;
  snaplen: number;
  /** multiply the 64-bit timestamp by this to get seconds */
  tsScale: number;
  /** timestamp units per second (for exact integer arithmetic) */
  tsPerSecond: bigint;
  tsOffset: number;
}

export class PcapngParser implements CaptureParser {
  packets = 0;
  stopped = false;
  private readonly chunks = new ChunkBuffer();
  private le = true;
  private interfaces: Interface[] = [];

  constructor(
    private readonly sink: PacketSink,
    private readonly problem: CaptureProblemSink,
  ) {}

  feed(chunk: Buffer): void {
    if (this.stopped) return;
    const buf = this.chunks.join(chunk);
    let off = 0;
    while (off + 12 <= buf.length) {
      const rawType = buf.readUInt32LE(off);
      if (rawType === SHB) {
        // The byte order of a section is given by its own byte-order magic.
        const bom = buf.readUInt32LE(off + 8);
        if (bom === BOM) this.le = true;
        else if (bom === 0x4d3c2b1a) this.le = false;
        else return this.stop(`section header at byte offset ${off} has a bad byte-order magic`);
      }
      const type = this.u32(buf, off);
      const blockLen = this.u32(buf, off + 4);
      if (blockLen < 12 || blockLen % 4 !== 0 || blockLen > MAX_PCAPNG_BLOCK) {
        return this.stop(`block of type ${type} has an impossible length ${blockLen}`);
      }
      if (off + blockLen > buf.length) break;
      this.block(type, buf, off, blockLen);
      if (this.stopped) return;
      off += blockLen;
    }
    this.chunks.keep(buf, off);
  }

  end(): void {
    if (!this.stopped && this.chunks.leftover > 0) {
      this.problem('truncated_capture', `the last block is cut short (${this.chunks.leftover} bytes left over)`);
    }
  }

  private stop(detail: string): void {
    this.problem('pcapng_bad_block', `${detail}; the rest of the file is ignored`);
    this.stopped = true;
  }

  private u32(buf: Buffer, off: number): number {
    return this.le ? buf.readUInt32LE(off) : buf.readUInt32BE(off);
  }
  private u16(buf: Buffer, off: number): number {
    return this.le ? buf.readUInt16LE(off) : buf.readUInt16BE(off);
  }

  private block(type: number, buf: Buffer, off: number, len: number): void {
    const end = off + len - 4; // trailing block length
    switch (type) {
      case SHB:
        this.interfaces = []; // interface ids are per section
        return;
      case IDB:
        if (len < 20) return this.problem('pcapng_bad_idb', 'interface description block too short');
        this.interfaces.push(this.readIdb(buf, off, end));
        return;
      case EPB: {
        if (len < 32) return this.problem('pcapng_bad_epb', 'enhanced packet block too short');
        const ifc = this.interfaces[this.u32(buf, off + 8)];
        const caplen = this.u32(buf, off + 20);
        const wirelen = this.u32(buf, off + 24);
        if (!ifc) return this.problem('pcapng_unknown_interface', `packet names interface ${this.u32(buf, off + 8)} that was not described`);
        if (28 + caplen > len - 4) return this.problem('pcapng_bad_epb', `captured length ${caplen} exceeds its block`);
        const ts = this.timestamp(ifc, this.u32(buf, off + 12), this.u32(buf, off + 16));
        this.packets++;
        this.sink(ifc.linktype, ts, buf, off + 28, caplen, wirelen < caplen ? caplen : wirelen);
        return;
      }
      case PB: {
        if (len < 32) return this.problem('pcapng_bad_pb', 'packet block too short');
        const ifc = this.interfaces[this.u16(buf, off + 8)];
        const caplen = this.u32(buf, off + 20);
        const wirelen = this.u32(buf, off + 24);
        if (!ifc || 28 + caplen > len - 4) return this.problem('pcapng_bad_pb', 'packet block does not fit or names no interface');
        this.packets++;
        this.sink(ifc.linktype, this.timestamp(ifc, this.u32(buf, off + 12), this.u32(buf, off + 16)), buf, off + 28, caplen, wirelen < caplen ? caplen : wirelen);
        return;
      }
      case SPB: {
        const ifc = this.interfaces[0];
        if (!ifc || len < 16) return this.problem('pcapng_bad_spb', 'simple packet block without interface 0 or too short');
        const wirelen = this.u32(buf, off + 8);
        let caplen = Math.min(wirelen, len - 16);
        if (ifc.snaplen > 0 && caplen > ifc.snaplen) caplen = ifc.snaplen;
        this.packets++;
        // SPB has no timestamp: use 0 so that the flow table keeps its own clock.
        this.sink(ifc.linktype, 0, buf, off + 12, caplen, wirelen);
        return;
      }
      default:
        return; // NRB, ISB, DSB, custom: nothing the sensor needs
    }
  }

  private readIdb(buf: Buffer, off: number, end: number): Interface {
    const ifc: Interface = { linktype: this.u16(buf, off + 8), snaplen: this.u32(buf, off + 12), tsScale: 1e-6, tsPerSecond: 1000000n, tsOffset: 0 };
    let o = off + 16;
    while (o + 4 <= end) {
      const code = this.u16(buf, o);
      const olen = this.u16(buf, o + 2);
      if (code === 0 || o + 4 + olen > end) break;
      if (code === 9 && olen >= 1) {
        const r = buf[o + 4]!;
        ifc.tsScale = r & 0x80 ? Math.pow(2, -(r & 0x7f)) : Math.pow(10, -r);
        ifc.tsPerSecond = r & 0x80 ? 1n << BigInt(r & 0x7f) : 10n ** BigInt(r);
      } else if (code === 14 && olen >= 8) {
        const hi = this.u32(buf, o + 4 + (this.le ? 4 : 0));
        const lo = this.u32(buf, o + 4 + (this.le ? 0 : 4));
        ifc.tsOffset = hi * 4294967296 + lo;
      }
      o += 4 + ((olen + 3) & ~3);
    }
    return ifc;
  }

  private timestamp(ifc: Interface, hi: number, lo: number): number {
    if (ifc.tsScale === 1e-6) {
      // exact in doubles: microsecond counts stay below 2^53 for the next few centuries
      const units = hi * 4294967296 + lo;
      return ifc.tsOffset + Math.floor(units / 1e6) + (units % 1e6) / 1e6;
    }
    // Finer resolutions overflow 2^53: integer arithmetic, then truncation to microseconds as
    // libpcap (and so Zeek and tcpdump) reads them.
    const units = (BigInt(hi) << 32n) | BigInt(lo);
    const perSecond = ifc.tsPerSecond;
    const sec = units / perSecond;
    const usec = ((units % perSecond) * 1000000n) / perSecond;
    return ifc.tsOffset + Number(sec) + Number(usec) / 1e6;
  }

}
