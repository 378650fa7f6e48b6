// The alert as sections of plain text in one language: what every channel formats (mail text and
// HTML, Slack, Teams, syslog). Values stay raw here; each format escapes them for its own medium.
import type { Breach } from '../schema/breach.js';
import type { Incident, Phase } from '../schema/incident.js';
import { checkItems, defaultActions } from './checks.js';
import type { Language, Notification, SystemEvent } from './types.js';
import { DEFAULT_TIME_ZONE, formatTime, HEADINGS, LABELS, LEVEL_NAMES, PHASE_NAMES } from './wording.js';

export type SectionId = keyof (typeof HEADINGS)['en'];

export interface AlertSection {
  id: SectionId;
  heading: string;
  lines: string[];
}

export interface AlertView {
  language: Language;
  level: Notification['level'];
  levelName: string;
  /** `[Mamori][URGENT] title` / `【Mamori】【緊急】title`, on one line */
  subject: string;
  title: string;
  /** one or two sentences; the incident's summary */
  summary: string;
  /** the opening lines of a mail */
  greeting: string[];
  sections: AlertSection[];
  /** a few short facts (level, score, device, destination) for chat cards */
  facts: { label: string; value: string }[];
  /** the notification id (idempotency key) */
  id: string;
  /** when it was detected, epoch seconds (event time) */
  time: number;
}

export interface ViewOptions {
  language: Language;
  /** IANA time zone for times (default: Asia/Tokyo for ja, UTC for en) */
  timeZone?: string;
  /** the product name in subjects and signatures */
  product?: string;
}

/** No line breaks or control characters: safe for a subject or a single-line field. */
export function oneLine(s: string): string {
  // eslint-disable-next-line no-control-regex
  return s.replace(/[\u0000-\u001f\u007f\u2028\u2029]+/g, ' ').trim();
}

const MAX_TIMELINE = 10;

function deviceText(d: { ip: string; hostname?: string; type?: string; id?: string }): string {
  const extra = [d.hostname, d.type].filter(Boolean).join(', ');
  return extra ? `${d.ip} (${extra})` : d.ip;
}

function destinationText(d: { ip?: string; hostname?: string; port?: number } | undefined, lang: Language): string {
  if (!d) return '';
  const host = d.hostname && d.ip ? `${d.hostname} (${d.ip})` : (d.hostname ?? d.ip ?? '');
  return d.port !== undefined ? `${host} ${lang === 'ja' ? 'ポート' : 'port'} ${d.port}` : host;
}

/** How prose names a device or destination: `pc-sales-07 (10.1.20.57)`. */
function shortName(d: { ip?: string; hostname?: string } | undefined): string | undefined {
  if (!d) return undefined;
  return d.hostname && d.ip ? `${d.hostname} (${d.ip})` : (d.hostname ?? d.ip);
}

/** The attack phase a breach's model category points at, for the checks. */
const CATEGORY_PHASE: Record<string, Phase> = { 'lateral movement': 'lateral-movement', credential: 'credential-access', compromise: 'command-and-control' };

function subjectOf(product: string, language: Language, levelName: string, title: string): string {
  return oneLine(language === 'ja' ? `【${product}】【${levelName}】${title}` : `[${product}][${levelName}] ${title}`);
}

function greeting(language: Language, product: string, what: 'alert' | 'system'): string[] {
  if (language === 'ja') {
    return what === 'alert'
      ? ['ご担当者様', '', `${product} が下記の通り不審な通信を検知しましたので、ご報告いたします。`, '内容をご確認のうえ、確認事項へのご対応をお願いいたします。']
      : ['ご担当者様', '', `${product} からのお知らせです。`];
  }
  return what === 'alert'
    ? ['Hello,', '', `${product} detected the suspicious activity below.`, 'Please read it and work through the checks.']
    : ['Hello,', '', `A message from ${product}.`];
}

/** What every view shares: level, subject, title, summary, greeting, id and time. */
function common(n: Notification, o: Required<ViewOptions>, title: string, summary: string, time: number, what: 'alert' | 'system'): Omit<AlertView, 'sections' | 'facts'> {
  const levelName = LEVEL_NAMES[o.language][n.level];
  return { language: o.language, level: n.level, levelName, subject: subjectOf(o.product, o.language, levelName, title), title, summary, greeting: greeting(o.language, o.product, what), id: n.id, time };
}

