// PatternOfLife: everything the learning stage knows, updated one observation at a time. It learns;
// it never decides what is a threat (metrics.ts turns this state into numbers with baselines, and the
// models stage judges them).
//
// Contract with the caller: observations arrive annotated with the internal device they concern
// (`ctx.device`, from the entities stage) and the other side (`ctx.peer`, an id or IP). Time is the
// observations' event time only. `observe` then `metrics` for the same observation: metrics compare
// the observation with a history that includes it (first contact has age 0, a lone visitor counts as
// 1 of N devices).
import type { Observation } from '../schema/observation.js';
import type { BeaconTracker } from './beacon-tracker.js';
import { DeviceProfile } from './device-profile.js';
import { DnsStats, type DnsQueryFacts, type DomainItem } from './dns-stats.js';
import { isExternalName, normaliseHost } from './domain.js';
import { enforceCap } from './evict.js';
import { PeerActivity } from './peer-features.js';
import { PeerGroups, type PeerGroupMembership } from './peer-groups.js';
import { FirstSeenRegistry, type FirstSeenEntry } from './first-seen.js';
import { hash32 } from './hash.js';
import { BeaconTracker as Tracker } from './beacon-tracker.js';
import {
  MAX_BEACON_PAIRS,
  MAX_DNS_DOMAINS,
  MAX_FIRST_SEEN_ENTRIES,
  MAX_RARITY_ITEMS_PER_KIND,
  RARITY_GENERATION,
  PEER_RECOMPUTE_INTERVAL,
} from './parameters.js';
import { RarityTable, type RarityItem } from './rarity.js';
import { hourOfWeek } from './time-profile.js';
import type { StateStore } from '../store/types.js';
import { readCheckpoint, writeCheckpoint } from './persistence.js';
import { restoreInto, takeSnapshot, type PatternOfLifeSnapshot } from './snapshot.js';

/** What the caller knows about an observation's parties. */
export interface ObserveContext {
  /** the internal device the observation concerns, or undefined when none is known */
  device?: string;
  /** the other side: an entity id or an IP */
  peer?: string;
  /** the other side is outside the organisation */
  peerIsExternal: boolean;
  /** the device originated the connection (default: unless `peer` is the originator address) */
  deviceIsOriginator?: boolean;
  /** a user or credential seen on this observation (Kerberos client, NTLM user, HTTP username, …) */
  user?: string;
}

export type RarityKind = 'host' | 'ip' | 'ja3' | 'ja4' | 'ua';
export const RARITY_KINDS: readonly RarityKind[] = ['host', 'ip', 'ja3', 'ja4', 'ua'];
export type FirstSeenKind = 'dest' | 'host' | 'port' | 'credential';
export const FIRST_SEEN_KINDS: readonly FirstSeenKind[] = ['dest', 'host', 'port', 'credential'];

export interface PatternOfLifeOptions {
  /** site time zone offset from UTC, seconds (time-of-day profiles are in local time) */
  utcOffsetSeconds?: number;
}

/** Where the next replayed observation goes: the checkpoint records the last one applied. */
export interface ReplayPosition {
  /** observations applied since learning began (the next one to apply has this 0-based index) */
  index: number;
  /** uid and ts of the last observation applied ('' and 0 before any) */
  uid: string;
  ts: number;
}

/** The state an observation touched (or would touch), handed to metrics without a second lookup. */
export class Touched {
  obs: Observation | undefined = undefined;
  ts = 0;
  gen = 0;
  how = 0;
  device: DeviceProfile | undefined = undefined;
  deviceIsOriginator = true;
  peer = '';
  port = '';
  bytesOut = 0;
  ip: RarityItem | undefined = undefined;
  host: RarityItem | undefined = undefined;
  hostName = '';
  ja3: RarityItem | undefined = undefined;
  ja4: RarityItem | undefined = undefined;
  ua: RarityItem | undefined = undefined;
  dest: FirstSeenEntry | undefined = undefined;
  hostSeen: FirstSeenEntry | undefined = undefined;
  portSeen: FirstSeenEntry | undefined = undefined;
  credential: FirstSeenEntry | undefined = undefined;
  beacon: BeaconTracker | undefined = undefined;
  dns: DnsQueryFacts | undefined = undefined;
  domain: DomainItem | undefined = undefined;

