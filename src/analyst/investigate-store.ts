// The investigation, second part: what an analyst asks of the stored observations once an incident
// exists — what the device did in the hour before and after it began, which other devices reached
// the destination and since when, and what the destination's TLS sessions and certificate say. Each
// answer is a query on the store (counts, top values, the latest session); a question whose data was
// not stored (a run without observations) is skipped rather than answered with "nothing".
import type { Incident, InvestigationStep } from '../schema/incident.js';
import { and, eq, ge, lt, type Condition, type Store } from '../store/index.js';
import { fmtNumber, fmtTime, list, tidyJa, type Lang } from './words.js';

const HOUR = 3600;
/** How far back "who else reached it" looks. */
const LOOKBACK = 14 * 86_400;
/** Reached by at least this many devices outside the incident, a destination is common, not a lead to follow. */
const COMMON_DEVICES = 5;
const MAX_DEVICES = 3;
const MAX_DESTINATIONS = 3;

export interface StoreInvestigationOptions {
  /** minutes east of UTC for the times in the texts */
  offset?: number;
}

export async function investigateInStore(store: Store, incident: Incident, opts: StoreInvestigationOptions = {}): Promise<InvestigationStep[]> {
  const offset = opts.offset ?? 0;
  const steps: InvestigationStep[] = [];
  if ((await store.observations.count('conn', range(incident.start - LOOKBACK, incident.end + HOUR))) === 0) return steps;
  const anchors = await deviceAnchors(store, incident);
  for (const d of incident.devices.slice(0, MAX_DEVICES)) {
    const step = await beforeAfter(store, d, anchors.get(d.ip) ?? incident.start, offset);
    if (step) steps.push(step);
  }
  const seen = new Set<string>();
  const external = incident.destinations
    .filter((x) => x.ip && !incident.devices.some((d) => d.ip === x.ip) && !seen.has(x.ip) && seen.add(x.ip))
    .slice(0, MAX_DESTINATIONS);
  for (const dest of external) {
    steps.push(await whoElse(store, dest.ip!, dest.hostname, incident, offset));
    const tls = await certificate(store, dest.ip!, dest.hostname, offset);
    if (tls) steps.push(tls);
  }
  return steps.map((s) => ({ ...s, question: { en: s.question.en, ja: tidyJa(s.question.ja) }, answer: { en: s.answer.en, ja: tidyJa(s.answer.ja) } }));
}

/** Breaches of an incident read back to find when each device entered it (the incident's first breach may be on another device). */
const MAX_ANCHOR_BREACHES = 500;

/** For each device, the time of the incident's first breach on it or towards it (a host reached by lateral movement). */
async function deviceAnchors(store: Store, incident: Incident): Promise<Map<string, number>> {
  const out = new Map<string, number>();
  for (const id of incident.breaches.slice(0, MAX_ANCHOR_BREACHES)) {
    const b = (await store.breaches.get(id))?.payload as { time?: number; device?: { ip?: string }; destination?: { ip?: string } } | undefined;
    if (typeof b?.time !== 'number') continue;
    for (const ip of [b.device?.ip, b.destination?.ip]) if (ip && !(out.get(ip)! <= b.time)) out.set(ip, b.time);
  }
  return out;
}

function range(from: number, to: number): Condition {
  return and(ge('ts', from), lt('ts', to));
}

