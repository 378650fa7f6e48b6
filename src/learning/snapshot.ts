// The learned state as one JSON-compatible object with a deterministic layout: fixed field order,
// maps as arrays sorted by key, floats as JSON numbers (which round-trip float64 exactly). Two runs
// over the same observations give byte-identical JSON, whatever order their Maps were filled in.
import { BeaconTracker, type BeaconTrackerState } from './beacon-tracker.js';
import { DeviceProfile, type DeviceProfileState } from './device-profile.js';
import { DnsStats, type DnsStatsState } from './dns-stats.js';
import { sortedEntries } from './evict.js';
import { FirstSeenRegistry, type FirstSeenState } from './first-seen.js';
import { PeerActivity, type PeerActivityState } from './peer-features.js';
import type { PeerGroups, PeerGroupsSnapshot } from './peer-groups.js';
import { MAX_DNS_DOMAINS, MAX_RARITY_ITEMS_PER_KIND } from './parameters.js';
import { RarityTable, type RarityItemState } from './rarity.js';

export const SNAPSHOT_FORMAT = 'mamori.learning.pattern-of-life';
/** Bump when the layout changes; restore refuses versions it does not know. */
export const SNAPSHOT_VERSION = 2;

type Kinds<K extends string, V> = Record<K, V>;

export interface PatternOfLifeSnapshot<R extends string = string, F extends string = string> {
  format: typeof SNAPSHOT_FORMAT;
  version: number;
  utc_offset_seconds: number;
  first_ts: number;
  last_ts: number;
  position: { index: number; uid: string; ts: number };
  devices_by_gen: [number, number][];
  devices: [string, DeviceProfileState][];
  rarity: Kinds<R, RarityItemState[]>;
  first_seen: Kinds<F, FirstSeenState>;
  beacons: [string, BeaconTrackerState][];
  dns: DnsStatsState;
  peer_activity: [string, PeerActivityState][];
  peer_groups: PeerGroupsSnapshot;
  peer_recomputed_at: number;
}

/** The parts of PatternOfLife that are state (everything else is caches). */
export interface LearnedParts<R extends string, F extends string> {
  utcOffset: number;
  firstTs: number;
  lastTs: number;
  position: { index: number; uid: string; ts: number };
  devicesByGen: Map<number, number>;
  devices: Map<string, DeviceProfile>;
  rarity: Record<R, RarityTable>;
  firstSeen: Record<F, FirstSeenRegistry>;
  beacons: Map<string, BeaconTracker>;
  dns: DnsStats;
  peerActivity: Map<string, PeerActivity>;
  peerGroups: PeerGroups;
  peerRecomputedAt: number;
}

export function takeSnapshot<R extends string, F extends string>(p: LearnedParts<R, F>, rarityKinds: readonly R[], firstSeenKinds: readonly F[]): PatternOfLifeSnapshot<R, F> {
  const rarity = {} as Kinds<R, RarityItemState[]>;
  for (const k of rarityKinds) rarity[k] = p.rarity[k].toState();
  const firstSeen = {} as Kinds<F, FirstSeenState>;
  for (const k of firstSeenKinds) firstSeen[k] = p.firstSeen[k].toState();
  return {
    format: SNAPSHOT_FORMAT,
    version: SNAPSHOT_VERSION,
    utc_offset_seconds: p.utcOffset,
    first_ts: p.firstTs,
    last_ts: p.lastTs,
    position: { index: p.position.index, uid: p.position.uid, ts: p.position.ts },
    devices_by_gen: [...p.devicesByGen].sort((a, b) => a[0] - b[0]),
    devices: sortedEntries(p.devices).map(([k, d]) => [k, d.toState()]),
    rarity,
    first_seen: firstSeen,
    beacons: sortedEntries(p.beacons).map(([k, b]) => [k, b.toState()]),
    dns: p.dns.toState(),
    peer_activity: sortedEntries(p.peerActivity).map(([k, a]) => [k, a.toState()]),
    peer_groups: p.peerGroups.snapshot(),
    peer_recomputed_at: p.peerRecomputedAt,
  };
}

/** Fills fresh parts (from a new PatternOfLife with the snapshot's utc offset) from a snapshot. */
export function restoreInto<R extends string, F extends string>(p: LearnedParts<R, F>, s: PatternOfLifeSnapshot<R, F>, rarityKinds: readonly R[], firstSeenKinds: readonly F[]): void {
  if (s.format !== SNAPSHOT_FORMAT) throw new LearningStateError('bad_snapshot', `not a pattern-of-life snapshot (format ${JSON.stringify(s.format)})`);
  if (s.version !== SNAPSHOT_VERSION) {
    throw new LearningStateError('unsupported_version', `pattern-of-life snapshot version ${s.version} is not supported by this build (${SNAPSHOT_VERSION}); relearn or upgrade`);
  }
  p.firstTs = s.first_ts;
  p.lastTs = s.last_ts;
  p.position = { ...s.position };
  for (const [g, n] of s.devices_by_gen) p.devicesByGen.set(g, n);
  for (const [k, d] of s.devices) p.devices.set(k, DeviceProfile.fromState(d, p.utcOffset));
  for (const k of rarityKinds) p.rarity[k] = RarityTable.fromState(MAX_RARITY_ITEMS_PER_KIND, s.rarity[k] ?? []);
  for (const k of firstSeenKinds) if (s.first_seen[k]) p.firstSeen[k] = FirstSeenRegistry.fromState(s.first_seen[k]);
  for (const [k, b] of s.beacons) p.beacons.set(k, BeaconTracker.fromState(b));
  p.dns = DnsStats.fromState(MAX_DNS_DOMAINS, s.dns);
  for (const [k, a] of s.peer_activity) p.peerActivity.set(k, PeerActivity.fromState(a));
  p.peerGroups.restore(s.peer_groups);
  p.peerRecomputedAt = s.peer_recomputed_at;
}

export type LearningStateErrorCode = 'bad_snapshot' | 'unsupported_version' | 'no_checkpoint';

/** A learned state that cannot be used, with a stable code. */
export class LearningStateError extends Error {
  override readonly name = 'LearningStateError';
  constructor(
    readonly code: LearningStateErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}
