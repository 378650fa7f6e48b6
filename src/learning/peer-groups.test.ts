import { describe, expect, test } from 'vitest';
import { mulberry32 as rng } from '../net/prng.js';
import { hash32 } from './hash.js';
import { FEATURE_LENGTH, PeerActivity, type PeerConnection } from './peer-features.js';
import { PeerGroups } from './peer-groups.js';

const T0 = 1_700_006_400; // a Wednesday, 00:00 UTC
const HOUR = 3600;
const DAY = 86400;


type Kind = 'workstation' | 'server' | 'camera';
const hourOf = (ts: number): number => Math.floor(ts / HOUR) % 24;

/** Connections of one device of a kind over [from, to), with per-device and per-connection noise. */
function traffic(kind: Kind, device: number, from: number, to: number, r: () => number): PeerConnection[] {
  const out: PeerConnection[] = [];
  const ext = (i: number): number => hash32('ext-' + i);
  if (kind === 'workstation') {
    const perHour = 15 + Math.floor(r() * 15);
    const start = 7 + Math.floor(r() * 3);
    const end = 16 + Math.floor(r() * 4);
    for (let h = from; h < to; h += HOUR) {
      const hod = hourOf(h);
      // mostly office hours; a little background traffic at night
      const n = hod >= start && hod < end ? perHour : r() < 0.3 ? 1 : 0;
      for (let i = 0; i < n; i++) {
        const ts = h + Math.floor(r() * HOUR);
        const u = r();
        const [port, external] = u < 0.65 ? [r() < 0.8 ? 443 : 80, true] : u < 0.85 ? [53, false] : u < 0.93 ? [445, false] : u < 0.97 ? [88, false] : [1024 + Math.floor(r() * 60000), r() < 0.5];
        out.push({ ts, hourOfDay: hourOf(ts), port, served: false, peerIsExternal: external, peerHash: external ? ext(Math.floor(r() * 3000)) : 0, bytesOut: 500 + r() * 2000, bytesIn: 5000 + r() * 200_000 });
      }
    }
  } else if (kind === 'server') {
    const perHour = 60 + Math.floor(r() * 80);
    const web = 0.7 + r() * 0.2;
    const ssh = web + (1 - web) * (0.3 + r() * 0.4);
    for (let h = from; h < to; h += HOUR) {
      const n = Math.round(perHour * (0.7 + r() * 0.6));
      for (let i = 0; i < n; i++) {
        const ts = h + Math.floor(r() * HOUR);
        const u = r();
        const port = u < web ? 443 : u < ssh ? 22 : 5432;
        const external = r() < 0.1;
        out.push({ ts, hourOfDay: hourOf(ts), port, served: true, peerIsExternal: external, peerHash: external ? ext(Math.floor(r() * 200)) : 0, bytesOut: 20_000 + r() * 500_000, bytesIn: 300 + r() * 2000 });
      }
      // the occasional update check
      if (r() < 0.05) out.push({ ts: h + 60, hourOfDay: hourOf(h), port: 443, served: false, peerIsExternal: true, peerHash: ext(7), bytesOut: 800, bytesIn: 50_000 });
    }
  } else {
    const dest = ext(100_000 + (device % 3));
    for (let ts = from + Math.floor(r() * 300); ts < to; ts += 300) {
      const t = ts + Math.floor((r() - 0.5) * 20);
      out.push({ ts: t, hourOfDay: hourOf(t), port: 443, served: false, peerIsExternal: true, peerHash: dest, bytesOut: 150_000 + r() * 100_000, bytesIn: 2000 + r() * 1000 });
      if (r() < 0.01) out.push({ ts: t + 1, hourOfDay: hourOf(t), port: 123, served: false, peerIsExternal: true, peerHash: ext(9), bytesOut: 90, bytesIn: 90 });
    }
  }
  return out;
}

interface Population {
  kinds: Map<string, Kind>;
  activities: Map<string, PeerActivity>;
  end: number;
}

const COUNTS: Record<Kind, number> = { workstation: 40, server: 20, camera: 25 };

function population(seed = 1, days = 5): Population {
  const r = rng(seed);
  const kinds = new Map<string, Kind>();
  const activities = new Map<string, PeerActivity>();
  const end = T0 + days * DAY;
  for (const kind of ['workstation', 'server', 'camera'] as const) {
    for (let d = 0; d < COUNTS[kind]; d++) {
      const id = `dev:${kind}-${String(d).padStart(2, '0')}`;
      const a = new PeerActivity(T0);
      for (const c of traffic(kind, d, T0, end, r)) a.add(c);
      kinds.set(id, kind);
      activities.set(id, a);
    }
  }
  return { kinds, activities, end };
}

function grouped(p: Population, order: readonly string[] = [...p.activities.keys()]): PeerGroups {
  const g = new PeerGroups();
  for (const id of order) g.update(id, p.activities.get(id)!.features(p.end), p.end);
  g.recompute(p.end);
  return g;
}

