// Object identifier names as OpenSSL prints them (Zeek logs OpenSSL's text), and distinguished
// names in the form of OpenSSL's X509_NAME_print_ex(…, XN_FLAG_RFC2253) that Zeek uses for
// certificate.subject / issuer: last RDN first, ',' between RDNs, '+' inside one, short attribute
// names, RFC 2253 escapes, non-ASCII bytes of the UTF-8 form as \XX, unknown attributes as #hex.
import { children, hexUpper, oidText, type Tlv } from './der.js';

/** Attribute short names (OpenSSL's OBJ_nid2sn). */
const ATTR: Record<string, string> = {
  '2.5.4.3': 'CN', '2.5.4.4': 'SN', '2.5.4.5': 'serialNumber', '2.5.4.6': 'C', '2.5.4.7': 'L', '2.5.4.8': 'ST',
  '2.5.4.9': 'street', '2.5.4.10': 'O', '2.5.4.11': 'OU', '2.5.4.12': 'title', '2.5.4.13': 'description',
  '2.5.4.15': 'businessCategory', '2.5.4.16': 'postalAddress', '2.5.4.17': 'postalCode', '2.5.4.18': 'postOfficeBox',
  '2.5.4.41': 'name', '2.5.4.42': 'GN', '2.5.4.43': 'initials', '2.5.4.44': 'generationQualifier',
  '2.5.4.45': 'x500UniqueIdentifier', '2.5.4.46': 'dnQualifier', '2.5.4.65': 'pseudonym', '2.5.4.97': 'organizationIdentifier',
  '1.2.840.113549.1.9.1': 'emailAddress', '1.2.840.113549.1.9.2': 'unstructuredName', '1.2.840.113549.1.9.8': 'unstructuredAddress',
  '0.9.2342.19200300.100.1.25': 'DC', '0.9.2342.19200300.100.1.1': 'UID',
  '1.3.6.1.4.1.311.60.2.1.1': 'jurisdictionL', '1.3.6.1.4.1.311.60.2.1.2': 'jurisdictionST', '1.3.6.1.4.1.311.60.2.1.3': 'jurisdictionC',
};

/** Algorithm long names (OpenSSL's OBJ_nid2ln), for key_alg and sig_alg. */
export const ALG: Record<string, string> = {
  '1.2.840.113549.1.1.1': 'rsaEncryption', '1.2.840.113549.1.1.2': 'md2WithRSAEncryption', '1.2.840.113549.1.1.4': 'md5WithRSAEncryption',
  '1.2.840.113549.1.1.5': 'sha1WithRSAEncryption', '1.2.840.113549.1.1.10': 'rsassaPss', '1.2.840.113549.1.1.11': 'sha256WithRSAEncryption',
  '1.2.840.113549.1.1.12': 'sha384WithRSAEncryption', '1.2.840.113549.1.1.13': 'sha512WithRSAEncryption', '1.2.840.113549.1.1.14': 'sha224WithRSAEncryption',
  '1.2.840.10045.2.1': 'id-ecPublicKey', '1.2.840.10045.4.1': 'ecdsa-with-SHA1', '1.2.840.10045.4.3.1': 'ecdsa-with-SHA224',
  '1.2.840.10045.4.3.2': 'ecdsa-with-SHA256', '1.2.840.10045.4.3.3': 'ecdsa-with-SHA384', '1.2.840.10045.4.3.4': 'ecdsa-with-SHA512',
  '1.2.840.10040.4.1': 'dsaEncryption', '1.2.840.10040.4.3': 'dsaWithSHA1', '2.16.840.1.101.3.4.3.1': 'dsa_with_SHA224', '2.16.840.1.101.3.4.3.2': 'dsa_with_SHA256',
  '1.3.101.112': 'ED25519', '1.3.101.113': 'ED448', '1.3.101.110': 'X25519', '1.3.101.111': 'X448',
  '1.3.14.3.2.29': 'sha1WithRSA', '1.2.840.113549.1.3.1': 'dhKeyAgreement', '1.2.643.2.2.19': 'GOST R 34.10-2001',
};

