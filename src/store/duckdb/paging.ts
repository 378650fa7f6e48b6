// LIMIT / OFFSET as parameters, after checking they are sane counts.
import type { DuckDBValue } from '@duckdb/node-api';
import type { PageQuery } from '../types.js';
import { checkCount } from '../validate.js';

export function pageClause(query: PageQuery, params: DuckDBValue[]): string {
  let sql = '';
  if (query.limit !== undefined) {
    params.push(BigInt(checkCount('limit', query.limit)));
    sql += ' LIMIT ?';
  }
  if (query.offset !== undefined) {
    params.push(BigInt(checkCount('offset', query.offset, { max: Number.MAX_SAFE_INTEGER })));
    sql += ' OFFSET ?';
  }
  return sql;
}
