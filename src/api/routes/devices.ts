// Devices (what the entities stage learned, with their breach counts), one device's page (activity
// by hour, hourly volumes, learned baselines, newest connections, breaches, actions) and the
// network graph.
import { z } from '@hono/zod-openapi';
import type { Action as ActionT } from '../../schema/action.js';
import type { EntityRecord } from '../../store/index.js';
import type { ApiContext } from '../context.js';
import { busiestPairs, deviceActivityByHour, deviceConnections, deviceVolumes, newestConn } from '../data/observations.js';
import type { DeviceStats } from '../data/snapshots.js';
import { notFound } from '../errors.js';
import { endpoint, type App } from '../route.js';
import { Action, Breach, Device, IdParam, Limit, Offset, Page, Time } from '../schemas.js';

const DAY = 86_400;

interface DevicePayload {
  ip?: string;
  ips?: string[];
  mac?: string;
  hostname?: string;
  hostnames?: string[];
  type?: string;
  peer_group?: string;
  users?: string[];
  connections?: number;
  bytes_in?: number;
  bytes_out?: number;
  activity_by_hour?: number[];
  baseline_by_hour?: { bytes_out?: number[]; bytes_in?: number[]; connections?: number[] };
}

const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
const nbr = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);
const strs = (v: unknown): string[] | undefined => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : undefined);

/** The API's Device from an entity record: only known fields, each of the right type. */
export function deviceOf(r: EntityRecord, stats: DeviceStats | undefined): z.infer<typeof Device> {
  const p = r.payload as DevicePayload;
  // the pipeline writes when the device was first seen; the record's own first_seen is when it was first stored
  const first = nbr((p as { first_seen?: unknown }).first_seen);
  const d: z.infer<typeof Device> = { id: r.id, ip: str(p.ip) ?? r.id, first_seen: first !== undefined && first < r.first_seen ? first : r.first_seen, last_seen: r.time };
  const opt = { ips: strs(p.ips), mac: str(p.mac), hostname: str(p.hostname), type: str(p.type), peer_group: str(p.peer_group), users: strs(p.users), connections: nbr(p.connections), bytes_in: nbr(p.bytes_in), bytes_out: nbr(p.bytes_out) };
  for (const [k, v] of Object.entries(opt)) if (v !== undefined) (d as Record<string, unknown>)[k] = v;
  if (stats) Object.assign(d, stats);
  return d;
}

const ListQuery = z.object({ q: z.string().max(200).optional(), type: z.string().max(100).optional(), peer_group: z.string().max(100).optional(), limit: Limit(5000, 100), offset: Offset });

const DevicePage = z.object({
  device: Device,
  activity_by_hour: z.array(z.number()),
  volumes: z.array(z.object({ t: z.number(), bytes_out: z.number(), bytes_in: z.number() })),
  baseline: z.object({ bytes_out_per_hour: z.array(z.number()).optional(), bytes_in_per_hour: z.array(z.number()).optional(), connections_per_hour: z.array(z.number()).optional() }),
  connections: z.array(z.record(z.string(), z.unknown())),
  breaches: z.array(Breach),
  actions: z.array(Action),
});

const Graph = z.object({
  nodes: z.array(z.object({ id: z.string(), kind: z.enum(['device', 'external', 'group']), label: z.string(), ip: z.string().optional(), group: z.string().optional(), threat: z.number() })),
  links: z.array(z.object({ source: z.string(), target: z.string(), bytes: z.number(), connections: z.number() })),
});

