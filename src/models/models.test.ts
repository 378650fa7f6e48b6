import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { LearnPipeline } from '../pipeline/learn.js';
import { readInputs } from '../pipeline/read-inputs.js';
import type { Breach } from '../schema/breach.js';
import { DEFAULT_SENSOR_OPTIONS } from '../sensor/sensor.js';
import { simulate } from '../simulate/simulate.js';
import { compare } from './engine.js';
import { loadModels, parseModel } from './library.js';

describe('model format', () => {
  it('loads the built-in library', () => {
    const models = loadModels();
    expect(models.length).toBeGreaterThanOrEqual(40);
    // every category of the issue has models, and ids are unique (loadModels checks) and filed by category
    const categories = new Set(models.map((m) => m.category));
    expect([...categories].sort()).toEqual(['Anomalous Connection', 'Compliance', 'Compromise', 'Credential', 'Device', 'Lateral Movement', 'Unusual Activity']);
    for (const m of models) expect(m.id.split('/')[0]).toBe(m.category.toLowerCase().replace(/ /g, '-'));
    for (const m of models) {
      expect(m.name.ja.length).toBeGreaterThan(0);
      expect(m.actions.ja.length).toBeGreaterThan(0);
    }
  });

  it('says what is wrong with a bad model', () => {
    expect(() => parseModel('id: Bad Id\n', 'x.yaml')).toThrow(/x\.yaml is not a valid model:\n  id: ids look like/);
    expect(() => parseModel('id: a/b\nname: {en: a, ja: b}\ncategory: Compromise\npriority: 3\non: [conn]\ncomponents:\n  - { field: x.y, metric: z, op: ">", value: 1 }\ndescription: {en: a, ja: b}\nactions: {en: [a], ja: [b]}\n', 'y.yaml')).toThrow(/exactly one of field, metric, count_over_seconds/);
  });

  it('compares like the condition says', () => {
    expect(compare(5, '>', 4)).toBe(true);
    expect(compare('CreateServiceW', 'in', ['CreateServiceW', 'StartServiceW'])).toBe(true);
    expect(compare('evil.example.com', 'matches', '*.example.com')).toBe(true);
    expect(compare(undefined, '!=', 'x')).toBe(true);
    expect(compare(undefined, '=', 'x')).toBe(false);
    expect(compare(undefined, 'exists', false)).toBe(true);
    expect(compare('', 'exists', true)).toBe(false);
    expect(compare('bob', 'exists', true)).toBe(true);
  });
});

describe('detection on a simulated office', () => {
  it('every injected attack breaches a relevant model at ≥ 50; benign devices stay below 70', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mamori-models-'));
    const pcap = join(dir, 'office.pcap');
    const sim = simulate({ devices: 14, days: 2, seed: 9, attacks: ['beacon', 'dns-tunnel', 'scan', 'lateral-movement', 'kerberoast'], start: Date.parse('2026-11-02T00:00:00Z') / 1000 }, pcap);
    const breaches: Breach[] = [];
    const p = new LearnPipeline({ models: loadModels(), onBreach: (b) => breaches.push(b) });
    await readInputs([pcap], { sensor: DEFAULT_SENSOR_OPTIONS, onObservation: (o) => p.push(o), onQuarantine: () => undefined });
    p.finish();
    const victim = sim.labels[0]!.device;
    const best = (model: string) => Math.max(0, ...breaches.filter((b) => b.model === model && b.device.ip === victim).map((b) => b.score));
    expect(best('compromise/beaconing-to-rare-external')).toBeGreaterThanOrEqual(50);
    expect(best('compromise/dns-tunnelling')).toBeGreaterThanOrEqual(50);
    expect(Math.max(best('device/network-scan'), best('device/port-scan'))).toBeGreaterThanOrEqual(50);
    expect(best('lateral-movement/remote-service-creation')).toBeGreaterThanOrEqual(70);
    expect(best('lateral-movement/executable-to-admin-share')).toBeGreaterThanOrEqual(70);
    expect(best('credential/kerberoasting')).toBeGreaterThanOrEqual(50);
    // one remote service creation breach per target
    const targets = new Set(breaches.filter((b) => b.model === 'lateral-movement/remote-service-creation').map((b) => b.destination?.ip));
    expect(targets.size).toBe(3);
    // every breach explains itself
    for (const b of breaches) expect(b.reasons.length).toBeGreaterThan(0);
    const benign = breaches.filter((b) => b.device.ip !== victim);
    expect(benign.filter((b) => b.score >= 70)).toEqual([]);
  }, 120_000);
});

describe('peer-group rarity in the whole pipeline', () => {
  it('scores destinations by how many of the device’s behaviour peers reach them', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mamori-peers-'));
    const pcap = join(dir, 'office.pcap');
    simulate({ devices: 16, days: 3, seed: 5, attacks: [], start: Date.parse('2026-11-02T00:00:00Z') / 1000 }, pcap);
    const probe = parseModel(
      "id: device/t-peer-probe\nname: {en: a, ja: あ}\ncategory: Device\npriority: 1\non: [conn]\nfilters:\n  - { field: direction, op: '=', value: outbound }\ncomponents:\n  - { metric: peer_group_dest_rarity, op: '>=', value: 0, weight: 1, required: true }\nthrottle_seconds: 100000000\ndescription: {en: a, ja: あ}\nactions: {en: [a], ja: [あ]}\n",
      'probe.yaml',
    );
    const seen: Breach['reasons'] = [];
    const p = new LearnPipeline({ models: [probe], onBreach: (b) => seen.push(...b.reasons) });
    await readInputs([pcap], { sensor: DEFAULT_SENSOR_OPTIONS, onObservation: (o) => p.push(o), onQuarantine: () => undefined });
    p.finish();
    // groups form after the first day; from then on outbound connections carry the metric
    expect(seen.length).toBeGreaterThan(10);
    for (const r of seen) {
      expect(r.value as number).toBeGreaterThanOrEqual(0);
      expect(r.value as number).toBeLessThanOrEqual(100);
      expect(r.explanation).toMatch(/devices that behave like/);
    }
    // the value is what the explanation says: 100 × (1 − reached / peers); shared SaaS is common among peers
    for (const r of seen) {
      const [, peers, reached] = /among the (\d+) devices .*: (\d+) of them/.exec(r.explanation!)!.map(Number);
      expect(r.value).toBeCloseTo(100 * (1 - reached! / peers!), 2);
    }
    expect(seen.some((r) => (r.value as number) < 50)).toBe(true);
  });
});
