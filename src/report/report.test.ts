// Reports from hand-made incidents and breaches: both languages written for their readers, every
// section present, hostile values (host names, user agents, JSON from the network) escaped in HTML
// and stripped of control characters in text, and the period reports' counts and charts.
import { describe, expect, it } from 'vitest';
import type { Breach } from '../schema/breach.js';
import type { Incident } from '../schema/incident.js';
import { barChartSvg } from './chart.js';
import { baselineText } from './details.js';
import { renderHtml } from './html.js';
import { incidentReport } from './incident-report.js';
import { periodReport } from './period-report.js';
import { displayWidth, renderText } from './text.js';

const EVIL_HOST = '<script>alert(1)</script>"onmouseover="x\'.evil.example';
const EVIL_UA = '</td><img src=x onerror=alert(2)>\u001b[2J\r\nfake: line';
const EVIL_JSON = '{"a":"</style><iframe src=//x>"}';
const T0 = Date.parse('2026-11-02T10:00:00Z') / 1000;

function breach(over: Partial<Breach> = {}): Breach {
  return {
    id: 'b-1',
    time: T0,
    model: 'compromise/beaconing-to-rare-external',
    model_name: { en: 'Beaconing to a rare external endpoint', ja: '希少な外部宛先へのビーコン通信' },
    category: 'Compromise',
    mitre: ['T1071.001'],
    score: 72,
    priority: 4,
    device: { id: 'dev:1', ip: '10.0.0.5', hostname: 'ws005' },
    destination: { ip: '203.0.113.9', hostname: EVIL_HOST, port: 443 },
    reasons: [
      { metric: 'beacon_score', value: 0.86, op: '>', threshold: 0.7, confidence: 1, baseline: '128 connections, median interval 60 s ± 1.5 s, median 519 B sent' },
      { metric: 'dest_host_rarity', value: 100, op: '>', threshold: 90, confidence: 0.5, baseline: 'reached by 1 of 8 devices in the last 14 days', explanation: `the hostname ${EVIL_HOST} is 100% rare` },
      { metric: 'dest_first_seen_age_days', value: 0.5, op: '<', threshold: 7, confidence: 0.5, baseline: 'first contacted 2026-11-02T06:00:00Z, 742 connections' },
      { metric: 'conn.orig_bytes', value: 40_012_517, op: '>', threshold: 10_000_000, confidence: 1 },
      { metric: 'ssl.validation_status', value: 'self signed certificate', op: 'in', threshold: ['self signed certificate'], confidence: 1 },
      { metric: 'http.user_agent', value: EVIL_UA, op: '=', threshold: EVIL_JSON, confidence: 1 },
    ],
    uids: ['C1', 'C2'],
    ...over,
  };
}

function incident(over: Partial<Incident> = {}): Incident {
  return {
    id: 'I0123456789abcde',
    level: 3,
    score: 95,
    title: { en: `Suspected command-and-control traffic from ws005 to ${EVIL_HOST}`, ja: `ws005 から ${EVIL_HOST} への C2 通信の疑い` },
    summary: { en: 'On 2026-11-02 at 10:00 UTC, 1 breach of 1 model on ws005 (10.0.0.5).', ja: '2026年11月2日 10:00（UTC）に、ws005（10.0.0.5）で 1 種類のモデルによる 1 件の検知がありました。' },
    devices: [{ id: 'dev:1', ip: '10.0.0.5', hostname: 'ws005', type: 'client' }],
    destinations: [{ ip: '203.0.113.9', hostname: EVIL_HOST, port: 443 }],
    breaches: ['b-1', 'b-gone'],
    phases: ['command-and-control'],
    mitre: ['T1071.001'],
    start: T0,
    end: T0 + 60,
    timeline: [{ time: T0, breach: 'b-1', model: 'compromise/beaconing-to-rare-external', phase: 'command-and-control', text: { en: `ws005 → ${EVIL_HOST}:443: Beaconing (score 72)`, ja: `ws005 → ${EVIL_HOST}:443：ビーコン通信（スコア 72）` } }],
    investigation: [{ question: { en: 'What is ws005?', ja: 'ws005 はどのような端末か？' }, answer: { en: `ws005 uses ${EVIL_UA}.`, ja: `ws005 は ${EVIL_UA} を使っています。` } }],
    actions: { en: ['Isolate ws005.'], ja: ['ws005 を隔離してください。'] },
    ...over,
  };
}

