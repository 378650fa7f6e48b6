import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadModels } from '../models/library.js';
import { simulate } from '../simulate/simulate.js';
import { eq, openStore } from '../store/index.js';
import { runIntoStore } from './store-run.js';

describe('runIntoStore', () => {
  const dir = mkdtempSync(join(tmpdir(), 'mamori-store-run-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('leaves observations, breaches, incidents naming stored breaches, and learned devices in the store', async () => {
    const pcap = join(dir, 'office.pcap');
    simulate({ devices: 12, days: 1, seed: 5, attacks: ['beacon', 'dns-tunnel', 'lateral-movement'], start: Date.parse('2026-11-03T00:00:00Z') / 1000 }, pcap);
    const store = await openStore();
    try {
      const r = await runIntoStore([pcap], store, { models: loadModels(), now: Date.parse('2026-11-04T00:00:00Z') / 1000 });
      expect(r.observations).toBe(r.summary.records);
      expect(await store.observations.count('conn')).toBeGreaterThan(1000);
      expect(await store.observations.count('dns', eq('query', 'example.invalid'))).toBe(0);
      expect(r.breaches).toBeGreaterThan(0);
      expect((await store.breaches.list({ limit: 100_000 })).length).toBe(r.breaches);
      const incidents = await store.incidents.list({ limit: 1000 });
      expect(incidents.length).toBe(r.incidents.length);
      expect(incidents.length).toBeGreaterThan(0);
      // every breach an incident names is a stored breach
      for (const i of incidents) for (const id of (i.payload as { breaches: string[] }).breaches) expect(await store.breaches.get(id)).toBeDefined();
      const devices = await store.entities.list({ kind: 'device', limit: 1000 });
      expect(devices.length).toBe(r.devices);
      const busiest = devices.map((d) => d.payload as { ip: string; activity_by_hour?: number[]; baseline_by_hour?: { connections: number[] } }).find((p) => p.activity_by_hour);
      expect(busiest?.activity_by_hour).toHaveLength(24);
      const share = busiest!.activity_by_hour!.reduce((a, b) => a + b, 0);
      expect(share).toBeGreaterThan(0.99);
      expect(share).toBeLessThan(1.01);
      expect(Math.max(...busiest!.baseline_by_hour!.connections)).toBeGreaterThan(0);
      expect((await store.entities.list({ kind: 'endpoint', limit: 10 })).length).toBeGreaterThan(0);
      // the analyst's questions to the stored observations, answered in both languages
      const steps = incidents.flatMap((i) => (i.payload as { investigation: { question: { en: string; ja: string }; answer: { en: string; ja: string }; data?: Record<string, unknown> }[] }).investigation);
      const around = steps.find((s) => s.question.en.includes('in the hour before and after it entered the incident'));
      expect(around?.answer.en).toMatch(/opened \d[\d,]* connections?; in the hour after, \d/);
      expect(around?.answer.ja).toMatch(/前の 1 時間に .* 件/);
      // a host reached by lateral movement is asked about around the time it was reached, not the incident's start
      const lateral = incidents.map((i) => i.payload as { devices: { ip: string }[]; investigation: typeof steps }).find((i) => i.devices.length > 1);
      expect(lateral).toBeDefined();
      expect(lateral!.investigation.filter((s) => s.question.en.includes('entered the incident')).length).toBeGreaterThan(1);
      const who = steps.find((s) => s.question.en.startsWith('Which devices reached'));
      expect((who?.data as { devices: unknown[] }).devices.length).toBeGreaterThan(0);
      const cert = steps.find((s) => s.question.en.startsWith('What certificate'));
      expect(cert?.answer.en).toMatch(/Certificate subject .*issued by/);
      expect(cert?.answer.ja).toContain('証明書のサブジェクト');
    } finally {
      await store.close();
    }
  }, 60_000);
});
