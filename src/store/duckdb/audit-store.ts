// The audit log: who did what, when, to what. Append-only by design: this class has no update or
// delete, and nothing else in the store writes the table.
import type { DuckDBTimestampValue, DuckDBValue } from '@duckdb/node-api';
import type { AuditEntry, AuditStore, PageQuery } from '../types.js';
import { checkObject, checkSeconds, checkText, toJson } from '../validate.js';
import { rows, type Db } from './db.js';
import { pageClause } from './paging.js';
import { fromTimestamp, toTimestamp } from './sql.js';

export class DuckDbAuditStore implements AuditStore {
  constructor(private readonly db: Db) {}

  async append(entry: AuditEntry): Promise<void> {
    checkObject('audit entry', entry);
    const ts = checkSeconds('ts', entry.ts);
    const actor = checkText('actor', entry.actor);
    const action = checkText('action', entry.action);
    const target = entry.target === undefined ? null : checkText('target', entry.target, { empty: true });
    const details = entry.details === undefined ? null : toJson('details', checkObject('details', entry.details));
    await this.db.write(`auditing ${action} by ${actor}`, (c) =>
      c.run('INSERT INTO audit_log (ts, actor, action, target, details) VALUES (?, ?, ?, ?, ?)', [toTimestamp(ts), actor, action, target, details]),
    );
  }

  async list(query: PageQuery & { actor?: string; since?: number; until?: number } = {}): Promise<AuditEntry[]> {
    const params: DuckDBValue[] = [];
    const where: string[] = [];
    if (query.actor !== undefined) {
      where.push('actor = ?');
      params.push(checkText('actor', query.actor));
    }
    if (query.since !== undefined) {
      where.push('ts >= ?');
      params.push(toTimestamp(checkSeconds('since', query.since)));
    }
    if (query.until !== undefined) {
      where.push('ts < ?');
      params.push(toTimestamp(checkSeconds('until', query.until)));
    }
    const sql = `SELECT ts, actor, action, target, details FROM audit_log${where.length ? ' WHERE ' + where.join(' AND ') : ''} ORDER BY seq${pageClause(query, params)}`;
    const found = await this.db.read('listing the audit log', (c) => rows(c, sql, params));
    return found.map(([ts, actor, action, target, details]) => {
      const e: AuditEntry = { ts: fromTimestamp(ts as DuckDBTimestampValue), actor: actor as string, action: action as string };
      if (target !== null) e.target = target as string;
      if (details !== null) e.details = JSON.parse(details as string) as AuditEntry['details'];
      return e;
    });
  }
}
