// Joins the unconsumed tail of the previous chunk with the next one, so that record parsers see
// whole records. Only the tail (less than one record) is ever copied.
export class ChunkBuffer {
  private pending: Buffer | null = null;

  /** Returns the bytes to parse: the leftover followed by `chunk`. */
  join(chunk: Buffer): Buffer {
    if (!this.pending || this.pending.length === 0) return chunk;
    const joined = Buffer.concat([this.pending, chunk]);
    this.pending = null;
    return joined;
  }

  /** Keeps `buf[from..]` for the next call (copied: the caller may reuse `buf`). */
  keep(buf: Buffer, from: number): void {
    this.pending = from < buf.length ? Buffer.from(buf.subarray(from)) : null;
  }

  get leftover(): number {
    return this.pending ? this.pending.length : 0;
  }
}
