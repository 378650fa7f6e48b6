// The words of an alert in each language: level names, section headings, phase names and time
// formats. Written for each language (a Japanese SOC mail reads as one, not as translated English).
import type { AlertLevel, Phase } from '../schema/incident.js';
import type { Language } from './types.js';

export const LEVEL_NAMES: Record<Language, Record<AlertLevel, string>> = {
  en: { 3: 'URGENT', 2: 'INVESTIGATE', 1: 'WATCH', 0: 'INFO' },
  ja: { 3: '緊急', 2: '要調査', 1: '要注意', 0: '情報' },
};

export const HEADINGS: Record<Language, Record<'time' | 'threat' | 'detected' | 'investigation' | 'checks' | 'actions' | 'details', string>> = {
  en: { time: 'Detection time', threat: 'Threat', detected: 'What was detected', investigation: 'Investigation', checks: 'What to check', actions: 'Recommended actions', details: 'Details' },
  ja: { time: '検知日時', threat: '脅威', detected: '検知内容', investigation: '調査内容', checks: '確認事項', actions: '推奨対応', details: '詳細' },
};

export const PHASE_NAMES: Record<Language, Record<Phase, string>> = {
  en: {
    reconnaissance: 'reconnaissance',
    'initial-access': 'initial access',
    execution: 'execution',
    persistence: 'persistence',
    'credential-access': 'credential access',
    'lateral-movement': 'lateral movement',
    'command-and-control': 'command and control',
    collection: 'collection',
    exfiltration: 'exfiltration',
    impact: 'impact',
  },
  ja: {
    reconnaissance: '偵察',
    'initial-access': '初期侵入',
    execution: '実行',
    persistence: '永続化',
    'credential-access': '認証情報の窃取',
    'lateral-movement': '横展開',
    'command-and-control': 'C2通信',
    collection: '情報収集',
    exfiltration: 'データ持ち出し',
    impact: '破壊・妨害',
  },
};

/** Labels of the lines inside sections. */
export const LABELS: Record<Language, Record<string, string>> = {
  en: {
    level: 'Alert level',
    score: 'Score',
    model: 'Model',
    models: 'Models',
    category: 'Category',
    phases: 'Attack phases',
    mitre: 'MITRE ATT&CK',
    device: 'Device',
    devices: 'Devices',
    destination: 'Destination',
    destinations: 'Destinations',
    summary: 'Summary',
    timeline: 'Timeline',
    incident: 'Incident',
    breach: 'Breach',
    id: 'Notification id',
    until: '–',
    none: '(none recorded)',
    confidence: 'confidence',
    baseline: 'baseline',
  },
  ja: {
    level: '重要度',
    score: 'スコア',
    model: '検知モデル',
    models: '検知モデル',
    category: 'カテゴリ',
    phases: '攻撃段階',
    mitre: 'MITRE ATT&CK',
    device: '対象端末',
    devices: '対象端末',
    destination: '通信先',
    destinations: '通信先',
    summary: '概要',
    timeline: '経緯',
    incident: 'インシデント',
    breach: '検知',
    id: '通知ID',
    until: '〜',
    none: '（記録なし）',
    confidence: '確度',
    baseline: '平常時',
  },
};

/** Default time zone per language: Japanese teams read JST, others UTC. */
export const DEFAULT_TIME_ZONE: Record<Language, string> = { en: 'UTC', ja: 'Asia/Tokyo' };

const ZONE_ABBREVIATIONS: Record<string, string> = { 'Asia/Tokyo': 'JST', UTC: 'UTC', 'Etc/UTC': 'UTC' };

/** `2026/11/23 21:40:06 (JST)` in Japanese, `2026-11-23 12:40:06 UTC` in English. */
export function formatTime(epochSeconds: number, language: Language, timeZone = DEFAULT_TIME_ZONE[language]): string {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    hourCycle: 'h23',
    timeZoneName: 'short',
  }).formatToParts(new Date(Math.round(epochSeconds * 1000)));
  const p = (t: Intl.DateTimeFormatPartTypes) => parts.find((x) => x.type === t)?.value ?? '';
  const zone = ZONE_ABBREVIATIONS[timeZone] ?? p('timeZoneName');
  return language === 'ja'
    ? `${p('year')}/${p('month')}/${p('day')} ${p('hour')}:${p('minute')}:${p('second')} (${zone})`
    : `${p('year')}-${p('month')}-${p('day')} ${p('hour')}:${p('minute')}:${p('second')} ${zone}`;
}
