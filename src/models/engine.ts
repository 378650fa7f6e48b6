// Evaluates models on each observation with what learning and the entities know about it, and
// turns the ones that hold into breaches: a score 0–100, the reasons (every component with its
// value, threshold, baseline and confidence) and the evidence uids. Throttled per device and
// destination so one beacon is one breach an hour, not one a minute.
import type { Device } from '../entities/index.js';
import type { Metric } from '../learning/index.js';
import type { Breach, Reason } from '../schema/breach.js';
import type { Observation } from '../schema/observation.js';
import type { Component, Condition, Model } from './model-schema.js';

/** Timestamps kept per model, device and destination for count components. */
export const MAX_COUNTED = 4096;
/** Throttle and count state kept at most (least recently used dropped). */
export const MAX_KEYS = 500_000;

export interface EvalContext {
  deviceId: string;
  deviceIp: string;
  device?: Device;
  peerIp: string;
  peerIsExternal: boolean;
  peerHostname?: string;
  destPort?: number;
}

type Value = number | string | boolean | undefined;

function contextFact(name: string, ctx: EvalContext): Value {
  switch (name) {
    case 'peer_is_external':
      return ctx.peerIsExternal;
    case 'device_type':
      return ctx.device?.type ?? 'unknown';
    case 'dest_port':
      return ctx.destPort;
    case 'peer_hostname':
      return ctx.peerHostname;
    default:
      return undefined;
  }
}

/** `type.field[.sub]` reads the observation when it is of that type; a bare name is a context fact. */
function fieldValue(name: string, obs: Observation, ctx: EvalContext): Value {
  const dot = name.indexOf('.');
  if (dot < 0) return contextFact(name, ctx);
  if (name.slice(0, dot) !== obs.type) return undefined;
  let v: unknown = obs.record;
  for (const part of name.slice(dot + 1).split('.')) v = v && typeof v === 'object' ? (v as Record<string, unknown>)[part] : undefined;
  if (Array.isArray(v)) return v.join(',');
  return typeof v === 'number' || typeof v === 'string' || typeof v === 'boolean' ? v : undefined;
}

export function compare(v: Value, op: Condition['op'], ref: Condition['value']): boolean {
  // an absent value is unequal to anything, and in no list
  if (v === undefined) return op === '!=' || op === 'not-in';
  switch (op) {
    case '>':
      return typeof v === 'number' && v > Number(ref);
    case '>=':
      return typeof v === 'number' && v >= Number(ref);
    case '<':
      return typeof v === 'number' && v < Number(ref);
    case '<=':
      return typeof v === 'number' && v <= Number(ref);
    case '=':
      return v === ref || String(v) === String(ref);
    case '!=':
      return !(v === ref || String(v) === String(ref));
    case 'in':
      return Array.isArray(ref) && ref.includes(String(v));
    case 'not-in':
      return Array.isArray(ref) && !ref.includes(String(v));
    case 'matches':
      return typeof ref === 'string' && wildcard(ref).test(String(v));
  }
}

const wildcards = new Map<string, RegExp>();
function wildcard(p: string): RegExp {
  let re = wildcards.get(p);
  if (!re) wildcards.set(p, (re = new RegExp(`^${p.split('*').map((x) => x.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`, 'i')));
  return re;
}

export class ModelEngine {
  private readonly lastBreach = new Map<string, number>();
  private readonly counts = new Map<string, number[]>();
  private seq = 0;

  constructor(private readonly models: Model[]) {}

