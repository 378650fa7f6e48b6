import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Notification } from '../notify/index.js';
import { openStore } from '../store/index.js';
import { latestPeriod, nextMoment, ReportSchedule } from './report-schedule.js';

const JST = 9 * 3600;
const at = (iso: string) => Date.parse(iso) / 1000;

describe('report schedule', () => {
  const dir = mkdtempSync(join(tmpdir(), 'mamori-reports-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('finds the period of the last scheduled time and the next time, in the site zone', () => {
    const cfg = { times: ['08:00', '20:00'], offset: JST };
    // 2026-11-03 10:30 JST: the 08:00 report covers 20:00 the day before to 08:00
    expect(latestPeriod(at('2026-11-03T10:30:00+09:00'), cfg)).toEqual({ from: at('2026-11-02T20:00:00+09:00'), to: at('2026-11-03T08:00:00+09:00') });
    expect(nextMoment(at('2026-11-03T10:30:00+09:00'), cfg)).toBe(at('2026-11-03T20:00:00+09:00'));
    // just after midnight JST (the previous UTC day): still the 20:00 of the evening before
    expect(latestPeriod(at('2026-11-04T00:10:00+09:00'), cfg)).toEqual({ from: at('2026-11-03T08:00:00+09:00'), to: at('2026-11-03T20:00:00+09:00') });
    // once a day: the day before
    expect(latestPeriod(at('2026-11-03T09:00:00Z'), { times: ['08:00'], offset: 0 })).toEqual({ from: at('2026-11-02T08:00:00Z'), to: at('2026-11-03T08:00:00Z') });
  });

  it('writes each due report once, in each language and format, announces it, and catches up after a restart', async () => {
    const store = await openStore();
    const t = at('2026-11-03T05:00:00+09:00');
    await store.incidents.put([
      {
        id: 'I-1',
        kind: 'incident',
        time: t,
        payload: {
          id: 'I-1', level: 3, score: 90, title: { en: 'Beaconing from ws1', ja: 'ws1 からのビーコン通信' }, summary: { en: 'ws1 beacons.', ja: 'ws1 がビーコン通信をしています。' },
          devices: [{ id: 'dev:1', ip: '10.0.0.1', hostname: 'ws1' }], destinations: [{ ip: '203.0.113.9' }], breaches: [], phases: ['command-and-control'], mitre: ['T1071'],
          start: t, end: t + 60, timeline: [], investigation: [], actions: { en: ['Isolate ws1.'], ja: ['ws1 を隔離してください。'] },
        },
      },
    ]);
    const sent: Notification[] = [];
    const cfg = { dir, times: ['08:00', '20:00'], offset: JST, languages: ['en', 'ja'] as ('en' | 'ja')[], formats: ['html', 'text'] as ('html' | 'text')[] };
    const s = new ReportSchedule(store, cfg, (n) => sent.push(n), () => undefined);
    await s.tick(at('2026-11-03T08:00:30+09:00'));
    expect(readdirSync(dir).sort()).toEqual(['report-20261103-0800-en.html', 'report-20261103-0800-en.txt', 'report-20261103-0800-ja.html', 'report-20261103-0800-ja.txt']);
    expect(readFileSync(join(dir, 'report-20261103-0800-ja.txt'), 'utf8')).toContain('ws1 からのビーコン通信');
    expect(sent).toHaveLength(1);
    expect(sent[0]!.kind).toBe('system');
    await s.tick(at('2026-11-03T09:00:00+09:00'));
    expect(readdirSync(dir)).toHaveLength(4);
    // a restart two slots later writes only the latest period, once
    const again = new ReportSchedule(store, cfg, (n) => sent.push(n), () => undefined);
    await again.tick(at('2026-11-04T09:00:00+09:00'));
    await again.tick(at('2026-11-04T09:00:01+09:00'));
    expect(readdirSync(dir).filter((f) => f.startsWith('report-20261104-0800'))).toHaveLength(4);
    expect(readdirSync(dir).filter((f) => f.startsWith('report-20261103-2000'))).toHaveLength(0);
    expect(sent).toHaveLength(2);
    await store.close();
  });
});
