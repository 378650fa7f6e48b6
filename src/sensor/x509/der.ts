// A small DER (ASN.1 distinguished encoding) reader: enough to walk X.509 certificates. Pure and
// allocation-light: a TLV is a view (offsets) into the caller's buffer; nothing throws.
import { readChildren, readTlvAt } from '../../net/asn1.js';

export interface Tlv {
  /** the identifier octet (class, constructed bit and tag number < 31) */
  tag: number;
  /** offset of the identifier octet */
  start: number;
  /** offset of the contents */
  body: number;
  /** offset just past the contents */
  end: number;
}

/** Deepest nesting and longest length accepted: certificates never need more. */
export const MAX_DER_LENGTH = 1 << 20;

/** Reads one TLV at `off` that must end by `limit`; null when it does not fit or is not DER. */
export function readTlv(buf: Buffer, off: number, limit: number = buf.length): Tlv | null {
  const t = readTlvAt(buf, off, limit, 3, MAX_DER_LENGTH);
  return t && { tag: t.tag, start: t.header, body: t.start, end: t.end };
}

/** The TLVs directly inside a constructed TLV (stops at the first broken one). */
export function children(buf: Buffer, t: Tlv, max = 4096): Tlv[] {
  return readChildren(t.body, t.end, (off, limit) => readTlv(buf, off, limit), max).items;
}

/** Dotted text of an OBJECT IDENTIFIER's contents. */
export function oidText(buf: Buffer, t: Tlv): string {
  if (t.end <= t.body) return '';
  const parts: number[] = [];
  let v = 0;
  let first = true;
  for (let i = t.body; i < t.end; i++) {
    const b = buf[i]!;
    v = v * 128 + (b & 0x7f);
    if (b & 0x80) continue;
    if (first) {
      const a = v < 40 ? 0 : v < 80 ? 1 : 2;
      parts.push(a, v - a * 40);
      first = false;
    } else parts.push(v);
    v = 0;
  }
  return parts.join('.');
}

/** Upper-case hex of bytes. */
export function hexUpper(buf: Buffer, start: number, end: number): string {
  return buf.toString('hex', start, end).toUpperCase();
}

/** Unsigned value of a small INTEGER (up to 2^53); NaN when longer. */
export function smallInt(buf: Buffer, t: Tlv): number {
  if (t.end - t.body > 6 || t.end === t.body) return Number.NaN;
  let v = 0;
  for (let i = t.body; i < t.end; i++) v = v * 256 + buf[i]!;
  return v;
}

/** Seconds since the epoch of a UTCTime (0x17) or GeneralizedTime (0x18); NaN when unreadable. */
export function derTime(buf: Buffer, t: Tlv): number {
  const s = buf.toString('latin1', t.body, t.end);
  let m: RegExpExecArray | null;
  let year: number;
  let rest: string;
  if (t.tag === 0x17) {
    m = /^(\d{2})(\d{10}(?:\d{2})?)(.*)$/.exec(s);
    if (!m) return Number.NaN;
    const yy = Number(m[1]);
    year = yy < 50 ? 2000 + yy : 1900 + yy;
    rest = m[2]! + (m[2]!.length === 8 ? '00' : '');
  } else if (t.tag === 0x18) {
    m = /^(\d{4})(\d{10})(?:\.\d+)?(.*)$/.exec(s);
    if (!m) return Number.NaN;
    year = Number(m[1]);
    rest = m[2]!;
  } else return Number.NaN;
  const [mo, d, h, mi, se] = [0, 2, 4, 6, 8].map((i) => Number(rest.slice(i, i + 2))) as [number, number, number, number, number];
  let secs = Date.UTC(year, mo - 1, d, h, mi, se) / 1000;
  const tz = /^([+-])(\d{2})(\d{2})$/.exec(m[3]!);
  if (tz) secs -= (tz[1] === '-' ? -1 : 1) * (Number(tz[2]) * 3600 + Number(tz[3]) * 60);
  return secs;
}
