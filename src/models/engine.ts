// Evaluates models on each observation with what learning and the entities know about it, and
// turns the ones that hold into breaches: a score 0–100, the reasons (every component with its
// value, threshold, baseline and confidence) and the evidence uids. Throttled per key (device, or
// device and destination) so one beacon is one breach an hour, not one a minute. Breaches are fed
// back as `breach` observations to models that watch the engine itself (many breaches on a device).
import { METRIC_NAMES, type Metric } from '../learning/index.js';
import type { Breach, Reason } from '../schema/breach.js';
import { ConfigError } from '../schema/errors.js';
import type { Observation } from '../schema/observation.js';
import { compileCompare, type Value } from './compare.js';
import { compileGetter, FACT_NAMES, type EngineFacts, type EvalContext, type Getter } from './facts.js';
import type { Component, Condition, Filter, Model } from './model-schema.js';
import { KeyState, KeyStates } from './key-state.js';
import { SlidingWindow } from './window.js';

export { compare } from './compare.js';
export type { EvalContext } from './facts.js';

/** Keyed state kept per model at most, and devices remembered for idle time (oldest dropped). */
export const MAX_KEYS = 500_000;
export { MAX_EVIDENCE } from './key-state.js';
/** Share of a component's weight it carries with no confidence at all (young deployment, few samples). */
export const NO_CONFIDENCE_SHARE = 0.4;

const DAY = 86_400;
const KNOWN_METRICS = new Set<string>(METRIC_NAMES);

interface Compiled {
  cond: Condition;
  /** the threshold test, prepared once */
  holds: (v: Value) => boolean;
  get?: Getter;
  window?: { span: number; kind: 'count' | 'distinct' | 'sum' };
  /** for filters and early checks: the whole test as one closure (no window conditions here) */
  test: (obs: Observation, ctx: EvalContext, facts: EngineFacts, metrics: readonly Metric[]) => boolean;
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
  windowed: CompiledComponent[];
  /** components read keyed state (windows, key_age_days) */
  statefulComponents: boolean;
  /** required components checked before any state is touched and before windows are fed */
  requiredEarly: CompiledComponent[];
  /** bits of the metrics its plain filters and required conditions read: absent → it cannot hold */
  needsMetrics: number;
  state: KeyStates;
}

export class ModelEngine {
  /** models by observation type, then by direction (internal, outbound, inbound) they can apply to */
  private readonly byType = new Map<string, CompiledModel[][]>();
  private readonly lastSeen = new Map<string, number>();
  private readonly facts: EngineFacts = { idleDays: 0, keyAgeDays: 0 };
  private seq = 0;

  constructor(
    models: readonly Model[],
    private readonly opts: { keep?: (b: Breach) => boolean } = {},
  ) {
    for (const m of models) {
      if (!m.enabled) continue;
      const c = compileModel(m);
      const dirs = directionsOf(m);
      for (const t of m.on) {
        let lists = this.byType.get(t);
        if (!lists) this.byType.set(t, (lists = [[], [], []]));
        for (let d = 0; d < 3; d++) if (dirs[d]) lists[d]!.push(c);
      }
    }
  }

  /** Some model looks at observations of this type (the caller can skip building a context). */
  watches(type: string): boolean {
    return this.byType.has(type);
  }

  evaluate(obs: Observation, ctx: EvalContext, metrics: readonly Metric[]): Breach[] {
    const ts = (obs.record as { ts: number }).ts;
    const prev = this.lastSeen.get(ctx.deviceId);
    this.facts.idleDays = prev === undefined ? 0 : Math.max(0, (ts - prev) / DAY);
    this.lastSeen.set(ctx.deviceId, ts);
    if (prev === undefined && this.lastSeen.size > MAX_KEYS) this.lastSeen.delete(this.lastSeen.keys().next().value!);
    let out = this.run(obs, ctx, metrics);
    const keep = this.opts.keep;
    if (keep && out.length) out = out.filter(keep);
    if (out.length && this.byType.has('breach')) {
      for (const b of out.slice()) {
        const meta = { type: 'breach', record: { ts: b.time, uid: b.id, model: b.model, category: b.category, score: b.score } } as unknown as Observation;
        const more = this.run(meta, ctx, NO_METRICS);
        out.push(...(keep ? more.filter(keep) : more));
      }
    }
    return out;
  }

