// Records as the pipeline stores them (breaches under their stored ids, incidents naming them,
// devices as entity records), with whatever text the tests need in them.
import { storedBreachId } from '../models/tuning-store.js';
import type { Action } from '../schema/action.js';
import type { Breach } from '../schema/breach.js';
import type { Incident } from '../schema/incident.js';
import type { Store } from '../store/index.js';
import type { ResponseControl } from './response-control.js';

export const T0 = Date.parse('2026-11-03T10:00:00Z') / 1000;

export function breach(o: { device: Breach['device']; time?: number; score?: number; model?: string; destination?: Breach['destination']; reasons?: Breach['reasons']; user?: string }): Breach {
  const b: Breach = {
    id: 'B1',
    time: o.time ?? T0,
    model: o.model ?? 'compromise/beaconing-to-rare-external',
    model_name: { en: 'Beaconing to a rare external endpoint', ja: '希少な外部宛先へのビーコン通信' },
    category: 'Compromise',
    mitre: ['T1071.001'],
    score: o.score ?? 80,
    device: o.device,
    ...(o.destination ? { destination: o.destination } : {}),
    reasons: o.reasons ?? [{ metric: 'beacon_score', value: 0.9, op: '>', threshold: 0.7, confidence: 1 }],
    uids: ['CAbc123'],
    ...(o.user ? { user: o.user } : {}),
    priority: 4,
  };
  return { ...b, id: storedBreachId(b) };
}

export async function putBreaches(store: Store, breaches: Breach[]): Promise<void> {
  await store.breaches.put(breaches.map((b) => ({ id: b.id, kind: b.model, time: b.time, payload: b })));
}

export function incident(id: string, breaches: Breach[], o: { level?: 0 | 1 | 2 | 3; title?: string } = {}): Incident {
  const title = o.title ?? 'Beaconing from a workstation';
  return {
    id,
    level: o.level ?? 2,
    score: 70,
    title: { en: title, ja: title },
    summary: { en: `summary of ${title}`, ja: `${title} の概要` },
    devices: breaches.map((b) => ({ id: b.device.id, ip: b.device.ip, ...(b.device.hostname ? { hostname: b.device.hostname } : {}) })),
    destinations: breaches.flatMap((b) => (b.destination ? [b.destination] : [])),
    breaches: breaches.map((b) => b.id),
    phases: ['command-and-control'],
    mitre: ['T1071.001'],
    start: breaches[0]?.time ?? T0,
    end: breaches.at(-1)?.time ?? T0,
    timeline: breaches.map((b) => ({ time: b.time, breach: b.id, model: b.model, phase: 'command-and-control' as const, text: { en: `${b.device.hostname ?? b.device.ip} beacons`, ja: 'ビーコン' } })),
    investigation: [],
    actions: { en: ['Isolate the device.'], ja: ['端末を隔離してください。'] },
  };
}

export async function putIncidents(store: Store, incidents: Incident[]): Promise<void> {
  await store.incidents.put(incidents.map((i) => ({ id: i.id, kind: 'incident', time: i.start, payload: i })));
}

export function action(id: string, device: { id: string; ip: string; hostname?: string }, state: Action['state'] = 'awaiting_confirmation'): Action {
  return {
    id,
    kind: 'quarantine_device',
    mode: 'confirm',
    state,
    target: { device, direction: 'both' },
    cause: { text: { en: 'beaconing', ja: 'ビーコン' } },
    created: T0,
    expires: T0 + 3600,
    duration: 3600,
    executors: [],
    history: [{ time: T0, from: null, to: state, by: 'system', why: 'policy' }],
  };
}

/**
 * A response stage for the tests: actions kept in the store, state changes as src/response makes
 * them (the real engine needs executors and a policy; the API only calls this interface).
 */
export function storeResponse(store: Store, clock = () => T0 + 60): ResponseControl {
  const get = async (id: string) => (await store.actions.get(id))?.payload as Action | undefined;
  const change = async (id: string, to: Action['state'], by: string, why = '', extra: Partial<Action> = {}) => {
    const a = await get(id);
    if (!a) throw new Error(`no action ${id}`);
    const next: Action = { ...a, ...extra, state: to, history: [...a.history, { time: clock(), from: a.state, to, by, why }] };
    await store.actions.put([{ id, kind: next.kind, time: next.created, payload: next }]);
    return next;
  };
  return {
    list: async (q) => (await store.actions.list()).map((r) => r.payload as Action).filter((a) => !q?.state || a.state === q.state).reverse(),
    get,
    confirm: (id, by, why) => change(id, 'active', by, why),
    clear: (id, by, why) => change(id, 'cleared', by, why),
    reactivate: (id, by, why) => change(id, 'active', by, why),
    extend: async (id, seconds, by, why) => change(id, (await get(id))!.state, by, why, { expires: (await get(id))!.expires + seconds }),
  };
}
