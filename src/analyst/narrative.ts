// Title, summary, timeline lines and the reason for the level, in English and in Japanese, from the
// incident's rows: who did what to whom in each phase, in kill-chain order, with the models' own
// names. Each language has its own sentences (word order, particles, 「」 quotes), so neither reads
// as a translation of the other.
import { PHASES, type AlertLevel, type Incident, type Phase } from '../schema/incident.js';
import type { DeviceRole } from './phases.js';
import { weight, type Assessment, type LevelReason } from './scoring.js';
import { deviceLabel, type DeviceRef, type Group } from './state.js';
import { fmtSpan, fmtTime, LEVEL_NAMES, list, PHASE_NAMES, tidyJa, type Bilingual, type Lang } from './words.js';

export interface IncidentView {
  groups: readonly Group[];
  devices: readonly DeviceRef[];
  start: number;
  end: number;
  breachCount: number;
  credentials: readonly string[];
  assessment: Assessment;
  offset: number;
  /** rows below this score name no phase in the title */
  minScore: number;
}

const both = (f: (lang: Lang) => string): Bilingual => ({ en: f('en'), ja: tidyJa(f('ja')) });

const uniq = (xs: readonly string[]) => [...new Set(xs.filter(Boolean))];

/** A destination as text: 'evil.example:443', or 'port 445' / 'ポート 445' for a sweep of one port. */
function destText(g: Group, lang: Lang): string {
  const d = g.destination;
  if (!d) return '';
  const host = d.hostname || d.ip;
  if (host) return d.port !== undefined ? `${host}:${d.port}` : host;
  return d.port !== undefined ? (lang === 'en' ? `port ${d.port}` : `ポート ${d.port}`) : '';
}

/** Destinations without ports, one per address (its name when a breach gave one): 'evil.example', '10.20.1.100'. */
function destNames(groups: readonly Group[]): string[] {
  const byKey = new Map<string, string>();
  for (const g of groups) {
    const d = g.destination;
    const key = d?.ip || d?.hostname;
    if (!key) continue;
    if (!byKey.has(key) || (d!.hostname && byKey.get(key) === key)) byKey.set(key, d!.hostname || key);
  }
  return [...new Set(byKey.values())];
}

/**
 * The device's side in a row: for traffic between two of our hosts the pipeline names the
 * originator as the device, so it is the source; otherwise what the model's filters say.
 */
export function roleOf(g: Group): DeviceRole {
  return g.destInternal ? 'source' : g.model.role;
}

function phaseRole(groups: readonly Group[]): DeviceRole {
  const roles = new Set(groups.map(roleOf));
  return roles.size === 1 ? [...roles][0]! : roles.has('source') ? 'source' : 'unknown';
}

/** 'ws016', 'ws016 and ws017', 'ws016 and 2 other devices' / 'ws016'、'ws016 と ws017'、'ws016 ほか 2 台' */
function who(labels: readonly string[], lang: Lang): string {
  if (labels.length <= 2) return list(labels, lang, 2);
  return lang === 'en' ? `${labels[0]} and ${labels.length - 1} other devices` : `${labels[0]} ほか ${labels.length - 1} 台`;
}

/** Destinations in a title: one or two by name, more by count ('3 hosts' inside, '3 destinations' outside). */
function whom(names: readonly string[], internal: boolean, lang: Lang): string {
  if (names.length <= 2) return list(names, lang, 2);
  if (lang === 'en') return `${names.length} ${internal ? 'hosts' : 'destinations'}`;
  return `${names.length} ${internal ? '台のホスト' : 'か所の宛先'}`;
}

/**
 * The headline of a phase: who did it to whom. `via`: the destinations are inside (a DNS tunnel
 * breaches toward the resolver), so traffic bound outside goes through them.
 */
