// The investigation, first version: for an incident, the questions an analyst asks first, answered
// from what is at hand — the breaches' own reasons, the entities (device type and names, credentials,
// endpoint names and ASN) and the pattern of life (first sightings, how many devices reached a
// destination, peer groups) — each recorded as {question, answer} in both languages with the
// figures behind it. An answer states only what the data says; a question with no data is skipped.
import type { Breach, Reason } from '../schema/breach.js';
import type { InvestigationStep } from '../schema/incident.js';
import type { AnalystContext } from './context.js';
import { deviceLabel, type DeviceRef, type Group } from './state.js';
import { deviceTypeName, fmtAge, fmtBytes, fmtNumber, fmtTime, list, tidyJa, type Lang } from './words.js';

/** Which devices had breaches involving a destination (across incidents), as the builder remembers it. */
export interface DestinationSightings {
  devicesFor(destination: string): { id: string; label: string; breaches: number }[];
}

export interface InvestigationInput {
  groups: readonly Group[];
  devices: readonly DeviceRef[];
  start: number;
  end: number;
  context: AnalystContext;
  sightings: DestinationSightings;
  offset: number;
}

const MAX_DEVICES = 4;
const MAX_DESTINATIONS = 3;

const DEST_SOURCE: Record<string, { en: string; ja: string }> = {
  dns: { en: 'DNS answer', ja: 'DNS 応答' },
  'tls-sni': { en: 'TLS SNI', ja: 'TLS SNI' },
  'http-host': { en: 'HTTP Host header', ja: 'HTTP Host ヘッダー' },
};

export function investigate(x: InvestigationInput): InvestigationStep[] {
  const steps: InvestigationStep[] = [];
  const devices = x.devices.slice(0, MAX_DEVICES);
  for (const d of devices) {
    const s = deviceStep(d, x);
    if (s) steps.push(s);
  }
  for (const d of devices) {
    const s = credentialStep(d, x);
    if (s) steps.push(s);
  }
  for (const dest of destinations(x.groups).slice(0, MAX_DESTINATIONS)) {
    const s = destinationStep(dest, x);
    if (s) steps.push(s);
    steps.push(othersStep(dest, x));
    const b = beaconStep(dest);
    if (b) steps.push(b);
  }
  const v = volumeStep(x);
  if (v) steps.push(v);
  return steps.map((s) => ({ ...s, question: { en: s.question.en, ja: tidyJa(s.question.ja) }, answer: { en: s.answer.en, ja: tidyJa(s.answer.ja) } }));
}

const at = (ts: number, lang: Lang, x: InvestigationInput) => fmtTime(ts, lang, x.offset);

// ─── devices ───────────────────────────────────────────────────────────────────────────────────

