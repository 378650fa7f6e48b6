// Evaluates models on each observation with what learning and the entities know about it, and
// turns the ones that hold into breaches: a score 0–100, the reasons (every component with its
// value, threshold, baseline and confidence) and the evidence uids. Throttled per key (device, or
// device and destination) so one beacon is one breach an hour, not one a minute. Breaches are fed
// back as `breach` observations to models that watch the engine itself (many breaches on a device).
import { METRIC_NAMES, type Metric } from '../learning/index.js';
import type { Breach, Reason } from '../schema/breach.js';
import { ConfigError } from '../schema/errors.js';
import type { Observation } from '../schema/observation.js';
import { compare, type Value } from './compare.js';
import { compileGetter, FACT_NAMES, type EngineFacts, type EvalContext, type Getter } from './facts.js';
import type { Component, Condition, Filter, Model } from './model-schema.js';
import { SlidingWindow } from './window.js';

export { compare } from './compare.js';
export type { EvalContext } from './facts.js';

/** Window, throttle and device state kept at most (least recently used dropped). */
export const MAX_KEYS = 500_000;
/** Evidence uids a breach carries at most (the most recent matching observations for its key). */
export const MAX_EVIDENCE = 16;
/** Share of a component's weight it carries with no confidence at all (young deployment, few samples). */
export const NO_CONFIDENCE_SHARE = 0.4;

const DAY = 86_400;
const KNOWN_METRICS = new Set<string>(METRIC_NAMES);

interface Compiled {
  cond: Condition;
  get?: Getter;
  window?: { span: number; kind: 'count' | 'distinct' | 'sum' };
}
interface CompiledComponent extends Compiled {
  index: number;
  weight: number;
  required: boolean;
  counter: boolean;
}
interface CompiledModel {
  model: Model;
  filters: Compiled[][];
  components: CompiledComponent[];
  totalWeight: number;
  hasWindows: boolean;
}

interface Held {
  ok: boolean;
  confidence: number;
  reason?: Reason;
}

export class ModelEngine {
  private readonly byType = new Map<string, CompiledModel[]>();
  private readonly lastBreach = new Map<string, number>();
  private readonly windows = new Map<string, SlidingWindow>();
  private readonly evidence = new Map<string, string[]>();
  private readonly lastSeen = new Map<string, number>();
  private readonly firstMatch = new Map<string, number>();
  private readonly facts: EngineFacts = { idleDays: 0, keyAgeDays: 0 };
  private seq = 0;

  constructor(models: readonly Model[]) {
    for (const m of models) {
      if (!m.enabled) continue;
      const c = compileModel(m);
      for (const t of m.on) {
        let list = this.byType.get(t);
        if (!list) this.byType.set(t, (list = []));
        list.push(c);
      }
    }
  }

  evaluate(obs: Observation, ctx: EvalContext, metrics: readonly Metric[]): Breach[] {
    const ts = (obs.record as { ts: number }).ts;
    const prev = this.lastSeen.get(ctx.deviceId);
    this.facts.idleDays = prev === undefined ? 0 : Math.max(0, (ts - prev) / DAY);
    remember(this.lastSeen, ctx.deviceId, ts);
    const out = this.run(obs, ctx, metrics);
    if (out.length && this.byType.has('breach')) {
      for (const b of out.slice()) {
        const meta: Observation = { type: 'breach', record: { ts: b.time, uid: b.id, model: b.model, category: b.category, score: b.score } } as unknown as Observation;
        out.push(...this.run(meta, ctx, []));
      }
    }
    return out;
  }

