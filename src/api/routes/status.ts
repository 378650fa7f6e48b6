// The system status (counts, sources, pipeline) and the dashboard's summary of a period.
import { z } from '@hono/zod-openapi';
import { OBSERVATION_SCHEMAS } from '../../schema/registry.js';
import type { ObservationType } from '../../schema/observation.js';
import type { ApiContext } from '../context.js';
import { IncidentWorkflow, view } from '../data/incident-workflow.js';
import { endpoint, type App } from '../route.js';
import { Status, Time } from '../schemas.js';

const DAY = 86_400;

/** observation totals are costly (one count per table): at most one count every few seconds */
let counted: { at: number; ctx: ApiContext; value: Promise<number> } | undefined;
function observationCount(ctx: ApiContext): Promise<number> {
  const now = Date.now();
  if (counted && counted.ctx === ctx && now - counted.at < 10_000) return counted.value;
  const value = Promise.all(Object.keys(OBSERVATION_SCHEMAS).map((t) => ctx.store.observations.count(t as ObservationType))).then((n) => n.reduce((a, b) => a + b, 0));
  counted = { at: now, ctx, value };
  return value;
}

export async function statusOf(ctx: ApiContext): Promise<z.infer<typeof Status>> {
  const now = ctx.clock();
  const s = ctx.status();
  const [devices, observations, breaches, incidents, actionsActive] = await Promise.all([
    ctx.snapshots.devices().then((d) => d.length),
    observationCount(ctx),
    ctx.snapshots.breaches().then((b) => b.length),
    ctx.snapshots.incidents().then((i) => i.length),
    ctx.response ? ctx.response.list({ state: 'active' }).then((r) => r.length) : ctx.store.actions.list().then((a) => a.filter((r) => (r.payload as { state?: string }).state === 'active').length),
  ]);
  return {
    version: ctx.version,
    started: ctx.started,
    uptime_s: Math.round(now - ctx.started),
    now,
    sources: s.sources,
    counts: { devices, observations, breaches, incidents, actions_active: actionsActive },
    pipeline: s.pipeline,
  };
}

const Dashboard = z.object({
  since: z.number(),
  until: z.number(),
  incidents_by_level: z.object({ '0': z.number(), '1': z.number(), '2': z.number(), '3': z.number() }),
  breach_timeline: z.array(z.object({ t: z.number(), count: z.number(), max_score: z.number() })),
  top_devices: z.array(z.object({ id: z.string(), ip: z.string(), hostname: z.string().optional(), breaches: z.number(), max_score: z.number() })),
  recent_incidents: z.array(z.object({ id: z.string(), level: z.number(), score: z.number(), title: z.object({ en: z.string(), ja: z.string() }), start: z.number(), end: z.number(), devices: z.number(), breaches: z.number(), status: z.string() })),
  status: Status,
});

/** Bucket width for about 48–200 buckets: hours up to a week, then 6 hours, then days. */
function bucketFor(seconds: number): number {
  return seconds <= 7 * DAY ? 3600 : seconds <= 31 * DAY ? 6 * 3600 : DAY;
}

export function statusRoutes(app: App, ctx: ApiContext): void {
  const workflow = new IncidentWorkflow(ctx.store, ctx.clock);

  endpoint(app, ctx, { method: 'get', path: '/api/status', summary: 'version, counts, sources and pipeline state', tag: 'status', role: 'viewer', response: Status }, () => statusOf(ctx));

  endpoint(
    app,
    ctx,
    {
      method: 'get',
      path: '/api/dashboard',
      summary: 'incidents by level, breach timeline, top devices and recent incidents of a period (default: the 7 days up to the newest breach)',
      tag: 'status',
      role: 'viewer',
      query: z.object({ since: Time.optional(), until: Time.optional() }),
      response: Dashboard,
    },
    async ({ query }) => {
      const [breaches, incidents, wf, status, devices] = await Promise.all([ctx.snapshots.breaches(), ctx.snapshots.incidents(), workflow.all(), statusOf(ctx), ctx.snapshots.devices()]);
      // a breach may predate the device's name (DHCP or DNS named it later): the learned device knows it
      const names = new Map<string, string>();
      for (const d of devices) {
        const h = (d.payload as { hostname?: unknown }).hostname;
        if (typeof h === 'string') names.set(d.id, h);
      }
      const newest = incidents.reduce((m, i) => Math.max(m, i.end), breaches.at(-1)?.time ?? 0);
      const until = query.until ?? (newest > 0 ? Math.floor(newest) + 1 : Math.ceil(ctx.clock()));
      const since = query.since ?? until - 7 * DAY;
      const bucket = bucketFor(until - since);
      const timeline = new Map<number, { t: number; count: number; max_score: number }>();
      const perDevice = new Map<string, { id: string; ip: string; hostname?: string; breaches: number; max_score: number }>();
      for (const b of breaches) {
        if (b.time < since || b.time >= until) continue;
        const t = Math.floor(b.time / bucket) * bucket;
        const slot = timeline.get(t) ?? { t, count: 0, max_score: 0 };
        slot.count++;
        slot.max_score = Math.max(slot.max_score, b.score);
        timeline.set(t, slot);
        const hostname = b.device.hostname ?? names.get(b.device.id);
        const d = perDevice.get(b.device.id) ?? { id: b.device.id, ip: b.device.ip, ...(hostname ? { hostname } : {}), breaches: 0, max_score: 0 };
        d.breaches++;
        d.max_score = Math.max(d.max_score, b.score);
        perDevice.set(b.device.id, d);
      }
      const inPeriod = incidents.filter((i) => i.end >= since && i.start < until);
      const byLevel = { '0': 0, '1': 0, '2': 0, '3': 0 };
      for (const i of inPeriod) byLevel[String(i.level) as '0']++;
      const recent = [...inPeriod].sort((a, b) => b.end - a.end || b.level - a.level).slice(0, 10);
      return {
        since,
        until,
        incidents_by_level: byLevel,
        breach_timeline: [...timeline.values()].sort((a, b) => a.t - b.t),
        top_devices: [...perDevice.values()].sort((a, b) => b.max_score - a.max_score || b.breaches - a.breaches).slice(0, 10),
        recent_incidents: recent.map((i) => {
          const v = view(i, wf.get(i.id));
          return { id: i.id, level: i.level, score: i.score, title: i.title, start: i.start, end: i.end, devices: i.devices.length, breaches: i.breaches.length, status: v.status };
        }),
        status,
      };
    },
  );
}
