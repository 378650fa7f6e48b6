// Kerberos 5 messages (RFC 4120) as Zeek's KRB analyzer reads them: KDC requests and replies,
// KRB-ERROR and AP-REQ. Pure functions over one whole DER message.
import type { ParseResult } from '../app/analyzer.js';
import { contextFields, inner, readInt, readString, readTime, readTlv, children, tlvTotalLength, type Tlv } from './der.js';

/** Largest Kerberos message accepted (tickets with large PACs stay well below). */
export const MAX_KRB_MESSAGE = 256 * 1024;
/** Name components kept per principal. */
export const MAX_NAME_COMPONENTS = 16;

export interface KdcRequest {
  kind: 'AS_REQ' | 'TGS_REQ';
  clientName?: string;
  realm?: string;
  serviceName?: string;
  from?: number;
  till?: number;
  forwardable: boolean;
  renewable: boolean;
}

export interface KdcReply {
  kind: 'AS_REP' | 'TGS_REP';
  clientName?: string;
  clientRealm?: string;
  ticketServiceName?: string;
  ticketRealm?: string;
  ticketCipher?: number;
}

export interface KrbError {
  kind: 'ERROR';
  errorCode: number;
  clientName?: string;
  clientRealm?: string;
  serviceName?: string;
  errorText?: string;
}

export interface ApRequest {
  kind: 'AP_REQ';
  ticketServiceName?: string;
  ticketRealm?: string;
  ticketCipher?: number;
}

export type KrbMessage = KdcRequest | KdcReply | KrbError | ApRequest;

/** Application tag byte (0x60 | n) → message. */
const APP_AS_REQ = 0x6a, APP_AS_REP = 0x6b, APP_TGS_REQ = 0x6c, APP_TGS_REP = 0x6d, APP_AP_REQ = 0x6e, APP_ERROR = 0x7e;

export function isKrbTag(b: number): boolean {
  return b === APP_AS_REQ || b === APP_AS_REP || b === APP_TGS_REQ || b === APP_TGS_REP || b === APP_AP_REQ || b === APP_ERROR;
}

/** PrincipalName → "a/b/c" as Zeek prints it. */
export function principalName(buf: Buffer, t: Tlv | null): string | undefined {
  if (!t || t.tag !== 0x30) return undefined;
  const f = contextFields(buf, t);
  const seq = inner(buf, f?.get(1));
  if (!seq || seq.tag !== 0x30) return undefined;
  const parts = children(buf, seq);
  if (!parts) return undefined;
  const names: string[] = [];
  for (const p of parts.slice(0, MAX_NAME_COMPONENTS)) names.push(readString(buf, p) ?? '');
  return names.join('/');
}

function ticket(buf: Buffer, t: Tlv | null): { sname?: string; realm?: string; cipher?: number } {
  const app = inner(buf, t ?? undefined);
  if (!app || app.tag !== 0x61) return {};
  const seq = readTlv(buf, app.start, app.end);
  if (!seq || seq.tag !== 0x30) return {};
  const f = contextFields(buf, seq);
  if (!f) return {};
  const enc = inner(buf, f.get(3));
  const ef = enc && enc.tag === 0x30 ? contextFields(buf, enc) : null;
  return {
    realm: readString(buf, inner(buf, f.get(1))),
    sname: principalName(buf, inner(buf, f.get(2))),
    cipher: readInt(buf, inner(buf, ef?.get(0))),
  };
}

function bit(buf: Buffer, t: Tlv | null, n: number): boolean {
  if (!t || t.tag !== 0x03) return false;
  const i = t.start + 1 + (n >> 3);
  return i < t.end && (buf[i]! & (0x80 >> (n & 7))) !== 0;
}

