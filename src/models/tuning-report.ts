// The initial-tuning report: after a learning window, which models and devices make the most noise
// and what to change (a threshold, a suppression), as data and in English and Japanese.
import type { Breach } from '../schema/breach.js';
import type { Model } from './model-schema.js';
import { belowMinScore, conditionSubject, formatThreshold, suppressedBy, type ModelOverride, type Suppression } from './tuning.js';

export type Lang = 'en' | 'ja';
type Text = Record<Lang, string>;

export interface TuningOptions {
  /** the loaded models (after overrides): names the component a threshold suggestion is about */
  models?: readonly Model[];
  /** suppressions and overrides in force: breaches they would drop, and disabled models, are left out */
  suppressions?: readonly Suppression[];
  overrides?: readonly ModelOverride[];
  /** epoch seconds for the suppressions' expiry (default: the wall clock) */
  now?: number;
  /** rows of the noisiest models and devices (default 10) */
  top?: number;
  /** devices on the network, when known (default: the devices the breaches are about) */
  devices?: number;
  /** days of learning before tuning means something (default 7): a shorter window is flagged */
  learningDays?: number;
  /** a median score below this is low (default 50) */
  lowScore?: number;
  /** no suppression is suggested where the median score reaches this (default 70) */
  highScore?: number;
  /** a model breaching on at least this share of the devices is widespread (default 0.5) */
  wideShare?: number;
  /** a device (or peer group) with at least this share of a model's breaches dominates it (default 0.5) */
  dominantShare?: number;
  /** fewer breaches of a model than this make no suggestion (default 5) */
  minBreaches?: number;
  /** how long suggested suppressions last (default 30 days) */
  suppressForSeconds?: number;
}

interface ScoreStats {
  breaches: number;
  /** of all breaches in the report */
  share: number;
  max_score: number;
  median_score: number;
}

export interface NoisyModel extends ScoreStats {
  model: string;
  name: Text;
  devices: number;
  /** devices / the devices of the report */
  device_share: number;
}

export interface NoisyDevice extends ScoreStats {
  device: string;
  ip: string;
  hostname?: string;
  peer_group?: string;
  models: number;
  /** the model with most of the device's breaches */
  top_model: string;
}

export type Suggestion = {
  model: string;
  /** how many of the report's breaches it would remove (at most) */
  removes: number;
  why: Text;
} & (
  | { kind: 'raise-threshold'; component: number; subject: string; op: string; current: number; suggested: number }
  | { kind: 'min-score'; min_score: number }
  | { kind: 'suppress'; suppression: { model: string; device?: string; peer_group?: string; for_seconds: number; reason: string } }
);

export interface TuningReport {
  window: {
    from: number;
    to: number;
    days: number;
    breaches: number;
    /** breaches left out because a suppression or override in force drops them */
    left_out: number;
    devices: number;
    models: number;
    /** the window is shorter than the learning window: suggestions are early */
    early: boolean;
  };
  models: NoisyModel[];
  devices: NoisyDevice[];
  suggestions: Suggestion[];
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid]! : Math.round((s[mid - 1]! + s[mid]!) / 2);
}

function quantile(xs: number[], q: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))]!;
}

function stats(bs: readonly Breach[], total: number): ScoreStats {
  const scores = bs.map((b) => b.score);
  return { breaches: bs.length, share: bs.length / total, max_score: Math.max(...scores), median_score: median(scores) };
}

function groupBy<K>(bs: readonly Breach[], key: (b: Breach) => K): Map<K, Breach[]> {
  const m = new Map<K, Breach[]>();
  for (const b of bs) {
    const k = key(b);
    const g = m.get(k);
    if (g) g.push(b);
    else m.set(k, [b]);
  }
  return m;
}

/** The most frequent key and its count. */
function dominant<K>(bs: readonly Breach[], key: (b: Breach) => K | undefined): { key: K; count: number } | undefined {
  let best: { key: K; count: number } | undefined;
  for (const [k, g] of groupBy(bs, key)) if (k !== undefined && (!best || g.length > best.count)) best = { key: k, count: g.length };
  return best;
}

const pct = (x: number) => `${Math.round(x * 100)}%`;
const DAY = 86_400;

/** The next round number above `v` (two significant digits): 7.4 → 7.5, 0.68 → 0.69, 1234 → 1300. */
function roundUp(v: number): number {
  if (v <= 0) return Math.floor(v) + 1;
  const n = Number(v.toPrecision(2));
  return n > v ? n : Number((n + 10 ** (Math.floor(Math.log10(n)) - 1)).toPrecision(12));
}

/**
 * For a widespread low-scoring model: the numeric `>`/`>=` component whose raised threshold would
 * remove most of the low-scoring breaches (above the 90th percentile of their values).
 */
