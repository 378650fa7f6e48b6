// Advanced Search over the stored observations, through src/store/query (search, histogram, top
// values), and exports of a search as CSV or JSON.
import { z } from '@hono/zod-openapi';
import { search, searchExport, searchHistogram, searchTop } from '../../store/query/index.js';
import type { ApiContext } from '../context.js';
import { ApiError } from '../errors.js';
import { endpoint, type App } from '../route.js';
import { Limit, Offset, Time } from '../schemas.js';

/** A query language error says where: 400 with its code and position. */
async function searching<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (e) {
    const err = e as { name?: string; code?: string; position?: number; message?: string };
    if (err.name === 'SearchError') throw new ApiError(400, err.code ?? 'bad_query', `${err.message ?? 'bad query'}${typeof err.position === 'number' && !String(err.message).includes('position') ? ` (at position ${err.position})` : ''}`);
    throw e;
  }
}

const Q = z.string().max(4000).default('*');
const Range = { from: Time.optional(), to: Time.optional() };
const SearchAnswer = z.object({ types: z.array(z.string()), fields: z.array(z.string()), rows: z.array(z.record(z.string(), z.unknown())), total: z.number(), took_ms: z.number() });
/** rows an export holds at most */
export const EXPORT_CAP = 100_000;

export function searchRoutes(app: App, ctx: ApiContext): void {
  const opt = <T extends object>(o: T) => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;

  endpoint(
    app,
    ctx,
    { method: 'get', path: '/api/search', summary: 'search the observations (field:value, ranges, wildcards, AND/OR/NOT, @type:ssl)', tag: 'search', role: 'viewer', query: z.object({ q: Q, ...Range, limit: Limit(1000, 100), offset: Offset }), response: SearchAnswer },
    async ({ query }) => {
      return searching(() => search(ctx.store, opt({ q: query.q, from: query.from, to: query.to, limit: query.limit, offset: query.offset })));
    },
  );

  endpoint(
    app,
    ctx,
    {
      method: 'get',
      path: '/api/search/histogram',
      summary: 'matches per time bucket',
      tag: 'search',
      role: 'viewer',
      query: z.object({ q: Q, ...Range, buckets: z.coerce.number().int().min(1).max(1000).default(60) }),
      response: z.object({ bucket_s: z.number(), buckets: z.array(z.object({ t: z.number(), count: z.number() })) }),
    },
    async ({ query }) => {
      return searching(() => searchHistogram(ctx.store, opt({ q: query.q, from: query.from, to: query.to, buckets: query.buckets })));
    },
  );

  endpoint(
    app,
    ctx,
    {
      method: 'get',
      path: '/api/search/top',
      summary: 'the most frequent values of a field among the matches',
      tag: 'search',
      role: 'viewer',
      query: z.object({ q: Q, field: z.string().min(1).max(200), k: z.coerce.number().int().min(1).max(1000).default(10), ...Range }),
      response: z.object({ field: z.string(), values: z.array(z.object({ value: z.unknown(), count: z.number() })) }),
    },
    async ({ query }) => {
      return searching(() => searchTop(ctx.store, opt({ q: query.q, field: query.field, k: query.k, from: query.from, to: query.to })));
    },
  );

  endpoint(
    app,
    ctx,
    {
      method: 'get',
      path: '/api/search/export',
      summary: `the matches as a CSV or JSON file (at most ${EXPORT_CAP} rows)`,
      tag: 'search',
      role: 'viewer',
      query: z.object({ q: Q, ...Range, format: z.enum(['csv', 'json']).default('csv') }),
      file: ['text/csv', 'application/json'],
    },
    async ({ query: q, c }) => {
      const stamp = new Date(ctx.clock() * 1000).toISOString().replace(/[:.]/g, '-');
      const chunks = searchExport(ctx.store, opt({ q: q.q, from: q.from, to: q.to, format: q.format, max_rows: EXPORT_CAP }))[Symbol.asyncIterator]();
      // the first chunk surfaces query errors as a 400 before any byte of the file is sent
      const first = await searching(() => chunks.next());
      const body = new ReadableStream<Uint8Array>({
        start(ctl) {
          if (!first.done) ctl.enqueue(new TextEncoder().encode(first.value));
        },
        async pull(ctl) {
          const n = await chunks.next();
          if (n.done) ctl.close();
          else ctl.enqueue(new TextEncoder().encode(n.value));
        },
      });
      const type = q.format === 'json' ? 'application/json; charset=utf-8' : 'text/csv; charset=utf-8';
      return c.body(body, 200, { 'Content-Type': type, 'Content-Disposition': `attachment; filename="mamori-search-${stamp}.${q.format}"` });
    },
  );
}