function headline(phase: Phase, s: string, d: string, role: DeviceRole, via: boolean, lang: Lang): string {
  const en = lang === 'en';
  switch (phase) {
    case 'lateral-movement':
      return en ? `Lateral movement from ${s}${d ? ` to ${d}` : ''}` : `${s} から${d ? ` ${d} への` : 'の'}横展開`;
    case 'command-and-control':
      if (via) return en ? `Suspected command-and-control traffic from ${s} via ${d}` : `${s} から ${d} 経由の C2 通信の疑い`;
      return en ? `Suspected command-and-control traffic from ${s}${d ? ` to ${d}` : ''}` : `${s} ${d ? `から ${d} への` : 'で'} C2 通信の疑い`;
    case 'exfiltration':
      if (via) return en ? `Suspected data exfiltration from ${s} via ${d}` : `${s} から ${d} 経由のデータ持ち出しの疑い`;
      return en ? `Suspected data exfiltration from ${s}${d ? ` to ${d}` : ''}` : `${s} から${d ? ` ${d} への` : 'の'}データ持ち出しの疑い`;
    case 'reconnaissance':
      return en ? (d ? `Reconnaissance of ${d} from ${s}` : `Network reconnaissance from ${s}`) : d ? `${s} による ${d} の偵察` : `${s} によるネットワーク内の偵察`;
    case 'credential-access':
      if (!d) return en ? `Credential attack from ${s}` : `${s} による認証情報への攻撃`;
      if (role === 'target') return en ? `Credential attack on ${s} from ${d}` : `${d} から ${s} への認証情報攻撃`;
      if (role === 'unknown') return en ? `Credential attack between ${s} and ${d}` : `${s} と ${d} の間の認証情報攻撃`;
      return en ? `Credential attack from ${s} against ${d}` : `${s} から ${d} への認証情報攻撃`;
    case 'initial-access':
      return en ? `Signs of intrusion involving ${s}${d ? ` and ${d}` : ''}` : `${s}${d ? ` と ${d}` : ''} に関わる侵入の兆候`;
    case 'execution':
      return en ? `Remote execution from ${s}${d ? ` on ${d}` : ''}` : `${s} から${d ? ` ${d} 上での` : 'の'}リモート実行`;
    case 'persistence':
      return en ? `Persistence set up from ${s}${d ? ` on ${d}` : ''}` : `${s} による${d ? ` ${d} での` : ''}永続化の疑い`;
    case 'collection':
      return en ? `Unusual data gathering by ${s}` : `${s} による通常と異なるデータ収集`;
    case 'impact':
      return en ? `Disruptive activity from ${s}${d ? ` on ${d}` : ''}` : `${s} による${d ? ` ${d} への` : ''}妨害・破壊の疑い`;
  }
}

/** One sentence per phase for the summary, the models' names quoted. */
function phaseSentence(phase: Phase, s: string, d: string, role: DeviceRole, models: readonly string[], lang: Lang): string {
  if (lang === 'en') {
    const m = list(models, 'en');
    switch (phase) {
      case 'lateral-movement':
        return `${s} moved to ${d || 'other hosts'}: ${m}.`;
      case 'command-and-control':
        return `${s} contacted ${d || 'outside hosts'} in ways associated with command and control: ${m}.`;
      case 'exfiltration':
        return `${s} sent data to ${d || 'outside hosts'}: ${m}.`;
      case 'reconnaissance':
        return `${s} probed ${d || 'the network'}: ${m}.`;
      case 'credential-access':
        if (!d) return `${s} went after credentials: ${m}.`;
        if (role === 'target') return `${d} went after credentials on ${s}: ${m}.`;
        if (role === 'unknown') return `Credential attacks between ${s} and ${d}: ${m}.`;
        return `${s} went after credentials on ${d}: ${m}.`;
      case 'initial-access':
        return `Activity associated with initial access involving ${s}${d ? ` and ${d}` : ''}: ${m}.`;
      case 'execution':
        return `${s} ran code remotely${d ? ` on ${d}` : ''}: ${m}.`;
      case 'persistence':
        return `${s} may have set up a way back in${d ? ` on ${d}` : ''}: ${m}.`;
      case 'collection':
        return `${s} handled unusual amounts of data${d ? ` with ${d}` : ''}: ${m}.`;
      case 'impact':
        return `${s} did something that disrupts services${d ? ` on ${d}` : ''}: ${m}.`;
    }
  }
  const m = `（${list(models.map((x) => `「${x}」`), 'ja')}）`;
  switch (phase) {
    case 'lateral-movement':
      return `${s} から${d ? ` ${d} ` : '他のホスト'}への横展開が見られました${m}。`;
    case 'command-and-control':
      return `${s} が${d ? ` ${d} ` : '外部'}と、C2（遠隔操作）に関連する通信を行っていました${m}。`;
    case 'exfiltration':
      return `${s} から${d ? ` ${d} ` : '外部'}へデータが送信されました${m}。`;
    case 'reconnaissance':
      return `${s} が${d ? ` ${d} ` : 'ネットワーク内'}を探索していました${m}。`;
    case 'credential-access':
      if (!d) return `${s} で認証情報を狙う動きがありました${m}。`;
      if (role === 'target') return `${d} から ${s} に対して認証情報を狙う動きがありました${m}。`;
      if (role === 'unknown') return `${s} と ${d} の間で認証情報を狙う動きがありました${m}。`;
      return `${s} が ${d} に対して認証情報を狙う動きをしていました${m}。`;
    case 'initial-access':
      return `${s}${d ? ` と ${d}` : ''} に、初期侵入に関連する動きがありました${m}。`;
    case 'execution':
      return `${s} が${d ? ` ${d} 上で` : ''}リモートからプログラムを実行しました${m}。`;
    case 'persistence':
      return `${s} が${d ? ` ${d} に` : ''}再侵入の足場を作った可能性があります${m}。`;
    case 'collection':
      return `${s} が${d ? ` ${d} と` : ''}通常と異なる量のデータをやり取りしていました${m}。`;
    case 'impact':
      return `${s} が${d ? ` ${d} の` : ''}サービスを妨げる操作を行いました${m}。`;
  }
}

