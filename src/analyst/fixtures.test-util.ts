// Hand-made breaches for the analyst's tests, shaped like the engine's: model name, category, MITRE
// ids and priority from the real model library, times in event seconds.
import { loadModels } from '../models/library.js';
import type { Model } from '../models/model-schema.js';
import type { Breach, Reason } from '../schema/breach.js';

export const MODELS: Model[] = loadModels();
export const T0 = Date.parse('2026-11-03T10:00:00Z') / 1000;

const DEVICES: Record<string, { ip: string; hostname?: string; type?: string }> = {
  ws1: { ip: '10.0.0.11', hostname: 'ws1', type: 'client' },
  ws2: { ip: '10.0.0.12', hostname: 'ws2', type: 'client' },
  ws3: { ip: '10.0.0.13', hostname: 'ws3', type: 'client' },
  ws4: { ip: '10.0.0.14', hostname: 'ws4', type: 'client' },
  ws5: { ip: '10.0.0.15', hostname: 'ws5', type: 'client' },
  cam: { ip: '10.0.0.50', type: 'iot' },
  dc: { ip: '10.0.0.2', hostname: 'dc1', type: 'domain-controller' },
};

let seq = 0;

export interface BreachSpec {
  model: string;
  /** a key of DEVICES */
  device: string;
  /** seconds after T0 */
  at?: number;
  score: number;
  dest?: { ip?: string; hostname?: string; port?: number };
  reasons?: Reason[];
}

export function breach(s: BreachSpec): Breach {
  const m = MODELS.find((x) => x.id === s.model);
  if (!m) throw new Error(`no model ${s.model}`);
  const d = DEVICES[s.device];
  if (!d) throw new Error(`no device ${s.device}`);
  const id = `B${String(++seq).padStart(6, '0')}`;
  return {
    id,
    time: T0 + (s.at ?? 0),
    model: m.id,
    model_name: m.name,
    category: m.category,
    mitre: m.mitre,
    priority: m.priority,
    score: s.score,
    device: { id: `dev:${s.device}`, ...d },
    ...(s.dest ? { destination: s.dest } : {}),
    reasons: s.reasons ?? [{ metric: `${m.id.split('/')[1]}_evidence`, value: 1, op: '=', threshold: 1, confidence: 1 }],
    uids: [`C${id}`],
  };
}

/** A reason as the beacon models give it first. */
export const beaconReason = (v = 0.9): Reason => ({ metric: 'beacon_score', value: v, op: '>', threshold: 0.7, confidence: 1, explanation: `ws → peer beacon score ${v}: 99 connections` });