  private run(obs: Observation, ctx: EvalContext, metrics: readonly Metric[]): Breach[] {
    const lists = this.byType.get(obs.type);
    if (!lists) return NO_BREACHES;
    const dir = !ctx.peerIsExternal ? 0 : ctx.deviceIsOriginator === false ? 2 : 1;
    const models = lists[dir]!;
    let out = NO_BREACHES;
    const r = obs.record as { ts: number; uid?: string };
    const facts = this.facts;
    const present = presentMetrics(metrics);
    next: for (const cm of models) {
      if ((present & cm.needsMetrics) !== cm.needsMetrics) continue;
      for (const any of cm.filters) {
        let ok = false;
        for (let i = 0; i < any.length; i++) if ((ok = any[i]!.test(obs, ctx, facts, metrics))) break;
        if (!ok) continue next;
      }
      // a required condition that does not hold (checked without state) ends the model here: windows
      // count the observations for which the filters and the required conditions hold (TGS requests
      // with RC4 for Kerberoasting, not every Kerberos message), and most models touch no state
      for (let i = 0; i < cm.requiredEarly.length; i++) if (!cm.requiredEarly[i]!.test(obs, ctx, facts, metrics)) continue next;
      const m = cm.model;
      // keyed state before the components only when they need it (windows, key age): most models
      // reach it only when they breach, which keeps the common path to a few closure calls
      let st: KeyState | undefined;
      if (cm.statefulComponents) {
        st = cm.state.get(ctx.deviceId, cm.model.per === 'port' ? String(ctx.destPort) : ctx.peerIp, r.ts);
        if (r.uid) st.addEvidence(r.uid);
        facts.keyAgeDays = (r.ts - st.first) / DAY;
        // windows see every observation that passed the filters, breach or not
        for (const c of cm.windowed) push(st, c, obs, ctx, facts, r.ts);
      }
      let earned = 0;
      let against = 0;
      let held: CompiledComponent[] | undefined;
      for (const c of cm.components) {
        if (!this.value(c, obs, ctx, metrics, st, r.ts)) {
          if (c.required) continue next;
          continue;
        }
        (held ??= []).push(c);
        if (c.counter) against += c.weight * this.hconf; // counter-evidence counts only as far as it is trusted
        else earned += c.weight * (NO_CONFIDENCE_SHARE + (1 - NO_CONFIDENCE_SHARE) * (m.dangerous_in_itself ? 1 : this.hconf));
      }
      if (earned === 0) continue;
      if (!st) {
        st = cm.state.get(ctx.deviceId, cm.model.per === 'port' ? String(ctx.destPort) : ctx.peerIp, r.ts);
        if (r.uid) st.addEvidence(r.uid);
      }
      if (r.ts - st.lastBreach < m.throttle_seconds) continue;
      st.lastBreach = r.ts;
      // reasons are built only for breaches: explanations are the expensive part
      const state = st;
      const reasons = held!.map((c) => this.reason(c, m.per, obs, ctx, metrics, state, r.ts));
      const score = Math.round((m.max_score * Math.max(0, earned - against)) / cm.totalWeight);
      if (out === NO_BREACHES) out = [];
      out.push(this.breach(m, ctx, r.ts, score, reasons, st.evidence()));
    }
    return out;
  }

  // the last value() call's value, confidence and metric: scratch fields keep the hot path free of allocation
  private hv: Value = undefined;
  private hconf = 0;
  private hmetric: Metric | undefined = undefined;

