// HTTP/1.x analyzer (Zeek's HTTP analyzer and base/protocols/http/main.zeek): requests and replies
// in both directions with pipelining, bodies by Content-Length, chunked coding or until close,
// gzip/deflate decoding (Zeek counts and hashes decoded bytes), 1xx interim replies, CONNECT and
// Upgrade (parsing stops), Basic credentials, one file per body, http.log records paired as Zeek's
// script pairs them: the n-th reply belongs to the n-th request.
import type { Http } from '../../schema/logs/http.js';
import { NtlmTracker } from '../ntlm/analyzer.js';
import type { AnalyzerContext, Detection, Ports, StreamAnalyzer, StreamAnalyzerSpec } from '../app/analyzer.js';
import { startFile, type FileHandle } from '../files/file-tracker.js';
import { RangeFiles } from '../files/range-files.js';
import { BodyDecoder } from './decode-body.js';
import { applyHeader, type HeaderSinks } from './headers.js';
import { newMessage, type Message } from './message.js';
import { isRfc822, MultipartReader, multipartBoundary } from './multipart.js';
import {
  filenameFromContentDisposition, findEol, KNOWN_METHODS, looksLikeReply, looksLikeRequest, MAX_LINE,
  parseChunkSize, parseContentRange, parseHeaderLine, parseReplyLine, parseRequestLine, unescapeUri,
} from './parse.js';

/** Requests waiting for their replies before the oldest is logged unanswered (Zeek: HTTP::max_pending_requests). */
export const MAX_PENDING_REQUESTS = 100;
/** Headers per message; more are counted but ignored. */
export const MAX_HEADERS = 256;
/** Files (bodies) per http.log record whose ids, names and types are kept (Zeek: HTTP::max_files_orig / max_files_resp). */
export const MAX_FILES_PER_RECORD = 15;
export { CAPTURE_PASSWORD } from './headers.js';

/** Ports Zeek's HTTP analyzer registers: a reply without a request is HTTP only there. */
const HTTP_PORTS = new Set([80, 81, 631, 1080, 3128, 8000, 8080, 8888]);

function skipLeadingSpace(b: Buffer): Buffer {
  let i = 0;
  while (i < b.length && (b[i] === 0x0d || b[i] === 0x0a || b[i] === 0x20 || b[i] === 0x09)) i++;
  return i ? b.subarray(i) : b;
}

function detect(orig: Buffer, resp: Buffer, ports: Ports): Detection {
  const o = skipLeadingSpace(orig);
  const req = o.length ? looksLikeRequest(o) : 'maybe';
  if (req === 'yes') return 'yes';
  const rep = resp.length ? looksLikeReply(resp) : 'maybe';
  if (rep === 'yes' && req === 'maybe' && HTTP_PORTS.has(ports.resp)) return 'yes';
  // A request Zeek cannot parse on an HTTP port: wait for the reply (Zeek attaches by port there).
  if (req === 'no' && rep === 'maybe' && HTTP_PORTS.has(ports.resp)) return 'maybe';
  if (req === 'no' && !(rep === 'yes' && HTTP_PORTS.has(ports.resp))) return 'no';
  if (rep === 'yes' && HTTP_PORTS.has(ports.resp)) return 'yes';
  return req === 'maybe' || rep === 'maybe' ? 'maybe' : 'no';
}

type State = 'line' | 'headers' | 'body-length' | 'chunk-size' | 'chunk-data' | 'chunk-crlf' | 'trailer' | 'body-close' | 'nothing';

class Side {
  state: State = 'line';
  partial: Buffer | null = null;
  skipLF = false;
  msg: Message | null = null;
  remaining = 0;
  constructor(readonly isOrig: boolean) {}
}

interface Unanswered {
  method: string;
  version: string;
  /** the request asked for a byte range (Zeek: HTTP::Info$range_request) */
  range?: boolean;
}

class HttpAnalyzer implements StreamAnalyzer {
  private readonly orig = new Side(true);
  private readonly resp = new Side(false);
  private readonly pending = new Map<number, Http>();
  private currentRequest = 0;
  private currentResponse = 0;
  private readonly unanswered: Unanswered[] = [];
  private confirmed = false;
  private dead = false;
  private replyCode = 0;
  /** an HTTP/0.9 reply (no status line) was read */
  private reply09Seen = false;
  /** the last request was HTTP/0.9 and no empty line ended it (Zeek still reads it as headers) */
  private request09Open = false;

