// SMTP analyzer (Zeek's SMTP analyzer and smtp/main.zeek): one smtp.log record per mail
// transaction with HELO, envelope, the top-level message headers, the Received path, the last
// reply, STARTTLS and the files of the message (smtp/files.zeek, entities.zeek: the body and every
// MIME part, decoded, in message-body.ts). After STARTTLS the stream is TLS and is no longer parsed.
import type { Smtp } from '../../schema/logs/smtp.js';
import type { AnalyzerContext, Detection, StreamAnalyzer, StreamAnalyzerSpec } from '../app/analyzer.js';
import { startFile } from '../files/file-tracker.js';
import { MessageBody } from './message-body.js';
import { parseBdat, parseCommand, parseHeader, parseLine, parseReply, pathArg, receivedIp, splitAddressList, extractIps } from './parse.js';
import { HeldTail } from '../app/held-tail.js';

/** Commands awaiting a reply (pipelining) kept at most. */
export const MAX_PENDING_COMMANDS = 100;
/** Recipients, To/Cc entries and path hops kept per transaction. */
export const MAX_RECIPIENTS = 1000;
/** Header lines examined per message. */
export const MAX_HEADERS = 1000;
/** Length of one unfolded header kept. */
export const MAX_HEADER_LENGTH = 16 * 1024;
/** Bytes held for an unfinished line. */
const MAX_PENDING_BYTES = 32 * 1024;
/** File ids listed in one transaction's `fuids` (the files themselves are all analysed). */
export const MAX_FUIDS = 1000;
/** Top-level MIME headers the body analysis needs. */
const MIME_HEADERS = new Set(['CONTENT-TYPE', 'CONTENT-TRANSFER-ENCODING', 'CONTENT-DISPOSITION']);

function detect(orig: Buffer, resp: Buffer, ports: { orig: number; resp: number }): Detection {
  const o = orig.toString('latin1', 0, Math.min(orig.length, 16)).toUpperCase();
  const r = resp.toString('latin1', 0, Math.min(resp.length, 256));
  if (o.length >= 5) {
    if (/^(EHLO|HELO|LHLO)[ \r\n]/.test(o)) return 'yes';
    if (!/^(MAIL|RCPT|STARTTLS|AUTH|NOOP|RSET|QUIT|DATA|BDAT|VRFY|EXPN|XCLIENT)\b/.test(o)) return 'no';
  }
  if (r.length >= 4) {
    if (!/^(220|421|554)[ -]/.test(r)) return 'no';
    if (/E?SMTP|Postfix|Sendmail|Exim|mail/i.test(r) || ports.resp === 25 || ports.resp === 587) return 'yes';
    if (/FTP/i.test(r)) return 'no';
  }
  return 'maybe';
}

/** Pending-reply marker for the end of a message (the "." of DATA, the last BDAT chunk); a "." typed outside DATA is just an unknown command. */
const END_OF_DATA = '\0end-of-data';

type Mode = 'commands' | 'data' | 'bdat' | 'tls' | 'dead';

class SmtpAnalyzer implements StreamAnalyzer {
  private readonly held = new HeldTail(MAX_PENDING_BYTES);
  private mode: Mode = 'commands';
  private info: Smtp | null = null;
  private activity = false;
  /** messages whose end of data was answered (Zeek: smtp_state$messages_transferred) */
  private messagesTransferred = 0;
  private helo: string | undefined;
  private readonly pending: string[] = [];
  private confirmed = false;
  private pendingOverflow = false;
  // message state
  private inHeaders = false;
  private header = '';
  private headerCount = 0;
  private processReceived = true;
  private bdatLeft = 0;
  private bdatLast = false;
  private bdatLine: Buffer | null = null;
  private inBdatMessage = false;
  /** entities seen in this session (Zeek: smtp_state$mime_depth) */
  private mimeDepth = 0;
  private topDepth = 0;
  private topHeaders = new Map<string, string>();
  private body: MessageBody | null = null;

