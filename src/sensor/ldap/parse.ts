// Pure parsers for LDAP (RFC 4511): one LDAPMessage from a Buffer into the fields Zeek logs, and
// search filters rendered as Zeek renders them.
import type { ParseResult } from '../app/analyzer.js';
import { berTotalLength, children, readInt, readStr, readTlv, type Tlv } from './ber.js';

/** Largest LDAP message buffered whole; larger ones (big search results) are skipped. */
export const MAX_MESSAGE = 1024 * 1024;
/** Attributes kept from a search request; filter nesting rendered. */
export const MAX_ATTRIBUTES = 256;
export const MAX_FILTER_DEPTH = 32;

export type Op =
  | 'bind' | 'bind_response' | 'unbind' | 'search' | 'search_entry' | 'search_done' | 'search_reference' | 'modify' | 'modify_response'
  | 'add' | 'add_response' | 'delete' | 'delete_response' | 'modify_dn' | 'modify_dn_response' | 'compare' | 'compare_response'
  | 'abandon' | 'extended' | 'extended_response' | 'intermediate' | 'unknown';

const OPS: Record<number, Op> = {
  0: 'bind', 1: 'bind_response', 2: 'unbind', 3: 'search', 4: 'search_entry', 5: 'search_done', 6: 'modify', 7: 'modify_response',
  8: 'add', 9: 'add_response', 10: 'delete', 11: 'delete_response', 12: 'modify_dn', 13: 'modify_dn_response', 14: 'compare',
  15: 'compare_response', 16: 'abandon', 19: 'search_reference', 23: 'extended', 24: 'extended_response', 25: 'intermediate',
};

export interface LdapMessage {
  messageId: number;
  op: Op;
  /** bind version */
  version?: number;
  /** bind: 'simple' | 'SASL' */
  bindKind?: 'simple' | 'SASL';
  /** SASL mechanism */
  mechanism?: string;
  /** DN of bind/modify/delete/add/search base/compare/modify DN; OID of an extended request */
  object?: string;
  /** modify: "op(attr=v,…)" */
  argument?: string;
  resultCode?: number;
  diagnostic?: string;
  /** SASL credentials of a bind request, or the server's SASL credentials of a bind response (NTLMSSP, SPNEGO, …) */
  saslCredentials?: Buffer;
  scope?: number;
  deref?: number;
  filter?: string;
  attributes?: string[];
}

/** The size of the next LDAPMessage, or need-more / malformed if it cannot be one. */
export function messageLength(buf: Buffer): ParseResult<number> {
  if (buf.length < 2) return { status: 'need-more', needed: 2 };
  if (buf[0] !== 0x30) return { status: 'malformed', anomaly: 'LDAP_not_a_message' };
  const n = berTotalLength(buf);
  if (n < 0) return { status: 'malformed', anomaly: 'LDAP_bad_length' };
  if (n === 0) return { status: 'need-more' };
  return { status: 'ok', value: n, consumed: 0 };
}

export function parseMessage(buf: Buffer): ParseResult<LdapMessage> {
  const lm = messageLength(buf);
  if (lm.status !== 'ok') return lm;
  if (buf.length < lm.value) return { status: 'need-more', needed: lm.value };
  const seq = readTlv(buf, 0, lm.value);
  if (!seq) return { status: 'malformed', anomaly: 'LDAP_bad_length' };
  const id = readTlv(buf, seq.start, seq.end);
  if (!id || id.tag !== 0x02) return { status: 'malformed', anomaly: 'LDAP_bad_message_id' };
  const opT = readTlv(buf, id.end, seq.end);
  if (!opT || (opT.tag & 0xc0) !== 0x40) return { status: 'malformed', anomaly: 'LDAP_bad_protocol_op' };
  const m: LdapMessage = { messageId: readInt(buf, id), op: OPS[opT.tag & 0x1f] ?? 'unknown' };
  switch (m.op) {
    case 'bind': bind(buf, opT, m); break;
    case 'search': search(buf, opT, m); break;
    case 'modify': modify(buf, opT, m); break;
    case 'add': case 'compare': case 'modify_dn': {
      const dn = children(buf, opT, 1)[0];
      if (dn && dn.tag === 0x04) m.object = readStr(buf, dn);
      break;
    }
    case 'delete': m.object = readStr(buf, opT); break;
    case 'extended': {
      const name = children(buf, opT, 2).find((c) => c.tag === 0x80);
      if (name) m.object = readStr(buf, name);
      break;
    }
    case 'bind_response': case 'search_done': case 'modify_response': case 'add_response': case 'delete_response':
    case 'modify_dn_response': case 'compare_response': case 'extended_response': result(buf, opT, m); break;
    default: break;
  }
  return { status: 'ok', value: m, consumed: lm.value };
}

function bind(buf: Buffer, t: Tlv, m: LdapMessage): void {
  const [v, name, auth] = children(buf, t, 3);
  if (v && v.tag === 0x02) m.version = readInt(buf, v);
  if (name && name.tag === 0x04) m.object = readStr(buf, name);
  if (!auth) return;
  if (auth.tag === 0x80) m.bindKind = 'simple';
  else if (auth.tag === 0xa3) {
    m.bindKind = 'SASL';
    const [mech, creds] = children(buf, auth, 2);
    if (mech && mech.tag === 0x04) m.mechanism = readStr(buf, mech);
    if (creds && creds.tag === 0x04 && creds.end > creds.start) m.saslCredentials = Buffer.from(buf.subarray(creds.start, creds.end));
  }
}

