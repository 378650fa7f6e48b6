// The Metrics API: for one observation, every number the learned pattern of life can say about it,
// each with its baseline, a confidence and an English explanation. It reads state only (call
// PatternOfLife.observe first for the same observation; see pattern-of-life.ts), so calling it or
// not never changes what is learned. It runs on every observation: see bench.ts for its cost.
//
// Cost: every number (value, confidence and each baseline field) is computed here, from the state as
// of this call, but the English (`explanation`, `baseline.text`) and the baseline object itself are
// only built when a consumer reads them (most metrics are looked at by value and dropped). A metric
// is therefore one small object holding the captured numbers; reading it later, after more
// observations, gives exactly what an eager build would have given at call time. `JSON.stringify`
// of a metric is byte-identical to the eager form (see toJSON).
import type { Observation } from '../schema/observation.js';
import { HOURLY_MEASURES, type DeviceProfile, type HourlyBaseline, type HourlyMeasure } from './device-profile.js';
import type { BeaconScore } from './beacon-score.js';
import type { Baseline, Metric, MetricName } from './metric-types.js';
import {
  BEACON_FULL_INTERVALS,
  PEER_RARITY_FULL_CONFIDENCE_PEERS,
  DNS_SUBDOMAINS_FULL_CONFIDENCE,
  FULL_CONFIDENCE_HOURS,
  FULL_CONFIDENCE_SLOT_SAMPLES,
  LEARNING_PERIOD,
  RARITY_FULL_CONFIDENCE_DEVICES,
  RARITY_WINDOW,
} from './parameters.js';
import type { ObserveContext, PatternOfLife, Touched } from './pattern-of-life.js';
import type { RarityItem } from './rarity.js';
import { HOURS_PER_WEEK } from './time-profile.js';

export type { Baseline, Metric, MetricName } from './metric-types.js';
export { METRIC_NAMES } from './metric-types.js';

const DAY = 86400;
const WINDOW_DAYS = RARITY_WINDOW / DAY;

/** Confidence from event time of history: 0 at the start, 1 after LEARNING_PERIOD. */
function timeConfidence(seconds: number): number {
  return seconds <= 0 ? 0 : Math.min(1, seconds / LEARNING_PERIOD);
}

function round(x: number, digits = 2): string {
  const f = 10 ** digits;
  return String(Math.round(x * f) / f);
}

function iso(ts: number): string {
  return new Date(ts * 1000).toISOString().slice(0, 19) + 'Z';
}

/** The strings a call's metrics are explained with (one per call, shared by its metrics). */
class Subject {
  constructor(
    readonly who: string,
    readonly peer: string,
    readonly port: string,
    readonly hostName: string,
    readonly domain: string,
    readonly user: string | undefined,
    readonly how: number,
    readonly bytesOut: number,
  ) {}
}

// What a metric's numbers mean, i.e. how its baseline and explanation are worded.
const K_RARITY = 0;
const K_ORG_FIRST_IP = 1;
const K_DEST_FIRST = 2;
const K_NEW_PORT = 3;
const K_ZSCORE = 4;
const K_BYTES_PCT = 5;
const K_HOW_SHARE = 6;
const K_BEACON_SCORE = 7;
const K_BEACON_TIMING = 8;
const K_BEACON_SIZE = 9;
const K_BEACON_COVERAGE = 10;
const K_BEACON_COUNT = 11;
const K_ORG_FIRST_HOST = 12;
const K_HOST_SEEN = 13;
const K_DNS_ENTROPY = 14;
const K_DNS_SUBDOMAINS = 15;
const K_CRED_AGE = 16;
const K_CRED_NEW = 17;
const K_DEST_SHARE = 18;
const K_PEER_RARITY = 19;

// rarity: what was rare (numbers a = reached, b = active)
const RARE_IP = 0;
const RARE_HOST = 1;
const RARE_JA3 = 2;
const RARE_JA4 = 3;
const RARE_UA = 4;

/**
 * A Metric whose baseline object and English are built on first read from numbers captured when it
 * was made. Fields a..f and `beacon` are the captured numbers; their meaning depends on `kind`.
 */
class LazyMetric implements Metric {
  private base: Baseline | undefined = undefined;
  private text: string | undefined = undefined;

  constructor(
    readonly name: MetricName,
    readonly value: number,
    readonly confidence: number,
    private readonly kind: number,
    private readonly s: Subject,
    private readonly a: number,
    private readonly b: number,
    private readonly c: number,
    private readonly d: number,
    private readonly e: number,
    private readonly f: number,
    private readonly beacon: BeaconScore | null,
  ) {}

