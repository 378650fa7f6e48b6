// What a device does, as a fixed-length numeric vector for peer grouping (peer-groups.ts).
//
// The vector depends only on the device's own activity (fixed scales, not z-scores over the
// population), so a device's features do not move when other devices come and go, and two runs over
// the same traffic give the same numbers. Every component is in [0, 1] before weighting; each family
// (service mix, direction, volume, time of day, fan-out) is weighted so that a complete change of one
// family moves a device by about the same distance (≈ 1): see FEATURE_WEIGHTS.
//
// `PeerActivity` is the per-device accumulator the pattern of life can feed from its conn path (decayed
// counts with the device half-life, so old behaviour fades and groups follow behaviour changes).
import { LandmarkArray, type LandmarkArrayState } from './landmark.js';
import { DEVICE_HALF_LIFE } from './parameters.js';

/** Service buckets by the responder port of a connection (whichever side the device was on). */
export const SERVICE_BUCKETS = ['web', 'dns', 'mail', 'file', 'remote', 'directory', 'database', 'infra', 'iot', 'other'] as const;
export type ServiceBucket = (typeof SERVICE_BUCKETS)[number];

const PORTS: Record<Exclude<ServiceBucket, 'other'>, readonly number[]> = {
  web: [80, 443, 8000, 8008, 8080, 8443, 3128],
  dns: [53, 853, 5353],
  mail: [25, 110, 143, 465, 587, 993, 995],
  file: [20, 21, 139, 445, 2049, 873, 111],
  remote: [22, 23, 3389, 5900, 5985, 5986],
  directory: [88, 389, 464, 636, 3268, 3269, 135],
  database: [1433, 1521, 3306, 5432, 6379, 9200, 27017],
  infra: [67, 68, 123, 161, 162, 514, 546, 547],
  iot: [554, 1883, 8883, 5683, 8554, 37777],
};
const BUCKET_OF_PORT = new Map<number, number>();
for (const [name, ports] of Object.entries(PORTS)) {
  const i = SERVICE_BUCKETS.indexOf(name as ServiceBucket);
  for (const p of ports) BUCKET_OF_PORT.set(p, i);
}
const OTHER = SERVICE_BUCKETS.length - 1;

/** Index in SERVICE_BUCKETS of a responder port. */
export function serviceBucket(port: number): number {
  return BUCKET_OF_PORT.get(port) ?? OTHER;
}

/** Four-hour blocks of the (local) day. */
export const DAY_BLOCKS = 6;

/** Layout of the feature vector. */
export const FEATURE_NAMES: readonly string[] = [
  ...SERVICE_BUCKETS.map((s) => `service_${s}`),
  'internal_share',
  'served_share',
  'log_connections_per_day',
  'log_bytes_out_per_day',
  'log_bytes_in_per_day',
  ...Array.from({ length: DAY_BLOCKS }, (_, i) => `block_${String(i * 4).padStart(2, '0')}h`),
  'log_external_destinations',
];
export const FEATURE_LENGTH = FEATURE_NAMES.length;

/**
 * Weights per component. Share families (service mix, time blocks) sum to 1, so a complete change
 * moves them by √2 at most: weight 0.8 → ≈ 1.1. The log scales span [0, 1] over several decades,
 * while real devices differ by one or two: weight 2 makes "100× more traffic" ≈ 0.7–1.
 */
const W_SERVICE = 0.8;
const W_DIRECTION = 1;
const W_VOLUME = 2;
const W_BLOCK = 0.8;
const W_FANOUT = 2;

/** Log10 scales: the value (per day) that maps to 1. */
const MAX_LOG_CONNECTIONS = 6; // 1e6 connections a day
const MAX_LOG_BYTES = 12; // 1 TB a day
const MAX_LOG_DESTINATIONS = 4; // 10 000 distinct external destinations

/** A device's activity summary, as counts (decayed or over a window; only ratios and per-day rates are used). */
export interface DeviceActivity {
  /** days of history the counts cover (per-day rates divide by max(days, 1)) */
  days: number;
  connections: number;
  bytesOut: number;
  bytesIn: number;
  /** connections per SERVICE_BUCKETS index */
  byService: ArrayLike<number>;
  /** connections whose other side was internal */
  internal: number;
  /** connections the device answered (it was the responder) */
  served: number;
  /** connections per four-hour block of the local day (DAY_BLOCKS) */
  byBlock: ArrayLike<number>;
  /** distinct external destinations (IPs) */
  externalDestinations: number;
}

/** The feature vector the peer groups cluster on, plus how much evidence it rests on. */
export interface PeerFeatures {
  values: number[];
  /** evidence behind the vector (connections); devices below PeerGroups' minSupport stay ungrouped */
  support: number;
}

function logScale(x: number, max: number): number {
  return Math.min(1, Math.log10(1 + Math.max(0, x)) / max);
}

