// Pure parsers for RDP connection setup (MS-RDPBCGR): TPKT/X.224 connection request and confirm with
// the negotiation request/response/failure, and the GCC user data blocks of the MCS Connect-Initial
// (client core and network data) and Connect-Response (server security data).
import type { ParseResult } from '../app/analyzer.js';

/** Largest TPKT accepted (its length field is 16 bits). */
export const MAX_TPKT = 65535;
/** Virtual channels kept from the client network data (the protocol allows 31). */
export const MAX_CHANNELS = 31;

export interface Tpkt {
  /** the X.224 TPDU and what follows it, a view into the input */
  body: Buffer;
}

export function parseTpkt(buf: Buffer): ParseResult<Tpkt> {
  if (buf.length < 4) return { status: 'need-more', needed: 4 };
  if (buf[0] !== 3) return { status: 'malformed', anomaly: 'RDP_not_tpkt' };
  const len = buf.readUInt16BE(2);
  if (len < 7) return { status: 'malformed', anomaly: 'RDP_bad_tpkt_length' };
  if (buf.length < len) return { status: 'need-more', needed: len };
  return { status: 'ok', value: { body: buf.subarray(4, len) }, consumed: len };
}

export interface ConnectionRequest {
  cookie?: string;
  requestedProtocols?: number;
}

export interface ConnectionConfirm {
  selectedProtocol?: number;
  failureCode?: number;
}

/** X.224 TPDU code (high nibble of the second byte): 0xE0 CR, 0xD0 CC, 0xF0 DT. */
export function tpduCode(body: Buffer): number {
  return body.length >= 2 ? body[1]! & 0xf0 : 0;
}

/** X.224 Connection Request: optional cookie/routing token line, then RDP_NEG_REQ. */
export function parseConnectionRequest(body: Buffer): ParseResult<ConnectionRequest> {
  const li = body[0];
  if (li === undefined || body.length < 7 || tpduCode(body) !== 0xe0) return { status: 'malformed', anomaly: 'RDP_bad_connection_request' };
  let off = 7;
  const out: ConnectionRequest = {};
  if (body.length >= off + 17 && body.toString('latin1', off, off + 17) === 'Cookie: mstshash=') {
    const crlf = body.indexOf('\r\n', off, 'latin1');
    const end = crlf < 0 ? body.length : crlf;
    out.cookie = body.toString('latin1', off + 17, end);
    off = crlf < 0 ? body.length : crlf + 2;
  } else if (body.length > off && body[off] !== 1) {
    const crlf = body.indexOf('\r\n', off, 'latin1');
    if (crlf >= 0) off = crlf + 2; // a routing token
  }
  if (body.length >= off + 8 && body[off] === 1) out.requestedProtocols = body.readUInt32LE(off + 4);
  return { status: 'ok', value: out, consumed: body.length };
}

export function parseConnectionConfirm(body: Buffer): ParseResult<ConnectionConfirm> {
  if (body.length < 7 || tpduCode(body) !== 0xd0) return { status: 'malformed', anomaly: 'RDP_bad_connection_confirm' };
  const off = 7;
  if (body.length < off + 8) return { status: 'ok', value: {}, consumed: body.length };
  const type = body[off];
  const v = body.readUInt32LE(off + 4);
  if (type === 2) return { status: 'ok', value: { selectedProtocol: v }, consumed: body.length };
  if (type === 3) return { status: 'ok', value: { failureCode: v }, consumed: body.length };
  return { status: 'ok', value: {}, consumed: body.length };
}

export interface UserDataBlock {
  type: number;
  data: Buffer;
}

/** The GCC user data blocks after the H.221 key ("Duca" from the client, "McDn" from the server). */
export function gccBlocks(buf: Buffer, key: 'Duca' | 'McDn'): UserDataBlock[] | null {
  const at = buf.indexOf(key, 0, 'latin1');
  if (at < 0) return null;
  let off = at + 4;
  if (off >= buf.length) return null;
  let len = buf[off]!;
  off++;
  if (len & 0x80) {
    if (off >= buf.length) return null;
    len = ((len & 0x7f) << 8) | buf[off]!;
    off++;
  }
  const end = Math.min(buf.length, off + len);
  const out: UserDataBlock[] = [];
  while (off + 4 <= end && out.length < 64) {
    const type = buf.readUInt16LE(off);
    const blen = buf.readUInt16LE(off + 2);
    if (blen < 4 || off + blen > end) break;
    out.push({ type, data: buf.subarray(off + 4, off + blen) });
    off += blen;
  }
  return out;
}