  /** Whether the condition holds for this observation; its value and confidence are left in hv/hconf. */
  private value(c: Compiled, obs: Observation, ctx: EvalContext, metrics: readonly Metric[], st: KeyState | undefined, now: number): boolean {
    const cond = c.cond;
    this.hconf = 1;
    this.hmetric = undefined;
    if (cond.metric) {
      const m = findMetric(metrics, cond.metric);
      if (!m) {
        this.hv = undefined;
        this.hconf = 0;
        return false;
      }
      this.hmetric = m;
      this.hconf = m.confidence;
      return c.holds((this.hv = m.value));
    }
    if (c.window) {
      const w = st?.windows[(c as CompiledComponent).index];
      const n = !w ? 0 : c.window.kind === 'count' ? w.count(now) : c.window.kind === 'distinct' ? w.distinct(now) : w.sum(now);
      return c.holds((this.hv = n));
    }
    return c.holds((this.hv = c.get!(obs, ctx, this.facts)));
  }

  private reason(c: CompiledComponent, per: Model['per'], obs: Observation, ctx: EvalContext, metrics: readonly Metric[], st: KeyState, now: number): Reason {
    const cond = c.cond;
    this.value(c, obs, ctx, metrics, st, now);
    const counter = c.counter ? { counter: true } : {};
    const m = this.hmetric;
    if (m) return { metric: cond.metric!, value: round(m.value), op: cond.op, threshold: cond.value, confidence: round(m.confidence), baseline: m.baseline.text, explanation: m.explanation, ...counter };
    if (c.window) {
      const n = this.hv as number;
      const what = c.window.kind === 'count' ? 'matching observations' : c.window.kind === 'distinct' ? `distinct ${cond.of}` : `total ${cond.of}`;
      const scope = per === 'destination' ? ' for this device and destination' : per === 'port' ? ' for this device and destination port' : ' for this device';
      return { metric: `${c.window.kind}_${cond.of ? cond.of + '_' : ''}${c.window.span}s`, value: n, op: cond.op, threshold: cond.value, confidence: 1, explanation: `${n} ${what}${scope} in the last ${c.window.span} s`, ...counter };
    }
    return { metric: cond.field!, value: shown(this.hv), op: cond.op, threshold: cond.value, confidence: 1, ...counter };
  }

  private breach(m: Model, ctx: EvalContext, ts: number, score: number, reasons: Reason[], uids: readonly string[]): Breach {
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
      ...(m.per === 'port' && ctx.destPort !== undefined ? { destination: { port: ctx.destPort } } : {}),
      ...(m.per === 'destination' ? { destination: { ip: ctx.peerIp, ...(ctx.peerHostname ? { hostname: ctx.peerHostname } : {}), ...(ctx.destPort !== undefined ? { port: ctx.destPort } : {}) } } : {}),
      reasons,
      uids: uids as string[],
      ...(ctx.user ? { user: ctx.user } : {}),
    };
  }
}

const NO_BREACHES: Breach[] = [];
const NO_METRICS: Metric[] = [];

/** A bit per metric name (the first 31 names; later ones are never skipped on, only looked up). */
const METRIC_BITS = new Map<string, number>(METRIC_NAMES.slice(0, 31).map((n, i) => [n, 1 << i]));
function metricBit(name: string): number {
  return METRIC_BITS.get(name) ?? 0;
}
function presentMetrics(metrics: readonly Metric[]): number {
  let bits = 0;
  for (let i = 0; i < metrics.length; i++) bits |= METRIC_BITS.get(metrics[i]!.name) ?? 0;
  return bits;
}

function findMetric(metrics: readonly Metric[], name: string): Metric | undefined {
  for (let i = 0; i < metrics.length; i++) if (metrics[i]!.name === name) return metrics[i];
  return undefined;
}

function push(st: KeyState, c: CompiledComponent, obs: Observation, ctx: EvalContext, facts: EngineFacts, ts: number): void {
  const w = (st.windows[c.index] ??= new SlidingWindow(c.window!.span, c.window!.kind));
  if (c.window!.kind === 'count') return w.push(ts, 1);
  const v = c.get!(obs, ctx, facts);
  const one: string | number | undefined = typeof v === 'object' ? v.join(',') : typeof v === 'boolean' ? String(v) : v;
  if (c.window!.kind === 'sum') w.push(ts, typeof one === 'number' ? one : 0);
  else w.push(ts, one);
}

