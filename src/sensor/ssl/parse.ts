// TLS wire formats (RFC 5246 / 8446): record headers, handshake message framing, ClientHello,
// ServerHello, Certificate and ECDHE ServerKeyExchange; the SSLv2-compatible ClientHello. Pure
// functions over a Buffer: each returns ok (with `consumed`), need-more or malformed.
import type { ParseResult } from '../app/analyzer.js';

/** Largest TLS record body accepted (2^14 plaintext + 2048 expansion, with slack for broken stacks). */
export const MAX_RECORD_LENGTH = (1 << 14) + 2048 + 256;
/** Largest handshake message we reassemble (certificate chains can be large). */
export const MAX_HANDSHAKE_LENGTH = 1 << 18;
/** Entries kept from any list in a hello (ciphers, extensions, groups, names). */
export const MAX_LIST = 512;

export const CT_CHANGE_CIPHER_SPEC = 20;
export const CT_ALERT = 21;
export const CT_HANDSHAKE = 22;
export const CT_APPLICATION_DATA = 23;
export const CT_HEARTBEAT = 24;

export interface RecordHeader {
  contentType: number;
  version: number;
  length: number;
}

const needMore = (needed?: number) => ({ status: 'need-more' as const, ...(needed ? { needed } : {}) });
const malformed = (anomaly: string, detail?: string) => ({ status: 'malformed' as const, anomaly, ...(detail ? { detail } : {}) });

/** A TLS (or DTLS-less SSLv3+) record header at `off`; `consumed` is the header length (5). */
export function parseRecordHeader(buf: Buffer, off = 0): ParseResult<RecordHeader> {
  if (buf.length - off < 5) return needMore(5 - (buf.length - off));
  const contentType = buf[off]!;
  const version = buf.readUInt16BE(off + 1);
  const length = buf.readUInt16BE(off + 3);
  if (contentType < 20 || contentType > 24) return malformed('SSL_unknown_content_type', String(contentType));
  if (version >> 8 !== 3 && version >> 8 !== 0x7f && version >> 8 !== 0xfe && version !== 0x0100) return malformed('SSL_invalid_record_version', String(version));
  if (length > MAX_RECORD_LENGTH) return malformed('SSL_record_too_long', String(length));
  return { status: 'ok', value: { contentType, version, length }, consumed: 5 };
}

export interface HandshakeMessage {
  type: number;
  body: Buffer;
}

/** One handshake message (type, 24-bit length, body) from reassembled handshake bytes. */
export function parseHandshake(buf: Buffer, off = 0): ParseResult<HandshakeMessage> {
  if (buf.length - off < 4) return needMore();
  const len = buf.readUIntBE(off + 1, 3);
  if (len > MAX_HANDSHAKE_LENGTH) return malformed('SSL_handshake_too_long', String(len));
  if (buf.length - off < 4 + len) return needMore(4 + len - (buf.length - off));
  return { status: 'ok', value: { type: buf[off]!, body: buf.subarray(off + 4, off + 4 + len) }, consumed: 4 + len };
}

export interface Extension {
  type: number;
  data: Buffer;
}

export interface ClientHello {
  version: number;
  sessionId: Buffer;
  ciphers: number[];
  compression: number[];
  extensions: Extension[];
  serverNames: string[];
  alpn: string[];
  supportedVersions: number[];
  groups: number[];
  pointFormats: number[];
  sigAlgs: number[];
  /** the client offered a non-empty session ticket */
  ticket: boolean;
  /** SSLv2-format hello */
  v2: boolean;
}

export interface ServerHello {
  version: number;
  sessionId: Buffer;
  cipher: number;
  compression: number;
  extensions: Extension[];
  /** supported_versions selection (TLS 1.3) */
  selectedVersion?: number;
  keyShareGroup?: number;
  alpn?: string;
  /** pre_shared_key accepted (TLS 1.3 resumption) */
  psk: boolean;
  /** a HelloRetryRequest (TLS 1.3 random) */
  retry: boolean;
}

const HRR_RANDOM = Buffer.from('cf21ad74e59a6111be1d8c021e65b891c2a211167abb8c5e079e09e2c8a8339c', 'hex');

function u16list(b: Buffer, off: number, end: number, max = MAX_LIST): number[] {
  const out: number[] = [];
  for (let i = off; i + 1 < end && out.length < max; i += 2) out.push(b.readUInt16BE(i));
  return out;
}