/** The group holding most of a population, with its share of the population and the population's share of the group. */
function dominant(g: PeerGroups, p: Population, kind: Kind): { group: string; recall: number; purity: number } {
  const counts = new Map<string, number>();
  for (const [id, k] of p.kinds) {
    if (k !== kind) continue;
    const m = g.groupOf(id);
    const key = m?.group ?? '(none)';
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  const [group, n] = [...counts].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))[0]!;
  const size = g.list().find((x) => x.id === group)?.members.length ?? 0;
  return { group, recall: n / COUNTS[kind], purity: size === 0 ? 0 : n / size };
}

describe('peer groups', () => {
  test('the feature vector has the documented length and stays finite', () => {
    const p = population(3, 2);
    for (const a of p.activities.values()) {
      const f = a.features(p.end);
      expect(f.values).toHaveLength(FEATURE_LENGTH);
      expect(f.values.every(Number.isFinite)).toBe(true);
    }
  });

  const p = population();

  test('workstations, servers and cameras each end in their own group (purity ≥ 90 %)', () => {
    const g = grouped(p);
    const seen = new Set<string>();
    for (const kind of ['workstation', 'server', 'camera'] as const) {
      const d = dominant(g, p, kind);
      expect(d.group, kind).not.toBe('(none)');
      expect(d.recall, `${kind}: share of the population in its group`).toBeGreaterThanOrEqual(0.9);
      expect(d.purity, `${kind}: share of its group from the population`).toBeGreaterThanOrEqual(0.9);
      seen.add(d.group);
    }
    expect(seen.size).toBe(3);
    expect(g.groupOf('dev:server-03')?.members).toBe(g.list().find((x) => x.id === g.groupOf('dev:server-03')!.group)!.members.length);
  });

  test('a workstation that starts behaving like a server moves to the servers’ group at the next recompute', () => {
    const g = grouped(p);
    const ws = 'dev:workstation-07';
    const before = g.groupOf(ws)!.group;
    const servers = dominant(g, p, 'server').group;
    const cameras = dominant(g, p, 'camera').group;
    expect(before).not.toBe(servers);

    // a week of serving: its decayed history is now mostly a server's
    const a = PeerActivity.fromState(p.activities.get(ws)!.toState());
    const r = rng(99);
    const end = p.end + 7 * DAY;
    for (const c of traffic('server', 7, p.end, end, r)) a.add(c);
    g.update(ws, a.features(end), end);
    expect(g.groupOf(ws)!.group).toBe(before); // nothing moves before a recompute
    g.recompute(end);

    expect(g.groupOf(ws)!.group).toBe(servers);
    // the other groups keep their ids
    expect(g.groupOf('dev:workstation-08')!.group).toBe(before);
    expect(g.groupOf('dev:camera-00')!.group).toBe(cameras);
  });

  test('the same input gives the same groups, whatever the order of the updates', () => {
    const ids = [...p.activities.keys()];
    const shuffled = ids.slice();
    const r = rng(7);
    for (let i = shuffled.length - 1; i > 0; i--) {
      const j = Math.floor(r() * (i + 1));
      [shuffled[i], shuffled[j]] = [shuffled[j]!, shuffled[i]!];
    }
    const a = JSON.stringify(grouped(p, ids).snapshot());
    const b = JSON.stringify(grouped(p, shuffled).snapshot());
    const c = JSON.stringify(grouped(population(), ids).snapshot());
    expect(b).toBe(a);
    expect(c).toBe(a);
  });

  test('devices with too little evidence stay ungrouped', () => {
    const g = grouped(p);
    const a = new PeerActivity(p.end - HOUR);
    for (const c of traffic('workstation', 0, p.end - HOUR, p.end, rng(5)).slice(0, 10)) a.add(c);
    g.update('dev:newcomer', a.features(p.end), p.end);
    g.recompute(p.end);
    expect(g.groupOf('dev:newcomer')).toBeUndefined();
    expect(g.groupOf('dev:unknown')).toBeUndefined();
  });

  test('snapshot → JSON → restore gives the same state, and the same next recompute', () => {
    const g = grouped(p);
    const json = JSON.stringify(g.snapshot());
    const h = new PeerGroups();
    h.restore(JSON.parse(json));
    expect(JSON.stringify(h.snapshot())).toBe(json);
    for (const id of p.activities.keys()) expect(h.groupOf(id)).toEqual(g.groupOf(id));
    const later = p.end + DAY;
    g.recompute(later);
    h.recompute(later);
    expect(JSON.stringify(h.snapshot())).toBe(JSON.stringify(g.snapshot()));
    expect(() => h.restore({ ...JSON.parse(json), format: 'other' })).toThrow();
  });

  test('a PeerActivity survives its own snapshot', () => {
    const a = p.activities.get('dev:camera-01')!;
    const b = PeerActivity.fromState(JSON.parse(JSON.stringify(a.toState())));
    expect(b.features(p.end + DAY)).toEqual(a.features(p.end + DAY));
  });
});
