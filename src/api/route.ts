// Declaring an endpoint: method, path, the zod schemas of its params, query, body and response
// (from which /api/openapi.json is generated), and the role it needs. Handlers receive validated
// input and return data (sent as JSON) or a Response (files).
import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import type { Context, MiddlewareHandler } from 'hono';
import type { ApiContext } from './context.js';
import { ApiError, forbidden, unauthenticated } from './errors.js';
import { hasRole, type Principal, type Role } from './auth/roles.js';
import { ErrorSchema } from './schemas.js';

export type AppEnv = { Variables: { principal: Principal | undefined; clientIp: string } };
export type App = OpenAPIHono<AppEnv>;

type Obj = z.ZodObject<z.ZodRawShape>;
type Out<T> = T extends z.ZodType ? z.output<T> : undefined;

export interface EndpointSpec<P extends Obj | undefined, Q extends Obj | undefined, B extends z.ZodType | undefined> {
  method: 'get' | 'post' | 'put' | 'patch' | 'delete';
  /** OpenAPI style: /api/incidents/{id} */
  path: string;
  summary: string;
  tag: string;
  /** public: no sign-in; self: any signed-in user or token; else the least role */
  role: Role | 'public' | 'self';
  params?: P;
  query?: Q;
  body?: B;
  /** the JSON answer's schema; `file` instead for downloads (its media types) */
  response?: z.ZodType;
  file?: string[];
}

export interface HandlerInput<P, Q, B> {
  c: Context<AppEnv>;
  ctx: ApiContext;
  principal: Principal;
  params: P;
  query: Q;
  body: B;
}

const errorResponse = (description: string) => ({ description, content: { 'application/json': { schema: ErrorSchema } } });

/**
 * JSON with `<`, `>` and `&` written as \u escapes: the same strings once parsed, but a response
 * that a browser is somehow made to read as HTML holds no markup.
 */
export function safeJson(c: Context, data: unknown, status = 200): Response {
  const text = JSON.stringify(data).replace(/[<>&\u2028\u2029]/g, (ch) => '\\u' + ch.charCodeAt(0).toString(16).padStart(4, '0'));
  return c.body(text, status as 200, { 'Content-Type': 'application/json; charset=utf-8' });
}

export function endpoint<P extends Obj | undefined = undefined, Q extends Obj | undefined = undefined, B extends z.ZodType | undefined = undefined>(
  app: App,
  ctx: ApiContext,
  spec: EndpointSpec<P, Q, B>,
  handler: (x: HandlerInput<Out<P>, Out<Q>, Out<B>>) => Promise<unknown>,
): void {
  const request: Record<string, unknown> = {};
  if (spec.params) request['params'] = spec.params;
  if (spec.query) request['query'] = spec.query;
  if (spec.body) request['body'] = { content: { 'application/json': { schema: spec.body } }, required: true };
  const ok = spec.file
    ? { description: 'the file', content: Object.fromEntries(spec.file.map((t) => [t, { schema: z.string().openapi({ format: 'binary' }) }])) }
    : spec.response
      ? { description: 'OK', content: { 'application/json': { schema: spec.response } } }
      : { description: 'OK' };
  // the role is checked before the input is validated: a viewer learns nothing from a 400
  const allowed: MiddlewareHandler<AppEnv> = async (c, next) => {
    const principal = c.get('principal');
    if (spec.role !== 'public') {
      if (!principal) throw unauthenticated();
      if (spec.role !== 'self' && !hasRole(principal.role, spec.role)) throw forbidden(`this needs the ${spec.role} role; you have ${principal.role}`);
    }
    await next();
  };
  const route = createRoute({
    middleware: [allowed] as const,
    method: spec.method,
    path: spec.path,
    summary: spec.summary,
    tags: [spec.tag],
    ...(spec.role === 'public' ? { security: [] } : {}),
    description: spec.role === 'public' ? 'public' : spec.role === 'self' ? 'any signed-in user or token' : `role: ${spec.role} or above`,
    request,
    responses: {
      200: ok,
      400: errorResponse('bad input (the message names the field)'),
      ...(spec.role === 'public' ? {} : { 401: errorResponse('not signed in'), 403: errorResponse('role too low, or CSRF token missing') }),
      404: errorResponse('not found'),
    },
  });
  const run = async (c: Context<AppEnv>): Promise<Response> => {
    const principal = c.get('principal');
    const v = c.req as unknown as { valid(t: string): unknown };
    // the JSON validator lets a body of another media type through unchecked
    if (spec.body && v.valid('json') === undefined) throw new ApiError(400, 'bad_request', 'body: send JSON with Content-Type: application/json');
    const result = await handler({
      c,
      ctx,
      principal: principal as Principal,
      params: (spec.params ? v.valid('param') : undefined) as Out<P>,
      query: (spec.query ? v.valid('query') : undefined) as Out<Q>,
      body: (spec.body ? v.valid('json') : undefined) as Out<B>,
    });
    if (result instanceof Response) return result;
    if (result === undefined) throw new ApiError(500, 'no_result', 'the handler returned nothing');
    return safeJson(c, result);
  };
  // the typed-response machinery of zod-openapi is bypassed on purpose: responses are checked by the
  // tests against the same schemas, and one cast here saves one per handler
  (app.openapi as (r: unknown, h: unknown) => unknown)(route, run);
}
