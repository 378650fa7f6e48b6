import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { openStore } from '../store/index.js';
import { metrics } from './metrics.js';
import { PatternOfLife } from './pattern-of-life.js';
import { LearningStateError } from './snapshot.js';
import { officeStream, type Annotated } from './synthetic.js';

const stream = officeStream(11, 25, 3, 3);
const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

function run(p: PatternOfLife, items: readonly Annotated[]): string[] {
  return items.map((a) => {
    p.observe(a.obs, a.ctx);
    return JSON.stringify(metrics(p, a.obs, a.ctx));
  });
}

const whole = new PatternOfLife();
const wholeMetrics = run(whole, stream);
const wholeJson = JSON.stringify(whole.snapshot());

describe('determinism and durability', () => {
  test('replaying the same observations gives a bit-identical snapshot and identical metrics', () => {
    const again = new PatternOfLife();
    expect(run(again, stream)).toStrictEqual(wholeMetrics);
    expect(JSON.stringify(again.snapshot())).toBe(wholeJson);
    // and a snapshot restores to the same snapshot
    expect(JSON.stringify(PatternOfLife.restore(JSON.parse(wholeJson)).snapshot())).toBe(wholeJson);
  });

  test('run half, checkpoint to a DuckDB file, close, reopen, resume, run the rest = uninterrupted', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mamori-learning-'));
    dirs.push(dir);
    const path = join(dir, 'state.duckdb');
    const half = Math.floor(stream.length / 2);
    const first = new PatternOfLife();
    run(first, stream.slice(0, half));
    let store = await openStore({ path });
    await first.checkpoint(store.state, 'learning');
    await store.close();

    store = await openStore({ path });
    const resumed = await PatternOfLife.resume(store.state, 'learning');
    await store.close();
    expect(resumed.position.index).toBe(half);
    const rest = run(resumed, stream.slice(resumed.position.index));
    expect(JSON.stringify(resumed.snapshot())).toBe(wholeJson);
    expect(rest).toStrictEqual(wholeMetrics.slice(half));
  });

  test('kill -9: the last checkpoint (not the final state) plus a replay from its position = uninterrupted', async () => {
    const store = await openStore();
    const doomed = new PatternOfLife();
    const every = 997;
    const crashAt = Math.floor(stream.length * 0.8);
    for (let i = 0; i < crashAt; i++) {
      const a = stream[i]!;
      doomed.observe(a.obs, a.ctx);
      if ((i + 1) % every === 0) await doomed.checkpoint(store.state, 'learning');
    }
    // the process dies here: everything after the last checkpoint is lost
    const resumed = await PatternOfLife.resume(store.state, 'learning');
    expect(resumed.position.index).toBe(Math.floor(crashAt / every) * every);
    const last = stream[resumed.position.index - 1]!.obs.record as { uid: string; ts: number };
    expect(resumed.position).toMatchObject({ uid: last.uid, ts: last.ts });
    run(resumed, stream.slice(resumed.position.index));
    expect(JSON.stringify(resumed.snapshot())).toBe(wholeJson);
    await store.close();
  });

  test('a missing checkpoint is a typed error', async () => {
    const store = await openStore();
    await expect(PatternOfLife.resume(store.state, 'nope')).rejects.toBeInstanceOf(LearningStateError);
    await store.close();
  });
});