  /** NTLM over HTTP authentication headers */
  private readonly ntlm: NtlmTracker;
  private readonly headerSinks: HeaderSinks;
  /** files of range replies, shared with other replies and connections, and their keys */
  private readonly ranges: RangeFiles;
  private readonly rangeKeys = new Map<FileHandle, string>();
  /**
   * Zeek's HTTP::Info$current_entity: one per transaction, shared by request and reply (http_begin_entity
   * replaces it, http_end_entity deletes it); a Content-Disposition file name is kept there.
   */
  private readonly entities = new Map<number, { filename?: string }>();

  constructor(private readonly ctx: AnalyzerContext) {
    this.ranges = new RangeFiles(ctx);
    this.ntlm = new NtlmTracker(ctx);
    this.headerSinks = { weird: (name, addl) => ctx.weird(name, addl), authToken: (token) => this.ntlm.blob(token) };
  }

  // ---- Zeek's http/main.zeek bookkeeping -------------------------------------------------

  private newRecord(depth: number): Http {
    return { ts: this.ctx.now(), uid: this.ctx.conn.uid, id: this.ctx.conn.id, trans_depth: depth, request_body_len: 0, response_body_len: 0, tags: [] };
  }

  /** set_state(): the record of the current request (orig) or reply (resp), created when missing. */
  private record(isOrig: boolean): Http {
    const k = isOrig ? this.currentRequest : this.currentResponse;
    let r = this.pending.get(k);
    if (!r) {
      r = this.newRecord(k);
      this.pending.set(k, r);
    }
    return r;
  }

  private log(k: number): void {
    const r = this.pending.get(k);
    if (!r) return;
    this.pending.delete(k);
    this.ctx.emit({ type: 'http', record: r });
  }

  // ---- stream input -----------------------------------------------------------------------

  data(isOrig: boolean, buf: Buffer): void {
    if (this.dead) return;
    const s = isOrig ? this.orig : this.resp;
    let off = 0;
    const len = buf.length;
    while (off < len && !this.dead && s.state !== 'nothing') {
      if (s.skipLF) {
        s.skipLF = false;
        if (buf[off] === 0x0a) {
          off++;
          continue;
        }
      }
      switch (s.state) {
        case 'body-length':
        case 'chunk-data': {
          const n = Math.min(s.remaining, len - off);
          this.body(s, buf.subarray(off, off + n));
          off += n;
          s.remaining -= n;
          if (s.remaining === 0) {
            if (s.state === 'chunk-data') s.state = 'chunk-crlf';
            else this.messageDone(s);
          }
          break;
        }
        case 'body-close':
          this.body(s, off ? buf.subarray(off) : buf);
          off = len;
          break;
        default: {
          // 0.9 replies have no status line: the whole stream is the body.
          if (!isOrig && s.state === 'line' && !s.partial && this.unanswered[0]?.version === '0.9') {
            this.reply09(s);
            continue;
          }
          const eol = findEol(buf, off);
          if (eol < 0) {
            const rest = buf.subarray(off);
            s.partial = s.partial ? Buffer.concat([s.partial, rest]) : Buffer.from(rest);
            off = len;
            if (s.partial.length > MAX_LINE) this.lineTooLong(s);
            break;
          }
          let line = buf.subarray(off, eol);
          if (s.partial) {
            line = Buffer.concat([s.partial, line]);
            s.partial = null;
          }
          if (buf[eol] === 0x0d) {
            if (eol + 1 < len) off = buf[eol + 1] === 0x0a ? eol + 2 : eol + 1;
            else {
              off = eol + 1;
              s.skipLF = true;
            }
          } else off = eol + 1;
          if (line.length > MAX_LINE) {
            this.lineTooLong(s);
            break;
          }
          this.line(s, line);
        }
      }
    }
  }

  gap(isOrig: boolean, len: number): void {
    if (this.dead) return;
    const s = isOrig ? this.orig : this.resp;
    s.partial = null;
    s.skipLF = false;
    if ((s.state === 'body-length' || s.state === 'chunk-data') && len <= s.remaining && s.msg) {
      this.bodyGap(s, len);
      s.remaining -= len;
      if (s.remaining === 0) {
        if (s.state === 'chunk-data') s.state = 'chunk-crlf';
        else this.messageDone(s);
      }
      return;
    }
    if (s.state === 'body-close' && s.msg) return this.bodyGap(s, len);
    // A hole in headers or framing: the rest of this direction cannot be parsed.
    if (s.msg) this.messageDone(s, true);
    s.state = 'nothing';
  }

