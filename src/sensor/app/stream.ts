// In-order delivery of one TCP direction's payload to an analyzer. In-order segments go straight
// through without a copy; out-of-order ones are copied and held (bounded by MAX_BUFFERED_BYTES per
// direction) until the hole fills, or until the peer's acknowledgement (or the end of the
// connection) shows the hole will never fill, when it is reported as a gap and delivery goes on.

/** Out-of-order bytes held per direction before the oldest hole is given up as a gap. */
export const MAX_BUFFERED_BYTES = 256 * 1024;

export interface StreamSink {
  data(buf: Buffer): void;
  gap(len: number): void;
}

interface Held {
  seq: number;
  buf: Buffer;
}

export class StreamReassembler {
  /** relative sequence of the next byte to deliver (1 = first byte after the SYN) */
  next = 1;
  private held: Held[] = [];
  private heldBytes = 0;

  constructor(private readonly sink: StreamSink) {}

  /** A segment of payload at relative sequence `seq`. */
  segment(seq: number, buf: Buffer): void {
    let end = seq + buf.length;
    if (end <= this.next) return; // retransmission of delivered bytes
    if (seq <= this.next) {
      this.sink.data(seq < this.next ? buf.subarray(this.next - seq) : buf);
      this.next = end;
      this.drain();
      return;
    }
    // Out of order: hold a copy, trimmed against what is already held (first copy wins).
    for (const h of this.held) {
      const hEnd = h.seq + h.buf.length;
      if (seq >= h.seq && end <= hEnd) return;
    }
    this.held.push({ seq, buf: Buffer.from(buf) });
    this.held.sort((a, b) => a.seq - b.seq);
    this.heldBytes += buf.length;
    while (this.heldBytes > MAX_BUFFERED_BYTES && this.held.length) this.skipTo(this.held[0]!.seq);
    end = 0;
  }

  /** The peer acknowledged up to `seq`: bytes below it that are missing will never come. */
  acked(seq: number): void {
    if (seq > this.next && this.held.length && this.held[0]!.seq < seq) this.skipTo(this.held[0]!.seq);
  }

  /** End of connection: give up every remaining hole and deliver what is held. */
  flush(): void {
    while (this.held.length) this.skipTo(this.held[0]!.seq);
  }

  private skipTo(seq: number): void {
    if (seq > this.next) {
      this.sink.gap(seq - this.next);
      this.next = seq;
    }
    this.drain();
  }

  private drain(): void {
    while (this.held.length) {
      const h = this.held[0]!;
      if (h.seq > this.next) return;
      this.held.shift();
      this.heldBytes -= h.buf.length;
      const end = h.seq + h.buf.length;
      if (end > this.next) {
        this.sink.data(h.buf.subarray(this.next - h.seq));
        this.next = end;
      }
    }
  }
}
