import { describe, expect, test } from 'vitest';
import type { DuckDBValue } from '@duckdb/node-api';
import { DuckDBTimestampValue } from '@duckdb/node-api';
import { columnsOf } from '../columns.js';
import { and, eq, isIn, isNull, like, ne, not, or, parseWildcard, resolveCondition } from '../condition.js';
import type { Condition } from '../types.js';
import { compileCondition, likePattern } from './compile.js';
import { ident } from './sql.js';

function compile(c: Condition): { sql: string; params: DuckDBValue[] } {
  const params: DuckDBValue[] = [];
  return { sql: compileCondition(resolveCondition(columnsOf('conn'), c), params), params };
}

describe('compiling conditions for DuckDB', () => {
  test('values are parameters, never text of the SQL', () => {
    const hostile = "x'); DROP TABLE obs_conn; --";
    const { sql, params } = compile(or(eq('uid', hostile), like('history', hostile + '*'), isIn('service', [hostile, '"'])));
    expect(sql).not.toContain('DROP');
    expect(sql).not.toContain("x'");
    expect(sql).toBe(`("uid" = ? OR "history" LIKE ? ESCAPE '\\' OR "service" IN (?, ?))`);
    expect(params).toStrictEqual([hostile, "x'); DROP TABLE obs\\_conn; --%", hostile, '"']);
  });

  test('two-valued logic: != is IS DISTINCT FROM, not is IS NOT TRUE; empty and/or/in are constants', () => {
    expect(compile(ne('service', 'dns')).sql).toBe('"service" IS DISTINCT FROM ?');
    expect(compile(not(eq('service', 'dns'))).sql).toBe('("service" = ?) IS NOT TRUE');
    expect(compile(and()).sql).toBe('TRUE');
    expect(compile(or()).sql).toBe('FALSE');
    expect(compile(isIn('uid', [])).sql).toBe('FALSE');
    expect(compile(isNull('tunnel_parents')).sql).toBe('"tunnel_parents" IS NULL');
  });

  test('lists: any element', () => {
    expect(compile(eq('tunnel_parents', 'C1')).sql).toBe('list_contains("tunnel_parents", ?)');
    expect(compile(ne('tunnel_parents', 'C1')).sql).toBe('list_contains("tunnel_parents", ?) IS NOT TRUE');
    expect(compile(like('tunnel_parents', 'C*', true)).sql).toBe(`len(list_filter("tunnel_parents", lambda e: e ILIKE ?)) > 0`);
    expect(compile(like('tunnel_parents', 'C_*', true)).sql).toBe(`len(list_filter("tunnel_parents", lambda e: e ILIKE ? ESCAPE '\\')) > 0`);
  });

  test('parameters take the column type: times as TIMESTAMP, integers as BIGINT', () => {
    const { params } = compile(and(eq('ts', 1_700_000_000.5), eq('orig_bytes', 12), eq('duration', 1.5), eq('id.resp_p', 53)));
    expect(params[0]).toBeInstanceOf(DuckDBTimestampValue);
    expect((params[0] as DuckDBTimestampValue).micros).toBe(1_700_000_000_500_000n);
    expect(params.slice(1)).toStrictEqual([12n, 1.5, 53n]);
  });

  test('LIKE has an ESCAPE clause only when its pattern has escapes (DuckDB optimises plain LIKE)', () => {
    expect(compile(like('history', 'Sh*')).sql).toBe('"history" LIKE ?');
    expect(compile(like('history', '*sh?', true)).sql).toBe('"history" ILIKE ?');
    expect(compile(like('history', '50%*')).sql).toBe(`"history" LIKE ? ESCAPE '\\'`);
    expect(compile(like('history', 'a\\\\b')).sql).toBe(`"history" LIKE ? ESCAPE '\\'`);
  });

  test('LIKE patterns escape %, _ and \\', () => {
    expect(likePattern(parseWildcard('50%_off*\\?'))).toBe('50\\%\\_off%?');
    expect(likePattern(parseWildcard('a\\\\b'))).toBe('a\\\\b');
  });

  test('identifiers are quoted with doubled quotes', () => {
    expect(ident('id.orig_h')).toBe('"id.orig_h"');
    expect(ident('we"ird')).toBe('"we""ird"');
  });
});
