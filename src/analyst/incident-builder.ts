// IncidentBuilder: breaches in (event-time order) → incidents. A breach joins the open incident
// that shares something with it within a window of event time:
//   - its device (default 24 h between breaches of the device);
//   - an external destination (address or name) — several devices calling the same rare host;
//   - a credential the breaches name (a credential new to one device, then to another);
//   - a host that lateral movement reached (A → B, then breaches on B join A's incident).
// When a breach links several open incidents they merge (the earliest keeps its id). Incidents close
// when nothing has joined them for the longest window; `flush(now)` hands out the closed ones and
// forgets them, `incidents()` shows the open ones. Memory is bounded: open incidents, breach ids and
// rows per incident, and the link index (swept as event time advances) all have caps.
import { createHash } from 'node:crypto';
import type { Model } from '../models/model-schema.js';
import type { Breach } from '../schema/breach.js';
import { PHASES, type Incident, type Phase } from '../schema/incident.js';
import { investigate, type DestinationSightings } from './investigate.js';
import { actions, summary, timeline, title, type IncidentView } from './narrative.js';
import { resolveOptions, type AnalystOptions, type ResolvedOptions } from './options.js';
import { assess, weight } from './scoring.js';
import { credentialsOf, deviceLabel, modelInfo, modelInfoFromBreach, type DeviceRef, type Group, type ModelInfo, type OpenIncident } from './state.js';

/**
 * Phases whose breach toward an internal host means the attacker may now be on that host (moved,
 * ran code or exploited it), so the host's next breaches belong to the same attack.
 */
const MOVES_TO_TARGET: ReadonlySet<Phase> = new Set(['lateral-movement', 'execution', 'initial-access']);
/** Breaches slightly out of time order (meta-models, reorder slack) still find their links. */
const SLACK_SECONDS = 300;
const SWEEP_EVERY = 1024;
const MAX_SIGHTING_KEYS = 100_000;
const MAX_SIGHTING_DEVICES = 100;

function movesToTarget(m: ModelInfo): boolean {
  if (MOVES_TO_TARGET.has(m.phase)) return true;
  for (const p of m.phases) if (MOVES_TO_TARGET.has(p)) return true;
  return false;
}

interface Link {
  inc: OpenIncident;
  last: number;
  /** for lateral-movement targets: when the host was first reached */
  since?: number;
}

export class IncidentBuilder {
  private readonly o: ResolvedOptions;
  private readonly models = new Map<string, ModelInfo>();
  private readonly open = new Set<OpenIncident>();
  private readonly index = new Map<string, Link>();
  private closed: OpenIncident[] = [];
  private readonly sightings = new Sightings();
  private watermark = -Infinity;
  private adds = 0;

  /** `models`: the models the breaches come from (their phases, roles and recommended actions). */
  constructor(models: readonly Model[], options: AnalystOptions = {}) {
    this.o = resolveOptions(options);
    for (const m of models) this.models.set(m.id, modelInfo(m));
  }

  add(b: Breach): void {
    const info = this.models.get(b.model) ?? modelInfoFromBreach(b);
    const t = b.time;
    if (t > this.watermark) this.watermark = t;
    const W = this.o.windowSeconds;
    const L = this.o.linkWindowSeconds;
    const dest = b.destination;
    const destInternal = !!dest?.ip && this.o.isLocal(dest.ip);
    const creds = credentialsOf(b);

    // what this breach shares with open incidents
    const links: [string, number][] = [[`d:${b.device.id}`, W]];
    if (dest?.ip && !destInternal) links.push([`x:${dest.ip}`, L]);
    if (dest?.hostname && !destInternal) links.push([`h:${dest.hostname.toLowerCase()}`, L]);
    for (const c of creds) links.push([`c:${c.toLowerCase()}`, L]);
    const found = new Set<OpenIncident>();
    for (const [key, window] of links) {
      const l = this.index.get(key);
      if (l && t - l.last <= window && l.last - t <= SLACK_SECONDS + window) this.collect(l, found);
    }
    const target = this.index.get(`t:${b.device.ip}`);
    if (target && t >= target.since! - SLACK_SECONDS && t - target.last <= L) this.collect(target, found);

    const inc = found.size ? this.merge([...found]) : this.create(b);
    this.join(inc, b, info, destInternal, creds);
    for (const [key] of links) this.link(key, inc, t);
    if (dest?.ip && destInternal && dest.ip !== b.device.ip && movesToTarget(info)) {
      const key = `t:${dest.ip}`;
      const l = this.index.get(key);
      if (l && this.resolve(l.inc) === inc) l.last = Math.max(l.last, t);
      else this.index.set(key, { inc, last: t, since: t });
      if (!inc.targets.has(dest.ip)) inc.targets.set(dest.ip, t);
    }
    const sightingKey = dest?.ip || dest?.hostname;
    if (sightingKey) this.sightings.add(sightingKey, b.device);

    if (++this.adds % SWEEP_EVERY === 0) this.sweep();
    while (this.open.size > this.o.maxOpenIncidents) this.close(this.oldestOpen());
  }