async function beforeAfter(store: Store, d: Incident['devices'][number], start: number, offset: number): Promise<InvestigationStep | undefined> {
  const from = eq('id.orig_h', d.ip);
  const before = await store.observations.count('conn', and(from, range(start - HOUR, start)));
  const afterWhere = and(from, range(start, start + HOUR));
  const after = await store.observations.count('conn', afterWhere);
  // a device that opened nothing around the time it entered the incident (a target) has no story here
  if (before === 0 && after === 0) return undefined;
  const top = (await store.observations.topValues('conn', 'id.resp_h', afterWhere, 3)).map((t) => ({ ip: String(t.value), connections: t.count }));
  const label = d.hostname ? `${d.hostname} (${d.ip})` : d.ip;
  const labelJa = d.hostname ? `${d.hostname}（${d.ip}）` : d.ip;
  const when = (lang: Lang) => fmtTime(start, lang, offset);
  const change = before === 0 ? (after > 0 ? 'new' : 'none') : after / before;
  const topEn = top.map((t) => `${t.ip} (${fmtNumber(t.connections)})`);
  const topJa = top.map((t) => `${t.ip}（${fmtNumber(t.connections)} 件）`);
  const en =
    `In the hour before ${when('en')}, ${label} opened ${fmtNumber(before)} ${before === 1 ? 'connection' : 'connections'}; in the hour after, ${fmtNumber(after)}` +
    (typeof change === 'number' && before >= 10 && (change >= 2 || change <= 0.5) ? ` (${change >= 2 ? `${change.toFixed(1)} times as many` : `${Math.round(change * 100)}% of before`})` : '') +
    (top.length ? `. Most contacted after: ${list(topEn, 'en')}.` : '.');
  const ja =
    `${when('ja')} の前の 1 時間に ${labelJa} が開始した接続は ${fmtNumber(before)} 件、後の 1 時間は ${fmtNumber(after)} 件でした` +
    (typeof change === 'number' && before >= 10 && (change >= 2 || change <= 0.5) ? `（${change >= 2 ? `${change.toFixed(1)} 倍` : `以前の ${Math.round(change * 100)}%`}）` : '') +
    (top.length ? `。開始後の主な接続先は ${list(topJa, 'ja')} です。` : '。');
  return {
    question: { en: `What did ${label} do in the hour before and after it entered the incident?`, ja: `インシデントに関わった時点の前後 1 時間に ${labelJa} は何をしていたか？` },
    answer: { en, ja },
    data: { device: d.ip, connections_before: before, connections_after: after, top_after: top },
  };
}

async function whoElse(store: Store, ip: string, hostname: string | undefined, incident: Incident, offset: number): Promise<InvestigationStep> {
  const to = and(eq('id.resp_h', ip), range(incident.start - LOOKBACK, incident.end + HOUR));
  const devices = (await store.observations.topValues('conn', 'id.orig_h', to, 10)).map((t) => ({ ip: String(t.value), connections: t.count }));
  const [first] = await store.observations.select('conn', { where: to, orderBy: [{ field: 'ts' }], limit: 1, fields: ['ts', 'id.orig_h'] });
  const name = hostname ? `${hostname} (${ip})` : ip;
  const nameJa = hostname ? `${hostname}（${ip}）` : ip;
  const inIncident = new Set(incident.devices.map((d) => d.ip));
  const others = devices.filter((d) => !inIncident.has(d.ip));
  const firstText = (lang: Lang) => (first ? fmtTime(first.ts as number, lang, offset) : '');
  const en = !devices.length
    ? `No stored connection reached ${name} from 14 days before the incident to its end.`
    : `${devices.length === 10 ? 'At least 10' : devices.length} ${devices.length === 1 ? 'device' : 'devices'} reached ${name} from 14 days before the incident to its end: ${list(devices.map((d) => `${d.ip} (${fmtNumber(d.connections)} connections)`), 'en', 5)}. ` +
      (others.length >= COMMON_DEVICES
        ? `It is a common destination (${others.length}${devices.length === 10 ? '+' : ''} devices outside this incident), so reaching it is not unusual in itself.`
        : others.length
          ? `${others.length} of them ${others.length === 1 ? 'is' : 'are'} not part of this incident yet — check ${others.length === 1 ? 'it' : 'them'} too.`
          : 'No device outside this incident did.') +
      (first ? ` The first connection was on ${firstText('en')}, from ${String(first['id.orig_h'])}.` : '');
  const ja = !devices.length
    ? `インシデントの 14 日前から終了までに ${nameJa} へ接続した記録はありません。`
    : `インシデントの 14 日前から終了までに ${nameJa} へ接続した端末は ${devices.length === 10 ? '10 台以上' : `${devices.length} 台`}です：${list(devices.map((d) => `${d.ip}（${fmtNumber(d.connections)} 件）`), 'ja', 5, '台')}。` +
      (others.length >= COMMON_DEVICES
        ? `このインシデント以外の ${others.length}${devices.length === 10 ? ' 台以上' : ' 台'}も接続している一般的な宛先であり、接続そのものは異常ではありません。`
        : others.length
          ? `うち ${others.length} 台はまだこのインシデントに含まれていないため、あわせて確認してください。`
          : 'このインシデント以外の端末からの接続はありません。') +
      (first ? `最初の接続は ${firstText('ja')}、${String(first['id.orig_h'])} からでした。` : '');
  return {
    question: { en: `Which devices reached ${name}, and since when?`, ja: `${nameJa} にはどの端末がいつから接続しているか？` },
    answer: { en, ja },
    data: { destination: ip, devices, ...(first ? { first_seen: first.ts, first_device: first['id.orig_h'] } : {}) },
  };
}

