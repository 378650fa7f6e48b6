// Kerberos 5 messages (RFC 4120) as a Windows client and domain controller exchange them: AS-REQ with
// PA-ENC-TIMESTAMP pre-authentication and its AS-REP, TGS-REQ (the TGT in a PA-TGS-REQ AP-REQ) and
// its TGS-REP, and the AP-REQ/AP-REP a client wraps in SPNEGO for SMB. Encrypted parts are random
// bytes of realistic sizes (the simulator has no keys); everything around them is real DER.
import type { SimRandom } from '../random.js';
import { ctx, integer, oid, octetString, seq, tlv } from '../tls/der.js';

export const ETYPE = { AES256: 18, AES128: 17, RC4: 23 } as const;
export const REALM = 'CORP.EXAMPLE';

const NT_PRINCIPAL = 1;
const NT_SRV_INST = 2;

const generalString = (s: string): Buffer => tlv(0x1b, Buffer.from(s, 'latin1'));

/** KerberosTime: GeneralizedTime without fractions. */
export function kerberosTime(epochSeconds: number): Buffer {
  const iso = new Date(Math.floor(epochSeconds) * 1000).toISOString();
  return tlv(0x18, Buffer.from(`${iso.slice(0, 4)}${iso.slice(5, 7)}${iso.slice(8, 10)}${iso.slice(11, 13)}${iso.slice(14, 16)}${iso.slice(17, 19)}Z`, 'latin1'));
}

/** PrincipalName: a user (one component) or a service instance ("cifs/files01.corp.example"). */
export function principal(name: string, type = name.includes('/') ? NT_SRV_INST : NT_PRINCIPAL): Buffer {
  return seq(ctx(0, integer(type)), ctx(1, seq(...name.split('/').map(generalString))));
}

function encryptedData(etype: number, cipher: Buffer, kvno?: number): Buffer {
  return seq(ctx(0, integer(etype)), ...(kvno === undefined ? [] : [ctx(1, integer(kvno))]), ctx(2, octetString(cipher)));
}

/** A 32-bit flags BIT STRING (KDCOptions, APOptions, TicketFlags). */
function flags32(v: number): Buffer {
  const b = Buffer.alloc(5);
  b.writeUInt32BE(v >>> 0, 1);
  return tlv(0x03, b);
}

function paData(type: number, value: Buffer): Buffer {
  return seq(ctx(1, integer(type)), ctx(2, octetString(value)));
}

/** Ticket ::= [APPLICATION 1] SEQUENCE { tkt-vno, realm, sname, enc-part } */
export function ticket(r: SimRandom, sname: string, etype: number, size: number, kvno = 2): Buffer {
  return tlv(0x61, seq(ctx(0, integer(5)), ctx(1, generalString(REALM)), ctx(2, principal(sname)), ctx(3, encryptedData(etype, r.bytes(size), kvno))));
}

/** AP-REQ ::= [APPLICATION 14] SEQUENCE { pvno, msg-type, ap-options, ticket, authenticator } */
export function apReq(r: SimRandom, tkt: Buffer, sessionEtype: number, mutual = false): Buffer {
  return tlv(0x6e, seq(ctx(0, integer(5)), ctx(1, integer(14)), ctx(2, flags32(mutual ? 0x20000000 : 0)), ctx(3, tkt), ctx(4, encryptedData(sessionEtype, r.bytes(sessionEtype === ETYPE.RC4 ? 180 : 200)))));
}

/** AP-REP ::= [APPLICATION 15] SEQUENCE { pvno, msg-type, enc-part } */
export function apRep(r: SimRandom, sessionEtype: number): Buffer {
  return tlv(0x6f, seq(ctx(0, integer(5)), ctx(1, integer(15)), ctx(2, encryptedData(sessionEtype, r.bytes(92)))));
}

// Windows asks for forwardable, renewable, canonicalize, renewable-ok.
const KDC_OPTIONS = 0x40810010;

interface ReqBody {
  cname?: string;
  sname: string;
  till: number;
  nonce: number;
  etypes: number[];
}

function reqBody(b: ReqBody): Buffer {
  return seq(
    ctx(0, flags32(KDC_OPTIONS)),
    ...(b.cname ? [ctx(1, principal(b.cname, NT_PRINCIPAL))] : []),
    ctx(2, generalString(REALM)),
    ctx(3, principal(b.sname)),
    ctx(5, kerberosTime(b.till)),
    ctx(6, kerberosTime(b.till)),
    ctx(7, integer(b.nonce >>> 0)),
    ctx(8, seq(...b.etypes.map((e) => integer(e)))),
  );
}

// far future "till" as Windows sends it
const TILL = Date.UTC(2037, 8, 13, 2, 48, 5) / 1000;