  /**
   * Closes the incidents nothing has joined since `now − window` (event time; Infinity closes all)
   * and returns them, oldest first. The builder forgets them.
   */
  flush(now: number = this.watermark): Incident[] {
    const horizon = now - Math.max(this.o.windowSeconds, this.o.linkWindowSeconds);
    for (const inc of [...this.open]) if (inc.end < horizon) this.close(inc);
    const out = this.closed.map((inc) => this.render(inc));
    this.closed = [];
    this.sweep();
    return out.sort((a, b) => a.start - b.start || a.id.localeCompare(b.id));
  }

  /** The open incidents as they stand, oldest first. */
  incidents(): Incident[] {
    return [...this.open].map((inc) => this.render(inc)).sort((a, b) => a.start - b.start || a.id.localeCompare(b.id));
  }

  /** How many incidents are open (for metrics and tests of the bounds). */
  get openCount(): number {
    return this.open.size;
  }

  // ─── correlation ─────────────────────────────────────────────────────────────────────────────

  private resolve(inc: OpenIncident): OpenIncident {
    let i = inc;
    while (i.mergedInto) i = i.mergedInto;
    return i;
  }

  private collect(l: Link, found: Set<OpenIncident>): void {
    const inc = this.resolve(l.inc);
    if (!inc.closed) found.add(inc);
  }

  private link(key: string, inc: OpenIncident, t: number): void {
    const l = this.index.get(key);
    if (l && this.resolve(l.inc) === inc) l.last = Math.max(l.last, t);
    else this.index.set(key, { inc, last: t });
  }

  private create(b: Breach): OpenIncident {
    const key = [b.model, b.device.id, b.destination?.ip ?? '', b.destination?.port ?? '', b.time, ...b.uids].join('|');
    const inc: OpenIncident = {
      id: 'I' + createHash('sha256').update(key).digest('hex').slice(0, 15),
      start: b.time,
      end: b.time,
      groups: new Map(),
      devices: new Map(),
      breachIds: [],
      breachCount: 0,
      targets: new Map(),
    };
    this.open.add(inc);
    return inc;
  }

  /** Several open incidents meet: the earliest absorbs the others. */
  private merge(incs: OpenIncident[]): OpenIncident {
    incs.sort((a, b) => a.start - b.start || a.id.localeCompare(b.id));
    const [keep, ...rest] = incs as [OpenIncident, ...OpenIncident[]];
    for (const other of rest) {
      for (const d of other.devices.values()) this.deviceRef(keep, d);
      for (const [k, g] of other.groups) {
        g.device = keep.devices.get(g.device.id)!;
        const mine = keep.groups.get(k);
        if (!mine) keep.groups.set(k, g);
        else combine(mine, g);
      }
      for (const e of other.breachIds) if (keep.breachIds.length < this.o.maxBreachIdsPerIncident) keep.breachIds.push(e);
      keep.breachCount += other.breachCount;
      for (const [ip, t] of other.targets) keep.targets.set(ip, Math.min(t, keep.targets.get(ip) ?? t));
      keep.start = Math.min(keep.start, other.start);
      keep.end = Math.max(keep.end, other.end);
      other.mergedInto = keep;
      this.open.delete(other);
    }
    return keep;
  }