function parseExtensions(b: Buffer, off: number): Extension[] | null {
  if (off === b.length) return [];
  if (off + 2 > b.length) return null;
  const total = b.readUInt16BE(off);
  const end = off + 2 + total;
  if (end > b.length) return null;
  const out: Extension[] = [];
  let p = off + 2;
  while (p + 4 <= end && out.length < MAX_LIST) {
    const type = b.readUInt16BE(p);
    const len = b.readUInt16BE(p + 2);
    if (p + 4 + len > end) return null;
    out.push({ type, data: b.subarray(p + 4, p + 4 + len) });
    p += 4 + len;
  }
  return out;
}

function alpnList(d: Buffer): string[] {
  const out: string[] = [];
  if (d.length < 2) return out;
  const end = Math.min(d.length, 2 + d.readUInt16BE(0));
  for (let p = 2; p < end && out.length < MAX_LIST; ) {
    const l = d[p]!;
    if (p + 1 + l > end) break;
    out.push(d.toString('latin1', p + 1, p + 1 + l));
    p += 1 + l;
  }
  return out;
}

function sniList(d: Buffer): string[] {
  const out: string[] = [];
  if (d.length < 2) return out;
  const end = Math.min(d.length, 2 + d.readUInt16BE(0));
  for (let p = 2; p + 3 <= end && out.length < 16; ) {
    const type = d[p]!;
    const l = d.readUInt16BE(p + 1);
    if (p + 3 + l > end) break;
    if (type === 0) out.push(d.toString('latin1', p + 3, p + 3 + l));
    p += 3 + l;
  }
  return out;
}

/** ClientHello body (after the 4-byte handshake header). */
export function parseClientHello(b: Buffer): ParseResult<ClientHello> {
  if (b.length < 38) return malformed('SSL_truncated_client_hello');
  const version = b.readUInt16BE(0);
  const sidLen = b[34]!;
  let p = 35 + sidLen;
  if (sidLen > 32 || p + 2 > b.length) return malformed('SSL_truncated_client_hello');
  const sessionId = b.subarray(35, p);
  const cLen = b.readUInt16BE(p);
  p += 2;
  if (p + cLen + 1 > b.length) return malformed('SSL_truncated_client_hello');
  const ciphers = u16list(b, p, p + cLen);
  p += cLen;
  const compLen = b[p]!;
  p += 1;
  if (p + compLen > b.length) return malformed('SSL_truncated_client_hello');
  const compression = [...b.subarray(p, p + compLen)];
  p += compLen;
  const extensions = parseExtensions(b, p) ?? [];
  const ch: ClientHello = {
    version, sessionId, ciphers, compression, extensions, serverNames: [], alpn: [], supportedVersions: [], groups: [],
    pointFormats: [], sigAlgs: [], ticket: false, v2: false,
  };
  for (const e of extensions) {
    const d = e.data;
    switch (e.type) {
      case 0: ch.serverNames = sniList(d); break;
      case 16: ch.alpn = alpnList(d); break;
      case 43: if (d.length >= 1) ch.supportedVersions = u16list(d, 1, Math.min(d.length, 1 + d[0]!)); break;
      case 10: if (d.length >= 2) ch.groups = u16list(d, 2, Math.min(d.length, 2 + d.readUInt16BE(0))); break;
      case 11: if (d.length >= 1) ch.pointFormats = [...d.subarray(1, Math.min(d.length, 1 + d[0]!))]; break;
      case 13: if (d.length >= 2) ch.sigAlgs = u16list(d, 2, Math.min(d.length, 2 + d.readUInt16BE(0))); break;
      case 35: ch.ticket = d.length > 0; break;
    }
  }
  return { status: 'ok', value: ch, consumed: b.length };
}

/** ServerHello body (after the 4-byte handshake header). */
export function parseServerHello(b: Buffer): ParseResult<ServerHello> {
  if (b.length < 38) return malformed('SSL_truncated_server_hello');
  const version = b.readUInt16BE(0);
  const sidLen = b[34]!;
  let p = 35 + sidLen;
  if (sidLen > 32 || p + 3 > b.length) return malformed('SSL_truncated_server_hello');
  const sh: ServerHello = {
    version, sessionId: b.subarray(35, p), cipher: b.readUInt16BE(p), compression: b[p + 2]!, extensions: [], psk: false,
    retry: b.subarray(2, 34).equals(HRR_RANDOM),
  };
  p += 3;
  sh.extensions = parseExtensions(b, p) ?? [];
  for (const e of sh.extensions) {
    const d = e.data;
    if (e.type === 43 && d.length >= 2) sh.selectedVersion = d.readUInt16BE(0);
    else if (e.type === 51 && d.length >= 2) sh.keyShareGroup = d.readUInt16BE(0);
    else if (e.type === 16) sh.alpn = alpnList(d)[0];
    else if (e.type === 41) sh.psk = true;
  }
  return { status: 'ok', value: sh, consumed: b.length };
}

