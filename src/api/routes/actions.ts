// Response actions: listed from the response stage (or, without one, read from the store), and an
// analyst's decisions on them, each audited and streamed.
import { z } from '@hono/zod-openapi';
import type { Action as ActionT } from '../../schema/action.js';
import type { ApiContext } from '../context.js';
import { ApiError, notFound } from '../errors.js';
import { responseErrorToApi } from '../response-control.js';
import { endpoint, type App } from '../route.js';
import { Action, ActionStateQuery, IdParam, Limit, Offset, Page } from '../schemas.js';

const Why = z.object({ why: z.string().max(2000).optional() });

export function actionRoutes(app: App, ctx: ApiContext): void {
  function control() {
    if (!ctx.response) throw new ApiError(503, 'response_unavailable', 'the response stage is not running in this server: actions can be read, not changed');
    return ctx.response;
  }

  endpoint(app, ctx, { method: 'get', path: '/api/actions', summary: 'response actions, newest first', tag: 'actions', role: 'viewer', query: z.object({ state: ActionStateQuery.optional(), limit: Limit(1000, 100), offset: Offset }), response: Page(Action) }, async ({ query }) => {
    // newest first; the response stage lists without a total, so the page is cut here
    const found = ctx.response
      ? await ctx.response.list(query.state ? { state: query.state } : {})
      : (await ctx.store.actions.list()).map((r) => ({ ...(r.payload as ActionT), id: r.id })).reverse().filter((a) => !query.state || a.state === query.state);
    return { items: found.slice(query.offset, query.offset + query.limit), total: found.length };
  });

  endpoint(app, ctx, { method: 'get', path: '/api/actions/{id}', summary: 'one action with its history', tag: 'actions', role: 'viewer', params: IdParam, response: Action }, async ({ params }) => {
    const a = ctx.response ? await ctx.response.get(params.id) : ((await ctx.store.actions.get(params.id))?.payload as ActionT | undefined);
    if (!a) throw notFound('action', params.id);
    return a;
  });

  const decide = (name: 'confirm' | 'clear' | 'reactivate' | 'extend', summary: string, body: z.ZodObject<z.ZodRawShape>) =>
    endpoint(app, ctx, { method: 'post', path: `/api/actions/{id}/${name}`, summary, tag: 'actions', role: 'analyst', params: IdParam, body, response: Action }, async ({ params, body: b, principal }) => {
      const rc = control();
      const before = await rc.get(params.id);
      if (!before) throw notFound('action', params.id);
      const { why, seconds } = b as { why?: string; seconds?: number };
      const by = principal.kind === 'user' ? principal.name : `token:${principal.name}`;
      const after = await (name === 'extend' ? rc.extend(params.id, seconds!, by, why) : rc[name](params.id, by, why)).catch((e: unknown) => {
        throw responseErrorToApi(e);
      });
      await ctx.audit(principal, `action.${name}`, params.id, { before: before.state, after: after.state, ...(why ? { why } : {}), ...(seconds ? { seconds } : {}) });
      ctx.publish({ kind: 'action', data: after });
      return after;
    });
  decide('confirm', 'put an action awaiting confirmation in force', Why);
  decide('clear', 'end an action now', Why);
  decide('reactivate', 'put an expired or cleared action in force again', Why);
  decide('extend', 'make an active action last longer', Why.extend({ seconds: z.number().int().min(60).max(90 * 86_400) }));
}
