// FTP control-channel analyzer (Zeek's FTP analyzer and ftp/main.zeek): commands queued until a
// reply pairs with them, logged when the next command arrives (or at the end) as Zeek does, with
// the user, the password (hidden unless anonymous), full paths for file commands from CWD tracking,
// file sizes from 150/213 replies, and the data channel announced by PORT/EPRT/PASV/EPSV.
import type { Ftp } from '../../schema/logs/ftp.js';
import type { AnalyzerContext, Detection, StreamAnalyzer, StreamAnalyzerSpec } from '../app/analyzer.js';
import {
  buildPath, compressPath, extractPath, lastNumber, parseExtendedPort, parseLine, parsePortTuple, parseReplyLine, parseRequest, type HostPort,
} from './parse.js';
import { HeldTail } from '../app/held-tail.js';

/** Zeek's FTP::logged_commands default. */
export const FTP_LOGGED_COMMANDS = new Set(['APPE', 'DELE', 'RETR', 'STOR', 'STOU', 'ACCT', 'PORT', 'PASV', 'EPRT', 'EPSV']);
/** Zeek's FTP::guest_ids: their passwords are logged. */
const GUEST_IDS = new Set(['anonymous', 'ftp', 'ftpuser', 'guest']);
/** Commands whose argument is logged as a full ftp:// URL (Zeek's file_cmds). */
const FILE_CMDS = new Set(['APPE', 'RETR', 'STOR', 'STOU']);
/** Zeek's FTP::max_pending_commands. */
export const MAX_PENDING_COMMANDS = 20;
/** Zeek's FTP::max_arg_length / max_user_length / max_password_length / max_reply_msg_length. */
export const MAX_ARG_LENGTH = 4096;
export const MAX_USER_LENGTH = 256;
export const MAX_PASSWORD_LENGTH = 256;
export const MAX_REPLY_MSG_LENGTH = 4096;
/** Bytes held for an unfinished line. */
const MAX_PENDING_BYTES = 16 * 1024;

const CLIENT_COMMANDS = /^(USER|PASS|AUTH|FEAT|SYST|OPTS|ACCT|CWD|PWD|TYPE|PASV|EPSV|PORT|EPRT|LIST|NLST|RETR|STOR|QUIT|NOOP|HELP|SITE|MKD|RMD|DELE|SIZE|MDTM|REST|CLNT|LANG|MLSD|MLST|STAT|ABOR|CDUP|XPWD|APPE|STOU|RNFR|RNTO|ALLO|HOST|PBSZ|PROT|CCC|ADAT)\b/i;

function detect(orig: Buffer, resp: Buffer, ports: { orig: number; resp: number }): Detection {
  const o = orig.toString('latin1', 0, Math.min(orig.length, 16));
  const r = resp.toString('latin1', 0, Math.min(resp.length, 256));
  if (o.length >= 4) {
    if (!CLIENT_COMMANDS.test(o)) return 'no';
    if (/^(USER|AUTH|FEAT|SYST|OPTS) /i.test(o) && (r.length === 0 || /^(120|220)[ -]/.test(r))) return 'yes';
  }
  if (r.length >= 4) {
    if (!/^(120|220)[ -]/.test(r)) return 'no';
    if (/SMTP|Postfix|Sendmail|Exim|mail/i.test(r)) return 'no';
    if (/FTP/i.test(r) || ports.resp === 21 || ports.resp === 2811) return 'yes';
    if (o.length >= 4) return 'yes';
  }
  return 'maybe';
}

interface CmdArg {
  ts: number;
  seq: number;
  cmd: string;
  arg: string;
}

interface DataChannel {
  passive: boolean;
  orig_h: string;
  resp_h: string;
  resp_p: number;
}

class FtpAnalyzer implements StreamAnalyzer {
  private readonly held = new HeldTail(MAX_PENDING_BYTES);
  private user = '<unknown>';
  private password: string | undefined;
  private cwd = '.';
  private readonly pending = new Map<number, CmdArg>();
  private seq = 0;
  private cmdarg: CmdArg | undefined;
  private replyCode: number | undefined;
  private replyMsg: string | undefined;
  private fileSize: number | undefined;
  private dataChannel: DataChannel | undefined;
  private pendingReply = 0;
  private confirmed = false;
  private tls = false;
  private done = false;

  constructor(private readonly ctx: AnalyzerContext, private readonly cfg: FtpOptions = DEFAULT_FTP_OPTIONS) {
    this.pending.set(0, { ts: ctx.now(), seq: 0, cmd: '<init>', arg: '' });
  }

