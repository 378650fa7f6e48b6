// Sign-in, sign-out, who am I, change my password; and the public health check.
import { z } from '@hono/zod-openapi';
import { getConnInfo } from '@hono/node-server/conninfo';
import type { Context } from 'hono';
import { deleteCookie, setCookie } from 'hono/cookie';
import { SESSION_COOKIE } from '../auth/middleware.js';
import { SESSION_SECONDS } from '../auth/sessions.js';
import type { ApiContext } from '../context.js';
import { ApiError, badRequest } from '../errors.js';
import { endpoint, type App, type AppEnv } from '../route.js';
import { Me, Ok, Role } from '../schemas.js';

const LoginBody = z.object({ username: z.string().min(1).max(64), password: z.string().min(1).max(1024) });
const LoginAnswer = z.object({ user: z.object({ name: z.string(), role: Role }), csrf_token: z.string() });
const PasswordBody = z.object({ old: z.string().min(1).max(1024), new: z.string().min(1).max(1024) });

/** The client's address as the socket gives it (no proxy header is trusted: anyone could set one). */
export function clientIp(c: Context<AppEnv>): string {
  try {
    return getConnInfo(c).remote.address ?? 'unknown';
  } catch {
    return 'unknown';
  }
}

function isHttps(c: Context): boolean {
  return new URL(c.req.url).protocol === 'https:' || c.req.header('x-forwarded-proto') === 'https';
}

export function authRoutes(app: App, ctx: ApiContext): void {
  endpoint(app, ctx, { method: 'get', path: '/api/health', summary: 'liveness (public)', tag: 'auth', role: 'public', response: z.object({ ok: z.literal(true), version: z.string() }) }, async () => ({
    ok: true,
    version: ctx.version,
  }));

  endpoint(app, ctx, { method: 'post', path: '/api/auth/login', summary: 'sign in: sets the session cookie, returns the CSRF token', tag: 'auth', role: 'public', body: LoginBody, response: LoginAnswer }, async ({ c, body }) => {
    const ip = clientIp(c);
    const wait = ctx.rateLimit.retryAfter(body.username, ip);
    if (wait > 0) throw new ApiError(429, 'too_many_attempts', `too many failed sign-ins: try again in ${wait} s`, { 'Retry-After': String(wait) });
    const user = await ctx.users.authenticate(body.username, body.password);
    if (!user) {
      ctx.rateLimit.fail(body.username, ip);
      await ctx.audit('anonymous', 'auth.login_failed', body.username, { ip });
      throw new ApiError(401, 'bad_credentials', 'wrong user name or password');
    }
    ctx.rateLimit.succeed(body.username);
    const s = await ctx.sessions.create(user.name);
    setCookie(c, SESSION_COOKIE, s.cookie, { httpOnly: true, sameSite: 'Strict', secure: isHttps(c), path: '/', maxAge: SESSION_SECONDS });
    await ctx.audit(user.name, 'auth.login', user.name, { ip });
    return { user: { name: user.name, role: user.role }, csrf_token: s.session.csrf };
  });

  endpoint(app, ctx, { method: 'post', path: '/api/auth/logout', summary: 'sign out (ends the session)', tag: 'auth', role: 'self', response: Ok }, async ({ c, principal }) => {
    if (principal.session) {
      await ctx.sessions.end(principal.session.key);
      await ctx.audit(principal, 'auth.logout', principal.name);
    }
    deleteCookie(c, SESSION_COOKIE, { path: '/', secure: isHttps(c), httpOnly: true, sameSite: 'Strict' });
    return { ok: true };
  });

  endpoint(app, ctx, { method: 'get', path: '/api/auth/me', summary: 'the signed-in user and the CSRF token', tag: 'auth', role: 'self', response: Me }, async ({ principal }) => ({
    user: { name: principal.name, role: principal.role, kind: principal.kind },
    ...(principal.session ? { csrf_token: principal.session.csrf } : {}),
  }));

  endpoint(app, ctx, { method: 'post', path: '/api/auth/password', summary: 'change my password (signs out my other sessions)', tag: 'auth', role: 'self', body: PasswordBody, response: Ok }, async ({ principal, body, c }) => {
    if (principal.kind !== 'user') throw badRequest('not_a_user', 'an API token has no password');
    const ip = clientIp(c);
    const wait = ctx.rateLimit.retryAfter(principal.name, ip);
    if (wait > 0) throw new ApiError(429, 'too_many_attempts', `too many failed attempts: try again in ${wait} s`, { 'Retry-After': String(wait) });
    if (!(await ctx.users.authenticate(principal.name, body.old))) {
      ctx.rateLimit.fail(principal.name, ip);
      throw new ApiError(403, 'bad_credentials', 'the current password is wrong');
    }
    await ctx.users.update(principal.name, { password: body.new });
    // this session stays: the user just proved who they are
    await ctx.sessions.endAllOf(principal.name, principal.session?.key);
    await ctx.audit(principal, 'user.password', principal.name);
    return { ok: true };
  });
}
