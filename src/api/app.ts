// The Hono application: security headers on every response, body size limit, authentication and
// CSRF on /api, the routes (declared with zod schemas; /api/openapi.json generated from them), JSON
// errors under /api, and the built UI everywhere else.
import { OpenAPIHono } from '@hono/zod-openapi';
import { bodyLimit } from 'hono/body-limit';
import { HTTPException } from 'hono/http-exception';
import { authenticate } from './auth/middleware.js';
import type { ApiContext } from './context.js';
import { ApiError, errorBody } from './errors.js';
import { ConfigError } from '../schema/errors.js';
import { isStoreError } from '../store/index.js';
import { safeJson, type App, type AppEnv } from './route.js';
import { actionRoutes } from './routes/actions.js';
import { adminRoutes } from './routes/admin.js';
import { authRoutes } from './routes/auth.js';
import { breachRoutes } from './routes/breaches.js';
import { deviceRoutes } from './routes/devices.js';
import { incidentRoutes } from './routes/incidents.js';
import { modelRoutes } from './routes/models.js';
import { searchRoutes } from './routes/search.js';
import { statusRoutes } from './routes/status.js';
import { serveUi } from './static.js';

export const CSP = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; connect-src 'self' ws: wss:; frame-ancestors 'none'";
/** JSON bodies larger than this are refused (a model's YAML is the largest thing anyone sends) */
export const MAX_BODY = 256 * 1024;

const BAD_QUERY = new Set(['unknown_field', 'bad_value', 'bad_condition']);

export function createApp(ctx: ApiContext, webRoot: string): App {
  const app: App = new OpenAPIHono<AppEnv>({
    defaultHook: (result) => {
      if (!result.success) {
        const first = result.error.issues[0];
        const where = first?.path.length ? first.path.join('.') : result.target === 'json' ? 'body' : result.target;
        throw new ApiError(400, 'bad_request', `${where}: ${first?.message ?? 'invalid'}`);
      }
    },
  });

  app.use('*', async (c, next) => {
    await next();
    // a response may set a stricter policy of its own (reports: sandboxed)
    if (!c.res.headers.has('Content-Security-Policy')) c.header('Content-Security-Policy', CSP);
    c.header('X-Content-Type-Options', 'nosniff');
    c.header('Referrer-Policy', 'no-referrer');
    c.header('X-Frame-Options', 'DENY');
    c.header('Cross-Origin-Opener-Policy', 'same-origin');
    if (c.req.path.startsWith('/api/')) c.header('Cache-Control', 'no-store');
  });
  app.use('/api/*', bodyLimit({ maxSize: MAX_BODY, onError: () => { throw new ApiError(413, 'body_too_large', `request bodies are limited to ${MAX_BODY} bytes`); } }));
  app.use('/api/*', authenticate(ctx));

  authRoutes(app, ctx);
  statusRoutes(app, ctx);
  breachRoutes(app, ctx);
  incidentRoutes(app, ctx);
  deviceRoutes(app, ctx);
  searchRoutes(app, ctx);
  modelRoutes(app, ctx);
  actionRoutes(app, ctx);
  adminRoutes(app, ctx);

  app.doc31('/api/openapi.json', {
    openapi: '3.1.0',
    info: { title: 'Mamori API', version: ctx.version, description: 'Session cookie `mamori_session` + `X-CSRF-Token` on state-changing requests, or `Authorization: Bearer <api token>`.' },
  });

  app.notFound((c) => {
    if (c.req.path === '/api' || c.req.path.startsWith('/api/')) return c.json(errorBody('not_found', 'no such API route'), 404);
    if (c.req.method !== 'GET' && c.req.method !== 'HEAD') return c.json(errorBody('not_found', 'not found'), 404);
    return serveUi(webRoot, c.req.path);
  });

  app.onError((err, c) => {
    if (err instanceof ApiError) {
      for (const [k, v] of Object.entries(err.headers)) c.header(k, v);
      return safeJson(c, errorBody(err.code, err.message), err.status);
    }
    // Hono's own refusals (malformed JSON …): the request's fault
    if (err instanceof HTTPException && err.status < 500) return safeJson(c, errorBody('bad_request', err.message || 'bad request'), err.status === 413 ? 413 : 400);
    // typed errors about the request's content from the stages below: bad input, said as it is
    if (err instanceof ConfigError || (isStoreError(err) && BAD_QUERY.has(err.code))) {
      return safeJson(c, errorBody(err.code, err.message), err.code.startsWith('unknown_') && err instanceof ConfigError ? 404 : 400);
    }
    ctx.log(`api: ${c.req.method} ${c.req.path} failed: ${(err as Error).stack ?? String(err)}`);
    return c.json(errorBody('internal', 'internal error (logged on the server)'), 500);
  });
  return app;
}
