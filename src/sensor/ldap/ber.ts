// Minimal BER (X.690) reading for LDAP: definite lengths only, as RFC 4511 requires.
import { readChildren, readTlvAt } from '../../net/asn1.js';

export interface Tlv {
  tag: number;
  /** offset of the value */
  start: number;
  /** offset after the value */
  end: number;
}

/** Largest BER length accepted. */
export const MAX_BER_LENGTH = 64 * 1024 * 1024;

/** Reads one TLV header at `off`; null when incomplete or invalid (see `berTotalLength`). */
export function readTlv(buf: Buffer, off: number, limit = buf.length): Tlv | null {
  const t = readTlvAt(buf, off, limit, 4, MAX_BER_LENGTH);
  return t && { tag: t.tag, start: t.start, end: t.end };
}

/** The header of the TLV at `off`: its total size when the header is complete, -1 invalid, 0 need more. */
export function berTotalLength(buf: Buffer, off = 0): number {
  if (buf.length < off + 2) return 0;
  const l0 = buf[off + 1]!;
  if (!(l0 & 0x80)) return 2 + l0;
  const n = l0 & 0x7f;
  if (n === 0 || n > 4) return -1;
  if (buf.length < off + 2 + n) return 0;
  let l = 0;
  for (let i = 0; i < n; i++) l = l * 256 + buf[off + 2 + i]!;
  if (l > MAX_BER_LENGTH) return -1;
  return 2 + n + l;
}

export function readInt(buf: Buffer, t: Tlv): number {
  const n = t.end - t.start;
  if (n === 0 || n > 6) return 0;
  let v = 0;
  for (let i = t.start; i < t.end; i++) v = v * 256 + buf[i]!;
  return buf[t.start]! & 0x80 ? v - 256 ** n : v;
}

export function readStr(buf: Buffer, t: Tlv): string {
  return buf.toString('utf8', t.start, t.end);
}

/** The TLVs directly inside a constructed value (at most `max`). */
export function children(buf: Buffer, t: Tlv, max = 10000): Tlv[] {
  return readChildren(t.start, t.end, (off, limit) => readTlv(buf, off, limit), max).items;
}