function thresholdSuggestion(model: Model | undefined, bs: Breach[], lowScore: number) {
  if (!model) return undefined;
  const low = bs.filter((b) => b.score < lowScore);
  let best: { component: number; subject: string; op: string; current: number; suggested: number; removes: number } | undefined;
  model.components.forEach((c, i) => {
    if ((c.op !== '>' && c.op !== '>=') || typeof c.value !== 'number') return;
    const subject = conditionSubject(c);
    const valueIn = (b: Breach) => b.reasons.find((r) => r.metric === subject && r.op === c.op && typeof r.value === 'number')?.value as number | undefined;
    const lowValues = low.map(valueIn).filter((v): v is number => v !== undefined);
    if (!lowValues.length) return;
    const suggested = roundUp(quantile(lowValues, 0.9));
    if (suggested <= c.value) return;
    const removes = bs.filter((b) => {
      const v = valueIn(b);
      return v !== undefined && !(c.op === '>' ? v > suggested : v >= suggested);
    }).length;
    if (!best || removes > best.removes) best = { component: i, subject, op: c.op, current: c.value, suggested, removes };
  });
  return best;
}

/**
 * The initial-tuning report over the breaches of a learning window: the noisiest models and devices
 * and what to change. Suggestions: a model breaching on most devices at low scores → raise the
 * threshold of the component that lets the low scores through (or a minimum score when no numeric
 * component does), or suppress it for the peer group that has most of them; a device with most of a
 * model's (not high-scoring, not critical) breaches → suppress the model for that device.
 */
