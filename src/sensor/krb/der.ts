// Minimal ASN.1 DER/BER reader for Kerberos and SPNEGO: tag-length-value headers, integers, strings
// and GeneralizedTime. Pure functions over a Buffer; never throw (null means "not there / broken").
import { readChildren, readTlvAt } from '../../net/asn1.js';

export interface Tlv {
  /** first identifier byte: class (0xc0), constructed (0x20) and number (0x1f) */
  tag: number;
  /** offset of the value */
  start: number;
  /** offset just past the value */
  end: number;
}

/** Reads one TLV at `off` that must end by `limit`; null if truncated or not DER we understand. */
export function readTlv(buf: Buffer, off: number, limit: number = buf.length): Tlv | null {
  const t = readTlvAt(buf, off, limit, 4, Number.MAX_SAFE_INTEGER);
  return t && { tag: t.tag, start: t.start, end: t.end };
}

/** Total length a TLV at `off` announces (header + value), or -1 if the header is incomplete/invalid. */
export function tlvTotalLength(buf: Buffer, off = 0): number {
  if (off + 2 > buf.length) return -1;
  if ((buf[off]! & 0x1f) === 0x1f) return -1;
  let len = buf[off + 1]!;
  let p = off + 2;
  if (len & 0x80) {
    const n = len & 0x7f;
    if (n === 0 || n > 4) return -1;
    if (p + n > buf.length) return -1;
    len = 0;
    for (let i = 0; i < n; i++) len = len * 256 + buf[p + i]!;
    p += n;
  }
  return p - off + len;
}

/** The children of a constructed TLV, indexed by context tag number ([n] → n). */
export function contextFields(buf: Buffer, t: Tlv): Map<number, Tlv> | null {
  const out = new Map<number, Tlv>();
  let p = t.start;
  while (p < t.end) {
    const c = readTlv(buf, p, t.end);
    if (!c) return null;
    if ((c.tag & 0xe0) === 0xa0) out.set(c.tag & 0x1f, c);
    p = c.end;
  }
  return out;
}

/** The children of a constructed TLV in order. */
export function children(buf: Buffer, t: Tlv): Tlv[] | null {
  const r = readChildren(t.start, t.end, (off, limit) => readTlv(buf, off, limit));
  return r.complete ? r.items : null;
}

/** The single element inside an explicit context tag. */
export function inner(buf: Buffer, t: Tlv | undefined): Tlv | null {
  if (!t) return null;
  return readTlv(buf, t.start, t.end);
}

export function readInt(buf: Buffer, t: Tlv | null): number | undefined {
  if (!t || t.tag !== 0x02 || t.end <= t.start || t.end - t.start > 6) return undefined;
  let v = buf[t.start]! & 0x80 ? -1 : 0;
  for (let i = t.start; i < t.end; i++) v = v * 256 + buf[i]!;
  return v;
}

export function readString(buf: Buffer, t: Tlv | null): string | undefined {
  if (!t) return undefined;
  // GeneralString (0x1b), IA5String (0x16), UTF8String (0x0c), OCTET STRING (0x04), PrintableString (0x13)
  if (t.tag !== 0x1b && t.tag !== 0x16 && t.tag !== 0x0c && t.tag !== 0x04 && t.tag !== 0x13) return undefined;
  return buf.toString('latin1', t.start, t.end);
}

/** GeneralizedTime YYYYMMDDHHMMSS[.f]Z → epoch seconds. */
export function readTime(buf: Buffer, t: Tlv | null): number | undefined {
  if (!t || t.tag !== 0x18 || t.end - t.start < 15) return undefined;
  const s = buf.toString('latin1', t.start, t.end);
  const n = (a: number, b: number) => Number(s.slice(a, b));
  const y = n(0, 4), mo = n(4, 6), d = n(6, 8), h = n(8, 10), mi = n(10, 12), se = n(12, 14);
  if ([y, mo, d, h, mi, se].some((x) => !Number.isFinite(x))) return undefined;
  return Date.UTC(y, mo - 1, d, h, mi, se) / 1000;
}