/** AS-REQ for `user`'s TGT, pre-authenticated with an encrypted timestamp (PA-ENC-TIMESTAMP). */
export function asReq(r: SimRandom, user: string): Buffer {
  const encTs = encryptedData(ETYPE.AES256, r.bytes(56));
  const pacRequest = seq(ctx(0, tlv(0x01, Buffer.from([0xff]))));
  const body = reqBody({ cname: user, sname: `krbtgt/${REALM}`, till: TILL, nonce: r.int(0x7fffffff), etypes: [ETYPE.AES256, ETYPE.AES128, ETYPE.RC4, 24] });
  return tlv(0x6a, seq(ctx(1, integer(5)), ctx(2, integer(10)), ctx(3, seq(paData(2, encTs), paData(128, pacRequest))), ctx(4, body)));
}

/** The KDC's AS-REP: the TGT (aes256, with a PAC) and the client's encrypted part. */
export function asRep(r: SimRandom, user: string, tgt: Buffer): Buffer {
  const etypeInfo2 = seq(seq(ctx(0, integer(ETYPE.AES256)), ctx(1, generalString(`${REALM}${user}`))));
  return tlv(0x6b, seq(ctx(0, integer(5)), ctx(1, integer(11)), ctx(2, seq(paData(19, etypeInfo2))), ctx(3, generalString(REALM)), ctx(4, principal(user, NT_PRINCIPAL)), ctx(5, tgt), ctx(6, encryptedData(ETYPE.AES256, r.bytes(300), 3))));
}

/** TGS-REQ for `service` with the TGT; `etypes` lists what the client accepts (kerberoasting: rc4 only). */
export function tgsReq(r: SimRandom, tgt: Buffer, service: string, etypes: number[] = [ETYPE.AES256, ETYPE.AES128, ETYPE.RC4, 24]): Buffer {
  const ap = apReq(r, tgt, ETYPE.AES256);
  const body = reqBody({ sname: service, till: TILL, nonce: r.int(0x7fffffff), etypes });
  return tlv(0x6c, seq(ctx(1, integer(5)), ctx(2, integer(12)), ctx(3, seq(paData(1, ap), paData(167, seq(ctx(0, flags32(0x40000000)))))), ctx(4, body)));
}

/** TGS-REP with a service ticket encrypted with `etype` (the service account's key type). */
export function tgsRep(r: SimRandom, user: string, service: string, etype: number, ticketSize = 1000): Buffer {
  const tkt = ticket(r, service, etype, ticketSize, etype === ETYPE.RC4 ? 2 : 5);
  return tlv(0x6d, seq(ctx(0, integer(5)), ctx(1, integer(13)), ctx(3, generalString(REALM)), ctx(4, principal(user, NT_PRINCIPAL)), ctx(5, tkt), ctx(6, encryptedData(etype === ETYPE.RC4 ? ETYPE.RC4 : ETYPE.AES256, r.bytes(280)))));
}

/** Kerberos over TCP: a 4-byte length, then the message. */
export function krbTcp(msg: Buffer): Buffer {
  const h = Buffer.alloc(4);
  h.writeUInt32BE(msg.length);
  return Buffer.concat([h, msg]);
}

// ---- GSS-API / SPNEGO (RFC 4178, RFC 2743) ----

export const OID_SPNEGO = oid('1.3.6.1.5.5.2');
export const OID_KRB5 = oid('1.2.840.113554.1.2.2');
export const OID_MS_KRB5 = oid('1.2.840.48018.1.2.2');
export const OID_NTLMSSP = oid('1.3.6.1.4.1.311.2.2.10');

/** InitialContextToken for Kerberos: OID, tok-id, then the AP-REQ (01 00) or AP-REP (02 00). */
export function gssKrb5Token(tokId: number, msg: Buffer): Buffer {
  return tlv(0x60, Buffer.concat([OID_KRB5, Buffer.from([tokId, 0]), msg]));
}

/** negTokenInit in a GSS-API InitialContextToken, with the mechanisms offered and the first token. */
export function spnegoInit(mechs: Buffer[], mechToken?: Buffer): Buffer {
  const init = seq(ctx(0, seq(...mechs)), ...(mechToken ? [ctx(2, octetString(mechToken))] : []));
  return tlv(0x60, Buffer.concat([OID_SPNEGO, ctx(0, init)]));
}

/** negTokenResp: state (0 accept-completed, 1 accept-incomplete), mechanism, token. */
export function spnegoResp(opts: { state?: number; mech?: Buffer; token?: Buffer; mic?: Buffer }): Buffer {
  const parts: Buffer[] = [];
  if (opts.state !== undefined) parts.push(ctx(0, tlv(0x0a, Buffer.from([opts.state]))));
  if (opts.mech) parts.push(ctx(1, opts.mech));
  if (opts.token) parts.push(ctx(2, octetString(opts.token)));
  if (opts.mic) parts.push(ctx(3, octetString(opts.mic)));
  return ctx(1, seq(...parts));
}
