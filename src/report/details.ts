// The details of one breach as a reader wants them: when, which model and score, the destination
// and port, how rare the destination is, when it was first seen, how many connections and bytes,
// the certificate — taken from the breach's reasons (metric, value, baseline) and, when the store
// has them, its connections. The learning stage writes baselines in English; the shapes it uses
// are read here and said again in Japanese, and any other text is shown as it is.
import type { Breach, Reason } from '../schema/breach.js';
import type { Block, Fact, Lang } from './doc.js';
import type { BreachEvidence } from './evidence.js';
import { fmtAge, fmtBytes, fmtNumber, fmtTime, list, SEP, WORDS } from './wording.js';

type Label = { en: string; ja: string };

const RARITY: Record<string, Label> = {
  dest_host_rarity: { en: 'Hostname rarity', ja: 'ホスト名の希少度' },
  dest_ip_rarity: { en: 'Destination IP rarity', ja: '通信先 IP の希少度' },
  ja3_rarity: { en: 'TLS client fingerprint (JA3) rarity', ja: 'TLS クライアント指紋（JA3）の希少度' },
  peer_group_dest_rarity: { en: 'Rarity among its peer group', ja: 'ピアグループ内での希少度' },
};

const FIRST_SEEN: Record<string, Label> = {
  dest_first_seen_age_days: { en: 'First contact by this device', ja: 'この端末の初回通信' },
  org_dest_first_seen_age_days: { en: 'First seen in the organisation', ja: '組織内での初回観測' },
};

const L = {
  beacon: { en: 'Beacon score', ja: 'ビーコンスコア' },
  connections: { en: 'Connections', ja: '接続回数' },
  evidence: { en: 'Connections in the evidence', ja: '根拠となった接続' },
  bytesOut: { en: 'Bytes out', ja: '送信バイト数' },
  bytesIn: { en: 'Bytes in', ja: '受信バイト数' },
  validation: { en: 'Certificate validation', ja: '証明書の検証結果' },
  subject: { en: 'Certificate subject', ja: '証明書のサブジェクト' },
  issuer: { en: 'Certificate issuer', ja: '証明書の発行者' },
  sni: { en: 'TLS server name (SNI)', ja: 'TLS サーバー名（SNI）' },
  ago: { en: 'before the breach', ja: '前' },
} as const;

const TIME_IN = /(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?Z)/;
const CONNECTIONS = /([\d,]+) connections/;
const REACHED = /^reached by ([\d,]+) of ([\d,]+) devices in the last ([\d.]+) days$/;
const BEACON = /^([\d,]+) connections, median interval ([\d.]+) s ± ([\d.]+) s, median ([\d.]+ ?[kMG]?B) sent$/;
const FIRST = /^first (contacted|seen in the organisation) (\S+)(?:, ([\d,]+) connections)?$/;
const PEERS = /^reached by ([\d,]+) of the ([\d,]+) other devices in its peer group$/;
const SINCE = /^first (reached|used from this device) (\S+), ([\d,]+) times(?: since)?$/;
const ISO_ALL = /\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?Z/g;

/** A learning baseline in the reader's language: known shapes are rewritten in Japanese, others kept. */
export function baselineText(s: string, lang: Lang, offset: number): string {
  if (lang === 'en') return s;
  let m = REACHED.exec(s);
  if (m) return `過去 ${m[3]} 日間に通信した端末は ${m[2]} 台中 ${m[1]} 台`;
  m = BEACON.exec(s);
  if (m) return `接続 ${m[1]} 回、間隔の中央値 ${m[2]} 秒（± ${m[3]} 秒）、送信量の中央値 ${m[4]}`;
  m = FIRST.exec(s);
  if (m) {
    const t = Date.parse(m[2]!);
    const when = Number.isFinite(t) ? fmtTime(t / 1000, 'ja', offset) : m[2]!;
    return `${m[1] === 'contacted' ? '初回通信' : '組織内での初回観測'} ${when}${m[3] ? `、接続 ${m[3]} 回` : ''}`;
  }
  m = PEERS.exec(s);
  if (m) return `ピアグループの他の ${m[2]} 台中 ${m[1]} 台が通信`;
  m = SINCE.exec(s);
  if (m) return `${m[1] === 'reached' ? '初回到達' : 'この端末での初回使用'} ${fmtTime(Date.parse(m[2]!) / 1000, 'ja', offset)}、以後 ${m[3]} 回`;
  // other shapes: at least the times in the reader's form
  return s.replace(ISO_ALL, (iso) => fmtTime(Date.parse(iso) / 1000, 'ja', offset));
}

