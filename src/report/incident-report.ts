// The incident report in one language: title, summary, alert level, timeline, devices,
// destinations, the details of each breach, the investigation process and recommended actions.
// The analyst wrote the title, summary, timeline, investigation and actions in each language; this
// lays them out with the figures from the breaches, so the English and the Japanese reports each
// read as written for their readers.
import type { Breach } from '../schema/breach.js';
import type { Incident } from '../schema/incident.js';
import { breachDetails } from './details.js';
import type { Block, Fact, Lang, ReportDoc, Section } from './doc.js';
import type { BreachEvidence } from './evidence.js';
import { deviceTypeName, fmtTime, levelText, list, periodText, phaseName, WORDS } from './wording.js';

export interface IncidentReportInput {
  incident: Incident;
  /** the incident's stored breaches (those still in the store), any order */
  breaches: readonly Breach[];
  evidence?: ReadonlyMap<string, BreachEvidence>;
  lang: Lang;
  /** seconds east of UTC for the times the report adds (the analyst's texts keep their own) */
  offset?: number;
  /** when the report was made (epoch seconds), for the footer */
  now?: number;
}

export function incidentReport(x: IncidentReportInput): ReportDoc {
  const { incident: inc, lang } = x;
  const offset = x.offset ?? 0;
  const W = WORDS[lang];
  const facts: Fact[] = [
    { label: W.incidentId, value: inc.id },
    { label: W.level, value: levelText(inc.level, lang) },
    { label: W.score, value: `${inc.score} / 100` },
    { label: W.period, value: periodText(inc.start, inc.end, lang, offset) },
    { label: W.breaches, value: lang === 'en' ? String(inc.breaches.length) : `${inc.breaches.length} 件` },
    ...(inc.phases.length ? [{ label: W.phases, value: inc.phases.map((p) => phaseName(p, lang)).join(lang === 'en' ? ', ' : '、') }] : []),
    ...(inc.mitre.length ? [{ label: W.mitre, value: inc.mitre.join(', ') }] : []),
  ];
  const names = new Map(inc.devices.filter((d) => d.hostname).map((d) => [d.id, d.hostname!]));
  const breaches = [...x.breaches].map((b) => (b.device.hostname || !names.has(b.device.id) ? b : { ...b, device: { ...b.device, hostname: names.get(b.device.id)! } })).sort((a, b) => a.time - b.time || a.id.localeCompare(b.id));
  const sections: Section[] = [
    { id: 'summary', heading: W.summary, blocks: [{ kind: 'paragraph', text: inc.summary[lang] }] },
    {
      id: 'timeline',
      heading: W.timeline,
      blocks: [{ kind: 'table', headers: [W.time, W.phase, W.event], rows: inc.timeline.map((t) => [fmtTime(t.time, lang, offset), phaseName(t.phase, lang), t.text[lang]]) }],
    },
    { id: 'devices', heading: W.devices, blocks: [devicesTable(inc, breaches, lang)] },
    { id: 'destinations', heading: W.destinations, blocks: [destinationsTable(inc, breaches, lang)] },
    { id: 'details', heading: W.details, blocks: detailBlocks(inc, breaches, x, lang, offset) },
    {
      id: 'investigation',
      heading: W.investigation,
      blocks: inc.investigation.length ? [{ kind: 'steps', items: inc.investigation.map((s) => ({ question: s.question[lang], answer: s.answer[lang] })) }] : [{ kind: 'paragraph', text: W.none }],
    },
    { id: 'actions', heading: W.actions, blocks: [inc.actions[lang].length ? { kind: 'list', ordered: true, items: inc.actions[lang] } : { kind: 'paragraph', text: W.none }] },
  ];
  return { lang, kind: W.incidentReport, title: inc.title[lang], level: inc.level, facts, sections, footer: footer(lang, offset, x.now) };
}

export function footer(lang: Lang, offset: number, now?: number): string {
  const W = WORDS[lang];
  return now === undefined ? W.generated : lang === 'en' ? `${W.generated} on ${fmtTime(now, 'en', offset)}` : `${fmtTime(now, 'ja', offset)} ${W.generated}`;
}

const countText = (n: number, lang: Lang) => (lang === 'en' ? String(n) : `${n} 件`);

function devicesTable(inc: Incident, breaches: readonly Breach[], lang: Lang): Block {
  const W = WORDS[lang];
  const rows = inc.devices.map((d) => {
    const mine = breaches.filter((b) => b.device.id === d.id || b.device.ip === d.ip);
    const best = mine.reduce((m, b) => Math.max(m, b.score), 0);
    return [d.hostname ?? '', d.ip, (deviceTypeName(d.type, lang) ?? d.type ?? '').replace(/^an? /, ''), countText(mine.length, lang), mine.length ? String(best) : ''];
  });
  return { kind: 'table', headers: [W.hostname, W.ip, W.type, W.breaches, W.maxScore], rows, numeric: [3, 4] };
}

function destinationsTable(inc: Incident, breaches: readonly Breach[], lang: Lang): Block {
  const W = WORDS[lang];
  if (!inc.destinations.length) return { kind: 'paragraph', text: W.none };
  const rows = inc.destinations.map((d) => {
    const mine = breaches.filter((b) => b.destination && (d.ip ? b.destination.ip === d.ip : b.destination.hostname === d.hostname) && (d.port === undefined || b.destination.port === d.port));
    const models = [...new Set(mine.map((b) => b.model_name[lang]))];
    return [d.hostname ?? '', d.ip ?? '', d.port !== undefined ? String(d.port) : '', countText(mine.length, lang), list(models, lang, 2)];
  });
  return { kind: 'table', headers: [W.hostname, W.ip, W.port, W.breaches, W.model], rows, numeric: [2, 3] };
}

/** Each breach in time order; breaches the store no longer has are named by id. */
function detailBlocks(inc: Incident, breaches: readonly Breach[], x: IncidentReportInput, lang: Lang, offset: number): Block[] {
  const blocks: Block[] = breaches.map((b) => breachDetails(b, x.evidence?.get(b.id), lang, offset));
  const missing = inc.breaches.filter((id) => !breaches.some((b) => b.id === id));
  if (missing.length) {
    blocks.push({ kind: 'paragraph', text: lang === 'en' ? `Not in the store any more (replaced by a later analysis or removed): ${missing.join(', ')}.` : `次の検知はデータベースに残っていません（再分析で置き換えられたか削除されました）：${missing.join('、')}。` });
  }
  if (!blocks.length) blocks.push({ kind: 'paragraph', text: WORDS[lang].none });
  return blocks;
}
