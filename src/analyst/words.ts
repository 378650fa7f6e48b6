// Small pieces of wording in both languages: times, lists, phase names, device types. Each language
// is written for itself (Japanese lists use 「、」 and 「ほか N 件」, times 「2026年11月3日 10:20」),
// not translated word by word.
import type { AlertLevel, Phase } from '../schema/incident.js';

export type Lang = 'en' | 'ja';
export type Bilingual = { en: string; ja: string };

const CJK = '\\p{Script=Han}\\p{Script=Hiragana}\\p{Script=Katakana}ー〜';
const FULL_OPEN = '「（';
const FULL_CLOSE = '、。」）：';
const BETWEEN_JAPANESE = new RegExp(`([${CJK}${FULL_CLOSE}${FULL_OPEN}])\\s+(?=[${CJK}${FULL_OPEN}${FULL_CLOSE}])`, 'gu');
const BEFORE_CLOSE = new RegExp(`\\s+(?=[${FULL_CLOSE}])`, 'gu');
const AFTER_PUNCT = new RegExp(`([${FULL_OPEN}${FULL_CLOSE}])\\s+`, 'gu');

/**
 * Japanese spacing: a space sets Latin letters and digits apart from kana and kanji, but never
 * stands between two Japanese characters or next to full-width punctuation.
 */
export function tidyJa(s: string): string {
  return s.replace(BETWEEN_JAPANESE, '$1').replace(BEFORE_CLOSE, '').replace(AFTER_PUNCT, '$1');
}

