// Reports over a period: the daily report (or any half-day a scheduler asks for: twice-daily is
// two runs with --from/--to) and the monthly summary with charts. Counts of incidents by alert
// level, breaches by model category, the devices and models with the most breaches, and each
// incident at level 1 or above in a line or two.
import type { Breach } from '../schema/breach.js';
import type { AlertLevel, Incident } from '../schema/incident.js';
import type { Block, Lang, ReportDoc, Section } from './doc.js';
import { footer } from './incident-report.js';
import { fmtDate, fmtTime, LEVEL_COLORS, LEVEL_NAMES, levelText, periodText, WORDS } from './wording.js';

export type PeriodKind = 'daily' | 'monthly' | 'period';

export interface PeriodReportInput {
  kind: PeriodKind;
  from: number;
  to: number;
  incidents: readonly Incident[];
  breaches: readonly Breach[];
  lang: Lang;
  offset?: number;
  now?: number;
  /** rows in the top lists (default 10) */
  top?: number;
}

const LEVELS: AlertLevel[] = [3, 2, 1, 0];

function countBy<T>(xs: readonly T[], key: (x: T) => string): [string, number][] {
  const m = new Map<string, number>();
  for (const x of xs) m.set(key(x), (m.get(key(x)) ?? 0) + 1);
  return [...m].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
}

/** Devices by id, named by the host name any of their breaches gave: 'ws004 (10.20.1.104)'. */
function deviceNamer(breaches: readonly Breach[]): (d: Breach['device']) => string {
  const names = new Map<string, string>();
  for (const b of breaches) if (b.device.hostname && b.device.hostname !== b.device.ip) names.set(b.device.id, `${b.device.hostname} (${b.device.ip})`);
  return (d) => names.get(d.id) ?? d.ip;
}

export function periodReport(x: PeriodReportInput): ReportDoc {
  const { lang } = x;
  const W = WORDS[lang];
  const offset = x.offset ?? 0;
  const top = x.top ?? 10;
  const deviceName = deviceNamer(x.breaches);
  const levelCounts = LEVELS.map((l) => x.incidents.filter((i) => i.level === l).length);
  const categories = countBy(x.breaches, (b) => b.category);
  const devices = countBy(x.breaches, (b) => deviceName(b.device)).slice(0, top);
  const models = countBy(x.breaches, (b) => b.model_name[lang]).slice(0, top);
  const maxBy = (pick: (b: Breach) => string, k: string) => x.breaches.filter((b) => pick(b) === k).reduce((m, b) => Math.max(m, b.score), 0);
  const n = (v: number) => (lang === 'en' ? String(v) : `${v} 件`);
  const kindName = x.kind === 'daily' ? W.dailyReport : x.kind === 'monthly' ? W.monthlyReport : W.periodReport;
  const title = x.kind === 'monthly' ? monthTitle(x.from, lang, offset) : x.kind === 'daily' ? fmtDate(x.from, lang, offset) : periodText(x.from, x.to, lang, offset);

  const overview: Block = {
    kind: 'paragraph',
    text:
      lang === 'en'
        ? `${x.incidents.length} incident(s) and ${x.breaches.length} breach(es) in this period; ${levelCounts[0]} urgent, ${levelCounts[1]} to investigate.`
        : `この期間のインシデントは ${x.incidents.length} 件、検知は ${x.breaches.length} 件でした（緊急 ${levelCounts[0]} 件、要調査 ${levelCounts[1]} 件）。`,
  };
  const sections: Section[] = [
    { id: 'overview', heading: W.overview, blocks: [overview] },
    {
      id: 'levels',
      heading: W.byLevel,
      blocks: [{ kind: 'table', headers: [W.level, W.count], rows: LEVELS.map((l, i) => [levelText(l, lang), n(levelCounts[i]!)]), numeric: [1] }],
    },
  ];
  if (x.kind === 'monthly') sections.push({ id: 'per-day', heading: W.incidentsPerDay, blocks: [{ kind: 'chart', chart: perDayChart(x, lang, offset) }] });
  sections.push({
    id: 'categories',
    heading: W.byCategory,
    blocks: [
      ...(x.kind === 'monthly' && categories.length ? [{ kind: 'chart' as const, chart: { title: W.byCategory, labels: categories.map((c) => c[0]), series: [{ name: W.breaches, values: categories.map((c) => c[1]), color: '#2f7ebc' }], horizontal: true } }] : []),
      { kind: 'table', headers: [W.category, W.count], rows: categories.map(([c, k]) => [c, n(k)]), numeric: [1] },
    ],
  });
  if (x.kind === 'monthly') {
    sections.push({
      id: 'models',
      heading: W.topModels,
      blocks: models.length
        ? [
            { kind: 'chart', chart: { title: W.topModels, labels: models.map((m) => m[0]), series: [{ name: W.breaches, values: models.map((m) => m[1]), color: '#6a4fb3' }], horizontal: true } },
            { kind: 'table', headers: [W.model, W.count, W.maxScore], rows: models.map(([m, k]) => [m, n(k), String(maxBy((b) => b.model_name[lang], m))]), numeric: [1, 2] },
          ]
        : [{ kind: 'paragraph', text: W.none }],
    });
  }
  sections.push({
    id: 'devices',
    heading: W.topDevices,
    blocks: devices.length
      ? [
          ...(x.kind === 'monthly' ? [{ kind: 'chart' as const, chart: { title: W.topDevices, labels: devices.map((d) => d[0]), series: [{ name: W.breaches, values: devices.map((d) => d[1]), color: '#00897b' }], horizontal: true } }] : []),
          { kind: 'table', headers: [W.device, W.count, W.maxScore], rows: devices.map(([d, k]) => [d, n(k), String(maxBy((b) => deviceName(b.device), d))]), numeric: [1, 2] },
        ]
      : [{ kind: 'paragraph', text: W.none }],
  });
  sections.push({ id: 'incidents', heading: W.incidents, blocks: incidentBlocks(x.incidents, lang, offset) });
  return {
    lang,
    kind: kindName,
    title,
    facts: [
      { label: W.period, value: periodText(x.from, x.to, lang, offset) },
      { label: W.incidentCount, value: n(x.incidents.length) },
      { label: W.breaches, value: n(x.breaches.length) },
    ],
    sections,
    footer: footer(lang, offset, x.now),
  };
}

