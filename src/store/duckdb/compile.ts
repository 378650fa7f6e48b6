// Resolved conditions (fields already checked against the layout, values against their columns) to
// DuckDB SQL. Every value is a parameter; the only names in the text are layout columns, quoted.
import type { DuckDBValue } from '@duckdb/node-api';
import type { ObservationColumn } from '../columns.js';
import { isListKind } from '../columns.js';
import type { Resolved, WildcardPart } from '../condition.js';
import type { Scalar } from '../types.js';
import { ident, toTimestamp } from './sql.js';

/** A value as a parameter of the column's type (integers as BIGINT so zone maps apply). */
export function param(column: ObservationColumn, value: Scalar): DuckDBValue {
  if (typeof value !== 'number') return value;
  if (column.kind === 'time') return toTimestamp(value);
  if ((column.kind === 'integer' || column.kind === 'port' || column.kind === 'integer_list') && Number.isSafeInteger(value)) return BigInt(value);
  return value;
}

/** A wildcard pattern as a LIKE pattern with `\` as the escape character. */
export function likePattern(parts: readonly WildcardPart[]): string {
  return parts.map((p) => ('literal' in p ? p.literal.replace(/[\\%_]/g, (c) => '\\' + c) : 'any' in p ? '%' : '_')).join('');
}

/**
 * The pattern as a parameter, with an ESCAPE clause only when the pattern has escapes: DuckDB runs a
 * LIKE with ESCAPE through its generic matcher, about twice as slow on 10M rows as the plain LIKE it
 * turns into contains / prefix / suffix scans.
 */
function likeParam(parts: readonly WildcardPart[], params: DuckDBValue[]): string {
  const pattern = likePattern(parts);
  params.push(pattern);
  return pattern.includes('\\') ? `? ESCAPE '\\'` : '?';
}

/** SQL for a resolved condition; its parameters are pushed onto `params` in order. */
export function compileCondition(r: Resolved, params: DuckDBValue[]): string {
  switch (r.op) {
    case 'and':
    case 'or':
      if (r.items.length === 0) return r.op === 'and' ? 'TRUE' : 'FALSE';
      return '(' + r.items.map((i) => compileCondition(i, params)).join(r.op === 'and' ? ' AND ' : ' OR ') + ')';
    case 'not':
      // two-valued logic: NOT holds wherever the inner condition does not (missing values included)
      return `(${compileCondition(r.item, params)}) IS NOT TRUE`;
    case 'is_null':
      return `${ident(r.column.name)} IS NULL`;
    default:
      return isListKind(r.column.kind) ? listLeaf(r, params) : scalarLeaf(r, params);
  }
}

type Leaf = Extract<Resolved, { op: 'cmp' | 'in' | 'like' }>;

function scalarLeaf(r: Leaf, params: DuckDBValue[]): string {
  const col = ident(r.column.name);
  if (r.op === 'cmp') {
    params.push(param(r.column, r.value));
    return r.cmp === '!=' ? `${col} IS DISTINCT FROM ?` : `${col} ${r.cmp} ?`;
  }
  if (r.op === 'in') {
    if (r.values.length === 0) return 'FALSE';
    for (const v of r.values) params.push(param(r.column, v));
    return `${col} IN (${r.values.map(() => '?').join(', ')})`;
  }
  return `${col} ${r.caseInsensitive ? 'ILIKE' : 'LIKE'} ${likeParam(r.parts, params)}`;
}

/** On a list, = / in / like hold when any element does; != when none does. */
function listLeaf(r: Leaf, params: DuckDBValue[]): string {
  const col = ident(r.column.name);
  if (r.op === 'cmp') {
    params.push(param(r.column, r.value));
    return r.cmp === '!=' ? `list_contains(${col}, ?) IS NOT TRUE` : `list_contains(${col}, ?)`;
  }
  if (r.op === 'in') {
    if (r.values.length === 0) return 'FALSE';
    for (const v of r.values) params.push(param(r.column, v));
    return '(' + r.values.map(() => `list_contains(${col}, ?)`).join(' OR ') + ')';
  }
  return `len(list_filter(${col}, lambda e: e ${r.caseInsensitive ? 'ILIKE' : 'LIKE'} ${likeParam(r.parts, params)})) > 0`;
}