function deviceStep(d: DeviceRef, x: InvestigationInput): InvestigationStep | undefined {
  const e = x.context.entities;
  const dev = e ? (d.id.startsWith('ip:') ? e.deviceFor(d.ip, x.start) : e.device(d.id)) : undefined;
  const profile = x.context.pol?.devices.get(dev?.id ?? d.id);
  const group = x.context.pol?.peerGroupOf(dev?.id ?? d.id);
  const type = dev?.type ?? d.type;
  if (!dev && !profile && !type) return undefined;
  const label = deviceLabel(d);
  const names = [...new Set(dev?.hostnames.map((h) => h.name) ?? [])];
  const first = dev?.first_seen ?? profile?.first;
  const last = dev?.last_seen ?? profile?.last;
  const data = {
    device: dev?.id ?? d.id,
    ip: d.ip,
    ...(dev?.macs[0] ? { mac: dev.macs[0] } : {}),
    ...(type ? { type } : {}),
    ...(dev?.type_evidence.length ? { type_evidence: dev.type_evidence } : {}),
    ...(names.length ? { hostnames: names } : {}),
    ...(first !== undefined ? { first_seen: first } : {}),
    ...(last !== undefined ? { last_seen: last } : {}),
    ...(group ? { peer_group: group.group, peer_group_size: group.members } : {}),
  };
  const answer = (lang: Lang) => {
    const en = lang === 'en';
    const out: string[] = [];
    const typeName = deviceTypeName(type, lang);
    const idText = [d.ip, ...(dev?.macs[0] ? [`MAC ${dev.macs[0]}`] : [])].join(en ? ', ' : '、');
    const who = label === d.ip ? (en ? `${d.ip}${dev?.macs[0] ? ` (MAC ${dev.macs[0]})` : ''}` : `${d.ip}${dev?.macs[0] ? `（MAC ${dev.macs[0]}）` : ''}`) : en ? `${label} (${idText})` : `${label}（${idText}）`;
    if (typeName) {
      const why = en && dev?.type_evidence.length ? `, judged from: ${dev.type_evidence.slice(0, 2).join('; ')}` : '';
      out.push(en ? `${who} behaves like ${typeName}${why}.` : `${who} は${typeName}と推定されます。`);
    } else out.push(en ? `The type of ${who} is not known yet.` : `${who} の種類はまだ判定できていません。`);
    if (names.length) out.push(en ? `Names: ${list(names, 'en')}.` : `ホスト名：${list(names, 'ja')}。`);
    if (first !== undefined && last !== undefined) out.push(en ? `Seen from ${at(first, 'en', x)} to ${at(last, 'en', x)}.` : `観測期間は ${at(first, 'ja', x)} から ${at(last, 'ja', x)} までです。`);
    if (group && group.members > 1) out.push(en ? `It belongs to peer group ${group.group} (${group.members} devices of similar behaviour).` : `振る舞いの似た ${group.members} 台からなるピアグループ ${group.group} に属します。`);
    else if (group) out.push(en ? `No other device behaves like it: it is alone in peer group ${group.group}.` : `振る舞いの似た端末はなく、単独でピアグループ ${group.group} を成しています。`);
    return out.join(en ? ' ' : '');
  };
  return {
    question: { en: `What is ${label}?`, ja: `${label} はどのような端末か？` },
    answer: { en: answer('en'), ja: answer('ja') },
    data,
  };
}

function credentialStep(d: DeviceRef, x: InvestigationInput): InvestigationStep | undefined {
  const e = x.context.entities;
  const named = [...new Set(x.groups.filter((g) => g.device.id === d.id).flatMap((g) => g.credentials))];
  const dev = e ? (d.id.startsWith('ip:') ? e.deviceFor(d.ip, x.start) : e.device(d.id)) : undefined;
  if (!dev && !named.length) return undefined;
  const users = dev ? [...dev.users].sort((a, b) => a.first_seen - b.first_seen) : [];
  const during = (t: number) => t >= x.start - 60 && t <= x.end;
  const label = deviceLabel(d);
  const data = { device: d.id, credentials: users.map((u) => ({ user: u.user, first_seen: u.first_seen, last_seen: u.last_seen })), named_by_breaches: named };
  const answer = (lang: Lang) => {
    const en = lang === 'en';
    if (!users.length) {
      if (!named.length) return en ? `No credential was seen in use on ${label}.` : `${label} で使われた認証情報は観測されていません。`;
      return en ? `The breaches name ${list(named, 'en')}.` : `検知は ${list(named, 'ja')} を示しています。`;
    }
    const items = users.map((u) =>
      en
        ? `${u.user} (first used ${at(u.first_seen, 'en', x)}${during(u.first_seen) ? ', during this incident' : ''})`
        : `${u.user}（初使用 ${at(u.first_seen, 'ja', x)}${during(u.first_seen) ? '、このインシデントの期間中' : ''}）`,
    );
    return en
      ? `${users.length} ${users.length === 1 ? 'credential' : 'credentials'} seen on ${label}: ${list(items, 'en', 5)}.`
      : `${label} では ${users.length} 件の認証情報が使われています：${list(items, 'ja', 5)}。`;
  };
  return { question: { en: `Which credentials were used on ${label}?`, ja: `${label} ではどの認証情報が使われたか？` }, answer: { en: answer('en'), ja: answer('ja') }, data };
}

// ─── destinations ──────────────────────────────────────────────────────────────────────────────

