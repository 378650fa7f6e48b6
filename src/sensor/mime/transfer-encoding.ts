// Content-Transfer-Encoding decoders for MIME entities (RFC 2045), streaming as Zeek's MIME_Entity
// decodes: base64 across line and chunk boundaries, ignoring line ends and whitespace and skipping
// other bad characters with a weird (Zeek: base64_illegal_encoding); quoted-printable line by line
// with soft line breaks, trailing whitespace dropped and bad escapes kept literally (RFC 2045's
// "robust decoder" advice, as Zeek does); 7bit, 8bit, binary and unknown encodings as is.
//
// Decoders see an entity's body with its line ends. Zeek's quoted-printable decoding ends every line
// with CRLF (unless a soft break), the last line of the entity too, so the final line is decoded as
// ended whether or not its line end arrived (the one before a multipart boundary belongs to the
// boundary and is not delivered by the reader).

/** Longest quoted-printable line held before it is decoded in pieces (no soft break can span it). */
export const MAX_QP_LINE = 16 * 1024;
/** Weirds reported per decoder (the first of each kind is enough to see the problem). */
const MAX_WEIRDS = 1;

export type WeirdFn = (name: string, addl?: string) => void;

export interface TransferDecoder {
  /** bytes pass as they are (7bit, 8bit, binary, unknown) */
  readonly identity: boolean;
  /** decoded bytes for `buf` (possibly empty); `buf` is only read during the call */
  write(buf: Buffer): Buffer;
  /** the entity ended: whatever is still held */
  end(): Buffer;
}

const EMPTY = Buffer.alloc(0);

/** The decoder for a Content-Transfer-Encoding header value (undefined: 7bit). */
export function transferDecoder(encoding: string | undefined, weird: WeirdFn): TransferDecoder {
  const e = (encoding ?? '').trim().toLowerCase();
  if (e === 'base64') return new Base64Decoder(weird);
  if (e === 'quoted-printable') return new QuotedPrintableDecoder(weird);
  return IDENTITY;
}

const IDENTITY: TransferDecoder = { identity: true, write: (buf) => Buffer.from(buf), end: () => EMPTY };

// ---- base64 ------------------------------------------------------------------------------------

const B64_SKIP = -2;
const B64_PAD = -3;
const B64 = (() => {
  const t = new Int8Array(256).fill(-1);
  const abc = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
  for (let i = 0; i < 64; i++) t[abc.charCodeAt(i)] = i;
  for (const c of [0x0d, 0x0a, 0x20, 0x09]) t[c] = B64_SKIP;
  t[0x3d] = B64_PAD;
  return t;
})();

export class Base64Decoder implements TransferDecoder {
  readonly identity = false;
  private acc = 0;
  private n = 0;
  private weirds = 0;

  constructor(private readonly weird: WeirdFn) {}

  private bad(detail: string): void {
    if (this.weirds++ < MAX_WEIRDS) this.weird('base64_illegal_encoding', detail);
  }

  write(buf: Buffer): Buffer {
    const out = Buffer.allocUnsafe(Math.floor(((buf.length + this.n) * 3) / 4) + 3);
    let o = 0;
    let acc = this.acc;
    let n = this.n;
    for (let i = 0; i < buf.length; i++) {
      const c = buf[i]!;
      const v = B64[c]!;
      if (v >= 0) {
        acc = (acc << 6) | v;
        if (++n === 4) {
          out[o++] = (acc >>> 16) & 0xff;
          out[o++] = (acc >>> 8) & 0xff;
          out[o++] = acc & 0xff;
          acc = 0;
          n = 0;
        }
      } else if (v === B64_PAD) {
        // Padding ends the group: 2 characters give one byte, 3 give two.
        if (n === 2) out[o++] = (acc >>> 4) & 0xff;
        else if (n === 3) {
          out[o++] = (acc >>> 10) & 0xff;
          out[o++] = (acc >>> 2) & 0xff;
        } else if (n === 1) this.bad('incomplete base64 group before padding');
        acc = 0;
        n = 0;
      } else if (v !== B64_SKIP) {
        this.bad(`character ${c} ignored by base64 decoding`);
      }
    }
    this.acc = acc;
    this.n = n;
    return out.subarray(0, o);
  }

