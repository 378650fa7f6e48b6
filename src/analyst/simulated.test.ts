// End to end on simulated offices: capture → sensor → entities → learning → models → incidents.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { LearnPipeline } from '../pipeline/learn.js';
import { readInputs } from '../pipeline/read-inputs.js';
import type { Breach } from '../schema/breach.js';
import { IncidentSchema, type Incident } from '../schema/incident.js';
import { DEFAULT_SENSOR_OPTIONS } from '../sensor/sensor.js';
import { simulate } from '../simulate/simulate.js';
import type { AttackName } from '../simulate/attacks.js';
import { MODELS } from './fixtures.test-util.js';
import { IncidentBuilder } from './incident-builder.js';

async function office(devices: number, attacks: AttackName[]) {
  const pcap = join(mkdtempSync(join(tmpdir(), 'mamori-analyst-')), 'office.pcap');
  const sim = simulate({ devices, days: 2, seed: 31, attacks, start: Date.parse('2026-11-02T00:00:00Z') / 1000 }, pcap);
  const breaches: Breach[] = [];
  const p = new LearnPipeline({
    models: MODELS,
    onBreach: (b) => {
      breaches.push(b);
      builder.add(b);
    },
  });
  const builder = new IncidentBuilder(MODELS, { context: { entities: p.entities, pol: p.pol } });
  await readInputs([pcap], { sensor: DEFAULT_SENSOR_OPTIONS, onObservation: (o) => p.push(o), onQuarantine: () => undefined });
  p.finish();
  const incidents: Incident[] = builder.flush(Infinity);
  for (const i of incidents) IncidentSchema.parse(i);
  return { sim, breaches, incidents };
}

describe('incidents from a simulated office', () => {
  it('makes the lateral-movement attack one urgent incident with every host it touched', async () => {
    const { sim, breaches, incidents } = await office(14, ['lateral-movement']);
    const label = sim.labels[0]!;
    const targets = label.peer.split(',');
    const onAttack = breaches.filter((b) => b.device.ip === label.device);
    expect(onAttack.length).toBeGreaterThan(5);
    const holding = incidents.filter((i) => onAttack.some((b) => i.breaches.includes(b.id)));
    expect(holding).toHaveLength(1);
    const [attack] = holding as [Incident];
    expect(attack.level).toBeGreaterThanOrEqual(2);
    expect(attack.level).toBe(3);
    expect(attack.breaches).toEqual(expect.arrayContaining(onAttack.map((b) => b.id)));
    expect(attack.phases).toContain('lateral-movement');
    expect(attack.devices.map((d) => d.ip)).toEqual([label.device, ...targets]);
    // the targets are known devices: the entities named them
    expect(attack.devices.every((d) => d.hostname)).toBe(true);
    expect(attack.title.en).toMatch(/^Lateral movement from ws\d+ to 3 hosts/);
    expect(attack.title.ja).toMatch(/^ws\d+ から 3 台のホストへの横展開/);
    expect(attack.investigation.some((s) => s.question.en.startsWith('Which credentials') && s.answer.en.includes('svc_backup'))).toBe(true);
  }, 60_000);

  it('raises no incident at level 2 or more from benign activity', async () => {
    const { breaches, incidents } = await office(20, []);
    // the office has a camera calling its cloud: breaches, grouped, but only to watch
    expect(breaches.length).toBeGreaterThan(5);
    expect(incidents.length).toBeGreaterThan(0);
    expect(incidents.filter((i) => i.level >= 2)).toEqual([]);
    expect(breaches.length / incidents.length).toBeGreaterThan(5);
  }, 60_000);
});
