// EntityResolver: fed every observation in event-time order, it keeps who is who — devices (by
// DHCP lease, on-link MAC, hostnames from DHCP/DNS/Kerberos/NTLM/SMB), users and the devices they
// log on from, and external endpoints with their names — and answers "which device had this
// address at that time". It learns identity only; it never scores. Event time only: the same
// observations give the same answers, live or replayed, and after a snapshot/restore.
import type { Observation } from '../schema/observation.js';
import { LocalNets, DEFAULT_LOCAL_NETS } from '../sensor/flow/local-nets.js';
import { parseIp as parseIpWords } from '../net/ip-address.js';
import { canonicalIp, isUnicast, normaliseMac } from './addr.js';
import { DeviceTable, type DeviceRecord } from './device-table.js';
import { addDhcpClient, addExternal, addServed } from './evidence.js';
import { EndpointTable } from './endpoints.js';
import type { ResolverCore } from './context.js';
import type { GeoLookup } from './geo.js';
import { MAX_DEVICES, MAX_ENDPOINTS, MAX_USERS } from './limits.js';
import { observeApp } from './observe-app.js';
import { restoreInto, snapshotOf, type EntitySnapshot } from './snapshot.js';
import { UserTable, userIdOf } from './users.js';
import type { Device, Endpoint, Subnet, User } from './types.js';

const LOCAL = 1;
const UNICAST = 2;
const ADDR_CACHE_SIZE = 65_536;

export interface ResolverOptions {
  /** CIDRs of the site's networks (default: Zeek's private and special-purpose space) */
  localNets?: string[];
  /** enrichment of external endpoints (ASN, organisation, country) */
  geo?: GeoLookup;
  /** table sizes (defaults in limits.ts); smaller in tests */
  maxDevices?: number;
  maxEndpoints?: number;
  maxUsers?: number;
}