async function certificate(store: Store, ip: string, hostname: string | undefined, offset: number): Promise<InvestigationStep | undefined> {
  const [s] = await store.observations.select('ssl', {
    where: eq('id.resp_h', ip),
    orderBy: [{ field: 'ts', direction: 'desc' }],
    limit: 1,
    fields: ['ts', 'version', 'server_name', 'validation_status', 'ja3', 'ja4', 'cert_chain_fps', 'established'],
  });
  if (!s) return undefined;
  const fp = Array.isArray(s.cert_chain_fps) ? (s.cert_chain_fps[0] as string | undefined) : undefined;
  const [c] = fp
    ? await store.observations.select('x509', {
        where: eq('fingerprint', fp),
        limit: 1,
        fields: ['certificate.subject', 'certificate.issuer', 'certificate.not_valid_before', 'certificate.not_valid_after', 'certificate.key_type', 'certificate.key_length', 'san.dns'],
      })
    : [];
  const name = hostname ? `${hostname} (${ip})` : ip;
  const nameJa = hostname ? `${hostname}（${ip}）` : ip;
  const v = (x: unknown) => (x === null || x === undefined ? undefined : String(x));
  const validation = v(s.validation_status);
  const subject = v(c?.['certificate.subject']);
  const issuer = v(c?.['certificate.issuer']);
  const selfSigned = subject !== undefined && subject === issuer;
  const from = c?.['certificate.not_valid_before'] as number | undefined;
  const until = c?.['certificate.not_valid_after'] as number | undefined;
  const en = [
    `The latest TLS session (${fmtTime(s.ts as number, 'en', offset)}) used ${v(s.version) ?? 'an unknown version'}${v(s.server_name) ? ` with server name ${v(s.server_name)}` : ' without a server name (SNI)'}.`,
    subject ? `Certificate subject ${subject}, issued by ${issuer ?? 'unknown'}${selfSigned ? ' (self-signed)' : ''}${from && until ? `, valid ${fmtTime(from, 'en', offset)} to ${fmtTime(until, 'en', offset)}` : ''}.` : fp ? 'Its certificate was not stored.' : 'No certificate was seen (resumed session or TLS 1.3).',
    validation ? `Validation against the trusted roots: ${validation}.` : '',
    v(s.ja3) || v(s.ja4) ? `Client fingerprints: ${[v(s.ja3) && `JA3 ${v(s.ja3)}`, v(s.ja4) && `JA4 ${v(s.ja4)}`].filter(Boolean).join(', ')}.` : '',
  ].filter(Boolean).join(' ');
  const ja = [
    `直近の TLS セッションは ${fmtTime(s.ts as number, 'ja', offset)} のもので、${v(s.version) ?? '不明なバージョン'} を使い、${v(s.server_name) ? `サーバー名は ${v(s.server_name)} でした。` : 'サーバー名（SNI）はありませんでした。'}`,
    subject ? `証明書のサブジェクトは ${subject}、発行者は ${issuer ?? '不明'}${selfSigned ? '（自己署名）' : ''}${from && until ? `、有効期間は ${fmtTime(from, 'ja', offset)} から ${fmtTime(until, 'ja', offset)} まで` : ''}です。` : fp ? '証明書は保存されていません。' : '証明書は観測されていません（セッション再開または TLS 1.3）。',
    validation ? `信頼されたルート証明書による検証結果：${validation}。` : '',
    v(s.ja3) || v(s.ja4) ? `クライアントのフィンガープリント：${[v(s.ja3) && `JA3 ${v(s.ja3)}`, v(s.ja4) && `JA4 ${v(s.ja4)}`].filter(Boolean).join('、')}。` : '',
  ].filter(Boolean).join('');
  return {
    question: { en: `What certificate does ${name} present?`, ja: `${nameJa} はどのような証明書を提示しているか？` },
    answer: { en, ja },
    data: { destination: ip, ...s, ...(c ? { certificate: c } : {}) },
  };
}