interface Dest {
  key: string;
  /** 'ws000 (10.20.1.100)' / 'ws000（10.20.1.100）', or the key */
  label: { en: string; ja: string };
  ip?: string;
  hostname?: string;
  internal: boolean;
  groups: Group[];
}

/** Destinations of the incident with an address or a name, strongest first. */
function destinations(groups: readonly Group[]): Dest[] {
  const m = new Map<string, Dest>();
  for (const g of groups) {
    const key = g.destination?.ip || g.destination?.hostname;
    if (!key) continue;
    let d = m.get(key);
    if (!d) m.set(key, (d = { key, label: { en: key, ja: key }, ip: g.destination!.ip, hostname: g.destination!.hostname, internal: g.destInternal, groups: [] }));
    d.hostname ??= g.destination!.hostname;
    d.groups.push(g);
  }
  for (const d of m.values()) if (d.hostname && d.ip) d.label = { en: `${d.hostname} (${d.ip})`, ja: `${d.hostname}（${d.ip}）` };
  // outside destinations first (what the attacker controls), then the strongest
  const best = (d: Dest) => Math.max(...d.groups.map((g) => g.best.score));
  return [...m.values()].sort((a, b) => Number(a.internal) - Number(b.internal) || best(b) - best(a) || a.key.localeCompare(b.key));
}

/** The earliest breach's reason of that metric among the rows. */
function firstReason(groups: readonly Group[], metric: string): { r: Reason; b: Breach } | undefined {
  let out: { r: Reason; b: Breach } | undefined;
  for (const g of groups) {
    for (const b of [g.first, g.best]) {
      const r = b.reasons.find((x) => x.metric === metric && !x.counter && typeof x.value === 'number');
      if (r && (!out || b.time < out.b.time)) out = { r, b };
    }
  }
  return out;
}