const valueText = (v: Reason['value']) => (typeof v === 'number' ? String(Math.round(v * 1000) / 1000) : String(v));
const thresholdText = (r: Reason) => `${r.op} ${Array.isArray(r.threshold) ? r.threshold.join(' | ') : String(r.threshold)}`;

/** The facts one reason gives, in the reader's words. */
function reasonFacts(r: Reason, b: Breach, lang: Lang, offset: number): Fact[] {
  if (r.counter) return [];
  const m = r.metric;
  const out: Fact[] = [];
  if (RARITY[m] || m.endsWith('_rarity')) {
    const label = RARITY[m]?.[lang] ?? (lang === 'en' ? `Rarity (${m})` : `希少度（${m}）`);
    out.push({ label, value: `${valueText(r.value)}%${r.baseline ? (lang === 'en' ? ` — ${r.baseline}` : `（${baselineText(r.baseline, lang, offset)}）`) : ''}` });
  } else if (FIRST_SEEN[m] && typeof r.value === 'number') {
    const iso = r.baseline ? TIME_IN.exec(r.baseline)?.[1] : undefined;
    const at = iso ? fmtTime(Date.parse(iso) / 1000, lang, offset) : undefined;
    const age = fmtAge(r.value, lang);
    const value = lang === 'en' ? `${at ? `${at}, ` : ''}${age} ${L.ago.en}` : `${at ? `${at}（` : ''}検知の ${age}${L.ago.ja}${at ? '）' : ''}`;
    out.push({ label: FIRST_SEEN[m][lang], value });
    const c = r.baseline ? CONNECTIONS.exec(r.baseline)?.[1] : undefined;
    if (c) out.push({ label: L.connections[lang], value: c });
  } else if (m === 'beacon_score') {
    out.push({ label: L.beacon[lang], value: `${valueText(r.value)}${r.baseline ? (lang === 'en' ? ` — ${r.baseline}` : `（${baselineText(r.baseline, lang, offset)}）`) : ''}` });
    const c = r.baseline ? CONNECTIONS.exec(r.baseline)?.[1] : undefined;
    if (c) out.push({ label: L.connections[lang], value: c });
  } else if (m === 'conn.orig_bytes' && typeof r.value === 'number') {
    out.push({ label: L.bytesOut[lang], value: `${fmtBytes(r.value)} (${fmtNumber(r.value)} B)` });
  } else if (m === 'conn.resp_bytes' && typeof r.value === 'number') {
    out.push({ label: L.bytesIn[lang], value: `${fmtBytes(r.value)} (${fmtNumber(r.value)} B)` });
  } else if (m.endsWith('validation_status')) {
    out.push({ label: L.validation[lang], value: String(r.value) });
  } else if (m.endsWith('.subject')) {
    out.push({ label: L.subject[lang], value: String(r.value) });
  } else if (m.endsWith('.issuer')) {
    out.push({ label: L.issuer[lang], value: String(r.value) });
  } else if (m === 'ssl.server_name') {
    out.push({ label: L.sni[lang], value: String(r.value) });
  }
  return out;
}

