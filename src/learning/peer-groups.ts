// Peer groups: devices clustered by what they do (feature vectors from peer-features.ts), recomputed
// on demand as behaviour changes. Models can then compare a device with its peers ("no other
// workstation talks SMB to the domain controller like this") and notice a device changing group.
//
// Clustering: k-means++ over-segmentation, then agglomerative merging of the centroids.
//  - k-means scales to tens of thousands of devices (O(n·k·d) per iteration) where agglomerative
//    clustering over devices needs O(n²) memory; but a fixed k forces its number of groups on the
//    network. So k is deliberately generous (k = clamp(ceil(√n), 1, 64): rather split a population
//    than mix two), and the k centroids are then merged, closest pair first (size-weighted centroid
//    linkage), while they are closer than `mergeDistance`. The number of groups follows the data.
//  - Deterministic: devices are sorted by id, the PRNG (mulberry32) is seeded with a fixed seed, ties
//    go to the lowest index. The same updates give the same groups, whatever the insertion order.
//  - Group ids are stable across recomputes: a new cluster inherits the id of the previous group it
//    shares most members with (largest overlap first), so "the device moved to another group" is a
//    change of id, not an artefact of renumbering.
//  - Devices with too little evidence (support < minSupport) or idle for more than maxIdle stay
//    ungrouped.
import { mulberry32 as prng } from '../net/prng.js';
import { DEVICE_HALF_LIFE } from './parameters.js';

export interface PeerGroupsOptions {
  /** minimum evidence (connections) for a device to be grouped (default 50) */
  minSupport?: number;
  /** devices not updated for this long (event seconds) before a recompute stay ungrouped (default the device half-life) */
  maxIdle?: number;
  /** centroids closer than this (Euclidean, feature space) are merged into one group (default 0.35) */
  mergeDistance?: number;
  /** upper bound on k-means' k (default 64) */
  maxK?: number;
  /** PRNG seed (default fixed) */
  seed?: number;
}

export interface PeerGroupMembership {
  /** group id ('pg1', 'pg2', …) */
  group: string;
  /** members in the group */
  members: number;
  /** the device's distance to its group's centroid at the last recompute */
  distance: number;
}

export interface PeerGroupInfo {
  id: string;
  centroid: number[];
  /** member device ids, sorted */
  members: string[];
}

export interface PeerGroupsSnapshot {
  format: 'mamori-peer-groups';
  version: 1;
  next_group: number;
  recomputed_at: number;
  /** sorted by id */
  devices: { id: string; values: number[]; support: number; first: number; last: number; group: string | null; distance: number }[];
  /** sorted by id number */
  groups: { id: string; centroid: number[] }[];
}

interface DeviceEntry {
  values: number[];
  support: number;
  first: number;
  last: number;
  group: string | undefined;
  distance: number;
}

interface Group {
  id: string;
  centroid: number[];
  size: number;
}


function dist2(a: readonly number[], b: readonly number[]): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) {
    const d = a[i]! - b[i]!;
    s += d * d;
  }
  return s;
}

const groupNumber = (id: string): number => Number(id.slice(2));

export class PeerGroups {
  private readonly devices = new Map<string, DeviceEntry>();
  private groups = new Map<string, Group>();
  private nextGroup = 1;
  private recomputedAt = 0;
  private readonly minSupport: number;
  private readonly maxIdle: number;
  private readonly mergeDistance: number;
  private readonly maxK: number;
  private readonly seed: number;
  private dims = -1;

  constructor(options: PeerGroupsOptions = {}) {
    this.minSupport = options.minSupport ?? 50;
    this.maxIdle = options.maxIdle ?? DEVICE_HALF_LIFE;
    this.mergeDistance = options.mergeDistance ?? 0.35;
    this.maxK = Math.max(1, options.maxK ?? 64);
    this.seed = options.seed ?? 0x6d616d6f;
  }

  /** Records a device's current features (they replace the previous ones; groups change at the next recompute). */
  update(deviceId: string, features: { values: readonly number[]; support: number }, ts: number): void {
    const values = Array.from(features.values);
    if (this.dims < 0) this.dims = values.length;
    if (values.length !== this.dims) throw new RangeError(`peer features of ${deviceId}: ${values.length} values, expected ${this.dims}`);
    if (!values.every(Number.isFinite)) throw new RangeError(`peer features of ${deviceId}: not all finite`);
    const e = this.devices.get(deviceId);
    if (e) {
      e.values = values;
      e.support = features.support;
      e.first = Math.min(e.first, ts);
      e.last = Math.max(e.last, ts);
    } else {
      this.devices.set(deviceId, { values, support: features.support, first: ts, last: ts, group: undefined, distance: 0 });
    }
  }

