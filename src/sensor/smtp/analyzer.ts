// SMTP analyzer (Zeek's SMTP analyzer and smtp/main.zeek): one smtp.log record per mail
// transaction with HELO, envelope, the top-level message headers, the Received path, the last
// reply and STARTTLS. After STARTTLS the stream is TLS and is no longer parsed.
import type { Smtp } from '../../schema/logs/smtp.js';
import type { AnalyzerContext, Detection, StreamAnalyzer, StreamAnalyzerSpec } from '../app/analyzer.js';
import { parseBdat, parseCommand, parseHeader, parseLine, parseReply, pathArg, receivedIp, splitAddressList, extractIps } from './parse.js';

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

type Mode = 'commands' | 'data' | 'bdat' | 'tls' | 'dead';

class SmtpAnalyzer implements StreamAnalyzer {
  private readonly held: [Buffer | null, Buffer | null] = [null, null];
  private mode: Mode = 'commands';
  private info: Smtp | null = null;
  private activity = false;
  private depth = 0;
  private helo: string | undefined;
  private readonly pending: string[] = [];
  private confirmed = false;
  // message state
  private inHeaders = false;
  private header = '';
  private headerCount = 0;
  private processReceived = true;
  private bdatLeft = 0;
  private bdatLast = false;
  private bdatLine: Buffer | null = null;
  private inBdatMessage = false;

  constructor(private readonly ctx: AnalyzerContext) {}

  private session(): Smtp {
    if (!this.info) {
      const id = this.ctx.conn.id;
      this.info = { ts: this.ctx.now(), uid: this.ctx.conn.uid, id, trans_depth: ++this.depth, path: [id.resp_h, id.orig_h], tls: false, fuids: [] };
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
    const i = isOrig ? 0 : 1;
    let buf = data;
    const h = this.held[i];
    if (h) {
      buf = Buffer.concat([h, data]);
      this.held[i] = null;
    }
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
      if (buf.length - off > MAX_PENDING_BYTES) this.ctx.weird('SMTP_line_too_long');
      else this.held[i] = Buffer.from(buf.subarray(off));
    }
  }

  private command(line: string): void {
    const { verb, arg } = parseCommand(line);
    const s = this.session();
    if (verb !== 'QUIT') this.activity = true;
    if (this.pending.length < MAX_PENDING_COMMANDS) this.pending.push(verb);
    else this.ctx.weird('SMTP_too_many_pending_commands');
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
          this.ctx.weird(b.status === 'malformed' ? b.anomaly : 'SMTP_invalid_bdat_command', arg);
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
        if (b.value.last && this.pending[this.pending.length - 1] === 'BDAT') this.pending[this.pending.length - 1] = '.';
        if (this.bdatLeft === 0) this.bdatDone();
        break;
      }
      default:
        break;
    }
  }

  private startMessage(): void {
    this.inHeaders = true;
    this.header = '';
    this.headerCount = 0;
  }

  /** Client bytes of a BDAT chunk: split into lines for the header parser. Returns bytes consumed. */
  private bdatChunk(buf: Buffer): number {
    const n = Math.min(this.bdatLeft, buf.length);
    let chunk = buf.subarray(0, n);
    if (this.inHeaders) {
      if (this.bdatLine) {
        chunk = Buffer.concat([this.bdatLine, chunk]);
        this.bdatLine = null;
      }
      let off = 0;
      while (this.inHeaders) {
        const r = parseLine(chunk, off);
        if (r.status !== 'ok') break;
        off += r.consumed;
        this.messageLine(r.value);
      }
      if (this.inHeaders && off < chunk.length && chunk.length - off <= MAX_PENDING_BYTES) this.bdatLine = Buffer.from(chunk.subarray(off));
    }
    this.bdatLeft -= n;
    if (this.bdatLeft === 0) this.bdatDone();
    return n;
  }

  private bdatDone(): void {
    this.mode = 'commands';
    if (this.bdatLast) {
      if (this.bdatLine) this.messageLine(this.bdatLine.toString('latin1').replace(/\r$/, ''));
      this.bdatLine = null;
      this.inBdatMessage = false;
      this.endHeaders();
    }
  }

  private dataLine(line: string): void {
    if (line === '.') {
      this.endHeaders();
      this.mode = 'commands';
      this.pending.push('.');
      return;
    }
    this.messageLine(line.startsWith('.') ? line.slice(1) : line);
  }

  private messageLine(line: string): void {
    if (!this.inHeaders) return; // bodies (and MIME parts) are not analysed yet
    if (line === '') return this.endHeaders();
    if ((line[0] === ' ' || line[0] === '\t') && this.header) {
      if (this.header.length < MAX_HEADER_LENGTH) this.header += line;
      return;
    }
    this.flushHeader();
    if (++this.headerCount > MAX_HEADERS) {
      this.ctx.weird('SMTP_too_many_headers');
      this.inHeaders = false;
      return;
    }
    this.header = line;
  }

  private endHeaders(): void {
    if (!this.inHeaders) return;
    this.flushHeader();
    this.inHeaders = false;
  }

  private flushHeader(): void {
    const text = this.header;
    this.header = '';
    if (!text) return;
    const h = parseHeader(text);
    if (!h) return;
    const s = this.session();
    const v = h.value;
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
    } else if (cmd === '.') {
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

  gap(isOrig: boolean): void {
    this.held[isOrig ? 0 : 1] = null;
  }

  end(): void {
    if (this.mode === 'dead') return;
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
