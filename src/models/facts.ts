// What a model condition can read besides learned metrics: the observation's own fields
// (`type.field.sub`, only on observations of that type) and context facts that the entities, the
// pattern of life and the engine know about the device and the peer. Names are compiled once into
// getters, so the per-observation path does no string work.
import type { Device, Endpoint } from '../entities/index.js';
import type { Observation } from '../schema/observation.js';
import type { Value } from './compare.js';

const DAY = 86_400;

/** What the pipeline knows about an observation's device and peer. */
export interface EvalContext {
  deviceId: string;
  deviceIp: string;
  device?: Device | undefined;
  peerIp: string;
  peerIsExternal: boolean;
  /** the device originated the connection (default true) */
  deviceIsOriginator?: boolean | undefined;
  peerHostname?: string | undefined;
  /** the external endpoint's entity (names, ASN, country) */
  peerEndpoint?: Endpoint | undefined;
  destPort?: number | undefined;
  /** the device's behaviour peer group ('pg3') once clustering has enough evidence */
  peerGroup?: string | undefined;
  /** event time the organisation has been observed for, days */
  orgHistoryDays?: number | undefined;
  /** the peer is a unicast address (not multicast, broadcast or unspecified) */
  peerIsUnicast?: boolean | undefined;
  /** the user or credential on this observation (Kerberos client, DOMAIN\\user for NTLM, HTTP user) */
  user?: string | undefined;
}

/** Engine-kept state a fact may need (the device's previous sighting). */
export interface EngineFacts {
  idleDays: number;
  /** days since this model first matched for this key (device, or device and destination) */
  keyAgeDays: number;
}

export type Getter = (obs: Observation, ctx: EvalContext, e: EngineFacts) => Value;

const FACTS: Record<string, Getter> = {
  peer_is_external: (_o, c) => c.peerIsExternal,
  device_is_originator: (_o, c) => c.deviceIsOriginator !== false,
  /** outbound / inbound (to or from outside) or internal */
  direction: (_o, c) => (!c.peerIsExternal ? 'internal' : c.deviceIsOriginator === false ? 'inbound' : 'outbound'),
  device_type: (_o, c) => c.device?.type ?? 'unknown',
  device_ip: (_o, c) => c.deviceIp,
  device_hostname: (_o, c) => c.device?.hostnames[0]?.name,
  device_age_days: (o, c) => (c.device ? ((o.record as { ts: number }).ts - c.device.first_seen) / DAY : undefined),
  /** days since the device was last active before this observation (0 for its first) */
  device_idle_days: (_o, _c, e) => e.idleDays,
  peer_group: (_o, c) => c.peerGroup,
  peer_ip: (_o, c) => c.peerIp,
  dest_port: (_o, c) => c.destPort,
  peer_hostname: (_o, c) => c.peerHostname,
  /** every name the peer is known by (DNS answers, TLS SNI, HTTP Host) */
  peer_hostnames: (_o, c) => (c.peerEndpoint ? hostnamesOf(c.peerEndpoint) : undefined),
  /** some DNS answer named this peer: a connection to it was probably preceded by a lookup */
  peer_has_dns_name: (_o, c) => (c.peerIsExternal ? Boolean(c.peerEndpoint?.hostnames.some((h) => h.source === 'dns')) : undefined),
  peer_asn: (_o, c) => c.peerEndpoint?.asn,
  peer_org: (_o, c) => c.peerEndpoint?.org,
  peer_country: (_o, c) => c.peerEndpoint?.country,
  org_history_days: (_o, c) => c.orgHistoryDays,
  /** multicast or broadcast destination (LLMNR, mDNS, SSDP): nobody answers those one to one */
  peer_is_multicast: (_o, c) => (c.peerIsUnicast === undefined ? undefined : !c.peerIsUnicast),
  /** the longest label of a DNS query name: tunnels pack data into labels near the 63-byte limit */
  dns_longest_label: (o) => (o.type === 'dns' && o.record.query ? longestLabel(o.record.query) : undefined),
  dns_query_length: (o) => (o.type === 'dns' && o.record.query ? o.record.query.length : undefined),
  /** every attacker-controlled string of an HTTP request: URI, user agent, referrer, host, user */
  http_request_strings: (o) => {
    if (o.type !== 'http') return undefined;
    const r = o.record;
    return [r.uri, r.user_agent, r.referrer, r.host, r.username].filter((x): x is string => typeof x === 'string');
  },
  user: (_o, c) => c.user,
  /** how long ago this model first matched this device (and destination): "new or uncommon" */
  key_age_days: (_o, _c, e) => e.keyAgeDays,
};

export const FACT_NAMES = Object.keys(FACTS);

function longestLabel(name: string): number {
  let best = 0;
  let start = 0;
  for (let i = 0; i <= name.length; i++) {
    if (i === name.length || name.charCodeAt(i) === 46) {
      if (i - start > best) best = i - start;
      start = i + 1;
    }
  }
  return best;
}

/** The names of an endpoint, made once per change of its name list rather than once per observation. */
const names = new WeakMap<Endpoint, { n: number; list: string[] }>();
function hostnamesOf(e: Endpoint): string[] {
  const c = names.get(e);
  if (c && c.n === e.hostnames.length) return c.list;
  const list = e.hostnames.map((h) => h.name);
  names.set(e, { n: e.hostnames.length, list });
  return list;
}

/** A getter for `name`, or undefined when it names nothing (the loader reports that). */
export function compileGetter(name: string): Getter | undefined {
  const dot = name.indexOf('.');
  if (dot < 0) return FACTS[name];
  const type = name.slice(0, dot);
  const path = name.slice(dot + 1).split('.');
  return (obs) => {
    if (obs.type !== type) return undefined;
    let v: unknown = obs.record;
    for (const part of path) v = v && typeof v === 'object' ? (v as Record<string, unknown>)[part] : undefined;
    if (Array.isArray(v)) return v.filter((x): x is string | number => typeof x === 'string' || typeof x === 'number');
    return typeof v === 'number' || typeof v === 'string' || typeof v === 'boolean' ? v : undefined;
  };
}
