// Advanced Search over the store: a query's results (merged by time across types), its histogram
// over time and the top values of a field among its matches. Everything goes through the store's
// interface (count, select, histogram, topValues, aggregate), so any engine that passes the store
// contract can be searched.
import type { ObservationType } from '../../schema/observation.js';
import { columnsOf } from '../columns.js';
import { and, ge, lt } from '../condition.js';
import type { Condition, FieldValue, FlatRow, OrderBy, Scalar, Store } from '../types.js';
import { TYPE_FIELD } from './ast.js';
import { compileQuery, type TypeQuery } from './compile.js';
import { SearchError } from './errors.js';
import { parseQuery } from './parse.js';
import { suggest } from './suggest.js';

/** Rows a search returns when no limit is given. */
export const DEFAULT_SEARCH_LIMIT = 100;
/** Most rows one search call returns. */
export const MAX_SEARCH_LIMIT = 1000;
/** Deepest offset a search pages to (each type is read up to offset + limit rows to merge by time). */
export const MAX_SEARCH_OFFSET = 100_000;
/** Histogram buckets when none are asked for, and the most that may be. */
export const DEFAULT_BUCKETS = 60;
export const MAX_BUCKETS = 1000;
/** Top values when no k is given, and the most that may be asked for. */
export const DEFAULT_TOP_K = 10;
export const MAX_TOP_K = 1000;

export interface TimeRange {
  /** epoch seconds on ts, inclusive */
  from?: number;
  /** epoch seconds on ts, exclusive */
  to?: number;
}

export interface SearchQuery extends TimeRange {
  q: string;
  /** default 100, at most 1000 */
  limit?: number;
  offset?: number;
  /** by ts; default newest first */
  order?: 'asc' | 'desc';
}

export type SearchRow = FlatRow & { '@type': string };

export interface SearchResult {
  /** the types the query was run on */
  types: ObservationType[];
  /** the columns of the rows: @type, then every field of the types with matches */
  fields: string[];
  rows: SearchRow[];
  /** matches over every type */
  total: number;
  took_ms: number;
}

export interface HistogramResult {
  bucket_s: number;
  /** every bucket from the first to the last (empty ones with count 0), `t` its start */
  buckets: { t: number; count: number }[];
}

export interface TopResult {
  field: string;
  values: { value: FieldValue; count: number }[];
}

function badArgument(name: string, v: unknown, want: string): SearchError {
  return new SearchError('bad_value', `${name} must be ${want}, not ${JSON.stringify(v) ?? String(v)}`, 0);
}

function intArg(name: string, v: unknown, dflt: number, min: number, max: number): number {
  if (v === undefined) return dflt;
  if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < min || v > max) throw badArgument(name, v, `an integer from ${min} to ${max}`);
  return v;
}

function timeArg(name: string, v: unknown): number | undefined {
  if (v === undefined) return undefined;
  if (typeof v !== 'number' || !Number.isFinite(v) || Math.abs(v) > 9e12) throw badArgument(name, v, 'epoch seconds');
  return v;
}

/** Parses and compiles a query, with the time range added to every type's condition. */
export function planSearch(q: unknown, range: TimeRange = {}): TypeQuery[] {
  const from = timeArg('from', range.from);
  const to = timeArg('to', range.to);
  const extra: Condition[] = [];
  if (from !== undefined) extra.push(ge('ts', from));
  if (to !== undefined) extra.push(lt('ts', to));
  return compileQuery(parseQuery(q)).map((p) => ({
    type: p.type,
    where: extra.length === 0 ? p.where : p.where === undefined ? (extra.length === 1 ? extra[0] : and(...extra)) : and(p.where, ...extra),
  }));
}

/** The layout's column names, `ts` first. */
export function fieldsOf(type: ObservationType): string[] {
  return columnsOf(type).layout.map((c) => c.name);
}

export function orderOf(type: ObservationType, direction: 'asc' | 'desc'): OrderBy[] {
  // uid breaks ties in time where the type has one, so pages do not overlap
  return columnsOf(type).byName.has('uid') ? [{ field: 'ts', direction }, { field: 'uid', direction }] : [{ field: 'ts', direction }];
}

/** Orders rows of several types by ts (missing last); the sort is stable, so types keep their order on ties. */
export function byTime(direction: 'asc' | 'desc'): (a: FlatRow, b: FlatRow) => number {
  const sign = direction === 'asc' ? 1 : -1;
  return (a, b) => {
    const x = a['ts'] as number | null;
    const y = b['ts'] as number | null;
    if (x === y) return 0;
    if (x === null) return 1;
    if (y === null) return -1;
    return (x - y) * sign;
  };
}

function union(types: readonly ObservationType[]): string[] {
  const seen = new Set<string>([TYPE_FIELD]);
  for (const t of types) for (const f of fieldsOf(t)) seen.add(f);
  return [...seen];
}

