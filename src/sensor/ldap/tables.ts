// Zeek's ldap/consts.zeek names for result codes, operations, search scopes and extended operations.
import type { Op } from './parse.js';

const RESULT_CODES: Record<number, string> = {
  0: 'success', 1: 'operations error', 2: 'protocol error', 3: 'time limit exceeded', 4: 'size limit exceeded', 5: 'compare false',
  6: 'compare true', 7: 'auth method not supported', 8: 'stronger auth required', 10: 'referral', 11: 'admin limit exceeded',
  12: 'unavailable critical extension', 13: 'confidentiality required', 14: 'SASL bind in progress', 16: 'no such attribute',
  17: 'undefined attribute type', 18: 'inappropriate matching', 19: 'constraint violation', 20: 'attribute or value exists',
  21: 'invalid attribute syntax', 32: 'no such object', 33: 'alias problem', 34: 'invalid DN syntax', 36: 'alias dereferencing problem',
  48: 'inappropriate authentication', 49: 'invalid credentials', 50: 'insufficient access rights', 51: 'busy', 52: 'unavailable',
  53: 'unwilling to perform', 54: 'loop detect', 64: 'naming violation', 65: 'object class violation', 66: 'not allowed on non-leaf',
  67: 'not allowed on RDN', 68: 'entry already exists', 69: 'object class mods prohibited', 71: 'affects multiple DSAs', 80: 'other',
  118: 'canceled', 119: 'no such operation', 120: 'too late', 121: 'cannot cancel', 122: 'assertion failed', 123: 'authorization denied',
};

export function resultName(code: number): string {
  return RESULT_CODES[code] ?? `unknown-${code}`;
}

export const OPCODES: Partial<Record<Op, string>> = {
  unbind: 'unbind', search: 'search', modify: 'modify', add: 'add', delete: 'delete', modify_dn: 'modify DN', compare: 'compare',
  abandon: 'abandon', extended: 'extended',
};

export const SCOPES: Record<number, string> = { 0: 'base', 1: 'single', 2: 'tree' };
export const DEREFS: Record<number, string> = { 0: 'never', 1: 'searching', 2: 'finding', 3: 'always' };

const EXTENDED: Record<string, string> = {
  '1.3.6.1.4.1.1466.20037': 'StartTLS', '1.3.6.1.4.1.4203.1.11.3': 'whoami', '1.3.6.1.4.1.4203.1.11.1': 'passwd modify',
  '1.3.6.1.1.8': 'cancel', '1.3.6.1.4.1.1466.20036': 'notice of disconnection', '1.3.6.1.1.21.1': 'start transaction',
  '1.3.6.1.1.21.3': 'end transaction', '1.3.6.1.4.1.4203.1.11.2': 'refresh',
};

/** "OID (name)" for the extended operations Zeek knows, else the OID. */
export function extendedName(oid: string): string {
  const n = EXTENDED[oid];
  return n ? `${oid} (${n})` : oid;
}