/** The feature vector of an activity summary (all zeros for a device with no connections). */
export function peerFeatures(a: DeviceActivity): PeerFeatures {
  const v = new Array<number>(FEATURE_LENGTH).fill(0);
  const n = a.connections;
  const days = Math.max(1, a.days);
  let i = 0;
  let serviceTotal = 0;
  for (let s = 0; s < SERVICE_BUCKETS.length; s++) serviceTotal += a.byService[s] ?? 0;
  for (let s = 0; s < SERVICE_BUCKETS.length; s++) v[i++] = serviceTotal > 0 ? (W_SERVICE * (a.byService[s] ?? 0)) / serviceTotal : 0;
  v[i++] = n > 0 ? (W_DIRECTION * a.internal) / n : 0;
  v[i++] = n > 0 ? (W_DIRECTION * a.served) / n : 0;
  v[i++] = W_VOLUME * logScale(n / days, MAX_LOG_CONNECTIONS);
  v[i++] = W_VOLUME * logScale(a.bytesOut / days, MAX_LOG_BYTES);
  v[i++] = W_VOLUME * logScale(a.bytesIn / days, MAX_LOG_BYTES);
  let blockTotal = 0;
  for (let b = 0; b < DAY_BLOCKS; b++) blockTotal += a.byBlock[b] ?? 0;
  for (let b = 0; b < DAY_BLOCKS; b++) v[i++] = blockTotal > 0 ? (W_BLOCK * (a.byBlock[b] ?? 0)) / blockTotal : 0;
  v[i++] = W_FANOUT * logScale(a.externalDestinations, MAX_LOG_DESTINATIONS);
  return { values: v, support: n };
}

/** Most distinct external destinations a PeerActivity remembers (beyond, the oldest is forgotten). */
const MAX_DESTINATIONS = 512;
/** A destination not seen for this long no longer counts as one of the device's destinations. */
const DESTINATION_WINDOW = 14 * 86400;

/** A connection as PeerActivity needs it. */
export interface PeerConnection {
  ts: number;
  /** local hour of day 0..23 (hourOfWeek(ts, offset) % 24) */
  hourOfDay: number;
  /** responder port */
  port: number;
  /** the device answered */
  served: boolean;
  peerIsExternal: boolean;
  /** 32-bit hash of the other side (only used when external) */
  peerHash: number;
  bytesOut: number;
  bytesIn: number;
}

export interface PeerActivityState {
  first: number;
  t: number;
  counts: LandmarkArrayState;
  destinations: [number, number][];
}

// counts layout: connections, bytesOut, bytesIn, internal, served, services…, blocks…
const C_CONN = 0;
const C_OUT = 1;
const C_IN = 2;
const C_INTERNAL = 3;
const C_SERVED = 4;
const C_SERVICE = 5;
const C_BLOCK = C_SERVICE + SERVICE_BUCKETS.length;
const COUNTS = C_BLOCK + DAY_BLOCKS;

/**
 * Per-device decayed counts behind DeviceActivity. Decayed with `halfLife` (default the device
 * half-life); `days` is the effective length of the decayed history (min(age, halfLife / ln 2)), so
 * per-day rates are stable both for young devices and in steady state.
 */
export class PeerActivity {
  first: number;
  /** latest event time added */
  private t: number;
  /** decayed counts on a landmark (landmark.ts): an add is O(1), not one multiply per count */
  private readonly counts: LandmarkArray;
  /** external destination hash → last seen */
  private readonly destinations = new Map<number, number>();

  constructor(ts: number, halfLife = DEVICE_HALF_LIFE) {
    this.first = ts;
    this.t = ts;
    this.counts = new LandmarkArray(new Float64Array(COUNTS), halfLife);
  }

  add(c: PeerConnection): void {
    if (c.ts > this.t) this.t = c.ts;
    const k = this.counts;
    const ts = c.ts;
    k.add(C_CONN, ts);
    if (c.bytesOut > 0) k.add(C_OUT, ts, c.bytesOut);
    if (c.bytesIn > 0) k.add(C_IN, ts, c.bytesIn);
    if (!c.peerIsExternal) k.add(C_INTERNAL, ts);
    if (c.served) k.add(C_SERVED, ts);
    k.add(C_SERVICE + serviceBucket(c.port), ts);
    k.add(C_BLOCK + Math.floor((((c.hourOfDay % 24) + 24) % 24) / 4), ts);
    if (c.peerIsExternal) {
      const d = this.destinations;
      d.delete(c.peerHash);
      d.set(c.peerHash, Math.max(c.ts, this.t - DESTINATION_WINDOW));
      if (d.size > MAX_DESTINATIONS) d.delete(d.keys().next().value!);
    }
    if (c.ts < this.first) this.first = c.ts;
  }

  /** The activity summary at `ts` (counts decayed to ts). */
  activity(ts: number): DeviceActivity {
    const k = this.counts;
    const now = Math.max(ts, this.t);
    const at = (i: number): number => k.at(i, now);
    const age = Math.max(0, ts - this.first) / 86400;
    const days = Math.min(age, k.halfLife / Math.LN2 / 86400);
    let dest = 0;
    for (const last of this.destinations.values()) if (ts - last <= DESTINATION_WINDOW) dest++;
    const range = (from: number, to: number): number[] => Array.from({ length: to - from }, (_, i) => at(from + i));
    return {
      days,
      connections: at(C_CONN),
      bytesOut: at(C_OUT),
      bytesIn: at(C_IN),
      internal: at(C_INTERNAL),
      served: at(C_SERVED),
      byService: range(C_SERVICE, C_BLOCK),
      byBlock: range(C_BLOCK, COUNTS),
      externalDestinations: dest,
    };
  }

  features(ts: number): PeerFeatures {
    return peerFeatures(this.activity(ts));
  }

  toState(): PeerActivityState {
    return { first: this.first, t: this.t, counts: this.counts.toState(), destinations: [...this.destinations] };
  }

  static fromState(s: PeerActivityState, halfLife = DEVICE_HALF_LIFE): PeerActivity {
    const a = new PeerActivity(s.first, halfLife);
    a.t = s.t;
    a.counts.restore(s.counts);
    for (const [h, t] of s.destinations) a.destinations.set(h, t);
    return a;
  }
}