  /** Forgets a device (e.g. evicted by the entities stage). */
  remove(deviceId: string): void {
    const e = this.devices.get(deviceId);
    if (!e) return;
    this.devices.delete(deviceId);
    if (e.group !== undefined) {
      const g = this.groups.get(e.group);
      if (g && --g.size === 0) this.groups.delete(g.id);
    }
  }

  /** The device's group at the last recompute, or undefined when ungrouped. */
  groupOf(deviceId: string): PeerGroupMembership | undefined {
    const e = this.devices.get(deviceId);
    if (!e || e.group === undefined) return undefined;
    const g = this.groups.get(e.group)!;
    return { group: g.id, members: g.size, distance: e.distance };
  }

  /** All groups, by id. */
  list(): PeerGroupInfo[] {
    const members = new Map<string, string[]>();
    for (const id of [...this.devices.keys()].sort()) {
      const g = this.devices.get(id)!.group;
      if (g !== undefined) (members.get(g) ?? members.set(g, []).get(g)!).push(id);
    }
    return [...this.groups.values()]
      .sort((a, b) => groupNumber(a.id) - groupNumber(b.id))
      .map((g) => ({ id: g.id, centroid: g.centroid.slice(), members: members.get(g.id) ?? [] }));
  }

  /** Re-clusters every eligible device. Deterministic in the devices' ids, features and times. */
  recompute(ts: number): void {
    this.recomputedAt = ts;
    const ids = [...this.devices.keys()].sort();
    const eligible: string[] = [];
    for (const id of ids) {
      const e = this.devices.get(id)!;
      if (e.support >= this.minSupport && ts - e.last <= this.maxIdle) eligible.push(id);
    }
    const points = eligible.map((id) => this.devices.get(id)!.values);
    const { assign, centroids } = this.cluster(points);

    // stable ids: match new clusters to old groups by member overlap, largest first
    const overlap = new Map<string, number>(); // "cluster|oldGroup" → count
    eligible.forEach((id, i) => {
      const old = this.devices.get(id)!.group;
      if (old !== undefined) {
        const key = assign[i] + '|' + old;
        overlap.set(key, (overlap.get(key) ?? 0) + 1);
      }
    });
    const pairs = [...overlap].map(([k, n]) => {
      const [c, g] = k.split('|') as [string, string];
      return { c: Number(c), g, n };
    });
    pairs.sort((a, b) => b.n - a.n || a.c - b.c || groupNumber(a.g) - groupNumber(b.g));
    const idOf = new Array<string | undefined>(centroids.length);
    const taken = new Set<string>();
    for (const p of pairs) {
      if (idOf[p.c] !== undefined || taken.has(p.g)) continue;
      idOf[p.c] = p.g;
      taken.add(p.g);
    }
    for (let c = 0; c < centroids.length; c++) idOf[c] ??= 'pg' + this.nextGroup++;

    const groups = new Map<string, Group>();
    for (let c = 0; c < centroids.length; c++) groups.set(idOf[c]!, { id: idOf[c]!, centroid: centroids[c]!, size: 0 });
    for (const e of this.devices.values()) {
      e.group = undefined;
      e.distance = 0;
    }
    eligible.forEach((id, i) => {
      const e = this.devices.get(id)!;
      const g = groups.get(idOf[assign[i]!]!)!;
      e.group = g.id;
      e.distance = Math.sqrt(dist2(e.values, g.centroid));
      g.size++;
    });
    this.groups = groups;
  }