  get baseline(): Baseline {
    return (this.base ??= this.buildBaseline());
  }

  set baseline(b: Baseline) {
    this.base = b;
  }

  get explanation(): string {
    return (this.text ??= this.buildExplanation());
  }

  set explanation(e: string) {
    this.text = e;
  }

  /** The eager form, field for field: what JSON.stringify writes. */
  toJSON(): { name: MetricName; value: number; baseline: Baseline; confidence: number; explanation: string } {
    return { name: this.name, value: this.value, baseline: this.baseline, confidence: this.confidence, explanation: this.explanation };
  }

  private buildBaseline(): Baseline {
    const { a, b, c, d, e, f } = this;
    switch (this.kind) {
      case K_RARITY:
        return { text: rarityText(a, b), reached_by: a, active_devices: b, window_days: WINDOW_DAYS };
      case K_ORG_FIRST_IP:
      case K_ORG_FIRST_HOST:
        return { text: `first seen in the organisation ${iso(a)}`, first_seen: a, sightings: b };
      case K_DEST_FIRST:
        return { text: `first contacted ${iso(a)}, ${b} connections`, first_seen: a, count: b };
      case K_NEW_PORT:
        return { text: `${b} external connections on ${this.s.port} since ${iso(a)}`, first_seen: a, count: b };
      case K_ZSCORE: {
        const basis = f % 2 === 1 ? 'hour_of_day' : 'all_hours';
        return { text: `${round(b, 1)} ± ${round(c, 1)} ${MEASURE_WORDS[HOURLY_MEASURES[this.measure()]!]} per hour ${this.basisWords()} (${e} hours)`, current: a, mean: b, stddev: c, stddev_used: d, samples: e, basis };
      }
      case K_BYTES_PCT:
        return { text: `median ≈ ${round(a, 0)} B, 95th percentile ≈ ${round(b, 0)} B per connection`, median: a, p95: b };
      case K_HOW_SHARE:
        return { text: `uniform would be ${round(a, 3)}%`, uniform: a, hour_of_day_share: b };
      case K_BEACON_SCORE:
      case K_BEACON_TIMING:
      case K_BEACON_SIZE:
      case K_BEACON_COVERAGE:
      case K_BEACON_COUNT: {
        const s = this.beacon!;
        return { text: beaconText(s), connections: s.connections, median_interval: s.median_interval, interval_mad: s.interval_mad, median_bytes: s.median_bytes };
      }
      case K_PEER_RARITY:
        return { text: `reached by ${a} of the ${b} other devices in its peer group`, reached_by: a, peers: b };
      case K_DEST_SHARE:
        return { text: `device first seen ${iso(b)}, this destination first contacted ${iso(a)}`, first_contact: a, device_first_seen: b };
      case K_HOST_SEEN:
        return { text: `first reached ${iso(a)}, ${b} times since`, first_seen: a, count: b };
      case K_DNS_ENTROPY:
        return { text: `org mean ${round(a)} ± ${round(b)} bits/char`, mean: a, stddev: b, samples: c };
      case K_DNS_SUBDOMAINS:
        return { text: `distinct subdomains of ${this.s.domain} in the last ${WINDOW_DAYS} days`, window_days: WINDOW_DAYS };
      default: // K_CRED_AGE, K_CRED_NEW
        return { text: `first used from this device ${iso(a)}, ${b} times`, first_seen: a, count: b };
    }
  }

  /** K_ZSCORE: f = 2·measure index + (1 when the basis is the hour of day) */
  private measure(): number {
    return Math.floor(this.f / 2);
  }

  private basisWords(): string {
    return this.f % 2 === 1 ? `at ${this.s.how % 24}:00` : 'over all its active hours';
  }

