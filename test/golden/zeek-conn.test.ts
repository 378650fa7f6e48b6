import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { agreement, compareZeekConn, report, ZEEK_BTEST } from './zeek-log-compare.js';

const present = existsSync(ZEEK_BTEST);
if (!present) console.warn(`skipping Zeek golden tests: ${ZEEK_BTEST} is absent`);

describe.skipIf(!present)('conn.log against Zeek baselines', () => {
  it('agrees with Zeek on the sensor fields of every conn.log baseline', async () => {
    const c = await compareZeekConn();
    if (process.env.MAMORI_REPORT) {
      console.log(report(c));
      for (const d of c.differences.filter((d) => d.field !== 'service')) console.log(`${d.test} ${d.key} ${d.field}: zeek=${d.zeek} ours=${d.ours}`);
      for (const u of c.unmatched) console.log(`unmatched ${u.test} ${u.row}`);
      for (const u of c.extra) console.log(`extra ${u.test} ${u.row}`);
    }
    expect(c.tests).toBeGreaterThan(100);
    expect(agreement(c).pct).toBeGreaterThanOrEqual(99);
  });
});