  private join(inc: OpenIncident, b: Breach, info: ModelInfo, destInternal: boolean, creds: string[]): void {
    inc.start = Math.min(inc.start, b.time);
    inc.end = Math.max(inc.end, b.time);
    inc.breachCount++;
    if (inc.breachIds.length < this.o.maxBreachIdsPerIncident) inc.breachIds.push([b.time, b.id]);
    const d = b.destination;
    const device = this.deviceRef(inc, b.device);
    // a destination is its address (a name some breaches lack would split it), else its name
    let key = `${b.model}|${b.device.id}|${d?.ip || d?.hostname || ''}|${d?.port ?? ''}`;
    let coarse = false;
    if (!inc.groups.has(key) && inc.groups.size >= this.o.maxGroupsPerIncident) {
      key = `${b.model}|${b.device.id}|*`;
      coarse = true;
    }
    const g = inc.groups.get(key);
    if (g) {
      combine(g, { first: b, best: b, last: b.time, count: 1, credentials: creds });
      if (d?.hostname && g.destination && !g.destination.hostname) g.destination = { ...g.destination, hostname: d.hostname };
      return;
    }
    inc.groups.set(key, {
      model: info,
      phase: info.meta ? this.metaPhase(inc, b.device.id, info) : info.phase,
      device,
      ...(d && !coarse ? { destination: d } : {}),
      destInternal: destInternal && !coarse,
      first: b,
      best: b,
      last: b.time,
      count: 1,
      credentials: creds,
    });
  }

  /** The incident's record of a device, completed with a hostname or type a later breach knows. */
  private deviceRef(inc: OpenIncident, d: { id: string; ip: string; hostname?: string; type?: string }): DeviceRef {
    let ref = inc.devices.get(d.id);
    if (!ref) inc.devices.set(d.id, (ref = { id: d.id, ip: d.ip }));
    if (d.hostname && !ref.hostname) ref.hostname = d.hostname;
    if (d.type && (!ref.type || ref.type === 'unknown')) ref.type = d.type;
    return ref;
  }

  /** A meta-model ("many breaches on this device") takes the phase of its device's strongest row. */
  private metaPhase(inc: OpenIncident, device: string, info: ModelInfo): Phase {
    let best: Group | undefined;
    for (const g of inc.groups.values()) if (g.device.id === device && !g.model.meta && (!best || weight(g) > weight(best))) best = g;
    return best?.phase ?? info.phase;
  }

  private close(inc: OpenIncident): void {
    inc.closed = true;
    this.open.delete(inc);
    this.closed.push(inc);
  }

  private oldestOpen(): OpenIncident {
    let old: OpenIncident | undefined;
    for (const inc of this.open) if (!old || inc.end < old.end) old = inc;
    return old!;
  }

  /** Drops links too old to join anything and links to incidents that are gone. */
  private sweep(): void {
    const horizon = this.watermark - Math.max(this.o.windowSeconds, this.o.linkWindowSeconds) - SLACK_SECONDS;
    for (const [k, l] of this.index) if (l.last < horizon || this.resolve(l.inc).closed) this.index.delete(k);
  }

  // ─── rendering ───────────────────────────────────────────────────────────────────────────────

  private render(inc: OpenIncident): Incident {
    const rows = [...inc.groups.values()].sort((a, b) => a.first.time - b.first.time || a.first.id.localeCompare(b.first.id));
    const devices = this.devicesOf(rows, inc);
    const groups = this.namedDestinations(rows, devices);
    const assessment = assess(groups, devices.length, this.o);
    const credentials = [...new Set(groups.flatMap((g) => g.credentials))];
    const view: IncidentView = { groups, devices, start: inc.start, end: inc.end, breachCount: inc.breachCount, credentials, assessment, offset: this.o.utcOffsetSeconds, minScore: this.o.corroborationMinScore };
    // one row per address and port: a name learned later (SNI, DNS) completes the row, not a second one
    const byKey = new Map<string, NonNullable<Breach['destination']>>();
    for (const g of groups) {
      const d = g.destination;
      if (!d) continue;
      const k = d.ip ? `${d.ip}|${d.port ?? ''}` : `|${d.hostname ?? ''}|${d.port ?? ''}`;
      const prev = byKey.get(k);
      if (!prev || (!prev.hostname && d.hostname)) byKey.set(k, prev ? { ...prev, ...d } : d);
    }
    const destinations = [...byKey.values()];
    return {
      id: inc.id,
      level: assessment.level,
      score: assessment.score,
      title: title(view),
      summary: summary(view),
      devices: devices.map((d) => ({ ...d })),
      destinations,
      breaches: [...inc.breachIds].sort((a, b) => a[0] - b[0] || a[1].localeCompare(b[1])).map((e) => e[1]),
      phases: PHASES.filter((p) => groups.some((g) => g.phase === p)),
      mitre: [...new Set(groups.flatMap((g) => g.model.mitre))].sort(),
      start: inc.start,
      end: inc.end,
      timeline: timeline(groups, this.o.utcOffsetSeconds),
      investigation: investigate({ groups, devices, start: inc.start, end: inc.end, context: this.o.context, sightings: this.sightings, offset: this.o.utcOffsetSeconds }),
      actions: actions(groups),
    };
  }

