// Pure parsers for HTTP/1.x (Zeek's HTTP analyzer, src/analyzer/protocol/http/HTTP.cc, and the
// helpers of base/protocols/http and base/utils/files.zeek). No state, no I/O: each function looks
// at one line or one header value and says what it is.
import type { ParseResult } from '../app/analyzer.js';

/** Longest request/status/header line accepted; longer lines are a weird and the direction stops. */
export const MAX_LINE = 16 * 1024;

const CR = 0x0d;
const LF = 0x0a;

/** Index of the first CR or LF at or after `from`, or -1 (Zeek's ContentLine: CR, LF and CRLF end lines). */
export function findEol(buf: Buffer, from: number): number {
  for (let i = from; i < buf.length; i++) {
    const c = buf[i]!;
    if (c === LF || c === CR) return i;
  }
  return -1;
}

/** Bytes as a string: ASCII and valid UTF-8 read as such, other bytes kept one char per byte. */
export function text(buf: Buffer): string {
  for (let i = 0; i < buf.length; i++) {
    if (buf[i]! >= 0x80) {
      const s = buf.toString('utf8');
      return s.includes('\ufffd') ? buf.toString('latin1') : s;
    }
  }
  return buf.toString('latin1');
}

// RFC 2616 token characters: not CTL, not separators.
const SEPARATORS = '()<>@,;:\\"/[]?={} \t';
function isTokenChar(c: number): boolean {
  return c > 0x20 && c < 0x7f && !SEPARATORS.includes(String.fromCharCode(c));
}

// Zeek's is_reserved_URI_char / is_unreserved_URI_char (RFC 3986). NUL counts as reserved there
// (strchr finds the terminator), kept for fidelity.
const RESERVED = ':/?#[]@!$&\'()*+,;=';
function isUriChar(c: number): boolean {
  if (c === 0) return true;
  if ((c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a)) return true;
  if (c === 0x2d || c === 0x2e || c === 0x5f || c === 0x7e || c === 0x25) return true;
  return RESERVED.includes(String.fromCharCode(c));
}

function isWs(c: number | undefined): boolean {
  return c === 0x20 || c === 0x09;
}

function skipWs(b: Buffer, i: number, end: number): number {
  while (i < end && isWs(b[i])) i++;
  return i;
}

function prefixMatch(b: Buffer, i: number, end: number, prefix: string, nocase = false): boolean {
  if (end - i < prefix.length) return false;
  for (let k = 0; k < prefix.length; k++) {
    let c = b[i + k]!;
    if (nocase && c >= 0x61 && c <= 0x7a) c -= 0x20;
    if (c !== prefix.charCodeAt(k)) return false;
  }
  return true;
}

export interface RequestLine {
  method: string;
  /** the URI as sent */
  rawUri: Buffer;
  /** "1.1", "1.0", "0.9" (no version: HTTP/0.9) */
  version: string;
  /** weirds found while parsing (missing_HTTP_uri, bad_HTTP_version …) */
  weirds: string[];
}

/** Parses a request line (without its end of line), as Zeek's HTTP_RequestLine and ParseRequest. */
export function parseRequestLine(line: Buffer): ParseResult<RequestLine> {
  const end = line.length;
  let m = 0;
  while (m < end && isTokenChar(line[m]!)) m++;
  if (m === 0) {
    // Zeek's weak test for a request line that ends in a version.
    if (end >= 9 && prefixMatch(line, end - 9, end, ' HTTP/', true)) return { status: 'malformed', anomaly: 'bad_HTTP_request_with_version' };
    return { status: 'malformed', anomaly: 'bad_HTTP_request' };
  }
  const rest = skipWs(line, m, end);
  if (rest === m || rest === end) return { status: 'malformed', anomaly: 'bad_HTTP_request' };
  const weirds: string[] = [];
  let endOfUri = rest;
  while (endOfUri < end && isUriChar(line[endOfUri]!)) endOfUri++;
  let uriStart = rest;
  if (endOfUri >= end && prefixMatch(line, rest, end, 'HTTP/')) {
    weirds.push('missing_HTTP_uri');
    endOfUri = rest;
    uriStart = rest;
  }
  let vs = endOfUri;
  let found = false;
  for (; vs < end; vs++) {
    endOfUri = vs;
    vs = skipWs(line, vs, end);
    if (prefixMatch(line, vs, end, 'HTTP/')) {
      found = true;
      break;
    }
  }
  let version = '0.9';
  if (found) {
    if (vs + 8 <= end) {
      const v = parseVersion(line, vs + 5, end);
      if (v) version = v;
      else weirds.push('bad_HTTP_version');
    } else weirds.push('bad_HTTP_version');
  }
  return {
    status: 'ok',
    consumed: end,
    value: { method: line.toString('latin1', 0, m), rawUri: line.subarray(uriStart, endOfUri), version, weirds },
  };
}