  private buildExplanation(): string {
    const { s, a, b, c, value } = this;
    const who = s.who;
    switch (this.kind) {
      case K_RARITY:
        return `${rareWhat(c, s)} is ${round(value, 1)}% rare: ${rarityText(a, b)}`;
      case K_ORG_FIRST_IP:
        return `${s.peer} was first seen in the organisation ${round(value)} days ago`;
      case K_ORG_FIRST_HOST:
        return `${s.hostName} was first seen in the organisation ${round(value)} days ago`;
      case K_DEST_FIRST:
        return b === 1 ? `${who} contacted ${s.peer} on ${s.port} for the first time` : `${who} first contacted ${s.peer} on ${s.port} ${round(value)} days ago (${b} connections)`;
      case K_NEW_PORT:
        return b === 1 ? `${who} used external ${s.port} for the first time` : `${who} has used external ${s.port} ${b} times`;
      case K_ZSCORE:
        return `${who} has ${round(a, 0)} ${MEASURE_WORDS[HOURLY_MEASURES[this.measure()]!]} this hour, ${round(value, 1)} standard deviations from its usual ${round(b, 1)} ${this.basisWords()}`;
      case K_BYTES_PCT:
        return `${who} sent ${s.bytesOut} B on this connection, above ${round(value, 1)}% of its connections`;
      case K_HOW_SHARE:
        return `${round(value, 3)}% of ${who}'s activity falls in this hour of the week`;
      case K_BEACON_SCORE:
        return `${who} → ${s.peer} beacon score ${round(value)}: ${beaconText(this.beacon!)}`;
      case K_BEACON_TIMING: {
        const bs = this.beacon!;
        return `intervals from ${who} to ${s.peer} are ${round(100 * bs.timing, 0)}% regular (${round(bs.median_interval, 1)} s ± ${round(bs.interval_mad, 1)} s)`;
      }
      case K_BEACON_SIZE: {
        const bs = this.beacon!;
        return `bytes sent from ${who} to ${s.peer} are ${round(100 * bs.size, 0)}% regular (median ${round(bs.median_bytes, 0)} B)`;
      }
      case K_BEACON_COVERAGE:
        return `connections from ${who} to ${s.peer} cover ${round(100 * this.beacon!.coverage, 0)}% of the time they span`;
      case K_BEACON_COUNT:
        return `${this.beacon!.connections} connections from ${who} to ${s.peer} in the beacon window`;
      case K_HOST_SEEN:
        return b === 1 ? `${who} reached ${s.hostName} for the first time` : `${who} first reached ${s.hostName} ${round(value)} days ago (${b} times)`;
      case K_DNS_ENTROPY:
        return `the labels of ${s.hostName} left of ${s.domain} carry ${round(value)} bits per character (org mean ${round(a)})`;
      case K_DNS_SUBDOMAINS:
        return `${round(value, 0)} distinct subdomains of ${s.domain} were queried in the last ${WINDOW_DAYS} days`;
      case K_PEER_RARITY:
        return `${s.peer} is ${round(value, 1)}% rare among the ${b} devices that behave like ${who}: ${a} of them reached it`;
      case K_DEST_SHARE:
        return `${who} has talked to ${s.peer} on ${s.port} for ${round(100 * value, 0)}% of the ${round(c, 1)} days it has been seen`;
      case K_CRED_AGE:
        return `${who} first used credential ${s.user} ${round(value)} days ago`;
      default: // K_CRED_NEW
        return b === 1 ? `${who} used credential ${s.user} for the first time` : `${who} has used credential ${s.user} ${b} times`;
    }
  }
}

function rarityText(reached: number, active: number): string {
  return `reached by ${reached} of ${active} devices in the last ${WINDOW_DAYS} days`;
}

function rareWhat(what: number, s: Subject): string {
  switch (what) {
    case RARE_IP:
      return `the external IP ${s.peer}`;
    case RARE_HOST:
      return `the hostname ${s.hostName}`;
    case RARE_JA3:
      return 'the TLS client fingerprint (JA3)';
    case RARE_JA4:
      return 'the TLS client fingerprint (JA4)';
    default:
      return 'the user agent';
  }
}

function beaconText(b: BeaconScore): string {
  return `${b.connections} connections, median interval ${round(b.median_interval, 1)} s ± ${round(b.interval_mad, 1)} s, median ${round(b.median_bytes, 0)} B sent`;
}

function clamp01(x: number): number {
  return Math.max(0, Math.min(1, x));
}

function push(out: Metric[], name: MetricName, value: number, confidence: number, kind: number, s: Subject, a = 0, b = 0, c = 0, d = 0, e = 0, f = 0, beacon: BeaconScore | null = null): void {
  out.push(new LazyMetric(name, value, clamp01(confidence), kind, s, a, b, c, d, e, f, beacon));
}

