// Behaviour counters kept per device, from which device-type.ts infers the type. They are small,
// bounded and plain JSON (arrays and numbers), so a device's evidence is checkpointed as is.
import { MAX_CLIENTS_PER_PORT, MAX_DESTS_PER_DEVICE, MAX_DNS_NAMES_PER_DEVICE, MAX_SERVED_PORTS } from './limits.js';

/** A port this device answered on: 'udp/53', with the distinct clients seen (capped) and connections. */
export interface Served {
  port: string;
  clients: string[];
  conns: number;
}

/** Outbound connections to one external address: count and inter-arrival mean/variance (Welford). */
export interface DestStat {
  ip: string;
  n: number;
  last: number;
  mean: number;
  m2: number;
  /** connections where the device sent more than it received */
  uploads: number;
}

export interface Evidence {
  served: Served[];
  /** MACs this device gave DHCP leases to (capped) */
  dhcp_clients: string[];
  /** connections this device started */
  initiated: number;
  external: DestStat[];
  /** more external destinations were seen than `external` holds */
  external_overflow: boolean;
  dns_names: string[];
  dns_overflow: boolean;
  /** user (not machine) credentials used from this device */
  logons: number;
}

export function emptyEvidence(): Evidence {
  return { served: [], dhcp_clients: [], initiated: 0, external: [], external_overflow: false, dns_names: [], dns_overflow: false, logons: 0 };
}

export function addServed(ev: Evidence, port: string, client: string): void {
  let s = ev.served.find((x) => x.port === port);
  if (!s) {
    // Keep the first ports seen: a real server's ports show up early and often, and a flood of
    // one-off high ports must not push them out.
    if (ev.served.length >= MAX_SERVED_PORTS) return;
    s = { port, clients: [], conns: 0 };
    ev.served.push(s);
  }
  s.conns++;
  if (s.clients.length < MAX_CLIENTS_PER_PORT && !s.clients.includes(client)) s.clients.push(client);
}

export function addDhcpClient(ev: Evidence, mac: string): void {
  if (ev.dhcp_clients.length < MAX_CLIENTS_PER_PORT && !ev.dhcp_clients.includes(mac)) ev.dhcp_clients.push(mac);
}

export function addExternal(ev: Evidence, ip: string, ts: number, upload: boolean): void {
  let d = ev.external.find((x) => x.ip === ip);
  if (!d) {
    if (ev.external.length >= MAX_DESTS_PER_DEVICE) {
      ev.external_overflow = true;
      return;
    }
    d = { ip, n: 0, last: ts, mean: 0, m2: 0, uploads: 0 };
    ev.external.push(d);
  } else if (ts > d.last) {
    // Welford's running mean and variance of the gaps between connections (periodicity).
    const gap = ts - d.last;
    const k = d.n; // gaps so far + 1
    const delta = gap - d.mean;
    d.mean += delta / k;
    d.m2 += delta * (gap - d.mean);
    d.last = ts;
  }
  d.n++;
  if (upload) d.uploads++;
}

export function addDnsName(ev: Evidence, name: string): void {
  if (ev.dns_names.includes(name)) return;
  if (ev.dns_names.length >= MAX_DNS_NAMES_PER_DEVICE) ev.dns_overflow = true;
  else ev.dns_names.push(name);
}
