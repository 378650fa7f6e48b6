// IPv4 and IPv6 fragment reassembly. Bounded: at most MAX_PENDING_DATAGRAMS datagrams in progress,
// each at most MAX_DATAGRAM bytes and MAX_FRAGMENTS pieces, dropped after FRAGMENT_TIMEOUT seconds
// of event time. Overlaps are reported (fragment_overlap, and fragment_inconsistency when the
// overlapping bytes differ); the first copy of a byte wins, as Zeek does.
import type { WeirdFn } from './link.js';

export const MAX_PENDING_DATAGRAMS = 65536;
export const MAX_DATAGRAM = 65535 + 40;
export const MAX_FRAGMENTS = 256;
export const FRAGMENT_TIMEOUT = 60;

interface Piece {
  start: number;
  data: Buffer;
}

interface Datagram {
  first: number;
  /** header of the first fragment (offset 0), copied, or null until it arrives */
  header: Buffer | null;
  pieces: Piece[];
  /** total payload length once the last fragment (MF = 0) has been seen, else -1 */
  total: number;
}

export interface Reassembled {
  header: Buffer;
  payload: Buffer;
}

export class FragmentReassembler {
  private readonly pending = new Map<string, Datagram>();
  private oldest = Infinity;
  /** datagrams completed, expired and dropped for limits */
  completed = 0;
  expired = 0;
  dropped = 0;

  /**
   * Adds one fragment. `header` is the IP header of this fragment (used when offset is 0),
   * `payload` the fragment's data. Returns the whole datagram when this fragment completes it.
   */
  add(key: string, ts: number, offset: number, more: boolean, header: Buffer, payload: Buffer, weird: WeirdFn): Reassembled | null {
    if (ts - this.oldest > FRAGMENT_TIMEOUT) this.expire(ts);
    if (offset + payload.length > MAX_DATAGRAM) {
      weird('excessively_large_fragment');
      return null;
    }
    let d = this.pending.get(key);
    if (!d) {
      if (this.pending.size >= MAX_PENDING_DATAGRAMS) {
        this.dropped++;
        weird('fragment_table_full');
        return null;
      }
      d = { first: ts, header: null, pieces: [], total: -1 };
      this.pending.set(key, d);
      if (ts < this.oldest) this.oldest = ts;
    }
    if (d.pieces.length >= MAX_FRAGMENTS) {
      this.pending.delete(key);
      this.dropped++;
      weird('excessive_fragments');
      return null;
    }
    if (offset === 0) d.header = Buffer.from(header);
    if (!more) {
      const total = offset + payload.length;
      if (d.total >= 0 && d.total !== total) weird('fragment_size_inconsistency');
      d.total = total;
    }
    this.insert(d, offset, Buffer.from(payload), weird);
    if (d.total < 0 || !d.header) return null;
    // Complete when the pieces cover [0, total) without holes.
    let covered = 0;
    for (const piece of d.pieces) {
      if (piece.start > covered) return null;
      covered = Math.max(covered, piece.start + piece.data.length);
    }
    if (covered < d.total) return null;
    const out = Buffer.alloc(d.total);
    for (const piece of d.pieces) piece.data.copy(out, piece.start, 0, Math.max(0, Math.min(piece.data.length, d.total - piece.start)));
    this.pending.delete(key);
    this.completed++;
    return { header: d.header, payload: out };
  }

  /** Inserts keeping the first copy of every byte; reports overlaps. */
  private insert(d: Datagram, start: number, data: Buffer, weird: WeirdFn): void {
    const end = start + data.length;
    for (const p of d.pieces) {
      const pEnd = p.start + p.data.length;
      if (start < pEnd && p.start < end) {
        const from = Math.max(start, p.start);
        const to = Math.min(end, pEnd);
        const same = data.subarray(from - start, to - start).equals(p.data.subarray(from - p.start, to - p.start));
        weird(same ? 'fragment_overlap' : 'fragment_inconsistency');
        break;
      }
    }
    // Keep new bytes only where no earlier fragment covers them.
    let segs: Piece[] = [{ start, data }];
    for (const p of d.pieces) {
      const pEnd = p.start + p.data.length;
      const next: Piece[] = [];
      for (const s of segs) {
        const sEnd = s.start + s.data.length;
        if (sEnd <= p.start || s.start >= pEnd) {
          next.push(s);
          continue;
        }
        if (s.start < p.start) next.push({ start: s.start, data: s.data.subarray(0, p.start - s.start) });
        if (sEnd > pEnd) next.push({ start: pEnd, data: s.data.subarray(pEnd - s.start) });
      }
      segs = next;
      if (!segs.length) return;
    }
    for (const s of segs) if (s.data.length) d.pieces.push(s);
    d.pieces.sort((a, b) => a.start - b.start);
  }

  private expire(now: number): void {
    let oldest = Infinity;
    for (const [k, d] of this.pending) {
      if (now - d.first > FRAGMENT_TIMEOUT) {
        this.pending.delete(k);
        this.expired++;
      } else if (d.first < oldest) oldest = d.first;
    }
    this.oldest = oldest;
  }

  get size(): number {
    return this.pending.size;
  }
}