function destinationStep(d: Dest, x: InvestigationInput): InvestigationStep | undefined {
  const endpoint = d.ip && !d.internal ? x.context.entities?.endpointFor(d.ip) : undefined;
  const pol = x.context.pol;
  const seen = d.ip && !d.internal ? pol?.rarity.ip.get(d.ip) : d.hostname ? pol?.rarity.host.get(d.hostname) : undefined;
  const orgAge = firstReason(d.groups, 'org_dest_first_seen_age_days') ?? firstReason(d.groups, 'org_dest_host_first_seen_age_days');
  const devAge = firstReason(d.groups, 'dest_first_seen_age_days') ?? firstReason(d.groups, 'dest_host_first_seen_age_days');
  const rarity = firstReason(d.groups, 'dest_ip_rarity') ?? firstReason(d.groups, 'dest_host_rarity');
  if (!endpoint && !seen && !orgAge && !devAge && !rarity) return undefined;
  const actor = d.groups[0]!.device;
  const actorFirst = pol?.devices.get(actor.id)?.first ?? x.context.entities?.device(actor.id)?.first_seen;
  const devFirst = devAge ? devAge.b.time - (devAge.r.value as number) * 86_400 : undefined;
  const sinceDeviceAppeared = devFirst !== undefined && actorFirst !== undefined && devFirst - actorFirst < 3600;
  const reached = seen ? seen.devices.count(seen.devices.gen) : undefined;
  const names = endpoint?.hostnames ?? [];
  const data = {
    destination: d.key,
    ...(d.hostname ? { hostname: d.hostname } : {}),
    ...(names.length ? { names: names.map((h) => ({ name: h.name, source: h.source })) } : {}),
    ...(endpoint?.asn !== undefined ? { asn: endpoint.asn } : {}),
    ...(endpoint?.org ? { org: endpoint.org } : {}),
    ...(endpoint?.country ? { country: endpoint.country } : {}),
    ...(seen ? { org_first_seen: seen.first, org_last_seen: seen.last, sightings: seen.sightings, devices_reached: reached } : {}),
    ...(orgAge ? { org_first_seen_age_days_at_breach: orgAge.r.value } : {}),
    ...(devFirst !== undefined ? { device_first_contact: devFirst } : {}),
    ...(actorFirst !== undefined ? { device_first_seen: actorFirst } : {}),
    ...(rarity ? { rarity: rarity.r.value, rarity_baseline: rarity.r.baseline } : {}),
  };
  const answer = (lang: Lang) => {
    const en = lang === 'en';
    const out: string[] = [];
    if (names.length) {
      const n = names.slice(0, 3).map((h) => (en ? `${h.name} (${DEST_SOURCE[h.source]?.en ?? h.source})` : `${h.name}（${DEST_SOURCE[h.source]?.ja ?? h.source}）`));
      out.push(en ? `Known as ${list(n, 'en')}.` : `名前は ${list(n, 'ja')} です。`);
    }
    if (endpoint?.asn !== undefined || endpoint?.country) {
      const parts = [endpoint.asn !== undefined ? `AS${endpoint.asn}${endpoint.org ? ` ${endpoint.org}` : ''}` : '', endpoint.country ?? ''].filter(Boolean);
      out.push(en ? `Network: ${parts.join(', ')}.` : `ネットワーク：${parts.join('、')}。`);
    }
    if (seen) {
      out.push(
        en
          ? `This network first reached it at ${at(seen.first, 'en', x)}; ${reached} ${reached === 1 ? 'device has' : 'devices have'} reached it recently, ${fmtNumber(seen.sightings)} ${seen.sightings === 1 ? 'time' : 'times'} in all.`
          : `このネットワークから初めて接続したのは ${at(seen.first, 'ja', x)} で、最近接続した端末は ${reached} 台、接続は合計 ${fmtNumber(seen.sightings)} 回です。`,
      );
    } else if (orgAge) {
      const age = orgAge.r.value as number;
      out.push(en ? `When it was detected, the organisation had first reached it ${fmtAge(age, 'en')} before.` : `検知時点で、組織として初めて接続してから ${fmtAge(age, 'ja')} でした。`);
    }
    if (devFirst !== undefined) {
      const who = deviceLabel(actor);
      if (sinceDeviceAppeared) out.push(en ? `${who} has used it since it first appeared on the network (${at(devFirst, 'en', x)}).` : `${who} はネットワークに現れた時点（${at(devFirst, 'ja', x)}）からこの宛先を使っています。`);
      else out.push(en ? `${who} first reached it at ${at(devFirst, 'en', x)}.` : `${who} が初めて接続したのは ${at(devFirst, 'ja', x)} です。`);
    }
    if (rarity) {
      const r = rarity.r;
      out.push(en ? `Rarity ${r.value} of 100 at detection${r.baseline ? ` (${r.baseline})` : ''}.` : `検知時の希少度は 100 中 ${r.value} でした。`);
    }
    return out.join(en ? ' ' : '');
  };
  return { question: { en: `What is known of ${d.label.en}?`, ja: `${d.label.ja} について何が分かっているか？` }, answer: { en: answer('en'), ja: answer('ja') }, data };
}

function othersStep(d: Dest, x: InvestigationInput): InvestigationStep {
  const mine = new Set(x.groups.map((g) => g.device.id));
  const others = x.sightings.devicesFor(d.key).filter((o) => !mine.has(o.id));
  const items = (lang: Lang) => others.map((o) => (lang === 'en' ? `${o.label} (${o.breaches} ${o.breaches === 1 ? 'breach' : 'breaches'})` : `${o.label}（${o.breaches} 件）`));
  return {
    question: { en: `Which other devices had breaches involving ${d.label.en}?`, ja: `${d.label.ja} に関わる検知が他の端末にもあるか？` },
    answer: others.length
      ? { en: `${list(items('en'), 'en', 5)}.`, ja: `${list(items('ja'), 'ja', 5)} にも検知があります。` }
      : { en: 'No other device had a breach involving it.', ja: '他の端末には、この宛先に関わる検知はありません。' },
    data: { destination: d.key, other_devices: others },
  };
}