  data(isOrig: boolean, data: Buffer): void {
    if (this.tls || this.done) return;
    const buf = this.held.join(isOrig, data);
    let off = 0;
    while (off < buf.length && !this.tls && !this.done) {
      const r = parseLine(buf, off);
      if (r.status === 'need-more') break;
      if (r.status === 'malformed') {
        this.ctx.weird(r.anomaly);
        off = buf.length;
        break;
      }
      off += r.consumed;
      if (isOrig) this.request(r.value);
      else this.reply(r.value);
    }
    if (off < buf.length && !this.tls && !this.done) {
      if (!this.held.keep(isOrig, buf, off)) this.ctx.weird('FTP_line_too_long');
    }
  }

  private request(line: string): void {
    if (!line.length) return;
    const { command, arg: rawArg } = parseRequest(line);
    let arg = rawArg;
    if (arg.length > MAX_ARG_LENGTH) {
      this.ctx.weird('FTP_arg_too_long', command);
      arg = arg.slice(0, MAX_ARG_LENGTH);
    }
    // Zeek logs the previous command once a new one arrives.
    if (this.cmdarg && this.replyCode !== undefined && this.pending.delete(this.cmdarg.seq)) this.message();
    if (this.pending.size >= MAX_PENDING_COMMANDS) {
      this.ctx.weird('FTP_too_many_pending_commands', String(this.pending.size));
    } else {
      const seq = ++this.seq;
      this.pending.set(seq, { ts: this.ctx.now(), seq, cmd: command, arg });
    }
    if (command === 'USER') this.user = arg.length > MAX_USER_LENGTH ? arg.slice(0, MAX_USER_LENGTH) : arg;
    else if (command === 'PASS') this.password = arg.length > MAX_PASSWORD_LENGTH ? arg.slice(0, MAX_PASSWORD_LENGTH) : arg;
    else if (command === 'PORT' || command === 'EPRT') {
      const hp = command === 'PORT' ? parsePortTuple(arg) : parseExtendedPort(arg);
      if (hp && hp.h) this.dataChannel = { passive: false, orig_h: this.ctx.conn.id.resp_h, resp_h: hp.h, resp_p: hp.p };
      else this.ctx.weird('FTP_bad_port', arg);
    }
  }

  private reply(line: string): void {
    const r = parseReplyLine(line);
    let code = r.code;
    let msg = r.msg;
    let cont: boolean;
    if (this.pendingReply) {
      if (code === this.pendingReply && r.final) {
        this.pendingReply = 0;
        cont = false;
      } else {
        cont = true;
        code = 0;
        msg = line;
      }
    } else if (code > 0 && r.dash) {
      this.pendingReply = code;
      cont = true;
    } else if (code > 0) {
      cont = false;
    } else {
      // Not a reply line: Zeek's analyzer reports a violation and stops.
      return this.violation(line.length ? 'FTP reply without a valid code' : 'empty FTP reply line');
    }
    if (!this.confirmed && code > 0 && !cont) {
      this.confirmed = true;
      this.ctx.confirm();
    }
    if (msg.length > MAX_REPLY_MSG_LENGTH) msg = msg.slice(0, MAX_REPLY_MSG_LENGTH);
    const best = this.bestPending(code, msg);
    if (best) this.cmdarg = best;
    this.replyCode = code;
    this.replyMsg = msg;
    if (cont || !this.cmdarg) return;
    const cmd = this.cmdarg.cmd;
    if ((code === 150 && cmd === 'RETR') || (code === 213 && cmd === 'SIZE')) this.fileSize = lastNumber(msg);
    else if (code === 227 || code === 229) {
      const hp: HostPort | null = code === 227 ? parsePortTuple(msg) : parseExtendedPort(msg);
      if (hp) this.dataChannel = { passive: true, orig_h: this.ctx.conn.id.orig_h, resp_h: hp.h === '' || hp.h === '::' ? this.ctx.conn.id.resp_h : hp.h, resp_p: hp.p };
    }
    // Directory tracking (Zeek's directory_cmds with success codes).
    if (cmd === 'CWD' && code === 250) this.cwd = compressPath(buildPath(this.cwd, this.cmdarg.arg));
    else if (cmd === 'CDUP' && (code === 200 || code === 250)) this.cwd = `${this.cwd}/..`;
    else if ((cmd === 'PWD' || cmd === 'XPWD') && code === 257) this.cwd = extractPath(msg);
    if (this.pending.size > 1 && this.pending.delete(this.cmdarg.seq)) this.message();
    if (cmd === 'AUTH' && code === 234) {
      this.tls = true; // the rest of the connection is TLS
      this.ctx.handover?.('ssl');
    }
  }