/** Throws a ConfigError naming the model and the part when it reads an unknown metric, fact or field form. */
export function checkModel(m: Model): void {
  compileModel(m);
}

/**
 * Which directions (internal, outbound, inbound) a model can apply to, from its plain filters on
 * `direction` and `peer_is_external`: most connection models are about one direction, so the
 * engine does not visit them for the others.
 */
function directionsOf(m: Model): [boolean, boolean, boolean] {
  const ok: [boolean, boolean, boolean] = [true, true, true];
  const names = ['internal', 'outbound', 'inbound'];
  for (const f of m.filters) {
    if ('any' in f || f.metric) continue;
    const holds = compileCompare(f.op, f.value);
    if (f.field === 'direction') for (let d = 0; d < 3; d++) ok[d] &&= holds(names[d]);
    if (f.field === 'peer_is_external') for (let d = 0; d < 3; d++) ok[d] &&= holds(d > 0);
  }
  return ok;
}

function compileModel(m: Model): CompiledModel {
  const where = (what: string) => `model ${m.id}, ${what}`;
  const filters = m.filters.map((f: Filter, i) => ('any' in f ? f.any : [f]).map((c) => compileCondition(c, where(`filter ${i + 1}`))));
  if (m.components.every((c) => c.counter)) throw new ConfigError('bad_model', `${where('components')}: at least one component must be evidence for the breach, not only counter-evidence`);
  for (const any of filters) if (any.some((c) => c.window || c.cond.field === 'key_age_days')) throw new ConfigError('bad_model', `${where('filters')}: windows and key_age_days belong in components, not filters`);
  const components = m.components.map((c: Component, index) => ({ ...compileCondition(c, where(`component ${index + 1}`)), index, weight: c.weight, required: c.required, counter: c.counter }));
  return {
    model: m,
    filters,
    components,
    totalWeight: components.reduce((s, c) => s + (c.counter ? 0 : c.weight), 0),
    windowed: components.filter((c) => c.window),
    statefulComponents: components.some((c) => c.window || c.cond.field === 'key_age_days'),
    requiredEarly: components.filter((c) => c.required && !c.window && c.cond.field !== 'key_age_days'),
    needsMetrics: [...m.filters.filter((f): f is Condition => !('any' in f)), ...m.components.filter((c) => c.required)].reduce((bits, c) => bits | (c.metric ? metricBit(c.metric) : 0), 0),
    state: new KeyStates(m.per !== 'device', MAX_KEYS),
  };
}

function compileCondition(cond: Condition, where: string): Compiled {
  const holds = compileCompare(cond.op, cond.value);
  if (cond.metric) {
    const name = cond.metric;
    if (!KNOWN_METRICS.has(name)) throw new ConfigError('bad_model', `${where}: no metric is called ${name} (known: ${METRIC_NAMES.join(', ')})`);
    return {
      cond,
      holds,
      test: (_o, _c, _f, metrics) => {
        const m = findMetric(metrics, name);
        return m !== undefined && holds(m.value);
      },
    };
  }
  const span = cond.count_over_seconds ?? cond.distinct_over_seconds ?? cond.sum_over_seconds;
  const name = cond.field ?? cond.of;
  let get: Getter | undefined;
  if (name !== undefined) {
    get = compileGetter(name);
    if (!get) throw new ConfigError('bad_model', `${where}: ${name} is neither a type.field of an observation nor a known fact (${FACT_NAMES.join(', ')})`);
  }
  const g = get;
  const test: Compiled['test'] = g ? (o, c, f) => holds(g(o, c, f)) : () => false;
  if (span === undefined) return { cond, holds, test, ...(get ? { get } : {}) };
  const kind = cond.count_over_seconds !== undefined ? 'count' : cond.distinct_over_seconds !== undefined ? 'distinct' : 'sum';
  return { cond, holds, test, ...(get ? { get } : {}), window: { span, kind } };
}

function shown(v: Value): string | number | boolean {
  if (v === undefined) return 'absent';
  return Array.isArray(v) ? v.join(',') : (v as string | number | boolean);
}

function round(v: number): number {
  return Math.round(v * 1000) / 1000;
}
