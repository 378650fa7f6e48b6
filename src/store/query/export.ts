// Export of a search as CSV (RFC 4180, spreadsheet formula injection defused) or JSON, streamed in
// chunks: each type is read in pages ordered by time and the pages are merged, so memory stays at a
// page per type whatever the number of rows.
import type { ObservationType } from '../../schema/observation.js';
import type { Condition, FieldValue, Store } from '../types.js';
import { TYPE_FIELD } from './ast.js';
import { SearchError } from './errors.js';
import { byTime, fieldsOf, orderOf, planSearch, type SearchRow, type TimeRange } from './search.js';

/** Rows an export holds when no max_rows is given, and the most it may hold. */
export const DEFAULT_EXPORT_ROWS = 100_000;
export const MAX_EXPORT_ROWS = 1_000_000;
/** Rows read from a type per query. */
const PAGE = 5_000;
/** Rows per chunk yielded. */
const CHUNK = 1_000;

export interface ExportQuery extends TimeRange {
  q: string;
  format: 'csv' | 'json';
  max_rows?: number;
  /** by ts; default newest first */
  order?: 'asc' | 'desc';
  /** rows read from a type per query (default 5,000) */
  page_rows?: number;
}

/**
 * One CSV cell. Text that a spreadsheet would run as a formula (starting with = + - @, or a tab or
 * carriage return) gets a leading ' so it stays text; numbers are left alone (-5 is a number). Lists
 * are joined with commas. Cells with a comma, quote or line break are quoted, quotes doubled.
 */
export function csvCell(v: FieldValue | undefined): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  let s = Array.isArray(v) ? v.map(String).join(',') : v;
  if (/^[=+\-@\t\r]/.test(s)) s = "'" + s;
  return /[",\r\n]/.test(s) ? '"' + s.replace(/"/g, '""') + '"' : s;
}

export function csvLine(values: readonly (FieldValue | undefined)[]): string {
  return values.map(csvCell).join(',') + '\r\n';
}

/** The header: our own column names (`@type` is no formula), quoted only where needed. */
function csvHeader(fields: readonly string[]): string {
  return fields.map((f) => (/[",\r\n]/.test(f) ? '"' + f.replace(/"/g, '""') + '"' : f)).join(',') + '\r\n';
}

interface Cursor {
  type: ObservationType;
  where: Condition | undefined;
  offset: number;
  buffer: SearchRow[];
  /** the next row of the buffer */
  at: number;
  done: boolean;
}

export async function* searchExport(store: Store, query: ExportQuery): AsyncIterable<string> {
  const format = query.format;
  if (format !== 'csv' && format !== 'json') throw new SearchError('bad_value', `format must be "csv" or "json", not ${JSON.stringify(format)}`, 0);
  const max = query.max_rows ?? DEFAULT_EXPORT_ROWS;
  if (typeof max !== 'number' || !Number.isSafeInteger(max) || max < 0 || max > MAX_EXPORT_ROWS) {
    throw new SearchError('bad_value', `max_rows must be an integer from 0 to ${MAX_EXPORT_ROWS}, not ${JSON.stringify(max)}`, 0);
  }
  const order = query.order ?? 'desc';
  if (order !== 'asc' && order !== 'desc') throw new SearchError('bad_value', `order must be "asc" or "desc", not ${JSON.stringify(order)}`, 0);
  const page = query.page_rows ?? PAGE;
  if (!Number.isSafeInteger(page) || page < 1 || page > 100_000) throw new SearchError('bad_value', `page_rows must be an integer from 1 to 100000, not ${JSON.stringify(page)}`, 0);
  const plans = planSearch(query.q, query);
  const o = store.observations;
  const counts = await Promise.all(plans.map((p) => o.count(p.type, p.where)));
  const matched = plans.filter((_, i) => counts[i]! > 0);
  const fields = [TYPE_FIELD, ...new Set((matched.length > 0 ? matched : plans).flatMap((p) => fieldsOf(p.type)))];
  const cursors: Cursor[] = matched.map((p) => ({ type: p.type, where: p.where, offset: 0, buffer: [], at: 0, done: false }));
  const cmp = byTime(order);

  const fill = async (c: Cursor) => {
    const rows = await o.select(c.type, { where: c.where, fields: fieldsOf(c.type), orderBy: orderOf(c.type, order), limit: page, offset: c.offset });
    c.offset += rows.length;
    c.done = rows.length < page;
    c.buffer = rows.map((r) => ({ [TYPE_FIELD]: c.type, ...r }) as SearchRow);
    c.at = 0;
  };

  /** The next row in time order over every type, or undefined at the end. */
  const next = async (): Promise<SearchRow | undefined> => {
    let best: Cursor | undefined;
    for (const c of cursors) {
      if (c.at >= c.buffer.length && !c.done) await fill(c);
      if (c.at >= c.buffer.length) continue;
      if (!best || cmp(c.buffer[c.at]!, best.buffer[best.at]!) < 0) best = c;
    }
    return best ? best.buffer[best.at++] : undefined;
  };

  let chunk = format === 'csv' ? csvHeader(fields) : '[';
  let written = 0;
  let inChunk = 0;
  while (written < max) {
    const row = await next();
    if (!row) break;
    if (format === 'csv') chunk += csvLine(fields.map((f) => row[f]));
    else chunk += (written === 0 ? '\n' : ',\n') + JSON.stringify(row);
    written++;
    if (++inChunk >= CHUNK) {
      yield chunk;
      chunk = '';
      inChunk = 0;
    }
  }
  if (format === 'json') chunk += written === 0 ? ']\n' : '\n]\n';
  if (chunk) yield chunk;
}