export async function search(store: Store, query: SearchQuery): Promise<SearchResult> {
  const started = performance.now();
  const limit = intArg('limit', query.limit, DEFAULT_SEARCH_LIMIT, 0, MAX_SEARCH_LIMIT);
  const offset = intArg('offset', query.offset, 0, 0, MAX_SEARCH_OFFSET);
  const order = query.order ?? 'desc';
  if (order !== 'asc' && order !== 'desc') throw badArgument('order', order, '"asc" or "desc"');
  const plans = planSearch(query.q, query);
  const o = store.observations;
  const counts = await Promise.all(plans.map((p) => o.count(p.type, p.where)));
  const total = counts.reduce((a, b) => a + b, 0);
  const matched = plans.filter((_, i) => counts[i]! > 0);
  let rows: SearchRow[] = [];
  if (limit > 0 && offset < total) {
    // one type: page in the engine; several: each type's first offset + limit rows, merged by time
    const single = matched.length === 1;
    const pages = await Promise.all(
      matched.map(async (p) => {
        const found = await o.select(p.type, {
          where: p.where,
          fields: fieldsOf(p.type),
          orderBy: orderOf(p.type, order),
          limit: single ? limit : offset + limit,
          ...(single && offset > 0 ? { offset } : {}),
        });
        return found.map((r) => ({ '@type': p.type, ...r }) as SearchRow);
      }),
    );
    rows = single ? pages[0]! : pages.flat().sort(byTime(order)).slice(offset, offset + limit);
  }
  return {
    types: plans.map((p) => p.type),
    fields: union(matched.length > 0 ? matched.map((p) => p.type) : plans.map((p) => p.type)),
    rows,
    total,
    took_ms: Math.round((performance.now() - started) * 10) / 10,
  };
}

const DAY = 86_400;
/** Bucket widths a histogram uses: round numbers a person reads at a glance. */
const STEPS = [1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 10800, 21600, 43200, DAY, 2 * DAY, 7 * DAY, 14 * DAY, 30 * DAY, 90 * DAY, 365 * DAY];

/** The smallest round width that covers `span` seconds in at most `buckets` buckets. */
export function bucketWidth(span: number, buckets: number): number {
  const want = span / buckets;
  for (const s of STEPS) if (s >= want) return s;
  return Math.ceil(want / (365 * DAY)) * 365 * DAY;
}

export async function searchHistogram(store: Store, query: TimeRange & { q: string; buckets?: number }): Promise<HistogramResult> {
  const buckets = intArg('buckets', query.buckets, DEFAULT_BUCKETS, 1, MAX_BUCKETS);
  const plans = planSearch(query.q, query);
  const o = store.observations;
  let from = query.from;
  let to = query.to;
  /** the newest match, when the range's end comes from the data (included, unlike `to`) */
  let newest: number | undefined;
  if (from === undefined || to === undefined) {
    // the matches' own time range fills in a missing end
    const ranges = await Promise.all(plans.map((p) => o.aggregate(p.type, { where: p.where, group_by: [], measures: [{ op: 'min', field: 'ts' }, { op: 'max', field: 'ts' }] })));
    const mins = ranges.map((r) => r[0]!.values[0]!).filter((v) => !Number.isNaN(v));
    const maxs = ranges.map((r) => r[0]!.values[1]!).filter((v) => !Number.isNaN(v));
    if (mins.length === 0) return { bucket_s: bucketWidth(from !== undefined && to !== undefined ? to - from : 3600, buckets), buckets: [] };
    from ??= Math.min(...mins);
    if (to === undefined) newest = Math.max(...maxs);
  }
  const end = to ?? newest!;
  const bucket = bucketWidth(Math.max(end - from, 1), buckets);
  const counts = new Map<number, number>();
  for (const p of plans) {
    for (const b of await o.histogram(p.type, p.where, bucket)) counts.set(b.start, (counts.get(b.start) ?? 0) + b.count);
  }
  const out: { t: number; count: number }[] = [];
  const first = Math.floor(from / bucket) * bucket;
  for (let t = first; to !== undefined ? t < to : t <= end; t += bucket) out.push({ t, count: counts.get(t) ?? 0 });
  return { bucket_s: bucket, buckets: out };
}

export async function searchTop(store: Store, query: TimeRange & { q: string; field: string; k?: number }): Promise<TopResult> {
  const k = intArg('k', query.k, DEFAULT_TOP_K, 1, MAX_TOP_K);
  const plans = planSearch(query.q, query);
  const o = store.observations;
  const field = query.field;
  if (field === TYPE_FIELD) {
    const counts = await Promise.all(plans.map((p) => o.count(p.type, p.where)));
    const values = plans.map((p, i) => ({ value: p.type as FieldValue, count: counts[i]! })).filter((v) => v.count > 0);
    return { field, values: values.sort((a, b) => b.count - a.count || String(a.value).localeCompare(String(b.value))).slice(0, k) };
  }
  const withField = plans.filter((p) => typeof field === 'string' && columnsOf(p.type).byName.has(field));
  if (withField.length === 0) {
    const known = [...new Set(plans.flatMap((p) => [...columnsOf(p.type).byName.keys()]))];
    const hint = typeof field === 'string' ? suggest(field, known) : undefined;
    const scope = plans.length > 0 && plans.length <= 5 ? ` for ${plans.map((p) => p.type).join(', ')}` : '';
    throw new SearchError('unknown_field', `unknown field '${String(field)}'${scope}${hint ? `; did you mean '${hint}'?` : ''}`, 0);
  }
  // across several types each type's top list is longer than k, so the merged top k is right unless
  // a value ranks low in every type yet high in the sum (documented as approximate)
  const each = withField.length === 1 ? k : Math.min(k * 10, 10_000);
  const merged = new Map<string, { value: Scalar; count: number }>();
  for (const p of withField) {
    for (const v of await o.topValues(p.type, field, p.where, each)) {
      const key = typeof v.value + ':' + String(v.value);
      const e = merged.get(key);
      if (e) e.count += v.count;
      else merged.set(key, { value: v.value, count: v.count });
    }
  }
  const values = [...merged.values()].sort((a, b) => b.count - a.count || (a.value < b.value ? -1 : a.value > b.value ? 1 : 0));
  return { field, values: values.slice(0, k) };
}