  end(): void {
    this.ntlm.end();
    if (this.dead) return this.ranges.end();
    for (const s of [this.orig, this.resp]) {
      if (s.msg && s.state !== 'nothing') {
        if (s.msg.pendingHeader) this.flushHeader(s);
        this.messageDone(s, s.state !== 'body-close');
      }
    }
    for (const k of [...this.pending.keys()].sort((a, b) => a - b)) if (k !== 0) this.log(k);
    this.pending.clear();
    // Zeek logs one more, empty, transaction at the end of an HTTP/0.9 connection whose request no
    // empty line ended: Zeek still reads that request's (absent) headers, and its end at the close
    // comes after the reply (the rest of the stream) was logged.
    if (this.reply09Seen && this.request09Open) {
      const depth = Math.max(this.currentRequest, this.currentResponse) + 1;
      this.ctx.emit({ type: 'http', record: this.newRecord(depth) });
    }
    this.ranges.end();
    this.dead = true;
  }

  // ---- lines --------------------------------------------------------------------------------

  private lineTooLong(s: Side): void {
    this.ctx.weird('HTTP_line_too_long');
    s.partial = null;
    if (s.msg) this.messageDone(s, true);
    s.state = 'nothing';
  }

  private line(s: Side, line: Buffer): void {
    switch (s.state) {
      case 'line':
        return s.isOrig ? this.requestLine(s, line) : this.replyLine(s, line);
      case 'headers':
      case 'trailer':
        return this.headerLine(s, line);
      case 'chunk-size': {
        const r = parseChunkSize(line);
        let n = 0;
        if (r.status === 'ok') n = r.value;
        else if (r.status === 'malformed') this.ctx.weird(r.anomaly, r.detail);
        if (n > 0) {
          s.state = 'chunk-data';
          s.remaining = n;
        } else s.state = 'trailer';
        return;
      }
      case 'chunk-crlf':
        if (line.length) this.ctx.weird('HTTP_chunk_data_not_followed_by_CRLF');
        s.state = 'chunk-size';
        return;
      default:
        return;
    }
  }

  private requestLine(s: Side, line: Buffer): void {
    if (!line.length) {
      this.request09Open = false;
      return;
    }
    const r = parseRequestLine(line);
    if (r.status !== 'ok') {
      this.ctx.weird(r.status === 'malformed' ? r.anomaly : 'bad_HTTP_request');
      // Requests are no longer parsed; replies still are (Zeek keeps the analyzer in bare mode).
      s.state = 'nothing';
      if (!this.confirmed && this.resp.state === 'nothing') {
        this.flushAll();
        this.ctx.violation('not a http request line');
      }
      return;
    }
    const req = r.value;
    for (const w of req.weirds) this.ctx.weird(w);
    const un = unescapeUri(req.rawUri);
    for (const w of un.weirds) this.ctx.weird(w);
    if (req.version === '0.9' && req.method !== 'GET') this.ctx.weird('invalid_http_09_request_method', req.method);
    if (!KNOWN_METHODS.has(req.method)) this.ctx.weird('unknown_HTTP_method', req.method);
    // http_request event; a request after replies that had none is paired with the next reply
    this.currentRequest = Math.max(this.currentRequest, this.currentResponse) + 1;
    if (this.pending.size >= MAX_PENDING_REQUESTS) {
      this.ctx.weird('HTTP_excessive_pipelining', `${this.pending.size + 1} > ${MAX_PENDING_REQUESTS}`);
      const oldest = Math.min(...this.pending.keys());
      this.log(oldest);
    }
    const rec = this.record(true);
    rec.method = req.method;
    rec.uri = un.uri; // Zeek logs the version of the reply only
    if (this.unanswered.length >= MAX_PENDING_REQUESTS) this.unanswered.shift();
    this.unanswered.push({ method: req.method, version: req.version });
    s.msg = newMessage();
    this.beginEntity(s);
    this.request09Open = req.version === '0.9';
    if (req.version === '0.9') {
      // No headers follow an HTTP/0.9 request.
      this.messageDone(s);
      return;
    }
    s.state = 'headers';
  }

