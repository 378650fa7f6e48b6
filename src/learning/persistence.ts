// Checkpoints of the learned state in the store, so learning survives restarts.
//
// Replay contract: a checkpoint carries `position` — the number of observations applied (`index`)
// and the uid and ts of the last one. After a crash, resume from the latest checkpoint and feed the
// same ordered input again starting at 0-based index `position.index` (equivalently, everything
// after the observation with that uid/ts). The result is bit-identical to a run that never stopped.
// Checkpoint as often as the input side can re-read (e.g. together with the reader's offsets).
//
// The payload is gzip-compressed JSON bytes: at scale the state is hundreds of MB of JSON, which a
// JSON column would parse and re-serialise for nothing.
import { gunzipSync, gzipSync } from 'node:zlib';
import type { StateStore } from '../store/types.js';
import { LearningStateError, type PatternOfLifeSnapshot } from './snapshot.js';

/** A state snapshot as checkpoint payload bytes: gzip-compressed JSON (fast level: it is written often). */
export function gzipJson(value: unknown): Uint8Array {
  const bytes = gzipSync(Buffer.from(JSON.stringify(value), 'utf8'), { level: 1 });
  return new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

/** The value gzipJson packed; throws on bytes that are not gzip-compressed JSON. */
export function gunzipJson(bytes: Uint8Array): unknown {
  return JSON.parse(gunzipSync(bytes).toString('utf8'));
}

export async function writeCheckpoint(store: StateStore, name: string, snapshot: PatternOfLifeSnapshot): Promise<number> {
  return store.checkpoint(name, gzipJson(snapshot));
}

export async function readCheckpoint(store: StateStore, name: string): Promise<PatternOfLifeSnapshot> {
  const cp = await store.latestCheckpoint(name);
  if (!cp) throw new LearningStateError('no_checkpoint', `no learning checkpoint named ${JSON.stringify(name)} in the store; start learning afresh with new PatternOfLife()`);
  if (!(cp.payload instanceof Uint8Array)) {
    throw new LearningStateError('bad_snapshot', `checkpoint ${JSON.stringify(name)} #${cp.seq} is not a learning checkpoint (expected gzip bytes)`);
  }
  try {
    return gunzipJson(cp.payload) as PatternOfLifeSnapshot;
  } catch (cause) {
    throw new LearningStateError('bad_snapshot', `checkpoint ${JSON.stringify(name)} #${cp.seq} cannot be decoded`, { cause });
  }
}