export function tuningReport(all: readonly Breach[], opts: TuningOptions = {}): TuningReport {
  const now = opts.now ?? Date.now() / 1000;
  const lowScore = opts.lowScore ?? 50;
  const highScore = opts.highScore ?? 70;
  const wideShare = opts.wideShare ?? 0.5;
  const dominantShare = opts.dominantShare ?? 0.5;
  const minBreaches = opts.minBreaches ?? 5;
  const forSeconds = opts.suppressForSeconds ?? 30 * DAY;
  const overrides = opts.overrides ?? [];
  const disabled = new Set(overrides.filter((o) => o.enabled === false).map((o) => o.model));
  const kept = all.filter((b) => !disabled.has(b.model) && belowMinScore(b, overrides) === undefined && !suppressedBy(b, opts.suppressions ?? [], now));
  const total = Math.max(1, kept.length);
  const byModel = groupBy(kept, (b) => b.model);
  const byDevice = groupBy(kept, (b) => b.device.id);
  const deviceCount = Math.max(opts.devices ?? 0, byDevice.size, 1);
  const times = kept.map((b) => b.time);
  const from = times.length ? Math.min(...times) : 0;
  const to = times.length ? Math.max(...times) : 0;
  const top = opts.top ?? 10;

  const models: NoisyModel[] = [...byModel].map(([model, bs]) => {
    const devices = new Set(bs.map((b) => b.device.id)).size;
    return { model, name: bs[0]!.model_name, ...stats(bs, total), devices, device_share: devices / deviceCount };
  });
  const devices: NoisyDevice[] = [...byDevice].map(([device, bs]) => {
    const d = bs[bs.length - 1]!.device;
    return {
      device,
      ip: d.ip,
      ...(d.hostname ? { hostname: d.hostname } : {}),
      ...(d.peer_group ? { peer_group: d.peer_group } : {}),
      ...stats(bs, total),
      models: new Set(bs.map((b) => b.model)).size,
      top_model: dominant(bs, (b) => b.model)!.key,
    };
  });
  const noisiest = <T extends ScoreStats>(xs: T[], id: (x: T) => string) => xs.sort((a, b) => b.breaches - a.breaches || id(a).localeCompare(id(b))).slice(0, top);

  const suggestions: Suggestion[] = [];
  const loaded = new Map((opts.models ?? []).map((m) => [m.id, m]));
  for (const m of models) {
    const bs = byModel.get(m.model)!;
    if (bs.length < minBreaches) continue;
    const priority = loaded.get(m.model)?.priority ?? bs[0]!.priority;
    // a critical model is never suggested for suppression
    const critical = priority === 5;
    const spread = `${m.devices}/${deviceCount}`;
    if (m.device_share >= wideShare && m.median_score < lowScore) {
      const why = (en: string, ja: string): Text => ({
        en: `${m.model} breaches on ${spread} devices (${pct(m.device_share)}) at low scores (median ${m.median_score}): ${en}`,
        ja: `${m.model} は ${spread} 台（${pct(m.device_share)}）の端末で低いスコア（中央値 ${m.median_score}）のブリーチを出しています。${ja}`,
      });
      const t = thresholdSuggestion(loaded.get(m.model), bs, lowScore);
      if (t) {
        const { removes, ...rest } = t;
        suggestions.push({
          kind: 'raise-threshold',
          model: m.model,
          removes,
          ...rest,
          why: why(
            `raise component ${t.component} (${t.subject} ${t.op} ${t.current}) to ${t.suggested}, above 90% of the low-scoring values; up to ${removes} of its ${bs.length} breaches would go.`,
            `コンポーネント ${t.component}（${t.subject} ${t.op} ${t.current}）のしきい値を ${t.suggested} に上げてください（低スコアの値の 90% を上回ります）。${bs.length} 件のうち最大 ${removes} 件がなくなります。`,
          ),
        });
      } else {
        const removes = bs.filter((b) => b.score < lowScore).length;
        suggestions.push({
          kind: 'min-score',
          model: m.model,
          removes,
          min_score: lowScore,
          why: why(`keep only its breaches scoring ${lowScore} or more; ${removes} of its ${bs.length} breaches would go.`, `スコア ${lowScore} 以上のブリーチだけを残してください。${bs.length} 件のうち ${removes} 件がなくなります。`),
        });
      }
      const group = dominant(bs, (b) => b.device.peer_group);
      if (!critical && group && group.count / bs.length >= dominantShare) {
        suggestions.push({
          kind: 'suppress',
          model: m.model,
          removes: group.count,
          suppression: { model: m.model, peer_group: group.key, for_seconds: forSeconds, reason: `initial tuning: ${m.model} is routine for peer group ${group.key}` },
          why: why(
            `${group.count} of its ${bs.length} breaches (${pct(group.count / bs.length)}) are on devices of peer group ${group.key}: suppress it there for ${forSeconds / DAY} days.`,
            `${bs.length} 件のうち ${group.count} 件（${pct(group.count / bs.length)}）はピアグループ ${group.key} の端末です。このグループについて ${forSeconds / DAY} 日間抑制してください。`,
          ),
        });
      }
    }
    const dev = dominant(bs, (b) => b.device.id)!;
    const devShare = dev.count / bs.length;
    const devMedian = median(bs.filter((b) => b.device.id === dev.key).map((b) => b.score));
    if (!critical && devMedian < highScore && devShare >= dominantShare) {
      const d = byDevice.get(dev.key)![0]!.device;
      const name = d.hostname ? `${d.hostname} (${d.ip})` : d.ip;
      suggestions.push({
        kind: 'suppress',
        model: m.model,
        removes: dev.count,
        suppression: { model: m.model, device: dev.key, for_seconds: forSeconds, reason: `initial tuning: ${m.model} is routine for ${name}` },
        why: {
          en: `${name} has ${dev.count} of the ${bs.length} breaches of ${m.model} (${pct(devShare)}, median score ${devMedian}): if this is its normal work, suppress the model for this device for ${forSeconds / DAY} days.`,
          ja: `${name} は ${m.model} のブリーチ ${bs.length} 件のうち ${dev.count} 件（${pct(devShare)}、スコア中央値 ${devMedian}）を占めています。通常業務であれば、この端末についてこのモデルを ${forSeconds / DAY} 日間抑制してください。`,
        },
      });
    }
  }
  suggestions.sort((a, b) => b.removes - a.removes || a.model.localeCompare(b.model));

  const days = (to - from) / DAY;
  return {
    window: { from, to, days, breaches: kept.length, left_out: all.length - kept.length, devices: byDevice.size, models: byModel.size, early: days < (opts.learningDays ?? 7) },
    models: noisiest(models, (x) => x.model),
    devices: noisiest(devices, (x) => x.device),
    suggestions,
  };
}

// ─── text renderings ──────────────────────────────────────────────────────────────────────────

