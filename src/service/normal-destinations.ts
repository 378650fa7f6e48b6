// What is normal for a device and for its peer group, for the response engine's "enforce pattern of
// life" actions: the destinations (address, port, protocol) a device used on at least MIN_DAYS
// different days of the last LOOKBACK_DAYS, from the stored connections, refreshed in the background
// (the engine asks synchronously, at the moment it proposes an action). A group's normal is what at
// least half of its members (and at least two) have as normal.
import type { NormalDestination, NormalProvider } from '../response/index.js';
import { ge, type Store } from '../store/index.js';

const DAY = 86_400;
const LOOKBACK_DAYS = 14;
const MIN_DAYS = 2;
/** A destination used this often on a single day is normal too (a new deployment has one day). */
const MIN_CONNECTIONS_ONE_DAY = 20;
/** Rows read per refresh at most (device × destination × port × day). */
const MAX_ROWS = 500_000;
/** Destinations allowed per device or group at most. */
const MAX_PER_DEVICE = 256;

export interface DeviceDirectory {
  /** the addresses a device id has had */
  addresses(deviceId: string): string[];
  /** the device ids of a peer group */
  members(group: string): string[];
}

export class StoreNormalProvider implements NormalProvider {
  private byIp = new Map<string, NormalDestination[]>();
  refreshedAt = 0;

  constructor(
    private readonly store: Store,
    private readonly directory: DeviceDirectory,
  ) {}

  /** Recomputes every device's normal destinations from the stored connections up to `now` (epoch seconds). */
  async refresh(now: number): Promise<void> {
    const rows = await this.store.observations.aggregate('conn', {
      where: ge('ts', now - LOOKBACK_DAYS * DAY),
      group_by: [{ field: 'id.orig_h' }, { field: 'id.resp_h' }, { field: 'id.resp_p' }, { field: 'proto' }, { time_bucket: DAY }],
      measures: [{ op: 'count' }],
      limit: MAX_ROWS,
    });
    const days = new Map<string, { dest: NormalDestination; days: number; max: number }>();
    for (const r of rows) {
      const [orig, resp, port, proto] = r.keys as [string, string, number, string];
      if (proto !== 'tcp' && proto !== 'udp') continue;
      const k = `${orig}|${resp}|${port}|${proto}`;
      const e = days.get(k) ?? { dest: { ip: resp, port, proto }, days: 0, max: 0 };
      e.days++;
      e.max = Math.max(e.max, r.values[0]!);
      days.set(k, e);
    }
    const byIp = new Map<string, NormalDestination[]>();
    for (const [k, e] of days) {
      if (e.days < MIN_DAYS && e.max < MIN_CONNECTIONS_ONE_DAY) continue;
      const orig = k.slice(0, k.indexOf('|'));
      const list = byIp.get(orig) ?? [];
      if (list.length < MAX_PER_DEVICE) list.push(e.dest);
      byIp.set(orig, list);
    }
    this.byIp = byIp;
    this.refreshedAt = now;
  }

  deviceNormal(deviceId: string): NormalDestination[] {
    const seen = new Set<string>();
    const out: NormalDestination[] = [];
    for (const ip of this.directory.addresses(deviceId)) {
      for (const d of this.byIp.get(ip) ?? []) {
        const k = `${d.ip}|${d.port}|${d.proto}`;
        if (!seen.has(k) && out.length < MAX_PER_DEVICE) {
          seen.add(k);
          out.push(d);
        }
      }
    }
    return out;
  }

  groupNormal(group: string): NormalDestination[] {
    const members = this.directory.members(group);
    if (members.length < 2) return [];
    const votes = new Map<string, { d: NormalDestination; n: number }>();
    for (const m of members) for (const d of this.deviceNormal(m)) {
      const k = `${d.ip}|${d.port}|${d.proto}`;
      const v = votes.get(k) ?? { d, n: 0 };
      v.n++;
      votes.set(k, v);
    }
    return [...votes.values()].filter((v) => v.n * 2 >= members.length).sort((a, b) => b.n - a.n).slice(0, MAX_PER_DEVICE).map((v) => v.d);
  }
}

/** The directory from what live learning knows. */
export function learnedDirectory(entities: { device(id: string): { ips: { ip: string }[] } | undefined; devices(): { id: string }[] }, pol: { peerGroupOf(id: string): { group: string } | undefined }): DeviceDirectory {
  return {
    addresses: (id) => entities.device(id)?.ips.map((i) => i.ip) ?? [],
    members: (group) => entities.devices().filter((d) => pol.peerGroupOf(d.id)?.group === group).map((d) => d.id),
  };
}