export function tzLabel(offset: number): string {
  if (!offset) return 'UTC';
  const sign = offset < 0 ? '-' : '+';
  const m = Math.round(Math.abs(offset) / 60);
  return `UTC${sign}${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
}

function parts(ts: number, offset: number) {
  const d = new Date(Math.round((ts + offset) * 1000));
  return { y: d.getUTCFullYear(), mo: d.getUTCMonth() + 1, d: d.getUTCDate(), h: d.getUTCHours(), mi: d.getUTCMinutes() };
}

const two = (n: number) => String(n).padStart(2, '0');

/** '2026-11-03' / '2026年11月3日' */
export function fmtDate(ts: number, lang: Lang, offset: number): string {
  const p = parts(ts, offset);
  return lang === 'en' ? `${p.y}-${two(p.mo)}-${two(p.d)}` : `${p.y}年${p.mo}月${p.d}日`;
}

/** '10:20' */
export function fmtClock(ts: number, offset: number): string {
  const p = parts(ts, offset);
  return `${two(p.h)}:${two(p.mi)}`;
}

/** '2026-11-03 10:20 UTC' / '2026年11月3日 10:20（UTC）' */
export function fmtTime(ts: number, lang: Lang, offset: number): string {
  return lang === 'en' ? `${fmtDate(ts, 'en', offset)} ${fmtClock(ts, offset)} ${tzLabel(offset)}` : `${fmtDate(ts, 'ja', offset)} ${fmtClock(ts, offset)}（${tzLabel(offset)}）`;
}

/** When something happened, as the opening of a sentence: 'On 2026-11-03, from 10:20 to 10:22 UTC' / '2026年11月3日 10:20〜10:22（UTC）に'. */
export function fmtSpan(start: number, end: number, lang: Lang, offset: number): string {
  const tz = tzLabel(offset);
  const sameDay = fmtDate(start, 'en', offset) === fmtDate(end, 'en', offset);
  const sameMinute = sameDay && fmtClock(start, offset) === fmtClock(end, offset);
  if (lang === 'en') {
    if (sameMinute) return `On ${fmtDate(start, 'en', offset)} at ${fmtClock(start, offset)} ${tz}`;
    if (sameDay) return `On ${fmtDate(start, 'en', offset)}, from ${fmtClock(start, offset)} to ${fmtClock(end, offset)} ${tz}`;
    return `From ${fmtDate(start, 'en', offset)} ${fmtClock(start, offset)} to ${fmtDate(end, 'en', offset)} ${fmtClock(end, offset)} ${tz}`;
  }
  if (sameMinute) return `${fmtDate(start, 'ja', offset)} ${fmtClock(start, offset)}（${tz}）に`;
  if (sameDay) return `${fmtDate(start, 'ja', offset)} ${fmtClock(start, offset)}〜${fmtClock(end, offset)}（${tz}）に`;
  return `${fmtDate(start, 'ja', offset)} ${fmtClock(start, offset)} から ${fmtDate(end, 'ja', offset)} ${fmtClock(end, offset)}（${tz}）までに`;
}

/** 'a', 'a and b', 'a, b and c', 'a, b, c and 2 more' / 'a'、'a と b'、'a、b、c'、'a、b、c ほか 2 件' */
export function list(items: readonly string[], lang: Lang, max = 3, counter = '件'): string {
  const shown = items.slice(0, max);
  const more = items.length - shown.length;
  if (lang === 'ja') {
    if (shown.length === 2 && !more) return `${shown[0]} と ${shown[1]}`;
    return shown.join('、') + (more ? ` ほか ${more} ${counter}` : '');
  }
  if (more) return `${shown.join(', ')} and ${more} more`;
  if (shown.length <= 1) return shown.join('');
  return `${shown.slice(0, -1).join(', ')} and ${shown[shown.length - 1]}`;
}

/** 1,234,567 in both languages */
export function fmtNumber(n: number): string {
  return Math.round(n).toLocaleString('en-US');
}

/** bytes as people read them: '40.0 MB', '512 B' */
export function fmtBytes(n: number): string {
  const units = ['B', 'kB', 'MB', 'GB', 'TB'];
  let v = n;
  let i = 0;
  while (v >= 1000 && i < units.length - 1) {
    v /= 1000;
    i++;
  }
  return i === 0 ? `${Math.round(v)} B` : `${v.toFixed(1)} ${units[i]}`;
}

/** A duration in days as '6 h', '3.5 days' / '6 時間'、'3.5 日' */
export function fmtAge(days: number, lang: Lang): string {
  if (days < 1 / 24) return lang === 'en' ? `${Math.max(1, Math.round(days * 1440))} min` : `${Math.max(1, Math.round(days * 1440))} 分`;
  if (days < 2) return lang === 'en' ? `${Math.round(days * 24)} h` : `${Math.round(days * 24)} 時間`;
  const d = days < 10 ? days.toFixed(1) : String(Math.round(days));
  return lang === 'en' ? `${d} days` : `${d} 日`;
}

export const PHASE_NAMES: Readonly<Record<Phase, Bilingual>> = {
  reconnaissance: { en: 'reconnaissance', ja: '偵察' },
  'initial-access': { en: 'initial access', ja: '初期侵入' },
  execution: { en: 'remote execution', ja: 'リモート実行' },
  persistence: { en: 'persistence', ja: '永続化' },
  'credential-access': { en: 'credential attacks', ja: '認証情報への攻撃' },
  'lateral-movement': { en: 'lateral movement', ja: '横展開' },
  'command-and-control': { en: 'command-and-control traffic', ja: 'C2 通信' },
  collection: { en: 'data collection', ja: 'データ収集' },
  exfiltration: { en: 'data exfiltration', ja: 'データ持ち出し' },
  impact: { en: 'disruption', ja: '妨害・破壊' },
};

export const LEVEL_NAMES: Readonly<Record<AlertLevel, Bilingual>> = {
  0: { en: 'normal', ja: '通常' },
  1: { en: 'watch', ja: '監視' },
  2: { en: 'investigate', ja: '要調査' },
  3: { en: 'urgent', ja: '緊急' },
};

const DEVICE_TYPES: Readonly<Record<string, Bilingual>> = {
  'domain-controller': { en: 'a domain controller', ja: 'ドメインコントローラ' },
  'dns-server': { en: 'a DNS server', ja: 'DNS サーバー' },
  'dhcp-server': { en: 'a DHCP server', ja: 'DHCP サーバー' },
  'file-server': { en: 'a file server', ja: 'ファイルサーバー' },
  'web-server': { en: 'a web server', ja: 'Web サーバー' },
  printer: { en: 'a printer', ja: 'プリンター' },
  server: { en: 'a server', ja: 'サーバー' },
  iot: { en: 'an IoT device', ja: 'IoT 機器' },
  client: { en: 'a client (workstation)', ja: 'クライアント端末' },
};

/** 'a domain controller' / 'ドメインコントローラ'; undefined for unknown types */
export function deviceTypeName(type: string | undefined, lang: Lang): string | undefined {
  return type ? DEVICE_TYPES[type]?.[lang] : undefined;
}
