// NTLMSSP messages (MS-NLMP): NEGOTIATE, CHALLENGE (with the server's target-info AV pairs) and
// AUTHENTICATE (user, domain, workstation). Pure functions; used by SMB, DCE/RPC, HTTP and LDAP.
import type { ParseResult } from '../app/analyzer.js';

export const NTLMSSP_SIGNATURE = Buffer.from('NTLMSSP\0', 'latin1');
/** Longest string field decoded (names are short; hostile lengths are cut). */
export const MAX_NTLM_STRING = 1024;
/** AV pairs read from a CHALLENGE's target info. */
export const MAX_AV_PAIRS = 64;

const NEGOTIATE_UNICODE = 0x00000001;

export interface NtlmNegotiate {
  type: 1;
  flags: number;
  domainName?: string;
  workstation?: string;
}

export interface NtlmChallenge {
  type: 2;
  flags: number;
  targetName?: string;
  nbComputerName?: string;
  nbDomainName?: string;
  dnsComputerName?: string;
  dnsDomainName?: string;
  dnsTreeName?: string;
}

export interface NtlmAuthenticate {
  type: 3;
  flags: number;
  domainName?: string;
  userName?: string;
  workstation?: string;
}

export type NtlmMessage = NtlmNegotiate | NtlmChallenge | NtlmAuthenticate;

/** A security buffer (len u16, maxlen u16, offset u32) at `at` → the bytes, or null when out of range. */
function secBuf(buf: Buffer, at: number): Buffer | null {
  if (at + 8 > buf.length) return null;
  const len = buf.readUInt16LE(at);
  const off = buf.readUInt32LE(at + 4);
  if (len === 0) return Buffer.alloc(0);
  if (off + len > buf.length) return null;
  return buf.subarray(off, off + Math.min(len, MAX_NTLM_STRING * 2));
}

function str(b: Buffer | null, unicode: boolean): string | undefined {
  if (!b || b.length === 0) return undefined;
  return unicode ? b.toString('utf16le', 0, b.length & ~1) : b.toString('latin1');
}

/** The offset of "NTLMSSP\0" in a security blob (SPNEGO/GSSAPI wrapped or raw), or -1. */
export function findNtlmssp(blob: Buffer): number {
  return blob.indexOf(NTLMSSP_SIGNATURE);
}

/** One NTLMSSP message starting at offset 0 of `buf` (its fields point into `buf`). */
export function parseNtlm(buf: Buffer): ParseResult<NtlmMessage> {
  if (buf.length < 12) return { status: 'need-more', needed: 12 };
  if (!buf.subarray(0, 8).equals(NTLMSSP_SIGNATURE)) return { status: 'malformed', anomaly: 'ntlm_bad_signature' };
  const type = buf.readUInt32LE(8);
  if (type === 1) {
    if (buf.length < 16) return { status: 'malformed', anomaly: 'ntlm_truncated_negotiate' };
    const flags = buf.readUInt32LE(12);
    const m: NtlmNegotiate = { type: 1, flags };
    // OEM_DOMAIN_SUPPLIED 0x1000, OEM_WORKSTATION_SUPPLIED 0x2000: OEM strings
    if (flags & 0x1000) m.domainName = str(secBuf(buf, 16), false);
    if (flags & 0x2000) m.workstation = str(secBuf(buf, 24), false);
    return { status: 'ok', value: m, consumed: buf.length };
  }
  if (type === 2) {
    if (buf.length < 32) return { status: 'malformed', anomaly: 'ntlm_truncated_challenge' };
    const flags = buf.readUInt32LE(20);
    const unicode = (flags & NEGOTIATE_UNICODE) !== 0;
    const m: NtlmChallenge = { type: 2, flags, targetName: str(secBuf(buf, 12), unicode) };
    const ti = buf.length >= 48 ? secBuf(buf, 40) : null;
    if (ti) {
      let p = 0;
      for (let n = 0; n < MAX_AV_PAIRS && p + 4 <= ti.length; n++) {
        const id = ti.readUInt16LE(p);
        const len = ti.readUInt16LE(p + 2);
        if (id === 0 || p + 4 + len > ti.length) break;
        const v = ti.toString('utf16le', p + 4, p + 4 + (len & ~1));
        if (id === 1) m.nbComputerName = v;
        else if (id === 2) m.nbDomainName = v;
        else if (id === 3) m.dnsComputerName = v;
        else if (id === 4) m.dnsDomainName = v;
        else if (id === 5) m.dnsTreeName = v;
        p += 4 + len;
      }
    }
    return { status: 'ok', value: m, consumed: buf.length };
  }
  if (type === 3) {
    if (buf.length < 52) return { status: 'malformed', anomaly: 'ntlm_truncated_authenticate' };
    const flags = buf.length >= 64 ? buf.readUInt32LE(60) : NEGOTIATE_UNICODE;
    const unicode = (flags & NEGOTIATE_UNICODE) !== 0;
    return {
      status: 'ok',
      value: { type: 3, flags, domainName: str(secBuf(buf, 28), unicode), userName: str(secBuf(buf, 36), unicode), workstation: str(secBuf(buf, 44), unicode) },
      consumed: buf.length,
    };
  }
  return { status: 'malformed', anomaly: 'ntlm_unknown_message_type', detail: String(type) };
}

/**
 * SPNEGO negTokenResp negState in a GSSAPI blob (Zeek's gssapi_neg_result): 0 accept-completed,
 * 1 accept-incomplete, 2 reject, 3 request-mic; undefined when absent.
 */
export function spnegoNegState(blob: Buffer): number | undefined {
  // negTokenResp ::= [1] SEQUENCE { negState [0] ENUMERATED OPTIONAL, ... }
  if (blob.length < 9 || blob[0] !== 0xa1) return undefined;
  let p = 1;
  const skipLen = () => {
    const l = blob[p++]!;
    if (l & 0x80) p += l & 0x7f;
  };
  skipLen();
  if (blob[p++] !== 0x30) return undefined;
  skipLen();
  if (p + 5 > blob.length || blob[p] !== 0xa0 || blob[p + 1] !== 3 || blob[p + 2] !== 0x0a || blob[p + 3] !== 1) return undefined;
  return blob[p + 4];
}
