import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Breach } from '../schema/breach.js';
import { openStore, type Store } from '../store/index.js';
import { ModelSchema, type Model } from './model-schema.js';
import { storedBreachId, TunedRun, TUNING_NAMESPACE, TuningStore } from './tuning-store.js';

const T = 1_793_000_000;
const MODEL: Model = ModelSchema.parse({
  id: 'device/port-scan',
  name: { en: 'Port scan', ja: 'ポートスキャン' },
  category: 'Device',
  priority: 3,
  on: ['conn'],
  components: [{ metric: 'device_ports_per_hour_zscore', op: '>', value: 6 }],
  description: { en: 'd', ja: 'd' },
  actions: { en: ['a'], ja: ['a'] },
});

function breach(i: number, over: Partial<Breach> = {}): Breach {
  return {
    id: `B${i}`,
    time: T + i,
    model: MODEL.id,
    model_name: MODEL.name,
    category: 'Device',
    mitre: [],
    score: 40 + i,
    device: { id: `dev:${i % 2}`, ip: `10.0.0.${i % 2}` },
    destination: { ip: '192.0.2.1', port: 443 },
    reasons: [],
    uids: [`C${i}`],
    ...over,
  };
}

describe('tuning in the store (DuckDB)', () => {
  let store: Store;
  let now = T;
  const tuning = () => new TuningStore(store, () => now);
  beforeEach(async () => {
    store = await openStore();
    now = T;
  });
  afterEach(() => store.close());

  it('keeps suppressions and audits adding and removing them with before and after', async () => {
    const s = await tuning().addSuppression({ model: 'device/*', device: '10.0.0.1', reason: 'lab scanner', for_seconds: 3600 }, 'alice');
    expect(s).toMatchObject({ model: 'device/*', device: '10.0.0.1', reason: 'lab scanner', created: T, expires: T + 3600, created_by: 'alice' });
    expect(s.id).toMatch(/^s-[0-9a-f]{8}$/);
    now = T + 10;
    const other = await tuning().addSuppression({ destination: '*.example.com', reason: 'CDN', for_seconds: 60 }, 'bob');
    expect(await tuning().suppressions()).toStrictEqual([s, other]);
    now = T + 20;
    expect(await tuning().removeSuppression(s.id, 'carol')).toStrictEqual(s);
    expect(await tuning().suppressions()).toStrictEqual([other]);
    await expect(tuning().removeSuppression(s.id, 'carol')).rejects.toThrow(`there is no suppression ${s.id} (see "mamori suppress list")`);
    expect(await store.audit.list()).toStrictEqual([
      { ts: T, actor: 'alice', action: 'suppression.add', target: s.id, details: { before: null, after: s } },
      { ts: T + 10, actor: 'bob', action: 'suppression.add', target: other.id, details: { before: null, after: other } },
      { ts: T + 20, actor: 'carol', action: 'suppression.remove', target: s.id, details: { before: s, after: null } },
    ]);
  });

  it('refuses a suppression without a criterion, reason or positive duration, storing and auditing nothing', async () => {
    await expect(tuning().addSuppression({ reason: 'x', for_seconds: 60 }, 'a')).rejects.toThrow(/at least one of model, device, peer_group or destination/);
    await expect(tuning().addSuppression({ model: 'a/b', reason: '', for_seconds: 60 }, 'a')).rejects.toThrow(/say why/);
    await expect(tuning().addSuppression({ model: 'a/b', reason: 'r', for_seconds: 0 }, 'a')).rejects.toThrow(/positive time/);
    expect(await store.state.list(TUNING_NAMESPACE)).toStrictEqual([]);
    expect(await store.audit.list()).toStrictEqual([]);
  });

  it('keeps model overrides, checked against the models, merged change by change and audited', async () => {
    await tuning().changeOverride([MODEL], { model: MODEL.id, enabled: false }, 'alice', 'model.disable');
    await tuning().changeOverride([MODEL], { model: MODEL.id, thresholds: { '0': 9 } }, 'bob', 'model.set');
    await expect(tuning().changeOverride([MODEL], { model: MODEL.id, thresholds: { '3': 9 } }, 'bob', 'model.set')).rejects.toThrow(/no component 3/);
    await expect(tuning().changeOverride([MODEL], { model: 'x/y', enabled: true }, 'bob', 'model.enable')).rejects.toThrow(/names the model x\/y/);
    expect(await tuning().overrides()).toStrictEqual([{ model: MODEL.id, enabled: false, thresholds: { '0': 9 } }]);
    expect(await tuning().resetOverride(MODEL.id, 'carol')).toBe(true);
    expect(await tuning().resetOverride(MODEL.id, 'carol')).toBe(false);
    expect((await store.audit.list()).map((e) => [e.actor, e.action, e.target, e.details])).toStrictEqual([
      ['alice', 'model.disable', MODEL.id, { before: null, after: { model: MODEL.id, enabled: false } }],
      ['bob', 'model.set', MODEL.id, { before: { model: MODEL.id, enabled: false }, after: { model: MODEL.id, enabled: false, thresholds: { '0': 9 } } }],
      ['carol', 'model.reset', MODEL.id, { before: { model: MODEL.id, enabled: false, thresholds: { '0': 9 } }, after: null }],
    ]);
  });

  it('says what is wrong with a stored value it cannot read', async () => {
    await store.state.put(TUNING_NAMESPACE, 'suppression/s-bad', { id: 's-bad', reason: 'r' }, 1);
    await expect(tuning().suppressions()).rejects.toThrow(/stored suppression s-bad is not valid: .*expires/);
  });

  it('a tuned run applies the overrides, drops and counts suppressed and low breaches, and stores the rest once', async () => {
    await tuning().changeOverride([MODEL], { model: MODEL.id, thresholds: { '0': 8 }, min_score: 42 }, 'a', 'model.set');
    await tuning().addSuppression({ device: 'dev:1', reason: 'scanner', for_seconds: 3600 }, 'a');
    const run = async () => {
      const r = await TunedRun.open(store, [MODEL], T + 1);
      const kept = [0, 1, 2, 3, 4].map((i) => r.keep(breach(i)));
      await r.finish();
      return { r, kept };
    };
    const { r, kept } = await run();
    expect(r.models[0]!.components[0]!.value).toBe(8);
    expect(MODEL.components[0]!.value).toBe(6);
    expect(kept).toStrictEqual([false, false, true, false, true]);
    expect([r.suppressed, r.belowMinScore, r.stored]).toStrictEqual([2, 1, 2]);
    const stored = await store.breaches.list();
    expect(stored.map((x) => [x.id, x.kind, x.time])).toStrictEqual([
      [storedBreachId(breach(2)), MODEL.id, T + 2],
      [storedBreachId(breach(4)), MODEL.id, T + 4],
    ]);
    expect(stored[0]!.payload).toStrictEqual({ ...breach(2), id: stored[0]!.id });
    // the same input again replaces its breaches instead of adding copies
    await run();
    expect(await store.breaches.list()).toHaveLength(2);
    // the suppression no longer applies once it has expired
    const later = await TunedRun.open(store, [MODEL], T + 3600);
    expect(later.keep(breach(3))).toBe(true);
    await later.finish();
  });

  it('breach ids are stable for the same breach and differ across models, devices, times and evidence', () => {
    const id = storedBreachId(breach(2));
    expect(storedBreachId({ ...breach(2), id: 'B999', score: 1 })).toBe(id);
    for (const other of [breach(2, { model: 'x/y' }), breach(2, { device: { id: 'dev:9', ip: '10.0.0.0' } }), breach(2, { time: T }), breach(2, { uids: ['C0'] })]) expect(storedBreachId(other)).not.toBe(id);
  });
});
