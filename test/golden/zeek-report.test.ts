// Per-log agreement report for the protocol logs (run with MAMORI_REPORT=dns,http,… to print).
import { existsSync } from 'node:fs';
import { describe, it } from 'vitest';
import type { ObservationType } from '../../src/schema/observation.js';
import { compareZeekLog, report, ZEEK_BTEST } from './zeek-log-compare.js';

const logs = (process.env.MAMORI_REPORT ?? '').split(',').filter((l) => l && l !== '1' && l !== 'conn') as ObservationType[];

describe.skipIf(!existsSync(ZEEK_BTEST) || !logs.length)('protocol log agreement report', () => {
  for (const log of logs) {
    it(`${log}.log`, async () => {
      const c = await compareZeekLog(log);
      console.log(report(c, log));
      for (const d of c.differences) console.log(`${d.test} ${d.key} ${d.field}: zeek=${d.zeek} ours=${d.ours}`);
      for (const u of c.unmatched) console.log(`unmatched ${u.test} ${u.row}`);
    });
  }
});