/** Each label in English and Japanese, side by side. */
const LABELS = {
  title: {
    en: (r: TuningReport['window']) => `Tuning report: ${r.breaches.toLocaleString('en')} breaches from ${when(r.from)} to ${when(r.to)} UTC (${r.days.toFixed(1)} days) by ${r.models} models on ${r.devices} devices`,
    ja: (r: TuningReport['window']) => `チューニングレポート: ${when(r.from)}〜${when(r.to)} UTC（${r.days.toFixed(1)} 日間）のブリーチ ${r.breaches.toLocaleString('en')} 件（モデル ${r.models} 個、端末 ${r.devices} 台）`,
  },
  leftOut: {
    en: (n: number) => `${n} stored breaches are left out: suppressions or overrides in force drop them.`,
    ja: (n: number) => `保存済みブリーチのうち ${n} 件は、有効な抑制またはオーバーライドにより除外されています。`,
  },
  early: {
    en: (d: number) => `Only ${d.toFixed(1)} days of breaches: tune after a learning window of about a week, or these suggestions follow one unusual day.`,
    ja: (d: number) => `ブリーチは ${d.toFixed(1)} 日分しかありません。約 1 週間の学習期間の後にチューニングしてください。そうでなければ提案は特異な 1 日に基づくことになります。`,
  },
  models: { en: 'Noisiest models', ja: 'ノイズの多いモデル' },
  devices: { en: 'Noisiest devices', ja: 'ノイズの多い端末' },
  modelHead: { en: ['breaches', 'share', 'devices', 'max', 'median', 'model'], ja: ['件数', '割合', '端末', '最大', '中央値', 'モデル'] },
  deviceHead: { en: ['breaches', 'share', 'models', 'max', 'median', 'device', 'top model'], ja: ['件数', '割合', 'モデル数', '最大', '中央値', '端末', '最多のモデル'] },
  suggestions: { en: 'Suggestions', ja: '提案' },
  none: {
    en: "No suggestions: no model breaches on most devices at low scores, and no device has most of a model's breaches below the high scores.",
    ja: '提案はありません。多くの端末で低スコアのブリーチを出すモデルも、高スコア未満のブリーチの大半を 1 台の端末が占めるモデルもありません。',
  },
  empty: {
    en: 'No breaches to tune on: run "mamori analyze <inputs> --db <file>" over a learning window first.',
    ja: 'チューニングの対象となるブリーチがありません。先に学習期間分を "mamori analyze <inputs> --db <file>" で分析してください。',
  },
} as const;

function when(t: number): string {
  return new Date(t * 1000).toISOString().replace('T', ' ').slice(0, 16);
}

function table(head: readonly string[], rows: string[][]): string[] {
  // numbers right-aligned, the last columns (names) left-aligned and unpadded at the end
  const width = (s: string) => [...s].reduce((n, ch) => n + (ch.charCodeAt(0) > 0x2e80 ? 2 : 1), 0);
  const widths = head.map((h, i) => Math.max(width(h), ...rows.map((r) => width(r[i]!))));
  const numeric = (i: number) => rows.every((r) => /^[\d.,%/ -]+$/.test(r[i]!));
  const line = (r: readonly string[]) =>
    '  ' +
    r
      .map((c, i) => {
        const pad = ' '.repeat(widths[i]! - width(c));
        return numeric(i) ? pad + c : i === r.length - 1 ? c : c + pad;
      })
      .join('  ');
  return [line(head), ...rows.map(line)];
}

/** The command that applies a suggestion. */
export function suggestionCommand(s: Suggestion, db = '<file>'): string {
  switch (s.kind) {
    case 'raise-threshold':
      return `mamori models set ${s.model} --component ${s.component} --value ${s.suggested} --db ${db}`;
    case 'min-score':
      return `mamori models set ${s.model} --min-score ${s.min_score} --db ${db}`;
    case 'suppress': {
      const x = s.suppression;
      const target = x.device !== undefined ? `--device ${x.device}` : `--peer-group ${x.peer_group}`;
      return `mamori suppress add --model ${x.model} ${target} --for ${Math.round(x.for_seconds / DAY)}d --reason "${x.reason}" --db ${db}`;
    }
  }
}

/** The report as text for people, in English or Japanese; `db` fills in the commands. */
export function renderTuningReport(r: TuningReport, lang: Lang = 'en', db?: string): string {
  const L = Object.fromEntries(Object.entries(LABELS).map(([k, v]) => [k, v[lang]])) as { [K in keyof typeof LABELS]: (typeof LABELS)[K][Lang] };
  const out: string[] = [];
  if (r.window.left_out) out.push(L.leftOut(r.window.left_out));
  if (!r.window.breaches) return [...out, L.empty].join('\n') + '\n';
  out.unshift(L.title(r.window));
  if (r.window.early) out.push(L.early(r.window.days));
  out.push('', L.models);
  out.push(...table(L.modelHead, r.models.map((m) => [String(m.breaches), pct(m.share), `${m.devices}`, String(m.max_score), String(m.median_score), `${m.model} — ${m.name[lang]}`])));
  out.push('', L.devices);
  out.push(...table(L.deviceHead, r.devices.map((d) => [String(d.breaches), pct(d.share), String(d.models), String(d.max_score), String(d.median_score), d.hostname ? `${d.hostname} (${d.ip})` : d.ip, d.top_model])));
  out.push('', L.suggestions);
  if (!r.suggestions.length) out.push('  ' + L.none);
  r.suggestions.forEach((s, i) => out.push(`  ${i + 1}. ${s.why[lang]}`, `     ${suggestionCommand(s, db)}`));
  return out.join('\n') + '\n';
}