  /** Rows whose internal destination is a device we know by name, with that name (for the texts and the destinations). */
  private namedDestinations(rows: Group[], devices: readonly DeviceRef[]): Group[] {
    const names = new Map(devices.filter((d) => d.hostname).map((d) => [d.ip, d.hostname!]));
    return rows.map((g) => {
      const d = g.destination;
      if (!d?.ip || d.hostname || !g.destInternal) return g;
      const name = names.get(d.ip) ?? this.o.context.entities?.deviceFor(d.ip, g.first.time)?.hostnames[0]?.name;
      return name ? { ...g, destination: { ...d, hostname: name } } : g;
    });
  }

  /** Devices with breaches (first breach first), then hosts reached by lateral movement. */
  private devicesOf(groups: readonly Group[], inc: OpenIncident): DeviceRef[] {
    const out: DeviceRef[] = [];
    const ids = new Set<string>();
    const ips = new Set<string>();
    for (const g of groups) {
      if (ids.has(g.device.id)) continue;
      ids.add(g.device.id);
      ips.add(g.device.ip);
      // the device as known now (its type and name firm up as evidence arrives), not at its first breach
      const now = this.o.context.entities?.device(g.device.id);
      const host = now?.hostnames[0]?.name ?? g.device.hostname;
      const type = now?.type ?? g.device.type;
      out.push({ ...g.device, ...(host ? { hostname: host } : {}), ...(type ? { type } : {}) });
    }
    for (const [ip, t] of [...inc.targets].sort((a, b) => a[1] - b[1] || a[0].localeCompare(b[0]))) {
      if (ips.has(ip)) continue;
      const dev = this.o.context.entities?.deviceFor(ip, t);
      if (dev && ids.has(dev.id)) continue;
      ips.add(ip);
      const host = dev?.hostnames[0]?.name;
      out.push({ id: dev?.id ?? `ip:${ip}`, ip, ...(host ? { hostname: host } : {}), ...(dev ? { type: dev.type } : {}) });
    }
    return out;
  }
}

/** Adds row `b` into row `a` (same model, device and destination). */
function combine(a: Group, b: Pick<Group, 'first' | 'best' | 'last' | 'count' | 'credentials'>): void {
  if (b.first.time < a.first.time) a.first = b.first;
  if (b.best.score > a.best.score) a.best = b.best;
  a.last = Math.max(a.last, b.last);
  a.count += b.count;
  for (const c of b.credentials) if (!a.credentials.includes(c)) a.credentials.push(c);
}

/** Which devices had breaches involving each destination, bounded (least recently touched dropped first). */
class Sightings implements DestinationSightings {
  private readonly byDest = new Map<string, Map<string, { id: string; label: string; breaches: number }>>();

  add(dest: string, device: Breach['device']): void {
    let m = this.byDest.get(dest);
    if (m) this.byDest.delete(dest);
    else m = new Map();
    this.byDest.set(dest, m);
    if (this.byDest.size > MAX_SIGHTING_KEYS) this.byDest.delete(this.byDest.keys().next().value!);
    const e = m.get(device.id);
    if (e) e.breaches++;
    else if (m.size < MAX_SIGHTING_DEVICES) m.set(device.id, { id: device.id, label: deviceLabel(device), breaches: 1 });
  }

  devicesFor(dest: string): { id: string; label: string; breaches: number }[] {
    return [...(this.byDest.get(dest)?.values() ?? [])].map((e) => ({ ...e }));
  }
}