/** Rows by phase, in kill-chain order. */
function byPhase(groups: readonly Group[]): [Phase, Group[]][] {
  const m = new Map<Phase, Group[]>();
  for (const g of groups) {
    const l = m.get(g.phase);
    if (l) l.push(g);
    else m.set(g.phase, [g]);
  }
  return PHASES.filter((p) => m.has(p)).map((p) => [p, m.get(p)!]);
}

function actorsOf(groups: readonly Group[]): string[] {
  return uniq(groups.map((g) => deviceLabel(g.device)));
}

/** Models of rows, strongest first. */
function modelNames(groups: readonly Group[], lang: Lang): string[] {
  return uniq([...groups].sort((a, b) => b.best.score - a.best.score).map((g) => g.model.name[lang]));
}

/**
 * Level 2 and 3: the headline of the lead phase (who did what to whom) and the other phases reached
 * or the lead model. Level 0 and 1 (likely benign): the lead model's name and who, without words
 * such as "suspected C2" that would overstate it.
 */
export function title(v: IncidentView): Bilingual {
  const lead = v.assessment.lead;
  const rows = v.groups.filter((g) => g.phase === lead.phase && !g.model.meta);
  const leadRows = rows.length ? rows : [lead];
  const actors = actorsOf(leadRows);
  const dests = destNames(leadRows);
  const internal = leadRows.every((g) => g.destInternal || !g.destination?.ip);
  const others = byPhase(v.groups.filter((g) => !g.model.meta && g.best.score >= v.minScore))
    .map(([p]) => p)
    .filter((p) => p !== lead.phase);
  return both((lang) => {
    if (v.assessment.level <= 1) {
      const same = v.groups.filter((g) => g.model.id === lead.model.id);
      const leadDests = destNames(same);
      const where = `${who(actorsOf(same), lang)}${leadDests.length ? ` → ${whom(leadDests, lead.destInternal, lang)}` : ''}`;
      return lang === 'en' ? `${lead.model.name.en} — ${where}` : `${where}：${lead.model.name.ja}`;
    }
    const h = headline(lead.phase, who(actors, lang), whom(dests, internal, lang), phaseRole(leadRows), internal && dests.length > 0, lang);
    if (others.length) {
      const with_ = list(others.map((p) => PHASE_NAMES[p][lang]), lang, 3);
      return lang === 'en' ? `${h}, with ${with_}` : `${h}（${with_}を伴う）`;
    }
    return lang === 'en' ? `${h}: ${lead.model.name.en}` : `${h}（${lead.model.name.ja}）`;
  });
}