  reset(obs: Observation, ts: number, gen: number, how: number): void {
    this.obs = obs;
    this.ts = ts;
    this.gen = gen;
    this.how = how;
    this.device = undefined;
    this.deviceIsOriginator = true;
    this.peer = '';
    this.port = '';
    this.bytesOut = 0;
    this.ip = this.host = this.ja3 = this.ja4 = this.ua = undefined;
    this.hostName = '';
    this.dest = this.hostSeen = this.portSeen = this.credential = undefined;
    this.beacon = undefined;
    this.dns = undefined;
    this.domain = undefined;
  }
}

const SEP = '\u001f';

/** "proto/port" strings and their hashes, made once per (proto, port) instead of once per connection. */
class PortNames {
  private readonly byProto = new Map<string, (string | undefined)[]>();
  private readonly hashes = new Map<string, number>();

  name(proto: string, port: number): string {
    if (!(port >= 0 && port < 65536 && Number.isInteger(port))) return proto + '/' + port;
    let names = this.byProto.get(proto);
    if (!names) this.byProto.set(proto, (names = new Array<string | undefined>(65536)));
    return (names[port] ??= proto + '/' + port);
  }

  hash(name: string): number {
    let h = this.hashes.get(name);
    if (h === undefined) {
      h = hash32(name);
      if (this.hashes.size < 1 << 18) this.hashes.set(name, h);
    }
    return h;
  }
}

export class PatternOfLife {
  readonly utcOffset: number;
  /** event-time span of everything observed (0 before any) */
  firstTs = 0;
  lastTs = 0;
  position: ReplayPosition = { index: 0, uid: '', ts: 0 };

  readonly devices = new Map<string, DeviceProfile>();
  /** devices per generation they were last active in: active devices = this gen's + the previous one's */
  readonly devicesByGen = new Map<number, number>();
  readonly rarity: Record<RarityKind, RarityTable>;
  readonly firstSeen: Record<FirstSeenKind, FirstSeenRegistry>;
  readonly beacons = new Map<string, Tracker>();
  dns = new DnsStats(MAX_DNS_DOMAINS);
  /** per-device behaviour tallies behind the peer groups */
  readonly peerActivity = new Map<string, PeerActivity>();
  /** devices clustered by behaviour; recomputed once per event-time day (PEER_RECOMPUTE_INTERVAL) */
  peerGroups = new PeerGroups();
  peerRecomputedAt = 0;

  /** scratch for the last observation, so metrics() need not look everything up again */
  private readonly touched = new Touched();
  private readonly probe = new Touched();
  private readonly ports = new PortNames();

  constructor(options: PatternOfLifeOptions = {}) {
    this.utcOffset = options.utcOffsetSeconds ?? 0;
    this.rarity = {
      host: new RarityTable(MAX_RARITY_ITEMS_PER_KIND),
      ip: new RarityTable(MAX_RARITY_ITEMS_PER_KIND),
      ja3: new RarityTable(MAX_RARITY_ITEMS_PER_KIND),
      ja4: new RarityTable(MAX_RARITY_ITEMS_PER_KIND),
      ua: new RarityTable(MAX_RARITY_ITEMS_PER_KIND),
    };
    this.firstSeen = {
      dest: new FirstSeenRegistry(MAX_FIRST_SEEN_ENTRIES),
      host: new FirstSeenRegistry(MAX_FIRST_SEEN_ENTRIES),
      port: new FirstSeenRegistry(MAX_FIRST_SEEN_ENTRIES),
      credential: new FirstSeenRegistry(MAX_FIRST_SEEN_ENTRIES),
    };
  }

  /** The learned state, JSON-compatible, byte-identical for identical input (see snapshot.ts). */
  snapshot(): PatternOfLifeSnapshot<RarityKind, FirstSeenKind> {
    return takeSnapshot(this, RARITY_KINDS, FIRST_SEEN_KINDS);
  }

  static restore(snapshot: PatternOfLifeSnapshot): PatternOfLife {
    const p = new PatternOfLife({ utcOffsetSeconds: snapshot.utc_offset_seconds });
    restoreInto(p, snapshot as PatternOfLifeSnapshot<RarityKind, FirstSeenKind>, RARITY_KINDS, FIRST_SEEN_KINDS);
    return p;
  }

  /** Saves the state as checkpoint `name`; returns its sequence number. See persistence.ts for the replay contract. */
  checkpoint(store: StateStore, name: string): Promise<number> {
    return writeCheckpoint(store, name, this.snapshot());
  }

  /** The state of the latest checkpoint `name`; continue with the input from `position.index`. */
  static async resume(store: StateStore, name: string): Promise<PatternOfLife> {
    return PatternOfLife.restore(await readCheckpoint(store, name));
  }