  private replyLine(s: Side, line: Buffer): void {
    if (!line.length) return;
    const r = parseReplyLine(line);
    if (r.status !== 'ok') {
      if (r.status === 'malformed' && r.anomaly !== 'bad_HTTP_reply') this.ctx.weird(r.anomaly);
      s.state = 'nothing';
      if (!this.confirmed && this.orig.state === 'nothing') {
        this.flushAll();
        this.ctx.violation('not a http reply line');
      }
      return;
    }
    const rep = r.value;
    if (!this.unanswered.length) this.ctx.weird('unmatched_HTTP_reply');
    else this.confirm();
    this.startReply(rep.version, rep.code, rep.reason);
    s.msg = newMessage();
    this.beginEntity(s);
    s.state = 'headers';
  }

  private reply09(s: Side): void {
    this.confirm();
    this.reply09Seen = true;
    this.startReply('0.9', 0, '<empty>');
    s.msg = newMessage();
    this.beginEntity(s);
    s.state = 'body-close';
  }

  private confirm(): void {
    if (this.confirmed) return;
    this.confirmed = true;
    this.ctx.confirm();
  }

  /** http_reply event. */
  private startReply(version: string, code: number, reason: string): void {
    const cur = this.pending.get(this.currentResponse);
    if (!cur || cur.status_code === undefined || !(cur.status_code >= 100 && cur.status_code < 200)) this.currentResponse++;
    this.replyCode = code;
    if (code >= 200 && code < 300) this.ntlm.result(0);
    const rec = this.record(false);
    rec.status_code = code;
    rec.status_msg = reason;
    rec.version = version;
    if (code >= 100 && code < 200) {
      rec.info_code = code;
      rec.info_msg = reason;
    }
  }

  // ---- headers ------------------------------------------------------------------------------

  private headerLine(s: Side, line: Buffer): void {
    const m = s.msg!;
    if (line.length && (line[0] === 0x20 || line[0] === 0x09) && m.pendingHeader) {
      // obsolete line folding: the line continues the previous header
      if (s.state === 'headers') {
        const colon = m.pendingHeader.indexOf(0x3a);
        this.ctx.weird('HTTP_obsolete_line_folding', m.pendingHeader.toString('latin1', 0, colon < 0 ? Math.min(64, m.pendingHeader.length) : colon).trim());
      }
      if (m.pendingHeader.length + line.length <= MAX_LINE) m.pendingHeader = Buffer.concat([m.pendingHeader, line]);
      return;
    }
    if (m.pendingHeader) this.flushHeader(s);
    if (line.length) {
      m.pendingHeader = Buffer.from(line);
      return;
    }
    // End of headers (or of the chunked trailer).
    if (s.state === 'trailer') return this.messageDone(s);
    this.headersDone(s);
  }

  private flushHeader(s: Side): void {
    const m = s.msg!;
    const line = m.pendingHeader!;
    m.pendingHeader = null;
    if (++m.headers > MAX_HEADERS) {
      if (m.headers === MAX_HEADERS + 1) this.ctx.weird('HTTP_too_many_headers');
      return;
    }
    const r = parseHeaderLine(line);
    if (r.status !== 'ok') return;
    const { name, value } = r.value;
    if (s.state === 'trailer') return;
    if (s.isOrig && name === 'RANGE') {
      const u = this.unanswered[this.unanswered.length - 1];
      if (u) u.range = true;
    }
    applyHeader(name, value, s.isOrig, m, this.record(s.isOrig), this.headerSinks);
    if (name === 'CONTENT-DISPOSITION') {
      // the name goes to the transaction's current entity; without one (the other direction's
      // entity ended meanwhile) Zeek's script fails to set it and the name is lost
      const e = this.entities.get(this.depthOf(s));
      if (e) e.filename = m.filename;
      else m.filename = undefined;
    }
  }