export function deviceRoutes(app: App, ctx: ApiContext): void {
  endpoint(app, ctx, { method: 'get', path: '/api/devices', summary: 'devices, most recently seen first', tag: 'devices', role: 'viewer', query: ListQuery, response: Page(Device) }, async ({ query }) => {
    const [all, stats] = await Promise.all([ctx.snapshots.devices(), ctx.snapshots.deviceStats()]);
    const q = query.q?.trim().toLowerCase();
    const found: EntityRecord[] = [];
    for (let i = all.length - 1; i >= 0; i--) {
      const r = all[i]!;
      const p = r.payload as DevicePayload;
      if (query.type && p.type !== query.type) continue;
      if (query.peer_group && p.peer_group !== query.peer_group) continue;
      if (q && ![r.id, p.ip, p.mac, p.hostname, ...(p.ips ?? []), ...(p.hostnames ?? []), ...(p.users ?? [])].some((s) => typeof s === 'string' && s.toLowerCase().includes(q))) continue;
      found.push(r);
    }
    return { items: found.slice(query.offset, query.offset + query.limit).map((r) => deviceOf(r, stats.get(r.id))), total: found.length };
  });

  endpoint(app, ctx, { method: 'get', path: '/api/devices/{id}', summary: "a device's page", tag: 'devices', role: 'viewer', params: IdParam, response: DevicePage }, async ({ params }) => {
    const r = (await ctx.store.entities.get(params.id)) as EntityRecord | undefined;
    if (!r || r.kind !== 'device') throw notFound('device', params.id);
    const p = r.payload as DevicePayload;
    const device = deviceOf(r, (await ctx.snapshots.deviceStats()).get(r.id));
    const ips = [...new Set([device.ip, ...(device.ips ?? [])])];
    const [volumes, activity, connections, breaches, actions] = await Promise.all([
      deviceVolumes(ctx.store, ips, r.time - 7 * DAY, r.time + 1),
      deviceActivityByHour(ctx.store, ips, r.time - 14 * DAY, r.time + 1),
      deviceConnections(ctx.store, ips),
      ctx.snapshots.breaches().then((all) => all.filter((b) => b.device.id === r.id).reverse()),
      ctx.store.actions.list().then((all) => all.map((a) => a.payload as ActionT).filter((a) => a.target?.device?.id === r.id).reverse()),
    ]);
    const b = p.baseline_by_hour ?? {};
    return {
      device,
      // connections per hour of day (from the stored connections), against the learned baseline below
      activity_by_hour: activity,
      volumes,
      baseline: { ...(b.bytes_out ? { bytes_out_per_hour: b.bytes_out } : {}), ...(b.bytes_in ? { bytes_in_per_hour: b.bytes_in } : {}), ...(b.connections ? { connections_per_hour: b.connections } : {}) },
      connections,
      breaches,
      actions,
    };
  });

  endpoint(
    app,
    ctx,
    {
      method: 'get',
      path: '/api/graph',
      summary: 'who talks to whom: the busiest address pairs of a period (default: the day up to the newest connection)',
      tag: 'devices',
      role: 'viewer',
      query: z.object({ limit: Limit(20_000, 5000), since: Time.optional(), until: Time.optional() }),
      response: Graph,
    },
    async ({ query }) => {
      const newest = await newestConn(ctx.store);
      const until = query.until ?? (newest !== undefined ? newest + 1 : ctx.clock());
      const since = query.since ?? until - DAY;
      const [pairs, devices, endpoints, stats] = await Promise.all([busiestPairs(ctx.store, since, until, query.limit), ctx.snapshots.devices(), ctx.snapshots.endpoints(), ctx.snapshots.deviceStats()]);
      const byIp = new Map<string, EntityRecord>();
      for (const d of devices) for (const ip of [(d.payload as DevicePayload).ip, ...((d.payload as DevicePayload).ips ?? [])]) if (ip) byIp.set(ip, d);
      const epByIp = new Map(endpoints.map((e) => [str((e.payload as { ip?: unknown }).ip) ?? e.id, e]));
      const nodes = new Map<string, z.infer<typeof Graph>['nodes'][number]>();
      const nodeFor = (ip: string): string => {
        const d = byIp.get(ip);
        if (d) {
          if (!nodes.has(d.id)) {
            const p = d.payload as DevicePayload;
            nodes.set(d.id, { id: d.id, kind: 'device', label: str(p.hostname) ?? str(p.ip) ?? d.id, ip: str(p.ip) ?? ip, ...(p.peer_group ? { group: p.peer_group } : {}), threat: stats.get(d.id)?.max_score ?? 0 });
          }
          return d.id;
        }
        const id = `ip:${ip}`;
        if (!nodes.has(id)) {
          const host = str((epByIp.get(ip)?.payload as { hostname?: unknown } | undefined)?.hostname);
          nodes.set(id, { id, kind: 'external', label: host ?? ip, ip, threat: 0 });
        }
        return id;
      };
      const links = pairs.map((p) => ({ source: nodeFor(p.orig), target: nodeFor(p.resp), bytes: p.bytes, connections: p.connections }));
      return { nodes: [...nodes.values()], links };
    },
  );
}