function fullLabel(d: DeviceRef, lang: Lang): string {
  return d.hostname && d.hostname !== d.ip ? (lang === 'en' ? `${d.hostname} (${d.ip})` : `${d.hostname}（${d.ip}）`) : d.ip;
}

export function summary(v: IncidentView): Bilingual {
  const a = v.assessment;
  const models = new Set(v.groups.map((g) => g.model.id)).size;
  const phases = byPhase(v.groups.filter((g) => !g.model.meta));
  const strongest = a.lead;
  const breachers = uniq(v.groups.map((g) => g.device.id)).map((id) => v.devices.find((d) => d.id === id) ?? v.groups.find((g) => g.device.id === id)!.device);
  return both((lang) => {
    const when = fmtSpan(v.start, v.end, lang, v.offset);
    const labels = breachers.map((d) => fullLabel(d, lang));
    const out: string[] = [];
    if (lang === 'en') {
      const on = labels.length > 3 ? `${labels.length} devices (${list(breachers.map(deviceLabel), 'en')})` : list(labels, 'en');
      out.push(`${when}, ${v.breachCount} ${v.breachCount === 1 ? 'breach' : 'breaches'} of ${models} ${models === 1 ? 'model' : 'models'} on ${on}.`);
    } else {
      const on = labels.length > 3 ? `${labels.length} 台の端末（${list(breachers.map(deviceLabel), 'ja', 3, '台')}）` : list(labels, 'ja');
      out.push(`${when}、${on}で ${models} 種類のモデルによる ${v.breachCount} 件の検知がありました。`);
    }
    for (const [phase, rows] of phases) {
      out.push(phaseSentence(phase, who(actorsOf(rows), lang), list(destNames(rows), lang, 3), phaseRole(rows), modelNames(rows, lang), lang));
    }
    if (v.credentials.length) {
      out.push(lang === 'en' ? `Credentials involved: ${list([...v.credentials], 'en')}.` : `関係する認証情報：${list([...v.credentials], 'ja')}。`);
    }
    const at = fmtTime(strongest.best.time, lang, v.offset);
    out.push(
      lang === 'en'
        ? `The strongest evidence is ${strongest.model.name.en} (score ${strongest.best.score}) at ${at}.`
        : `最も強い根拠は ${at} の「${strongest.model.name.ja}」（スコア ${strongest.best.score}）です。`,
    );
    out.push(levelSentence(a.level, a.reason, a.score, lang));
    return out.join(lang === 'en' ? ' ' : '');
  });
}

export function levelSentence(level: AlertLevel, r: LevelReason, score: number, lang: Lang): string {
  const name = LEVEL_NAMES[level][lang];
  return lang === 'en' ? `Alert level ${level} (${name}): ${levelReason(r, level, score, 'en')}.` : `警戒レベル ${level}（${name}）：${levelReason(r, level, score, 'ja')}。`;
}

function levelReason(r: LevelReason, level: AlertLevel, score: number, lang: Lang): string {
  const en = lang === 'en';
  if (r.kind === 'score') {
    if (level >= 2) return en ? `the evidence adds up to an incident score of ${score}; an incident is likely, but no damage is confirmed` : `根拠を合わせたスコアは ${score} で、インシデントの可能性が高い状態です（被害は未確認）`;
    if (level === 1) return en ? `an incident score of ${score}; an attack is unlikely but worth watching` : `スコアは ${score} で、攻撃の可能性は低いものの注視が必要です`;
    return en ? `an incident score of ${score}; most likely normal business that looks unusual` : `スコアは ${score} で、通常業務が普段と違って見えているだけの可能性が高いです`;
  }
  if (r.kind === 'low-priority') {
    return en ? `only informational or policy models breached (score ${score}), so it stays at watch` : `情報提供・ポリシー系のモデルのみの検知のため（スコア ${score}）、監視に留めています`;
  }
  const g = r.group;
  const dev = deviceLabel(g.device);
  const model = en ? g.model.name.en : `「${g.model.name.ja}」`;
  const s = g.best.score;
  switch (r.kind) {
    case 'dangerous':
      return en ? `${g.model.name.en} from ${dev} (score ${s}) is an attack technique in itself` : `${dev} からの${model}（スコア ${s}）はそれ自体が攻撃手法です`;
    case 'c2':
      return en ? `strong command-and-control evidence from ${dev} (${g.model.name.en}, score ${s})` : `${dev} に C2 通信の強い根拠があります（${model}、スコア ${s}）`;
    case 'exfiltration':
      return en ? `data appears to be leaving the network from ${dev} (${g.model.name.en}, score ${s})` : `${dev} からデータが外部へ流出している可能性があります（${model}、スコア ${s}）`;
    case 'impact':
      return en ? `${dev} is disrupting services (${g.model.name.en}, score ${s})` : `${dev} がサービスを妨げています（${model}、スコア ${s}）`;
    case 'inside':
      return en ? `attack traffic from inside the network, from ${dev} (${g.model.name.en}, score ${s})` : `ネットワーク内部の ${dev} からの攻撃通信です（${model}、スコア ${s}）`;
  }
}

