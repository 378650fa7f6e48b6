// Incidents with their workflow (status, comments), the analyst's actions on them (each audited and
// streamed), and the incident report rendered by src/report.
import { z } from '@hono/zod-openapi';
import { htmlToPdf, incidentReport, loadEvidence, loadIncident, renderHtml, ReportError } from '../../report/index.js';
import type { Breach } from '../../schema/breach.js';
import type { Incident } from '../../schema/incident.js';
import type { ApiContext } from '../context.js';
import { IncidentWorkflow, view, type IncidentView as View } from '../data/incident-workflow.js';
import { ApiError, notFound } from '../errors.js';
import { endpoint, type App } from '../route.js';
import { Breach as BreachSchema, IdParam, INCIDENT_STATUSES, IncidentView, Limit, Offset, Page, Time } from '../schemas.js';

const ListQuery = z.object({
  level: z.coerce.number().int().min(0).max(3).optional(),
  status: z.enum(INCIDENT_STATUSES).optional(),
  since: Time.optional(),
  until: Time.optional(),
  limit: Limit(1000, 100),
  offset: Offset,
});

/** A sandboxed page: the report's inline styles and images, no script, no network, its own origin. */
const REPORT_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; sandbox";

export function incidentRoutes(app: App, ctx: ApiContext): void {
  const workflow = new IncidentWorkflow(ctx.store, ctx.clock);

  async function incident(id: string): Promise<Incident> {
    const r = await ctx.store.incidents.get(id);
    if (!r) throw notFound('incident', id);
    return { ...(r.payload as Incident), id: r.id };
  }

  endpoint(app, ctx, { method: 'get', path: '/api/incidents', summary: 'incidents, most recent first', tag: 'incidents', role: 'viewer', query: ListQuery, response: Page(IncidentView) }, async ({ query }) => {
    const [all, wf] = await Promise.all([ctx.snapshots.incidents(), workflow.all()]);
    const out: View[] = [];
    for (let i = all.length - 1; i >= 0; i--) {
      const x = all[i]!;
      if (query.level !== undefined && x.level !== query.level) continue;
      if (query.since !== undefined && x.end < query.since) continue;
      if (query.until !== undefined && x.start >= query.until) continue;
      const v = view(x, wf.get(x.id));
      if (query.status && v.status !== query.status) continue;
      out.push(v);
    }
    return { items: out.slice(query.offset, query.offset + query.limit), total: out.length };
  });

  endpoint(
    app,
    ctx,
    { method: 'get', path: '/api/incidents/{id}', summary: 'an incident with its breaches', tag: 'incidents', role: 'viewer', params: IdParam, response: z.object({ incident: IncidentView, breaches: z.array(BreachSchema) }) },
    async ({ params }) => {
      const i = await incident(params.id);
      const rows = await Promise.all(i.breaches.map((id) => ctx.store.breaches.get(id)));
      const breaches = rows.filter((r) => r !== undefined).map((r) => ({ ...(r.payload as Breach), id: r.id }));
      return { incident: view(i, await workflow.get(i.id)), breaches };
    },
  );

  const change = (name: 'acknowledge' | 'comment' | 'close' | 'reopen', summary: string, body?: z.ZodObject<z.ZodRawShape>) =>
    endpoint(app, ctx, { method: 'post', path: `/api/incidents/{id}/${name}`, summary, tag: 'incidents', role: 'analyst', params: IdParam, ...(body ? { body } : {}), response: IncidentView }, async ({ params, body: b, principal }) => {
      const i = await incident(params.id);
      const input = (b ?? {}) as { text?: string; reason?: string };
      const what = name === 'comment' ? { kind: name, text: input.text! } : name === 'close' ? { kind: name, ...(input.reason ? { reason: input.reason } : {}) } : { kind: name };
      const { before, after } = await workflow.change(i.id, principal.name, what);
      await ctx.audit(principal, `incident.${name}`, i.id, { before: before.status, after: after.status, ...(input.text ? { text: input.text } : {}), ...(input.reason ? { reason: input.reason } : {}) });
      const v = view(i, after);
      ctx.publish({ kind: 'incident', data: v });
      return v;
    });
  change('acknowledge', 'acknowledge: someone is on it');
  change('comment', 'add a comment', z.object({ text: z.string().trim().min(1).max(10_000) }));
  change('close', 'close, with a reason', z.object({ reason: z.string().max(2000).optional() }));
  change('reopen', 'reopen a closed incident');

  endpoint(
    app,
    ctx,
    {
      method: 'get',
      path: '/api/incidents/{id}/report',
      summary: 'the incident report (src/report) as HTML or PDF, in English or Japanese',
      tag: 'incidents',
      role: 'viewer',
      params: IdParam,
      query: z.object({ lang: z.enum(['en', 'ja']).default('en'), format: z.enum(['html', 'pdf']).default('html') }),
      file: ['text/html', 'application/pdf'],
    },
    async ({ params, query, c }) => {
      const found = await loadIncident(ctx.store, params.id);
      if (!found) throw notFound('incident', params.id);
      const doc = incidentReport({ ...found, evidence: await loadEvidence(ctx.store, found.breaches), lang: query.lang, offset: 0, now: ctx.clock() });
      const html = renderHtml(doc);
      const name = `incident-${params.id.replace(/[^A-Za-z0-9_-]/g, '_')}-${query.lang}.${query.format}`;
      if (query.format === 'pdf') {
        const pdf = await htmlToPdf(html).catch((e: unknown) => {
          if (e instanceof ReportError) throw new ApiError(503, 'pdf_unavailable', e.message);
          throw e;
        });
        return c.body(pdf as Uint8Array<ArrayBuffer>, 200, { 'Content-Type': 'application/pdf', 'Content-Disposition': `attachment; filename="${name}"` });
      }
      return c.body(html, 200, { 'Content-Type': 'text/html; charset=utf-8', 'Content-Disposition': `inline; filename="${name}"`, 'Content-Security-Policy': REPORT_CSP });
    },
  );
}
