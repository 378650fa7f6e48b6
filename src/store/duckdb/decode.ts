// DuckDB values back to the schema's records: TIMESTAMP → epoch seconds, BIGINT → number, lists →
// arrays; nested records (id, certificate, …) rebuilt from the dotted columns, and only when one of
// their fields has a value, so an absent optional record stays absent.
import type { DuckDBListValue, DuckDBTimestampValue, DuckDBValue } from '@duckdb/node-api';
import type { ObservationType } from '../../schema/observation.js';
import { writePath, type ColumnKind, type ObservationColumn } from '../columns.js';
import type { FieldValue, StoredObservation } from '../types.js';
import { fromTimestamp } from './sql.js';

type Decode = (v: DuckDBValue) => FieldValue;

const items = (v: DuckDBValue) => (v as DuckDBListValue).items;

export const DECODE: Record<ColumnKind, Decode> = {
  time: (v) => fromTimestamp(v as DuckDBTimestampValue),
  integer: (v) => Number(v as bigint),
  port: (v) => v as number,
  double: (v) => v as number,
  bool: (v) => v as boolean,
  string: (v) => v as string,
  string_list: (v) => items(v) as string[],
  integer_list: (v) => items(v).map((x) => Number(x as bigint)),
  double_list: (v) => items(v) as number[],
};

export function decodeValue(kind: ColumnKind, v: DuckDBValue): FieldValue {
  return v === null ? null : DECODE[kind](v);
}

/**
 * Column-major query results (the layout columns, then _source, then _extra) to stored observations.
 */
export function toObservations<T extends ObservationType>(type: T, layout: readonly ObservationColumn[], columns: DuckDBValue[][]): StoredObservation<T>[] {
  const n = columns[0]?.length ?? 0;
  const sourceCol = columns[layout.length]!;
  const extraCol = columns[layout.length + 1]!;
  const decoders = layout.map((c) => DECODE[c.kind]);
  const out: StoredObservation<T>[] = new Array(n);
  for (let r = 0; r < n; r++) {
    const record: Record<string, unknown> = {};
    for (let c = 0; c < layout.length; c++) {
      const v = columns[c]![r]!;
      if (v === null) continue;
      const col = layout[c]!;
      const value = decoders[c]!(v);
      if (col.path.length === 1) record[col.path[0]!] = value;
      else writePath(record, col.path, value);
    }
    const obs = { type, record } as StoredObservation<T> & { extra?: Record<string, unknown>; source?: string };
    const extra = extraCol[r];
    if (extra !== null && extra !== undefined) obs.extra = JSON.parse(extra as string) as Record<string, unknown>;
    const source = sourceCol[r];
    if (source !== null && source !== undefined) obs.source = source as string;
    out[r] = obs;
  }
  return out;
}