  /** Devices active (seen) in the rarity window as of generation `gen`. */
  activeDevices(gen: number): number {
    return (this.devicesByGen.get(gen) ?? 0) + (this.devicesByGen.get(gen - 1) ?? 0);
  }

  /** Event-time days of history the org has. */
  historyDays(): number {
    return (this.lastTs - this.firstTs) / 86400;
  }

  /** Learns from one observation. */
  observe(obs: Observation, ctx: ObserveContext): void {
    const r = obs.record as { ts: number; uid?: string };
    const ts = r.ts;
    this.position = { index: this.position.index + 1, uid: r.uid ?? '', ts };
    if (this.firstTs === 0 || ts < this.firstTs) this.firstTs = ts;
    if (ts > this.lastTs) this.lastTs = ts;
    const t = this.touched;
    this.fill(t, obs, ctx, true);
    if (ts - this.peerRecomputedAt >= PEER_RECOMPUTE_INTERVAL) this.recomputePeerGroups(ts);
  }

  /** Re-clusters devices by behaviour as of `ts` (runs by itself once per event-time day). */
  recomputePeerGroups(ts: number): void {
    if (this.peerRecomputedAt === 0) {
      // the first day only sets the clock: a day of history is the least a behaviour vector needs
      this.peerRecomputedAt = ts;
      return;
    }
    for (const [id, a] of this.peerActivity) this.peerGroups.update(id, a.features(ts), ts);
    this.peerGroups.recompute(ts);
    this.peerRecomputedAt = ts;
  }

  /** The device's behaviour peer group as of the last recompute (undefined: not enough evidence yet). */
  peerGroupOf(deviceId: string): PeerGroupMembership | undefined {
    return this.peerGroups.groupOf(deviceId);
  }

  private groupByHash = new Map<number, string>();
  private groupSizes = new Map<string, number>();
  private groupsAt = -1;

  /** Group id of a device by the hash rarity sets keep (rebuilt after each recompute or restore). */
  groupOfHash(hash: number): string | undefined {
    this.indexGroups();
    return this.groupByHash.get(hash);
  }

  /** Members of a peer group at the last recompute. */
  peerGroupSize(group: string): number {
    this.indexGroups();
    return this.groupSizes.get(group) ?? 0;
  }

  private indexGroups(): void {
    if (this.groupsAt === this.peerRecomputedAt) return;
    this.groupByHash.clear();
    this.groupSizes.clear();
    for (const g of this.peerGroups.list()) {
      this.groupSizes.set(g.id, g.members.length);
      for (const id of g.members) this.groupByHash.set(hash32(id), g.id);
    }
    this.groupsAt = this.peerRecomputedAt;
  }

  /**
   * What an observation touched: after observe() of the same object, the cached result; otherwise a
   * read-only lookup (nothing is learned).
   */
  lookup(obs: Observation, ctx: ObserveContext): Touched {
    if (this.touched.obs === obs) return this.touched;
    this.fill(this.probe, obs, ctx, false);
    return this.probe;
  }

  private fill(t: Touched, obs: Observation, ctx: ObserveContext, learn: boolean): void {
    const ts = (obs.record as { ts: number }).ts;
    const gen = Math.floor(ts / RARITY_GENERATION);
    t.reset(obs, ts, gen, hourOfWeek(ts, this.utcOffset));
    const deviceId = ctx.device;
    const device = deviceId === undefined ? undefined : learn ? this.touchDevice(deviceId, ts, gen) : this.devices.get(deviceId);
    t.device = device;
    const dh = device?.hash;

    switch (obs.type) {
      case 'conn':
        this.conn(t, obs.record, ctx, deviceId, learn);
        break;
      case 'dns': {
        const q = obs.record.query;
        if (q) this.hostName(t, q, deviceId, dh, learn, true);
        break;
      }
      case 'ssl': {
        const rec = obs.record;
        if (rec.server_name) this.hostName(t, rec.server_name, deviceId, dh, learn, false);
        if (rec.ja3) t.ja3 = this.rare('ja3', rec.ja3, dh, ts, gen, learn);
        if (rec.ja4) t.ja4 = this.rare('ja4', rec.ja4, dh, ts, gen, learn);
        break;
      }
      case 'http': {
        const rec = obs.record;
        if (rec.host) this.hostName(t, rec.host, deviceId, dh, learn, false);
        if (rec.user_agent) t.ua = this.rare('ua', rec.user_agent, dh, ts, gen, learn);
        break;
      }
      default:
        break;
    }
    if (ctx.user !== undefined && deviceId !== undefined) {
      t.credential = this.seen('credential', deviceId + SEP + ctx.user, ts, learn);
    }
  }