/** One whole Kerberos message at the start of `buf`. */
export function parseKrbMessage(buf: Buffer): ParseResult<KrbMessage> {
  if (buf.length < 2) return { status: 'need-more', needed: 2 };
  const tag = buf[0]!;
  if (!isKrbTag(tag)) return { status: 'malformed', anomaly: 'krb_unknown_message_type' };
  const total = tlvTotalLength(buf);
  if (total < 0) return buf.length < 6 ? { status: 'need-more' } : { status: 'malformed', anomaly: 'krb_bad_length' };
  if (total > MAX_KRB_MESSAGE) return { status: 'malformed', anomaly: 'krb_message_too_large' };
  if (total > buf.length) return { status: 'need-more', needed: total };
  const app = readTlv(buf, 0)!;
  const seq = readTlv(buf, app.start, app.end);
  if (!seq || seq.tag !== 0x30) return { status: 'malformed', anomaly: 'krb_bad_sequence' };
  const f = contextFields(buf, seq);
  if (!f) return { status: 'malformed', anomaly: 'krb_bad_sequence' };
  const ok = (value: KrbMessage): ParseResult<KrbMessage> => ({ status: 'ok', value, consumed: total });
  if (tag === APP_AS_REQ || tag === APP_TGS_REQ) {
    if (readInt(buf, inner(buf, f.get(1))) !== 5) return { status: 'malformed', anomaly: 'krb_bad_pvno' };
    const body = inner(buf, f.get(4));
    if (!body || body.tag !== 0x30) return { status: 'malformed', anomaly: 'krb_missing_req_body' };
    const b = contextFields(buf, body);
    if (!b) return { status: 'malformed', anomaly: 'krb_bad_req_body' };
    const opts = inner(buf, b.get(0));
    return ok({
      kind: tag === APP_AS_REQ ? 'AS_REQ' : 'TGS_REQ',
      clientName: principalName(buf, inner(buf, b.get(1))),
      realm: readString(buf, inner(buf, b.get(2))),
      serviceName: principalName(buf, inner(buf, b.get(3))),
      from: readTime(buf, inner(buf, b.get(4))),
      till: readTime(buf, inner(buf, b.get(5))),
      forwardable: bit(buf, opts, 1),
      renewable: bit(buf, opts, 8),
    });
  }
  // pvno is required, but Zeek accepts KRB-ERRORs without it (seen from real KDCs): check it only when present
  if (f.has(0) && readInt(buf, inner(buf, f.get(0))) !== 5) return { status: 'malformed', anomaly: 'krb_bad_pvno' };
  if (!f.has(0) && tag !== APP_ERROR) return { status: 'malformed', anomaly: 'krb_bad_pvno' };
  if (tag === APP_AS_REP || tag === APP_TGS_REP) {
    const t = ticket(buf, f.get(5) ?? null);
    return ok({
      kind: tag === APP_AS_REP ? 'AS_REP' : 'TGS_REP',
      clientRealm: readString(buf, inner(buf, f.get(3))),
      clientName: principalName(buf, inner(buf, f.get(4))),
      ticketServiceName: t.sname,
      ticketRealm: t.realm,
      ticketCipher: t.cipher,
    });
  }
  if (tag === APP_ERROR) {
    const code = readInt(buf, inner(buf, f.get(6)));
    if (code === undefined) return { status: 'malformed', anomaly: 'krb_error_without_code' };
    return ok({
      kind: 'ERROR',
      errorCode: code,
      clientRealm: readString(buf, inner(buf, f.get(7))),
      clientName: principalName(buf, inner(buf, f.get(8))),
      serviceName: principalName(buf, inner(buf, f.get(10))),
      errorText: readString(buf, inner(buf, f.get(11))),
    });
  }
  // AP-REQ
  const t = ticket(buf, f.get(3) ?? null);
  return ok({ kind: 'AP_REQ', ticketServiceName: t.sname, ticketRealm: t.realm, ticketCipher: t.cipher });
}

/**
 * Whether the first bytes of a message look like Kerberos: a known application tag whose length
 * fits `total` (when known), a SEQUENCE, and pvno 5 in its first field (KRB-ERROR: an error-code).
 * Works on a prefix, for detection before the whole message has arrived.
 */