  private headersDone(s: Side): void {
    const m = s.msg!;
    if (m.chunked && m.contentLength !== null) this.ctx.weird('HTTP_content_length_and_chunked');
    if (!s.isOrig) {
      const method = this.unanswered[0]?.method;
      const code = this.replyCode;
      if (method === 'CONNECT' && code >= 200 && code < 300) {
        // The rest of the connection is a tunnel.
        this.messageDone(s);
        return this.stopParsing();
      }
      if (code === 101) {
        this.messageDone(s);
        return this.stopParsing();
      }
      if (method === 'HEAD' || (code >= 100 && code < 200) || code === 204 || code === 304) return this.messageDone(s);
    }
    const boundary = m.contentType !== undefined ? multipartBoundary(m.contentType) : undefined;
    if (boundary !== undefined) this.startMultipart(s, m, boundary);
    else if (m.contentType !== undefined && isRfc822(m.contentType)) this.startMultipart(s, m, null);
    if (m.chunked) {
      s.state = 'chunk-size';
      return;
    }
    if (m.contentLength !== null) {
      if (m.contentLength === 0) return this.messageDone(s);
      s.state = 'body-length';
      s.remaining = m.contentLength;
      return;
    }
    if (s.isOrig) return this.messageDone(s);
    m.untilClose = true;
    s.state = 'body-close';
  }

  /** `boundary` null: the body is a message/rfc822 entity (headers, then its own body). */
  private startMultipart(s: Side, m: Message, boundary: string | null): void {
    m.multipart = new MultipartReader(boundary, {
      begin: (headers) => {
        const cd = headers.get('CONTENT-DISPOSITION');
        const filename = cd !== undefined ? filenameFromContentDisposition(cd) : undefined;
        const cr = headers.get('CONTENT-RANGE');
        const range = cr !== undefined ? parseContentRange(cr) : undefined;
        m.partNext = -1;
        if (range?.status === 'ok' && this.isRangeReply(s)) {
          m.partFile = this.rangeFile(s, filename, range.value.total);
          m.partNext = range.value.first;
        } else m.partFile = this.newFile(s, filename, undefined);
      },
      data: (buf) => {
        if (!m.partFile) return;
        if (m.partNext < 0) return m.partFile.data(buf);
        m.partFile.dataAt(m.partNext, buf);
        m.partNext += buf.length;
      },
      end: () => {
        if (m.partFile) this.endFile(s, m.partFile);
        m.partFile = null;
      },
      weird: (name, addl) => this.ctx.weird(name, addl),
    });
  }

  private stopParsing(): void {
    this.orig.state = 'nothing';
    this.resp.state = 'nothing';
    this.orig.partial = this.resp.partial = null;
  }

  // ---- bodies -------------------------------------------------------------------------------

  private body(s: Side, raw: Buffer): void {
    const m = s.msg;
    if (!m || !raw.length) return;
    let data: Buffer | null = raw;
    if (m.encoded) {
      m.decoder ??= new BodyDecoder();
      const wasFailed = m.decoder.failed;
      data = m.decoder.write(raw);
      if (!data) {
        if (!wasFailed) this.ctx.weird('inflate_failed');
        return;
      }
      if (!data.length) return;
    }
    m.bodyLen += data.length;
    m.lastByte = data[data.length - 1]!;
    if (m.multipart) return m.multipart.write(data);
    if (!m.file) this.openFile(s, m);
    if (m.rangeNext < 0) return m.file!.data(data);
    m.file!.dataAt(m.rangeNext, data);
    m.rangeNext += data.length;
  }

  private bodyGap(s: Side, len: number): void {
    const m = s.msg!;
    if (m.encoded) {
      m.decoder?.close();
      return;
    }
    m.bodyLen += len;
    m.lastByte = -1;
    if (m.multipart) {
      if (m.partNext >= 0) m.partNext += len; // the hole stays a hole of the shared file
      else m.partFile?.gap(len);
      return;
    }
    if (!m.file) this.openFile(s, m);
    if (m.rangeNext >= 0) m.rangeNext += len;
    else m.file!.gap(len);
  }

  private openFile(s: Side, m: Message): void {
    const e = this.entities.get(this.depthOf(s));
    if (e && e.filename !== undefined) m.filename = e.filename;
    if (m.rangeFirst !== undefined && !m.encoded && this.isRangeReply(s)) {
      m.file = this.rangeFile(s, m.filename, m.rangeTotal);
      m.rangeNext = m.rangeFirst;
      return;
    }
    const total = m.rangeTotal ?? (!m.encoded && !m.chunked && m.contentLength !== null ? m.contentLength : undefined);
    m.file = this.newFile(s, m.filename, total);
  }

  private depthOf(s: Side): number {
    return s.isOrig ? this.currentRequest : this.currentResponse;
  }

  /** http_begin_entity of a request or reply. */
  private beginEntity(s: Side): void {
    if (this.entities.size >= MAX_PENDING_REQUESTS) this.entities.clear();
    this.entities.set(this.depthOf(s), {});
  }

