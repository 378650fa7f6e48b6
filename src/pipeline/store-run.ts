// Inputs through the whole pipeline into the store: every observation (for search, device pages and
// the graph), breaches with the store's tuning applied, the analyst's incidents naming the stored
// breaches, quarantined input lines, and the devices and endpoints learned. What `mamori serve
// --demo` loads and the console reads.
import { IncidentBuilder } from '../analyst/index.js';
import type { Model } from '../models/model-schema.js';
import { storedBreachId, TunedRun } from '../models/tuning-store.js';
import type { Breach } from '../schema/breach.js';
import type { Incident } from '../schema/incident.js';
import type { Observation } from '../schema/observation.js';
import type { QuarantinedLine } from '../schema/quarantine.js';
import { DEFAULT_SENSOR_OPTIONS } from '../sensor/sensor.js';
import { BatchWriter, type StoredObservation, type Store } from '../store/index.js';
import { LearnPipeline } from './learn.js';
import { readInputs, type ReadInputsSummary } from './read-inputs.js';
import { entityRecords, storeIncidents } from './store-results.js';

/** Observations per append: about DuckDB's row-group size, so rows go straight to the file (src/store/README.md). */
const OBSERVATION_BATCH = 100_000;

export interface StoreRunOptions {
  models: readonly Model[];
  localNets?: string[];
  /** input bytes done and in all */
  onProgress?(done: number, total: number): void;
  onBreach?(b: Breach): void;
  /** epoch seconds at which suppressions must be in force (default: the wall clock now) */
  now?: number;
}

export interface StoreRunResult {
  summary: ReadInputsSummary;
  observations: number;
  breaches: number;
  suppressed: number;
  incidents: Incident[];
  devices: number;
  seconds: number;
}

export async function runIntoStore(paths: string[], store: Store, opts: StoreRunOptions): Promise<StoreRunResult> {
  const started = process.hrtime.bigint();
  const tuned = await TunedRun.open(store, opts.models, opts.now ?? Date.now() / 1000);
  const storedIds = new Map<string, string>();
  const observations = new BatchWriter<StoredObservation>((batch) => store.observations.append(batch), OBSERVATION_BATCH);
  const quarantine = new BatchWriter<QuarantinedLine>((batch) => store.quarantine.add(batch), 10_000);
  let analyst: IncidentBuilder | undefined;
  const pipeline = new LearnPipeline({
    ...(opts.localNets ? { localNets: opts.localNets } : {}),
    models: tuned.models,
    keepBreach: (b) => tuned.keep(b),
    onBreach: (b) => {
      storedIds.set(b.id, storedBreachId(b));
      analyst!.add(b);
      opts.onBreach?.(b);
    },
  });
  analyst = new IncidentBuilder(tuned.models, { context: { entities: pipeline.entities, pol: pipeline.pol } });
  const sensor = { ...DEFAULT_SENSOR_OPTIONS, checksums: 'auto' as const, ...(opts.localNets ? { localNets: opts.localNets } : {}) };
  const summary = await readInputs(paths, {
    sensor,
    onObservation: (o: Observation) => {
      observations.push(o as StoredObservation);
      pipeline.push(o);
    },
    onQuarantine: (q) => quarantine.push(q),
    ...(opts.onProgress ? { onProgress: opts.onProgress } : {}),
  });
  pipeline.finish();
  await Promise.all([observations.finish(), quarantine.finish(), tuned.finish()]);
  const incidents = await storeIncidents(store, analyst.flush(Infinity), storedIds, true);
  const entities = entityRecords(pipeline.entities, pipeline.pol);
  await store.entities.put(entities);
  return {
    summary,
    observations: observations.written,
    breaches: tuned.stored,
    suppressed: tuned.suppressed,
    incidents,
    devices: entities.filter((e) => e.kind === 'device').length,
    seconds: Number(process.hrtime.bigint() - started) / 1e9,
  };
}