/**
 * The timeline: one line per model and device (its destinations listed), at its first breach, in
 * time order — "ws016 → 10.20.1.100:445, 10.20.1.101:445 and 10.20.1.102:445: Remote service
 * creation over SMB (svcctl) (score 100; 3 times until …)".
 */
export function timeline(groups: readonly Group[], offset: number): Incident['timeline'] {
  const lines = new Map<string, Group[]>();
  for (const g of groups) {
    const k = `${g.model.id}|${g.device.id}|${g.phase}`;
    const l = lines.get(k);
    if (l) l.push(g);
    else lines.set(k, [g]);
  }
  return [...lines.values()]
    .map((rows) => {
      const first = rows.reduce((a, g) => (g.first.time < a.first.time ? g : a)).first;
      return { time: first.time, breach: first.id, model: rows[0]!.model.id, phase: rows[0]!.phase, text: timelineText(rows, offset) };
    })
    .sort((a, b) => a.time - b.time || a.breach.localeCompare(b.breach));
}

function timelineText(rows: readonly Group[], offset: number): Bilingual {
  const g = rows[0]!;
  const best = Math.max(...rows.map((r) => r.best.score));
  const count = rows.reduce((n, r) => n + r.count, 0);
  const last = Math.max(...rows.map((r) => r.last));
  return both((lang) => {
    const dev = deviceLabel(g.device);
    const dests = uniq(rows.map((r) => destText(r, lang)));
    const portOnly = rows.every((r) => !!r.destination && !r.destination.ip && !r.destination.hostname);
    const dest = list(dests, lang, 3);
    let where: string;
    if (!dests.length) where = dev;
    else if (portOnly) where = lang === 'en' ? `${dev}, ${dest}` : `${dev}（${dest}）`;
    else where = roleOf(g) === 'target' ? `${dest} → ${dev}` : roleOf(g) === 'unknown' ? `${dev} ↔ ${dest}` : `${dev} → ${dest}`;
    const repeat = count > 1 ? (lang === 'en' ? `; ${count} times until ${fmtTime(last, 'en', offset)}` : `、${fmtTime(last, 'ja', offset)} までに計 ${count} 回`) : '';
    return lang === 'en' ? `${where}: ${g.model.name.en} (score ${best}${repeat})` : `${where}：${g.model.name.ja}（スコア ${best}${repeat}）`;
  });
}

/** The models' recommended actions, heaviest row first (scoring.ts weight), each once. */
export function actions(groups: readonly Group[]): { en: string[]; ja: string[] } {
  const sorted = [...groups].sort((a, b) => weight(b) - weight(a) || a.first.time - b.first.time);
  const seen = new Set<string>();
  const en: string[] = [];
  const ja: string[] = [];
  for (const g of sorted) {
    if (seen.has(g.model.id)) continue;
    seen.add(g.model.id);
    for (const x of g.model.actions.en) if (!en.includes(x)) en.push(x);
    for (const x of g.model.actions.ja) if (!ja.includes(x)) ja.push(x);
  }
  return { en, ja };
}
