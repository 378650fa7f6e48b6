// Observations in DuckDB: batched appends, and the typed queries (select, count, histogram, top
// values, aggregates) compiled from the Condition AST with parameters.
import type { DuckDBConnection, DuckDBValue } from '@duckdb/node-api';
import type { ObservationType } from '../../schema/observation.js';
import { columnOf, columnsOf, elementKind, isListKind, type ObservationColumn, type TypeColumns } from '../columns.js';
import { resolveCondition } from '../condition.js';
import { StoreError } from '../errors.js';
import type {
  AggregateQuery,
  AggregateRow,
  AppendOptions,
  Condition,
  FlatRow,
  HistogramBucket,
  ObservationStore,
  RetentionPolicy,
  Scalar,
  SelectQuery,
  StoredObservation,
  TopValue,
} from '../types.js';
import { checkCount, checkSeconds } from '../validate.js';
import { compileAggregate } from './aggregate.js';
import { appendObservations } from './append.js';
import { compileCondition, param } from './compile.js';
import { changed, rows, type Db } from './db.js';
import { decodeValue, toObservations } from './decode.js';
import type { ObservationTable } from './observation-tables.js';
import { pageClause } from './paging.js';
import { ident, observationTable } from './sql.js';
import { writeCheckpoint } from './state-store.js';

/** Most values `topValues` returns. */
export const MAX_TOP_VALUES = 10_000;

export class DuckDbObservationStore implements ObservationStore {
  constructor(
    private readonly db: Db,
    private readonly tables: ReadonlyMap<ObservationType, ObservationTable>,
  ) {}

  async append(batch: readonly StoredObservation[], options: AppendOptions = {}): Promise<void> {
    const groups = new Map<string, StoredObservation[]>();
    for (let i = 0; i < batch.length; i++) {
      const o = batch[i];
      if (o === null || typeof o !== 'object' || o.record === null || typeof o.record !== 'object') {
        throw new StoreError('bad_value', `the observation at position ${i} of the batch is not { type, record } with a record object`);
      }
      let list = groups.get(o.type);
      if (!list) groups.set(o.type, (list = []));
      list.push(o);
    }
    for (const type of groups.keys()) columnsOf(type);
    const source = options.source ?? null;
    if (batch.length === 0 && !options.checkpoint) return;
    await this.db.write(`appending ${batch.length} observations to ${this.db.label}`, async (c) => {
      for (const [type, list] of groups) await appendObservations(c, this.table(type as ObservationType), list, source, batch);
      if (options.checkpoint) await writeCheckpoint(c, options.checkpoint.name, options.checkpoint.payload);
    });
  }

  async count(type: ObservationType, where?: Condition): Promise<number> {
    const cols = columnsOf(type);
    const params: DuckDBValue[] = [];
    const sql = `SELECT count(*) FROM ${observationTable(type)}${whereClause(cols, where, params)}`;
    return this.db.read(`counting ${type} observations`, async (c) => Number((await rows(c, sql, params))[0]![0] as bigint));
  }

  select(type: ObservationType, query: SelectQuery & { fields: readonly string[] }): Promise<FlatRow[]>;
  select<T extends ObservationType>(type: T, query?: SelectQuery): Promise<StoredObservation<T>[]>;
  async select(type: ObservationType, query: SelectQuery & { fields?: readonly string[] } = {}): Promise<StoredObservation[] | FlatRow[]> {
    const cols = columnsOf(type);
    const fields = query.fields === undefined ? undefined : projection(cols, query.fields);
    const params: DuckDBValue[] = [];
    const selected = fields ? fields.map((f) => ident(f.name)) : [...cols.layout.map((c) => ident(c.name)), ident('_source'), ident('_extra')];
    const where = whereClause(cols, query.where, params);
    const order = orderClause(cols, query.orderBy);
    const page = pageClause(query, params);
    const sql = `SELECT ${selected.join(', ')} FROM ${observationTable(type)}${where}${order}${page}`;
    const columns = await this.db.read(`selecting ${type} observations`, async (c) => (await c.runAndReadAll(sql, params)).getColumns());
    if (!fields) return toObservations(type, cols.layout, columns);
    const n = columns[0]?.length ?? 0;
    const out: FlatRow[] = new Array(n);
    for (let r = 0; r < n; r++) {
      const row: FlatRow = {};
      fields.forEach((f, i) => (row[f.name] = decodeValue(f.kind, columns[i]![r]!)));
      out[r] = row;
    }
    return out;
  }

  async histogram(type: ObservationType, where: Condition | undefined, bucketSeconds: number): Promise<HistogramBucket[]> {
    const cols = columnsOf(type);
    if (typeof bucketSeconds !== 'number' || !Number.isFinite(bucketSeconds) || bucketSeconds < 1e-6) {
      throw new StoreError('bad_argument', `bucketSeconds must be a finite number of at least 0.000001, not ${String(bucketSeconds)}`);
    }
    const micros = BigInt(Math.round(bucketSeconds * 1e6));
    const ts = ident(columnOf(cols, 'ts').name);
    const params: DuckDBValue[] = [micros];
    const filter = whereClause(cols, where, params);
    const sql =
      `SELECT floor(epoch_us(${ts}) / ?)::BIGINT AS bucket, count(*) FROM ${observationTable(type)}` +
      `${filter ? filter + ` AND ${ts} IS NOT NULL` : ` WHERE ${ts} IS NOT NULL`} GROUP BY bucket ORDER BY bucket`;
    const found = await this.db.read(`histogram of ${type} observations`, (c) => rows(c, sql, params));
    return found.map(([bucket, n]) => ({ start: Number((bucket as bigint) * micros) / 1e6, count: Number(n as bigint) }));
  }