  /** k-means++ then centroid merging; returns each point's cluster index and the clusters' centroids. */
  private cluster(points: readonly number[][]): { assign: number[]; centroids: number[][] } {
    const n = points.length;
    if (n === 0) return { assign: [], centroids: [] };
    const d = points[0]!.length;
    const k = Math.min(n, Math.max(1, Math.min(this.maxK, Math.ceil(Math.sqrt(n)))));
    const rand = prng(this.seed);

    // k-means++ seeding
    let centroids: number[][] = [points[Math.floor(rand() * n)]!.slice()];
    const best = points.map((p) => dist2(p, centroids[0]!));
    while (centroids.length < k) {
      let total = 0;
      for (const b of best) total += b;
      if (total === 0) break; // every point sits on a centroid already
      let r = rand() * total;
      let pick = n - 1;
      for (let i = 0; i < n; i++) {
        r -= best[i]!;
        if (r < 0) {
          pick = i;
          break;
        }
      }
      const c = points[pick]!.slice();
      centroids.push(c);
      for (let i = 0; i < n; i++) best[i] = Math.min(best[i]!, dist2(points[i]!, c));
    }

    // Lloyd iterations
    let assign = new Array<number>(n).fill(-1);
    for (let iter = 0; iter < 100; iter++) {
      let changed = false;
      for (let i = 0; i < n; i++) {
        const a = nearest(points[i]!, centroids);
        if (a !== assign[i]) {
          assign[i] = a;
          changed = true;
        }
      }
      if (!changed) break;
      centroids = means(points, assign, centroids, d);
    }

    // drop empty clusters, then merge close centroids (size-weighted centroid linkage)
    const sizes = new Array<number>(centroids.length).fill(0);
    for (const a of assign) sizes[a]!++;
    const label = centroids.map((_, c) => c);
    let live = centroids.map((_, c) => c).filter((c) => sizes[c]! > 0);
    const limit = this.mergeDistance * this.mergeDistance;
    for (;;) {
      let bi = -1;
      let bj = -1;
      let bd = Infinity;
      for (let x = 0; x < live.length; x++) {
        for (let y = x + 1; y < live.length; y++) {
          const dd = dist2(centroids[live[x]!]!, centroids[live[y]!]!);
          if (dd < bd) {
            bd = dd;
            bi = live[x]!;
            bj = live[y]!;
          }
        }
      }
      if (bi < 0 || bd >= limit) break;
      const si = sizes[bi]!;
      const sj = sizes[bj]!;
      centroids[bi] = centroids[bi]!.map((v, t) => (v * si + centroids[bj]![t]! * sj) / (si + sj));
      sizes[bi] = si + sj;
      sizes[bj] = 0;
      for (let c = 0; c < label.length; c++) if (label[c] === bj) label[c] = bi;
      live = live.filter((c) => c !== bj);
    }
    const index = new Map<number, number>(live.map((c, i) => [c, i]));
    assign = assign.map((a) => index.get(label[a]!)!);
    // centroids of the final groups: exact means of their members
    const finalCentroids = means(points, assign, live.map((c) => centroids[c]!), d);
    return { assign, centroids: finalCentroids };
  }

  snapshot(): PeerGroupsSnapshot {
    return {
      format: 'mamori-peer-groups',
      version: 1,
      next_group: this.nextGroup,
      recomputed_at: this.recomputedAt,
      devices: [...this.devices.keys()].sort().map((id) => {
        const e = this.devices.get(id)!;
        return { id, values: e.values.slice(), support: e.support, first: e.first, last: e.last, group: e.group ?? null, distance: e.distance };
      }),
      groups: [...this.groups.values()].sort((a, b) => groupNumber(a.id) - groupNumber(b.id)).map((g) => ({ id: g.id, centroid: g.centroid.slice() })),
    };
  }

  /** Replaces this instance's state with a snapshot's (options stay this instance's). */
  restore(s: PeerGroupsSnapshot): void {
    if (s.format !== 'mamori-peer-groups' || s.version !== 1) throw new Error(`not a peer groups snapshot (format ${String(s.format)} version ${String(s.version)})`);
    this.devices.clear();
    this.groups = new Map(s.groups.map((g) => [g.id, { id: g.id, centroid: g.centroid.slice(), size: 0 }]));
    this.dims = -1;
    for (const d of s.devices) {
      if (this.dims < 0) this.dims = d.values.length;
      const group = d.group ?? undefined;
      if (group !== undefined) {
        const g = this.groups.get(group);
        if (!g) throw new Error(`peer groups snapshot: device ${d.id} in unknown group ${group}`);
        g.size++;
      }
      this.devices.set(d.id, { values: d.values.slice(), support: d.support, first: d.first, last: d.last, group, distance: d.distance });
    }
    this.nextGroup = s.next_group;
    this.recomputedAt = s.recomputed_at;
  }
}

function nearest(p: readonly number[], centroids: readonly number[][]): number {
  let best = 0;
  let bd = Infinity;
  for (let c = 0; c < centroids.length; c++) {
    const dd = dist2(p, centroids[c]!);
    if (dd < bd) {
      bd = dd;
      best = c;
    }
  }
  return best;
}

/** Member means per cluster; a cluster without members keeps its previous centroid. */
function means(points: readonly number[][], assign: readonly number[], previous: readonly number[][], d: number): number[][] {
  const sums = previous.map(() => new Array<number>(d).fill(0));
  const counts = new Array<number>(previous.length).fill(0);
  for (let i = 0; i < points.length; i++) {
    const s = sums[assign[i]!]!;
    const p = points[i]!;
    for (let t = 0; t < d; t++) s[t]! += p[t]!;
    counts[assign[i]!]!++;
  }
  return sums.map((s, c) => (counts[c]! > 0 ? s.map((v) => v / counts[c]!) : previous[c]!.slice()));
}