function isDigit(c: number | undefined): boolean {
  return c !== undefined && c >= 0x30 && c <= 0x39;
}

/** "1.1" from the bytes after "HTTP/", or undefined when they are not digit '.' digit. */
function parseVersion(b: Buffer, i: number, end: number): string | undefined {
  if (end - i >= 3 && isDigit(b[i]) && b[i + 1] === 0x2e && isDigit(b[i + 2])) return `${b[i]! - 0x30}.${b[i + 2]! - 0x30}`;
  return undefined;
}

export interface ReplyLine {
  version: string;
  code: number;
  /** reason phrase; Zeek logs "<empty>" when there is none */
  reason: string;
}

/** Parses a status line (Zeek's HTTP_ReplyLine). */
export function parseReplyLine(line: Buffer): ParseResult<ReplyLine> {
  const end = line.length;
  if (!prefixMatch(line, 0, end, 'HTTP/')) return { status: 'malformed', anomaly: 'bad_HTTP_reply' };
  const version = parseVersion(line, 5, end) ?? '0.0';
  let i = 5;
  while (i < end && !isWs(line[i])) i++;
  if (i >= end) return { status: 'malformed', anomaly: 'HTTP_reply_code_missing' };
  i = skipWs(line, i, end);
  if (i + 3 > end) return { status: 'malformed', anomaly: 'HTTP_reply_code_missing' };
  let code = 0;
  for (let k = 0; k < 3; k++) {
    const c = line[i + k]!;
    code = isDigit(c) ? code * 10 + (c - 0x30) : code * 10; // Zeek: HTTP_ReplyCode multiplies digits as they are
  }
  i += 3;
  while (i < end && !isWs(line[i])) i++;
  if (i >= end) return { status: 'ok', consumed: end, value: { version, code, reason: '<empty>' } };
  i = skipWs(line, i, end);
  return { status: 'ok', consumed: end, value: { version, code, reason: text(line.subarray(i, end)) } };
}

export interface HeaderLine {
  /** name in upper case, as Zeek's http_header event gives it */
  name: string;
  value: string;
}

/** One header "Name: value" (continuations already joined). Malformed when there is no colon. */
export function parseHeaderLine(line: Buffer): ParseResult<HeaderLine> {
  const colon = line.indexOf(0x3a);
  if (colon <= 0) return { status: 'malformed', anomaly: 'HTTP_header_without_colon' };
  let nameEnd = colon;
  while (nameEnd > 0 && isWs(line[nameEnd - 1])) nameEnd--;
  const vStart = skipWs(line, colon + 1, line.length);
  let vEnd = line.length;
  while (vEnd > vStart && isWs(line[vEnd - 1])) vEnd--;
  return {
    status: 'ok',
    consumed: line.length,
    value: { name: line.toString('latin1', 0, nameEnd).toUpperCase(), value: text(line.subarray(vStart, vEnd)) },
  };
}

/** Zeek's atoi_n: leading whitespace, then digits of `base`; no digits is malformed. Values past 2^64 are malformed. */
export function parseNumber(s: string, base: 10 | 16): ParseResult<number> {
  let i = 0;
  while (i < s.length && (s[i] === ' ' || s[i] === '\t')) i++;
  const start = i;
  let n = 0n;
  const b = BigInt(base);
  for (; i < s.length; i++) {
    const d = parseInt(s[i]!, base);
    if (Number.isNaN(d)) break;
    n = n * b + BigInt(d);
    if (n >= 1n << 63n) return { status: 'malformed', anomaly: 'overflow', detail: s };
  }
  if (i === start) return { status: 'malformed', anomaly: 'no_digits', detail: s };
  return { status: 'ok', consumed: i, value: n > BigInt(Number.MAX_SAFE_INTEGER) ? Number.MAX_SAFE_INTEGER : Number(n) };
}

