// `mamori report` end to end: a simulated office with an attack → "analyze --db" → the incident
// report as HTML and text in both languages, PDF through headless Chromium when the machine has it
// (with a CJK font embedded for Japanese), the daily and monthly reports, and the errors.
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findChromium } from '../report/index.js';
import { simulate } from '../simulate/simulate.js';
import { openStore } from '../store/index.js';
import { mamori } from './main.test-util.js';

const dir = mkdtempSync(join(tmpdir(), 'mamori-report-'));
const pcap = join(dir, 'office.pcap');
const db = join(dir, 'site.duckdb');
let id = '';
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('mamori report', () => {
  beforeAll(async () => {
    simulate({ devices: 6, days: 1, seed: 5, attacks: ['beacon', 'exfil'], start: Date.parse('2026-11-02T00:00:00Z') / 1000 }, pcap);
    const r = await mamori('analyze', pcap, '--db', db);
    expect(r.code).toBe(0);
    const s = await openStore({ path: db });
    try {
      const all = await s.incidents.list();
      id = [...all].sort((a, b) => Number(b.payload['level']) - Number(a.payload['level']))[0]!.id;
    } finally {
      await s.close();
    }
  }, 60_000);

  it('writes the incident report as text and HTML in English and Japanese', async () => {
    const en = await mamori('report', id, '--db', db);
    const ja = await mamori('report', id, '--db', db, '--lang', 'ja');
    expect(en.code).toBe(0);
    expect(ja.code).toBe(0);
    expect(en.out).toMatch(/^Incident report: /);
    expect(ja.out).toMatch(/^インシデントレポート: /);
    for (const h of ['概要', 'タイムライン', '対象端末', '通信先', '詳細', '調査内容', '推奨対応']) expect(ja.out).toContain(`\n${h}\n`);
    expect(en.out).toContain('Beacon score');
    expect(ja.out).toContain('ビーコンスコア');
    for (const lang of ['en', 'ja']) {
      const out = join(dir, `incident-${lang}.html`);
      const r = await mamori('report', id, '--db', db, '--lang', lang, '--format', 'html', '--out', out);
      expect(r.code).toBe(0);
      const html = readFileSync(out, 'utf8');
      expect(html).toMatch(/^<!DOCTYPE html>/);
      expect(html).toContain(`<html lang="${lang}">`);
      expect(html).toContain(id);
      expect(html).not.toMatch(/<script|<link|src=["']?http/);
    }
  });

  it('prints PDF through headless Chromium, with a CJK font for Japanese', async (ctx) => {
    if (!findChromium()) {
      console.warn('report PDF test skipped: no Chromium (apt-get install chromium fonts-noto-cjk, or set MAMORI_CHROMIUM)');
      ctx.skip();
    }
    for (const lang of ['en', 'ja']) {
      const out = join(dir, `incident-${lang}.pdf`);
      const r = await mamori('report', id, '--db', db, '--lang', lang, '--format', 'pdf', '--out', out);
      expect(r.code, r.err).toBe(0);
      const pdf = readFileSync(out);
      expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
      if (lang === 'ja') {
        const fonts = /NotoSansCJK|NotoSerifCJK|Noto Sans CJK|Noto Serif CJK|IPAGothic|IPAexGothic|TakaoGothic|VL-Gothic|DroidSansFallback|WenQuanYi/;
        if (!fonts.test(pdf.toString('latin1'))) console.warn('the Japanese PDF embeds no known CJK font: apt-get install fonts-noto-cjk');
        expect(pdf.toString('latin1')).toMatch(fonts);
      }
    }
  }, 60_000);

  it('says how to install Chromium when PDF cannot be made', async () => {
    const before = process.env['MAMORI_CHROMIUM'];
    process.env['MAMORI_CHROMIUM'] = join(dir, 'no-such-chromium');
    try {
      const r = await mamori('report', id, '--db', db, '--format', 'pdf', '--out', join(dir, 'x.pdf'));
      expect(r.code).toBe(2);
      expect(r.err).toContain('apt-get install chromium fonts-noto-cjk');
      expect(existsSync(join(dir, 'x.pdf'))).toBe(false);
    } finally {
      if (before === undefined) delete process.env['MAMORI_CHROMIUM'];
      else process.env['MAMORI_CHROMIUM'] = before;
    }
  });

  it('makes the daily, half-day and monthly reports', async () => {
    const daily = await mamori('report', 'daily', '--db', db, '--date', '2026-11-02');
    expect(daily.code).toBe(0);
    expect(daily.out).toMatch(/^Daily report: 2026-11-02/);
    expect(daily.out).toContain(id);
    const half = await mamori('report', 'daily', '--db', db, '--from', '2026-11-02T09:00+09:00', '--to', '2026-11-02T21:00+09:00', '--lang', 'ja');
    expect(half.code).toBe(0);
    expect(half.out).toMatch(/^定期レポート: 2026年11月2日 00:00（UTC） 〜 2026年11月2日 12:00（UTC）/);
    const out = join(dir, 'monthly.html');
    const monthly = await mamori('report', 'monthly', '--db', db, '--month', '2026-11', '--out', out, '--lang', 'ja');
    expect(monthly.code).toBe(0);
    expect(readFileSync(out, 'utf8').match(/<svg /g)?.length).toBeGreaterThanOrEqual(3);
  });

  it('explains an unknown incident id and an empty period', async () => {
    const r = await mamori('report', 'Inope', '--db', db);
    expect(r.code).toBe(2);
    expect(r.err).toContain('no incident "Inope"');
    expect(r.err).toContain('mamori analyze --db');
    expect(r.err).toContain(id);
    const e = await mamori('report', 'daily', '--db', db, '--date', '2025-01-01');
    expect(e.code).toBe(2);
    expect(e.err).toContain('no incidents or breaches stored');
  });
});
