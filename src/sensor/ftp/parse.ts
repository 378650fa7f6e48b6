// Pure parsers for the FTP control channel (RFC 959, RFC 2428): request and reply lines, PORT/PASV
// and EPRT/EPSV addresses, and Zeek's path helpers (build_path_compressed, extract_count).
import type { ParseResult } from '../app/analyzer.js';

/** Longest control line buffered (a longer line is cut and reported). */
export const MAX_LINE = 8192;

/** One CRLF- (or LF-) terminated line, without the terminator. */
export function parseLine(buf: Buffer, off = 0): ParseResult<string> {
  const lf = buf.indexOf(0x0a, off);
  if (lf < 0) return buf.length - off > MAX_LINE ? { status: 'malformed', anomaly: 'FTP_line_too_long' } : { status: 'need-more' };
  let end = lf;
  if (end > off && buf[end - 1] === 0x0d) end--;
  if (end - off > MAX_LINE) return { status: 'malformed', anomaly: 'FTP_line_too_long' };
  return { status: 'ok', value: buf.toString('latin1', off, end), consumed: lf + 1 - off };
}

export interface Request {
  /** upper-cased as Zeek does */
  command: string;
  arg: string;
}

export function parseRequest(line: string): Request {
  let s = 0;
  while (s < line.length && (line[s] === ' ' || line[s] === '\t')) s++;
  let e = s;
  while (e < line.length && line[e] !== ' ' && line[e] !== '\t') e++;
  let a = e;
  while (a < line.length && (line[a] === ' ' || line[a] === '\t')) a++;
  return { command: line.slice(s, e).toUpperCase(), arg: line.slice(a) };
}

export interface ReplyLine {
  /** 0 when the line has no code (continuation text) */
  code: number;
  /** "ddd-": the first line of a multi-line reply */
  dash: boolean;
  /** "ddd " or "ddd" alone: a line that can end a reply */
  final: boolean;
  /** text after the code and the separator, leading whitespace skipped */
  msg: string;
}

/** A reply line as Zeek's FTP analyzer splits it: a 3-digit code, then ' ' or '-'. */
export function parseReplyLine(line: string): ReplyLine {
  const d0 = line.charCodeAt(0) - 48;
  const d1 = line.charCodeAt(1) - 48;
  const d2 = line.charCodeAt(2) - 48;
  const digits = line.length >= 3 && d0 >= 0 && d0 <= 9 && d1 >= 0 && d1 <= 9 && d2 >= 0 && d2 <= 9;
  if (!digits) return { code: 0, dash: false, final: false, msg: line };
  const sep = line[3];
  const code = d0 * 100 + d1 * 10 + d2;
  if (sep === undefined) return { code, dash: false, final: true, msg: '' };
  if (sep !== ' ' && sep !== '-') return { code: 0, dash: false, final: false, msg: line };
  return { code, dash: sep === '-', final: sep === ' ', msg: line.slice(4).replace(/^[ \t]+/, '') };
}

export interface HostPort {
  h: string;
  p: number;
}

/** "h1,h2,h3,h4,p1,p2" anywhere in the text (PORT argument, 227 reply). */
export function parsePortTuple(s: string): HostPort | null {
  const m = /(\d{1,3}),(\d{1,3}),(\d{1,3}),(\d{1,3}),(\d{1,3}),(\d{1,3})/.exec(s);
  if (!m) return null;
  const n = m.slice(1).map(Number);
  if (n.some((x) => x > 255)) return null;
  return { h: `${n[0]}.${n[1]}.${n[2]}.${n[3]}`, p: n[4]! * 256 + n[5]! };
}

/** EPRT "|af|addr|port|" or an EPSV reply's "(|||port|)"; an empty address comes back as "". */
export function parseExtendedPort(s: string): HostPort | null {
  const start = s.indexOf('(');
  const body = start >= 0 ? s.slice(start + 1) : s.trim();
  const d = body[0];
  if (!d || d.charCodeAt(0) < 33 || d.charCodeAt(0) > 126) return null;
  const parts = body.split(d);
  if (parts.length < 5) return null;
  const p = Number(parts[3]);
  if (!/^\d{1,5}$/.test(parts[3] ?? '') || p > 65535) return null;
  return { h: parts[2] ?? '', p };
}

/** Zeek's extract_count(s, F): the last run of digits in the text. */
export function lastNumber(s: string): number | undefined {
  let end = -1;
  for (let i = s.length - 1; i >= 0; i--) {
    const c = s.charCodeAt(i);
    if (c >= 48 && c <= 57) {
      if (end < 0) end = i + 1;
    } else if (end >= 0) return Number(s.slice(i + 1, end));
  }
  return end >= 0 ? Number(s.slice(0, end)) : undefined;
}

/** Zeek's build_path: an absolute name stands alone, else it is joined to the directory. */
export function buildPath(dir: string, name: string): string {
  return name.startsWith('/') || dir === '' ? name : `${dir}/${name}`;
}

/** Zeek's compress_path: folds "x/.." and runs of "/" and "/." into one "/", drops a trailing "/". */
export function compressPath(path: string): string {
  let dir = path;
  for (let guard = 0; guard < 1000; guard++) {
    // one "name/.." fold per round, as Zeek's recursive cdup_sep split does
    const m = /((\/)*([^/]|\\\/)+)?((\/)+\.\.(\/)*)/.exec(dir);
    if (!m) break;
    const head = m[1];
    if (head === undefined || head.replace(/^\/+/, '') === '..' || head.replace(/^\/+/, '') === '.') {
      break;
    }
    dir = dir.slice(0, m.index) + (m[1]!.startsWith('/') ? '/' : '') + dir.slice(m.index + m[0].length);
  }
  dir = dir.replace(/(\/\.?){2,}/g, '/');
  if (dir.length > 1 && dir.endsWith('/')) dir = dir.slice(0, -1);
  return dir;
}

/** Zeek's extract_path: the quoted path of a PWD reply. */
export function extractPath(msg: string): string {
  const m = /"([^"]*)"/.exec(msg);
  return m ? m[1]! : '';
}
