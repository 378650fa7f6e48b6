// Streaming, synchronous decoding of gzip/deflate content codings, as Zeek's ZIP analyzer does for
// HTTP bodies: the header decides the format (gzip, zlib, or raw deflate for servers that omit the
// zlib header), and an error ends decoding with an inflate_failed weird. Zeek counts and hashes the
// decoded bytes, so file analysis and body lengths see the output of this decoder.
import zlib from 'node:zlib';

/** Decoded bytes produced from one input chunk before the decoder gives up (decompression bombs). */
export const MAX_DECODED_PER_CHUNK = 16 * 1024 * 1024;

/** Output buffer per inflate call. */
const OUT_CHUNK = 64 * 1024;

// Node's zlib streams are asynchronous; its *Sync functions take whole inputs. Analyzers are
// synchronous and see bodies in pieces, so this drives the zlib handle directly, as Node's own
// processChunkSync does (without closing the handle after each piece).
interface ZlibHandle {
  writeSync(flush: number, input: Buffer, inOff: number, inLen: number, out: Buffer, outOff: number, outLen: number): void;
}
interface SyncZlib {
  _handle: ZlibHandle | null;
  _writeState: Uint32Array;
  destroyed: boolean;
  on(event: 'error', cb: () => void): void;
  close(): void;
}

function inflateChunk(e: SyncZlib, input: Buffer): Buffer | null {
  const outs: Buffer[] = [];
  let total = 0;
  let inOff = 0;
  let availIn = input.length;
  for (;;) {
    const h = e._handle;
    if (!h || e.destroyed) return null;
    const out = Buffer.allocUnsafe(OUT_CHUNK);
    h.writeSync(zlib.constants.Z_SYNC_FLUSH, input, inOff, availIn, out, 0, OUT_CHUNK);
    if (e.destroyed || !e._handle) return null; // zlib reported an error
    const availOutAfter = e._writeState[0]!;
    const availInAfter = e._writeState[1]!;
    const have = OUT_CHUNK - availOutAfter;
    if (have > 0) {
      outs.push(out.subarray(0, have));
      total += have;
      if (total > MAX_DECODED_PER_CHUNK) return null;
    }
    inOff += availIn - availInAfter;
    availIn = availInAfter;
    if (availOutAfter !== 0) break;
  }
  return outs.length === 1 ? outs[0]! : Buffer.concat(outs, total);
}

export class BodyDecoder {
  private engine: SyncZlib | null = null;
  private head: Buffer | null = Buffer.alloc(0);
  failed = false;

  /** Decoded bytes for `input` (possibly empty); null once decoding has failed. */
  write(input: Buffer): Buffer | null {
    if (this.failed) return null;
    let buf = input;
    if (!this.engine) {
      // Two bytes decide the format.
      buf = this.head!.length ? Buffer.concat([this.head!, input]) : input;
      if (buf.length < 2) {
        this.head = Buffer.from(buf);
        return Buffer.alloc(0);
      }
      this.head = null;
      const opts = {};
      const zlibHeader = (buf[0]! & 0x0f) === 8 && ((buf[0]! << 8) | buf[1]!) % 31 === 0;
      const e = (buf[0] === 0x1f && buf[1] === 0x8b ? zlib.createGunzip(opts) : zlibHeader ? zlib.createInflate(opts) : zlib.createInflateRaw(opts)) as unknown as SyncZlib;
      e.on('error', () => {});
      this.engine = e;
    }
    let out: Buffer | null = null;
    try {
      out = inflateChunk(this.engine, buf);
    } catch {
      out = null;
    }
    if (!out) this.fail();
    return out;
  }

  private fail(): void {
    this.failed = true;
    try {
      this.engine?.close();
    } catch {
      /* already closed */
    }
    this.engine = null;
  }

  close(): void {
    if (this.engine) this.fail();
    this.failed = true;
  }
}