function monthTitle(from: number, lang: Lang, offset: number): string {
  const d = new Date((from + offset) * 1000);
  return lang === 'en' ? `${d.getUTCFullYear()}-${String(d.getUTCMonth() + 1).padStart(2, '0')}` : `${d.getUTCFullYear()}年${d.getUTCMonth() + 1}月`;
}

/** Incidents at level 1 or above, most urgent first: level, score, time, title and the summary's first sentence. */
function incidentBlocks(incidents: readonly Incident[], lang: Lang, offset: number): Block[] {
  const W = WORDS[lang];
  const shown = incidents.filter((i) => i.level >= 1).sort((a, b) => b.level - a.level || b.score - a.score || a.start - b.start);
  if (!shown.length) return [{ kind: 'paragraph', text: W.noIncidents }];
  return [
    {
      kind: 'table',
      headers: [W.level, W.score, W.time, W.title, W.incidentId],
      rows: shown.map((i) => [levelText(i.level, lang), String(i.score), fmtTime(i.start, lang, offset), i.title[lang], i.id]),
      numeric: [1],
    },
  ];
}

/** Incidents per day of the period, stacked by level (urgent on top). */
function perDayChart(x: PeriodReportInput, lang: Lang, offset: number): { title: string; labels: string[]; series: { name: string; values: number[]; color: string }[] } {
  const days: number[] = [];
  for (let t = x.from; t < x.to; t += 86_400) days.push(t);
  const dayOf = (t: number) => Math.floor((t - x.from) / 86_400);
  const labels = days.map((t) => String(new Date((t + offset) * 1000).getUTCDate()));
  const series = ([0, 1, 2, 3] as AlertLevel[]).map((l) => {
    const values = days.map(() => 0);
    for (const i of x.incidents) if (i.level === l && dayOf(i.start) >= 0 && dayOf(i.start) < days.length) values[dayOf(i.start)]!++;
    return { name: LEVEL_NAMES[l][lang], values, color: LEVEL_COLORS[l] };
  });
  return { title: WORDS[lang].incidentsPerDay, labels, series };
}