function incidentView(n: Notification & { kind: 'incident' }, o: Required<ViewOptions>): AlertView {
  const { language: lang, timeZone: tz } = o;
  const inc: Incident = n.incident;
  const L = LABELS[lang];
  const levelName = LEVEL_NAMES[lang][inc.level];
  const t = (s: number) => formatTime(s, lang, tz);
  const devices = inc.devices.map(deviceText);
  const destinations = inc.destinations.map((d) => destinationText(d, lang)).filter(Boolean);
  const models = [...new Set(inc.timeline.map((e) => e.model))];
  const phases = inc.phases.map((p) => PHASE_NAMES[lang][p]);
  const fill = { device: shortName(inc.devices[0]) ?? '?', destination: shortName(inc.destinations[0]) ?? (lang === 'ja' ? '通信先' : 'the destination'), time: t(inc.start) };
  const timeline = inc.timeline.slice(0, MAX_TIMELINE).map((e) => `${t(e.time)}  ${e.text[lang]}`);
  if (inc.timeline.length > MAX_TIMELINE) timeline.push(lang === 'ja' ? `…ほか ${inc.timeline.length - MAX_TIMELINE} 件` : `… and ${inc.timeline.length - MAX_TIMELINE} more`);
  const sep = lang === 'ja' ? '：' : ': ';
  const sections: AlertSection[] = [
    { id: 'time', heading: HEADINGS[lang].time, lines: [inc.end > inc.start ? `${t(inc.start)} ${L.until!} ${t(inc.end)}` : t(inc.start)] },
    {
      id: 'threat',
      heading: HEADINGS[lang].threat,
      lines: [
        `${L.level}${sep}${levelName} (${inc.level})`,
        `${L.score}${sep}${inc.score} / 100`,
        ...(phases.length ? [`${L.phases}${sep}${phases.join(lang === 'ja' ? '、' : ', ')}`] : []),
        ...(models.length ? [`${L.models}${sep}${models.join(', ')}`] : []),
        ...(inc.mitre.length ? [`${L.mitre}${sep}${inc.mitre.join(', ')}`] : []),
      ],
    },
    {
      id: 'detected',
      heading: HEADINGS[lang].detected,
      lines: [
        inc.summary[lang],
        ...devices.map((d) => `${L.device}${sep}${d}`),
        ...destinations.map((d) => `${L.destination}${sep}${d}`),
        ...(timeline.length ? [`${L.timeline}${sep.trimEnd()}`, ...timeline.map((x) => `  ${x}`)] : []),
      ],
    },
    {
      id: 'investigation',
      heading: HEADINGS[lang].investigation,
      lines: inc.investigation.length ? inc.investigation.flatMap((s, i) => [`${i + 1}. ${s.question[lang]}`, `   → ${s.answer[lang]}`]) : [L.none!],
    },
    { id: 'checks', heading: HEADINGS[lang].checks, lines: checkItems(lang, inc.phases, fill).map((x, i) => `${i + 1}. ${x}`) },
    { id: 'actions', heading: HEADINGS[lang].actions, lines: (inc.actions[lang].length ? inc.actions[lang] : defaultActions(lang, inc.level, fill)).map((x, i) => `${i + 1}. ${x}`) },
  ];
  return {
    ...common(n, o, inc.title[lang], inc.summary[lang], inc.start, 'alert'),
    sections,
    facts: [
      { label: L.level!, value: `${levelName} (${inc.level})` },
      { label: L.score!, value: `${inc.score} / 100` },
      ...(devices.length ? [{ label: L.devices!, value: devices.join(', ') }] : []),
      ...(destinations.length ? [{ label: L.destinations!, value: destinations.join(', ') }] : []),
      { label: HEADINGS[lang].time, value: t(inc.start) },
    ],
  };
}