  /** A reply to a Range request: its pieces belong to the file of the URL (Zeek's HTTP::get_file_handle). */
  private isRangeReply(s: Side): boolean {
    return !s.isOrig && this.unanswered[0]?.range === true;
  }

  /** The file shared by the range replies for this client and URL. */
  private rangeFile(s: Side, filename: string | undefined, total: number | undefined): FileHandle {
    const rec = this.record(false);
    const key = `HTTP F ${this.ctx.conn.id.orig_h} ${rec.host ?? ''}${rec.uri ?? ''}`;
    const { file } = this.ranges.open(key, { source: 'HTTP', isOrig: false, filename, totalBytes: total });
    this.rangeKeys.set(file, key);
    const fuids = (rec.resp_fuids ??= []);
    if (fuids.length < MAX_FILES_PER_RECORD && !fuids.includes(file.fuid)) {
      fuids.push(file.fuid);
      if (filename !== undefined) (rec.resp_filenames ??= []).push(filename);
    }
    return file;
  }

  /** file_over_new_connection: a file for a body, its id (and name) in the record. */
  private newFile(s: Side, filename: string | undefined, total: number | undefined): FileHandle {
    const f = startFile(this.ctx, { source: 'HTTP', isOrig: s.isOrig, filename, totalBytes: total });
    const rec = this.record(s.isOrig);
    const fuids = s.isOrig ? (rec.orig_fuids ??= []) : (rec.resp_fuids ??= []);
    if (fuids.length < MAX_FILES_PER_RECORD) {
      fuids.push(f.fuid);
      if (filename !== undefined) (s.isOrig ? (rec.orig_filenames ??= []) : (rec.resp_filenames ??= [])).push(filename);
    }
    return f;
  }

  /** file_sniff + end of file: the MIME type into the record. */
  private endFile(s: Side, f: FileHandle): void {
    const rangeKey = this.rangeKeys.get(f);
    if (rangeKey !== undefined) {
      this.rangeKeys.delete(f);
      return this.ranges.pieceDone(rangeKey);
    }
    const mime = f.mimeType();
    // Zeek leaves the file of an unfinished 206 reply open (more of it may come), so its type is
    // only known after the http.log row was written.
    const partial = !s.isOrig && this.replyCode === 206 && !f.complete();
    f.end();
    if (mime && !partial) {
      const rec = this.record(s.isOrig);
      const list = s.isOrig ? (rec.orig_mime_types ??= []) : (rec.resp_mime_types ??= []);
      if (list.length < MAX_FILES_PER_RECORD) list.push(mime);
    }
  }

  /** http_message_done: body length into the record, reply records logged. */
  private messageDone(s: Side, interrupted = false): void {
    const m = s.msg;
    if (!m) return;
    s.msg = null;
    this.entities.delete(this.depthOf(s)); // http_end_entity
    if (m.decoder) m.decoder.close();
    if (m.multipart) m.multipart.end();
    if (m.file) this.endFile(s, m.file);
    // Line-mode bodies (multipart, until close): Zeek adds a CRLF to a final unterminated line.
    if ((m.multipart || m.untilClose) && m.bodyLen > 0 && m.lastByte !== 0x0a && m.lastByte !== -1) m.bodyLen += 2;
    const rec = this.record(s.isOrig);
    if (s.isOrig) {
      rec.request_body_len = m.bodyLen;
    } else {
      rec.response_body_len = m.bodyLen;
      const code = rec.status_code;
      if (!(code !== undefined && code >= 100 && code < 200)) {
        this.log(this.currentResponse);
        this.unanswered.shift();
      }
    }
    if (s.state !== 'nothing') {
      s.state = interrupted ? 'nothing' : 'line';
    }
  }

  /** Logs everything before the analyzer is detached. */
  private flushAll(): void {
    for (const s of [this.orig, this.resp]) {
      if (s.msg?.file && !this.rangeKeys.has(s.msg.file)) s.msg.file.end();
      if (s.msg?.partFile && !this.rangeKeys.has(s.msg.partFile)) s.msg.partFile.end();
    }
    for (const k of [...this.pending.keys()].sort((a, b) => a - b)) if (k !== 0) this.log(k);
    this.dead = true;
  }
}

export const httpAnalyzer: StreamAnalyzerSpec = {
  name: 'http',
  detect,
  create: (ctx) => new HttpAnalyzer(ctx),
};