/** Certificate message: the DER certificates (TLS 1.3 adds a context and per-entry extensions). */
export function parseCertificates(b: Buffer, tls13: boolean, maxCerts = 32): ParseResult<Buffer[]> {
  let p = 0;
  if (tls13) {
    if (b.length < 1) return malformed('SSL_truncated_certificate');
    p = 1 + b[0]!;
  }
  if (p + 3 > b.length) return malformed('SSL_truncated_certificate');
  const end = Math.min(b.length, p + 3 + b.readUIntBE(p, 3));
  p += 3;
  const out: Buffer[] = [];
  while (p + 3 <= end && out.length < maxCerts) {
    const l = b.readUIntBE(p, 3);
    if (p + 3 + l > end) return malformed('SSL_truncated_certificate');
    out.push(b.subarray(p + 3, p + 3 + l));
    p += 3 + l;
    if (tls13) {
      if (p + 2 > end) break;
      p += 2 + b.readUInt16BE(p);
    }
  }
  return { status: 'ok', value: out, consumed: b.length };
}

/** The named group of an ECDHE ServerKeyExchange (curve_type 3 = named_curve). */
export function parseEcdheGroup(b: Buffer): ParseResult<number> {
  if (b.length < 3) return malformed('SSL_truncated_server_key_exchange');
  if (b[0] !== 3) return malformed('SSL_unsupported_curve_type', String(b[0]));
  return { status: 'ok', value: b.readUInt16BE(1), consumed: 3 };
}

/**
 * An SSLv2-format record carrying a ClientHello (RFC 6101 appendix E / RFC 5246 E.2): 2-byte
 * header with the high bit set, msg type 1, version, cipher specs (3 bytes each), session id, challenge.
 */
export function parseV2ClientHello(buf: Buffer): ParseResult<ClientHello> {
  if (buf.length < 2) return needMore();
  if (!(buf[0]! & 0x80)) return malformed('SSLv2_not_v2_record');
  const len = ((buf[0]! & 0x7f) << 8) | buf[1]!;
  if (buf.length < 2 + len) return needMore(2 + len - buf.length);
  const b = buf.subarray(2, 2 + len);
  if (b.length < 9 || b[0] !== 1) return malformed('SSLv2_not_client_hello');
  const version = b.readUInt16BE(1);
  const csLen = b.readUInt16BE(3);
  const sidLen = b.readUInt16BE(5);
  const chLen = b.readUInt16BE(7);
  if (9 + csLen + sidLen + chLen > b.length) return malformed('SSLv2_truncated_client_hello');
  const ciphers: number[] = [];
  for (let i = 9; i + 2 < 9 + csLen && ciphers.length < MAX_LIST; i += 3) ciphers.push(b.readUIntBE(i, 3));
  return {
    status: 'ok',
    value: {
      version, sessionId: b.subarray(9 + csLen, 9 + csLen + sidLen), ciphers, compression: [], extensions: [], serverNames: [], alpn: [],
      supportedVersions: [], groups: [], pointFormats: [], sigAlgs: [], ticket: false, v2: true,
    },
    consumed: 2 + len,
  };
}

/** Looks like the start of a TLS handshake record carrying the given handshake type (content detection). */
export function looksLikeHandshake(buf: Buffer, hsType: number): boolean {
  return buf.length >= 6 && buf[0] === CT_HANDSHAKE && buf[1] === 3 && buf[2]! <= 4 && buf[5] === hsType;
}

/** Looks like an SSLv2-format ClientHello (what Zeek's dpd signature accepts). */
export function looksLikeV2ClientHello(buf: Buffer): boolean {
  if (buf.length < 5 || !(buf[0]! & 0x80)) return false;
  return buf[2] === 1 && (buf[3] === 0 || buf[3] === 3) && buf[4]! <= 4 && ((buf[0]! & 0x7f) << 8 | buf[1]!) >= 9;
}
