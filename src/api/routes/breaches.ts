// Breaches: filtered, newest first, with the stored id as `id`.
import { z } from '@hono/zod-openapi';
import type { Breach as BreachT } from '../../schema/breach.js';
import type { ApiContext } from '../context.js';
import { notFound } from '../errors.js';
import { endpoint, type App } from '../route.js';
import { Breach, IdParam, Limit, Offset, Page, Time } from '../schemas.js';

const Query = z.object({
  since: Time.optional(),
  until: Time.optional(),
  model: z.string().max(200).optional(),
  device: z.string().max(200).optional(),
  category: z.string().max(100).optional(),
  min_score: z.coerce.number().min(0).max(100).optional(),
  q: z.string().max(200).optional(),
  limit: Limit(1000, 100),
  offset: Offset,
});
export type BreachQuery = z.infer<typeof Query>;

/** Does the breach mention the text (device, destination, model, user), case-insensitively? */
function mentions(b: BreachT, q: string): boolean {
  const hay = [b.model, b.model_name.en, b.model_name.ja, b.device.id, b.device.ip, b.device.hostname, b.destination?.ip, b.destination?.hostname, b.user];
  return hay.some((s) => s !== undefined && s.toLowerCase().includes(q));
}

export function filterBreaches(all: readonly BreachT[], q: Omit<BreachQuery, 'limit' | 'offset'>): BreachT[] {
  const text = q.q?.trim().toLowerCase();
  const out: BreachT[] = [];
  // newest first
  for (let i = all.length - 1; i >= 0; i--) {
    const b = all[i]!;
    if (q.since !== undefined && b.time < q.since) continue;
    if (q.until !== undefined && b.time >= q.until) continue;
    if (q.model && b.model !== q.model) continue;
    if (q.device && b.device.id !== q.device && b.device.ip !== q.device) continue;
    if (q.category && b.category !== q.category) continue;
    if (q.min_score !== undefined && b.score < q.min_score) continue;
    if (text && !mentions(b, text)) continue;
    out.push(b);
  }
  return out;
}

export function breachRoutes(app: App, ctx: ApiContext): void {
  endpoint(app, ctx, { method: 'get', path: '/api/breaches', summary: 'breaches, newest first', tag: 'breaches', role: 'viewer', query: Query, response: Page(Breach) }, async ({ query }) => {
    const { limit, offset, ...filters } = query;
    const found = filterBreaches(await ctx.snapshots.breaches(), filters);
    return { items: found.slice(offset, offset + limit), total: found.length };
  });

  endpoint(app, ctx, { method: 'get', path: '/api/breaches/{id}', summary: 'one breach', tag: 'breaches', role: 'viewer', params: IdParam, response: Breach }, async ({ params }) => {
    const r = await ctx.store.breaches.get(params.id);
    if (!r) throw notFound('breach', params.id);
    return { ...r.payload, id: r.id };
  });
}
