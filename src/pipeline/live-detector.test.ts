import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadModels } from '../models/library.js';
import type { Breach } from '../schema/breach.js';
import type { Incident } from '../schema/incident.js';
import type { Observation } from '../schema/observation.js';
import { DEFAULT_SENSOR_OPTIONS } from '../sensor/sensor.js';
import { simulate } from '../simulate/simulate.js';
import { openStore } from '../store/index.js';
import { LiveDetector } from './live-detector.js';
import { readInputs } from './read-inputs.js';

describe('LiveDetector', () => {
  const dir = mkdtempSync(join(tmpdir(), 'mamori-live-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('publishes stored breaches and changed incidents as the clock moves, and goes on from its checkpoint after a restart', async () => {
    const pcap = join(dir, 'office.pcap');
    simulate({ devices: 10, days: 1, seed: 7, attacks: ['beacon'], start: Date.parse('2026-11-03T00:00:00Z') / 1000 }, pcap);
    const obs: Observation[] = [];
    await readInputs([pcap], { sensor: DEFAULT_SENSOR_OPTIONS, onObservation: (o) => obs.push(o), onQuarantine: () => undefined });
    obs.sort((a, b) => (a.record as { ts: number }).ts - (b.record as { ts: number }).ts);
    const db = join(dir, 'live.duckdb');
    const store = await openStore({ path: db });
    const breaches: Breach[] = [];
    const incidents: Incident[] = [];
    const models = loadModels();
    const clock = () => Date.parse('2026-11-04T00:00:00Z') / 1000;
    const live = await LiveDetector.open({ store, models, clock, onBreach: (b) => breaches.push(b), onIncident: (i) => incidents.push(i) });
    expect(live.resumed).toBe(false);
    // half the day, ticking as a live source would; no breach waits for the end of input
    const half = obs.slice(0, obs.length >> 1);
    let lastTick = 0;
    for (const o of half) {
      live.push(o);
      const ts = (o.record as { ts: number }).ts;
      if (ts - lastTick >= 60) {
        await live.tick(ts);
        lastTick = ts;
      }
    }
    const beforeClose = breaches.length;
    expect(beforeClose).toBeGreaterThan(0);
    expect(incidents.length).toBeGreaterThan(0);
    await live.close();
    for (const b of breaches.slice(0, 20)) expect(await store.breaches.get(b.id)).toBeDefined();
    for (const i of incidents) for (const id of i.breaches) expect(id).toMatch(/^b-/);
    expect(await store.observations.count('conn')).toBeGreaterThan(0);
    // the learned devices are there for the console
    expect((await store.entities.list({ kind: 'device' })).length).toBeGreaterThan(5);
    await store.close();

    // restart: learning goes on from the checkpoint
    const store2 = await openStore({ path: db });
    const live2 = await LiveDetector.open({ store: store2, models, clock });
    expect(live2.resumed).toBe(true);
    expect(live2.entities.devices().length).toBeGreaterThan(5);
    await live2.close();
    await store2.close();
  }, 60_000);
});