function evidenceFacts(e: BreachEvidence | undefined, have: ReadonlySet<string>, lang: Lang): Fact[] {
  if (!e) return [];
  const out: Fact[] = [];
  const add = (label: Label, value: string) => {
    if (!have.has(label[lang])) out.push({ label: label[lang], value });
  };
  add(L.connections, fmtNumber(e.connections));
  add(L.bytesOut, `${fmtBytes(e.bytesOut)} (${fmtNumber(e.bytesOut)} B)`);
  add(L.bytesIn, `${fmtBytes(e.bytesIn)} (${fmtNumber(e.bytesIn)} B)`);
  if (e.serverNames.length) add(L.sni, list(e.serverNames, lang));
  if (e.validation.length) add(L.validation, e.validation.join(', '));
  if (e.subjects.length) add(L.subject, e.subjects.join(' / '));
  if (e.issuers.length) add(L.issuer, e.issuers.join(' / '));
  return out;
}

function hostText(d: { ip?: string; hostname?: string }, lang: Lang): string {
  if (d.hostname && d.ip && d.hostname !== d.ip) return lang === 'en' ? `${d.hostname} (${d.ip})` : `${d.hostname}（${d.ip}）`;
  return d.hostname ?? d.ip ?? '';
}

/** One breach's details: a heading, the facts, and the reasons as a table (metric, value, threshold, usual, confidence). */
export function breachDetails(b: Breach, e: BreachEvidence | undefined, lang: Lang, offset: number): Block {
  const W = WORDS[lang];
  const facts: Fact[] = [
    { label: W.model, value: lang === 'en' ? `${b.model_name.en} (${b.model})` : `${b.model_name.ja}（${b.model}）` },
    { label: W.score, value: `${b.score} / 100` },
    { label: W.category, value: b.category },
    ...(b.mitre.length ? [{ label: W.mitre, value: b.mitre.join(', ') }] : []),
    { label: W.device, value: hostText(b.device, lang) },
    ...(b.destination && (b.destination.ip || b.destination.hostname) ? [{ label: W.destination, value: hostText(b.destination, lang) }] : []),
    ...(b.destination?.port !== undefined ? [{ label: W.port, value: String(b.destination.port) }] : []),
  ];
  const seen = new Set(facts.map((f) => f.label));
  for (const r of b.reasons) {
    for (const f of reasonFacts(r, b, lang, offset)) {
      if (seen.has(f.label)) continue;
      seen.add(f.label);
      facts.push(f);
    }
  }
  facts.push(...evidenceFacts(e, seen, lang));
  if (!seen.has(L.connections[lang]) && !e && b.uids.length && !b.uids.every((u) => u.startsWith('B'))) facts.push({ label: L.evidence[lang], value: fmtNumber(b.uids.length) });
  const rows = b.reasons.map((r) => [
    r.counter ? `${r.metric} (${W.counter})` : r.metric,
    valueText(r.value),
    thresholdText(r),
    r.baseline ? baselineText(r.baseline, lang, offset) : '',
    r.confidence.toFixed(2),
  ]);
  const dest = b.destination ? hostText(b.destination, lang) : '';
  // what the baseline column does not already say
  const explained = b.reasons.filter((r) => r.explanation && !(r.baseline && r.explanation.includes(r.baseline)));
  const heading = `${fmtTime(b.time, lang, offset)}${SEP[lang]}${b.model_name[lang]}${dest ? (lang === 'en' ? ` — ${dest}` : ` → ${dest}`) : ''}`;
  return {
    kind: 'group',
    heading,
    blocks: [
      { kind: 'facts', facts },
      ...(rows.length ? [{ kind: 'table' as const, headers: [W.metric, W.value, W.threshold, W.baseline, W.confidence], rows, numeric: [4] }] : []),
      // explanations are written in English by the learning stage: shown to English readers only
      ...(lang === 'en' && explained.length ? [{ kind: 'list' as const, items: explained.map((r) => `${r.metric}: ${r.explanation!}`) }] : []),
    ],
  };
}