/** A chunk-size line (hex digits, optional ";ext"). */
export function parseChunkSize(line: Buffer): ParseResult<number> {
  const r = parseNumber(line.toString('latin1', 0, Math.min(line.length, 64)), 16);
  return r.status === 'ok' ? r : { status: 'malformed', anomaly: 'HTTP_bad_chunk_size', detail: line.toString('latin1', 0, Math.min(line.length, 64)).trim() };
}

export interface Unescaped {
  uri: string;
  weirds: string[];
}

function hexVal(c: number): number {
  if (c >= 0x30 && c <= 0x39) return c - 0x30;
  if (c >= 0x41 && c <= 0x46) return c - 0x37;
  if (c >= 0x61 && c <= 0x66) return c - 0x57;
  return -1;
}

/** Zeek's unescape_URI: %XX and %uXXXX decoded, broken escapes kept and reported. */
export function unescapeUri(raw: Buffer): Unescaped {
  const weirds: string[] = [];
  if (raw.indexOf(0x25) < 0) return { uri: text(raw), weirds };
  const out = Buffer.allocUnsafe(raw.length);
  let o = 0;
  const end = raw.length;
  for (let i = 0; i < end; i++) {
    const c = raw[i]!;
    if (c !== 0x25) {
      out[o++] = c;
      continue;
    }
    i++;
    if (i === end) {
      out[o++] = 0x25;
      weirds.push('illegal_%_at_end_of_URI');
      break;
    }
    if (i + 1 === end) {
      out[o++] = 0x25;
      out[o++] = raw[i]!;
      weirds.push('partial_escape_at_end_of_URI');
      break;
    }
    if (raw[i] === 0x25) {
      weirds.push('double_%_in_URI');
      i--; // the second '%' starts the escape
      continue;
    }
    const h1 = hexVal(raw[i]!);
    const h2 = hexVal(raw[i + 1]!);
    if (h1 >= 0 && h2 >= 0) {
      out[o++] = (h1 << 4) | h2;
      i++;
      continue;
    }
    if (end - i >= 5 && raw[i] === 0x75) {
      const u = [hexVal(raw[i + 1]!), hexVal(raw[i + 2]!), hexVal(raw[i + 3]!), hexVal(raw[i + 4]!)];
      if (u.every((x) => x >= 0)) {
        if (!(raw[i + 1] === 0x30 && raw[i + 2] === 0x30)) out[o++] = (u[0]! << 4) | u[1]!;
        out[o++] = (u[2]! << 4) | u[3]!;
        i += 4;
        continue;
      }
    }
    weirds.push('unescaped_%_in_URI');
    out[o++] = 0x25;
    out[o++] = raw[i]!;
  }
  return { uri: text(out.subarray(0, o)), weirds };
}

