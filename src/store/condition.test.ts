import { describe, expect, test } from 'vitest';
import { columnsOf } from './columns.js';
import { and, eq, isIn, like, not, parseWildcard, resolveCondition } from './condition.js';
import { StoreError } from './errors.js';
import type { Condition } from './types.js';

const conn = columnsOf('conn');

function code(f: () => unknown): string | undefined {
  try {
    f();
  } catch (e) {
    return e instanceof StoreError ? e.code : 'not a StoreError';
  }
  return undefined;
}

describe('conditions', () => {
  test('wildcards: * any run, ? one character, \\ escapes', () => {
    expect(parseWildcard('10.0.*')).toStrictEqual([{ literal: '10.0.' }, { any: true }]);
    expect(parseWildcard('a?b\\*c\\\\')).toStrictEqual([{ literal: 'a' }, { one: true }, { literal: 'b*c\\' }]);
    expect(parseWildcard('trailing\\')).toStrictEqual([{ literal: 'trailing\\' }]);
    expect(parseWildcard('')).toStrictEqual([]);
  });

  test('resolution binds fields to layout columns and keeps values', () => {
    const r = resolveCondition(conn, and(eq('id.orig_h', '10.0.0.1'), not(isIn('id.resp_p', [53, 443]))));
    expect(r).toMatchObject({ op: 'and', items: [{ op: 'cmp', cmp: '=', column: { name: 'id.orig_h' }, value: '10.0.0.1' }, { op: 'not', item: { op: 'in', values: [53, 443] } }] });
  });

  test('JSON from outside is checked, not trusted', () => {
    const cases: [unknown, string][] = [
      [null, 'bad_condition'],
      ['uid = 1', 'bad_condition'],
      [{ op: 'and' }, 'bad_condition'],
      [{ op: '=', field: 'uid' }, 'bad_value'],
      [{ op: '=', field: { toString: () => 'uid' }, value: 'x' }, 'unknown_field'],
      [{ op: 'in', field: 'uid', values: 'abc' }, 'bad_condition'],
      [{ op: 'like', field: 'uid', pattern: 5 }, 'bad_condition'],
      [{ op: 'LIKE', field: 'uid', pattern: 'x' }, 'bad_condition'],
      [{ op: 'in', field: 'uid', values: new Array(10_001).fill('x') }, 'bad_condition'],
      [like('duration', '1*'), 'bad_condition'],
    ];
    for (const [c, want] of cases) expect(code(() => resolveCondition(conn, c as Condition)), JSON.stringify(c)?.slice(0, 60)).toBe(want);
  });

  test('very wide conditions are refused', () => {
    const wide = and(...Array.from({ length: 5000 }, (_, i) => eq('uid', 'C' + i)));
    expect(code(() => resolveCondition(conn, wide))).toBe('bad_condition');
  });
});