/** Named curves: OpenSSL's short name and the key size EVP_PKEY_bits reports. */
export const CURVES: Record<string, [string, number]> = {
  '1.2.840.10045.3.1.7': ['prime256v1', 256], '1.3.132.0.34': ['secp384r1', 384], '1.3.132.0.35': ['secp521r1', 521],
  '1.3.132.0.10': ['secp256k1', 256], '1.3.132.0.33': ['secp224r1', 224], '1.2.840.10045.3.1.1': ['prime192v1', 192],
  '1.3.36.3.3.2.8.1.1.7': ['brainpoolP256r1', 256], '1.3.36.3.3.2.8.1.1.11': ['brainpoolP384r1', 384], '1.3.36.3.3.2.8.1.1.13': ['brainpoolP512r1', 512],
};

export function algName(oid: string): string {
  return ALG[oid] ?? oid;
}

const HEX = '0123456789ABCDEF';

/** Appends the UTF-8 bytes of one character (code point) with RFC 2253 escaping. */
function escChar(out: string[], cp: number, first: boolean, last: boolean): void {
  if (cp > 0x7f) {
    const b = Buffer.from(String.fromCodePoint(cp), 'utf8');
    for (const x of b) out.push('\\' + HEX[x >> 4]! + HEX[x & 15]!);
    return;
  }
  const c = String.fromCharCode(cp);
  if (c === ',' || c === '+' || c === '"' || c === '\\' || c === '<' || c === '>' || c === ';' || (first && (c === '#' || c === ' ')) || (last && c === ' ')) {
    out.push('\\' + c);
  } else if (cp < 0x20 || cp === 0x7f) out.push('\\' + HEX[cp >> 4]! + HEX[cp & 15]!);
  else out.push(c);
}

/** Code points of a directory string by its ASN.1 type; null for types that are not strings. */
function codePoints(buf: Buffer, t: Tlv): number[] | null {
  const cps: number[] = [];
  switch (t.tag) {
    case 0x0c: // UTF8String: OpenSSL reads it one byte per character and escapes bytes > 0x7f
    case 0x13: case 0x16: case 0x1a: case 0x12: case 0x14: case 0x15: case 0x19: case 0x1b:
      for (let i = t.body; i < t.end; i++) cps.push(buf[i]!);
      if (t.tag === 0x0c) return cps.map((b) => (b > 0x7f ? -b : b));
      return cps;
    case 0x1e: // BMPString
      for (let i = t.body; i + 1 < t.end; i += 2) cps.push(buf.readUInt16BE(i));
      return cps;
    case 0x1c: // UniversalString
      for (let i = t.body; i + 3 < t.end; i += 4) cps.push(Math.min(buf.readUInt32BE(i), 0x10ffff));
      return cps;
    default:
      return null;
  }
}

function valueText(buf: Buffer, t: Tlv, known: boolean): string {
  const cps = known ? codePoints(buf, t) : null;
  if (!cps) return '#' + buf.toString('hex', t.start, t.end).toUpperCase();
  const out: string[] = [];
  for (let i = 0; i < cps.length; i++) {
    const cp = cps[i]!;
    if (cp < 0) out.push('\\' + hexUpper(Buffer.of(-cp), 0, 1)); // a raw UTF-8 byte
    else escChar(out, cp, i === 0, i === cps.length - 1);
  }
  return out.join('');
}

/** A Name (SEQUENCE OF RDN) as OpenSSL prints it with XN_FLAG_RFC2253. */
export function nameText(buf: Buffer, name: Tlv): string {
  const avas: { set: number; text: string }[] = [];
  children(buf, name, 256).forEach((rdn, set) => {
    for (const ava of children(buf, rdn, 64)) {
      const [oidT, val] = children(buf, ava, 2);
      if (!oidT || !val || oidT.tag !== 0x06) continue;
      const oid = oidText(buf, oidT);
      const sn = ATTR[oid];
      avas.push({ set, text: `${sn ?? oid}=${valueText(buf, val, sn !== undefined)}` });
    }
  });
  let s = '';
  for (let i = avas.length - 1; i >= 0; i--) {
    if (i < avas.length - 1) s += avas[i]!.set === avas[i + 1]!.set ? '+' : ',';
    s += avas[i]!.text;
  }
  return s;
}