export interface ClientCore {
  version: number;
  desktopWidth: number;
  desktopHeight: number;
  colorDepth: number;
  keyboardLayout: number;
  clientBuild: number;
  clientName: string;
  highColorDepth?: number;
  earlyCapabilityFlags?: number;
  clientDigProductId?: string;
}

function utf16z(buf: Buffer, off: number, len: number): string {
  const n = Math.max(0, Math.min(buf.length, off + len) - off) & ~1;
  let s = buf.toString('utf16le', off, off + n);
  const nul = s.indexOf('\0');
  if (nul >= 0) s = s.slice(0, nul);
  return s;
}

/** TS_UD_CS_CORE (block type 0xC001), as far as it is present. */
export function parseClientCore(d: Buffer): ParseResult<ClientCore> {
  if (d.length < 80) return { status: 'malformed', anomaly: 'RDP_short_client_core_data' };
  const out: ClientCore = {
    version: d.readUInt32LE(0),
    desktopWidth: d.readUInt16LE(4),
    desktopHeight: d.readUInt16LE(6),
    colorDepth: d.readUInt16LE(8),
    keyboardLayout: d.readUInt32LE(12),
    clientBuild: d.readUInt32LE(16),
    clientName: utf16z(d, 20, 32),
  };
  // optional fields: postBeta2ColorDepth @128, clientProductId @130, serialNumber @132, highColorDepth @136,
  // supportedColorDepths @138, earlyCapabilityFlags @140, clientDigProductId @142 (64 bytes)
  if (d.length >= 138) out.highColorDepth = d.readUInt16LE(136);
  if (d.length >= 142) out.earlyCapabilityFlags = d.readUInt16LE(140);
  if (d.length >= 206) out.clientDigProductId = utf16z(d, 142, 64);
  return { status: 'ok', value: out, consumed: d.length };
}

/** TS_UD_CS_NET (0xC003): the virtual channel names. */
export function parseClientNetwork(d: Buffer): ParseResult<string[]> {
  if (d.length < 4) return { status: 'malformed', anomaly: 'RDP_short_client_network_data' };
  const n = Math.min(d.readUInt32LE(0), MAX_CHANNELS);
  const out: string[] = [];
  for (let i = 0; i < n && 4 + i * 12 + 12 <= d.length; i++) {
    const off = 4 + i * 12;
    let end = off;
    while (end < off + 8 && d[end] !== 0) end++;
    out.push(d.toString('latin1', off, end));
  }
  return { status: 'ok', value: out, consumed: d.length };
}

export interface ServerSecurity {
  encryptionMethod: number;
  encryptionLevel: number;
  /** dwVersion of the server certificate, when one is sent */
  certVersion?: number;
  /** certificates in an X.509 chain */
  chainCount?: number;
}

/** TS_UD_SC_SEC1 (0x0C02). */
export function parseServerSecurity(d: Buffer): ParseResult<ServerSecurity> {
  if (d.length < 8) return { status: 'malformed', anomaly: 'RDP_short_server_security_data' };
  const out: ServerSecurity = { encryptionMethod: d.readUInt32LE(0), encryptionLevel: d.readUInt32LE(4) };
  if (d.length >= 16) {
    const randomLen = d.readUInt32LE(8);
    const certLen = d.readUInt32LE(12);
    const certOff = 16 + randomLen;
    if (certLen >= 4 && certOff + 4 <= d.length) {
      out.certVersion = d.readUInt32LE(certOff);
      if ((out.certVersion & 0x7fffffff) === 2 && certOff + 8 <= d.length) out.chainCount = d.readUInt32LE(certOff + 4);
    }
  }
  return { status: 'ok', value: out, consumed: d.length };
}

/** The MCS Connect-Response result (BER ENUMERATED right after the 0x7F66 header). */
export function parseConnectResponseResult(buf: Buffer): number | undefined {
  const at = buf.indexOf(Buffer.from([0x7f, 0x66]));
  if (at < 0 || at + 3 > buf.length) return undefined;
  let off = at + 2;
  const l = buf[off]!;
  off += l & 0x80 ? 1 + (l & 0x7f) : 1;
  if (off + 3 > buf.length || buf[off] !== 0x0a || buf[off + 1] !== 1) return undefined;
  return buf[off + 2];
}