export function looksLikeKrb(buf: Buffer, total?: number): 'yes' | 'no' | 'maybe' {
  if (buf.length < 1) return 'maybe';
  const tag = buf[0]!;
  if (!isKrbTag(tag)) return 'no';
  const t = tlvTotalLength(buf);
  if (t < 0) return buf.length < 8 ? 'maybe' : 'no';
  if (t > MAX_KRB_MESSAGE || (total !== undefined && t !== total)) return 'no';
  let p = t - (buf[1]! & 0x80 ? 2 + (buf[1]! & 0x7f) : 2); // value length
  p = t - p; // header length = value start
  if (buf.length < p + 2) return 'maybe';
  if (buf[p] !== 0x30) return 'no';
  const sl = tlvTotalLength(buf, p);
  if (sl < 0) return buf.length < p + 8 ? 'maybe' : 'no';
  if (p + sl !== t) return 'no';
  const q = p + (buf[p + 1]! & 0x80 ? 2 + (buf[p + 1]! & 0x7f) : 2);
  if (buf.length < q + 5) return 'maybe';
  const isReq = tag === APP_AS_REQ || tag === APP_TGS_REQ;
  const first = buf[q]!;
  if (tag === APP_ERROR && first === 0xa6) return 'yes';
  // [0]/[1] { INTEGER 5 } then [1]/[2] { INTEGER msg-type }
  if (first !== (isReq ? 0xa1 : 0xa0) || buf[q + 1] !== 3 || buf[q + 2] !== 2 || buf[q + 3] !== 1 || buf[q + 4] !== 5) return 'no';
  return 'yes';
}

/** Kerberos over TCP: a 4-byte big-endian length, then the message. */
export function parseKrbTcpRecord(buf: Buffer): ParseResult<KrbMessage> {
  if (buf.length < 4) return { status: 'need-more', needed: 4 };
  const len = buf.readUInt32BE(0);
  if (len & 0x80000000) return { status: 'malformed', anomaly: 'krb_tcp_reserved_bit' };
  if (len > MAX_KRB_MESSAGE) return { status: 'malformed', anomaly: 'krb_message_too_large' };
  if (buf.length < 4 + len) return { status: 'need-more', needed: 4 + len };
  const r = parseKrbMessage(buf.subarray(4, 4 + len));
  if (r.status === 'need-more') return { status: 'malformed', anomaly: 'krb_truncated_message' };
  if (r.status === 'malformed') return r;
  return { status: 'ok', value: r.value, consumed: 4 + len };
}

/** Zeek's KRB::cipher_name. */
export const CIPHER_NAMES: Record<number, string> = {
  1: 'des-cbc-crc', 2: 'des-cbc-md4', 3: 'des-cbc-md5', 5: 'des3-cbc-md5', 7: 'des3-cbc-sha1',
  9: 'dsaWithSHA1-CmsOID', 10: 'md5WithRSAEncryption-CmsOID', 11: 'sha1WithRSAEncryption-CmsOID',
  12: 'rc2CBC-EnvOID', 13: 'rsaEncryption-EnvOID', 14: 'rsaES-OAEP-ENV-OID', 15: 'des-ede3-cbc-Env-OID',
  16: 'des3-cbc-sha1-kd', 17: 'aes128-cts-hmac-sha1-96', 18: 'aes256-cts-hmac-sha1-96',
  19: 'aes128-cts-hmac-sha256-128', 20: 'aes256-cts-hmac-sha384-192', 23: 'rc4-hmac', 24: 'rc4-hmac-exp',
  25: 'camellia128-cts-cmac', 26: 'camellia256-cts-cmac', 65: 'subkey-keymaterial',
};