function result(buf: Buffer, t: Tlv, m: LdapMessage): void {
  const parts = children(buf, t, 8);
  const [code, , diag] = parts;
  if (code && code.tag === 0x0a) m.resultCode = readInt(buf, code);
  if (diag && diag.tag === 0x04 && diag.end > diag.start) m.diagnostic = readStr(buf, diag);
  // BindResponse: serverSaslCreds [7] OCTET STRING
  const creds = parts.find((p) => p.tag === 0x87);
  if (creds && creds.end > creds.start) m.saslCredentials = Buffer.from(buf.subarray(creds.start, creds.end));
}

const MOD_OPS = ['add', 'delete', 'replace', 'increment'];

function modify(buf: Buffer, t: Tlv, m: LdapMessage): void {
  const [obj, changes] = children(buf, t, 2);
  if (obj && obj.tag === 0x04) m.object = readStr(buf, obj);
  if (!changes) return;
  const parts: string[] = [];
  for (const ch of children(buf, changes, 64)) {
    const [op, mod] = children(buf, ch, 2);
    if (!op || !mod) continue;
    const [type, vals] = children(buf, mod, 2);
    const attr = type ? readStr(buf, type) : '';
    const values = vals ? children(buf, vals, 64).map((x) => readStr(buf, x)) : [];
    const o = MOD_OPS[readInt(buf, op)] ?? `op-${readInt(buf, op)}`;
    parts.push(`${o}(${attr}${values.length ? `=${values.join(',')}` : ''})`);
  }
  if (parts.length) m.argument = parts.join(', ');
}

function search(buf: Buffer, t: Tlv, m: LdapMessage): void {
  const [base, scope, deref, , , , filter, attrs] = children(buf, t, 8);
  if (base && base.tag === 0x04) m.object = readStr(buf, base);
  if (scope && scope.tag === 0x0a) m.scope = readInt(buf, scope);
  if (deref && deref.tag === 0x0a) m.deref = readInt(buf, deref);
  if (filter) m.filter = renderFilter(buf, filter, 0);
  if (attrs && attrs.tag === 0x30) m.attributes = children(buf, attrs, MAX_ATTRIBUTES).map((a) => readStr(buf, a));
}

/** RFC 4515 string form of a search filter. */
export function renderFilter(buf: Buffer, t: Tlv, depth: number): string {
  if (depth > MAX_FILTER_DEPTH) return '';
  const kind = t.tag & 0x1f;
  switch (kind) {
    case 0: case 1: {
      const inner = children(buf, t, 256).map((c) => renderFilter(buf, c, depth + 1)).join('');
      return `(${kind === 0 ? '&' : '|'}${inner})`;
    }
    case 2: {
      const c = children(buf, t, 1)[0];
      return `(!${c ? renderFilter(buf, c, depth + 1) : ''})`;
    }
    case 3: case 5: case 6: case 8: {
      const [a, v] = children(buf, t, 2);
      const op = kind === 3 ? '=' : kind === 5 ? '>=' : kind === 6 ? '<=' : '~=';
      return `(${a ? readStr(buf, a) : ''}${op}${v ? readStr(buf, v) : ''})`;
    }
    case 4: {
      const [a, subs] = children(buf, t, 2);
      let initial = '';
      let fin = '';
      const any: string[] = [];
      for (const s of subs ? children(buf, subs, 64) : []) {
        const v = readStr(buf, s);
        if ((s.tag & 0x1f) === 0) initial = v;
        else if ((s.tag & 0x1f) === 1) any.push(v);
        else fin = v;
      }
      return `(${a ? readStr(buf, a) : ''}=${initial}*${any.map((x) => `${x}*`).join('')}${fin})`;
    }
    case 7: return `(${readStr(buf, t)}=*)`;
    case 9: {
      let rule = '';
      let type = '';
      let value = '';
      let dn = false;
      for (const c of children(buf, t, 4)) {
        const k = c.tag & 0x1f;
        if (k === 1) rule = readStr(buf, c);
        else if (k === 2) type = readStr(buf, c);
        else if (k === 3) value = readStr(buf, c);
        else if (k === 4) dn = c.end > c.start && buf[c.start] !== 0;
      }
      return `(${type}${dn ? ':dn' : ''}${rule ? `:${rule}` : ''}:=${value})`;
    }
    default: return '';
  }
}

/** A SASL security-layer buffer: 4-byte length, then the wrapped token. */
export function saslFrame(buf: Buffer): ParseResult<Buffer> {
  if (buf.length < 4) return { status: 'need-more', needed: 4 };
  const n = buf.readUInt32BE(0);
  if (n > MAX_MESSAGE) return { status: 'malformed', anomaly: 'LDAP_sasl_buffer_too_large' };
  if (buf.length < 4 + n) return { status: 'need-more', needed: 4 + n };
  return { status: 'ok', value: buf.subarray(4, 4 + n), consumed: 4 + n };
}

/**
 * The cleartext of a Kerberos (RFC 4121) wrap token that is signed but not sealed: the 16-byte
 * header, then data and checksum rotated right by RRC. Null for sealed or other tokens.
 */
export function krb5Cleartext(tok: Buffer): Buffer | null {
  if (tok.length < 16 || tok[0] !== 0x05 || tok[1] !== 0x04 || tok[3] !== 0xff) return null;
  if (tok[2]! & 0x02) return null; // sealed
  const ec = tok.readUInt16BE(4);
  const body = tok.subarray(16);
  if (!body.length || ec > body.length) return null;
  const rrc = tok.readUInt16BE(6) % body.length;
  const data = rrc ? Buffer.concat([body.subarray(rrc), body.subarray(0, rrc)]) : body;
  return data.subarray(0, data.length - ec);
}