  constructor(private readonly ctx: AnalyzerContext) {}

  private session(): Smtp {
    if (!this.info) {
      const id = this.ctx.conn.id;
      this.info = { ts: this.ctx.now(), uid: this.ctx.conn.uid, id, trans_depth: this.messagesTransferred + 1, path: [id.resp_h, id.orig_h], tls: false, fuids: [] };
      if (this.helo !== undefined) this.info.helo = this.helo;
      this.activity = false;
      this.processReceived = true;
    }
    return this.info;
  }

  /** Zeek's smtp_message: writes the transaction and starts a new one on the next event. */
  private message(): void {
    if (this.info) this.ctx.emit({ type: 'smtp', record: this.info });
    this.info = null;
  }

  data(isOrig: boolean, data: Buffer): void {
    if (this.mode === 'tls' || this.mode === 'dead') return;
    const buf = this.held.join(isOrig, data);
    let off = 0;
    while (off < buf.length) {
      const m = this.mode as Mode;
      if (m === 'tls' || m === 'dead') return;
      if (isOrig && m === 'bdat') {
        off += this.bdatChunk(buf.subarray(off));
        continue;
      }
      const r = parseLine(buf, off);
      if (r.status === 'need-more') break;
      if (r.status === 'malformed') {
        this.ctx.weird(r.anomaly);
        off = buf.length;
        break;
      }
      off += r.consumed;
      if (!isOrig) this.reply(r.value);
      else if (m === 'data') this.dataLine(r.value);
      else this.command(r.value);
    }
    if (off < buf.length && (this.mode as Mode) !== 'tls' && (this.mode as Mode) !== 'dead') {
      if (!this.held.keep(isOrig, buf, off)) this.ctx.weird('SMTP_line_too_long');
    }
  }

  private command(line: string): void {
    const { verb, arg } = parseCommand(line);
    // A new MAIL FROM flushes a transaction already under way whose end was not acknowledged (Zeek:
    // smtp_message in smtp_request), so a failed transaction keeps its own record.
    if (verb === 'MAIL' && /^from:/i.test(arg) && this.info && this.activity && (this.info.mailfrom !== undefined || this.info.rcptto !== undefined)) this.message();
    const s = this.session();
    if (verb !== 'QUIT') this.activity = true;
    if (this.pending.length < MAX_PENDING_COMMANDS) this.pending.push(verb);
    else if (!this.pendingOverflow) {
      this.pendingOverflow = true; // once per connection: a pipelining client would otherwise flood weird.log
      this.ctx.weird('SMTP_too_many_pending_commands');
    }
    switch (verb) {
      case 'HELO': case 'EHLO': case 'LHLO':
        this.helo = arg;
        s.helo = arg;
        break;
      case 'MAIL':
        if (/^from:/i.test(arg)) {
          const v = pathArg(arg);
          if (v !== undefined) s.mailfrom = v;
        }
        break;
      case 'RCPT':
        if (/^to:/i.test(arg)) {
          const v = pathArg(arg);
          if (v !== undefined) {
            s.rcptto ??= [];
            if (!s.rcptto.includes(v) && s.rcptto.length < MAX_RECIPIENTS) s.rcptto.push(v);
          }
        }
        break;
      case 'DATA':
        // Clients may send the message right behind DATA without waiting for 354 (Zeek reads it as data too).
        this.mode = 'data';
        this.startMessage();
        break;
      case 'BDAT': {
        const b = parseBdat(arg);
        if (b.status !== 'ok') {
          this.ctx.weird(b.status === 'malformed' ? b.anomaly : 'smtp_invalid_bdat_command', b.status === 'malformed' ? b.detail : arg);
          break;
        }
        if (!this.inBdatMessage) {
          this.inBdatMessage = true;
          this.bdatLine = null;
          this.startMessage();
        }
        this.mode = 'bdat';
        this.bdatLeft = b.value.size;
        this.bdatLast = b.value.last;
        if (b.value.last && this.pending[this.pending.length - 1] === 'BDAT') this.pending[this.pending.length - 1] = END_OF_DATA;
        if (this.bdatLeft === 0) this.bdatDone();
        break;
      }
      default:
        break;
    }
  }