  end(): Buffer {
    const n = this.n;
    const acc = this.acc;
    this.acc = 0;
    this.n = 0;
    if (n === 0) return EMPTY;
    this.bad(`incomplete base64 group, padding with ${(4 - n) * 6} bits of 0`);
    if (n === 2) return Buffer.from([(acc >>> 4) & 0xff]);
    if (n === 3) return Buffer.from([(acc >>> 10) & 0xff, (acc >>> 2) & 0xff]);
    return EMPTY;
  }
}

// ---- quoted-printable --------------------------------------------------------------------------

function hex(c: number | undefined): number {
  if (c === undefined) return -1;
  if (c >= 0x30 && c <= 0x39) return c - 0x30;
  if (c >= 0x41 && c <= 0x46) return c - 0x37;
  if (c >= 0x61 && c <= 0x66) return c - 0x57;
  return -1;
}

export class QuotedPrintableDecoder implements TransferDecoder {
  readonly identity = false;
  private held: Buffer | null = null;
  private weirds = 0;

  constructor(private readonly weird: WeirdFn) {}

  private bad(detail: string): void {
    if (this.weirds++ < MAX_WEIRDS) this.weird('qp_illegal_encoding', detail);
  }

  write(buf: Buffer): Buffer {
    let data = buf;
    if (this.held) {
      data = Buffer.concat([this.held, buf]);
      this.held = null;
    }
    const outs: Buffer[] = [];
    let off = 0;
    for (;;) {
      const lf = data.indexOf(0x0a, off);
      if (lf < 0) break;
      let end = lf;
      if (end > off && data[end - 1] === 0x0d) end--;
      outs.push(this.line(data, off, end, true));
      off = lf + 1;
    }
    if (off < data.length) {
      if (data.length - off > MAX_QP_LINE) {
        // A line without end: decode all but a tail that could hold an unfinished "=XX".
        let cut = data.length - 2;
        while (cut > off && (data[cut - 1] === 0x3d || data[cut - 2] === 0x3d)) cut--;
        outs.push(this.segment(data, off, cut, cut));
        off = cut;
      }
      this.held = Buffer.from(data.subarray(off));
    }
    return outs.length === 1 ? outs[0]! : Buffer.concat(outs);
  }

  end(): Buffer {
    const h = this.held;
    this.held = null;
    if (!h || !h.length) return EMPTY;
    // Zeek ends every quoted-printable line, the last one too, with CRLF unless it is a soft break.
    return this.line(h, 0, h.length, true);
  }

  /** One line (without its line end); `eol`: a line end followed, so a hard break gives CRLF. */
  private line(data: Buffer, start: number, end: number, eol: boolean): Buffer {
    // Trailing blanks are transport padding (RFC 2045 6.7 rule 3).
    let last = end;
    while (last > start && (data[last - 1] === 0x20 || data[last - 1] === 0x09)) last--;
    return this.segment(data, start, last, end, eol);
  }

  /** Decodes data[start, last); escapes may look up to `end`; "=" right before `last` is a soft break. */
  private segment(data: Buffer, start: number, last: number, end: number, eol = false): Buffer {
    const out = Buffer.allocUnsafe(last - start + 2);
    let o = 0;
    let softBreak = false;
    for (let i = start; i < last; i++) {
      const c = data[i]!;
      if (c === 0x3d) {
        if (i === last - 1) {
          softBreak = true;
          continue;
        }
        const a = i + 2 < end ? hex(data[i + 1]) : -1;
        const b = i + 2 < end ? hex(data[i + 2]) : -1;
        if (a >= 0 && b >= 0) {
          out[o++] = (a << 4) | b;
          i += 2;
          continue;
        }
        this.bad('bad escape in quoted-printable encoding');
        out[o++] = c;
      } else if ((c >= 33 && c <= 126) || c === 0x20 || c === 0x09) {
        out[o++] = c;
      } else {
        this.bad('control characters in quoted-printable encoding');
        out[o++] = c;
      }
    }
    if (eol && !softBreak) {
      out[o++] = 0x0d;
      out[o++] = 0x0a;
    }
    return out.subarray(0, o);
  }
}
