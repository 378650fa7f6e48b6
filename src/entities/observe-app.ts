// Identity facts in application logs: names for devices (reverse DNS, Kerberos machine accounts,
// NTLM workstation and server names, SMB share paths), the users logging on from them, and names
// for external endpoints (DNS answers, TLS SNI, HTTP Host). These records carry no MACs, so they
// attach to devices already known by address and make one from the address only when a local host
// names itself (a logon proves a host is there).
import { parseIp } from '../net/ip-address.js';
import type { Observation } from '../schema/observation.js';
import { httpHostName, normaliseHostname, ptrToIp } from './addr.js';
import type { DeviceRecord } from './device-table.js';
import { addDnsName } from './evidence.js';
import type { ResolverCore } from './context.js';
import { parsePrincipal, type Principal } from './users.js';
import type { UserSource } from './types.js';

type Rec<K extends Observation['type']> = Extract<Observation, { type: K }>['record'];

export function observeApp(r: ResolverCore, obs: Observation): void {
  switch (obs.type) {
    case 'dns':
      return dns(r, obs.record);
    case 'kerberos':
      return kerberos(r, obs.record);
    case 'ntlm':
      return ntlm(r, obs.record);
    case 'smb_mapping':
      return smbMapping(r, obs.record);
    case 'ssl':
      return ssl(r, obs.record);
    case 'http':
      return http(r, obs.record);
    case 'rdp':
      return rdp(r, obs.record);
    default:
      return;
  }
}

/** Cheap test before the full parse: answers are mostly names or dotted quads. */
function answerIp(a: string): string | undefined {
  if (!/^[0-9a-fA-F:.]+$/.test(a) || !(a.includes(':') || /^\d+\.\d+\.\d+\.\d+$/.test(a))) return undefined;
  return parseIp(a) ? a : undefined;
}

const NAME_QTYPES = new Set(['A', 'AAAA', 'CNAME', undefined]);

function dns(r: ResolverCore, d: Rec<'dns'>): void {
  const ts = d.ts;
  const q = normaliseHostname(d.query);
  if (!q) return;
  const ptrIp = ptrToIp(q);
  if (!ptrIp) {
    const client = r.knownDevice(d.id.orig_h, ts);
    if (client) addDnsName(client.ev, q);
  }
  if (!d.answers?.length || d.rcode_name === 'NXDOMAIN') return;
  if (ptrIp) {
    // Reverse lookups name local hosts (the DNS server is authoritative for its own zone).
    if (!r.isLocal(ptrIp)) return;
    const rec = r.localDevice(ptrIp, ts);
    if (!rec) return;
    for (const a of d.answers) if (!answerIp(a) && !a.includes(' ')) r.table.addHostname(rec, a, 'dns-ptr', ts);
    return;
  }
  if (!NAME_QTYPES.has(d.qtype_name)) return;
  // The query and every CNAME in the chain are names of the addresses at its end.
  const names = [q];
  const ips: string[] = [];
  for (const a of d.answers) {
    const ip = answerIp(a);
    if (ip) ips.push(ip);
    else {
      const n = normaliseHostname(a);
      if (n && !n.includes(' ') && !names.includes(n)) names.push(n);
    }
  }
  for (const ip of ips) {
    if (r.isLocal(ip)) {
      const rec = r.knownDevice(ip, ts);
      if (rec) r.table.addHostname(rec, q, 'dns-a', ts);
    } else {
      for (const n of names) r.endpointTable.name(ip, n, 'dns', ts);
    }
  }
}

/** Records a principal seen from a device: a machine account names the device, any other is a user. */
function credential(r: ResolverCore, rec: DeviceRecord | undefined, p: Principal, seen: string, source: UserSource, ts: number, success: boolean | undefined): void {
  if (p.machine) {
    if (rec) r.table.addHostname(rec, p.name.slice(0, -1), source === 'ntlm' ? 'ntlm' : 'kerberos', ts);
    return;
  }
  const user = r.userTable.see(p, seen, source, rec?.device.id, ts);
  if (!rec) return;
  r.table.addUser(rec, user, ts);
  if (success !== false) rec.ev.logons++;
}

function kerberos(r: ResolverCore, k: Rec<'kerberos'>): void {
  const p = parsePrincipal(k.client);
  if (!p || !k.client) return;
  credential(r, r.localDevice(k.id.orig_h, k.ts), p, k.client, 'kerberos', k.ts, k.success);
}

function ntlm(r: ResolverCore, n: Rec<'ntlm'>): void {
  const ts = n.ts;
  const client = r.localDevice(n.id.orig_h, ts);
  if (client) r.table.addHostname(client, n.hostname, 'ntlm', ts);
  if (n.username) {
    const seen = n.domainname ? `${n.domainname}\\${n.username}` : n.username;
    credential(r, client, { name: n.username, realm: n.domainname ?? '', machine: n.username.endsWith('$') }, seen, 'ntlm', ts, n.success);
  }
  if (n.server_nb_computer_name || n.server_dns_computer_name) {
    const server = r.localDevice(n.id.resp_h, ts);
    if (server) {
      r.table.addHostname(server, n.server_nb_computer_name, 'netbios', ts);
      r.table.addHostname(server, n.server_dns_computer_name, 'ntlm', ts);
    }
  }
}

function smbMapping(r: ResolverCore, s: Rec<'smb_mapping'>): void {
  // '\\\\FILES01\\share': the client reached the responder by this name.
  const m = /^\\\\([^\\]+)\\/.exec(s.path ?? '');
  if (!m) return;
  const server = r.localDevice(s.id.resp_h, s.ts);
  if (server) r.table.addHostname(server, m[1], 'smb', s.ts);
}

function ssl(r: ResolverCore, s: Rec<'ssl'>): void {
  const name = normaliseHostname(s.server_name);
  if (name && !r.isLocal(s.id.resp_h)) r.endpointTable.name(s.id.resp_h, name, 'tls-sni', s.ts);
}

function http(r: ResolverCore, h: Rec<'http'>): void {
  const host = httpHostName(h.host);
  if (host && !r.isLocal(h.id.resp_h)) r.endpointTable.name(h.id.resp_h, host, 'http-host', h.ts);
  if (h.username && h.username !== '-') {
    // Basic auth carries no realm in the log; the server's name is the namespace the account lives in.
    const p: Principal = { name: h.username, realm: host ?? h.id.resp_h, machine: false };
    credential(r, r.knownDevice(h.id.orig_h, h.ts), p, h.username, 'http-basic', h.ts, h.status_code === undefined ? undefined : h.status_code < 400);
  }
}

function rdp(r: ResolverCore, x: Rec<'rdp'>): void {
  // The mstshash cookie is the account the client offers (often without a domain).
  const p = parsePrincipal(x.cookie);
  if (p && x.cookie) credential(r, r.localDevice(x.id.orig_h, x.ts), { ...p, machine: false }, x.cookie, 'rdp', x.ts, undefined);
}
