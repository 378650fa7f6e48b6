// The one ASN.1 tag-length-value reader (X.690 BER/DER, definite lengths, single-byte tags) behind
// the X.509, Kerberos/SPNEGO and LDAP parsers. A TLV is a view (offsets) into the caller's buffer;
// nothing throws: null means truncated or not an encoding these protocols use.

export interface TlvView {
  /** the identifier octet: class (0xc0), constructed (0x20) and tag number (< 31) */
  tag: number;
  /** offset of the identifier octet */
  header: number;
  /** offset of the contents */
  start: number;
  /** offset just past the contents */
  end: number;
}

/**
 * Reads one TLV at `off` that must end by `limit`. `maxLengthBytes` bounds the long-form length
 * field, `maxLength` the contents (each protocol sets its own ceilings).
 */
export function readTlvAt(buf: Buffer, off: number, limit: number, maxLengthBytes: number, maxLength: number): TlvView | null {
  if (off + 2 > limit) return null;
  const tag = buf[off]!;
  if ((tag & 0x1f) === 0x1f) return null; // multi-byte tag numbers: not used by these protocols
  let len = buf[off + 1]!;
  let p = off + 2;
  if (len & 0x80) {
    const n = len & 0x7f;
    if (n === 0 || n > maxLengthBytes || p + n > limit) return null;
    len = 0;
    for (let i = 0; i < n; i++) len = len * 256 + buf[p + i]!;
    p += n;
  }
  if (len > maxLength || p + len > limit) return null;
  return { tag, header: off, start: p, end: p + len };
}

/**
 * The TLVs one after another in [from, end), each read by `read` (the caller's TLV form), at most
 * `max`: the children of a constructed value. `complete` is false when a broken one stopped the walk
 * (what came before it is kept; strict callers such as Kerberos reject the whole value).
 */
export function readChildren<T extends { end: number }>(from: number, end: number, read: (off: number, limit: number) => T | null, max = Infinity): { items: T[]; complete: boolean } {
  const items: T[] = [];
  let off = from;
  while (off < end && items.length < max) {
    const c = read(off, end);
    if (!c) return { items, complete: false };
    items.push(c);
    off = c.end;
  }
  return { items, complete: true };
}
