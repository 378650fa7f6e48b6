// Device type from behaviour, with the evidence that decided it. Pure function of the counters in
// evidence.ts, so the type is recomputed whenever the evidence changes and is the same after a
// restore. Rules go from the most specific server role to the weakest client signal; the first
// that holds wins, and its evidence lines say what was seen.
import type { DestStat, Evidence, Served } from './evidence.js';
import type { DeviceType } from './types.js';

/** distinct clients on a port before the device counts as serving it */
export const MIN_CLIENTS_SERVER = 2;
/** a DNS server answers several clients (a host answering one peer is a forwarder test, not a server) */
export const MIN_CLIENTS_DNS = 3;
/** external destinations, DNS names before a device looks like a browsing client */
export const MIN_DESTS_CLIENT = 3;
export const MIN_DNS_NAMES_CLIENT = 3;
/** an IoT device talks to at most this many external addresses … */
export const MAX_DESTS_IOT = 3;
/** … at least this often to its main one … */
export const MIN_CONNS_IOT = 12;
/** … with gaps whose coefficient of variation is below this (regular, machine-driven uploads) */
export const MAX_CV_IOT = 0.25;

const DNS = ['udp/53', 'tcp/53'];
const KERBEROS = ['tcp/88', 'udp/88'];
const LDAP = ['tcp/389', 'udp/389', 'tcp/636', 'tcp/3268', 'tcp/3269'];
const DHCP = ['udp/67'];
const SMB = ['tcp/445', 'tcp/139'];
const WEB = ['tcp/80', 'tcp/443', 'tcp/8080', 'tcp/8443'];
const PRINT = ['tcp/9100', 'tcp/631', 'tcp/515'];

export interface TypeVerdict {
  type: DeviceType;
  evidence: string[];
}

function clientsOn(ev: Evidence, ports: readonly string[]): { clients: number; lines: string[] } {
  let clients = 0;
  const lines: string[] = [];
  for (const s of ev.served) {
    if (!ports.includes(s.port)) continue;
    clients = Math.max(clients, s.clients.length);
    lines.push(describeServed(s));
  }
  return { clients, lines };
}

function describeServed(s: Served): string {
  const many = s.clients.length >= 32 ? '32+' : String(s.clients.length);
  return `served ${s.port} to ${many} client(s) in ${s.conns} connection(s)`;
}

/** Coefficient of variation of the gaps between connections to one destination, or undefined with too few. */
export function gapCv(d: DestStat): number | undefined {
  const gaps = d.n - 1;
  if (gaps < 2 || d.mean <= 0) return undefined;
  return Math.sqrt(d.m2 / gaps) / d.mean;
}

export function inferType(ev: Evidence): TypeVerdict {
  const dns = clientsOn(ev, DNS);
  const krb = clientsOn(ev, KERBEROS);
  const ldap = clientsOn(ev, LDAP);
  // A domain controller is a KDC or directory serving several clients, plus a second of the three
  // roles (Kerberos, LDAP, DNS) that Active Directory puts on the same host.
  const adRoles = [krb, ldap, dns].filter((r) => r.clients > 0).length;
  if ((krb.clients >= MIN_CLIENTS_SERVER || ldap.clients >= MIN_CLIENTS_SERVER) && adRoles >= 2) {
    return { type: 'domain-controller', evidence: [...krb.lines, ...ldap.lines, ...dns.lines] };
  }
  if (dns.clients >= MIN_CLIENTS_DNS) return { type: 'dns-server', evidence: dns.lines };
  const dhcp = clientsOn(ev, DHCP);
  if (dhcp.clients > 0 || ev.dhcp_clients.length > 0) {
    const lines = [...dhcp.lines];
    if (ev.dhcp_clients.length) lines.push(`leased addresses to ${ev.dhcp_clients.length} MAC(s)`);
    return { type: 'dhcp-server', evidence: lines };
  }
  const print = clientsOn(ev, PRINT);
  if (print.clients > 0) return { type: 'printer', evidence: print.lines };
  const smb = clientsOn(ev, SMB);
  if (smb.clients >= MIN_CLIENTS_SERVER) return { type: 'file-server', evidence: smb.lines };
  const web = clientsOn(ev, WEB);
  if (web.clients >= MIN_CLIENTS_SERVER) return { type: 'web-server', evidence: web.lines };
  const busiest = ev.served.filter((s) => s.clients.length >= MIN_CLIENTS_SERVER);
  if (busiest.length) return { type: 'server', evidence: busiest.map(describeServed) };

  const iot = iotEvidence(ev);
  if (iot) return { type: 'iot', evidence: iot };
  const client: string[] = [];
  const dests = ev.external.length;
  if (dests >= MIN_DESTS_CLIENT) client.push(`connected to ${ev.external_overflow ? `${dests}+` : dests} external addresses`);
  if (ev.dns_names.length >= MIN_DNS_NAMES_CLIENT) client.push(`looked up ${ev.dns_overflow ? `${ev.dns_names.length}+` : ev.dns_names.length} DNS names`);
  if (ev.logons > 0) client.push(`${ev.logons} user logon(s)`);
  if (client.length) return { type: 'client', evidence: client };
  return { type: 'unknown', evidence: [] };
}

function iotEvidence(ev: Evidence): string[] | undefined {
  if (ev.logons > 0 || ev.external_overflow || ev.external.length === 0 || ev.external.length > MAX_DESTS_IOT) return undefined;
  if (ev.dns_names.length >= MIN_DNS_NAMES_CLIENT) return undefined;
  let main = ev.external[0]!;
  for (const d of ev.external) if (d.n > main.n) main = d;
  if (main.n < MIN_CONNS_IOT) return undefined;
  const cv = gapCv(main);
  if (cv === undefined || cv > MAX_CV_IOT) return undefined;
  const lines = [
    `talks to only ${ev.external.length} external address(es)`,
    `${main.n} connections to ${main.ip} every ${Math.round(main.mean)} s (variation ${cv.toFixed(2)})`,
  ];
  if (main.uploads * 2 > main.n) lines.push(`mostly uploads (${main.uploads} of ${main.n})`);
  lines.push(ev.dns_names.length ? `only ${ev.dns_names.length} DNS name(s)` : 'no DNS lookups');
  lines.push('no user logons');
  return lines;
}