function breachView(n: Notification & { kind: 'breach' }, o: Required<ViewOptions>): AlertView {
  const { language: lang, timeZone: tz } = o;
  const b: Breach = n.breach;
  const L = LABELS[lang];
  const levelName = LEVEL_NAMES[lang][n.level];
  const sep = lang === 'ja' ? '：' : ': ';
  const device = deviceText(b.device);
  const destination = destinationText(b.destination, lang);
  const fill = { device: shortName(b.device)!, destination: shortName(b.destination) ?? (lang === 'ja' ? '通信先' : 'the destination'), time: formatTime(b.time, lang, tz) };
  const phase = CATEGORY_PHASE[b.category.toLowerCase()];
  const title = b.destination ? `${b.model_name[lang]} — ${fill.device} → ${fill.destination}` : `${b.model_name[lang]} — ${fill.device}`;
  const reasons = b.reasons.map((r) => {
    const threshold = Array.isArray(r.threshold) ? r.threshold.join('|') : String(r.threshold);
    const extra = [r.baseline !== undefined ? `${L.baseline} ${r.baseline}` : '', `${L.confidence} ${r.confidence.toFixed(2)}`].filter(Boolean).join(', ');
    const line = `${r.counter ? '(−) ' : ''}${r.metric} = ${String(r.value)} (${r.op} ${threshold}; ${extra})`;
    return r.explanation ? `${line} — ${r.explanation}` : line;
  });
  const summary = lang === 'ja' ? `${fill.device} で「${b.model_name.ja}」に該当する通信を検知しました（スコア ${b.score}）。` : `${fill.device} matched "${b.model_name.en}" (score ${b.score}).`;
  return {
    ...common(n, o, title, summary, b.time, 'alert'),
    sections: [
      { id: 'time', heading: HEADINGS[lang].time, lines: [fill.time] },
      {
        id: 'threat',
        heading: HEADINGS[lang].threat,
        lines: [
          `${L.model}${sep}${b.model_name[lang]} (${b.model})`,
          `${L.score}${sep}${b.score} / 100`,
          `${L.level}${sep}${levelName} (${n.level})`,
          `${L.category}${sep}${b.category}`,
          ...(b.mitre.length ? [`${L.mitre}${sep}${b.mitre.join(', ')}`] : []),
        ],
      },
      { id: 'detected', heading: HEADINGS[lang].detected, lines: [summary, `${L.device}${sep}${device}`, ...(destination ? [`${L.destination}${sep}${destination}`] : [])] },
      { id: 'investigation', heading: HEADINGS[lang].investigation, lines: reasons.length ? reasons : [L.none!] },
      { id: 'checks', heading: HEADINGS[lang].checks, lines: checkItems(lang, phase ? [phase] : [], fill).map((x, i) => `${i + 1}. ${x}`) },
      { id: 'actions', heading: HEADINGS[lang].actions, lines: defaultActions(lang, n.level, fill).map((x, i) => `${i + 1}. ${x}`) },
    ],
    facts: [
      { label: L.level!, value: `${levelName} (${n.level})` },
      { label: L.score!, value: `${b.score} / 100` },
      { label: L.model!, value: b.model_name[lang] },
      { label: L.device!, value: device },
      ...(destination ? [{ label: L.destination!, value: destination }] : []),
      { label: HEADINGS[lang].time, value: fill.time },
    ],
  };
}

function systemView(n: Notification & { kind: 'system' }, o: Required<ViewOptions>): AlertView {
  const { language: lang, timeZone: tz } = o;
  const e: SystemEvent = n.system;
  const levelName = LEVEL_NAMES[lang][n.level];
  const title = e.code === 'test' ? `${e.title[lang]} (${lang === 'ja' ? 'テスト' : 'TEST'})` : e.title[lang];
  return {
    ...common(n, o, title, e.text[lang], e.time, 'system'),
    sections: [
      { id: 'time', heading: HEADINGS[lang].time, lines: [formatTime(e.time, lang, tz)] },
      { id: 'details', heading: HEADINGS[lang].details, lines: [e.text[lang]] },
    ],
    facts: [
      { label: LABELS[lang].level!, value: `${levelName} (${n.level})` },
      { label: HEADINGS[lang].time, value: formatTime(e.time, lang, tz) },
    ],
  };
}

export function alertView(n: Notification, options: ViewOptions): AlertView {
  const o: Required<ViewOptions> = { timeZone: options.timeZone ?? DEFAULT_TIME_ZONE[options.language], product: options.product ?? 'Mamori', language: options.language };
  switch (n.kind) {
    case 'incident':
      return incidentView(n, o);
    case 'breach':
      return breachView(n, o);
    case 'system':
      return systemView(n, o);
  }
}
