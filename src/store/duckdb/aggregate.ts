// Aggregates (GROUP BY) in DuckDB: group keys and measures checked against the layout like select's
// fields, every value a parameter, identifiers only from the layout. Measures come back as numbers.
import type { DuckDBTimestampValue, DuckDBValue } from '@duckdb/node-api';
import type { ObservationType } from '../../schema/observation.js';
import { columnOf, elementKind, isListKind, type ObservationColumn, type TypeColumns } from '../columns.js';
import { resolveCondition } from '../condition.js';
import { StoreError } from '../errors.js';
import type { AggregateQuery, AggregateRow, FieldValue, GroupKey, Measure } from '../types.js';
import { checkCount } from '../validate.js';
import { compileCondition } from './compile.js';
import { decodeValue } from './decode.js';
import { fromTimestamp, ident, observationTable } from './sql.js';

/** Most group keys in one aggregate. */
export const MAX_GROUP_KEYS = 8;
/** Most measures in one aggregate. */
export const MAX_MEASURES = 16;

const NUMERIC = new Set(['integer', 'port', 'double']);

type Decode = (v: DuckDBValue) => FieldValue;

function bad(message: string): StoreError {
  return new StoreError('bad_condition', message);
}

function keyExpr(cols: TypeColumns, key: GroupKey, params: DuckDBValue[]): { sql: string; decode: Decode } {
  if (key === null || typeof key !== 'object') throw new StoreError('bad_argument', `a group key must be { field }, { time_bucket } or { hour_of_day: true }, not ${JSON.stringify(key)}`);
  const ts = ident(columnOf(cols, 'ts').name);
  if ('time_bucket' in key) {
    const s = key.time_bucket;
    if (typeof s !== 'number' || !Number.isFinite(s) || s < 1e-6) throw new StoreError('bad_argument', `time_bucket must be a number of seconds of at least 0.000001, not ${String(s)}`);
    const micros = BigInt(Math.round(s * 1e6));
    params.push(micros);
    return { sql: `floor(epoch_us(${ts}) / ?)::BIGINT`, decode: (v) => (v === null ? null : Number((v as bigint) * micros) / 1e6) };
  }
  if ('hour_of_day' in key) {
    if (key.hour_of_day !== true) throw new StoreError('bad_argument', 'hour_of_day must be true');
    return { sql: `hour(${ts})`, decode: (v) => (v === null ? null : Number(v as bigint)) };
  }
  const column = columnOf(cols, (key as { field?: unknown }).field);
  return { sql: ident(column.name), decode: (v) => decodeValue(column.kind, v) };
}

const toNumber = (v: DuckDBValue): number => (v === null ? Number.NaN : typeof v === 'bigint' ? Number(v) : (v as number));

function measureExpr(cols: TypeColumns, m: Measure): { sql: string; decode: (v: DuckDBValue) => number } {
  const op = (m as { op?: unknown })?.op;
  if (op === 'count') return { sql: 'count(*)', decode: toNumber };
  if (op !== 'sum' && op !== 'min' && op !== 'max' && op !== 'avg' && op !== 'count_distinct') {
    throw bad(`unknown measure ${JSON.stringify(op) ?? String(op)}; measures are count, sum, min, max, avg, count_distinct`);
  }
  const column: ObservationColumn = columnOf(cols, (m as { field?: unknown }).field);
  const col = ident(column.name);
  if (isListKind(column.kind)) throw bad(`${op} does not apply to the list field ${column.name}`);
  if (op === 'count_distinct') return { sql: `count(DISTINCT ${col})`, decode: toNumber };
  const kind = elementKind(column.kind);
  const numeric = NUMERIC.has(kind);
  if (kind === 'time' && (op === 'min' || op === 'max')) {
    return { sql: `${op}(${col})`, decode: (v) => (v === null ? Number.NaN : fromTimestamp(v as DuckDBTimestampValue)) };
  }
  if (!numeric) throw bad(`${op} takes a number field (count, port, interval${op === 'min' || op === 'max' ? ', time' : ''}); ${column.name} is ${column.zeekType}`);
  // a sum over no values is 0 (bytes of nothing), not missing
  if (op === 'sum') return { sql: `coalesce(sum(${col}), 0)`, decode: toNumber };
  return { sql: `${op}(${col})`, decode: toNumber };
}

export interface CompiledAggregate {
  sql: string;
  params: DuckDBValue[];
  decode(rows: DuckDBValue[][]): AggregateRow[];
}

export function compileAggregate(type: ObservationType, cols: TypeColumns, q: AggregateQuery): CompiledAggregate {
  if (q === null || typeof q !== 'object') throw new StoreError('bad_argument', 'an aggregate needs { group_by, measures }');
  const { group_by: groupBy, measures } = q;
  if (!Array.isArray(groupBy) || groupBy.length > MAX_GROUP_KEYS) throw new StoreError('bad_argument', `group_by must be a list of at most ${MAX_GROUP_KEYS} keys`);
  if (!Array.isArray(measures) || measures.length > MAX_MEASURES) throw new StoreError('bad_argument', `measures must be a list of at most ${MAX_MEASURES} measures`);
  if (groupBy.length === 0 && measures.length === 0) throw new StoreError('bad_argument', 'an aggregate needs at least one group key or one measure');
  const params: DuckDBValue[] = [];
  const keys = groupBy.map((k) => keyExpr(cols, k, params));
  const ms = measures.map((m) => measureExpr(cols, m));
  const select = [...keys.map((k, i) => `${k.sql} AS k${i}`), ...ms.map((m, i) => `${m.sql} AS m${i}`)].join(', ');
  let sql = `SELECT ${select} FROM ${observationTable(type)}`;
  if (q.where !== undefined) sql += ' WHERE ' + compileCondition(resolveCondition(cols, q.where), params);
  if (keys.length > 0) sql += ' GROUP BY ' + keys.map((_, i) => String(i + 1)).join(', ');
  const order: string[] = [];
  if (q.order_by !== undefined) {
    const { measure, direction = 'desc' } = q.order_by ?? {};
    if (typeof measure !== 'number' || !Number.isInteger(measure) || measure < 0 || measure >= ms.length) {
      throw new StoreError('bad_argument', `order_by.measure must be the index of a measure (0 to ${ms.length - 1}), not ${JSON.stringify(measure)}`);
    }
    if (direction !== 'asc' && direction !== 'desc') throw new StoreError('bad_argument', `order_by.direction must be "asc" or "desc", not ${JSON.stringify(direction)}`);
    order.push(`m${measure} ${direction === 'asc' ? 'ASC' : 'DESC'} NULLS LAST`);
  }
  // the keys break ties (and order rows without order_by), so results are deterministic
  if (keys.length > 0) order.push(...keys.map((_, i) => `k${i} ASC NULLS LAST`));
  if (order.length > 0) sql += ' ORDER BY ' + order.join(', ');
  if (q.limit !== undefined) {
    params.push(BigInt(checkCount('limit', q.limit)));
    sql += ' LIMIT ?';
  }
  return {
    sql,
    params,
    decode: (rows) =>
      rows.map((r) => ({
        keys: keys.map((k, i) => k.decode(r[i]!)),
        values: ms.map((m, i) => m.decode(r[keys.length + i]!)),
      })),
  };
}
