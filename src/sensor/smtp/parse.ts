// Pure parsers for SMTP (RFC 5321) and the top-level message headers (RFC 5322): command and reply
// lines, addresses as Zeek extracts them, header fields, BDAT arguments.
import type { ParseResult } from '../app/analyzer.js';

/** Longest command, reply or header line buffered. */
export const MAX_LINE = 16 * 1024;

/** One LF-terminated line without CR/LF; `consumed` counts the terminator. */
export function parseLine(buf: Buffer, off = 0): ParseResult<string> {
  const lf = buf.indexOf(0x0a, off);
  if (lf < 0) return buf.length - off > MAX_LINE ? { status: 'malformed', anomaly: 'SMTP_line_too_long' } : { status: 'need-more' };
  let end = lf;
  if (end > off && buf[end - 1] === 0x0d) end--;
  if (end - off > MAX_LINE) return { status: 'malformed', anomaly: 'SMTP_line_too_long' };
  return { status: 'ok', value: buf.toString('latin1', off, end), consumed: lf + 1 - off };
}

export interface Command {
  verb: string;
  arg: string;
}

export function parseCommand(line: string): Command {
  const sp = line.indexOf(' ');
  if (sp < 0) return { verb: line.toUpperCase(), arg: '' };
  return { verb: line.slice(0, sp).toUpperCase(), arg: line.slice(sp + 1).trim() };
}

export interface Reply {
  code: number;
  /** "ddd-": more lines follow */
  cont: boolean;
  msg: string;
}

export function parseReply(line: string): ParseResult<Reply> {
  if (line.length < 3) return { status: 'malformed', anomaly: 'SMTP_bad_reply' };
  const code = Number(line.slice(0, 3));
  if (!/^\d{3}$/.test(line.slice(0, 3))) return { status: 'malformed', anomaly: 'SMTP_bad_reply' };
  const sep = line[3];
  if (sep !== undefined && sep !== ' ' && sep !== '-') return { status: 'malformed', anomaly: 'SMTP_bad_reply' };
  return { status: 'ok', value: { code, cont: sep === '-', msg: line.slice(4) }, consumed: line.length };
}

/** Zeek's extract_first_email_addr: the first something@something, without brackets. */
export function firstEmail(s: string): string | undefined {
  const m = /[^<>",;:\s]+@[^<>",;:\s]+/.exec(s);
  return m ? m[0] : undefined;
}

/** The address of MAIL FROM:/RCPT TO: as Zeek logs it; empty "<>" gives "". */
export function pathArg(arg: string): string | undefined {
  const colon = arg.indexOf(':');
  if (colon < 0) return undefined;
  const rest = arg.slice(colon + 1).replace(/^[ \t]+/, '');
  const email = firstEmail(rest);
  if (email) return email;
  const first = rest.split(/[ \t]/)[0] ?? '';
  return first.replace(/^<|>$/g, '');
}

export interface HeaderField {
  /** upper-cased as Zeek's MIME analyzer reports it */
  name: string;
  value: string;
}

/** "Name: value" (already unfolded). */
export function parseHeader(line: string): HeaderField | null {
  const colon = line.indexOf(':');
  if (colon <= 0) return null;
  const name = line.slice(0, colon).trim().toUpperCase();
  if (!name || /\s/.test(name)) return null;
  return { name, value: line.slice(colon + 1).trim() };
}

/** Zeek splits To and Cc on commas. */
export function splitAddressList(v: string): string[] {
  return v.split(/[ \t]*,[ \t]*/).map((x) => x.trim()).filter((x) => x.length > 0);
}

export interface Bdat {
  size: number;
  last: boolean;
}

export function parseBdat(arg: string): ParseResult<Bdat> {
  // Zeek's weird names and explanations (smtp/BDAT.cc).
  if (!arg.length) return { status: 'malformed', anomaly: 'smtp_invalid_bdat_command', detail: 'BDAT argument bad length' };
  const m = /^(\d+)(?:[ \t]+(LAST))?[ \t]*$/i.exec(arg);
  if (!m) {
    const junk = /^\d+/.test(arg);
    return { status: 'malformed', anomaly: 'smtp_invalid_bdat_command', detail: junk ? 'BDAT chunk-size followed by junk' : 'BDAT not followed by a valid chunk-size' };
  }
  const size = Number(m[1]);
  if (!Number.isSafeInteger(size)) return { status: 'malformed', anomaly: 'smtp_huge_bdat_chunk', detail: m[1] };
  return { status: 'ok', value: { size, last: m[2] !== undefined }, consumed: arg.length };
}

/** Zeek's extract_ip_addresses: the valid IPv4 (and bracketed/colon IPv6) addresses in the text, in order. */
export function extractIps(v: string): string[] {
  const out: string[] = [];
  const re = /(?<![0-9A-Za-z.:])(?:(\d{1,3}(?:\.\d{1,3}){3})|((?:[0-9A-Fa-f]{0,4}:){2,7}[0-9A-Fa-f]{0,4}))(?![0-9A-Za-z.:])/g;
  for (let m = re.exec(v); m && out.length < 16; m = re.exec(v)) {
    const ip = m[1] ?? m[2]!;
    if (m[1] ? ip.split('.').every((x) => Number(x) <= 255) : /[0-9A-Fa-f]/.test(ip) && ip.includes('::') !== /(?:[0-9A-Fa-f]{1,4}:){7}/.test(ip + ':')) out.push(ip.toLowerCase());
  }
  return out;
}

/** Zeek's find_address_in_smtp_header: the second address if there are several, else the first. */
export function receivedIp(v: string): string | undefined {
  const ips = extractIps(v);
  return ips.length > 1 ? ips[1] : ips[0];
}