/** Zeek's KRB::error_msg. */
export const ERROR_NAMES: Record<number, string> = {
  0: 'KDC_ERR_NONE', 1: 'KDC_ERR_NAME_EXP', 2: 'KDC_ERR_SERVICE_EXP', 3: 'KDC_ERR_BAD_PVNO',
  4: 'KDC_ERR_C_OLD_MAST_KVNO', 5: 'KDC_ERR_S_OLD_MAST_KVNO', 6: 'KDC_ERR_C_PRINCIPAL_UNKNOWN',
  7: 'KDC_ERR_S_PRINCIPAL_UNKNOWN', 8: 'KDC_ERR_PRINCIPAL_NOT_UNIQUE', 9: 'KDC_ERR_NULL_KEY',
  10: 'KDC_ERR_CANNOT_POSTDATE', 11: 'KDC_ERR_NEVER_VALID', 12: 'KDC_ERR_POLICY', 13: 'KDC_ERR_BADOPTION',
  14: 'KDC_ERR_ETYPE_NOSUPP', 15: 'KDC_ERR_SUMTYPE_NOSUPP', 16: 'KDC_ERR_PADATA_TYPE_NOSUPP',
  17: 'KDC_ERR_TRTYPE_NOSUPP', 18: 'KDC_ERR_CLIENT_REVOKED', 19: 'KDC_ERR_SERVICE_REVOKED',
  20: 'KDC_ERR_TGT_REVOKED', 21: 'KDC_ERR_CLIENT_NOTYET', 22: 'KDC_ERR_SERVICE_NOTYET',
  23: 'KDC_ERR_KEY_EXPIRED', 24: 'KDC_ERR_PREAUTH_FAILED', 25: 'KDC_ERR_PREAUTH_REQUIRED',
  26: 'KDC_ERR_SERVER_NOMATCH', 27: 'KDC_ERR_MUST_USE_USER2USER', 28: 'KDC_ERR_PATH_NOT_ACCEPTED',
  29: 'KDC_ERR_SVC_UNAVAILABLE', 31: 'KRB_AP_ERR_BAD_INTEGRITY', 32: 'KRB_AP_ERR_TKT_EXPIRED',
  33: 'KRB_AP_ERR_TKT_NYV', 34: 'KRB_AP_ERR_REPEAT', 35: 'KRB_AP_ERR_NOT_US', 36: 'KRB_AP_ERR_BADMATCH',
  37: 'KRB_AP_ERR_SKEW', 38: 'KRB_AP_ERR_BADADDR', 39: 'KRB_AP_ERR_BADVERSION', 40: 'KRB_AP_ERR_MSG_TYPE',
  41: 'KRB_AP_ERR_MODIFIED', 42: 'KRB_AP_ERR_BADORDER', 44: 'KRB_AP_ERR_BADKEYVER', 45: 'KRB_AP_ERR_NOKEY',
  46: 'KRB_AP_ERR_MUT_FAIL', 47: 'KRB_AP_ERR_BADDIRECTION', 48: 'KRB_AP_ERR_METHOD', 49: 'KRB_AP_ERR_BADSEQ',
  50: 'KRB_AP_ERR_INAPP_CKSUM', 51: 'KRB_AP_PATH_NOT_ACCEPTED', 52: 'KRB_ERR_RESPONSE_TOO_BIG',
  60: 'KRB_ERR_GENERIC', 61: 'KRB_ERR_FIELD_TOOLONG', 62: 'KDC_ERROR_CLIENT_NOT_TRUSTED',
  63: 'KDC_ERROR_KDC_NOT_TRUSTED', 64: 'KDC_ERROR_INVALID_SIG', 65: 'KDC_ERR_KEY_TOO_WEAK',
  66: 'KDC_ERR_CERTIFICATE_MISMATCH', 67: 'KRB_AP_ERR_NO_TGT', 68: 'KDC_ERR_WRONG_REALM',
  69: 'KRB_AP_ERR_USER_TO_USER_REQUIRED', 70: 'KDC_ERR_CANT_VERIFY_CERTIFICATE',
  71: 'KDC_ERR_INVALID_CERTIFICATE', 72: 'KDC_ERR_REVOKED_CERTIFICATE', 73: 'KDC_ERR_REVOCATION_STATUS_UNKNOWN',
  74: 'KDC_ERR_REVOCATION_STATUS_UNAVAILABLE', 75: 'KDC_ERR_CLIENT_NAME_MISMATCH', 76: 'KDC_ERR_KDC_NAME_MISMATCH',
};
