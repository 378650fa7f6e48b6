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
  device?: Device;
  peerIp: string;
  peerIsExternal: boolean;
  /** the device originated the connection (default true) */
  deviceIsOriginator?: boolean;
  peerHostname?: string;
  /** the external endpoint's entity (names, ASN, country) */
  peerEndpoint?: Endpoint;
  destPort?: number;
  /** the device's behaviour peer group ('pg3') once clustering has enough evidence */
  peerGroup?: string;
  /** event time the organisation has been observed for, days */
  orgHistoryDays?: number;
  /** the user or credential on this observation (Kerberos client, DOMAIN\\user for NTLM, HTTP user) */
  user?: string;
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
  peer_hostnames: (_o, c) => c.peerEndpoint?.hostnames.map((h) => h.name),
  /** some DNS answer named this peer: a connection to it was probably preceded by a lookup */
  peer_has_dns_name: (_o, c) => (c.peerIsExternal ? Boolean(c.peerEndpoint?.hostnames.some((h) => h.source === 'dns')) : undefined),
  peer_asn: (_o, c) => c.peerEndpoint?.asn,
  peer_org: (_o, c) => c.peerEndpoint?.org,
  peer_country: (_o, c) => c.peerEndpoint?.country,
  org_history_days: (_o, c) => c.orgHistoryDays,
  user: (_o, c) => c.user,
  /** how long ago this model first matched this device (and destination): "new or uncommon" */
  key_age_days: (_o, _c, e) => e.keyAgeDays,
};

export const FACT_NAMES = Object.keys(FACTS);

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
