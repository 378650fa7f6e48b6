// X.509 certificates (DER) into the fields of Zeek's x509.log, with Zeek's (OpenSSL's) text forms.
// Pure: no I/O, no state. A certificate that cannot be walked is `malformed`, never an exception.
import { createHash } from 'node:crypto';
import type { ParseResult } from '../app/analyzer.js';
import { children, derTime, hexUpper, oidText, readTlv, smallInt, type Tlv } from './der.js';
import { algName, CURVES, nameText } from './names.js';

/** Names kept per SAN kind: a hostile certificate may carry thousands. */
export const MAX_SAN_NAMES = 256;

export interface Certificate {
  /** SHA-256 of the DER, lower-case hex (Zeek's fingerprint and ssl.cert_chain_fps) */
  fingerprint: string;
  version: number;
  serial: string;
  subject: string;
  issuer: string;
  notValidBefore: number;
  notValidAfter: number;
  keyAlg: string;
  sigAlg: string;
  keyType?: 'rsa' | 'dsa' | 'ecdsa';
  keyLength?: number;
  exponent?: string;
  curve?: string;
  san: { dns: string[]; uri: string[]; email: string[]; ip: string[] };
  basicConstraints?: { ca: boolean; pathLen?: number };
  /** subject CN values, for host name checks when there is no SAN */
  commonNames: string[];
}

export function certFingerprint(der: Buffer): string {
  return createHash('sha256').update(der).digest('hex');
}

const bad = (anomaly: string): ParseResult<Certificate> => ({ status: 'malformed', anomaly });

/** Serial number as OpenSSL's i2a_ASN1_INTEGER prints it: upper-case hex of the magnitude. */
function serialText(buf: Buffer, t: Tlv): string {
  let s = t.body;
  if (t.end === s) return '00';
  if (buf[s]! & 0x80) {
    // negative: two's complement magnitude
    const mag = Buffer.from(buf.subarray(s, t.end));
    for (let i = 0; i < mag.length; i++) mag[i] = ~mag[i]! & 0xff;
    for (let i = mag.length - 1; i >= 0; i--) if (++mag[i]! <= 0xff) break; else mag[i] = 0;
    let k = 0;
    while (k < mag.length - 1 && mag[k] === 0) k++;
    return '-' + hexUpper(mag, k, mag.length);
  }
  while (s < t.end - 1 && buf[s] === 0) s++;
  return hexUpper(buf, s, t.end);
}

function bitLength(buf: Buffer, t: Tlv): number {
  let s = t.body;
  while (s < t.end && buf[s] === 0) s++;
  if (s === t.end) return 0;
  return (t.end - s - 1) * 8 + (32 - Math.clz32(buf[s]!));
}

function intDecimal(buf: Buffer, t: Tlv): string {
  if (t.end - t.body <= 6) return String(smallInt(buf, t));
  return BigInt('0x' + buf.toString('hex', t.body, t.end)).toString();
}

function ipText(buf: Buffer, t: Tlv): string | null {
  const n = t.end - t.body;
  if (n === 4) return `${buf[t.body]}.${buf[t.body + 1]}.${buf[t.body + 2]}.${buf[t.body + 3]}`;
  if (n !== 16) return null;
  const w: string[] = [];
  for (let i = 0; i < 8; i++) w.push(buf.readUInt16BE(t.body + 2 * i).toString(16));
  // RFC 5952: compress the longest run of zero words (length ≥ 2)
  let best = -1;
  let bestLen = 1;
  for (let i = 0; i < 8; ) {
    if (w[i] !== '0') {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && w[j] === '0') j++;
    if (j - i > bestLen) {
      best = i;
      bestLen = j - i;
    }
    i = j;
  }
  if (best < 0) return w.join(':');
  return `${w.slice(0, best).join(':')}::${w.slice(best + bestLen).join(':')}`;
}

function parseExtensions(buf: Buffer, exts: Tlv, cert: Certificate): void {
  const seq = readTlv(buf, exts.body, exts.end);
  if (!seq || seq.tag !== 0x30) return;
  for (const ext of children(buf, seq, 512)) {
    const parts = children(buf, ext, 3);
    if (parts.length < 2 || parts[0]!.tag !== 0x06) continue;
    const oid = oidText(buf, parts[0]!);
    const oct = parts[parts.length - 1]!;
    if (oct.tag !== 0x04) continue;
    const inner = readTlv(buf, oct.body, oct.end);
    if (!inner || inner.tag !== 0x30) continue;
    if (oid === '2.5.29.19') {
      const bc: { ca: boolean; pathLen?: number } = { ca: false };
      for (const c of children(buf, inner, 2)) {
        if (c.tag === 0x01) bc.ca = c.end > c.body && buf[c.body] !== 0;
        else if (c.tag === 0x02) {
          const v = smallInt(buf, c);
          if (Number.isFinite(v)) bc.pathLen = v;
        }
      }
      cert.basicConstraints = bc;
    } else if (oid === '2.5.29.17') {
      for (const g of children(buf, inner, 4096)) {
        const text = () => buf.toString('latin1', g.body, g.end);
        if (g.tag === 0x82 && cert.san.dns.length < MAX_SAN_NAMES) cert.san.dns.push(text());
        else if (g.tag === 0x86 && cert.san.uri.length < MAX_SAN_NAMES) cert.san.uri.push(text());
        else if (g.tag === 0x81 && cert.san.email.length < MAX_SAN_NAMES) cert.san.email.push(text());
        else if (g.tag === 0x87 && cert.san.ip.length < MAX_SAN_NAMES) {
          const ip = ipText(buf, g);
          if (ip) cert.san.ip.push(ip);
        }
      }
    }
  }
}

