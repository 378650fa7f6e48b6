// Who is asking: an API token (Authorization: Bearer, no CSRF needed: a browser never adds it on
// its own) or a session cookie (then every state-changing request must carry the session's CSRF
// token in X-CSRF-Token, and an Origin header, when present, must be this server's).
import type { Context, MiddlewareHandler } from 'hono';
import { getCookie } from 'hono/cookie';
import type { ApiContext } from '../context.js';
import { ApiError, forbidden, unauthenticated } from '../errors.js';
import type { AppEnv } from '../route.js';
import type { Principal } from './roles.js';
import { sameText } from './secrets.js';

export const SESSION_COOKIE = 'mamori_session';
export const CSRF_HEADER = 'X-CSRF-Token';

/** Routes anyone may call: "METHOD path". */
export const PUBLIC_ROUTES = new Set(['POST /api/auth/login', 'GET /api/health', 'GET /api/openapi.json']);

const SAFE = new Set(['GET', 'HEAD', 'OPTIONS']);

/** The principal a request authenticates as: undefined without credentials; ApiError for bad ones. */
export async function principalOf(ctx: ApiContext, headers: { authorization?: string | null; cookie?: string }): Promise<Principal | undefined> {
  const auth = headers.authorization;
  if (auth) {
    const m = /^Bearer\s+(\S+)$/i.exec(auth);
    const t = m ? await ctx.tokens.find(m[1]!) : undefined;
    if (!t) throw new ApiError(401, 'bad_token', 'the API token is not valid (revoked, or mistyped)');
    return { kind: 'token', name: t.name, role: t.role };
  }
  if (headers.cookie) {
    const s = await ctx.sessions.find(headers.cookie);
    if (!s) return undefined;
    const u = await ctx.users.get(s.session.user);
    if (!u || u.disabled) return undefined;
    return { kind: 'user', name: u.name, role: u.role, session: { key: s.key, csrf: s.session.csrf } };
  }
  return undefined;
}

/** Same-origin check on Origin: its host must be the Host the request was sent to. */
export function sameOrigin(origin: string | undefined | null, host: string | undefined | null): boolean {
  if (!origin) return true;
  if (!host) return false;
  try {
    return new URL(origin).host === host;
  } catch {
    return false;
  }
}

export function authenticate(ctx: ApiContext): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const isPublic = PUBLIC_ROUTES.has(`${c.req.method} ${c.req.path}`);
    const p = await principalOf(ctx, { authorization: c.req.header('authorization'), cookie: getCookie(c, SESSION_COOKIE) }).catch((e: unknown) => {
      if (isPublic) return undefined; // a stale token does not stop anyone from signing in
      throw e;
    });
    if (!p && !isPublic) throw unauthenticated();
    if (p?.session && !SAFE.has(c.req.method) && !isPublic) checkCsrf(c, p.session.csrf);
    c.set('principal', p);
    await next();
  };
}

function checkCsrf(c: Context<AppEnv>, csrf: string): void {
  const given = c.req.header(CSRF_HEADER);
  if (!given || !sameText(given, csrf)) throw forbidden(`send the CSRF token from /api/auth/me (or the login answer) in the ${CSRF_HEADER} header`);
  if (!sameOrigin(c.req.header('origin'), c.req.header('host'))) throw forbidden('cross-origin request refused');
}