  evaluate(obs: Observation, ctx: EvalContext, metrics: readonly Metric[]): Breach[] {
    const out: Breach[] = [];
    const r = obs.record as { ts: number; uid?: string };
    for (const m of this.models) {
      if (!m.enabled || !m.on.includes(obs.type)) continue;
      if (!m.filters.every((f) => this.holds(f, obs, ctx, metrics).ok)) continue;
      const key = m.per === 'device' ? `${m.id}|${ctx.deviceId}` : `${m.id}|${ctx.deviceId}|${ctx.peerIp}`;
      // counting components see every observation that passed the filters
      const times = this.countTimes(key, r.ts);
      const reasons: Reason[] = [];
      let total = 0;
      let held = 0;
      let confSum = 0;
      let confN = 0;
      let missingRequired = false;
      for (const c of m.components) {
        total += c.weight;
        const h = this.holds(c, obs, ctx, metrics, times, r.ts);
        if (!h.ok) {
          if (c.required) missingRequired = true;
          continue;
        }
        held += c.weight;
        confSum += h.confidence;
        confN++;
        reasons.push(h.reason);
      }
      if (missingRequired || !held) continue;
      const last = this.lastBreach.get(key);
      if (last !== undefined && r.ts - last < m.throttle_seconds) continue;
      const confidence = m.dangerous_in_itself ? 1 : confSum / confN;
      const score = Math.max(0, Math.min(100, Math.round(100 * (held / total) * (0.4 + 0.6 * confidence))));
      this.remember(this.lastBreach, key, r.ts);
      out.push({
        id: `B${(++this.seq).toString(36).padStart(8, '0')}`,
        time: r.ts,
        model: m.id,
        model_name: m.name,
        category: m.category,
        mitre: m.mitre,
        score,
        device: { id: ctx.deviceId, ip: ctx.deviceIp, ...(ctx.device?.macs[0] ? { mac: ctx.device.macs[0] } : {}), ...(ctx.device?.hostnames[0] ? { hostname: ctx.device.hostnames[0].name } : {}), ...(ctx.device ? { type: ctx.device.type } : {}) },
        destination: { ip: ctx.peerIp, ...(ctx.peerHostname ? { hostname: ctx.peerHostname } : {}), ...(ctx.destPort !== undefined ? { port: ctx.destPort } : {}) },
        reasons,
        uids: r.uid ? [r.uid] : [],
      });
    }
    return out;
  }

  private holds(c: Component | Condition, obs: Observation, ctx: EvalContext, metrics: readonly Metric[], times?: number[], now?: number): { ok: boolean; confidence: number; reason: Reason } {
    if (c.metric) {
      const m = metrics.find((x) => x.name === c.metric);
      const ok = Boolean(m) && compare(m!.value, c.op, c.value);
      return { ok, confidence: m?.confidence ?? 0, reason: { metric: c.metric, value: m ? round(m.value) : 'absent', op: c.op, threshold: c.value, confidence: m ? round(m.confidence) : 0, ...(m ? { baseline: m.baseline.text, explanation: m.explanation } : {}) } };
    }
    if (c.count_over_seconds !== undefined) {
      const n = times && now !== undefined ? countSince(times, now - c.count_over_seconds) : 0;
      return { ok: compare(n, c.op, c.value), confidence: 1, reason: { metric: `count_${c.count_over_seconds}s`, value: n, op: c.op, threshold: c.value, confidence: 1, explanation: `${n} matching observations for this device and destination in the last ${c.count_over_seconds} s` } };
    }
    const v = fieldValue(c.field!, obs, ctx);
    return { ok: compare(v, c.op, c.value), confidence: 1, reason: { metric: c.field!, value: v ?? 'absent', op: c.op, threshold: c.value, confidence: 1 } };
  }

  private countTimes(key: string, ts: number): number[] {
    let t = this.counts.get(key);
    if (!t) {
      if (this.counts.size >= MAX_KEYS) this.counts.delete(this.counts.keys().next().value!);
      this.counts.set(key, (t = []));
    }
    t.push(ts);
    if (t.length > MAX_COUNTED) t.splice(0, t.length - MAX_COUNTED);
    return t;
  }

  private remember(map: Map<string, number>, key: string, ts: number): void {
    map.delete(key);
    map.set(key, ts);
    if (map.size > MAX_KEYS) map.delete(map.keys().next().value!);
  }
}

function countSince(times: number[], from: number): number {
  let n = 0;
  for (let i = times.length - 1; i >= 0 && times[i]! >= from; i--) n++;
  return n;
}

function round(v: number): number {
  return Math.round(v * 1000) / 1000;
}