  private startMessage(): void {
    this.finishBody();
    this.inHeaders = true;
    this.header = '';
    this.headerCount = 0;
    this.topDepth = ++this.mimeDepth;
    this.topHeaders = new Map();
  }

  private beginBody(): void {
    this.finishBody();
    this.body = new MessageBody(this.topHeaders, this.topDepth, {
      nextEntity: () => ++this.mimeDepth,
      openFile: (filename, depth) => {
        const f = startFile(this.ctx, { source: 'SMTP', isOrig: true, filename, depth });
        const fuids = (this.session().fuids ??= []);
        if (fuids.length < MAX_FUIDS) fuids.push(f.fuid);
        return f;
      },
      weird: (name, addl) => this.ctx.weird(name, addl),
    });
  }

  private finishBody(): void {
    const b = this.body;
    this.body = null;
    b?.end();
  }

  /** The message ended: headers without a blank line end here, the files end. */
  private endMessage(): void {
    this.endHeaders();
    this.finishBody();
  }

  /** Client bytes of a BDAT chunk: split into lines for the header parser and the body. Returns bytes consumed. */
  private bdatChunk(buf: Buffer): number {
    const n = Math.min(this.bdatLeft, buf.length);
    let chunk = buf.subarray(0, n);
    if (this.bdatLine) {
      chunk = Buffer.concat([this.bdatLine, chunk]);
      this.bdatLine = null;
    }
    let off = 0;
    for (;;) {
      const lf = chunk.indexOf(0x0a, off);
      if (lf < 0) break;
      let end = lf;
      if (end > off && chunk[end - 1] === 0x0d) end--;
      this.messageBytes(chunk.subarray(off, end), true);
      off = lf + 1;
    }
    if (off < chunk.length) {
      // An unfinished line waits for the next chunk; a very long one is body data as it is.
      if (chunk.length - off <= MAX_PENDING_BYTES) this.bdatLine = Buffer.from(chunk.subarray(off));
      else this.messageBytes(chunk.subarray(off), false);
    }
    this.bdatLeft -= n;
    if (this.bdatLeft === 0) this.bdatDone();
    return n;
  }

  private bdatDone(): void {
    this.mode = 'commands';
    if (this.bdatLast) {
      const rest = this.bdatLine;
      this.bdatLine = null;
      if (rest) this.messageBytes(rest[rest.length - 1] === 0x0d ? rest.subarray(0, rest.length - 1) : rest, false);
      this.inBdatMessage = false;
      this.endMessage();
    }
  }

  private dataLine(line: string): void {
    if (line === '.') {
      this.endMessage();
      this.mode = 'commands';
      this.pending.push(END_OF_DATA);
      return;
    }
    const text = line.startsWith('.') ? line.slice(1) : line;
    if (this.inHeaders) this.messageLine(text);
    else this.body?.write(Buffer.from(text, 'latin1'), true);
  }

  /** One line of the message (or, `eol` false, bytes without a line end). */
  private messageBytes(bytes: Buffer, eol: boolean): void {
    if (this.inHeaders) this.messageLine(bytes.toString('latin1'));
    else this.body?.write(bytes, eol);
  }

  private messageLine(line: string): void {
    if (!this.inHeaders) return;
    if (line === '') return this.endHeaders();
    if ((line[0] === ' ' || line[0] === '\t') && this.header) {
      if (this.header.length < MAX_HEADER_LENGTH) this.header += line;
      return;
    }
    this.flushHeader();
    if (++this.headerCount > MAX_HEADERS) {
      this.ctx.weird('SMTP_too_many_headers');
      this.inHeaders = false;
      this.beginBody();
      return;
    }
    this.header = line;
  }

