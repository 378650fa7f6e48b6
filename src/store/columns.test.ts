import { describe, expect, test } from 'vitest';
import { ZEEK_LAYOUTS } from '../schema/layouts.js';
import { OBSERVATION_SCHEMAS } from '../schema/registry.js';
import type { ObservationType } from '../schema/observation.js';
import { columnOf, columnsOf, readPath, writePath } from './columns.js';
import { StoreError } from './errors.js';

const TYPES = Object.keys(ZEEK_LAYOUTS) as ObservationType[];

describe('observation columns', () => {
  test.each(TYPES)('%s: every field of the schema has a layout column, so the store drops nothing', (type) => {
    const shape = (OBSERVATION_SCHEMAS[type] as unknown as { shape: Record<string, unknown> }).shape;
    const tops = new Set(columnsOf(type).layout.map((c) => c.path[0]));
    expect(Object.keys(shape).filter((k) => !tops.has(k))).toStrictEqual([]);
  });

  test('column names are unique ignoring case and none starts with the store\'s _ prefix', () => {
    for (const type of TYPES) {
      const names = columnsOf(type).layout.map((c) => c.name.toLowerCase());
      expect(new Set(names).size).toBe(names.length);
      expect(names.filter((n) => n.startsWith('_'))).toStrictEqual([]);
    }
  });

  test('unknown types and fields are typed errors that list what is valid', () => {
    expect(() => columnsOf('conn; DROP TABLE x')).toThrow(StoreError);
    try {
      columnOf(columnsOf('dns'), 'id.orig_h; DROP TABLE obs_dns');
    } catch (e) {
      expect(e).toBeInstanceOf(StoreError);
      expect((e as StoreError).code).toBe('unknown_field');
      expect((e as StoreError).message).toContain('id.resp_p');
    }
    expect(columnOf(columnsOf('dns'), 'id.orig_h').kind).toBe('string');
    expect(columnOf(columnsOf('dns'), '_source').kind).toBe('string');
  });

  test('paths read and write nested records', () => {
    const rec: Record<string, unknown> = {};
    writePath(rec, ['certificate', 'subject'], 'CN=x');
    writePath(rec, ['ts'], 1);
    expect(rec).toStrictEqual({ certificate: { subject: 'CN=x' }, ts: 1 });
    expect(readPath(rec, ['certificate', 'subject'])).toBe('CN=x');
    expect(readPath(rec, ['san', 'dns'])).toBeUndefined();
  });
});
