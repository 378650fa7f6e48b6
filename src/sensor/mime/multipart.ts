// MIME multipart bodies (Zeek's MIME_Entity, shared by HTTP and SMTP): each part is its own entity with its own
// headers and its own file; nested multiparts are followed up to MAX_MIME_DEPTH (Zeek:
// exceeded_mime_max_depth). Parts are read line by line; the line end before a boundary belongs
// to the boundary, not to the part.

/** Nesting of multipart entities followed (Zeek: MIME::max_depth). */
export const MAX_MIME_DEPTH = 100;
/** Longest line held while looking for a boundary; longer runs are part data. */
const MAX_PART_LINE = 8 * 1024;
/** Header lines kept per part. */
const MAX_PART_HEADERS = 64;

export interface PartSink {
  /**
   * A part's body begins; `headers` are its header lines (name upper case). Returning true asks for
   * every line end as content, the one before the boundary too (Zeek's quoted-printable decoding
   * ends each line; only binary content loses the line end that belongs to the boundary).
   */
  begin(headers: Map<string, string>): boolean | void;
  data(buf: Buffer): void;
  end(): void;
  weird(name: string, addl?: string): void;
  /**
   * A part (any entity inside a multipart, nested multiparts included) starts at its boundary line,
   * before its headers are read: Zeek's mime_begin_entity, which SMTP counts for files.log `depth`.
   */
  entity?(): void;
}

/** boundary parameter of a multipart Content-Type, or undefined. */
export function multipartBoundary(contentType: string): string | undefined {
  if (!/^\s*multipart\//i.test(contentType)) return undefined;
  const m = /boundary\s*=\s*(?:"([^"]*)"|([^;\s]+))/i.exec(contentType);
  const b = m ? (m[1] ?? m[2]) : undefined;
  return b && b.length <= 200 ? b : undefined;
}

/** A message/rfc822 entity: its body is a MIME entity of its own (headers, then a body). */
export function isRfc822(contentType: string): boolean {
  return /^\s*message\/rfc822\b/i.test(contentType);
}

type Phase = 'preamble' | 'headers' | 'body' | 'epilogue';

interface Level {
  /** null for a message/rfc822 entity, which no delimiter of its own ends */
  delim: Buffer | null;
  phase: Phase;
}

export class MultipartReader {
  private readonly stack: Level[] = [];
  private partial: Buffer | null = null;
  private headers = new Map<string, string>();
  private headerCount = 0;
  private lastHeader: string | null = null;
  private inPart = false;
  /** the current part wants its line ends as they come */
  private eagerEol = false;
  private pendingEol: Buffer | null = null;
  private depthExceeded = false;

  /** `boundary` null: the whole input is one message/rfc822 entity (headers first). */
  constructor(boundary: string | null, private readonly sink: PartSink) {
    if (boundary === null) this.stack.push({ delim: null, phase: 'headers' });
    else this.stack.push({ delim: Buffer.from(`--${boundary}`, 'latin1'), phase: 'preamble' });
  }

  write(buf: Buffer): void {
    let off = 0;
    while (off < buf.length) {
      const lf = buf.indexOf(0x0a, off);
      if (lf < 0) {
        const rest = buf.subarray(off);
        this.partial = this.partial ? Buffer.concat([this.partial, rest]) : Buffer.from(rest);
        if (this.partial.length > MAX_PART_LINE) {
          // Too long for a boundary or header: part data.
          const p = this.partial;
          this.partial = null;
          this.bodyBytes(p, null);
        }
        return;
      }
      let line = buf.subarray(off, lf + 1);
      if (this.partial) {
        line = Buffer.concat([this.partial, line]);
        this.partial = null;
      }
      off = lf + 1;
      this.line(line);
    }
  }

  end(): void {
    if (this.partial) {
      const p = this.partial;
      this.partial = null;
      this.line(p);
    }
    if (this.inPart) this.endPart();
  }

  private top(): Level {
    return this.stack[this.stack.length - 1]!;
  }

  /** `line` includes its line end (if any). */
  private line(line: Buffer): void {
    let eol = line.length;
    if (eol && line[eol - 1] === 0x0a) eol--;
    if (eol && line[eol - 1] === 0x0d) eol--;
    const content = line.subarray(0, eol);
    // A delimiter of any open level closes the inner ones.
    for (let i = this.stack.length - 1; i >= 0; i--) {
      const d = this.stack[i]!.delim;
      if (d && content.length >= d.length && content.subarray(0, d.length).equals(d)) {
        const closing = content.length >= d.length + 2 && content[d.length] === 0x2d && content[d.length + 1] === 0x2d;
        if (this.inPart) this.endPart();
        this.stack.length = i + 1;
        const lvl = this.stack[i]!;
        lvl.phase = closing ? 'epilogue' : 'headers';
        if (!closing) this.sink.entity?.();
        this.headers = new Map();
        this.headerCount = 0;
        this.lastHeader = null;
        return;
      }
    }
    const lvl = this.top();
    if (lvl.phase === 'headers') {
      if (content.length === 0) return this.headersDone(lvl);
      if ((content[0] === 0x20 || content[0] === 0x09) && this.lastHeader) {
        const prev = this.headers.get(this.lastHeader) ?? '';
        if (prev.length < MAX_PART_LINE) this.headers.set(this.lastHeader, prev + content.toString('latin1'));
        return;
      }
      const colon = content.indexOf(0x3a);
      if (colon > 0 && ++this.headerCount <= MAX_PART_HEADERS) {
        const name = content.toString('latin1', 0, colon).trim().toUpperCase();
        this.headers.set(name, content.toString('latin1', colon + 1).trim());
        this.lastHeader = name;
      }
      return;
    }
    if (lvl.phase === 'body') this.bodyBytes(content, line.subarray(eol));
  }

  private headersDone(lvl: Level): void {
    const ct = this.headers.get('CONTENT-TYPE') ?? '';
    const nested = multipartBoundary(ct);
    const rfc822 = nested === undefined && isRfc822(ct);
    if (nested !== undefined || rfc822) {
      if (this.stack.length >= MAX_MIME_DEPTH) {
        if (!this.depthExceeded) this.sink.weird('exceeded_mime_max_depth', String(MAX_MIME_DEPTH));
        this.depthExceeded = true;
      } else {
        lvl.phase = 'body';
        if (nested !== undefined) this.stack.push({ delim: Buffer.from(`--${nested}`, 'latin1'), phase: 'preamble' });
        else {
          // Zeek's MIME_Entity: the body of a message/rfc822 part is a child entity.
          this.stack.push({ delim: null, phase: 'headers' });
          this.sink.entity?.();
          this.headers = new Map();
          this.headerCount = 0;
          this.lastHeader = null;
        }
        return;
      }
    }
    lvl.phase = 'body';
    this.inPart = true;
    this.pendingEol = null;
    this.eagerEol = this.sink.begin(this.headers) === true;
  }

  private bodyBytes(content: Buffer, eol: Buffer | null): void {
    if (!this.inPart) return;
    if (this.pendingEol) {
      this.sink.data(this.pendingEol);
      this.pendingEol = null;
    }
    if (content.length) this.sink.data(content);
    if (eol && eol.length) {
      if (this.eagerEol) this.sink.data(eol);
      else this.pendingEol = Buffer.from(eol);
    }
  }

  private endPart(): void {
    this.inPart = false;
    this.pendingEol = null;
    this.sink.end();
  }
}