  private endHeaders(): void {
    if (!this.inHeaders) return;
    this.flushHeader();
    this.inHeaders = false;
    this.beginBody();
  }

  private flushHeader(): void {
    const text = this.header;
    this.header = '';
    if (!text) return;
    const h = parseHeader(text);
    if (!h) return;
    const s = this.session();
    const v = h.value;
    if (MIME_HEADERS.has(h.name)) this.topHeaders.set(h.name, v);
    switch (h.name) {
      case 'MESSAGE-ID': s.msg_id = v; break;
      case 'RECEIVED':
        if (s.first_received !== undefined) s.second_received = s.first_received;
        s.first_received = v;
        this.receivedPath(s, v);
        break;
      case 'IN-REPLY-TO': s.in_reply_to = v; break;
      case 'SUBJECT': s.subject = v; break;
      case 'FROM': s.from = v; break;
      case 'REPLY-TO': s.reply_to = v; break;
      case 'DATE': s.date = v; break;
      case 'TO': case 'CC': {
        const key = h.name === 'TO' ? 'to' : 'cc';
        const set = (s[key] ??= []);
        for (const a of splitAddressList(v)) if (!set.includes(a) && set.length < MAX_RECIPIENTS) set.push(a);
        break;
      }
      case 'X-ORIGINATING-IP': {
        const ip = extractIps(v)[0];
        if (ip) s.x_originating_ip = ip;
        break;
      }
      case 'X-MAILER': case 'USER-AGENT': case 'X-USER-AGENT': s.user_agent = v; break;
      default: break;
    }
  }

  private receivedPath(s: Smtp, v: string): void {
    if (!this.processReceived) return;
    const ip = receivedIp(v);
    if (!ip) return;
    const path = (s.path ??= []);
    if (path[path.length - 1] !== ip && path.length < MAX_RECIPIENTS) path.push(ip);
  }

  private reply(line: string): void {
    const r = parseReply(line);
    if (r.status !== 'ok') {
      if (!this.confirmed) return this.violation('not an SMTP reply');
      return this.ctx.weird(r.status === 'malformed' ? r.anomaly : 'SMTP_bad_reply');
    }
    const { code, cont, msg } = r.value;
    if (cont) return;
    if (!this.confirmed) {
      this.confirmed = true;
      this.ctx.confirm();
    }
    const cmd = this.pending.shift();
    if (cmd === undefined && !this.info) return; // the greeting: no transaction yet
    const s = this.session();
    s.last_reply = `${code} ${msg}`;
    if (cmd === 'DATA' && code !== 354) {
      if (this.mode === 'data' && this.headerCount === 0 && !this.header) this.mode = 'commands'; // refused: no message follows
    } else if (cmd === END_OF_DATA) {
      this.messagesTransferred++;
      this.message();
    } else if (cmd === 'STARTTLS' && code === 220) {
      s.tls = true;
      this.message();
      this.mode = 'tls';
      this.ctx.handover?.('ssl'); // Zeek hands the stream to its SSL analyzer: service smtp,ssl
    } else if (cmd === 'RSET' && this.activity && s.mailfrom !== undefined) {
      this.message();
    }
  }

  private violation(reason: string): void {
    this.end();
    this.ctx.violation(reason);
  }

  gap(isOrig: boolean, len: number): void {
    this.held.take(isOrig);
    if (isOrig && (this.mode === 'data' || this.mode === 'bdat')) this.body?.gap(len);
  }

  end(): void {
    if (this.mode === 'dead') return;
    const rest = this.held.take(true);
    if (rest && this.mode === 'data') this.dataLine(rest.toString('latin1').replace(/\r$/, '')); // a last line without its end
    this.finishBody();
    if (this.info && this.activity) this.message();
    this.info = null;
    this.mode = 'dead';
  }
}

export const SMTP_ANALYZER: StreamAnalyzerSpec = {
  name: 'smtp',
  detect,
  create: (ctx) => new SmtpAnalyzer(ctx),
};