  /** Zeek's get_pending_cmd: the pending command that best explains the reply. */
  private bestPending(code: number, msg: string): CmdArg | undefined {
    let best: CmdArg | undefined;
    let bestScore = -1;
    for (const c of this.pending.values()) {
      let score = 0;
      if (code === 500 || replyFits(c.cmd, code)) score += 100;
      if (c.cmd && msg.indexOf(c.cmd) > 0) score += 20;
      if (c.arg && msg.indexOf(c.arg) > 0) score += 10;
      if (score > bestScore || (score === bestScore && best && best.seq > c.seq)) {
        bestScore = score;
        best = c;
      }
    }
    return best;
  }

  /** Zeek's ftp_message: writes the current command/reply pair, then clears per-transfer fields. */
  private message(): void {
    const ca = this.cmdarg;
    if (!ca) return;
    const hidden = this.password !== undefined && !this.cfg.capturePassword && !GUEST_IDS.has(this.user.toLowerCase());
    if (this.cfg.loggedCommands.has(ca.cmd)) {
      const id = this.ctx.conn.id;
      let arg = ca.arg;
      if (FILE_CMDS.has(ca.cmd)) {
        let path = compressPath(buildPath(this.cwd, ca.arg));
        if (!path.startsWith('/')) path = `/${path}`;
        arg = `ftp://${id.resp_h.includes(':') ? `[${id.resp_h}]` : id.resp_h}${path}`;
      } else if (ca.cmd === 'PASS' && hidden) arg = '<hidden>';
      const rec: Ftp = { ts: ca.ts, uid: this.ctx.conn.uid, id, user: this.user, command: ca.cmd };
      if (this.password !== undefined) rec.password = hidden ? '<hidden>' : this.password;
      if (arg !== '') rec.arg = arg;
      if (this.fileSize !== undefined) rec.file_size = this.fileSize;
      if (this.replyCode !== undefined) rec.reply_code = this.replyCode;
      if (this.replyMsg !== undefined) rec.reply_msg = this.replyMsg;
      if (this.dataChannel) rec.data_channel = { ...this.dataChannel };
      this.ctx.emit({ type: 'ftp', record: rec });
    }
    this.fileSize = undefined;
    this.dataChannel = undefined;
  }

  private violation(reason: string): void {
    this.end();
    this.ctx.violation(reason);
  }

  gap(isOrig: boolean): void {
    this.held.take(isOrig);
  }

  end(): void {
    if (this.done) return;
    this.done = true;
    for (const c of [...this.pending.values()].sort((a, b) => a.seq - b.seq)) {
      this.cmdarg = c;
      this.message();
    }
    this.pending.clear();
  }
}

/** Zeek's cmd_reply_code, reduced to the families that decide pairing in practice. */
function replyFits(cmd: string, code: number): boolean {
  const c = Math.floor(code / 100);
  switch (cmd) {
    case '<init>': return code === 120 || code === 220 || code === 421;
    case 'USER': return code === 230 || code === 331 || code === 332 || code === 530 || code === 421 || code === 500 || code === 501;
    case 'PASS': return code === 230 || code === 202 || code === 332 || code === 530 || code === 421 || code === 500 || code === 501 || code === 503;
    case 'PASV': return code === 227 || c === 4 || c === 5;
    case 'EPSV': return code === 229 || c === 4 || c === 5;
    case 'PORT': case 'EPRT': case 'TYPE': case 'MODE': case 'STRU': case 'NOOP': return code === 200 || c === 4 || c === 5;
    case 'RETR': case 'STOR': case 'APPE': case 'STOU': case 'LIST': case 'NLST': case 'MLSD': return c === 1 || code === 226 || code === 250 || c === 4 || c === 5;
    case 'CWD': case 'CDUP': case 'DELE': case 'RMD': return code === 250 || code === 200 || c === 4 || c === 5;
    case 'PWD': case 'XPWD': case 'MKD': return code === 257 || c === 4 || c === 5;
    case 'SIZE': case 'MDTM': return code === 213 || c === 4 || c === 5;
    case 'SYST': return code === 215 || c === 4 || c === 5;
    case 'QUIT': return code === 221 || code === 500;
    case 'AUTH': return code === 234 || code === 334 || c === 4 || c === 5;
    case 'FEAT': return code === 211 || c === 4 || c === 5;
    default: return c === 2 || c === 4 || c === 5;
  }
}

/** Site policy, as Zeek's FTP::logged_commands and FTP::default_capture_password. */
export interface FtpOptions {
  loggedCommands: ReadonlySet<string>;
  capturePassword: boolean;
}

export const DEFAULT_FTP_OPTIONS: FtpOptions = { loggedCommands: FTP_LOGGED_COMMANDS, capturePassword: false };

export function makeFtpAnalyzer(cfg: FtpOptions = DEFAULT_FTP_OPTIONS): StreamAnalyzerSpec {
  return { name: 'ftp', detect, create: (ctx) => new FtpAnalyzer(ctx, cfg) };
}

export const FTP_ANALYZER: StreamAnalyzerSpec = makeFtpAnalyzer();
