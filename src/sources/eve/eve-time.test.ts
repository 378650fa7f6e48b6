import { describe, expect, it } from 'vitest';
import { eveMicros, eveTime } from './eve-time.js';

describe('EVE timestamps', () => {
  it('read to the microsecond in every offset form', () => {
    const want = Date.UTC(2021, 5, 6, 13, 57, 37) * 1000 + 272281;
    for (const s of ['2021-06-06T15:57:37.272281+0200', '2021-06-06T15:57:37.272281+02:00', '2021-06-06T13:57:37.272281Z', '2021-06-06T13:57:37.272281', '2021-06-06 08:57:37.272281-0500', '2021-06-06T13:57:37.272281999Z']) {
      expect(eveMicros(s), s).toBe(want);
    }
    expect(eveMicros('2021-06-06T13:57:37Z')).toBe(want - 272281);
    expect(eveMicros('2021-06-06T13:57:37.5Z')).toBe(want - 272281 + 500000);
    expect(eveTime('1999-12-03T07:49:57.290000+0000')).toBe(944207397.29);
  });

  it('agree with Date.UTC over centuries and leap days', () => {
    for (const [y, m, d] of [[1970, 1, 1], [2000, 2, 29], [2024, 2, 29], [2100, 3, 1], [1969, 12, 31], [2038, 1, 19]] as const) {
      const s = `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}T01:02:03Z`;
      expect(eveMicros(s), s).toBe(Date.UTC(y, m - 1, d, 1, 2, 3) * 1000);
    }
  });

  it('reject what is not a time', () => {
    for (const s of ['yesterday', '2021-13-01T00:00:00Z', '2021-06-06T25:00:00Z', '2021-06-06T13:57:37.Z', '2021-06-06T13:57:37+2', '2021-06-06T13:57:37Zx', '2021/06/06T13:57:37', '']) {
      expect(eveMicros(s), s).toBeUndefined();
    }
  });
});
