// Later stages' records (entities, breaches, incidents, actions) as JSON keyed by id and time,
// until their issues give them typed columns. Entities keep their own column names (attributes,
// first_seen, last_seen) and remember the earliest time ever put for an id.
import type { DuckDBTimestampValue, DuckDBValue } from '@duckdb/node-api';
import type { EntityRecord, JsonRecord, PageQuery, RecordStore } from '../types.js';
import { checkObject, checkSeconds, checkText, toJson } from '../validate.js';
import { rows, type Db } from './db.js';
import { insertRows } from './insert.js';
import { pageClause } from './paging.js';
import { fromTimestamp, toTimestamp } from './sql.js';

/** How a table stores a JsonRecord. Every name here is a constant. */
interface TableSpec {
  table: 'entities' | 'breaches' | 'incidents' | 'actions';
  payload: 'payload' | 'attributes';
  time: 'time' | 'last_seen';
  /** entities: the column that keeps the earliest time */
  firstSeen?: 'first_seen';
}

export const ENTITIES: TableSpec = { table: 'entities', payload: 'attributes', time: 'last_seen', firstSeen: 'first_seen' };
export const BREACHES: TableSpec = { table: 'breaches', payload: 'payload', time: 'time' };
export const INCIDENTS: TableSpec = { table: 'incidents', payload: 'payload', time: 'time' };
export const ACTIONS: TableSpec = { table: 'actions', payload: 'payload', time: 'time' };

export class DuckDbRecordStore<R extends JsonRecord> implements RecordStore<R> {
  constructor(
    private readonly db: Db,
    private readonly spec: TableSpec,
  ) {}

  async put(records: readonly JsonRecord[]): Promise<void> {
    const { table, payload, time, firstSeen } = this.spec;
    // the last record of an id wins (one INSERT cannot touch the same key twice)
    const byId = new Map<string, DuckDBValue[]>();
    records.forEach((r, i) => {
      checkObject(`${table} record ${i}`, r);
      const id = checkText('id', r.id);
      const ts = toTimestamp(checkSeconds('time', r.time));
      const row: DuckDBValue[] = [id, checkText('kind', r.kind), toJson('payload', checkObject('payload', r.payload)), ts];
      if (firstSeen) row.push(ts);
      byId.delete(id);
      byId.set(id, row);
    });
    if (byId.size === 0) return;
    const columns = ['id', 'kind', payload, time, ...(firstSeen ? [firstSeen] : [])];
    const update = [`kind = excluded.kind`, `${payload} = excluded.${payload}`];
    if (firstSeen) update.push(`${time} = greatest(${table}.${time}, excluded.${time})`, `${firstSeen} = least(${table}.${firstSeen}, excluded.${firstSeen})`);
    else update.push(`${time} = excluded.${time}`);
    await this.db.write(`storing ${byId.size} ${table}`, (c) => insertRows(c, table, columns, [...byId.values()], ` ON CONFLICT (id) DO UPDATE SET ${update.join(', ')}`));
  }

  async get(id: string): Promise<R | undefined> {
    checkText('id', id);
    const found = await this.db.read(`reading ${this.spec.table} ${id}`, (c) => rows(c, `${this.selectSql()} WHERE id = ?`, [id]));
    return found.length === 0 ? undefined : this.toRecord(found[0]!);
  }

  async list(query: PageQuery & { kind?: string; since?: number; until?: number } = {}): Promise<R[]> {
    const { time } = this.spec;
    const params: DuckDBValue[] = [];
    const where: string[] = [];
    if (query.kind !== undefined) {
      where.push('kind = ?');
      params.push(checkText('kind', query.kind));
    }
    if (query.since !== undefined) {
      where.push(`${time} >= ?`);
      params.push(toTimestamp(checkSeconds('since', query.since)));
    }
    if (query.until !== undefined) {
      where.push(`${time} < ?`);
      params.push(toTimestamp(checkSeconds('until', query.until)));
    }
    const sql = `${this.selectSql()}${where.length ? ' WHERE ' + where.join(' AND ') : ''} ORDER BY ${time}, id${pageClause(query, params)}`;
    const found = await this.db.read(`listing ${this.spec.table}`, (c) => rows(c, sql, params));
    return found.map((r) => this.toRecord(r));
  }

  private selectSql(): string {
    const { table, payload, time, firstSeen } = this.spec;
    return `SELECT id, kind, ${payload}, ${time}${firstSeen ? ', ' + firstSeen : ''} FROM ${table}`;
  }

  private toRecord([id, kind, payload, time, first]: DuckDBValue[]): R {
    const r: JsonRecord = { id: id as string, kind: kind as string, time: fromTimestamp(time as DuckDBTimestampValue), payload: JSON.parse(payload as string) as JsonRecord['payload'] };
    if (this.spec.firstSeen) (r as EntityRecord).first_seen = fromTimestamp(first as DuckDBTimestampValue);
    return r as R;
  }
}