/** Zeek's extract_filename_from_content_disposition (base/utils/files.zeek). */
export function filenameFromContentDisposition(value: string): string | undefined {
  if (!/filename/i.test(value)) return undefined;
  let f = value;
  const m = /^.*[nN][aA][mM][eE][ \t]*\*?=[ \t]*/.exec(f);
  if (m) f = f.slice(m[0].length);
  if (f.startsWith('"')) {
    const parts = f.split('"');
    f = parts[1] ?? '';
  }
  const lang = /^[a-zA-Z0-9!#$%&+\-^_`{}~]+'[a-zA-Z0-9!#$%&+\-^_`{}~]*'/.exec(f);
  if (lang) f = f.slice(lang[0].length);
  return f;
}

export interface Credentials {
  username: string;
  password?: string;
}

/** Basic credentials from an Authorization value (base/protocols/http/main.zeek), else undefined. */
export function basicAuth(value: string): Credentials | undefined {
  if (!/^basic /i.test(value)) return undefined;
  const b64 = value.replace(/^basic[ \t]+/i, '');
  const userpass = Buffer.from(b64, 'base64').toString('latin1');
  const colon = userpass.indexOf(':');
  if (colon < 0) return { username: `<problem-decoding> (${value})`, password: userpass };
  return { username: userpass.slice(0, colon), password: userpass.slice(colon + 1) };
}

export interface ContentRange {
  first: number;
  last: number;
  /** instance length, undefined for "*" */
  total?: number;
}

/** "bytes first-last/total" (Zeek's HTTP_Entity content-range handling); malformed names Zeek's weird. */
export function parseContentRange(value: string): ParseResult<ContentRange> {
  const m = /^\s*bytes\s+(\S*)/i.exec(value);
  const spec = m ? m[1]! : value.trim();
  const r = /^(\d+)-(\d+)\/(\d+|\*)$/.exec(spec);
  if (!r) {
    if (/^\d*-?-\d+\/(\d+|\*)$/.test(spec) || /^\d+--\d+/.test(spec)) return { status: 'malformed', anomaly: 'HTTP_content_range_invalid', detail: spec };
    return { status: 'malformed', anomaly: 'HTTP_content_range_cannot_parse', detail: spec };
  }
  const big = (s: string) => BigInt(s);
  const LIM = 1n << 63n;
  if (big(r[1]!) >= LIM || big(r[2]!) >= LIM || (r[3] !== '*' && big(r[3]!) >= LIM)) return { status: 'malformed', anomaly: 'HTTP_content_range_overflow', detail: spec };
  const first = Number(r[1]);
  const last = Number(r[2]);
  if (last < first) return { status: 'malformed', anomaly: 'HTTP_non_positive_content_range', detail: spec };
  return { status: 'ok', consumed: value.length, value: { first, last, total: r[3] === '*' ? undefined : Number(r[3]) } };
}

/** Looks like the start of an HTTP request or reply (for detection). */
export function looksLikeRequest(b: Buffer): 'yes' | 'no' | 'maybe' {
  let m = 0;
  while (m < b.length && m < 32 && isTokenChar(b[m]!)) m++;
  if (m === b.length) return b.length < 32 ? 'maybe' : 'no';
  if (m === 0 || (b[m] !== 0x20 && b[m] !== 0x09)) return 'no';
  // Method then whitespace: look for a line end or " HTTP/" in the first line.
  const eol = findEol(b, m);
  const lineEnd = eol < 0 ? b.length : eol;
  for (let i = m; i + 5 <= lineEnd; i++) if (b[i] === 0x48 && prefixMatch(b, i, lineEnd, 'HTTP/')) return 'yes';
  if (eol >= 0) return KNOWN_METHODS.has(b.toString('latin1', 0, m)) ? 'yes' : 'no';
  return lineEnd - m > 4096 ? 'no' : 'maybe';
}

export function looksLikeReply(b: Buffer): 'yes' | 'no' | 'maybe' {
  if (b.length < 5) return prefixMatch(b, 0, b.length, 'HTTP/'.slice(0, b.length)) ? 'maybe' : 'no';
  if (!prefixMatch(b, 0, b.length, 'HTTP/')) return 'no';
  if (b.length < 9) return 'maybe';
  return isDigit(b[5]) && b[6] === 0x2e && isDigit(b[7]) ? 'yes' : 'no';
}

/** Methods in Zeek's HTTP::http_methods; others are logged with an unknown_HTTP_method weird. */
export const KNOWN_METHODS = new Set([
  'GET', 'POST', 'HEAD', 'OPTIONS', 'PUT', 'DELETE', 'TRACE', 'CONNECT',
  'BCOPY', 'BDELETE', 'BMOVE', 'BPROPFIND', 'BPROPPATCH', 'COPY', 'LOCK', 'MKCOL', 'MOVE', 'NOTIFY',
  'POLL', 'PROPFIND', 'PROPPATCH', 'SEARCH', 'SUBSCRIBE', 'UNLOCK', 'UNSUBSCRIBE', 'X-MS-ENUMATTS',
  'RPC_OUT_DATA', 'RPC_IN_DATA', 'QUERY',
]);
