// SQL spelling for DuckDB: quoted identifiers, the column type of each kind, and timestamps. Every
// identifier that reaches SQL is a constant of this folder or a layout column name from the schema.
import { DuckDBTimestampValue } from '@duckdb/node-api';
import type { ObservationType } from '../../schema/observation.js';
import type { ColumnKind } from '../columns.js';

/** A quoted identifier. Names come from the schema's layouts or this folder, never from user text. */
export function ident(name: string): string {
  return '"' + name.replace(/"/g, '""') + '"';
}

/** The table of an observation type (the type is checked against the schema before it gets here). */
export function observationTable(type: ObservationType): string {
  return ident('obs_' + type);
}

/**
 * DuckDB column types. Times are TIMESTAMP (µs, no time zone; values are UTC) so ad-hoc SQL gets date
 * functions and zone maps; Zeek intervals are DOUBLE seconds (INTERVAL would split them into
 * months/days/µs); addresses are text (the inet extension cannot be installed offline).
 */
export const SQL_TYPE: Record<ColumnKind, string> = {
  time: 'TIMESTAMP',
  integer: 'BIGINT',
  port: 'INTEGER',
  double: 'DOUBLE',
  bool: 'BOOLEAN',
  string: 'VARCHAR',
  string_list: 'VARCHAR[]',
  integer_list: 'BIGINT[]',
  double_list: 'DOUBLE[]',
};

/** Epoch seconds → TIMESTAMP, rounded to the microsecond (Zeek's and the sensor's resolution). */
export function toTimestamp(seconds: number): DuckDBTimestampValue {
  return new DuckDBTimestampValue(BigInt(Math.round(seconds * 1e6)));
}

export function fromTimestamp(value: DuckDBTimestampValue): number {
  return Number(value.micros) / 1e6;
}