/** Dotted-quad IPv4 without leading zeros: already the canonical text, no need to parse it again. */
const CANONICAL_V4 = /^(?:(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\.){3}(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)$/;
export class EntityResolver implements ResolverCore {
  /** @internal */ readonly table: DeviceTable;
  /** @internal */ readonly endpointTable: EndpointTable;
  /** @internal */ readonly userTable: UserTable;
  readonly localNetCidrs: string[];
  private readonly local: LocalNets;
  private readonly addrCache = new Map<string, number>();

  constructor(opts: ResolverOptions = {}) {
    this.localNetCidrs = [...(opts.localNets ?? DEFAULT_LOCAL_NETS)];
    this.local = new LocalNets(this.localNetCidrs);
    this.table = new DeviceTable({ maxDevices: opts.maxDevices ?? MAX_DEVICES });
    this.endpointTable = new EndpointTable(opts.maxEndpoints ?? MAX_ENDPOINTS, opts.geo);
    this.userTable = new UserTable(opts.maxUsers ?? MAX_USERS);
  }

  observe(obs: Observation): void {
    switch (obs.type) {
      case 'conn':
        return this.conn(obs.record);
      case 'dhcp':
        return this.dhcp(obs.record);
      default:
        observeApp(this, obs);
    }
  }

  /** The device that held `ip` at `ts` (event time, epoch seconds). */
  deviceFor(ip: string, ts: number): Device | undefined {
    const rec = this.table.at(ip, ts) ?? (CANONICAL_V4.test(ip) ? undefined : this.table.at(canonicalIp(ip) ?? ip, ts));
    return rec ? this.table.view(rec) : undefined;
  }

  device(id: string): Device | undefined {
    const rec = this.table.get(id);
    return rec ? this.table.view(rec) : undefined;
  }

  /** Every device, least recently seen first. Live objects: copy what you keep. */
  devices(): Device[] {
    return [...this.table.devices.values()].map((r) => this.table.view(r));
  }

  isLocal(ip: string): boolean {
    return (this.classify(ip) & LOCAL) !== 0;
  }

  /** Not multicast, broadcast or unspecified (cached like isLocal). */
  isUnicast(ip: string): boolean {
    return (this.classify(ip) & UNICAST) !== 0;
  }

  /** LOCAL | UNICAST bits for an address, cached: parsing an address costs more than a lookup. */
  private classify(ip: string): number {
    let v = this.addrCache.get(ip);
    if (v === undefined) {
      v = (containsIp(this.local, ip) ? LOCAL : 0) | (isUnicast(ip) ? UNICAST : 0);
      // Clearing at the cap keeps memory bounded; the hot addresses are back within a few records.
      if (this.addrCache.size >= ADDR_CACHE_SIZE) this.addrCache.clear();
      this.addrCache.set(ip, v);
    }
    return v;
  }

  endpointFor(ip: string): Endpoint | undefined {
    const e = this.endpointTable.endpoints.get(ip);
    // a miss is common (most peers have no names yet): re-parse only text that may not be canonical
    return e ?? (CANONICAL_V4.test(ip) ? undefined : this.endpointTable.endpoints.get(canonicalIp(ip) ?? ip));
  }

  endpoints(): Endpoint[] {
    return [...this.endpointTable.endpoints.values()];
  }

  /** A user by any spelling: 'CORP\\alice', 'alice@CORP.EXAMPLE', 'alice/CORP.EXAMPLE' or the id. */
  userFor(principal: string): User | undefined {
    const id = userIdOf(principal);
    return id ? this.userTable.users.get(id) : undefined;
  }

  users(): User[] {
    return [...this.userTable.users.values()];
  }

  /** MACs recognised as gateways (routers), with the time each was recognised. */
  gateways(): { mac: string; since: number }[] {
    return [...this.table.gateways].map(([mac, since]) => ({ mac, since }));
  }

  /** Configured local networks and the learned /24 (/64) subnets, with the devices in each. */
  subnets(): Subnet[] {
    const learned = new Map<string, number>();
    const configured = new Map<string, number>(this.localNetCidrs.map((c) => [c, 0]));
    const single = this.localNetCidrs.map((c) => ({ c, nets: new LocalNets([c]) }));
    for (const d of this.devices()) {
      if (d.subnet) learned.set(d.subnet, (learned.get(d.subnet) ?? 0) + 1);
      const ip = latestIp(d);
      if (!ip) continue;
      for (const { c, nets } of single) if (containsIp(nets, ip)) configured.set(c, (configured.get(c) ?? 0) + 1);
    }
    return [
      ...[...configured].filter(([, n]) => n > 0).map(([cidr, devices]) => ({ cidr, origin: 'configured' as const, devices })),
      ...[...learned].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([cidr, devices]) => ({ cidr, origin: 'learned' as const, devices })),
    ];
  }

  /** JSON-serialisable state (deterministic order) for `store.state`; see snapshot.ts. */
  snapshot(): EntitySnapshot {
    return snapshotOf(this);
  }

  static restore(snapshot: EntitySnapshot, opts: Omit<ResolverOptions, 'localNets'> = {}): EntityResolver {
    const r = new EntityResolver({ ...opts, localNets: snapshot.local_nets });
    restoreInto(r, snapshot);
    return r;
  }

  // ─── observation handlers used by observe-app.ts ──────────────────────────────────────────

  /** @internal The device at a local address (made from the address when unknown); undefined for non-local addresses. */
  localDevice(ip: string, ts: number): DeviceRecord | undefined {
    if (this.classify(ip) !== (LOCAL | UNICAST)) return undefined;
    return this.table.ensureAt(ip, ts);
  }

  /** @internal The device at an address if one is known; never makes one (records without link-layer facts). */
  knownDevice(ip: string, ts: number): DeviceRecord | undefined {
    const rec = this.table.at(ip, ts);
    if (rec) this.table.seen(rec, ts);
    return rec;
  }

  private conn(c: Extract<Observation, { type: 'conn' }>['record']): void {
    const { ts } = c;
    const o = this.side(c.id.orig_h, c.orig_l2_addr, ts);
    const r = this.side(c.id.resp_h, c.resp_l2_addr, ts);
    const answered = c.resp_pkts > 0 && c.conn_state !== 'REJ';
    if (r && answered && c.proto !== 'icmp') {
      addServed(r.ev, `${c.proto}/${c.id.resp_p}`, c.id.orig_h);
    }
    if (o) {
      o.ev.initiated++;
      if (!r && this.classify(c.id.resp_h) === UNICAST) addExternal(o.ev, c.id.resp_h, ts, (c.orig_bytes ?? 0) > (c.resp_bytes ?? 0));
    }
  }

  /** One side of a connection: its device when local, else the external endpoint is touched. */
  private side(ip: string, l2: string | undefined, ts: number): DeviceRecord | undefined {
    const mac = normaliseMac(l2);
    const kind = this.classify(ip);
    if (!(kind & UNICAST)) return undefined;
    if (!(kind & LOCAL)) {
      // Off-link: the frame carried the gateway's MAC. Count it towards recognising the gateway.
      if (mac) this.table.noteGatewayEvidence(mac, ip, ts);
      this.endpointTable.see(ip, ts);
      return undefined;
    }
    if (mac) {
      const rec = this.table.pair(mac, ip, ts, 'l2');
      if (rec) return rec;
    }
    return this.table.ensureAt(ip, ts);
  }

  private dhcp(d: Extract<Observation, { type: 'dhcp' }>['record']): void {
    const mac = normaliseMac(d.mac);
    if (!mac) return;
    const { ts } = d;
    // Only an acknowledged lease moves an address (an OFFER may be declined); logs without message
    // types (other sensors) are taken as leases.
    const acked = !d.msg_types || d.msg_types.includes('ACK');
    const ip = d.assigned_addr ?? (acked ? d.client_addr : undefined);
    const rec = ip && acked && isUnicast(ip) ? this.table.pair(mac, ip, ts, 'dhcp') : this.table.forMac(mac, ts);
    if (!rec) return;
    this.table.addHostname(rec, d.host_name, 'dhcp', ts);
    this.table.addHostname(rec, d.client_fqdn, 'dhcp', ts);
    if (d.server_addr) {
      // Only a server already known by its MAC: the lease record is logged from the DISCOVER,
      // before the server's own frames, and would otherwise give it an address-only id.
      const server = this.knownDevice(d.server_addr, ts);
      if (server) addDhcpClient(server.ev, mac);
    }
  }
}

function containsIp(nets: LocalNets, ip: string): boolean {
  const p = parseIpWords(ip);
  return p ? nets.contains(p.v6, p.words[0]!, p.words[1]!, p.words[2]!, p.words[3]!) : false;
}

function latestIp(d: Device): string | undefined {
  let best = d.ips[0];
  for (const x of d.ips) if (best && x.last_seen > best.last_seen) best = x;
  return best?.ip;
}
