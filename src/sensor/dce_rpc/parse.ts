// DCE/RPC connection-oriented PDUs (C706 ch. 12, MS-RPCE): the common header, bind / alter-context
// (context id → interface UUID), bind_ack (secondary address), request / response (opnum, call id)
// and the auth verifier. Pure functions over one PDU.
import type { ParseResult } from '../app/analyzer.js';

export const PDU_HEADER = 16;
/** Context elements read from one bind. */
export const MAX_CONTEXT_ELEMENTS = 32;

export const PTYPE = { REQUEST: 0, RESPONSE: 2, FAULT: 3, BIND: 11, BIND_ACK: 12, BIND_NAK: 13, ALTER_CONTEXT: 14, ALTER_CONTEXT_RESP: 15, AUTH3: 16 } as const;
export const PFC_FIRST_FRAG = 0x01;
export const PFC_LAST_FRAG = 0x02;
const PFC_OBJECT_UUID = 0x80;

export interface PduHeader {
  ptype: number;
  flags: number;
  littleEndian: boolean;
  fragLength: number;
  authLength: number;
  callId: number;
}

export interface ContextElement {
  ctxId: number;
  uuid: string;
  verMajor: number;
  verMinor: number;
}

export interface Pdu {
  header: PduHeader;
  /** bind / alter_context */
  contexts?: ContextElement[];
  /** bind_ack: secondary address (e.g. "\PIPE\lsass" or "135") */
  secAddr?: string;
  /** request / response / fault */
  ctxId?: number;
  opnum?: number;
  /** request/response stub length */
  stubLength?: number;
  /** auth verifier: type (9 SPNEGO, 10 NTLM, 16 Kerberos) and token */
  authType?: number;
  authToken?: Buffer;
}

/** The common header at the start of `buf`. */
export function parsePduHeader(buf: Buffer): ParseResult<PduHeader> {
  if (buf.length < PDU_HEADER) return { status: 'need-more', needed: PDU_HEADER };
  if (buf[0] !== 5 || buf[1]! > 1) return { status: 'malformed', anomaly: 'dce_rpc_bad_version' };
  const littleEndian = (buf[4]! & 0x10) !== 0;
  const fragLength = littleEndian ? buf.readUInt16LE(8) : buf.readUInt16BE(8);
  const authLength = littleEndian ? buf.readUInt16LE(10) : buf.readUInt16BE(10);
  const callId = littleEndian ? buf.readUInt32LE(12) : buf.readUInt32BE(12);
  if (fragLength < PDU_HEADER) return { status: 'malformed', anomaly: 'dce_rpc_bad_frag_length' };
  if (buf[2]! > 20) return { status: 'malformed', anomaly: 'dce_rpc_unknown_ptype' };
  return { status: 'ok', value: { ptype: buf[2]!, flags: buf[3]!, littleEndian, fragLength, authLength, callId }, consumed: PDU_HEADER };
}

/** A UUID in its wire form (first three fields in the PDU's byte order) → canonical text. */
export function uuidString(buf: Buffer, off: number, le = true): string {
  const h = (n: number, w: number) => n.toString(16).padStart(w, '0');
  const d1 = le ? buf.readUInt32LE(off) : buf.readUInt32BE(off);
  const d2 = le ? buf.readUInt16LE(off + 4) : buf.readUInt16BE(off + 4);
  const d3 = le ? buf.readUInt16LE(off + 6) : buf.readUInt16BE(off + 6);
  return `${h(d1, 8)}-${h(d2, 4)}-${h(d3, 4)}-${buf.toString('hex', off + 8, off + 10)}-${buf.toString('hex', off + 10, off + 16)}`;
}

/** One whole PDU at the start of `buf`. */
export function parsePdu(buf: Buffer): ParseResult<Pdu> {
  const h = parsePduHeader(buf);
  if (h.status !== 'ok') return h;
  const hd = h.value;
  if (buf.length < hd.fragLength) return { status: 'need-more', needed: hd.fragLength };
  const pdu = buf.subarray(0, hd.fragLength);
  const le = hd.littleEndian;
  const u16 = (o: number) => (le ? pdu.readUInt16LE(o) : pdu.readUInt16BE(o));
  const out: Pdu = { header: hd };
  // Auth verifier: 8-byte sec_trailer then auth_length bytes, at the end of the PDU.
  let bodyEnd = hd.fragLength;
  if (hd.authLength > 0) {
    const trailer = hd.fragLength - hd.authLength - 8;
    if (trailer < PDU_HEADER) return { status: 'malformed', anomaly: 'dce_rpc_bad_auth_length' };
    out.authType = pdu[trailer]!;
    out.authToken = pdu.subarray(trailer + 8, hd.fragLength);
    bodyEnd = trailer;
  }
  const ok = (): ParseResult<Pdu> => ({ status: 'ok', value: out, consumed: hd.fragLength });
  switch (hd.ptype) {
    case PTYPE.BIND:
    case PTYPE.ALTER_CONTEXT: {
      if (bodyEnd < 28) return { status: 'malformed', anomaly: 'dce_rpc_truncated_bind' };
      const n = pdu[24]!;
      const contexts: ContextElement[] = [];
      let p = 28;
      for (let i = 0; i < n && i < MAX_CONTEXT_ELEMENTS; i++) {
        if (p + 24 > bodyEnd) return { status: 'malformed', anomaly: 'dce_rpc_truncated_bind' };
        const nts = pdu[p + 2]!;
        contexts.push({ ctxId: u16(p), uuid: uuidString(pdu, p + 4, le), verMajor: u16(p + 20), verMinor: u16(p + 22) });
        p += 24 + 20 * nts;
      }
      out.contexts = contexts;
      return ok();
    }
    case PTYPE.BIND_ACK:
    case PTYPE.ALTER_CONTEXT_RESP: {
      if (bodyEnd < 26) return { status: 'malformed', anomaly: 'dce_rpc_truncated_bind_ack' };
      const len = u16(24);
      if (26 + len > bodyEnd) return { status: 'malformed', anomaly: 'dce_rpc_truncated_bind_ack' };
      out.secAddr = pdu.toString('latin1', 26, 26 + Math.max(0, len - 1));
      return ok();
    }
    case PTYPE.REQUEST: {
      if (bodyEnd < 24) return { status: 'malformed', anomaly: 'dce_rpc_truncated_request' };
      out.ctxId = u16(20);
      out.opnum = u16(22);
      const stub = 24 + (hd.flags & PFC_OBJECT_UUID ? 16 : 0);
      out.stubLength = Math.max(0, bodyEnd - stub);
      return ok();
    }
    case PTYPE.RESPONSE:
    case PTYPE.FAULT: {
      if (bodyEnd < 24) return { status: 'malformed', anomaly: 'dce_rpc_truncated_response' };
      out.ctxId = u16(20);
      out.stubLength = Math.max(0, bodyEnd - 24);
      return ok();
    }
    default:
      return ok();
  }
}