/** Every metric for `obs`. */
export function metrics(pol: PatternOfLife, obs: Observation, ctx: ObserveContext): Metric[] {
  const t = pol.lookup(obs, ctx);
  const out: Metric[] = [];
  const orgConf = timeConfidence(pol.lastTs - pol.firstTs);
  const device = t.device;
  const deviceConf = device ? timeConfidence(t.ts - device.first) : 0;
  const s = new Subject(ctx.device ?? 'unknown device', t.peer, t.port, t.hostName, t.dns ? t.dns.domain : '', ctx.user, t.how, t.bytesOut);

  if (obs.type === 'conn') connMetrics(out, pol, t, s, orgConf, deviceConf);
  if (t.host) {
    rarity(out, pol, t, s, 'dest_host_rarity', t.host, RARE_HOST, orgConf);
    push(out, 'org_dest_host_first_seen_age_days', (t.ts - t.host.first) / DAY, orgConf, K_ORG_FIRST_HOST, s, t.host.first, t.host.sightings);
  }
  if (t.hostSeen) {
    push(out, 'dest_host_first_seen_age_days', (t.ts - t.hostSeen.first) / DAY, deviceConf, K_HOST_SEEN, s, t.hostSeen.first, t.hostSeen.count);
  }
  if (t.dns) {
    const e = pol.dns.entropy.view();
    push(out, 'dns_label_entropy', t.dns.entropy, Math.min(orgConf, e.samples / 1000), K_DNS_ENTROPY, s, e.mean, e.stddev, e.samples);
    if (t.domain) {
      // hundreds of names under one domain are unusual in themselves; history adds which domains (CDNs,
      // telemetry) normally do that, so confidence is the larger of the two
      const n = t.domain.subdomains.count(t.gen);
      push(out, 'dns_subdomain_count', n, Math.max(orgConf, n / DNS_SUBDOMAINS_FULL_CONFIDENCE), K_DNS_SUBDOMAINS, s);
    }
  }
  if (t.ja3) rarity(out, pol, t, s, 'ja3_rarity', t.ja3, RARE_JA3, orgConf);
  if (t.ja4) rarity(out, pol, t, s, 'ja4_rarity', t.ja4, RARE_JA4, orgConf);
  if (t.ua) rarity(out, pol, t, s, 'user_agent_rarity', t.ua, RARE_UA, orgConf);
  if (t.credential) {
    const c = t.credential;
    push(out, 'credential_first_seen_age_days', (t.ts - c.first) / DAY, deviceConf, K_CRED_AGE, s, c.first, c.count);
    push(out, 'new_credential_for_device', c.count === 1 ? 1 : 0, deviceConf, K_CRED_NEW, s, c.first, c.count);
  }
  return out;
}

function rarity(out: Metric[], pol: PatternOfLife, t: Touched, s: Subject, name: MetricName, item: RarityItem, what: number, orgConf: number): void {
  const active = Math.max(1, pol.activeDevices(t.gen));
  // a sketch can overestimate: never more devices than are active
  const reached = Math.min(active, Math.round(item.devices.count(t.gen)));
  // the share of the OTHER active devices that did not reach it: this device is one of `reached`
  // (it was just learned), so a destination only this device visits is 100% rare at any size
  const others = t.device ? reached - 1 : reached;
  const value = active <= 1 ? 100 : 100 * (1 - Math.max(0, others) / (active - 1));
  push(out, name, value, Math.min(orgConf, active / RARITY_FULL_CONFIDENCE_DEVICES), K_RARITY, s, reached, active, what);
}

/**
 * How rare the destination is among the device's behaviour peer group (devices that use the network
 * as it does): a print server reaching what no other print server reaches stands out even when
 * half the office's laptops go there. Only while the destination's visitors are counted exactly —
 * beyond that it is common anyway, and the organisation-wide rarity says so.
 */
function peerRarity(out: Metric[], pol: PatternOfLife, t: Touched, s: Subject, item: RarityItem, selfHash: number, orgConf: number): void {
  const group = pol.groupOfHash(selfHash);
  if (group === undefined) return;
  const size = pol.peerGroupSize(group);
  if (size < 2) return;
  let reached = 0;
  const exact = item.devices.forEachMember(t.gen, (h) => {
    if (h !== selfHash && pol.groupOfHash(h) === group) reached++;
  });
  if (!exact) return;
  const peers = size - 1;
  push(out, 'peer_group_dest_rarity', 100 * (1 - Math.min(reached, peers) / peers), Math.min(orgConf, peers / PEER_RARITY_FULL_CONFIDENCE_PEERS), K_PEER_RARITY, s, reached, peers);
}

const ZSCORE_NAMES: Record<HourlyMeasure, MetricName> = {
  bytes_out: 'device_bytes_out_zscore_hour',
  bytes_in: 'device_bytes_in_zscore_hour',
  connections: 'device_connections_per_hour_zscore',
  internal_peers: 'device_internal_peers_per_hour_zscore',
  ports: 'device_ports_per_hour_zscore',
};
const MEASURE_WORDS: Record<HourlyMeasure, string> = {
  bytes_out: 'bytes sent',
  bytes_in: 'bytes received',
  connections: 'connections',
  internal_peers: 'distinct internal peers',
  ports: 'distinct destination ports',
};
const UNIFORM_SHARE = 100 / HOURS_PER_WEEK;