  private touchDevice(id: string, ts: number, gen: number): DeviceProfile {
    let d = this.devices.get(id);
    if (!d) {
      d = new DeviceProfile(ts, hash32(id), this.utcOffset);
      this.devices.set(id, d);
    }
    if (ts < d.first) d.first = ts;
    if (ts > d.last) d.last = ts;
    if (gen > d.lastGen) {
      if (d.lastGen >= 0) {
        const left = (this.devicesByGen.get(d.lastGen) ?? 0) - 1;
        if (left > 0) this.devicesByGen.set(d.lastGen, left);
        else this.devicesByGen.delete(d.lastGen);
      }
      this.devicesByGen.set(gen, (this.devicesByGen.get(gen) ?? 0) + 1);
      d.lastGen = gen;
    }
    return d;
  }

  private conn(t: Touched, rec: Extract<Observation, { type: 'conn' }>['record'], ctx: ObserveContext, deviceId: string | undefined, learn: boolean): void {
    const isOrig = ctx.deviceIsOriginator ?? ctx.peer !== rec.id.orig_h;
    const peer = ctx.peer ?? (isOrig ? rec.id.resp_h : rec.id.orig_h);
    const bytesOut = (isOrig ? rec.orig_bytes : rec.resp_bytes) ?? 0;
    const bytesIn = (isOrig ? rec.resp_bytes : rec.orig_bytes) ?? 0;
    const port = this.ports.name(rec.proto, rec.id.resp_p);
    t.deviceIsOriginator = isOrig;
    t.peer = peer;
    t.port = port;
    t.bytesOut = bytesOut;
    const device = t.device;
    if (ctx.peerIsExternal) t.ip = this.rare('ip', peer, device?.hash, t.ts, t.gen, learn);
    if (deviceId === undefined || !device) return;
    if (learn) {
      const peerHash = ctx.peerIsExternal ? undefined : hash32(peer);
      const portHash = isOrig ? this.ports.hash(port) : undefined;
      device.addConnection(t.ts, t.how, bytesOut, bytesIn, peerHash, portHash);
      let activity = this.peerActivity.get(deviceId);
      if (!activity) this.peerActivity.set(deviceId, (activity = new PeerActivity(t.ts)));
      activity.add({ ts: t.ts, hourOfDay: t.how % 24, port: rec.id.resp_p, served: !isOrig, peerIsExternal: ctx.peerIsExternal, peerHash: peerHash ?? hash32(peer), bytesOut, bytesIn });
    }
    const pair = deviceId + SEP + peer;
    t.dest = this.seen('dest', pair + SEP + port, t.ts, learn);
    if (!isOrig) return;
    if (ctx.peerIsExternal) t.portSeen = this.seen('port', deviceId + SEP + port, t.ts, learn);
    let tracker = this.beacons.get(pair);
    // a beacon repeats: a pair gets a tracker from its second connection on, which spares the long
    // tail of one-off (device, destination) pairs an allocation each
    if (learn && (tracker || (t.dest?.count ?? 0) > 1)) {
      if (!tracker) {
        tracker = new Tracker();
        this.beacons.set(pair, tracker);
        if (this.beacons.size > MAX_BEACON_PAIRS) enforceCap(this.beacons, MAX_BEACON_PAIRS);
      }
      tracker.add(t.ts, rec.orig_bytes ?? 0);
    }
    t.beacon = tracker;
  }

  private hostName(t: Touched, raw: string, deviceId: string | undefined, dh: number | undefined, learn: boolean, isDns: boolean): void {
    const name = normaliseHost(raw);
    if (!isExternalName(name)) return;
    t.hostName = name;
    t.host = this.rare('host', name, dh, t.ts, t.gen, learn);
    if (deviceId !== undefined) t.hostSeen = this.seen('host', deviceId + SEP + name, t.ts, learn);
    if (isDns) {
      const f = DnsStats.facts(name);
      t.dns = f;
      t.domain = learn ? this.dns.observe(f, t.ts, t.gen) : this.dns.domains.get(f.domain);
    }
  }

  private rare(kind: RarityKind, key: string, dh: number | undefined, ts: number, gen: number, learn: boolean): RarityItem | undefined {
    return learn ? this.rarity[kind].touch(key, dh, ts, gen) : this.rarity[kind].get(key);
  }

  private seen(kind: FirstSeenKind, key: string, ts: number, learn: boolean): FirstSeenEntry | undefined {
    return learn ? this.firstSeen[kind].touch(key, ts) : this.firstSeen[kind].get(key);
  }
}
