// Pure NTP message parsing (RFC 5905) with Zeek's conversions: poll and precision as 2^n
// seconds, root delay/dispersion from 16.16 fixed point, timestamps from the NTP era (1900) to
// Unix time, and the reference id as Zeek prints it (kiss code at stratum 0, four characters at
// stratum 1, an IPv4 address above).
import type { ParseResult } from '../app/analyzer.js';

export const NTP_STD_LEN = 48;
/** Seconds between the NTP epoch (1900) and the Unix epoch (1970). */
export const NTP_UNIX_OFFSET = 2208988800;
/** Extension fields counted in one message. */
export const MAX_EXTENSIONS = 32;

export interface NtpStd {
  stratum: number;
  poll: number;
  precision: number;
  rootDelay: number;
  rootDisp: number;
  refId: string;
  refTime: number;
  orgTime: number;
  recTime: number;
  xmtTime: number;
  numExts: number;
}

export interface NtpMessage {
  version: number;
  mode: number;
  /** modes 1–5 (modes 6 and 7 are control and private messages, which Zeek does not log) */
  std?: NtpStd;
}

/** NTP timestamp → Unix time; zero stays zero, as Zeek prints it. */
export function ntpTime(b: Buffer, p: number): number {
  const s = b.readUInt32BE(p);
  const f = b.readUInt32BE(p + 4);
  if (s === 0 && f === 0) return 0;
  return s - NTP_UNIX_OFFSET + f / 4294967296;
}

const short = (b: Buffer, p: number): number => b.readUInt16BE(p) + b.readUInt16BE(p + 2) / 65536;

/** Zeek prints a reference id of 4 bytes as text, escaping what is not printable. */
function refIdText(b: Buffer, p: number, stratum: number): string {
  if (stratum >= 2) return `${b[p]}.${b[p + 1]}.${b[p + 2]}.${b[p + 3]}`;
  return b.toString('latin1', p, p + 4);
}

/** Extension fields after the 48-byte header (RFC 7822), not counting a trailing MAC. */
function countExtensions(b: Buffer): number {
  let p = NTP_STD_LEN;
  let n = 0;
  // A MAC alone is 20 (MD5) or 24 (SHA-1) bytes; extension fields are at least 16 bytes.
  while (b.length - p > 24 && n < MAX_EXTENSIONS) {
    const len = b.readUInt16BE(p + 2);
    if (len < 16 || len % 4 !== 0 || p + len > b.length) break;
    n++;
    p += len;
  }
  return n;
}

export function parseNtp(b: Buffer): ParseResult<NtpMessage> {
  if (b.length < 1) return { status: 'need-more', needed: 1 };
  const version = (b[0]! >> 3) & 7;
  const mode = b[0]! & 7;
  if (mode >= 6) return { status: 'ok', consumed: b.length, value: { version, mode } };
  if (b.length < NTP_STD_LEN) return { status: 'malformed', anomaly: 'NTP_truncated', detail: String(b.length) };
  const stratum = b[1]!;
  const std: NtpStd = {
    stratum,
    poll: Math.pow(2, b.readInt8(2)),
    precision: Math.pow(2, b.readInt8(3)),
    rootDelay: short(b, 4),
    rootDisp: short(b, 8),
    refId: refIdText(b, 12, stratum),
    refTime: ntpTime(b, 16),
    orgTime: ntpTime(b, 24),
    recTime: ntpTime(b, 32),
    xmtTime: ntpTime(b, 40),
    numExts: countExtensions(b),
  };
  return { status: 'ok', consumed: b.length, value: { version, mode, std } };
}

/**
 * Content check. On port 123 a sane first byte and length suffice; elsewhere a plausible client or
 * server message of a standard length.
 */
export function looksLikeNtp(b: Buffer, port123: boolean): boolean {
  if (b.length < 8) return false;
  const version = (b[0]! >> 3) & 7;
  const mode = b[0]! & 7;
  if (version < 1 || version > 4 || mode === 0) return false;
  if (port123) return mode >= 6 || b.length >= NTP_STD_LEN;
  if (mode < 1 || mode > 5 || version < 3) return false;
  if (b.length !== 48 && b.length !== 68 && b.length !== 72) return false;
  const stratum = b[1]!;
  const poll = b.readInt8(2);
  const precision = b.readInt8(3);
  return stratum <= 16 && poll >= 0 && poll <= 17 && precision <= 0 && precision >= -32;
}