  async topValues(type: ObservationType, field: string, where: Condition | undefined, k: number): Promise<TopValue[]> {
    const cols = columnsOf(type);
    const column = columnOf(cols, field);
    checkCount('k', k, { min: 1, max: MAX_TOP_VALUES });
    const params: DuckDBValue[] = [];
    const filter = whereClause(cols, where, params);
    const col = ident(column.name);
    const values = isListKind(column.kind)
      ? `SELECT unnest(${col}) AS v FROM ${observationTable(type)}${filter}`
      : `SELECT ${col} AS v FROM ${observationTable(type)}${filter}`;
    params.push(BigInt(k));
    const sql = `SELECT v, count(*) AS n FROM (${values}) WHERE v IS NOT NULL GROUP BY v ORDER BY n DESC, v ASC LIMIT ?`;
    const found = await this.db.read(`top values of ${type}.${column.name}`, (c) => rows(c, sql, params));
    const kind = elementKind(column.kind);
    return found.map(([v, n]) => ({ value: decodeValue(kind, v!) as Scalar, count: Number(n as bigint) }));
  }

  async aggregate(type: ObservationType, query: AggregateQuery): Promise<AggregateRow[]> {
    const compiled = compileAggregate(type, columnsOf(type), query);
    const found = await this.db.read(`aggregating ${type} observations`, (c) => rows(c, compiled.sql, compiled.params));
    return compiled.decode(found);
  }

  async deleteOlderThan(type: ObservationType, ts: number): Promise<number> {
    columnsOf(type);
    checkSeconds('ts', ts);
    return this.db.write(`deleting old ${type} observations`, (c) => deleteBefore(c, type, ts));
  }

  async setRetention(type: ObservationType, maxAgeSeconds: number | null): Promise<void> {
    columnsOf(type);
    if (maxAgeSeconds !== null && (typeof maxAgeSeconds !== 'number' || !Number.isFinite(maxAgeSeconds) || maxAgeSeconds <= 0)) {
      throw new StoreError('bad_argument', `the maximum age of ${type} records must be a positive number of seconds or null (keep forever), not ${String(maxAgeSeconds)}`);
    }
    await this.db.write(`setting the retention of ${type}`, async (c) => {
      if (maxAgeSeconds === null) await c.run('DELETE FROM retention WHERE type = ?', [type]);
      else await c.run('INSERT INTO retention VALUES (?, ?) ON CONFLICT (type) DO UPDATE SET max_age_seconds = excluded.max_age_seconds', [type, maxAgeSeconds]);
    });
  }

  async retention(): Promise<RetentionPolicy> {
    const found = await this.db.read('reading the retention policy', (c) => rows(c, 'SELECT type, max_age_seconds FROM retention ORDER BY type'));
    const policy: RetentionPolicy = {};
    // a type that left the schema keeps its row but is no longer part of the policy
    for (const [type, age] of found) if (this.tables.has(type as ObservationType)) policy[type as ObservationType] = age as number;
    return policy;
  }

  async applyRetention(now: number): Promise<Partial<Record<ObservationType, number>>> {
    checkSeconds('now', now);
    const policy = await this.retention();
    return this.db.write('applying the retention policy', async (c) => {
      const deleted: Partial<Record<ObservationType, number>> = {};
      for (const [type, age] of Object.entries(policy) as [ObservationType, number][]) deleted[type] = await deleteBefore(c, type, now - age);
      return deleted;
    });
  }

  private table(type: ObservationType): ObservationTable {
    const t = this.tables.get(type);
    if (!t) throw new StoreError('unknown_type', `no table for ${type} observations`);
    return t;
  }
}

function deleteBefore(c: DuckDBConnection, type: ObservationType, ts: number): Promise<number> {
  const column = columnsOf(type).byName.get('ts')!;
  return changed(c, `DELETE FROM ${observationTable(type)} WHERE ${ident('ts')} < ?`, [param(column, ts)]);
}

function whereClause(cols: TypeColumns, where: Condition | undefined, params: DuckDBValue[]): string {
  return where === undefined ? '' : ' WHERE ' + compileCondition(resolveCondition(cols, where), params);
}

function orderClause(cols: TypeColumns, orderBy: SelectQuery['orderBy']): string {
  if (orderBy === undefined || orderBy.length === 0) return '';
  if (!Array.isArray(orderBy)) throw new StoreError('bad_argument', 'orderBy must be a list of { field, direction }');
  const terms = orderBy.map((o: { field: string; direction?: string }) => {
    const column = columnOf(cols, o?.field);
    const dir = o.direction ?? 'asc';
    if (dir !== 'asc' && dir !== 'desc') throw new StoreError('bad_argument', `orderBy direction must be "asc" or "desc", not ${JSON.stringify(dir)}`);
    return `${ident(column.name)} ${dir === 'asc' ? 'ASC' : 'DESC'} NULLS LAST`;
  });
  return ' ORDER BY ' + terms.join(', ');
}

function projection(cols: TypeColumns, fields: readonly string[]): ObservationColumn[] {
  if (!Array.isArray(fields) || fields.length === 0) throw new StoreError('bad_argument', 'fields must be a non-empty list of field names');
  const seen = new Set<string>();
  const out: ObservationColumn[] = [];
  for (const f of fields) {
    const column = columnOf(cols, f);
    if (!seen.has(column.name)) out.push(column);
    seen.add(column.name);
  }
  return out;
}
