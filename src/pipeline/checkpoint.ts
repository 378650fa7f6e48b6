// Durable learning at the pipeline level: entities, pattern of life and the replay position saved
// together in the store, so `mamori learn --db` survives a restart (even kill -9). Replay contract:
// the position counts observations APPLIED after the event-time reordering; a resumed pipeline is fed
// the same ordered input again from the start and skips that many, which reproduces the reordering
// exactly (it depends only on the input), so the result equals an uninterrupted run. The models'
// windows and throttles are not in the checkpoint: after a resume they start empty.
import { EntityResolver, type EntitySnapshot } from '../entities/index.js';
import { gunzipJson, gzipJson, LearningStateError, PatternOfLife, type PatternOfLifeSnapshot } from '../learning/index.js';
import type { StateStore } from '../store/types.js';
import { LearnPipeline, type LearnOptions } from './learn.js';

export const PIPELINE_CHECKPOINT = 'learn-pipeline';
const FORMAT = 'mamori-learn-pipeline';

interface PipelineSnapshot {
  format: typeof FORMAT;
  version: 1;
  applied: number;
  entities: EntitySnapshot;
  pol: PatternOfLifeSnapshot;
}

/** The pipeline's state as checkpoint bytes, taken now (synchronously: between two observations). */
export function pipelineCheckpointBytes(p: LearnPipeline): Uint8Array {
  const snap: PipelineSnapshot = { format: FORMAT, version: 1, applied: p.applied, entities: p.entities.snapshot(), pol: p.pol.snapshot() };
  return gzipJson(snap);
}

/**
 * The pipeline of the latest checkpoint, or undefined when there is none. `replay` (default): it
 * will be fed the same input from the start and skips what the checkpoint holds; without, it goes
 * on with new input (live sources, which are never replayed).
 */
export async function resumePipeline(store: StateStore, opts: LearnOptions = {}, name = PIPELINE_CHECKPOINT, replay = true): Promise<LearnPipeline | undefined> {
  const cp = await store.latestCheckpoint(name);
  if (!cp) return undefined;
  let snap: PipelineSnapshot;
  try {
    snap = gunzipJson(cp.payload as Uint8Array) as PipelineSnapshot;
  } catch (cause) {
    throw new LearningStateError('bad_snapshot', `checkpoint ${name} #${cp.seq} cannot be decoded: start afresh with a new database`, { cause });
  }
  if (snap.format !== FORMAT || snap.version !== 1) throw new LearningStateError('bad_snapshot', `checkpoint ${name} #${cp.seq} is not a learn-pipeline checkpoint of version 1`);
  return new LearnPipeline(opts, { entities: EntityResolver.restore(snap.entities), pol: PatternOfLife.restore(snap.pol), applied: replay ? snap.applied : 0 });
}
