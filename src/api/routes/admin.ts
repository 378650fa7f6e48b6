// Administration: users, API tokens, the audit log and the display settings. Every change is audited
// (never with a password or token in it).
import { z } from '@hono/zod-openapi';
import { actorOf } from '../auth/roles.js';
import { userView } from '../auth/users.js';
import type { ApiContext } from '../context.js';
import { badRequest } from '../errors.js';
import { endpoint, type App } from '../route.js';
import { AuditEntry, IdParam, Limit, NameParam, Offset, Ok, Role, TokenView, UserView } from '../schemas.js';

export const SETTINGS_NAMESPACE = 'settings';
const SETTINGS_KEY = 'ui';

const Settings = z
  .object({
    language: z.enum(['en', 'ja']),
    /** an IANA zone name (Asia/Tokyo) the UI shows times in */
    time_zone: z.string().min(1).max(64),
    /** incidents below this level are hidden by default */
    min_level_shown: z.number().int().min(0).max(3),
    /** scores at or above these are drawn as high and critical */
    score_high: z.number().int().min(0).max(100),
    score_critical: z.number().int().min(0).max(100),
  })
  .strict()
  .openapi('Settings');
type SettingsT = z.infer<typeof Settings>;
const DEFAULT_SETTINGS: SettingsT = { language: 'en', time_zone: 'UTC', min_level_shown: 0, score_high: 60, score_critical: 80 };

function validZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

export function adminRoutes(app: App, ctx: ApiContext): void {
  // ─── users ───
  endpoint(app, ctx, { method: 'get', path: '/api/users', summary: 'local users', tag: 'admin', role: 'admin', response: z.array(UserView) }, async () => (await ctx.users.list()).map(userView));

  endpoint(app, ctx, { method: 'post', path: '/api/users', summary: 'create a user', tag: 'admin', role: 'admin', body: z.object({ name: z.string().min(1).max(64), role: Role, password: z.string().min(1).max(1024) }), response: UserView }, async ({ body, principal }) => {
    const u = await ctx.users.create(body.name, body.role, body.password, actorOf(principal));
    await ctx.audit(principal, 'user.create', u.name, { role: u.role });
    return userView(u);
  });

  endpoint(
    app,
    ctx,
    { method: 'patch', path: '/api/users/{name}', summary: "change a user's role, password or disabled flag", tag: 'admin', role: 'admin', params: NameParam, body: z.object({ role: Role.optional(), password: z.string().min(1).max(1024).optional(), disabled: z.boolean().optional() }), response: UserView },
    async ({ params, body, principal }) => {
      if (body.role === undefined && body.password === undefined && body.disabled === undefined) throw badRequest('nothing_to_change', 'give role, password or disabled');
      const before = await ctx.users.get(params.name);
      const u = await ctx.users.update(params.name, body);
      // a new password or a disabled account ends the user's sessions
      if (body.password !== undefined || body.disabled) await ctx.sessions.endAllOf(u.name);
      await ctx.audit(principal, 'user.update', u.name, { before: { role: before?.role, disabled: !!before?.disabled }, after: { role: u.role, disabled: !!u.disabled }, ...(body.password !== undefined ? { password_changed: true } : {}) });
      return userView(u);
    },
  );

  endpoint(app, ctx, { method: 'delete', path: '/api/users/{name}', summary: 'remove a user', tag: 'admin', role: 'admin', params: NameParam, response: Ok }, async ({ params, principal }) => {
    const u = await ctx.users.remove(params.name);
    await ctx.sessions.endAllOf(u.name);
    await ctx.audit(principal, 'user.delete', u.name, { role: u.role });
    return { ok: true };
  });

  // ─── API tokens ───
  endpoint(app, ctx, { method: 'get', path: '/api/tokens', summary: 'API tokens (never the token itself)', tag: 'admin', role: 'admin', response: z.array(TokenView) }, () => ctx.tokens.list());

  endpoint(
    app,
    ctx,
    { method: 'post', path: '/api/tokens', summary: 'create an API token: the answer is the only time it is shown', tag: 'admin', role: 'admin', body: z.object({ name: z.string().trim().min(1).max(100), role: Role }), response: TokenView.extend({ token: z.string() }) },
    async ({ body, principal }) => {
      const { token, stored } = await ctx.tokens.create(body.name, body.role, actorOf(principal));
      await ctx.audit(principal, 'token.create', stored.id, { name: stored.name, role: stored.role });
      return { ...stored, token };
    },
  );

  endpoint(app, ctx, { method: 'delete', path: '/api/tokens/{id}', summary: 'revoke an API token', tag: 'admin', role: 'admin', params: IdParam, response: Ok }, async ({ params, principal }) => {
    const t = await ctx.tokens.remove(params.id);
    await ctx.audit(principal, 'token.delete', t.id, { name: t.name, role: t.role });
    return { ok: true };
  });

  // ─── audit log ───
  endpoint(
    app,
    ctx,
    { method: 'get', path: '/api/audit', summary: 'the audit log, newest first', tag: 'admin', role: 'viewer', query: z.object({ limit: Limit(1000, 100), offset: Offset, actor: z.string().max(100).optional() }), response: z.object({ items: z.array(AuditEntry) }) },
    async ({ query }) => {
      // the store lists oldest first: page from the end
      const all = await ctx.store.audit.list(query.actor ? { actor: query.actor } : {});
      const end = Math.max(0, all.length - query.offset);
      return { items: all.slice(Math.max(0, end - query.limit), end).reverse() };
    },
  );

  // ─── settings ───
  endpoint(app, ctx, { method: 'get', path: '/api/settings', summary: 'display settings', tag: 'admin', role: 'viewer', response: Settings }, async () => ({
    ...DEFAULT_SETTINGS,
    ...((await ctx.store.state.get(SETTINGS_NAMESPACE, SETTINGS_KEY))?.value as Partial<SettingsT> | undefined),
  }));

  endpoint(app, ctx, { method: 'put', path: '/api/settings', summary: 'change display settings', tag: 'admin', role: 'admin', body: Settings.partial(), response: Settings }, async ({ body, principal }) => {
    if (body.time_zone !== undefined && !validZone(body.time_zone)) throw badRequest('bad_time_zone', `unknown time zone ${JSON.stringify(body.time_zone)} (use an IANA name such as Asia/Tokyo)`);
    const before = { ...DEFAULT_SETTINGS, ...((await ctx.store.state.get(SETTINGS_NAMESPACE, SETTINGS_KEY))?.value as Partial<SettingsT> | undefined) };
    const after = { ...before, ...body };
    await ctx.store.state.put(SETTINGS_NAMESPACE, SETTINGS_KEY, after, 1);
    await ctx.audit(principal, 'settings.update', SETTINGS_KEY, { before, after });
    return after;
  });
}
