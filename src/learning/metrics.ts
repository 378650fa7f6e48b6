// The Metrics API: for one observation, every number the learned pattern of life can say about it,
// each with its baseline, a confidence and an English explanation. It reads state only (call
// PatternOfLife.observe first for the same observation; see pattern-of-life.ts), so calling it or
// not never changes what is learned. It runs on every observation: see bench.ts for its cost.
import type { Observation } from '../schema/observation.js';
import { HOURLY_MEASURES, type DeviceProfile, type HourlyMeasure } from './device-profile.js';
import type { Baseline, Metric, MetricName } from './metric-types.js';
import {
  BEACON_FULL_INTERVALS,
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

function push(out: Metric[], name: MetricName, value: number, baseline: Baseline, confidence: number, explanation: string): void {
  out.push({ name, value, baseline, confidence: Math.max(0, Math.min(1, confidence)), explanation });
}

/** Every metric for `obs`. */
export function metrics(pol: PatternOfLife, obs: Observation, ctx: ObserveContext): Metric[] {
  const t = pol.lookup(obs, ctx);
  const out: Metric[] = [];
  const who = ctx.device ?? 'unknown device';
  const orgConf = timeConfidence(pol.lastTs - pol.firstTs);
  const device = t.device;
  const deviceConf = device ? timeConfidence(t.ts - device.first) : 0;

  if (obs.type === 'conn') connMetrics(out, pol, t, who, orgConf, deviceConf);
  if (t.host) {
    rarity(out, pol, t, 'dest_host_rarity', t.host, `the hostname ${t.hostName}`, orgConf);
    const age = (t.ts - t.host.first) / DAY;
    push(out, 'org_dest_host_first_seen_age_days', age, { text: `first seen in the organisation ${iso(t.host.first)}`, first_seen: t.host.first, sightings: t.host.sightings }, orgConf,
      `${t.hostName} was first seen in the organisation ${round(age)} days ago`);
  }
  if (t.hostSeen) {
    const age = (t.ts - t.hostSeen.first) / DAY;
    push(out, 'dest_host_first_seen_age_days', age, { text: `first reached ${iso(t.hostSeen.first)}, ${t.hostSeen.count} times since`, first_seen: t.hostSeen.first, count: t.hostSeen.count }, deviceConf,
      t.hostSeen.count === 1 ? `${who} reached ${t.hostName} for the first time` : `${who} first reached ${t.hostName} ${round(age)} days ago (${t.hostSeen.count} times)`);
  }
  if (t.dns) {
    const e = pol.dns.entropy.view();
    push(out, 'dns_label_entropy', t.dns.entropy, { text: `org mean ${round(e.mean)} ± ${round(e.stddev)} bits/char`, mean: e.mean, stddev: e.stddev, samples: e.samples }, Math.min(orgConf, e.samples / 1000),
      `the labels of ${t.hostName} left of ${t.dns.domain} carry ${round(t.dns.entropy)} bits per character (org mean ${round(e.mean)})`);
    if (t.domain) {
      const n = t.domain.subdomains.count(t.gen);
      push(out, 'dns_subdomain_count', n, { text: `distinct subdomains of ${t.dns.domain} in the last ${WINDOW_DAYS} days`, window_days: WINDOW_DAYS }, orgConf,
        `${round(n, 0)} distinct subdomains of ${t.dns.domain} were queried in the last ${WINDOW_DAYS} days`);
    }
  }
  if (t.ja3) rarity(out, pol, t, 'ja3_rarity', t.ja3, 'the TLS client fingerprint (JA3)', orgConf);
  if (t.ja4) rarity(out, pol, t, 'ja4_rarity', t.ja4, 'the TLS client fingerprint (JA4)', orgConf);
  if (t.ua) rarity(out, pol, t, 'user_agent_rarity', t.ua, 'the user agent', orgConf);
  if (t.credential) {
    const c = t.credential;
    const age = (t.ts - c.first) / DAY;
    const base = { text: `first used from this device ${iso(c.first)}, ${c.count} times`, first_seen: c.first, count: c.count };
    push(out, 'credential_first_seen_age_days', age, base, deviceConf, `${who} first used credential ${ctx.user} ${round(age)} days ago`);
    push(out, 'new_credential_for_device', c.count === 1 ? 1 : 0, base, deviceConf,
      c.count === 1 ? `${who} used credential ${ctx.user} for the first time` : `${who} has used credential ${ctx.user} ${c.count} times`);
  }
  return out;
}

function rarity(out: Metric[], pol: PatternOfLife, t: Touched, name: MetricName, item: RarityItem, what: string, orgConf: number): void {
  const active = Math.max(1, pol.activeDevices(t.gen));
  // a sketch can overestimate: never more devices than are active
  const reached = Math.min(active, Math.round(item.devices.count(t.gen)));
  const value = 100 * (1 - reached / active);
  const text = `reached by ${reached} of ${active} devices in the last ${WINDOW_DAYS} days`;
  push(out, name, value, { text, reached_by: reached, active_devices: active, window_days: WINDOW_DAYS }, Math.min(orgConf, active / RARITY_FULL_CONFIDENCE_DEVICES),
    `${what} is ${round(value, 1)}% rare: ${text}`);
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

function connMetrics(out: Metric[], pol: PatternOfLife, t: Touched, who: string, orgConf: number, deviceConf: number): void {
  if (t.ip) {
    rarity(out, pol, t, 'dest_ip_rarity', t.ip, `the external IP ${t.peer}`, orgConf);
    const age = (t.ts - t.ip.first) / DAY;
    push(out, 'org_dest_first_seen_age_days', age, { text: `first seen in the organisation ${iso(t.ip.first)}`, first_seen: t.ip.first, sightings: t.ip.sightings }, orgConf,
      `${t.peer} was first seen in the organisation ${round(age)} days ago`);
  }
  const d = t.device;
  if (!d) return;
  if (t.dest) {
    const age = (t.ts - t.dest.first) / DAY;
    push(out, 'dest_first_seen_age_days', age, { text: `first contacted ${iso(t.dest.first)}, ${t.dest.count} connections`, first_seen: t.dest.first, count: t.dest.count }, deviceConf,
      t.dest.count === 1 ? `${who} contacted ${t.peer} on ${t.port} for the first time` : `${who} first contacted ${t.peer} on ${t.port} ${round(age)} days ago (${t.dest.count} connections)`);
  }
  if (t.portSeen) {
    const isNew = t.portSeen.count === 1;
    push(out, 'new_external_port_for_device', isNew ? 1 : 0, { text: `${t.portSeen.count} external connections on ${t.port} since ${iso(t.portSeen.first)}`, first_seen: t.portSeen.first, count: t.portSeen.count }, deviceConf,
      isNew ? `${who} used external ${t.port} for the first time` : `${who} has used external ${t.port} ${t.portSeen.count} times`);
  }
  for (const m of HOURLY_MEASURES) {
    if (m === 'internal_peers' && t.ip) continue; // only an internal peer moves this one
    if (m === 'ports' && !t.deviceIsOriginator) continue;
    zscore(out, d, m, t, who, deviceConf);
  }
  const pr = 100 * d.bytesOutHist.percentileRank(t.bytesOut);
  const median = d.bytesOutHist.quantile(0.5);
  const p95 = d.bytesOutHist.quantile(0.95);
  push(out, 'device_bytes_out_percentile', pr, { text: `median ≈ ${round(median, 0)} B, 95th percentile ≈ ${round(p95, 0)} B per connection`, median, p95 }, Math.min(deviceConf, d.hoursClosed / FULL_CONFIDENCE_HOURS),
    `${who} sent ${t.bytesOut} B on this connection, above ${round(pr, 1)}% of its connections`);
  const share = 100 * d.activity.share(t.how);
  const uniform = 100 / HOURS_PER_WEEK;
  push(out, 'device_hour_of_week_share', share, { text: `uniform would be ${round(uniform, 3)}%`, uniform, hour_of_day_share: 100 * d.activity.hourOfDayShare(t.how) }, deviceConf,
    `${round(share, 3)}% of ${who}'s activity falls in this hour of the week`);
  const b = t.beacon?.score;
  if (b) {
    const base = { text: `${b.connections} connections, median interval ${round(b.median_interval, 1)} s ± ${round(b.interval_mad, 1)} s, median ${round(b.median_bytes, 0)} B sent`, connections: b.connections, median_interval: b.median_interval, interval_mad: b.interval_mad, median_bytes: b.median_bytes };
    // more intervals → surer of the timing; and, as everywhere, a young deployment is unsure: it has
    // not yet seen which periodic destinations (updates, telemetry) are the organisation's normal
    const conf = Math.min(orgConf, (b.connections - 1) / BEACON_FULL_INTERVALS);
    push(out, 'beacon_score', b.score, base, conf, `${who} → ${t.peer} beacon score ${round(b.score)}: ${base.text}`);
    push(out, 'beacon_timing_regularity', b.timing, base, conf, `intervals from ${who} to ${t.peer} are ${round(100 * b.timing, 0)}% regular (${round(b.median_interval, 1)} s ± ${round(b.interval_mad, 1)} s)`);
    push(out, 'beacon_size_regularity', b.size, base, conf, `bytes sent from ${who} to ${t.peer} are ${round(100 * b.size, 0)}% regular (median ${round(b.median_bytes, 0)} B)`);
    push(out, 'beacon_coverage', b.coverage, base, conf, `connections from ${who} to ${t.peer} cover ${round(100 * b.coverage, 0)}% of the time they span`);
    push(out, 'beacon_connection_count', b.count, base, conf, `${b.connections} connections from ${who} to ${t.peer} in the beacon window`);
  }
}

function zscore(out: Metric[], d: DeviceProfile, m: HourlyMeasure, t: Touched, who: string, deviceConf: number): void {
  const x = d.currentTotal(m);
  const b = d.baseline(m, t.how);
  const z = b.samples === 0 ? 0 : (x - b.mean) / b.stddev_used;
  const basis = b.basis === 'hour_of_day' ? `at ${t.how % 24}:00` : 'over all its active hours';
  const words = MEASURE_WORDS[m];
  push(out, ZSCORE_NAMES[m], z,
    { text: `${round(b.mean, 1)} ± ${round(b.stddev, 1)} ${words} per hour ${basis} (${b.samples} hours)`, current: x, mean: b.mean, stddev: b.stddev, stddev_used: b.stddev_used, samples: b.samples, basis: b.basis },
    Math.min(deviceConf, d.hoursClosed / FULL_CONFIDENCE_HOURS, b.samples / FULL_CONFIDENCE_SLOT_SAMPLES),
    `${who} has ${round(x, 0)} ${words} this hour, ${round(z, 1)} standard deviations from its usual ${round(b.mean, 1)} ${basis}`);
}