const docs = (lang: 'en' | 'ja') => incidentReport({ incident: incident(), breaches: [breach()], lang, now: T0 + 3600 });

describe('incident report', () => {
  it('has every section, in each language its own words', () => {
    const en = renderText(docs('en'));
    const ja = renderText(docs('ja'));
    for (const h of ['Summary', 'Timeline', 'Devices', 'Destinations', 'Details', 'Investigation process', 'Recommended actions']) expect(en).toContain(`\n${h}\n`);
    for (const h of ['概要', 'タイムライン', '対象端末', '通信先', '詳細', '調査内容', '推奨対応']) expect(ja).toContain(`\n${h}\n`);
    expect(en).not.toEqual(ja);
    expect(en).toContain('Alert level    3 (urgent)');
    expect(ja).toMatch(/警戒レベル\s+3（緊急）/);
    expect(ja).not.toMatch(/Summary|Timeline|Recommended/);
  });

  it('details each breach from its reasons: rarity, first seen, connections, bytes, certificate', () => {
    const en = renderText(docs('en'));
    expect(en).toContain('Beacon score');
    expect(en).toMatch(/Hostname rarity +100% — reached by 1 of 8 devices in the last 14 days/);
    expect(en).toMatch(/First contact by this device +2026-11-02 06:00 UTC, 12 h before the breach/);
    expect(en).toMatch(/Connections +128/);
    expect(en).toMatch(/Bytes out +40\.0 MB \(40,012,517 B\)/);
    expect(en).toMatch(/Certificate validation +self signed certificate/);
    expect(en).toMatch(/Port +443/);
    expect(en).toContain('b-gone'); // named although the store no longer has it
    const ja = renderText(docs('ja'));
    expect(ja).toMatch(/ホスト名の希少度 +100%（過去 14 日間に通信した端末は 8 台中 1 台）/);
    expect(ja).toMatch(/この端末の初回通信 +2026年11月2日 06:00（UTC）（検知の 12 時間前）/);
    expect(ja).toMatch(/送信バイト数 +40\.0 MB/);
    expect(ja).toMatch(/証明書の検証結果 +self signed certificate/);
    expect(ja).toContain('ws005 を隔離してください。');
  });

  it('escapes hostile host names, user agents and JSON in HTML', () => {
    for (const lang of ['en', 'ja'] as const) {
      const html = renderHtml(docs(lang));
      expect(html).not.toContain('<script');
      expect(html).not.toContain('<img');
      expect(html).not.toContain('<iframe');
      expect(html).not.toContain('</style><');
      expect(html).not.toMatch(/"onmouseover=/);
      expect(html).not.toContain('\u001b');
      expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;&quot;onmouseover=&quot;x&#39;.evil.example');
      expect(html).toContain('&lt;/td&gt;&lt;img src=x onerror=alert(2)&gt;');
      // the only elements are the page's own
      const tags = new Set([...html.matchAll(/<([a-z0-9]+)[\s>]/g)].map((m) => m[1]));
      expect([...tags].sort()).toEqual(['body', 'dd', 'div', 'dl', 'dt', 'footer', 'h1', 'h2', 'h3', 'head', 'header', 'html', 'li', 'meta', 'ol', 'p', 'section', 'style', 'table', 'tbody', 'td', 'th', 'thead', 'title', 'tr', 'ul'].filter((t) => tags.has(t)).sort());
      expect(tags.has('script') || tags.has('img') || tags.has('iframe')).toBe(false);
      expect(html).toContain(`<html lang="${lang}">`);
    }
  });

  it('keeps control characters out of the text report', () => {
    const text = renderText(docs('en'));
    expect(text).not.toContain('\u001b');
    expect(text).not.toContain('\r');
    expect(text.split('\n').some((l) => l.startsWith('fake: line'))).toBe(false);
  });
});

describe('period reports', () => {
  const incidents = [incident(), incident({ id: 'I2', level: 1, score: 30, start: T0 + 86_400 * 3, title: { en: 'Watch this', ja: '要注意の事象' } }), incident({ id: 'I3', level: 0, score: 5, title: { en: 'Quiet', ja: '静か' } })];
  const breaches = [breach(), breach({ id: 'b-2', category: 'Device', device: { id: 'dev:2', ip: '10.0.0.6' } }), breach({ id: 'b-3', device: { id: 'dev:1', ip: '10.0.0.5' } })];

  it('counts a day by level, category and device, and lists incidents at level 1 or above', () => {
    const en = renderText(periodReport({ kind: 'daily', from: T0 - 36_000, to: T0 + 50_400, incidents, breaches, lang: 'en' }));
    expect(en).toMatch(/3 \(urgent\) +1\n2 \(investigate\) +0\n1 \(watch\) +1\n0 \(normal\) +1/);
    expect(en).toMatch(/Compromise +2\nDevice +1/);
    expect(en).toMatch(/ws005 \(10\.0\.0\.5\) +2 +72/); // one device, whether or not a breach named it
    expect(en).toContain('Watch this');
    expect(en).not.toContain('Quiet');
    const ja = renderText(periodReport({ kind: 'daily', from: T0 - 36_000, to: T0 + 50_400, incidents, breaches, lang: 'ja' }));
    expect(ja).toContain('日次レポート: 2026年11月2日');
    expect(ja).toContain('要注意の事象');
    expect(ja).toMatch(/3（緊急） +1 件/);
  });

  it('draws the monthly charts as inline SVG with escaped labels', () => {
    const from = Date.parse('2026-11-01T00:00:00Z') / 1000;
    const doc = periodReport({ kind: 'monthly', from, to: Date.parse('2026-12-01T00:00:00Z') / 1000, incidents, breaches: [...breaches, breach({ id: 'b-4', category: '<b>bold</b>' })], lang: 'ja' });
    const html = renderHtml(doc);
    expect(html.match(/<svg /g)?.length).toBe(4);
    expect(html).toContain('月次サマリー');
    expect(html).toContain('2026年11月');
    expect(html).not.toContain('<b>bold');
    expect(html).toContain('&lt;b&gt;bold&lt;/b&gt;');
    const text = renderText(doc);
    expect(text).toMatch(/日別・警戒レベル別のインシデント数/);
    expect(text).toMatch(/\n +2 +\| #+=+ 2\n/); // day 2: a normal (#) and an urgent (=) incident
  });

  it('a chart without data still draws', () => {
    expect(barChartSvg({ title: 'x', labels: [], series: [] })).toMatch(/^<svg /);
  });
});

describe('helpers', () => {
  it('says learning baselines again in Japanese, leaves unknown ones as they are', () => {
    expect(baselineText('reached by 2 of the 7 other devices in its peer group', 'ja', 0)).toBe('ピアグループの他の 7 台中 2 台が通信');
    expect(baselineText('something new 2026-11-02T06:00:00Z', 'ja', 9 * 3600)).toBe('something new 2026年11月2日 15:00（UTC+09:00）');
    expect(baselineText('reached by 1 of 8 devices in the last 14 days', 'en', 0)).toBe('reached by 1 of 8 devices in the last 14 days');
  });

  it('measures kanji as two columns', () => {
    expect(displayWidth('概要ab')).toBe(6);
  });
});
