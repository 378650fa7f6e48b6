// DNS names (RFC 1035 §4.1.4) as Zeek reads them: labels joined by dots, ASCII lower-cased, no
// trailing dot; compression pointers only backwards, so a name cannot loop, and chains are bounded.

/** Compression pointers followed for one name (Zeek: dns_max_compression_chain_depth). */
export const MAX_COMPRESSION_DEPTH = 64;
/** Longest name kept; longer names are a weird (Zeek: DNS_NAME_too_long) and are cut. */
export const MAX_NAME_LEN = 255;
export type NameResult = { ok: true; name: string; next: number } | { ok: false; anomaly: string; detail?: string; fatal?: boolean };

/** One label as text, ASCII lower-cased as Zeek does (C locale tolower). */
function labelText(buf: Buffer, start: number, end: number): string {
  let upper = false;
  for (let i = start; i < end; i++) {
    const c = buf[i]!;
    if (c >= 0x41 && c <= 0x5a) upper = true;
    else if (c >= 0x80) return asciiLowerSlow(buf, start, end);
  }
  const s = buf.toString('latin1', start, end);
  return upper ? s.toLowerCase() : s;
}

function asciiLowerSlow(buf: Buffer, start: number, end: number): string {
  const b = Buffer.from(buf.subarray(start, end));
  for (let i = 0; i < b.length; i++) if (b[i]! >= 0x41 && b[i]! <= 0x5a) b[i] = b[i]! | 0x20;
  return b.toString('latin1');
}

/**
 * Reads a (possibly compressed) name at `off`. `next` is the offset after the name's bytes at
 * `off` (after the first pointer, if any). `limit` bounds the bytes the name may occupy there.
 */
export function readName(buf: Buffer, off: number, limit = buf.length): NameResult {
  let name = '';
  let next = -1;
  let pos = off;
  let end = limit;
  let depth = 0;
  let total = 0;
  for (;;) {
    if (pos >= end) return { ok: false, anomaly: 'DNS_label_len_gt_pkt' };
    const len = buf[pos]!;
    if (len === 0) {
      pos++;
      break;
    }
    if ((len & 0xc0) === 0xc0) {
      if (pos + 1 >= end) return { ok: false, anomaly: 'DNS_label_len_gt_pkt' };
      const target = ((len & 0x3f) << 8) | buf[pos + 1]!;
      if (next < 0) next = pos + 2;
      // Only backward pointers, and the name pointed to must end before the pointer: no loops.
      if (target >= pos) return { ok: false, anomaly: 'DNS_label_forward_compress_offset' };
      if (++depth > MAX_COMPRESSION_DEPTH) return { ok: false, anomaly: 'DNS_max_compression_chain_depth_exceeded', detail: String(depth), fatal: true };
      end = pos;
      pos = target;
      continue;
    }
    if ((len & 0xc0) !== 0) return { ok: false, anomaly: 'DNS_label_len_gt_name_len' };
    if (pos + 1 + len > end) return { ok: false, anomaly: 'DNS_label_len_gt_pkt' };
    total += len + 1;
    if (total <= MAX_NAME_LEN) name = name ? name + '.' + labelText(buf, pos + 1, pos + 1 + len) : labelText(buf, pos + 1, pos + 1 + len);
    pos += 1 + len;
  }
  return { ok: true, name, next: next < 0 ? pos : next };
}

