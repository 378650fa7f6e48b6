// Contract: learned state and checkpoints.
import { describe, expect, test } from 'vitest';
import type { StateValue } from '../types.js';
import { expectStoreError, freshStore, type StoreFactory } from './harness.js';

export function stateContract(factory: StoreFactory): void {
  describe('state', () => {
    const store = freshStore(factory);

    test('put and get bytes and JSON with their version; a put replaces', async () => {
      const s = store().state;
      const bytes = new Uint8Array([0, 1, 2, 255, 0, 128]);
      await s.put('learning', 'device/10.0.0.1', bytes, 3);
      await s.put('learning', 'org', { counts: [1, 2, 3], name: '東京', nested: { ok: true, none: null } }, 1);
      const got = await s.get('learning', 'device/10.0.0.1');
      expect(got).toStrictEqual({ namespace: 'learning', key: 'device/10.0.0.1', value: bytes, version: 3 });
      expect(got!.value).toBeInstanceOf(Uint8Array);
      expect((await s.get('learning', 'org'))?.value).toStrictEqual({ counts: [1, 2, 3], name: '東京', nested: { ok: true, none: null } });
      await s.put('learning', 'org', [1, 'two'], 2);
      expect(await s.get('learning', 'org')).toStrictEqual({ namespace: 'learning', key: 'org', value: [1, 'two'], version: 2 });
      expect(await s.get('learning', 'missing')).toBeUndefined();
      expect(await s.get('other', 'org')).toBeUndefined();
    });

    test('a large binary value round-trips', async () => {
      const big = new Uint8Array(4 * 1024 * 1024);
      for (let i = 0; i < big.length; i++) big[i] = (i * 31 + (i >> 8)) & 255;
      await store().state.put('models', 'big', big, 1);
      const back = (await store().state.get('models', 'big'))!.value;
      expect(back).toBeInstanceOf(Uint8Array);
      // compared as buffers: a deep equality over 4 million elements takes the test runner seconds
      expect(Buffer.compare(Buffer.from(back as Uint8Array), Buffer.from(big))).toBe(0);
    });

    test('list by prefix, ordered by key, within one namespace; keys with LIKE characters are plain text', async () => {
      const s = store().state;
      for (const key of ['device/2', 'device/1', 'devices%', 'device_x', 'user/1']) await s.put('ns', key, { key }, 1);
      await s.put('other', 'device/9', { key: 'x' }, 1);
      expect((await s.list('ns', 'device/')).map((e) => e.key)).toStrictEqual(['device/1', 'device/2']);
      expect((await s.list('ns', 'device_')).map((e) => e.key)).toStrictEqual(['device_x']);
      expect((await s.list('ns', 'devices%')).map((e) => e.key)).toStrictEqual(['devices%']);
      expect((await s.list('ns')).map((e) => e.key)).toStrictEqual(['device/1', 'device/2', 'device_x', 'devices%', 'user/1']);
      expect((await s.list('ns', 'device/1'))[0]).toStrictEqual({ namespace: 'ns', key: 'device/1', value: { key: 'device/1' }, version: 1 });
      expect(await s.list('empty')).toStrictEqual([]);
    });

    test('delete', async () => {
      const s = store().state;
      await s.put('ns', 'k', { a: 1 }, 1);
      expect(await s.delete('ns', 'k')).toBe(true);
      expect(await s.delete('ns', 'k')).toBe(false);
      expect(await s.get('ns', 'k')).toBeUndefined();
    });

    test('bad arguments are refused with typed errors', async () => {
      const s = store().state;
      await expectStoreError(s.put('', 'k', {}, 1), 'bad_argument');
      await expectStoreError(s.put('ns', 'k', {}, 1.5), 'bad_argument');
      await expectStoreError(s.put('ns', 'k', 'text' as unknown as StateValue, 1), 'bad_value');
      const cyclic: Record<string, unknown> = {};
      cyclic['self'] = cyclic;
      await expectStoreError(s.put('ns', 'k', cyclic, 1), 'bad_value');
      await expectStoreError(s.checkpoint('', {}), 'bad_argument');
    });

    test('checkpoints: numbered per name, the latest wins, bytes or JSON', async () => {
      const s = store().state;
      expect(await s.latestCheckpoint('ingest')).toBeUndefined();
      expect(await s.checkpoint('ingest', { file: 'conn.log', offset: 100 })).toBe(1);
      expect(await s.checkpoint('ingest', { file: 'conn.log', offset: 200 })).toBe(2);
      expect(await s.checkpoint('learning', new Uint8Array([9, 9]))).toBe(1);
      expect(await s.latestCheckpoint('ingest')).toStrictEqual({ name: 'ingest', seq: 2, payload: { file: 'conn.log', offset: 200 } });
      expect(await s.latestCheckpoint('learning')).toStrictEqual({ name: 'learning', seq: 1, payload: new Uint8Array([9, 9]) });
      for (let i = 3; i <= 10; i++) expect(await s.checkpoint('ingest', { offset: i * 100 })).toBe(i);
      expect((await s.latestCheckpoint('ingest'))?.payload).toStrictEqual({ offset: 1000 });
    });

    test('concurrent checkpoints of one name get distinct, increasing numbers', async () => {
      const s = store().state;
      const seqs = await Promise.all(Array.from({ length: 20 }, (_, i) => s.checkpoint('c', { i })));
      expect([...seqs].sort((a, b) => a - b)).toStrictEqual(Array.from({ length: 20 }, (_, i) => i + 1));
      const latest = await s.latestCheckpoint('c');
      expect(latest?.seq).toBe(20);
      expect(latest?.payload).toStrictEqual({ i: seqs.indexOf(20) });
    });
  });
}
