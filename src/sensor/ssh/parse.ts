// Pure parsers for SSH (RFC 4253): the version banner line, binary packets before encryption,
// KEXINIT name-lists and the server host key of a key-exchange reply.
import type { ParseResult } from '../app/analyzer.js';

/** Longest banner line kept (RFC 4253 allows 255 bytes; pre-banner lines may be longer). */
export const MAX_LINE = 4096;
/** Largest unencrypted packet accepted (RFC 4253 requires 35000; KEX replies with PQ keys are a few KB). */
export const MAX_PACKET = 256 * 1024;
/** Names kept per KEXINIT list (Zeek: SSH::max_kexinit_algorithms-like bound). */
export const MAX_NAMES = 256;

export interface BannerLine {
  /** the line without CR/LF */
  line: string;
  /** starts with "SSH-" (any case) */
  isVersion: boolean;
}

/** One line of the banner phase (pre-banner text lines or the identification string). */
export function parseBannerLine(buf: Buffer): ParseResult<BannerLine> {
  const lf = buf.indexOf(0x0a);
  if (lf < 0) {
    if (buf.length > MAX_LINE) return { status: 'malformed', anomaly: 'SSH_banner_too_long' };
    return { status: 'need-more' };
  }
  if (lf > MAX_LINE) return { status: 'malformed', anomaly: 'SSH_banner_too_long' };
  let end = lf;
  if (end > 0 && buf[end - 1] === 0x0d) end--;
  const line = buf.toString('latin1', 0, end);
  return { status: 'ok', value: { line, isVersion: isSshPrefix(buf) }, consumed: lf + 1 };
}

/** "SSH-" in any case at the start of `buf`. */
export function isSshPrefix(buf: Buffer, off = 0): boolean {
  return buf.length >= off + 4 && (buf[off]! | 0x20) === 0x73 && (buf[off + 1]! | 0x20) === 0x73 && (buf[off + 2]! | 0x20) === 0x68 && buf[off + 3] === 0x2d;
}

/** Protocol version of an identification string: 1, 2, or 199 for "1.99"; 0 when unknown. */
export function protoVersion(banner: string): number {
  if (banner.length < 7) return 0;
  if (banner.startsWith('1.99', 4)) return 199;
  const c = banner.charCodeAt(4);
  return c === 0x32 ? 2 : c === 0x31 ? 1 : 0;
}

export interface SshPacket {
  msgType: number;
  /** payload after the message type byte (a view into the input) */
  payload: Buffer;
}

/** One unencrypted binary packet. */
export function parsePacket(buf: Buffer): ParseResult<SshPacket> {
  if (buf.length < 6) return { status: 'need-more', needed: 6 };
  const len = buf.readUInt32BE(0);
  if (len < 2 || len > MAX_PACKET) return { status: 'malformed', anomaly: 'SSH_bad_packet_length', detail: String(len) };
  if (buf.length < 4 + len) return { status: 'need-more', needed: 4 + len };
  const pad = buf[4]!;
  if (pad + 1 > len) return { status: 'malformed', anomaly: 'SSH_bad_padding_length' };
  const payloadEnd = 4 + len - pad;
  return { status: 'ok', value: { msgType: buf[5]!, payload: buf.subarray(6, payloadEnd) }, consumed: 4 + len };
}

export interface KexInit {
  kex: string[];
  hostKey: string[];
  encC2S: string[];
  encS2C: string[];
  macC2S: string[];
  macS2C: string[];
  cmpC2S: string[];
  cmpS2C: string[];
  /** the raw lists, for HASSH */
  raw: string[];
}

/** The body of SSH_MSG_KEXINIT (after the message type). */
export function parseKexInit(p: Buffer): ParseResult<KexInit> {
  let off = 16;
  if (p.length < off) return { status: 'malformed', anomaly: 'SSH_truncated_kexinit' };
  const raw: string[] = [];
  for (let i = 0; i < 10; i++) {
    if (off + 4 > p.length) return { status: 'malformed', anomaly: 'SSH_truncated_kexinit' };
    const n = p.readUInt32BE(off);
    off += 4;
    if (n > p.length - off) return { status: 'malformed', anomaly: 'SSH_truncated_kexinit' };
    raw.push(p.toString('latin1', off, off + n));
    off += n;
  }
  const list = (s: string) => (s.length ? s.split(',', MAX_NAMES) : []);
  return {
    status: 'ok',
    value: {
      kex: list(raw[0]!), hostKey: list(raw[1]!), encC2S: list(raw[2]!), encS2C: list(raw[3]!),
      macC2S: list(raw[4]!), macS2C: list(raw[5]!), cmpC2S: list(raw[6]!), cmpS2C: list(raw[7]!), raw,
    },
    consumed: off,
  };
}

/** The first string of a key-exchange reply (KEXDH_REPLY, KEX_ECDH_REPLY, KEX_DH_GEX_REPLY): the host key blob. */
export function parseHostKey(p: Buffer): ParseResult<Buffer> {
  if (p.length < 4) return { status: 'malformed', anomaly: 'SSH_truncated_kex_reply' };
  const n = p.readUInt32BE(0);
  if (n > p.length - 4 || n === 0) return { status: 'malformed', anomaly: 'SSH_truncated_kex_reply' };
  return { status: 'ok', value: p.subarray(4, 4 + n), consumed: 4 + n };
}

/** The client's first algorithm that the server also offers (Zeek's find_client_preferred_algorithm). */
export function clientPreferred(client: string[], server: string[]): string | undefined {
  for (const c of client) if (server.includes(c)) return c;
  return undefined;
}

/** Zeek's find_bidirectional_alg: one name if both directions agree, else both. */
export function bidirectional(cC2S: string[], sC2S: string[], cS2C: string[], sS2C: string[]): string | undefined {
  const a = clientPreferred(cC2S, sC2S);
  const b = clientPreferred(cS2C, sS2C);
  if (a === b) return a;
  return `To server: ${a ?? ''}, to client: ${b ?? ''}`;
}
