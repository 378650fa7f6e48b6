// QUIC (RFC 9000 / 9001 / 9369) packet headers, Initial packet protection removal and the frames
// of Initial packets. Pure: keys are derived from the packet's own DCID (Initial secrets are public).
import { createCipheriv, createDecipheriv, createHmac } from 'node:crypto';
import type { ParseResult } from '../app/analyzer.js';

export const QUIC_V1 = 0x00000001;
export const QUIC_V2 = 0x6b3343cf;
/** Bytes of CRYPTO data buffered out of order per direction. */
export const MAX_CRYPTO_BUFFER = 64 * 1024;
/** Frames looked at per packet. */
export const MAX_FRAMES = 256;

export type LongType = 'initial' | '0rtt' | 'handshake' | 'retry';

export interface LongHeader {
  type: LongType;
  version: number;
  dcid: Buffer;
  scid: Buffer;
  /** Initial only */
  token?: Buffer;
  /** offset of the (protected) packet number */
  pnOffset: number;
  /** bytes of packet number + payload */
  length: number;
}

const malformed = (anomaly: string) => ({ status: 'malformed' as const, anomaly });

/** A variable-length integer at `off`: [value, bytes] or null. */
export function varint(b: Buffer, off: number): [number, number] | null {
  if (off >= b.length) return null;
  const n = 1 << (b[off]! >> 6);
  if (off + n > b.length) return null;
  let v = b[off]! & 0x3f;
  for (let i = 1; i < n; i++) v = v * 256 + b[off + i]!;
  return [v, n];
}

export function versionName(v: number): string {
  if (v === QUIC_V1) return '1';
  if (v === QUIC_V2) return 'quicv2';
  if (v >>> 8 === 0xff0000) return `draft-${v & 0xff}`;
  return `0x${v.toString(16).padStart(8, '0')}`;
}

export function isKnownVersion(v: number): boolean {
  return v === QUIC_V1 || v === QUIC_V2 || (v >>> 8 === 0xff0000 && (v & 0xff) >= 22 && (v & 0xff) <= 34);
}

function longType(bits: number, version: number): LongType {
  if (version === QUIC_V2) return (['retry', 'initial', '0rtt', 'handshake'] as const)[bits]!;
  return (['initial', '0rtt', 'handshake', 'retry'] as const)[bits]!;
}

/** A long-header packet at `off`; `consumed` is the whole packet (Retry: the rest of the datagram). */
export function parseLongHeader(b: Buffer, off = 0): ParseResult<LongHeader> {
  if (b.length - off < 7) return malformed('QUIC_truncated_header');
  const first = b[off]!;
  if (!(first & 0x80)) return malformed('QUIC_not_long_header');
  const version = b.readUInt32BE(off + 1);
  let p = off + 5;
  const dl = b[p++]!;
  if (dl > 20 || p + dl + 1 > b.length) return malformed('QUIC_bad_dcid');
  const dcid = b.subarray(p, p + dl);
  p += dl;
  const sl = b[p++]!;
  if (sl > 20 || p + sl > b.length) return malformed('QUIC_bad_scid');
  const scid = b.subarray(p, p + sl);
  p += sl;
  if (version === 0) return malformed('QUIC_version_negotiation');
  const type = longType((first >> 4) & 3, version);
  if (type === 'retry') return { status: 'ok', value: { type, version, dcid, scid, pnOffset: p, length: 0 }, consumed: b.length - off };
  let token: Buffer | undefined;
  if (type === 'initial') {
    const t = varint(b, p);
    if (!t || p + t[1] + t[0] > b.length) return malformed('QUIC_bad_token');
    token = b.subarray(p + t[1], p + t[1] + t[0]);
    p += t[1] + t[0];
  }
  const l = varint(b, p);
  if (!l) return malformed('QUIC_bad_length');
  p += l[1];
  if (p + l[0] > b.length) return malformed('QUIC_truncated_packet');
  return { status: 'ok', value: { type, version, dcid, scid, ...(token ? { token } : {}), pnOffset: p, length: l[0] }, consumed: p + l[0] - off };
}

const SALT_V1 = Buffer.from('38762cf7f55934b34d179ae6a4c80cadccbb7f0a', 'hex');
const SALT_V2 = Buffer.from('0dede3def700a6db819381be6e269dcbf9bd2ed9', 'hex');
const SALT_D29 = Buffer.from('afbfec289993d24c9e9786f19c6111e04390a899', 'hex');
const SALT_D23 = Buffer.from('c3eef712c72ebb5a11a7d2432bb46365bef9f502', 'hex');

function expandLabel(secret: Buffer, label: string, len: number): Buffer {
  const full = Buffer.from('tls13 ' + label, 'latin1');
  const info = Buffer.concat([Buffer.of(len >> 8, len & 0xff, full.length), full, Buffer.of(0, 1)]);
  return createHmac('sha256', secret).update(info).digest().subarray(0, len);
}

