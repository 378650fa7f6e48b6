// One side of a TCP connection, with Zeek's endpoint states and sequence bookkeeping, plus a
// range-only reassembler that finds content gaps (bytes acknowledged that the sensor never saw).
// Stream analyzers (next stage) attach to the same ranges.
import { seqDelta } from './seq.js';

export const enum TcpState {
  INACTIVE = 0,
  SYN_SENT = 1,
  SYN_ACK_SENT = 2,
  PARTIAL = 3,
  ESTABLISHED = 4,
  CLOSED = 5,
  RESET = 6,
}

/** Out-of-order ranges kept per direction before the oldest are dropped as gaps. */
export const MAX_PENDING_RANGES = 128;

export class TcpEndpoint {
  state = TcpState.INACTIVE;
  prevState = TcpState.INACTIVE;
  /** start_seq as a full (64-bit style) number; may be −1 for a partial stream starting at seq 0 */
  startSeq = 0;
  lastSeq = 0;
  lastSeqHigh = 0;
  ackSeq = 0;
  ackSeqHigh = 0;
  finCnt = 0;
  rstCnt = 0;
  /** relative sequence one past the FIN */
  finSeq = 0;
  didClose = false;
  histLastSyn = 0;
  histLastFin = 0;
  histLastRst = 0;
  /** scaled-history counters and thresholds: retransmissions, zero windows, gaps, checksum errors */
  rxmtCnt = 0; rxmtThresh = 1;
  win0Cnt = 0; win0Thresh = 1;
  gapCnt = 0; gapThresh = 1;
  chkCnt = 0; chkThresh = 1;

  /** reassembly: everything below lastReassem (relative) has been seen or declared a gap */
  lastReassem = 1;
  /** pending out-of-order ranges beyond lastReassem, as flat [start, end, start, end, …], sorted */
  ranges: number[] = [];

  constructor(readonly isOrig: boolean) {}

  setState(s: TcpState): void {
    if (s !== this.state) {
      this.prevState = this.state;
      this.state = s;
    }
  }

  initStartSeq(seq: number): void {
    this.startSeq = seq;
  }
  initLastSeq(seq: number): void {
    this.lastSeq = seq >>> 0;
  }
  initAckSeq(seq: number): void {
    this.ackSeq = seq >>> 0;
  }
  updateLastSeq(seq: number): void {
    seq >>>= 0;
    if (seq < this.lastSeq) this.lastSeqHigh++;
    this.lastSeq = seq;
  }
  updateAckSeq(seq: number): void {
    seq >>>= 0;
    if (seq < this.ackSeq) this.ackSeqHigh++;
    this.ackSeq = seq;
  }

  /** The 32-bit start sequence number. */
  startSeq32(): number {
    return this.startSeq >>> 0;
  }

  /** Payload bytes in sequence space, as Zeek's TCP_Endpoint::Size(). */
  size(peerState: TcpState): number {
    if (this.prevState === TcpState.SYN_SENT && this.state === TcpState.RESET && peerState === TcpState.INACTIVE && !this.noDataAcked()) return 0;
    const last = this.lastSeqHigh * 4294967296 + this.lastSeq;
    const ack = this.ackSeqHigh * 4294967296 + this.ackSeq;
    let size = (last > ack ? last : ack) - this.startSeq;
    if (size < 0) size += 4294967296; // start was wrapped below zero (partial stream at seq 0)
    if (size > 0) size--;
    if (this.finCnt > 0 && size > 0) size--;
    return size;
  }

  noDataAcked(): boolean {
    const ack = this.ackSeqHigh * 4294967296 + this.ackSeq;
    return ack === this.startSeq || ack === this.startSeq + 1;
  }

  /** Relative sequence of `cur` (Zeek's get_relative_seq); NaN signals an underflow. */
  relativeSeq(cur: number, last: number, wraps: number): number {
    const delta = seqDelta(cur, last);
    if (delta < 0) {
      if (wraps && cur > last) wraps--;
    } else if (delta > 0) {
      if (cur < last) wraps++;
    }
    if (wraps === 0) {
      const d = seqDelta(cur, this.startSeq >>> 0);
      return d < 0 ? NaN : d;
    }
    return wraps * 4294967296 + cur - this.startSeq;
  }

  /** Records payload [seq, seq+len) as seen; returns nothing (ranges only). */
  dataSent(seq: number, len: number): void {
    const end = seq + len;
    if (end <= this.lastReassem) return; // old data
    const r = this.ranges;
    if (seq <= this.lastReassem) {
      this.lastReassem = end;
      // pull in ranges that are now contiguous
      let i = 0;
      while (i < r.length && r[i]! <= this.lastReassem) {
        if (r[i + 1]! > this.lastReassem) this.lastReassem = r[i + 1]!;
        i += 2;
      }
      if (i) r.splice(0, i);
      return;
    }
    // insert [seq, end) keeping ranges sorted and merged
    let i = 0;
    while (i < r.length && r[i + 1]! < seq) i += 2;
    let s = seq;
    let e = end;
    let j = i;
    while (j < r.length && r[j]! <= e) {
      if (r[j]! < s) s = r[j]!;
      if (r[j + 1]! > e) e = r[j + 1]!;
      j += 2;
    }
    r.splice(i, j - i, s, e);
    if (r.length > MAX_PENDING_RANGES * 2) r.splice(0, 2);
  }

  /**
   * The peer acknowledged up to `seq` (relative). Bytes below it that were never seen are a gap:
   * returns how many (the caller decides whether to report it, as Zeek does only for clean
   * connections).
   */
  trimTo(seq: number): number {
    if (seq <= this.lastReassem) return 0;
    let missing = 0;
    const r = this.ranges;
    let cur = this.lastReassem;
    let i = 0;
    while (i < r.length && r[i]! < seq) {
      if (r[i]! > cur) missing += r[i]! - cur;
      if (r[i + 1]! > cur) cur = r[i + 1]!;
      i += 2;
    }
    if (seq > cur) missing += seq - cur;
    if (cur > seq) seq = cur;
    if (i) r.splice(0, i);
    this.lastReassem = seq;
    return missing;
  }
}
