// The live half of `mamori run`: observations as a sensor makes them, through learning and the
// models, with the breaches, the analyst's incidents and the observations written to the store as
// they come, and each breach and changed incident handed on at once (to the response engine, the
// API's stream, notifications). Unlike a capture replay, event time also moves with the clock:
// tick() releases what the short reorder horizon holds even when no new observation arrives.
// What live learning knows is checkpointed to the store and restored on the next start.
import { IncidentBuilder } from '../analyst/index.js';
import type { Model } from '../models/model-schema.js';
import { storedBreachId, TunedRun } from '../models/tuning-store.js';
import type { Breach } from '../schema/breach.js';
import type { Incident } from '../schema/incident.js';
import type { Observation } from '../schema/observation.js';
import { BatchWriter, type Store, type StoredObservation } from '../store/index.js';
import { pipelineCheckpointBytes, resumePipeline } from './checkpoint.js';
import { LearnPipeline, type LearnOptions } from './learn.js';
import { entityRecords, storeIncidents } from './store-results.js';

/** The checkpoint live learning is saved under (apart from batch runs', which are replayed). */
export const LIVE_CHECKPOINT = 'live-pipeline';
/** Wall-clock seconds between checkpoints of what live learning knows. */
const CHECKPOINT_EVERY = 300;
/** Wall-clock seconds between writes of the learned devices and endpoints (the console's device pages). */
const ENTITIES_EVERY = 60;

/** Seconds a live observation may arrive late and still be learned in order. */
export const LIVE_REORDER_HORIZON = 1;
const OBSERVATION_BATCH = 100_000;
/** Engine breach ids remembered for mapping incidents to stored ids (oldest forgotten first). */
const MAX_MAPPED_BREACHES = 200_000;

export interface LiveDetectorOptions {
  store: Store;
  models: readonly Model[];
  localNets?: string[];
  reorderHorizon?: number;
  /** wall clock, epoch seconds (suppressions in force, checkpoint spacing) */
  clock?: () => number;
  /** a breach kept after tuning, with `id` the id it is stored under */
  onBreach?(b: Breach): void;
  /** an incident that is new or changed since the last tick (its breach ids are stored ids) */
  onIncident?(i: Incident): void;
}

export class LiveDetector {
  observations = 0;
  breaches = 0;
  /** whether learning went on from a checkpoint */
  readonly resumed: boolean;
  private readonly analyst: IncidentBuilder;
  private readonly writer: BatchWriter<StoredObservation>;
  private readonly storedIds = new Map<string, string>();
  private readonly seen = new Map<string, string>();
  private changed = false;
  private lastCheckpoint: number;
  private lastEntities = -Infinity;

  private constructor(
    private readonly o: LiveDetectorOptions,
    private readonly tuned: TunedRun,
    private readonly pipeline: LearnPipeline,
    private readonly clock: () => number,
    resumed: boolean,
  ) {
    this.resumed = resumed;
    this.writer = new BatchWriter((batch) => o.store.observations.append(batch), OBSERVATION_BATCH);
    this.analyst = new IncidentBuilder(tuned.models, { context: { entities: pipeline.entities, pol: pipeline.pol } });
    this.lastCheckpoint = clock();
  }

  /** Opens with the store's tuning, going on from what live learning saved last (a restart loses at most CHECKPOINT_EVERY seconds of learning). */
  static async open(o: LiveDetectorOptions): Promise<LiveDetector> {
    const clock = o.clock ?? (() => Date.now() / 1000);
    const tuned = await TunedRun.open(o.store, o.models, clock());
    let self: LiveDetector | undefined;
    const opts: LearnOptions = {
      ...(o.localNets ? { localNets: o.localNets } : {}),
      models: tuned.models,
      reorderHorizon: o.reorderHorizon ?? LIVE_REORDER_HORIZON,
      keepBreach: (b) => tuned.keep(b),
      onBreach: (b) => self!.breach(b),
    };
    const restored = await resumePipeline(o.store.state, opts, LIVE_CHECKPOINT, false);
    self = new LiveDetector(o, tuned, restored ?? new LearnPipeline(opts), clock, restored !== undefined);
    return self;
  }

  get entities(): LearnPipeline['entities'] {
    return this.pipeline.entities;
  }

  get pol(): LearnPipeline['pol'] {
    return this.pipeline.pol;
  }

  push(obs: Observation): void {
    this.observations++;
    this.writer.push(obs as StoredObservation);
    this.pipeline.push(obs);
  }

  /**
   * The clock moved to `now` (event time = the capture host's clock): learn what the horizon
   * released, write what is queued, hand on incidents that changed, checkpoint now and then.
   */
  async tick(now: number): Promise<void> {
    this.pipeline.advance(now);
    this.writer.flush();
    this.tuned.flush();
    if (this.changed) await this.publishIncidents(now);
    if (this.clock() - this.lastCheckpoint >= CHECKPOINT_EVERY) await this.checkpoint();
    if (this.clock() - this.lastEntities >= ENTITIES_EVERY && this.pipeline.observations > 0) await this.storeEntities();
  }

  private async storeEntities(): Promise<void> {
    this.lastEntities = this.clock();
    await this.o.store.entities.put(entityRecords(this.pipeline.entities, this.pipeline.pol));
  }

  /** End: learn everything held, write everything, store the incidents, checkpoint. */
  async close(): Promise<void> {
    this.pipeline.finish();
    await this.publishIncidents(Infinity);
    await Promise.all([this.writer.finish(), this.tuned.finish()]);
    await this.checkpoint();
    await this.storeEntities();
  }

  private async checkpoint(): Promise<void> {
    this.lastCheckpoint = this.clock();
    await this.o.store.state.checkpoint(LIVE_CHECKPOINT, pipelineCheckpointBytes(this.pipeline));
  }

  private breach(b: Breach): void {
    const stored = storedBreachId(b);
    this.storedIds.set(b.id, stored);
    if (this.storedIds.size > MAX_MAPPED_BREACHES) for (const k of [...this.storedIds.keys()].slice(0, MAX_MAPPED_BREACHES / 10)) this.storedIds.delete(k);
    this.breaches++;
    this.analyst.add(b);
    this.changed = true;
    this.o.onBreach?.({ ...b, id: stored });
  }

  private async publishIncidents(now: number): Promise<void> {
    this.changed = false;
    const closed = this.analyst.flush(now);
    const fresh: Incident[] = [];
    for (const i of [...closed, ...this.analyst.incidents()]) {
      const sig = `${i.level}|${i.score}|${i.breaches.length}|${i.end}`;
      if (this.seen.get(i.id) !== sig) fresh.push(i);
      this.seen.set(i.id, sig);
    }
    // a closed incident never changes again: forget it (bounded memory)
    for (const i of closed) this.seen.delete(i.id);
    if (!fresh.length) return;
    // the observations are being stored: the analyst's questions about them can be answered (once the queued ones are written)
    this.writer.flush();
    await this.writer.drained();
    for (const i of await storeIncidents(this.o.store, fresh, this.storedIds, true)) this.o.onIncident?.(i);
  }
}