  private run(obs: Observation, ctx: EvalContext, metrics: readonly Metric[]): Breach[] {
    const models = this.byType.get(obs.type);
    if (!models) return [];
    const out: Breach[] = [];
    const r = obs.record as { ts: number; uid?: string };
    for (const cm of models) {
      const m = cm.model;
      if (!cm.filters.every((any) => any.some((f) => this.test(f, obs, ctx, metrics, '', r.ts, false).ok))) continue;
      const key = m.per === 'device' ? `${m.id}|${ctx.deviceId}` : `${m.id}|${ctx.deviceId}|${ctx.peerIp}`;
      if (r.uid) this.addEvidence(key, r.uid);
      let first = this.firstMatch.get(key);
      if (first === undefined) remember(this.firstMatch, key, (first = r.ts));
      this.facts.keyAgeDays = (r.ts - first) / DAY;
      // windows see every observation that passed the filters, breach or not
      if (cm.hasWindows) for (const c of cm.components) if (c.window) this.push(key, c, obs, ctx, r.ts);
      const reasons: Reason[] = [];
      let earned = 0;
      let against = 0;
      let missingRequired = false;
      for (const c of cm.components) {
        const h = this.test(c, obs, ctx, metrics, key, r.ts, true);
        if (!h.ok) {
          if (c.required) {
            missingRequired = true;
            break;
          }
          continue;
        }
        if (c.counter) {
          // counter-evidence counts only as far as it is trusted: no history, no discount
          against += c.weight * h.confidence;
          reasons.push({ ...h.reason!, counter: true });
          continue;
        }
        const confidence = m.dangerous_in_itself ? 1 : h.confidence;
        earned += c.weight * (NO_CONFIDENCE_SHARE + (1 - NO_CONFIDENCE_SHARE) * confidence);
        reasons.push(h.reason!);
      }
      if (missingRequired || earned === 0) continue;
      earned = Math.max(0, earned - against);
      const last = this.lastBreach.get(key);
      if (last !== undefined && r.ts - last < m.throttle_seconds) continue;
      remember(this.lastBreach, key, r.ts);
      out.push(this.breach(m, ctx, r.ts, Math.round((m.max_score * earned) / cm.totalWeight), reasons, this.evidence.get(key) ?? []));
    }
    return out;
  }

  private breach(m: Model, ctx: EvalContext, ts: number, score: number, reasons: Reason[], uids: string[]): Breach {
    const d = ctx.device;
    return {
      id: `B${(++this.seq).toString(36).padStart(8, '0')}`,
      time: ts,
      model: m.id,
      model_name: m.name,
      category: m.category,
      mitre: m.mitre,
      priority: m.priority,
      score: Math.max(0, Math.min(100, score)),
      device: {
        id: ctx.deviceId,
        ip: ctx.deviceIp,
        ...(d?.macs[0] ? { mac: d.macs[0] } : {}),
        ...(d?.hostnames[0] ? { hostname: d.hostnames[0].name } : {}),
        ...(d ? { type: d.type } : {}),
        ...(ctx.peerGroup ? { peer_group: ctx.peerGroup } : {}),
      },
      ...(m.per === 'destination' ? { destination: { ip: ctx.peerIp, ...(ctx.peerHostname ? { hostname: ctx.peerHostname } : {}), ...(ctx.destPort !== undefined ? { port: ctx.destPort } : {}) } } : {}),
      reasons,
      uids: [...uids],
    };
  }

  private test(c: Compiled, obs: Observation, ctx: EvalContext, metrics: readonly Metric[], key: string, now: number, explain: boolean): Held {
    const cond = c.cond;
    if (cond.metric) {
      const m = metrics.find((x) => x.name === cond.metric);
      const ok = m !== undefined && compare(m.value, cond.op, cond.value);
      if (!ok || !explain) return { ok, confidence: m?.confidence ?? 0 };
      return { ok, confidence: m.confidence, reason: { metric: cond.metric, value: round(m.value), op: cond.op, threshold: cond.value, confidence: round(m.confidence), baseline: m.baseline.text, explanation: m.explanation } };
    }
    if (c.window) {
      const w = this.windows.get(`${key}|${(c as CompiledComponent).index}`);
      const n = !w ? 0 : c.window.kind === 'count' ? w.count(now) : c.window.kind === 'distinct' ? w.distinct(now) : w.sum(now);
      const ok = compare(n, cond.op, cond.value);
      if (!ok || !explain) return { ok, confidence: 1 };
      const what = c.window.kind === 'count' ? 'matching observations' : c.window.kind === 'distinct' ? `distinct ${cond.of}` : `total ${cond.of}`;
      const scope = key.split('|').length > 2 ? 'this device and destination' : 'this device';
      return { ok, confidence: 1, reason: { metric: `${c.window.kind}_${cond.of ? cond.of + '_' : ''}${c.window.span}s`, value: n, op: cond.op, threshold: cond.value, confidence: 1, explanation: `${n} ${what} for ${scope} in the last ${c.window.span} s` } };
    }
    const v = c.get!(obs, ctx, this.facts);
    const ok = compare(v, cond.op, cond.value);
    if (!ok || !explain) return { ok, confidence: 1 };
    return { ok, confidence: 1, reason: { metric: cond.field!, value: shown(v), op: cond.op, threshold: cond.value, confidence: 1 } };
  }

