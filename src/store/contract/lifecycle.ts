// Contract: closing, and (for engines that persist) everything surviving close and reopen.
import { describe, expect, test } from 'vitest';
import type { Observation } from '../../schema/observation.js';
import { SAMPLE_RECORDS } from './fixtures.js';
import { expectStoreError, syntheticConn, T0, type StoreFactory } from './harness.js';

export function lifecycleContract(factory: StoreFactory): void {
  describe('lifecycle', () => {
    test('a closed store refuses calls with a typed error; closing twice is harmless', async () => {
      const store = await factory.open();
      await store.close();
      await store.close();
      await expectStoreError(store.observations.count('conn'), 'closed');
      await expectStoreError(store.observations.append([{ type: 'conn', record: syntheticConn(1) }]), 'closed');
      await expectStoreError(store.state.get('a', 'b'), 'closed');
    });

    test('close waits for calls already running', async () => {
      const store = await factory.open();
      const batch: Observation[] = Array.from({ length: 20_000 }, (_, i) => ({ type: 'conn', record: syntheticConn(i) }));
      const appending = store.observations.append(batch);
      await store.close();
      await appending;
    });

    test('the schema version is a positive number', async () => {
      const store = await factory.open();
      expect(await store.schemaVersion()).toBeGreaterThan(0);
      await store.close();
    });

    const persistent = factory.persistent;
    test.runIf(persistent !== undefined)('observations, state, checkpoints, retention and records survive close and reopen', async () => {
      const location = await persistent!.location();
      const first = await persistent!.open(location);
      await first.observations.append([{ type: 'x509', record: SAMPLE_RECORDS.x509, extra: { k: 'v' } }, ...Array.from({ length: 5000 }, (_, i): Observation => ({ type: 'conn', record: syntheticConn(i) }))], { source: 'one' });
      await first.state.put('learning', 'model/a', new Uint8Array([1, 2, 3]), 7);
      await first.state.put('learning', 'model/b', { mean: 1.25 }, 2);
      await first.state.checkpoint('ingest', { offset: 10 });
      await first.state.checkpoint('ingest', { offset: 20 });
      await first.observations.setRetention('conn', 3600);
      await first.quarantine.add([{ source: 's', line: 3, raw: 'r', reason: 'why' }]);
      await first.audit.append({ ts: T0, actor: 'admin', action: 'login' });
      await first.entities.put([{ id: 'device:1', kind: 'device', time: T0, payload: { a: 1 } }]);
      const version = await first.schemaVersion();
      await first.close();

      const again = await persistent!.open(location);
      expect(await again.schemaVersion()).toBe(version);
      expect(await again.observations.count('conn')).toBe(5000);
      expect(await again.observations.select('x509')).toStrictEqual([{ type: 'x509', record: SAMPLE_RECORDS.x509, extra: { k: 'v' }, source: 'one' }]);
      expect(await again.state.list('learning')).toStrictEqual([
        { namespace: 'learning', key: 'model/a', value: new Uint8Array([1, 2, 3]), version: 7 },
        { namespace: 'learning', key: 'model/b', value: { mean: 1.25 }, version: 2 },
      ]);
      expect(await again.state.latestCheckpoint('ingest')).toStrictEqual({ name: 'ingest', seq: 2, payload: { offset: 20 } });
      expect(await again.observations.retention()).toStrictEqual({ conn: 3600 });
      expect(await again.quarantine.count()).toBe(1);
      expect(await again.audit.list()).toStrictEqual([{ ts: T0, actor: 'admin', action: 'login' }]);
      expect((await again.entities.get('device:1'))?.payload).toStrictEqual({ a: 1 });
      await again.observations.append([{ type: 'conn', record: syntheticConn(9) }]);
      expect(await again.observations.count('conn')).toBe(5001);
      await again.close();
    });
  });
}