function parseKey(buf: Buffer, spki: Tlv, cert: Certificate): void {
  const [alg, bits] = children(buf, spki, 2);
  if (!alg || alg.tag !== 0x30) return;
  const [oidT, params] = children(buf, alg, 2);
  if (!oidT || oidT.tag !== 0x06) return;
  const oid = oidText(buf, oidT);
  cert.keyAlg = algName(oid);
  if (!bits || bits.tag !== 0x03 || bits.end - bits.body < 1) return;
  const keyStart = bits.body + 1;
  if (oid === '1.2.840.113549.1.1.1' || oid === '1.2.840.113549.1.1.10') {
    cert.keyType = 'rsa';
    const seq = readTlv(buf, keyStart, bits.end);
    if (!seq || seq.tag !== 0x30) return;
    const [n, e] = children(buf, seq, 2);
    if (n?.tag === 0x02) cert.keyLength = bitLength(buf, n);
    if (e?.tag === 0x02) cert.exponent = intDecimal(buf, e);
  } else if (oid === '1.2.840.10045.2.1') {
    cert.keyType = 'ecdsa';
    if (params?.tag === 0x06) {
      const c = CURVES[oidText(buf, params)];
      if (c) {
        cert.curve = c[0];
        cert.keyLength = c[1];
      }
    }
  } else if (oid === '1.2.840.10040.4.1') {
    cert.keyType = 'dsa';
    if (params?.tag === 0x30) {
      const p = children(buf, params, 1)[0];
      if (p?.tag === 0x02) cert.keyLength = bitLength(buf, p);
    }
  }
}

/** Parses one DER certificate. `consumed` is the certificate's encoded length. */
export function parseCertificate(der: Buffer): ParseResult<Certificate> {
  const top = readTlv(der, 0);
  if (!top || top.tag !== 0x30) return bad('x509_not_a_sequence');
  const [tbs, sigAlg] = children(der, top, 3);
  if (!tbs || tbs.tag !== 0x30) return bad('x509_bad_tbs');
  const f = children(der, tbs, 16);
  let i = 0;
  let version = 1;
  if (f[0]?.tag === 0xa0) {
    const v = readTlv(der, f[0].body, f[0].end);
    if (v?.tag === 0x02) version = smallInt(der, v) + 1;
    i = 1;
  }
  const serial = f[i];
  const issuer = f[i + 2];
  const validity = f[i + 3];
  const subject = f[i + 4];
  const spki = f[i + 5];
  if (!serial || serial.tag !== 0x02 || issuer?.tag !== 0x30 || validity?.tag !== 0x30 || subject?.tag !== 0x30 || spki?.tag !== 0x30) {
    return bad('x509_bad_tbs');
  }
  const [nb, na] = children(der, validity, 2);
  const sigOid = sigAlg?.tag === 0x30 ? children(der, sigAlg, 1)[0] : undefined;
  const cert: Certificate = {
    fingerprint: certFingerprint(der.subarray(0, top.end)),
    version: Number.isFinite(version) ? version : 1,
    serial: serialText(der, serial),
    subject: nameText(der, subject),
    issuer: nameText(der, issuer),
    notValidBefore: nb ? derTime(der, nb) : Number.NaN,
    notValidAfter: na ? derTime(der, na) : Number.NaN,
    keyAlg: '',
    sigAlg: sigOid?.tag === 0x06 ? algName(oidText(der, sigOid)) : '',
    san: { dns: [], uri: [], email: [], ip: [] },
    commonNames: [],
  };
  parseKey(der, spki, cert);
  for (let k = i + 6; k < f.length; k++) if (f[k]!.tag === 0xa3) parseExtensions(der, f[k]!, cert);
  // subject CNs (host name check falls back to them when there is no SAN)
  for (const rdn of children(der, subject, 256)) {
    for (const ava of children(der, rdn, 16)) {
      const [o, v] = children(der, ava, 2);
      if (o?.tag === 0x06 && v && oidText(der, o) === '2.5.4.3') cert.commonNames.push(der.toString(v.tag === 0x1e ? 'utf16le' : 'latin1', v.body, v.end));
    }
  }
  return { status: 'ok', value: cert, consumed: top.end };
}

/** Zeek's host name match (x509_check_cert_hostname): SAN DNS names, else subject CNs; '*.' matches one label. */
export function certMatchesHost(cert: Certificate, host: string): boolean {
  const names = cert.san.dns.length ? cert.san.dns : cert.commonNames;
  const h = host.toLowerCase();
  for (const raw of names) {
    const n = raw.toLowerCase();
    if (n === h) return true;
    if (n.startsWith('*.')) {
      const dot = h.indexOf('.');
      if (dot > 0 && h.slice(dot) === n.slice(1)) return true;
    }
  }
  return false;
}