function beaconStep(d: Dest): InvestigationStep | undefined {
  let best: Reason | undefined;
  for (const g of d.groups) for (const r of g.best.reasons) if (r.metric === 'beacon_score' && typeof r.value === 'number' && (!best || r.value > (best.value as number))) best = r;
  if (!best) return undefined;
  const v = best.value as number;
  return {
    question: { en: `How regular are the connections to ${d.label.en}?`, ja: `${d.label.ja} への通信はどの程度周期的か？` },
    answer: {
      en: `Beacon score ${v} (1 is perfectly regular)${best.explanation ? `: ${best.explanation}` : ''}.`,
      ja: `ビーコンスコアは ${v} です（1 で完全に周期的）。${v >= 0.8 ? '自動化された定期通信に近い規則性があります。' : ''}`,
    },
    data: { destination: d.key, beacon_score: v, ...(best.explanation ? { explanation: best.explanation } : {}) },
  };
}

// ─── volumes ───────────────────────────────────────────────────────────────────────────────────

function volumeStep(x: InvestigationInput): InvestigationStep | undefined {
  const facts: { kind: 'sent' | 'received' | 'sum' | 'zscore'; value: number; group: Group; span?: number; baseline?: string }[] = [];
  for (const g of x.groups) {
    for (const r of g.best.reasons) {
      if (r.counter || typeof r.value !== 'number') continue;
      if (r.metric === 'conn.orig_bytes') facts.push({ kind: 'sent', value: r.value, group: g });
      else if (r.metric === 'conn.resp_bytes') facts.push({ kind: 'received', value: r.value, group: g });
      else if (/^sum_.*bytes.*_(\d+)s$/.test(r.metric)) facts.push({ kind: 'sum', value: r.value, group: g, span: Number(/_(\d+)s$/.exec(r.metric)![1]) });
      else if (r.metric === 'device_bytes_out_zscore_hour' || r.metric === 'device_bytes_in_zscore_hour') facts.push({ kind: 'zscore', value: r.value, group: g, ...(r.baseline ? { baseline: r.baseline } : {}) });
    }
  }
  if (!facts.length) return undefined;
  facts.sort((a, b) => b.value - a.value);
  const shown = facts.slice(0, 3);
  const line = (f: (typeof facts)[number], lang: Lang) => {
    const en = lang === 'en';
    const dev = deviceLabel(f.group.device);
    const dest = f.group.destination?.hostname || f.group.destination?.ip;
    switch (f.kind) {
      case 'sent':
        return en ? `${dev} sent ${fmtBytes(f.value)} in one connection${dest ? ` to ${dest}` : ''}` : `${dev} が 1 回の接続で${dest ? ` ${dest} へ` : ''} ${fmtBytes(f.value)} を送信`;
      case 'received':
        return en ? `${dev} received ${fmtBytes(f.value)} in one connection${dest ? ` from ${dest}` : ''}` : `${dev} が 1 回の接続で${dest ? ` ${dest} から` : ''} ${fmtBytes(f.value)} を受信`;
      case 'sum':
        return en ? `${fmtBytes(f.value)} in ${fmtAge(f.span! / 86_400, 'en')} (${dev}${dest ? ` → ${dest}` : ''})` : `${fmtAge(f.span! / 86_400, 'ja')}で ${fmtBytes(f.value)}（${dev}${dest ? ` → ${dest}` : ''}）`;
      case 'zscore':
        return en ? `${dev}'s hourly volume was ${f.value.toFixed(1)} standard deviations from its usual${f.baseline ? ` (${f.baseline})` : ''}` : `${dev} の 1 時間あたりの通信量は、通常から標準偏差の ${f.value.toFixed(1)} 倍離れていました`;
    }
  };
  return {
    question: { en: 'How much data was involved?', ja: 'どれだけのデータが関係したか？' },
    answer: { en: shown.map((f) => line(f, 'en')).join('; ') + '.', ja: shown.map((f) => line(f, 'ja')).join('。') + '。' },
    data: { volumes: shown.map((f) => ({ kind: f.kind, value: f.value, device: f.group.device.id, ...(f.span ? { seconds: f.span } : {}), breach: f.group.best.id })) },
  };
}
