// "Try a model against stored history": the stored observations of a period replayed through
// entities, learning and one model (a draft, not saved), so an author sees what it would have
// raised before enabling it. Nothing is written to the store.
import type { Model } from '../models/model-schema.js';
import type { Breach } from '../schema/breach.js';
import type { Observation, ObservationType } from '../schema/observation.js';
import { OBSERVATION_SCHEMAS } from '../schema/registry.js';
import { and, ge, lt, type Condition, type Store } from '../store/index.js';
import { LearnPipeline } from './learn.js';

export interface TryModelOptions {
  /** epoch seconds, inclusive; default: `until` minus one day */
  since?: number;
  /** epoch seconds, exclusive; default: just after the newest stored connection */
  until?: number;
  /** observations replayed at most (the oldest of the period first) */
  maxObservations?: number;
  /** breaches returned at most (the count is exact) */
  maxBreaches?: number;
  localNets?: string[];
}

export interface TryModelResult {
  breaches: Breach[];
  /** every breach the model raised, also those beyond maxBreaches */
  breach_count: number;
  observations_scanned: number;
  /** the period had more observations than maxObservations: only its start was replayed */
  truncated: boolean;
  since: number;
  until: number;
}

export const DEFAULT_MAX_OBSERVATIONS = 200_000;
const DAY = 86_400;

async function newestTime(store: Store): Promise<number | undefined> {
  const [r] = await store.observations.select('conn', { fields: ['ts'], orderBy: [{ field: 'ts', direction: 'desc' }], limit: 1 });
  return typeof r?.ts === 'number' ? r.ts : undefined;
}

export async function tryModel(store: Store, model: Model, o: TryModelOptions = {}): Promise<TryModelResult> {
  const cap = o.maxObservations ?? DEFAULT_MAX_OBSERVATIONS;
  const until = o.until ?? ((await newestTime(store)) ?? Date.now() / 1000) + 1e-6;
  const since = o.since ?? until - DAY;
  const where: Condition = and(ge('ts', since), lt('ts', until));
  // learning needs every kind of observation (names from DNS, certificates, …), not only the model's
  const batches = await Promise.all(
    (Object.keys(OBSERVATION_SCHEMAS) as ObservationType[]).map((type) => store.observations.select(type, { where, orderBy: [{ field: 'ts', direction: 'asc' }], limit: cap + 1 })),
  );
  const all = batches.flat().sort((a, b) => (a.record as { ts: number }).ts - (b.record as { ts: number }).ts);
  const truncated = all.length > cap;
  const replay = truncated ? all.slice(0, cap) : all;

  const maxBreaches = o.maxBreaches ?? 1000;
  const breaches: Breach[] = [];
  let count = 0;
  const pipeline = new LearnPipeline({
    ...(o.localNets ? { localNets: o.localNets } : {}),
    models: [{ ...model, enabled: true }],
    onBreach: (b) => {
      count++;
      if (breaches.length < maxBreaches) breaches.push(b);
    },
  });
  for (const s of replay) pipeline.push({ type: s.type, record: s.record, ...(s.extra ? { extra: s.extra } : {}) } as Observation);
  pipeline.finish();
  return { breaches, breach_count: count, observations_scanned: replay.length, truncated, since, until };
}
