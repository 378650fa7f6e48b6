// The compiled record check against zod itself: for every observation schema and many hostile leaf
// values, the same verdict and the same output (values, -0, key order, unknown keys dropped).
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { mulberry32 } from '../../net/prng.js';
import { OBSERVATION_SCHEMAS } from '../../schema/registry.js';
import { compileRecord } from './compiled-record.js';

const POOL: unknown[] = [
  undefined, undefined, undefined, null, 0, -0, 1, -1, 1.5, -2.5, 255, 256, 65535, 65536, 2 ** 31, 2 ** 53 - 1, 2 ** 53, -(2 ** 53) + 1,
  1e300, -1e300, Infinity, -Infinity, NaN, 1700000000.123456, '', 'x', 'tcp', 'udp', 'SF', 'S0', 'REJ', 'sf', '10.0.0.1', '1',
  true, false, [], ['a'], ['a', 'b'], [1, 2], [1, 'a'], [null], ['a', undefined], [[]], {}, { orig_h: 'a' }, new Date(0),
];

/** the nested record the flat → nested mapping makes from these leaf values */
function nest(columns: readonly string[], slots: readonly unknown[]): Record<string, unknown> {
  const r: Record<string, unknown> = {};
  columns.forEach((c, i) => {
    const v = slots[i];
    if (v === undefined) return;
    const dot = c.indexOf('.');
    if (dot < 0) r[c] = v;
    else ((r[c.slice(0, dot)] ??= {}) as Record<string, unknown>)[c.slice(dot + 1)] = v;
  });
  return r;
}

/** a valid-looking value for a leaf, found by asking zod which pool values it takes */
function plausible(schema: z.ZodType, columns: readonly string[], i: number, r: () => number): unknown {
  const col = columns[i]!;
  const ok = POOL.filter((v) => {
    if (v === undefined) return false;
    const res = schema.safeParse(nest(columns, columns.map((_, j) => (j === i ? v : undefined))));
    return res.success || res.error.issues.every((iss) => {
      const p = iss.path.join('.');
      return p !== col && !p.startsWith(`${col}.`);
    });
  });
  return ok.length ? ok[Math.floor(r() * ok.length)] : POOL[Math.floor(r() * POOL.length)];
}

describe('compiled record checks', () => {
  it('compile every observation schema (none is left to zod on the hot path)', () => {
    for (const [type, schema] of Object.entries(OBSERVATION_SCHEMAS)) expect(compileRecord(schema), type).not.toBeNull();
  });

  it('refuse schemas with constructs they do not know', () => {
    expect(compileRecord(z.object({ a: z.string().min(2) }))).toBeNull();
    expect(compileRecord(z.object({ a: z.number().multipleOf(2) }))).toBeNull();
    expect(compileRecord(z.object({ a: z.object({ b: z.object({ c: z.string() }) }) }))).toBeNull();
    expect(compileRecord(z.object({ a: z.string().default('x') }))).toBeNull();
    expect(compileRecord(z.strictObject({ a: z.string() }))).toBeNull();
    expect(compileRecord(z.string())).toBeNull();
  });

  for (const [type, schema] of Object.entries(OBSERVATION_SCHEMAS)) {
    it(`agree with zod on ${type}`, () => {
      const c = compileRecord(schema)!;
      const r = mulberry32(type.length * 7919 + type.charCodeAt(0));
      const base = c.columns.map((_, i) => plausible(schema, c.columns, i, r));
      let accepted = 0;
      for (let n = 0; n < 1500; n++) {
        const slots = base.slice();
        // a valid-looking record with 0–3 leaves replaced by hostile values
        const k = Math.floor(r() * 4);
        for (let j = 0; j < k; j++) slots[Math.floor(r() * slots.length)] = POOL[Math.floor(r() * POOL.length)];
        const want = schema.safeParse(nest(c.columns, slots));
        const got = c.build(slots);
        expect(got !== undefined, `${type} ${JSON.stringify(slots)}`).toBe(want.success);
        if (got !== undefined && want.success) {
          accepted++;
          expect(got).toStrictEqual(want.data);
          expect(JSON.stringify(got)).toBe(JSON.stringify(want.data)); // key order too
        }
      }
      expect(accepted).toBeGreaterThan(200); // the valid-looking base itself is accepted
    });
  }
});