  private push(key: string, c: CompiledComponent, obs: Observation, ctx: EvalContext, ts: number): void {
    const k = `${key}|${c.index}`;
    let w = this.windows.get(k);
    if (!w) {
      w = new SlidingWindow(c.window!.span, c.window!.kind);
      if (this.windows.size >= MAX_KEYS) this.windows.delete(this.windows.keys().next().value!);
    } else this.windows.delete(k); // re-insert: most recently used last
    this.windows.set(k, w);
    const v = c.get ? c.get(obs, ctx, this.facts) : undefined;
    const one: string | number | undefined = typeof v === 'object' ? v.join(',') : typeof v === 'boolean' ? String(v) : v;
    if (c.window!.kind === 'sum') w.push(ts, typeof one === 'number' ? one : 0);
    else w.push(ts, c.window!.kind === 'count' ? 1 : one);
  }

  private addEvidence(key: string, uid: string): void {
    let e = this.evidence.get(key);
    if (!e) {
      if (this.evidence.size >= MAX_KEYS) this.evidence.delete(this.evidence.keys().next().value!);
      this.evidence.set(key, (e = []));
    }
    if (e[e.length - 1] === uid) return;
    e.push(uid);
    if (e.length > MAX_EVIDENCE) e.shift();
  }
}

/** Throws a ConfigError naming the model and the part when it reads an unknown metric, fact or field form. */
export function checkModel(m: Model): void {
  compileModel(m);
}

function compileModel(m: Model): CompiledModel {
  const where = (what: string) => `model ${m.id}, ${what}`;
  const filters = m.filters.map((f: Filter, i) => ('any' in f ? f.any : [f]).map((c) => compileCondition(c, where(`filter ${i + 1}`))));
  if (m.components.every((c) => c.counter)) throw new ConfigError('bad_model', `${where('components')}: at least one component must be evidence for the breach, not only counter-evidence`);
  for (const any of filters) if (any.some((c) => c.window)) throw new ConfigError('bad_model', `${where('filters')}: windows belong in components, not filters`);
  const components = m.components.map((c: Component, index) => ({ ...compileCondition(c, where(`component ${index + 1}`)), index, weight: c.weight, required: c.required, counter: c.counter }));
  return { model: m, filters, components, totalWeight: components.reduce((s, c) => s + (c.counter ? 0 : c.weight), 0), hasWindows: components.some((c) => c.window) };
}

function compileCondition(cond: Condition, where: string): Compiled {
  if (cond.metric) {
    if (!KNOWN_METRICS.has(cond.metric)) throw new ConfigError('bad_model', `${where}: no metric is called ${cond.metric} (known: ${METRIC_NAMES.join(', ')})`);
    return { cond };
  }
  const span = cond.count_over_seconds ?? cond.distinct_over_seconds ?? cond.sum_over_seconds;
  const name = cond.field ?? cond.of;
  let get: Getter | undefined;
  if (name !== undefined) {
    get = compileGetter(name);
    if (!get) throw new ConfigError('bad_model', `${where}: ${name} is neither a type.field of an observation nor a known fact (${FACT_NAMES.join(', ')})`);
  }
  if (span === undefined) return { cond, get };
  const kind = cond.count_over_seconds !== undefined ? 'count' : cond.distinct_over_seconds !== undefined ? 'distinct' : 'sum';
  return { cond, ...(get ? { get } : {}), window: { span, kind } };
}

function remember(map: Map<string, number>, key: string, ts: number): void {
  map.delete(key);
  map.set(key, ts);
  if (map.size > MAX_KEYS) map.delete(map.keys().next().value!);
}

function shown(v: Value): string | number | boolean {
  if (v === undefined) return 'absent';
  return Array.isArray(v) ? v.join(',') : (v as string | number | boolean);
}

function round(v: number): number {
  return Math.round(v * 1000) / 1000;
}
