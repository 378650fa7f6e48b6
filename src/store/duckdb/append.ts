// Batched appends: records of one type are written column by column into DuckDB data chunks (2048
// rows, DuckDB's vector size) and handed to an appender, which is several times faster than
// row-by-row appends or INSERTs. Each value is checked against its column kind on the way, so a bad
// record is named instead of failing deep in the engine.
import { DuckDBDataChunk, listValue, type DuckDBConnection, type DuckDBType, type DuckDBValue } from '@duckdb/node-api';
import { MAX_EPOCH_SECONDS, readPath, type ColumnKind, type ObservationColumn } from '../columns.js';
import { StoreError } from '../errors.js';
import type { StoredObservation } from '../types.js';
import type { ObservationTable, TableSlot } from './observation-tables.js';
import { toTimestamp } from './sql.js';

const CHUNK_ROWS = 2048;

/** A value that does not fit; the caller adds which record and field. */
class Misfit extends Error {}

type Convert = (v: unknown) => DuckDBValue;

function isInt(v: unknown): v is number {
  return typeof v === 'number' && Number.isSafeInteger(v);
}

function isNum(v: unknown): v is number {
  return typeof v === 'number' && Number.isFinite(v);
}

const misfit = (want: string) => new Misfit(want);

const SCALAR: Record<Exclude<ColumnKind, 'string_list' | 'integer_list' | 'double_list'>, Convert> = {
  time: (v) => {
    if (typeof v !== 'number' || !(Math.abs(v) <= MAX_EPOCH_SECONDS)) throw misfit(`epoch seconds (a number within ±${MAX_EPOCH_SECONDS})`);
    return toTimestamp(v);
  },
  integer: (v) => {
    if (typeof v === 'bigint') return v;
    if (!isInt(v)) throw misfit('an integer');
    return BigInt(v);
  },
  port: (v) => {
    if (!isInt(v) || v < 0 || v > 65535) throw misfit('a port number 0–65535');
    return v;
  },
  double: (v) => {
    if (!isNum(v)) throw misfit('a finite number');
    return v;
  },
  bool: (v) => {
    if (typeof v !== 'boolean') throw misfit('true or false');
    return v;
  },
  string: (v) => {
    if (typeof v !== 'string') throw misfit('a string');
    return v;
  },
};

function listOf(item: Convert): Convert {
  return (v) => {
    if (!Array.isArray(v)) throw misfit('a list');
    const out = new Array<DuckDBValue>(v.length);
    for (let i = 0; i < v.length; i++) {
      if (v[i] === null || v[i] === undefined) throw misfit('a list without missing elements');
      out[i] = item(v[i]);
    }
    return listValue(out);
  };
}

const CONVERT: Record<ColumnKind, Convert> = {
  ...SCALAR,
  string_list: listOf(SCALAR.string),
  integer_list: listOf(SCALAR.integer),
  double_list: listOf(SCALAR.double),
};

/** JSON for `extra`; bigints (which JSON cannot hold) become numbers when exact, text otherwise. */
function extraJson(extra: Record<string, unknown>): string {
  return JSON.stringify(extra, (_k, v: unknown) => (typeof v === 'bigint' ? (Number.isSafeInteger(Number(v)) ? Number(v) : v.toString()) : v));
}

type Write = (o: StoredObservation, batchSource: string | null) => DuckDBValue;

function writerFor(slot: TableSlot): Write {
  if (slot === null) return () => null;
  if (slot === '_source') return (o, batchSource) => o.source ?? batchSource;
  if (slot === '_extra') return (o) => (o.extra === undefined || o.extra === null ? null : extraJson(o.extra));
  const column: ObservationColumn = slot;
  const convert = CONVERT[column.kind];
  const [top, nested] = column.path;
  if (column.path.length === 1) {
    return (o) => {
      const v = (o.record as Record<string, unknown>)[top!];
      return v === undefined || v === null ? null : convert(v);
    };
  }
  if (column.path.length === 2) {
    return (o) => {
      const inner = (o.record as Record<string, unknown>)[top!] as Record<string, unknown> | undefined | null;
      const v = inner === undefined || inner === null ? undefined : inner[nested!];
      return v === undefined || v === null ? null : convert(v);
    };
  }
  return (o) => {
    const v = readPath(o.record, column.path);
    return v === undefined || v === null ? null : convert(v);
  };
}

/**
 * Appends records of one type through DuckDB's appender, on a connection inside the caller's
 * transaction. `batch` is the caller's whole batch, only to name a bad record by its position.
 */
export async function appendObservations(
  c: DuckDBConnection,
  table: ObservationTable,
  list: readonly StoredObservation[],
  batchSource: string | null,
  batch: readonly StoredObservation[],
): Promise<void> {
  const writers = table.slots.map(writerFor);
  const appender = await c.createAppender('obs_' + table.type);
  try {
    const types: DuckDBType[] = [];
    for (let i = 0; i < appender.columnCount; i++) types.push(appender.columnType(i));
    if (types.length !== writers.length) {
      throw new StoreError('write_failed', `obs_${table.type} has ${types.length} columns but the store expected ${writers.length}; reopen the store`);
    }
    for (let off = 0; off < list.length; off += CHUNK_ROWS) {
      const n = Math.min(CHUNK_ROWS, list.length - off);
      const chunk = DuckDBDataChunk.create(types, n);
      for (let col = 0; col < writers.length; col++) {
        const vector = chunk.getColumnVector(col);
        const write = writers[col]!;
        let r = 0;
        try {
          for (; r < n; r++) vector.setItem(r, write(list[off + r]!, batchSource));
        } catch (e) {
          const slot = table.slots[col];
          const field = slot === null ? `column ${col}` : typeof slot === 'string' ? slot : slot.name;
          const obs = list[off + r]!;
          const problem =
            e instanceof Misfit
              ? `takes ${e.message}, got ${describe(slot !== null && typeof slot !== 'string' ? readPath(obs.record, slot.path) : undefined)}`
              : `could not be written (${e instanceof Error ? e.message : String(e)})`;
          throw new StoreError('bad_value', `${table.type} observation at position ${batch.indexOf(obs)} of the batch: field ${field} ${problem}; nothing of this batch was stored`, {
            cause: e,
          });
        }
        vector.flush();
      }
      appender.appendDataChunk(chunk);
    }
    appender.closeSync(); // flushes
  } catch (e) {
    try {
      appender.closeSync();
    } catch {
      // nothing left worth flushing: the caller's transaction rolls back
    }
    throw e;
  }
}

function describe(v: unknown): string {
  if (typeof v === 'bigint') return v.toString();
  const s = JSON.stringify(v) ?? String(v);
  return s.length > 80 ? s.slice(0, 80) + '…' : s;
}