function connMetrics(out: Metric[], pol: PatternOfLife, t: Touched, s: Subject, orgConf: number, deviceConf: number): void {
  if (t.ip) {
    rarity(out, pol, t, s, 'dest_ip_rarity', t.ip, RARE_IP, orgConf);
    if (t.device) peerRarity(out, pol, t, s, t.ip, t.device.hash, orgConf);
    push(out, 'org_dest_first_seen_age_days', (t.ts - t.ip.first) / DAY, orgConf, K_ORG_FIRST_IP, s, t.ip.first, t.ip.sightings);
  }
  const d = t.device;
  if (!d) return;
  if (t.dest) {
    push(out, 'dest_first_seen_age_days', (t.ts - t.dest.first) / DAY, deviceConf, K_DEST_FIRST, s, t.dest.first, t.dest.count);
    // a destination the device has used for (almost) all its known life is part of its pattern of
    // life (a camera and its cloud); one taken up late is a change (a laptop that starts beaconing)
    const life = t.ts - d.first;
    push(out, 'dest_history_share', life > 0 ? Math.min(1, (t.ts - t.dest.first) / life) : 1, deviceConf, K_DEST_SHARE, s, t.dest.first, d.first, life / DAY);
  }
  if (t.portSeen) push(out, 'new_external_port_for_device', t.portSeen.count === 1 ? 1 : 0, deviceConf, K_NEW_PORT, s, t.portSeen.first, t.portSeen.count);
  for (let m = 0; m < HOURLY_MEASURES.length; m++) {
    if (m === 3 && t.ip) continue; // internal_peers: only an internal peer moves this one
    if (m === 4 && !t.deviceIsOriginator) continue; // ports
    zscore(out, d, m, t, s, deviceConf);
  }
  const r = reals;
  d.bytesOutHist.rankAndQuartiles(t.bytesOut, r);
  push(out, 'device_bytes_out_percentile', 100 * r[0]!, Math.min(deviceConf, d.hoursClosed / FULL_CONFIDENCE_HOURS), K_BYTES_PCT, s, r[1]!, r[2]!);
  d.activity.shares(t.how, r);
  push(out, 'device_hour_of_week_share', 100 * r[0]!, deviceConf, K_HOW_SHARE, s, UNIFORM_SHARE, 100 * r[1]!);
  const b = t.beacon?.score;
  if (b) {
    // more intervals → surer of the timing. Periodicity is a property of the traffic itself, not of
    // history: whether the organisation knows this periodic destination is what the rarity and
    // first-seen metrics (with their own, history-based confidence) add beside it
    const conf = (b.connections - 1) / BEACON_FULL_INTERVALS;
    push(out, 'beacon_score', b.score, conf, K_BEACON_SCORE, s, 0, 0, 0, 0, 0, 0, b);
    push(out, 'beacon_timing_regularity', b.timing, conf, K_BEACON_TIMING, s, 0, 0, 0, 0, 0, 0, b);
    push(out, 'beacon_size_regularity', b.size, conf, K_BEACON_SIZE, s, 0, 0, 0, 0, 0, 0, b);
    push(out, 'beacon_coverage', b.coverage, conf, K_BEACON_COVERAGE, s, 0, 0, 0, 0, 0, 0, b);
    push(out, 'beacon_connection_count', b.count, conf, K_BEACON_COUNT, s, 0, 0, 0, 0, 0, 0, b);
  }
}

const reals = new Float64Array(3);
const scratch: HourlyBaseline = { weight: 0, mean: 0, stddev: 0, samples: 0, basis: 'all_hours', stddev_used: 0 };

function zscore(out: Metric[], d: DeviceProfile, m: number, t: Touched, s: Subject, deviceConf: number): void {
  const measure = HOURLY_MEASURES[m]!;
  const x = d.currentTotal(measure);
  const b = d.baselineInto(m, t.how, scratch);
  const z = b.samples === 0 ? 0 : (x - b.mean) / b.stddev_used;
  // f packs the measure and the basis: 2·measure + (1 for hour of day)
  push(out, ZSCORE_NAMES[measure], z, Math.min(deviceConf, d.hoursClosed / FULL_CONFIDENCE_HOURS, b.samples / FULL_CONFIDENCE_SLOT_SAMPLES), K_ZSCORE, s,
    x, b.mean, b.stddev, b.stddev_used, b.samples, 2 * m + (b.basis === 'hour_of_day' ? 1 : 0));
}