export interface InitialKeys {
  key: Buffer;
  iv: Buffer;
  hp: Buffer;
}

/** Initial packet keys of one side ('client in' / 'server in') for a client's first DCID. */
export function initialKeys(version: number, dcid: Buffer, isClient: boolean): InitialKeys {
  const v2 = version === QUIC_V2;
  const d = version >>> 8 === 0xff0000 ? version & 0xff : 0;
  const salt = v2 ? SALT_V2 : d && d < 29 ? SALT_D23 : d && d < 33 ? SALT_D29 : SALT_V1;
  const initial = createHmac('sha256', salt).update(dcid).digest();
  const secret = expandLabel(initial, isClient ? 'client in' : 'server in', 32);
  const pre = v2 ? 'quicv2 ' : 'quic ';
  return { key: expandLabel(secret, pre + 'key', 16), iv: expandLabel(secret, pre + 'iv', 12), hp: expandLabel(secret, pre + 'hp', 16) };
}

/** Removes header protection and decrypts a long-header packet (the packet's bytes from its first byte). */
export function decryptLong(pkt: Buffer, h: LongHeader, keys: InitialKeys): ParseResult<Buffer> {
  const end = h.pnOffset + h.length;
  if (h.length < 20 || h.pnOffset + 4 + 16 > pkt.length || end > pkt.length) return malformed('QUIC_short_packet');
  try {
    const sample = pkt.subarray(h.pnOffset + 4, h.pnOffset + 20);
    const ecb = createCipheriv('aes-128-ecb', keys.hp, null);
    const mask = ecb.update(sample);
    const first = pkt[0]! ^ (mask[0]! & 0x0f);
    const pnLen = (first & 3) + 1;
    const header = Buffer.from(pkt.subarray(0, h.pnOffset + pnLen));
    header[0] = first;
    let pn = 0;
    for (let i = 0; i < pnLen; i++) {
      header[h.pnOffset + i] = pkt[h.pnOffset + i]! ^ mask[1 + i]!;
      pn = pn * 256 + header[h.pnOffset + i]!;
    }
    const nonce = Buffer.from(keys.iv);
    for (let i = 0; i < 6; i++) nonce[11 - i] = nonce[11 - i]! ^ (Math.floor(pn / 2 ** (8 * i)) & 0xff);
    const ct = pkt.subarray(h.pnOffset + pnLen, end - 16);
    const dec = createDecipheriv('aes-128-gcm', keys.key, nonce);
    dec.setAAD(header);
    dec.setAuthTag(pkt.subarray(end - 16, end));
    const out = Buffer.concat([dec.update(ct), dec.final()]);
    return { status: 'ok', value: out, consumed: end };
  } catch {
    return malformed('QUIC_decryption_failed');
  }
}

export interface InitialFrames {
  crypto: { offset: number; data: Buffer }[];
  connectionClose: boolean;
}

/** CRYPTO (and CONNECTION_CLOSE) frames of a decrypted Initial/Handshake payload. */
export function parseFrames(b: Buffer): ParseResult<InitialFrames> {
  const out: InitialFrames = { crypto: [], connectionClose: false };
  let p = 0;
  for (let n = 0; p < b.length && n < MAX_FRAMES; n++) {
    const t = b[p]!;
    if (t === 0x00 || t === 0x01) {
      // PADDING (and PING) runs can be a thousand bytes long, before or after the CRYPTO frame:
      // skip a run as one frame so MAX_FRAMES bounds real frames, not padding bytes.
      while (p < b.length && (b[p] === 0x00 || b[p] === 0x01)) p++;
      continue;
    }
    if (t === 0x02 || t === 0x03) {
      p++;
      const vals: number[] = [];
      for (let i = 0; i < 4; i++) {
        const v = varint(b, p);
        if (!v) return malformed('QUIC_bad_ack_frame');
        vals.push(v[0]);
        p += v[1];
      }
      const ranges = vals[2]! * 2 + (t === 0x03 ? 3 : 0);
      for (let i = 0; i < ranges; i++) {
        const v = varint(b, p);
        if (!v) return malformed('QUIC_bad_ack_frame');
        p += v[1];
      }
      continue;
    }
    if (t === 0x06) {
      const o = varint(b, p + 1);
      if (!o) return malformed('QUIC_bad_crypto_frame');
      const l = varint(b, p + 1 + o[1]);
      if (!l) return malformed('QUIC_bad_crypto_frame');
      const s = p + 1 + o[1] + l[1];
      if (s + l[0] > b.length) return malformed('QUIC_bad_crypto_frame');
      out.crypto.push({ offset: o[0], data: b.subarray(s, s + l[0]) });
      p = s + l[0];
      continue;
    }
    if (t === 0x1c || t === 0x1d) out.connectionClose = true;
    break; // other frames do not occur in Initial packets: stop
  }
  return { status: 'ok', value: out, consumed: p };
}
