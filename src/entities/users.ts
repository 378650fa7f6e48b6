// Account names as protocols print them, reduced to one user id per account, and the user table.
import { evict, touch, trimBySeen } from './lru.js';
import { MAX_DEVICES_PER_USER, MAX_NAMES_PER_USER, MAX_USERS } from './limits.js';
import type { User, UserSource } from './types.js';

export interface Principal {
  /** account name as seen (case kept) */
  name: string;
  /** realm or domain as seen, '' when none */
  realm: string;
  /** a computer account ('WS001$'): names a device, not a person */
  machine: boolean;
}

/**
 * Parses 'name/REALM' (Zeek kerberos.log), 'name@REALM', 'DOMAIN\\name' or a bare name. Kerberos
 * service principals ('host/ws1.corp/CORP') keep everything before the last '/' as the name.
 */
export function parsePrincipal(text: string | undefined): Principal | undefined {
  if (!text) return undefined;
  const t = text.trim();
  let name = t;
  let realm = '';
  const bs = t.indexOf('\\');
  if (bs >= 0) {
    realm = t.slice(0, bs);
    name = t.slice(bs + 1);
  } else if (t.includes('@')) {
    const at = t.lastIndexOf('@');
    name = t.slice(0, at);
    realm = t.slice(at + 1);
  } else if (t.includes('/')) {
    const sl = t.lastIndexOf('/');
    name = t.slice(0, sl);
    realm = t.slice(sl + 1);
  }
  if (name === '' || name === '-') return undefined;
  return { name, realm, machine: name.endsWith('$') };
}

/**
 * 'domain\\name' in lower case. A Kerberos realm (CORP.EXAMPLE.COM) contributes its first label,
 * which is the NetBIOS domain in nearly every Active Directory, so the Kerberos and NTLM logons of
 * one account become one user.
 */
export function userId(p: Principal): string {
  const domain = p.realm.split('.')[0] ?? '';
  return `${domain}\\${p.name}`.toLowerCase();
}

/** The user id for any spelling of an account, or undefined when it names no account. */
export function userIdOf(text: string): string | undefined {
  const p = parsePrincipal(text);
  return p ? userId(p) : undefined;
}

export class UserTable {
  readonly users = new Map<string, User>();

  constructor(private readonly max = MAX_USERS) {}

  /** Records that `p` (spelled `seen`) was used from `device` at `ts`; returns the user id. */
  see(p: Principal, seen: string, source: UserSource, device: string | undefined, ts: number): string {
    const id = userId(p);
    let u = this.users.get(id);
    if (!u) u = { id, names: [], devices: [], sources: [], first_seen: ts, last_seen: ts };
    touch(this.users, id, u);
    evict(this.users, this.max);
    if (ts < u.first_seen) u.first_seen = ts;
    if (ts > u.last_seen) u.last_seen = ts;
    if (!u.names.includes(seen) && u.names.length < MAX_NAMES_PER_USER) u.names.push(seen);
    if (!u.sources.includes(source)) u.sources.push(source);
    if (device) {
      const d = u.devices.find((x) => x.device === device);
      if (d) {
        if (ts < d.first_seen) d.first_seen = ts;
        if (ts > d.last_seen) d.last_seen = ts;
      } else {
        u.devices.push({ device, first_seen: ts, last_seen: ts });
        trimBySeen(u.devices, MAX_DEVICES_PER_USER);
      }
    }
    return id;
  }
}
